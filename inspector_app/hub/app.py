"""The hub's HTTP API (FastAPI): stations enrol and upload signed batches and evidence;
supervisors query records, route counts and station health. Handlers stay thin: checks are in
`auth`, SQL in `store`, files in `evidence`."""

from __future__ import annotations

import csv
import io
import itertools
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import psycopg
import psycopg_pool
from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, Response

from inspector_app import __version__
from inspector_app.hub import auth, page, store
from inspector_app.hub.db import open_pool
from inspector_app.hub.evidence import EvidenceRejected, EvidenceStore, OffsetMismatch
from inspector_app.hub.schemas import (
    BatchAck,
    BatchIn,
    EnrolIn,
    EnrolOut,
    EvidenceState,
    Health,
    Problem,
    RecordKind,
    RecordOut,
    RouteReport,
    StationHealth,
    Verdict,
)
from inspector_app.sync import wire
from inspector_app.sync.station_key import b64decode

SHA256 = PathParam(pattern=r"^[0-9a-f]{64}$", description="lower-case hex SHA-256 of the file")
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "unsigned, stale, unknown or foreign request"},
    409: {"model": Problem, "description": "replayed nonce"},
    503: {"model": Problem, "description": "database unavailable; retry later"},
}


@dataclass(frozen=True)
class HubConfig:
    database_url: str
    evidence_dir: Path
    pool_size: int = 10


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


async def signed_request(
    request: Request,
    x_inspector_station: Annotated[str | None, Header(description="station id")] = None,
    x_inspector_timestamp: Annotated[str | None, Header(description="Unix seconds")] = None,
    x_inspector_nonce: Annotated[str | None, Header(description="one-time, 16-64 chars")] = None,
    x_inspector_signature: Annotated[
        str | None, Header(description="base64url Ed25519 signature, see docs/hub.md")
    ] = None,
) -> auth.SignedRequest:
    """Header checks that need no database; the signature itself is verified in the handler."""
    body = await request.body()
    raw_path = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string", b"")
    target = raw_path.decode("latin-1") + (("?" + query.decode("latin-1")) if query else "")
    headers = {
        wire.HEADER_STATION: x_inspector_station,
        wire.HEADER_TIMESTAMP: x_inspector_timestamp,
        wire.HEADER_NONCE: x_inspector_nonce,
        wire.HEADER_SIGNATURE: x_inspector_signature,
    }
    try:
        return auth.parse(headers, request.method, target, body)
    except auth.AuthError as exc:
        raise HTTPException(401, str(exc)) from None


Signed = Annotated[auth.SignedRequest, Depends(signed_request)]


