"""What station and hub must agree on byte for byte: canonical JSON, the signed message, header
names, record kinds, limits. Kept free of server libraries so the station imports it without
FastAPI, and the hub imports it from here so the two sides cannot drift apart. The record kinds
are defined with the outbox that validates them (`storage.outbox`) and re-exported here; a test
keeps the hub's schema equal to them."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from inspector_app.storage.outbox import RECORD_KINDS as RECORD_KINDS  # every kind a station sends

PROTOCOL = "inspector-hub-sig-v1"
ENROL_PROTOCOL = "inspector-hub-enrol-v1"

HEADER_STATION = "X-Inspector-Station"
HEADER_TIMESTAMP = "X-Inspector-Timestamp"
HEADER_NONCE = "X-Inspector-Nonce"
HEADER_SIGNATURE = "X-Inspector-Signature"

#: how far a request's timestamp may be from the hub's clock (seconds); nonces are kept this long
TIMESTAMP_WINDOW_S = 300

MAX_BATCH_RECORDS = 1000
MAX_CHUNK_BYTES = 8 * 1024 * 1024


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same value always gives the same bytes to sign."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signing_message(
    method: str, target: str, station_id: str, timestamp: str, nonce: str, body: bytes
) -> bytes:
    """The bytes a station signs: request line, who, when, a one-time nonce and the body's hash.

    `target` is the raw path with its query string exactly as sent (`/v1/evidence/ab?offset=0`).
    Binding method and target stops a signed batch from being replayed to another endpoint;
    timestamp + nonce stop it from being replayed at all.
    """
    digest = hashlib.sha256(body).hexdigest()
    lines = [PROTOCOL, method.upper(), target, station_id, timestamp, nonce, digest]
    return "\n".join(lines).encode()


def enrol_message(token: str) -> bytes:
    """What the station signs at enrolment to prove it holds the private key it registers."""
    return f"{ENROL_PROTOCOL}\n{token}".encode()
