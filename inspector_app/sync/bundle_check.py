"""Checking a bundle made by `sync.bundle` before anyone trusts it, offline or at the hub.

A bundle is sound when: its folder name is final (not `NAME.partial`), manifest.json is signed
by the station key (the key inside the bundle, and the station's known key when one is given:
`verify --public-key`, or the key enrolled at the hub), every file the manifest lists is there
with its size and SHA-256, nothing else is there, and the record files hold as many well-formed
records as the manifest says. Every problem found is listed (not only the first), each naming the
file, and for a changed record the line and key, so a supervisor can tell a damaged stick from a
tampered bundle. No Qt, no server libraries: the station runs the same check as the hub.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from inspector_app.storage.outbox import RECORD_KINDS
from inspector_app.sync.bundle import (
    EVIDENCE_DIR,
    EVIDENCE_FILE_RE,
    FORMAT,
    MANIFEST,
    PARTIAL_SUFFIX,
    RECORDS_DIR,
    RECORDS_FILE_RE,
    SIGNATURE,
    STATION_RE,
    sha256_hex,
    signing_message,
)
from inspector_app.sync.station_key import b64decode, public_key_b64

_WIRE_FIELDS = {"key", "kind", "occurred_at", "payload"}
_MAX_LISTED = 5  # changed lines named per file before "and N more"


class BundleChanged(Exception):
    """A file changed between verification and use (read again at import)."""


@dataclass
class BundleCheck:
    """The outcome: `problems` empty means the bundle is sound."""

    path: Path
    problems: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None
    key_source: str = "the public key inside the bundle"
    records: int = 0
    evidence: int = 0

    @property
    def ok(self) -> bool:
        return self.manifest is not None and not self.problems

    @property
    def station_id(self) -> str:
        return str((self.manifest or {}).get("station_id", "?"))

    def files(self, prefix: str) -> list[tuple[str, dict[str, Any]]]:
        """The manifest's entries under `prefix` (records/ or evidence/), in name order."""
        listed = (self.manifest or {}).get("files", {})
        return sorted((n, e) for n, e in listed.items() if n.startswith(prefix + "/"))


def parse_public_key(text: str) -> bytes:
    """A station public key as given by a person: base64url of the raw 32 bytes (what the hub
    stores), or a file holding that or a PEM public key. ValueError when it is none of these."""
    candidate = Path(text)
    if candidate.is_file():
        data = candidate.read_bytes()
        if data.lstrip().startswith(b"-----BEGIN"):
            try:
                key = serialization.load_pem_public_key(data)
            except (ValueError, UnsupportedAlgorithm):
                raise ValueError(f"{text} does not hold a PEM public key") from None
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError(f"{text} is not an Ed25519 public key")
            return b64decode(public_key_b64(key))
        text = data.decode("ascii", errors="replace").strip()
    try:
        raw = b64decode(text.strip())
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ValueError(
            "--public-key: expected the station's Ed25519 public key as base64url (43 characters)"
            " or a file holding it (raw base64url or PEM)"
        )
    return raw


