"""`inspector-app model calibrate`: thresholds from the station's own log to an alarm budget,
by a signed-in supervisor, audited, stored beside the model, undone; `model info` says which
thresholds are in force and where they came from. Real database, real model, real sign-in."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_evaluate import make_model

from inspector_app.accounts import AccountService, AuditAction, Role, read_audit
from inspector_app.cli import main
from inspector_app.detection import Detector
from inspector_app.detection.station_calibration import apply_to, sidecar_path
from inspector_app.domain import Box, BoxReview, Category, Decision, Detection, ModelInfo, Verdict
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import StoredImage

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _log_shift(db: Path, model: ModelInfo) -> None:
    """60 cleared parcels (12 alarmed: 10 knife cues 0.60-0.69, 2 tablets cues 0.55; the
    inspector rejected them) and 20 suspect parcels found by a handgun cue at 0.8."""
    log = DecisionLog(db)
    box = Box(10, 10, 50, 50)
    parcels: list[tuple[str, list[Detection], Verdict]] = []
    for i in range(60):
        cues = []
        if i < 10:
            cues = [Detection("knife", 0.60 + i * 0.01, box, 1)]
        elif i < 12:
            cues = [Detection("tablets", 0.55, box, 2)]
        parcels.append((f"c{i}", cues, Verdict.CLEAR))
    for i in range(20):
        cues = [Detection("handgun", 0.8, box, 0), Detection("knife", 0.62, box, 1)]
        parcels.append((f"s{i}", cues, Verdict.SUSPECT))
    for n, (scan_id, cues, verdict) in enumerate(parcels):
        at = T0 + timedelta(seconds=10 * n)
        log.record_screened(
            scan_id=scan_id,
            source="test",
            received_at=at,
            image=StoredImage("0" * 64, db.parent / "x.png"),
            size=(64, 64),
            model=model,
            detections=cues,
            inference_ms=5.0,
        )
        reviews = tuple(
            BoxReview(k, d.label, confirmed=d.label == "handgun") for k, d in enumerate(cues)
        )
        log.record_decision(
            Decision(
                scan_id,
                verdict,
                "anna",
                at + timedelta(seconds=3),
                3.0,
                category=Category.WEAPONS if verdict is Verdict.SUSPECT else None,
                box_reviews=reviews,
            )
        )
    log.close()


@pytest.fixture
def station(tmp_path: Path) -> tuple[Path, Path]:
    model = make_model(tmp_path)  # manifest thresholds: 0.5 for every class
    db = tmp_path / "decisions.sqlite"
    accounts = AccountService.open(db)
    admin = accounts.create_first_admin("root", "admin-pass-1")
    accounts.create_user(admin, "sue", Role.SUPERVISOR, "super-pass-1")
    accounts.create_user(admin, "anna", Role.INSPECTOR, "anna-pass-1")
    accounts.close()
    _log_shift(db, Detector.load(model).info)
    return model, db


def _calibrate(monkeypatch, model: Path, db: Path, user: str, password: str, *extra: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(
        [
            "model",
            "calibrate",
            str(model),
            "--db",
            str(db),
            "--as",
            user,
            "--password-stdin",
            "--min-cleared",
            "50",
            *extra,
        ]
    )


def test_supervisor_calibrates_audited_and_reversible(station, monkeypatch, capsys) -> None:
    model, db = station
    assert _calibrate(monkeypatch, model, db, "sue", "super-pass-1", "--dry-run") == 0
    assert "dry run" in capsys.readouterr().out and not sidecar_path(model).exists()

    assert _calibrate(monkeypatch, model, db, "sue", "super-pass-1") == 0
    out = capsys.readouterr().out
    assert "cleared alarm rate: 0.2 -> " in out and "suspect still alarming: 1.0 -> 1.0" in out
    entry = json.loads(sidecar_path(model).read_text())["history"][-1]
    assert entry["by"] == "sue" and entry["cleared_parcels"] == 60
    assert entry["cleared_alarm_rate"]["after"] <= 0.05
    thr = entry["thresholds"]
    assert min(thr.values()) >= 0.5 and thr["knife"] > 0.62 and thr["handgun"] <= 0.8
    assert entry["rejected_cues"] == {"knife": 30, "tablets": 2}

    det = Detector.load(model)
    force = apply_to(det)  # what the station does after loading the model
    assert force.source == "station calibration"
    assert det.thresholds.tolist() == pytest.approx([thr[n] for n in det.class_names])

    assert main(["model", "info", str(model), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["thresholds_from"].startswith("station calibration of ")
    assert "by sue" in info["thresholds_from"]
    assert info["classes"]["knife"]["threshold"] == pytest.approx(thr["knife"])
    assert info["classes"]["knife"]["manifest_threshold"] == 0.5

    accounts = AccountService.open(db)
    changes = read_audit(accounts.db, action=AuditAction.MODEL_CHANGED)
    accounts.close()
    assert changes[-1].user == "sue" and changes[-1].details["new"]["knife"] == thr["knife"]

    assert _calibrate(monkeypatch, model, db, "sue", "super-pass-1", "--undo") == 0
    capsys.readouterr()
    det = Detector.load(model)
    assert apply_to(det).source == "manifest" and set(det.thresholds.tolist()) == {0.5}
    history = json.loads(sidecar_path(model).read_text())["history"]
    assert [h["action"] for h in history] == ["calibrate", "undo"]  # nothing erased


def test_inspectors_and_wrong_passwords_are_refused(station, monkeypatch, capsys) -> None:
    model, db = station
    assert _calibrate(monkeypatch, model, db, "anna", "anna-pass-1") == 1
    assert "not allowed to change alarm thresholds" in capsys.readouterr().err
    accounts = AccountService.open(db)
    refusal = read_audit(accounts.db, action="permission_denied")[-1]
    accounts.close()
    assert refusal.user == "anna"  # the refusal is on record
    assert _calibrate(monkeypatch, model, db, "sue", "wrong-pass-9") == 1
    err = capsys.readouterr().err
    assert "password" in err and "Traceback" not in err
    assert not sidecar_path(model).exists()


def test_too_few_cleared_parcels_is_explained(station, monkeypatch, capsys) -> None:
    model, db = station
    assert _calibrate(monkeypatch, model, db, "sue", "super-pass-1", "--min-cleared", "500") == 2
    assert "60 cleared parcels" in capsys.readouterr().err


def test_a_calibration_for_another_model_file_is_ignored(station, monkeypatch) -> None:
    model, db = station
    assert _calibrate(monkeypatch, model, db, "sue", "super-pass-1") == 0
    data = json.loads(sidecar_path(model).read_text())
    data["model_sha256"] = "f" * 64
    sidecar_path(model).write_text(json.dumps(data))
    assert apply_to(Detector.load(model)).source == "manifest"
