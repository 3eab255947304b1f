"""HTTP client for the hub: every request signed with the station key; errors sorted into
retryable (network, timeouts, 5xx, 408, 429) and permanent (the hub refused: fix, don't repeat)."""

from __future__ import annotations

import secrets
import time
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from inspector_app.storage.outbox import OutboxRecord
from inspector_app.sync import wire
from inspector_app.sync.station_key import public_key_b64, sign_b64

RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}


class HubError(Exception):
    """The hub answered with an error, or could not be reached (`status` None)."""

    def __init__(self, message: str, status: int | None = None, retryable: bool = True) -> None:
        super().__init__(message)
        self.status = status
        self.retryable = retryable


def _verify(ca_bundle: str | None) -> Any:
    return ca_bundle if ca_bundle else True


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    if isinstance(detail, list):  # FastAPI validation errors
        detail = "; ".join(str(d.get("msg", d)) for d in detail[:3] if isinstance(d, dict))
    return str(detail or response.text[:200] or response.reason_phrase)


def _raise_for(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    raise HubError(
        f"hub answered {response.status_code}: {_detail(response)}",
        status=response.status_code,
        retryable=response.status_code in RETRYABLE_STATUS,
    )


def _request(client: httpx.Client, request: httpx.Request) -> httpx.Response:
    try:
        response = client.send(request)
    except httpx.HTTPError as exc:  # connect/read errors, timeouts, resets, protocol errors
        raise HubError(f"hub unreachable: {type(exc).__name__}: {exc}") from exc
    _raise_for(response)
    return response


def enrol(
    hub_url: str, token: str, key: Ed25519PrivateKey, ca_bundle: str | None = None
) -> dict[str, Any]:
    """Register this station's public key with a one-time token; returns station_id and lane."""
    body = {
        "token": token,
        "public_key": public_key_b64(key),
        "proof": sign_b64(key, wire.enrol_message(token)),
    }
    with httpx.Client(base_url=hub_url, verify=_verify(ca_bundle), timeout=30.0) as client:
        return _request(client, client.build_request("POST", "/v1/enrol", json=body)).json()


class HubClient:
    """A signed session with one hub for one enrolled station."""

    def __init__(
        self,
        hub_url: str,
        station_id: str,
        key: Ed25519PrivateKey,
        ca_bundle: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.station_id = station_id
        self._key = key
        self._client = httpx.Client(
            base_url=hub_url,
            verify=_verify(ca_bundle),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _signed(
        self,
        method: str,
        path: str,
        content: bytes = b"",
        params: dict[str, Any] | None = None,
        content_type: str | None = None,
    ) -> httpx.Response:
        """Sign and send; a fresh timestamp and nonce for every attempt, so a retry is never
        mistaken for a replay."""
        request = self._client.build_request(method, path, params=params, content=content)
        timestamp = str(int(time.time()))
        nonce = secrets.token_urlsafe(18)
        target = request.url.raw_path.decode("ascii")
        message = wire.signing_message(method, target, self.station_id, timestamp, nonce, content)
        request.headers[wire.HEADER_STATION] = self.station_id
        request.headers[wire.HEADER_TIMESTAMP] = timestamp
        request.headers[wire.HEADER_NONCE] = nonce
        request.headers[wire.HEADER_SIGNATURE] = sign_b64(self._key, message)
        if content_type:
            request.headers["Content-Type"] = content_type
        return _request(self._client, request)

    def post_batch(self, records: list[OutboxRecord], backlog: int) -> dict[str, Any]:
        body = wire.canonical_json(
            {"records": [r.to_wire() for r in records], "backlog": max(0, backlog)}
        )
        return self._signed("POST", "/v1/batches", body, content_type="application/json").json()

    def evidence_state(self, sha256: str) -> dict[str, Any]:
        return self._signed("GET", f"/v1/evidence/{sha256}").json()

    def put_chunk(self, sha256: str, offset: int, size: int, data: bytes) -> dict[str, Any]:
        return self._signed(
            "PUT",
            f"/v1/evidence/{sha256}",
            data,
            params={"offset": offset, "size": size},
            content_type="application/octet-stream",
        ).json()