def _signature_ok(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _short(raw_key: bytes) -> str:
    """The start of a key as people compare keys (base64url, as the hub stores it)."""
    return base64.urlsafe_b64encode(raw_key).rstrip(b"=").decode()[:12] + "…"


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _file_sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _present_files(root: Path, problems: list[str]) -> set[str]:
    """Every plain file under the bundle (relative, '/'-separated); links and odd entries are
    problems in themselves (a bundle only ever holds plain files)."""
    found: set[str] = set()
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                problems.append(f"{rel}: a link; a bundle holds only plain files")
                dirs[:] = [d for d in dirs if d != name]
            elif name in names and not path.is_file():
                problems.append(f"{rel}: not a plain file")
            elif name in names:
                found.add(rel)
    return found - {MANIFEST, SIGNATURE}


def _read_manifest(path: Path, check: BundleCheck) -> tuple[bytes, dict[str, Any]] | None:
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        check.problems.append(
            f"{MANIFEST} is missing: not a bundle, or an export that did not finish"
        )
        return None
    body = manifest_path.read_bytes()
    try:
        manifest = json.loads(body)
    except ValueError:
        check.problems.append(f"{MANIFEST} is not valid JSON: damaged or edited")
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        check.problems.append(f"{MANIFEST} is not an {FORMAT} manifest")
        return None
    if not isinstance(manifest.get("files"), dict):
        check.problems.append(f"{MANIFEST} lists no files")
        return None
    return body, manifest


def _check_signature(
    path: Path,
    body: bytes,
    manifest: dict[str, Any],
    check: BundleCheck,
    public_key: bytes | None,
    enrolled_key: Callable[[str], bytes | None] | None,
) -> None:
    sig_path = path / SIGNATURE
    try:
        bundle_key = b64decode(str(manifest.get("public_key", "")))
    except ValueError:
        bundle_key = b""
    if len(bundle_key) != 32:
        check.problems.append(f"{MANIFEST}: no valid public key; the bundle cannot be checked")
        return
    if not sig_path.is_file():
        check.problems.append(f"{SIGNATURE} is missing: the bundle is not signed")
        return
    try:
        signature = b64decode(sig_path.read_text(encoding="ascii", errors="replace").strip())
    except ValueError:
        signature = b""
    message = signing_message(body)
    if len(signature) != 64:
        check.problems.append(f"{SIGNATURE} does not hold an Ed25519 signature")
    elif not _signature_ok(bundle_key, signature, message):
        check.problems.append(
            f"signature does not verify with the public key in the bundle: {MANIFEST} or "
            f"{SIGNATURE} was changed after the export"
        )
    station_id = check.station_id
    if not STATION_RE.match(station_id):
        check.problems.append(f"{MANIFEST}: malformed station id {station_id!r}")
        return
    known, source = public_key, "the given public key"
    if enrolled_key is not None:
        known, source = enrolled_key(station_id), f"the key enrolled for station {station_id}"
        if known is None:
            check.problems.append(
                f"station {station_id!r} is not enrolled at this hub: enrol it before "
                "importing its bundles"
            )
            return
    if known is None:
        return
    check.key_source = f"{source} (and the key inside the bundle)"
    if known != bundle_key:
        check.problems.append(
            f"signed with key {_short(bundle_key)}, not with {source} ({_short(known)}): "
            "made on another machine or with another key"
        )
    elif len(signature) == 64 and not _signature_ok(known, signature, message):
        check.problems.append(f"signature does not verify with {source}")


def _check_files(path: Path, manifest: dict[str, Any], check: BundleCheck) -> set[str]:
    """Sizes and hashes of the listed files, missing and extra ones; the names that are sound."""
    listed: dict[str, Any] = manifest["files"]
    present = _present_files(path, check.problems)
    sound: set[str] = set()
    for name in sorted(present - set(listed)):
        check.problems.append(f"{name}: extra file, not in the signed manifest")
    for name, entry in sorted(listed.items()):
        if not (RECORDS_FILE_RE.match(name) or EVIDENCE_FILE_RE.match(name)):
            check.problems.append(f"{MANIFEST} lists an unexpected name {name!r}")
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
            check.problems.append(f"{MANIFEST}: no SHA-256 for {name}")
            continue
        if name not in present:
            what = "evidence file" if name.startswith(EVIDENCE_DIR) else "record file"
            check.problems.append(f"{name}: {what} missing (removed, or not copied)")
            continue
        digest, size = _file_sha256(path / name)
        evidence = EVIDENCE_FILE_RE.match(name)
        if evidence and evidence.group(1) != entry["sha256"]:
            check.problems.append(f"{name}: the manifest gives it another SHA-256")
        if digest == entry["sha256"] and size == _int(entry.get("bytes")):
            sound.add(name)
        elif name.endswith(".jsonl"):
            check.problems.extend(_changed_records(path, name, listed, entry))
        else:
            check.problems.append(
                f"{name}: content differs from the signed manifest ({size} bytes, SHA-256 "
                f"{digest[:12]}…; signed: {entry.get('bytes')} bytes, {entry['sha256'][:12]}…)"
            )
    return sound


def _changed_records(
    path: Path, name: str, listed: dict[str, Any], entry: dict[str, Any]
) -> list[str]:
    """Which lines of a changed record file differ, using its signed per-line index when that
    is intact; otherwise just the file."""
    index_name = name.removesuffix(".jsonl") + ".sha256"
    index_entry = listed.get(index_name)
    index_path = path / index_name
    header = (
        f"{name}: content differs from the signed manifest (a record changed, added or removed)"
    )
    if not (isinstance(index_entry, dict) and index_path.is_file()):
        return [header]
    index = index_path.read_bytes()
    if sha256_hex(index) != index_entry.get("sha256"):
        return [header]
    expected = [line.split(" ", 1) for line in index.decode("utf-8", "replace").splitlines()]
    actual = (path / name).read_bytes().split(b"\n")
    if actual and actual[-1] == b"":
        actual.pop()
    found = []
    for number, (signed, line) in enumerate(zip(expected, actual, strict=False), start=1):
        if sha256_hex(line) != signed[0]:
            found.append(f"{name}: line {number} (record {signed[-1]}) changed")
    if len(actual) != len(expected):
        found.append(
            f"{name}: {len(actual)} lines where {len(expected)} were signed "
            "(records added or removed)"
        )
    if not found:
        return [header]
    more = len(found) - _MAX_LISTED
    return found[:_MAX_LISTED] + ([f"{name}: and {more} more changed lines"] if more > 0 else [])


def parse_records(name: str, data: bytes) -> list[dict[str, Any]]:
    """The wire records of one record file; ValueError naming the line when one is malformed."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    records = []
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except ValueError:
            raise ValueError(f"{name}: line {number} is not JSON") from None
        if not isinstance(record, dict) or set(record) != _WIRE_FIELDS:
            raise ValueError(f"{name}: line {number} is not a wire record")
        if record["kind"] not in RECORD_KINDS or not isinstance(record["key"], str):
            raise ValueError(f"{name}: line {number} (record {record['key']}): bad kind or key")
        try:
            aware = datetime.fromisoformat(str(record["occurred_at"])).tzinfo is not None
        except ValueError:
            aware = False
        if not aware or not isinstance(record["payload"], dict):
            raise ValueError(f"{name}: line {number} (record {record['key']}): bad time or payload")
        records.append(record)
    return records


def _check_records(
    path: Path, manifest: dict[str, Any], check: BundleCheck, sound: set[str]
) -> None:
    files = [(n, e) for n, e in check.files(RECORDS_DIR) if n.endswith(".jsonl")]
    stated = manifest.get("records")
    summary: dict[str, Any] = stated if isinstance(stated, dict) else {}
    count = 0
    keys: set[str] = set()
    first: str | None = None
    last: str | None = None
    for name, entry in files:
        if name not in sound:  # already reported; count what it should hold
            count += _int(entry.get("records")) or 0
            continue
        try:
            records = parse_records(name, (path / name).read_bytes())
        except ValueError as exc:
            check.problems.append(str(exc))
            continue
        if len(records) != _int(entry.get("records")):
            check.problems.append(
                f"{name}: {len(records)} records, the manifest says {entry.get('records')}"
            )
        for record in records:
            if record["key"] in keys:
                check.problems.append(f"{name}: record {record['key']} appears twice")
            keys.add(record["key"])
        first = first or (records[0]["key"] if records else None)
        last = records[-1]["key"] if records else last
        count += len(records)
    check.records = count
    if summary.get("count") != count:
        check.problems.append(
            f"{MANIFEST} counts {summary.get('count')} records, the record files hold {count}"
        )
    intact = all(n in sound for n, _ in files)
    if intact and count and (summary.get("first_key"), summary.get("last_key")) != (first, last):
        check.problems.append(f"{MANIFEST}: the key range does not match the record files")


def verify_bundle(
    path: Path,
    public_key: bytes | None = None,
    enrolled_key: Callable[[str], bytes | None] | None = None,
) -> BundleCheck:
    """Check the bundle folder at `path`; see the module docstring for what is checked.

    `public_key`: the station's known key (raw 32 bytes); `enrolled_key`: looks up the key of
    the station the manifest names (the hub's enrolment). Without either, the signature is
    checked against the key inside the bundle only, which proves integrity, not origin.
    """
    path = Path(path)
    check = BundleCheck(path)
    if not path.is_dir():
        check.problems.append(f"no bundle folder at {path}")
        return check
    if path.name.endswith(PARTIAL_SUFFIX):
        check.problems.append(
            f"{path.name}: partial bundle (its name ends in {PARTIAL_SUFFIX}): the export was "
            "interrupted or the stick pulled before it finished; export again"
        )
    read = _read_manifest(path, check)
    if read is None:
        return check
    body, check.manifest = read
    _check_signature(path, body, check.manifest, check, public_key, enrolled_key)
    sound = _check_files(path, check.manifest, check)
    _check_records(path, check.manifest, check, sound)
    evidence = check.files(EVIDENCE_DIR)
    check.evidence = len(evidence)
    stated = check.manifest.get("evidence")
    if not isinstance(stated, dict) or stated.get("count") != len(evidence):
        counted = stated.get("count") if isinstance(stated, dict) else None
        check.problems.append(
            f"{MANIFEST} counts {counted} evidence files, it lists {len(evidence)}"
        )
    return check


def read_record_files(check: BundleCheck) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The records of a verified bundle, one file (one hub batch) at a time. Each file is read
    once more and its hash checked again, so what is used is exactly what was verified."""
    for name, entry in check.files(RECORDS_DIR):
        if not name.endswith(".jsonl"):
            continue
        data = (check.path / name).read_bytes()
        if sha256_hex(data) != entry["sha256"]:
            raise BundleChanged(f"{name} changed since it was verified")
        yield name, parse_records(name, data)


def evidence_files(check: BundleCheck) -> list[tuple[str, Path, int]]:
    """(sha256, path, size) of every evidence file of a verified bundle."""
    return [
        (entry["sha256"], check.path / name, int(entry["bytes"]))
        for name, entry in check.files(EVIDENCE_DIR)
    ]
