"""The hub's wire format as pydantic models: FastAPI validates requests against them and writes
docs/hub-openapi.json from them, so the contract and the code are one thing."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from inspector_app.sync.wire import MAX_BATCH_RECORDS

RecordKind = Literal[
    "scan", "decision", "revocation", "box_review", "mark", "tip_event", "audit_event"
]
Verdict = Literal["clear", "suspect", "refer"]
Country = str  # ISO 3166-1 alpha-2; validated by the pattern on each field
_COUNTRY = Field(None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
_KEY = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$"
_STATION = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


class Payload(BaseModel):
    """The record's own content. The fields named here are indexed by the hub for queries; any
    other field is kept as sent (JSON) and returned by the records query."""

    model_config = ConfigDict(extra="allow")

    lane: str | None = Field(None, max_length=64, description="screening lane at the station")
    scan_id: str | None = Field(None, max_length=200)
    verdict: Verdict | None = Field(None, description="decision records: the inspector's verdict")
    category: str | None = Field(None, max_length=64, description="customs category if suspect")
    origin_country: Country | None = _COUNTRY
    destination_country: Country | None = _COUNTRY
    revokes: str | None = Field(
        None, max_length=200, description="revocation records: key of the decision revoked"
    )


class RecordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(
        pattern=_KEY, description="idempotency key, unique per station; resending is harmless"
    )
    kind: RecordKind
    occurred_at: AwareDatetime = Field(description="when it happened at the station (with zone)")
    payload: Payload


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: list[RecordIn] = Field(min_length=1, max_length=MAX_BATCH_RECORDS)
    backlog: int = Field(0, ge=0, le=2**31 - 1, description="records still pending after these")


class BatchAck(BaseModel):
    acknowledged: list[str] = Field(description="every key of the batch: stored now or before")
    stored: int = Field(description="records new to the hub")
    duplicates: int = Field(description="records the hub already had (acknowledged again)")


class EnrolIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=16, max_length=200, description="one-time enrolment token")
    public_key: str = Field(
        min_length=43, max_length=44, description="raw Ed25519 public key, base64url"
    )
    proof: str = Field(
        min_length=86,
        max_length=88,
        description="base64url Ed25519 signature of 'inspector-hub-enrol-v1\\n' + token",
    )


class EnrolOut(BaseModel):
    station_id: str
    lane: str | None


class EvidenceState(BaseModel):
    sha256: str
    received: int = Field(description="bytes the hub holds; the next chunk starts here")
    size: int | None = Field(description="total size announced by the station, if known")
    complete: bool


class RecordOut(BaseModel):
    station_id: str
    key: str
    kind: str
    occurred_at: datetime
    received_at: datetime
    lane: str | None
    scan_id: str | None
    verdict: str | None
    category: str | None
    origin_country: str | None
    destination_country: str | None
    payload: dict


class RouteCount(BaseModel):
    origin_country: str | None
    destination_country: str | None
    category: str | None
    verdict: str | None
    parcels: int


class RouteReport(BaseModel):
    date_from: datetime
    date_to: datetime
    rows: list[RouteCount]


class StationHealth(BaseModel):
    station_id: str
    lane: str | None
    enrolled_at: datetime | None
    last_upload_at: datetime | None
    backlog: int | None
    records: int


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    database: bool


class Problem(BaseModel):
    detail: str


STATION_PATTERN = _STATION
