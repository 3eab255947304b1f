"""Carrying the log on removable media, station side: `export bundle` writes a signed bundle of
what the hub has not acknowledged, crash-safely and without changing the station; `verify
--bundle` finds every kind of damage or tampering. Real station log, real key, real files; the
hub's import is in tests/hub/test_bundle_import.py."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from bundle_station import PASSWORDS, START, Station, build_station

from inspector_app.accounts import read_audit
from inspector_app.storage.db import open_database
from inspector_app.storage.outbox import SqliteOutbox
from inspector_app.sync.bundle import (
    MANIFEST,
    SIGNATURE,
    BundleError,
    Selection,
    signing_message,
    write_bundle,
)
from inspector_app.sync.bundle_check import parse_public_key, verify_bundle
from inspector_app.sync.station_key import load_or_create, public_key_b64, sign_b64
from inspector_app.sync.wire import canonical_json


@pytest.fixture
def station(isolated_dirs: Path) -> Station:
    return build_station(isolated_dirs)


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    path = tmp_path / "stick"
    path.mkdir()
    return path


def _cli(*args: str, user: str | None = None) -> subprocess.CompletedProcess:
    extra = ["--as", user, "--password-stdin"] if user else []
    return subprocess.run(
        [sys.executable, "-m", "inspector_app", *args, *extra],
        input=PASSWORDS.get(user or "", "") + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )


def _export(to: Path, *args: str, user: str = "sue") -> subprocess.CompletedProcess:
    return _cli("export", "bundle", "--to", str(to), "--quiet", *args, user=user)


def _records(bundle: Path) -> list[dict]:
    lines = []
    for name in sorted((bundle / "records").glob("*.jsonl")):
        lines += [json.loads(line) for line in name.read_bytes().splitlines()]
    return lines


def _only_child(folder: Path) -> Path:
    children = list(folder.iterdir())
    assert len(children) == 1, children
    return children[0]


def test_export_writes_a_signed_bundle_of_what_the_hub_lacks(station: Station, stick: Path) -> None:
    pending = station.pending_wire()
    rows_before, evidence_before = station.outbox_rows(), station.evidence_rows()

    done = _export(stick)
    assert done.returncode == 0, done.stderr
    bundle = _only_child(stick)
    assert bundle.name.startswith("inspector-bundle-BND-1-") and ".partial" not in bundle.name
    records = _records(bundle)
    assert f"wrote {bundle}: {len(records)} records, 2 evidence files" in done.stdout

    # the records are the outbox's pending records in wire form, in order, plus what signing in
    # for the export queued itself (its audit entry); evidence files byte-equal
    assert records[: len(pending)] == pending
    assert {r["kind"] for r in records[len(pending) :]} == {"audit_event"}
    assert len(pending) > 1000 and len(list((bundle / "records").glob("*.jsonl"))) == 2
    for sha, blob in station.evidence.items():
        assert (bundle / "evidence" / sha).read_bytes() == blob
    manifest = json.loads((bundle / MANIFEST).read_bytes())
    assert manifest["station_id"] == "BND-1"
    assert manifest["public_key"] == public_key_b64(station.key)
    assert manifest["records"]["count"] == len(records)
    assert manifest["records"]["first_key"] == records[0]["key"]
    assert manifest["records"]["last_key"] == records[-1]["key"]

    # exporting marks nothing as sent: the rows that were there are untouched (sign-in and the
    # export's audit entries add rows of their own after them)
    assert station.outbox_rows()[: len(rows_before)] == rows_before
    assert station.evidence_rows() == evidence_before
    db = open_database(station.db_path)
    exported = [e for e in read_audit(db) if e.action == "report_exported"]
    db.conn.close()
    assert exported[-1].user == "sue" and exported[-1].details["records"] == len(records)
    assert exported[-1].details["out"] == str(bundle.resolve())

    ok = _cli("verify", "--bundle", str(bundle))
    assert ok.returncode == 0, ok.stderr
    assert f"{len(records)} records, 2 evidence files" in ok.stdout and "--public-key" in ok.stderr
    own = _cli("verify", "--bundle", str(bundle), "--public-key", public_key_b64(station.key))
    assert own.returncode == 0 and "the given public key" in own.stdout, own.stderr
    other = public_key_b64(load_or_create(station.data / "other.pem"))
    foreign = _cli("verify", "--bundle", str(bundle), "--public-key", other)
    assert foreign.returncode == 1 and "not with the given public key" in foreign.stderr


def test_an_inspector_may_not_export_and_the_refusal_is_audited(
    station: Station, stick: Path
) -> None:
    refused = _export(stick, user="ian")
    assert refused.returncode == 1 and "not allowed" in refused.stderr
    assert list(stick.iterdir()) == [] and "Traceback" not in refused.stderr
    db = open_database(station.db_path)
    denied = [e for e in read_audit(db) if e.action == "permission_denied"]
    db.conn.close()
    assert denied and denied[-1].user == "ian"


def test_selection_sent_records_and_time_range(station: Station, stick: Path) -> None:
    outbox = SqliteOutbox(station.db_path)
    outbox.mark_sent(station.decision_keys[:10])  # acknowledged by the hub before the link died
    outbox.close()
    pending = {r["key"] for r in station.pending_wire()}

    default = write_bundle(station.db_path, stick, station.key, "BND-1")
    assert default.path is not None
    keys = {r["key"] for r in _records(default.path)}
    assert keys == pending and not keys & set(station.decision_keys[:10])

    everything = write_bundle(station.db_path, stick, station.key, "BND-1", Selection(True))
    assert everything.path is not None and everything.path != default.path
    assert set(station.decision_keys) <= {r["key"] for r in _records(everything.path)}

    window = Selection(True, START + timedelta(seconds=5), START + timedelta(seconds=8))
    ranged = write_bundle(station.db_path, stick, station.key, "BND-1", window)
    assert ranged.path is not None
    assert [r["key"] for r in _records(ranged.path)] == station.decision_keys[5:8]
    assert verify_bundle(ranged.path).ok

    future = Selection(False, START + timedelta(days=3650))
    nothing = write_bundle(station.db_path, stick, station.key, "BND-1", future)
    assert nothing.path is None and nothing.records == 0
    assert len(list(stick.iterdir())) == 3


# --- tampering: each kind of damage is found and named --------------------------------------


def _edit_line(bundle: Path, number: int) -> None:
    path = bundle / "records" / "00001.jsonl"
    lines = path.read_bytes().split(b"\n")
    lines[number - 1] = lines[number - 1].replace(b'"verdict":"', b'"verdict":"x', 1)
    path.write_bytes(b"\n".join(lines))


def _edit_line_and_index(bundle: Path, number: int) -> None:
    _edit_line(bundle, number)
    index = bundle / "records" / "00001.sha256"
    index.write_bytes(index.read_bytes().replace(b"0", b"1", 1))


def _first_evidence(bundle: Path) -> Path:
    return sorted((bundle / "evidence").iterdir())[0]


def _flip_evidence_byte(bundle: Path) -> None:
    path = _first_evidence(bundle)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))


def _swap_signature(bundle: Path) -> None:
    """Another key's signature of the very same manifest."""
    other = load_or_create(bundle.parent.parent / "thief.pem")
    body = (bundle / MANIFEST).read_bytes()
    (bundle / SIGNATURE).write_text(sign_b64(other, signing_message(body)))


