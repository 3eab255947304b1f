"""Case dossiers: made from a real log, read back with pypdf, verified and tampered with."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from report_log import PASSWORDS, SHIFT_START, Facts

from inspector_app.accounts.audit import write_audit
from inspector_app.reports.dossier import export_dossier
from inspector_app.reports.dossier_check import check_dossier
from inspector_app.reports.progress import ExportError
from inspector_app.reports.records import open_log


def _make(facts: Facts, decision_id: int, out: Path) -> Path:
    db = open_log(facts.path)
    try:
        export_dossier(db, decision_id, out, station="ST-1", made_by="sue")
    finally:
        db.conn.close()
    return out


def _check(facts: Facts, path: Path):
    db = open_log(facts.path)
    try:
        return check_dossier(db, path)
    finally:
        db.conn.close()


def _verify_cli(facts: Facts, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector_app",
            "verify",
            "--dossier",
            str(path),
            "--db",
            str(facts.path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _wildlife(facts: Facts) -> int:
    return next(d for d, c in facts.categories.items() if c == "wildlife")


def test_dossier_holds_the_facts_and_verifies(shift_log: Facts, tmp_path: Path) -> None:
    decision = _wildlife(shift_log)
    db = open_log(shift_log.path)
    login_at = SHIFT_START + timedelta(minutes=1)
    write_audit(db, at=login_at, user="ann", action="login", details={"role": "inspector"})
    db.conn.close()
    out = _make(shift_log, decision, tmp_path / "case.pdf")

    reader = PdfReader(out)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    record = json.loads(reader.attachments["dossier.json"][0])["record"]
    assert record["decision_id"] == decision and record["verdict"] == "suspect"
    assert record["category"] == "wildlife" and record["inspector"] == "ann"
    assert record["parcel_id"] == "P-106"
    assert (record["origin_country"], record["destination_country"]) == ("VN", "DE")
    assert record["box_reviews"] == {"0": "confirmed"}
    assert record["marks"][0]["label"] == "wildlife"
    assert f"Case dossier — decision #{decision}" in text
    for needle in (
        "P-106",
        "VN → DE",
        "CITES wildlife",
        "ann",
        record["evidence"]["sha256"],
        record["model"]["sha256"],
        "parcel-threat-det 0.3.0",
        "Chain of custody",
        "inspector signed in",
        "scan received",
        "screened by model",
        f"decision #{decision} recorded",
        "this dossier generated",
        "Enhanced view: Local contrast",
        "confirmed",
        "missed item",
    ):
        assert needle in text, needle
    assert text.index("inspector signed in") < text.index(f"decision #{decision} recorded")
    assert len(reader.pages[0].images) == 2  # standard and enhanced views
    assert reader.metadata["/InspectorAppDossierSHA256"]

    result = _check(shift_log, out)
    assert result.ok, result.problems
    cli = _verify_cli(shift_log, out)
    assert cli.returncode == 0 and "matches the log" in cli.stdout


def test_dual_energy_dossier(shift_log: Facts, tmp_path: Path) -> None:
    out = _make(shift_log, shift_log.dual, tmp_path / "dual.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "dual-energy (raw channels kept)" in text
    assert _check(shift_log, out).ok


def test_verify_names_what_changed_in_the_log(shift_log: Facts, tmp_path: Path) -> None:
    decision = _wildlife(shift_log)
    out = _make(shift_log, decision, tmp_path / "case.pdf")
    with sqlite3.connect(shift_log.path) as conn:  # someone edits the log behind the app
        conn.execute(
            "UPDATE decisions SET category = 'weapons', parcel_id = 'P-999' WHERE id = ?",
            [decision],
        )
    result = _check(shift_log, out)
    assert not result.ok
    assert "category: dossier says 'wildlife', log says 'weapons'" in result.problems
    assert "parcel_id: dossier says 'P-106', log says 'P-999'" in result.problems
    cli = _verify_cli(shift_log, out)
    assert cli.returncode == 1 and "log says 'weapons'" in cli.stderr


def test_verify_finds_a_changed_evidence_file(shift_log: Facts, tmp_path: Path) -> None:
    decision = _wildlife(shift_log)
    out = _make(shift_log, decision, tmp_path / "case.pdf")
    with sqlite3.connect(shift_log.path) as conn:
        (path,) = conn.execute(
            "SELECT image_path FROM decision_log WHERE decision_id = ?", [decision]
        ).fetchone()
    Path(path).write_bytes(Path(path).read_bytes() + b"\0")
    (problem,) = _check(shift_log, out).problems
    assert problem.startswith(f"evidence file {path} has SHA-256")
    with pytest.raises(ExportError, match="does not match the log"):
        _make(shift_log, decision, tmp_path / "again.pdf")  # no dossier for altered evidence
    assert not (tmp_path / "again.pdf").exists()


def test_verify_finds_an_edited_attachment(shift_log: Facts, tmp_path: Path) -> None:
    out = _make(shift_log, _wildlife(shift_log), tmp_path / "case.pdf")
    reader = PdfReader(out)
    doc = json.loads(reader.attachments["dossier.json"][0])
    doc["record"]["inspector"] = "someone-else"
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.add_metadata(dict(reader.metadata))
    writer.add_attachment("dossier.json", json.dumps(doc).encode())
    forged = tmp_path / "forged.pdf"
    buffer = io.BytesIO()
    writer.write(buffer)
    forged.write_bytes(buffer.getvalue())
    problems = _check(shift_log, forged).problems
    assert any("attached record was changed" in p for p in problems)
    assert "inspector: dossier says 'someone-else', log says 'ann'" in problems


def test_refusals_are_clear(shift_log: Facts, tmp_path: Path) -> None:
    clear = next(d for d, v in shift_log.verdicts.items() if v == "clear")
    with pytest.raises(ExportError, match="cleared the parcel"):
        _make(shift_log, clear, tmp_path / "c.pdf")
    with pytest.raises(ExportError, match="was undone"):
        _make(shift_log, shift_log.undone, tmp_path / "u.pdf")
    with pytest.raises(ExportError, match="no decision 999"):
        _make(shift_log, 999, tmp_path / "n.pdf")
    not_pdf = tmp_path / "note.pdf"
    not_pdf.write_text("hello")
    cli = _verify_cli(shift_log, not_pdf)
    assert cli.returncode == 2 and "not a readable PDF" in cli.stderr
    assert "Traceback" not in cli.stderr


def test_dossier_through_the_cli_is_audited_and_in_the_next_custody(
    shift_log: Facts, tmp_path: Path
) -> None:
    decision = _wildlife(shift_log)
    args = [
        sys.executable,
        "-m",
        "inspector_app",
        "export",
        "dossier",
        "--decision",
        str(decision),
        "--as",
        "sue",
        "--password-stdin",
        "--quiet",
    ]
    first = subprocess.run(
        [*args, "--out", str(tmp_path / "a.pdf")],
        capture_output=True,
        text=True,
        input=PASSWORDS["sue"] + "\n",
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    second = subprocess.run(
        [*args, "--out", str(tmp_path / "b.pdf")],
        capture_output=True,
        text=True,
        input=PASSWORDS["sue"] + "\n",
        timeout=120,
    )
    assert second.returncode == 0, second.stderr
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages).split())
    assert "report exported" in text  # the first dossier's export is in the chain of custody
    assert _verify_cli(shift_log, tmp_path / "a.pdf").returncode == 0
