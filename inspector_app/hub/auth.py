"""Checking a station's signed request: who it claims to be, when, a one-time nonce, and an
Ed25519 signature over all of that plus the body. Each refusal says exactly what was wrong."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from inspector_app.sync import wire
from inspector_app.sync.station_key import b64decode

NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
STATION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class AuthError(Exception):
    """Refused: unsigned, stale, unknown or foreign. The message goes back to the station."""


@dataclass(frozen=True)
class SignedRequest:
    station_id: str
    timestamp: str
    nonce: str
    signature: bytes
    method: str
    target: str
    body: bytes


def parse(
    headers: dict[str, str | None], method: str, target: str, body: bytes, now: float | None = None
) -> SignedRequest:
    """The signature headers, checked for presence, shape and freshness (no database needed)."""
    station = headers.get(wire.HEADER_STATION)
    timestamp = headers.get(wire.HEADER_TIMESTAMP)
    nonce = headers.get(wire.HEADER_NONCE)
    signature = headers.get(wire.HEADER_SIGNATURE)
    missing = [
        name
        for name, value in (
            (wire.HEADER_STATION, station),
            (wire.HEADER_TIMESTAMP, timestamp),
            (wire.HEADER_NONCE, nonce),
            (wire.HEADER_SIGNATURE, signature),
        )
        if not value
    ]
    if missing:
        raise AuthError(f"unsigned request: missing {', '.join(missing)}")
    assert station and timestamp and nonce and signature
    if not STATION_RE.match(station):
        raise AuthError(f"malformed {wire.HEADER_STATION}")
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise AuthError(f"malformed {wire.HEADER_TIMESTAMP}: expected Unix seconds")
    skew = abs((now or time.time()) - int(timestamp))
    if skew > wire.TIMESTAMP_WINDOW_S:
        raise AuthError(
            f"request timestamp is {int(skew)} s away from the hub's clock (allowed "
            f"{wire.TIMESTAMP_WINDOW_S} s): replayed, or the station clock is wrong"
        )
    if not NONCE_RE.match(nonce):
        raise AuthError(f"malformed {wire.HEADER_NONCE}: 16-64 base64url characters")
    try:
        raw_signature = b64decode(signature)
    except ValueError:
        raw_signature = b""
    if len(raw_signature) != 64:
        raise AuthError(
            f"malformed {wire.HEADER_SIGNATURE}: expected a base64url Ed25519 signature"
        )
    return SignedRequest(station, timestamp, nonce, raw_signature, method, target, body)


def verify(request: SignedRequest, public_key: bytes | None) -> None:
    """Raise AuthError unless `public_key` (the station's, from enrolment) signed `request`."""
    if public_key is None:
        raise AuthError(f"unknown station {request.station_id!r}: enrol it first")
    message = wire.signing_message(
        request.method,
        request.target,
        request.station_id,
        request.timestamp,
        request.nonce,
        request.body,
    )
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(request.signature, message)
    except InvalidSignature:
        raise AuthError(
            f"signature does not verify with the key enrolled for station {request.station_id!r}"
        ) from None


def verify_proof(public_key: bytes, proof: bytes, token: str) -> bool:
    """Did the enrolling station sign the token with the key it registers?"""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(proof, wire.enrol_message(token))
    except (InvalidSignature, ValueError):
        return False
    return True
