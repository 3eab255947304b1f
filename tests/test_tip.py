"""Threat Image Projection at the station: projection into live scans, and its separate log."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from inspector_app.config import TipSection as TipSettings
from inspector_app.domain import Box, Decision, Detection, ModelInfo, Scan, Verdict
from inspector_app.simulation import simulate_parcel
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import EvidenceStore, encode_scan
from inspector_app.storage.tip_log import TipLog
from inspector_app.tip import TipInjector

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def _scan(seed: int = 4) -> Scan:
    parcel = simulate_parcel(seed, threat_rate=0.0)
    return Scan(
        "S", np.zeros((*parcel.low.shape, 3), np.uint8), "demo", T0, parcel.low, parcel.high
    )


def test_projection_adds_log_attenuation_inside_the_parcel() -> None:
    scan = _scan()
    injector = TipInjector(
        TipSettings(enabled=True, rate=1.0, classes=("knife",)), random.Random(3)
    )
    tip = injector.maybe_project(scan)
    assert tip is not None and tip.label == "knife"
    x1, y1, x2, y2 = (int(v) for v in tip.box.as_list())
    assert 0 <= x1 < x2 <= scan.low.shape[1] and 0 <= y1 < y2 <= scan.low.shape[0]
    region = (slice(y1, y2), slice(x1, x2))
    assert (tip.low[region] <= scan.low[region]).all()  # a threat only removes photons
    assert (tip.low[region] < scan.low[region]).mean() > 0.2
    outside = np.ones(scan.low.shape, bool)
    outside[max(0, y1 - 4) : y2 + 4, max(0, x1 - 4) : x2 + 4] = False  # box + blur margin
    assert np.array_equal(tip.low[outside], scan.low[outside])  # nothing else changes
    assert tip.image.shape == (*scan.low.shape, 3)


def test_no_projection_when_disabled_rate_zero_or_without_raw_channels() -> None:
    scan = _scan()
    assert TipInjector(TipSettings(enabled=False, rate=1.0)).maybe_project(scan) is None
    assert TipInjector(TipSettings(enabled=True, rate=0.0)).maybe_project(scan) is None
    rgb_only = Scan("R", np.zeros((50, 50, 3), np.uint8), "files", T0)
    assert TipInjector(TipSettings(enabled=True, rate=1.0)).maybe_project(rgb_only) is None


def test_rate_is_respected_over_many_scans() -> None:
    injector = TipInjector(TipSettings(enabled=True, rate=0.25), random.Random(1))
    hits = sum(injector.rng.random() < 0.25 for _ in range(2000))
    assert 400 < hits < 600  # the same draw the injector makes


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="less than or equal to 1"):
        TipSettings(enabled=True, rate=2.0)
    with pytest.raises(ValueError, match="unknown TIP threat classes"):
        TipSettings(enabled=True, classes=("bazooka",))


def test_tip_answers_are_kept_apart_and_feed_per_inspector_statistics(tmp_path: Path) -> None:
    log = DecisionLog(tmp_path / "log.sqlite")
    store = EvidenceStore(tmp_path / "ev")
    model = ModelInfo("m", "1", "0" * 64)
    for scan_id in ("A", "B", "C"):
        log.record_screened(
            scan_id=scan_id,
            source="demo",
            received_at=T0,
            image=store.put(
                *encode_scan(np.zeros((20, 20, 3), np.uint8) + ord(scan_id), None, None)
            ),
            size=(20, 20),
            model=model,
            detections=[Detection("knife", 0.9, Box(0, 0, 5, 5))],
            inference_ms=1.0,
        )
    tips = TipLog(log.db)
    box = Box(1, 1, 9, 9)
    assert tips.record_response(
        scan_id="A",
        inspector="anna",
        label="knife",
        box=box,
        response=Verdict.REFER,
        decided_at=T0,
        duration_s=4.0,
    )
    assert not tips.record_response(
        scan_id="B",
        inspector="anna",
        label="handgun",
        box=box,
        response=Verdict.CLEAR,
        decided_at=T0,
        duration_s=2.0,
    )
    log.record_decision(Decision("A", Verdict.CLEAR, "anna", T0, 3.0))
    log.record_decision(Decision("B", Verdict.REFER, "anna", T0, 5.0))
    log.record_decision(Decision("C", Verdict.CLEAR, "bram", T0, 1.0))

    assert [r["verdict"] for r in log.decisions()] == ["clear", "refer", "clear"]  # no TIP rows
    anna, bram = tips.inspector_stats()
    assert (anna.tip_presented, anna.tip_hits, anna.hit_rate) == (2, 1, 0.5)
    assert anna.false_alarm_rate == 0.5 and anna.mean_decision_s == 4.0
    assert bram.tip_presented == 0 and bram.hit_rate is None and bram.false_alarm_rate == 0.0


def test_stats_command_reports_per_inspector_figures(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    from inspector_app.accounts import AccountService, Role

    log = DecisionLog(tmp_path / "log.sqlite")
    store = EvidenceStore(tmp_path / "ev")
    log.record_screened(
        scan_id="A",
        source="demo",
        received_at=T0,
        image=store.put(*encode_scan(np.zeros((20, 20, 3), np.uint8), None, None)),
        size=(20, 20),
        model=ModelInfo("m", "1", "0" * 64),
        detections=[],
        inference_ms=1.0,
    )
    TipLog(log.db).record_response(
        scan_id="A",
        inspector="anna",
        label="knife",
        box=Box(0, 0, 5, 5),
        response=Verdict.SUSPECT,
        decided_at=T0,
        duration_s=2.0,
    )
    log.record_decision(Decision("A", Verdict.CLEAR, "anna", T0, 6.0))
    log.close()
    accounts = AccountService.open(tmp_path / "log.sqlite")
    root = accounts.create_first_admin("root", "admin-pass-1")
    accounts.create_user(root, "sue", Role.SUPERVISOR, "sue-pass-123")
    accounts.close()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector_app",
            "stats",
            "--db",
            str(tmp_path / "log.sqlite"),
            "--json",
            "--as",
            "sue",
            "--password-stdin",
        ],
        capture_output=True,
        text=True,
        input="sue-pass-123\n",
    )
    assert out.returncode == 0, out.stderr
    (record,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert record["inspector"] == "anna" and record["tip_hit_rate"] == 1.0
    assert record["flag_rate"] == 0.0 and record["mean_decision_s"] == 6.0
    missing = subprocess.run(
        [sys.executable, "-m", "inspector_app", "stats", "--db", str(tmp_path / "none.sqlite")],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "no decision log" in missing.stderr
    anonymous = subprocess.run(
        [sys.executable, "-m", "inspector_app", "stats", "--db", str(tmp_path / "log.sqlite")],
        capture_output=True,
        text=True,
    )
    assert anonymous.returncode == 2 and "--as USER" in anonymous.stderr