def _edit_manifest(bundle: Path) -> None:
    manifest = json.loads((bundle / MANIFEST).read_bytes())
    manifest["records"]["count"] -= 1
    (bundle / MANIFEST).write_bytes(canonical_json(manifest))


def _resign_with_another_key(bundle: Path) -> None:
    """A forger who changes a record and re-signs with a key of their own: consistent in itself,
    so only the station's known key exposes it."""
    _edit_line(bundle, 1)
    thief = load_or_create(bundle.parent.parent / "thief.pem")
    manifest = json.loads((bundle / MANIFEST).read_bytes())
    for name in ("records/00001.jsonl", "records/00001.sha256"):
        data = (bundle / name).read_bytes()
        manifest["files"][name].update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    manifest["public_key"] = public_key_b64(thief)
    body = canonical_json(manifest)
    (bundle / MANIFEST).write_bytes(body)
    (bundle / SIGNATURE).write_text(sign_b64(thief, signing_message(body)))


def _extra_file(bundle: Path) -> None:
    (bundle / "evidence" / "notes.txt").write_text("x")


def _as_partial(bundle: Path) -> Path:
    return bundle.rename(bundle.with_name(bundle.name + ".partial"))


def _cut_short(bundle: Path) -> Path:
    """What a stick pulled mid-export holds: the .partial folder, no manifest yet."""
    (bundle / MANIFEST).unlink()
    (bundle / SIGNATURE).unlink()
    _first_evidence(bundle).write_bytes(b"half")
    return _as_partial(bundle)


