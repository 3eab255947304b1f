"""The wire contract: the hub serves exactly docs/hub-openapi.json, and schemathesis, fuzzing the
live hub from that document (unsigned, and signed as an enrolled station through a signing
proxy), finds no server error."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from faultproxy import FaultProxy

from inspector_app.sync import wire
from inspector_app.sync.station_key import load_or_create, sign_b64

REPO = Path(__file__).resolve().parents[2]
CONTRACT = REPO / "docs" / "hub-openapi.json"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def test_served_document_is_the_file_in_the_repository(hub) -> None:
    served = httpx.get(f"{hub.url}/openapi.json", timeout=10).json()
    assert served == json.loads(CONTRACT.read_text(encoding="utf-8")), (
        "the API changed: run `inspector-app hub openapi --out docs/hub-openapi.json` and review"
    )


def _fuzz(url: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{url}/openapi.json",
            "--url",
            url,
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "12",
            "--seed",
            "7",
            "--request-timeout",
            "10",
            "--no-color",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO,
    )


@pytest.mark.slow
@pytest.mark.skipif(not SCHEMATHESIS.exists(), reason="schemathesis not installed")
def test_schemathesis_finds_no_server_error(hub, tmp_path: Path) -> None:
    unsigned = _fuzz(hub.url)
    assert unsigned.returncode == 0, unsigned.stdout[-4000:]

    hub.station("FUZZ", tmp_path)
    key = load_or_create(tmp_path / "station_key.pem")

    def sign(method: str, target: str, body: bytes) -> dict[str, str]:
        timestamp, nonce = str(int(time.time())), secrets.token_urlsafe(18)
        message = wire.signing_message(method, target, "FUZZ", timestamp, nonce, body)
        return {
            wire.HEADER_STATION: "FUZZ",
            wire.HEADER_TIMESTAMP: timestamp,
            wire.HEADER_NONCE: nonce,
            wire.HEADER_SIGNATURE: sign_b64(key, message),
        }

    proxy = FaultProxy(hub.port, signer=sign).start()
    try:
        signed = _fuzz(proxy.url, "--include-path-regex", "^/v1/(batches|evidence)")
    finally:
        proxy.stop()
    assert signed.returncode == 0, signed.stdout[-4000:]
    assert "Authentication failed" not in signed.stdout, signed.stdout[-3000:]
    print(signed.stdout[-1500:], "records stored by fuzzing:", hub.count())