def create_app(config: HubConfig) -> FastAPI:
    state: dict = {}
    counter = itertools.count()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        state["pool"] = open_pool(config.database_url, max_size=config.pool_size)
        state["partitions"] = store.PartitionCache()
        state["evidence"] = EvidenceStore(config.evidence_dir)
        try:
            yield
        finally:
            state["pool"].close()

    app = FastAPI(
        title="inspector-app hub",
        version=__version__,
        description="Receives signed record batches and evidence images from screening stations; "
        "answers supervisors' queries. Contract kept in docs/hub-openapi.json.",
        lifespan=lifespan,
    )

    @app.exception_handler(psycopg.OperationalError)
    @app.exception_handler(psycopg_pool.PoolTimeout)
    async def db_down(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(
            {"detail": "database unavailable, retry later"},
            status_code=503,
            headers={"Retry-After": "2"},
        )

    @app.exception_handler(psycopg.DataError)
    async def bad_value(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": f"value cannot be stored: {exc}"}, status_code=422)

    def checked(request: auth.SignedRequest) -> str:
        pool = state["pool"]
        try:
            auth.verify(request, store.station_public_key(pool, request.station_id))
        except auth.AuthError as exc:
            raise HTTPException(401, str(exc)) from None
        return request.station_id

    def use_nonce(request: auth.SignedRequest) -> None:
        try:
            store.use_nonce(state["pool"], request.station_id, request.nonce)
        except store.ReplayError as exc:
            raise HTTPException(409, str(exc)) from None

    @app.post(
        "/v1/enrol",
        response_model=EnrolOut,
        status_code=201,
        responses={401: {"model": Problem}, 422: {"description": "malformed key or proof"}},
        summary="register a station's public key with a one-time token",
    )
    def enrol(body: EnrolIn) -> EnrolOut:
        try:
            public_key = b64decode(body.public_key)
            proof = b64decode(body.proof)
        except ValueError:
            raise HTTPException(422, "public_key and proof must be base64url") from None
        if len(public_key) != 32 or len(proof) != 64:
            raise HTTPException(422, "public_key must be 32 bytes and proof 64 bytes")
        if not auth.verify_proof(public_key, proof, body.token):
            raise HTTPException(401, "proof does not verify: the key does not match its signature")
        try:
            station_id, lane = store.enrol(state["pool"], body.token, public_key)
        except store.EnrolError as exc:
            raise HTTPException(401, str(exc)) from None
        return EnrolOut(station_id=station_id, lane=lane)

    @app.post(
        "/v1/batches",
        response_model=BatchAck,
        responses={**_ERRORS, 422: {"description": "invalid batch"}},
        summary="store a signed batch of records (idempotent per record key)",
    )
    def post_batch(batch: BatchIn, signed: Signed) -> BatchAck:
        station_id = checked(signed)
        problem = store.check_times(batch)
        if problem:
            raise HTTPException(422, problem)
        try:
            ack = store.ingest(state["pool"], state["partitions"], station_id, signed.nonce, batch)
        except store.ReplayError as exc:
            raise HTTPException(409, str(exc)) from None
        if next(counter) % 500 == 0:
            store.prune_nonces(state["pool"])
        return ack

    @app.get(
        "/v1/evidence/{sha256}",
        response_model=EvidenceState,
        responses=_ERRORS,
        summary="how much of an evidence file the hub holds (where to resume)",
    )
    def evidence_state(sha256: Annotated[str, SHA256], signed: Signed) -> EvidenceState:
        station_id = checked(signed)
        use_nonce(signed)
        current = state["evidence"].state(station_id, sha256)
        size = store.evidence_known(state["pool"], station_id, sha256)
        if current.complete and size is None:
            store.record_evidence(state["pool"], station_id, sha256, current.received)
        return EvidenceState(
            sha256=sha256,
            received=current.received,
            size=current.received if current.complete else None,
            complete=current.complete,
        )

    @app.put(
        "/v1/evidence/{sha256}",
        response_model=EvidenceState,
        responses={
            **_ERRORS,
            409: {
                "model": Problem,
                "description": "replayed nonce, or offset not the resume point",
            },
            413: {"model": Problem},
            422: {"description": "size or SHA-256 mismatch: upload discarded"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
        summary="append one chunk of an evidence file; the last chunk is SHA-256 checked",
    )
    def evidence_chunk(
        sha256: Annotated[str, SHA256],
        signed: Signed,
        offset: Annotated[int, Query(ge=0, le=2**40)],
        size: Annotated[int, Query(ge=1, le=2**40)],
    ) -> EvidenceState:
        station_id = checked(signed)
        use_nonce(signed)
        if len(signed.body) > wire.MAX_CHUNK_BYTES:
            raise HTTPException(413, f"chunk larger than {wire.MAX_CHUNK_BYTES} bytes")
        try:
            result = state["evidence"].append(station_id, sha256, offset, size, signed.body)
        except OffsetMismatch as exc:
            raise HTTPException(409, f"{exc}; resume at {exc.received}") from None
        except EvidenceRejected as exc:
            raise HTTPException(422, str(exc)) from None
        if result.complete:
            store.record_evidence(state["pool"], station_id, sha256, result.received)
        return EvidenceState(
            sha256=sha256,
            received=result.received,
            size=size,
            complete=result.complete,
        )

    def _filter(
        station_id: str | None,
        lane: str | None,
        kind: str | None,
        verdict: str | None,
        category: str | None,
        date_from: datetime | None,
        date_to: datetime | None,
    ) -> store.RecordFilter:
        return store.RecordFilter(
            station_id, lane, kind, verdict, category, _utc(date_from), _utc(date_to)
        )

    @app.get("/v1/records", response_model=list[RecordOut], summary="records, newest first")
    def records(
        station_id: Annotated[str | None, Query(max_length=64)] = None,
        lane: Annotated[str | None, Query(max_length=64)] = None,
        kind: RecordKind | None = None,
        verdict: Verdict | None = None,
        category: Annotated[str | None, Query(max_length=64)] = None,
        date_from: datetime | None = None,
        date_to: datetime | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> list[dict]:
        f = _filter(station_id, lane, kind, verdict, category, date_from, date_to)
        return store.query_records(state["pool"], f, limit, offset)

    def _period(date_from: datetime | None, date_to: datetime | None) -> tuple[datetime, datetime]:
        end = _utc(date_to) or datetime.now(UTC)
        start = _utc(date_from) or end - timedelta(days=30)
        return start, end

    @app.get(
        "/v1/reports/routes",
        response_model=RouteReport,
        summary="flagged parcels per origin × destination × category over a period (default 30 d)",
    )
    def routes(date_from: datetime | None = None, date_to: datetime | None = None) -> RouteReport:
        start, end = _period(date_from, date_to)
        rows = store.route_counts(state["pool"], start, end)
        return RouteReport(date_from=start, date_to=end, rows=rows)

    @app.get(
        "/v1/reports/routes.csv",
        response_class=Response,
        responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
        summary="route report as CSV: period, route, category, verdict, count; no personal data",
    )
    def routes_csv(date_from: datetime | None = None, date_to: datetime | None = None) -> Response:
        start, end = _period(date_from, date_to)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "date_from",
                "date_to",
                "origin_country",
                "destination_country",
                "category",
                "verdict",
                "parcels",
            ]
        )
        for row in store.route_counts(state["pool"], start, end):
            writer.writerow(
                [
                    start.isoformat(),
                    end.isoformat(),
                    row["origin_country"] or "",
                    row["destination_country"] or "",
                    row["category"] or "",
                    row["verdict"],
                    row["parcels"],
                ]
            )
        return Response(
            out.getvalue(),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="routes.csv"'},
        )

    @app.get("/v1/stations", response_model=list[StationHealth], summary="station health")
    def stations() -> list[dict]:
        return store.station_health(state["pool"])

    @app.get("/healthz", response_model=Health, summary="liveness and database reachability")
    def healthz() -> Health:
        try:
            with state["pool"].connection(timeout=2.0) as conn:
                conn.execute("SELECT 1")
        except (psycopg.Error, psycopg_pool.PoolTimeout):
            return Health(status="degraded", database=False)
        return Health(status="ok", database=True)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(
        station_id: Annotated[str | None, Query(max_length=64)] = None,
        verdict: Verdict | None = None,
        category: Annotated[str | None, Query(max_length=64)] = None,
        days: Annotated[int, Query(ge=1, le=3660)] = 30,
    ) -> str:
        end = datetime.now(UTC)
        start = end - timedelta(days=days)
        f = store.RecordFilter(
            station_id=station_id or None,
            kind="decision",
            verdict=verdict,
            category=category or None,
            date_from=start,
            date_to=end,
        )
        return page.render(
            stations=store.station_health(state["pool"]),
            routes=store.route_counts(state["pool"], start, end),
            records=store.query_records(state["pool"], f, 50, 0),
            filters={
                "station_id": station_id or "",
                "verdict": verdict or "",
                "category": category or "",
                "days": days,
            },
            period=(start, end),
        )

    return app