TAMPERING = {
    "record byte changed": (lambda b: _edit_line(b, 3), "records/00001.jsonl: line 3 (record"),
    "record and index changed": (
        lambda b: _edit_line_and_index(b, 3),
        "records/00001.jsonl: content differs from the signed manifest",
    ),
    "evidence removed": (lambda b: _first_evidence(b).unlink(), "evidence file missing"),
    "evidence changed": (_flip_evidence_byte, "content differs from the signed manifest"),
    "extra file": (_extra_file, "evidence/notes.txt: extra file, not in the signed manifest"),
    "signature swapped": (_swap_signature, "signature does not verify with the public key"),
    "signature removed": (lambda b: (b / SIGNATURE).unlink(), "manifest.sig is missing"),
    "manifest edited": (_edit_manifest, "signature does not verify with the public key"),
    "re-signed by another key": (_resign_with_another_key, "not with the given public key"),
    "left as .partial": (_as_partial, "partial bundle"),
    "cut short": (_cut_short, "partial bundle"),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_tampering_is_detected_and_named(station: Station, stick: Path, case: str) -> None:
    done = write_bundle(station.db_path, stick, station.key, "BND-1")
    assert done.path is not None
    station_key = parse_public_key(public_key_b64(station.key))
    assert verify_bundle(done.path, public_key=station_key).ok
    tamper, expected = TAMPERING[case]
    bundle = tamper(done.path) or done.path
    check = verify_bundle(bundle, public_key=station_key)
    assert not check.ok
    assert any(expected in p for p in check.problems), check.problems
    if case == "cut short":
        assert any("manifest.json is missing" in p for p in check.problems)
    if case == "re-signed by another key":  # passes a check without the station's key
        assert verify_bundle(bundle).ok


def test_verify_exit_codes_for_a_damaged_or_missing_bundle(station: Station, stick: Path) -> None:
    done = write_bundle(station.db_path, stick, station.key, "BND-1")
    assert done.path is not None
    _first_evidence(done.path).unlink()
    damaged = _cli("verify", "--bundle", str(done.path))
    assert damaged.returncode == 1 and "evidence file missing" in damaged.stderr
    missing = _cli("verify", "--bundle", str(stick / "nothing-here"))
    assert missing.returncode == 2 and "no bundle" in missing.stderr
    bad_key = _cli("verify", "--bundle", str(done.path), "--public-key", "not-a-key")
    assert bad_key.returncode == 2 and "--public-key" in bad_key.stderr
    for result in (damaged, missing, bad_key):
        assert "Traceback" not in result.stderr


# --- the medium fails: clear words, nothing left that looks like a bundle, station unchanged --


def test_an_export_that_stops_half_way_leaves_no_bundle(station: Station, stick: Path) -> None:
    rows = station.outbox_rows()

    def pull_the_stick(fraction: float, what: str) -> None:
        if what.startswith("evidence/"):
            raise OSError(5, "Input/output error")

    with pytest.raises(BundleError, match="failed while writing"):
        write_bundle(station.db_path, stick, station.key, "BND-1", progress=pull_the_stick)
    assert list(stick.iterdir()) == []  # the .partial folder was removed
    assert station.outbox_rows() == rows


def test_missing_media_is_a_clear_error(station: Station, tmp_path: Path) -> None:
    out = _export(tmp_path / "media" / "stick")
    assert out.returncode == 2 and "does not exist: is the stick plugged in" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing may be written to: a read-only tmpfs as root (who ignores modes), else a
    folder without write permission."""
    path = tmp_path / "ro-stick"
    path.mkdir()
    if os.geteuid() != 0:
        path.chmod(0o555)
        yield path
        path.chmod(0o755)
        return
    with _tmpfs(path, "ro,size=1m"):
        yield path


class _tmpfs:
    def __init__(self, path: Path, options: str) -> None:
        self.path, self.options = path, options

    def __enter__(self) -> Path:
        if shutil.which("mount") is None or os.geteuid() != 0:
            pytest.skip("needs root and mount(8) for a real tmpfs")
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", self.options, "tmpfs", str(self.path)],
            capture_output=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        return self.path

    def __exit__(self, *exc: object) -> None:
        subprocess.run(["umount", str(self.path)], check=True)


def test_a_read_only_stick_fails_cleanly(station: Station, read_only_dir: Path) -> None:
    rows, evidence = station.outbox_rows(), station.evidence_rows()
    out = _export(read_only_dir)
    assert out.returncode == 2, out.stdout
    assert "read-only" in out.stderr or "no permission to write" in out.stderr, out.stderr
    assert "station is unchanged" in out.stderr and "Traceback" not in out.stderr
    assert list(read_only_dir.iterdir()) == []
    assert station.outbox_rows()[: len(rows)] == rows and station.evidence_rows() == evidence


def test_a_full_stick_fails_cleanly(
    station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = tmp_path / "small-stick"
    small.mkdir()
    with _tmpfs(small, "size=64k"):
        out = _export(small)  # refused before writing: the space is counted first
        assert out.returncode == 2 and "not enough space" in out.stderr, out.stderr
        assert list(small.iterdir()) == []

        # the stick fills up while writing (space counted wrongly, or taken meanwhile)
        plenty = SimpleNamespace(total=1 << 40, used=0, free=1 << 40)
        monkeypatch.setattr(shutil, "disk_usage", lambda path: plenty)
        with pytest.raises(BundleError, match="is full"):
            write_bundle(station.db_path, small, station.key, "BND-1")
        assert list(small.iterdir()) == []
