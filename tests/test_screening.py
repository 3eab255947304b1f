"""The screening pipeline on real files: evidence, detection, log — and recovery after a kill."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import cv2
import numpy as np
import pytest

from inspector_app.detection import Detector
from inspector_app.feeds.files import read_scan_file
from inspector_app.screening import Screener
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import EvidenceStore


@pytest.fixture
def model_path(fixed_box_model) -> Path:
    return fixed_box_model([(1, 0.5, 0.5, 0.25, 0.25, 0.8)], ["knife", "handgun"])


def _files(folder: Path, count: int) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"parcel{index}.png"
        cv2.imwrite(str(path), np.full((200, 320, 3), 40 * index, np.uint8))
        paths.append(path)
    return paths


def test_screen_stores_evidence_runs_the_model_and_logs(tmp_path: Path, model_path: Path):
    log = DecisionLog(tmp_path / "log.sqlite")
    screener = Screener(Detector.load(model_path), log, EvidenceStore(tmp_path / "ev"))
    scan = read_scan_file(_files(tmp_path, 1)[0], source="files")
    screened = screener.screen(scan)
    assert [d.label for d in screened.detections] == ["handgun"] and screened.alarm
    row = log.scan(scan.scan_id)
    assert row["status"] == "screened" and row["model_sha256"] == screened.model.sha256
    assert screened.image.path.read_bytes() == scan.original


def test_scans_left_undecided_by_a_killed_process_come_back(tmp_path: Path, model_path: Path):
    """A child screens three scans, decides one, then is killed with SIGKILL mid-session."""
    files = _files(tmp_path, 3)
    child = textwrap.dedent(
        f"""
        import os, signal
        from datetime import UTC, datetime
        from pathlib import Path
        from inspector_app.detection import Detector
        from inspector_app.domain import Decision, Verdict
        from inspector_app.feeds.files import read_scan_file
        from inspector_app.screening import Screener
        from inspector_app.storage.decision_log import DecisionLog
        from inspector_app.storage.evidence import EvidenceStore
        log = DecisionLog(Path({str(tmp_path / "log.sqlite")!r}))
        screener = Screener(Detector.load(Path({str(model_path)!r})), log,
                            EvidenceStore(Path({str(tmp_path / "ev")!r})))
        ids = [screener.screen(read_scan_file(Path(p), "files")).scan.scan_id
               for p in {[str(f) for f in files]!r}]
        log.record_decision(Decision(ids[0], Verdict.CLEAR, "anna", datetime.now(UTC), 2.0))
        print(" ".join(ids), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    ids = proc.stdout.split()

    log = DecisionLog(tmp_path / "log.sqlite")
    assert [row["verdict"] for row in log.decisions()] == ["clear"]  # committed, survived
    from inspector_app.storage.chain_verify import verify_log

    report = verify_log(log.db.conn, tmp_path / "log.sqlite")  # the kill left a sound chain
    assert report.ok and report.checked["decisions rows"] == 1, report.breaks
    screener = Screener(Detector.load(model_path), log, EvidenceStore(tmp_path / "ev"))
    recovered, problems = screener.recover_undecided()
    assert problems == []
    assert [s.scan.scan_id for s in recovered] == ids[1:]
    for screened, path in zip(recovered, files[1:], strict=True):
        assert [d.label for d in screened.detections] == ["handgun"]
        original = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
        assert np.array_equal(screened.scan.image, original)


def test_recovery_reports_a_scan_whose_image_was_deleted(tmp_path: Path, model_path: Path):
    log = DecisionLog(tmp_path / "log.sqlite")
    screener = Screener(Detector.load(model_path), log, EvidenceStore(tmp_path / "ev"))
    screened = screener.screen(read_scan_file(_files(tmp_path, 1)[0], source="files"))
    screened.image.path.unlink()
    recovered, problems = screener.recover_undecided()
    assert recovered == [] and "not found" in problems[0]


def test_vendor_alarms_are_logged_and_come_back_after_a_restart(tmp_path: Path, model_path: Path):
    from dataclasses import replace

    from inspector_app.domain import Box, VendorCue

    log = DecisionLog(tmp_path / "log.sqlite")
    screener = Screener(Detector.load(model_path), log, EvidenceStore(tmp_path / "ev"))
    cue = VendorCue("Flammable Liquid", Box(10, 12, 60, 50), True, 9001)
    scan = replace(read_scan_file(_files(tmp_path, 1)[0], source="files"), vendor_cues=(cue,))
    screener.screen(scan)
    log.close()
    log = DecisionLog(tmp_path / "log.sqlite")
    recovered, _ = Screener(
        Detector.load(model_path), log, EvidenceStore(tmp_path / "ev")
    ).recover_undecided()
    assert recovered[0].scan.vendor_cues == (cue,)


def test_a_dual_view_parcel_is_screened_logged_and_recovered_as_one(
    tmp_path: Path, model_path: Path
):
    from dataclasses import replace

    top, side = _files(tmp_path, 2)
    scan = read_scan_file(top, "files")
    scan = replace(scan, second_view=replace(read_scan_file(side, "files"), scan_id="S-2"))
    log = DecisionLog(tmp_path / "log.sqlite")
    screener = Screener(Detector.load(model_path), log, EvidenceStore(tmp_path / "ev"))
    screened = screener.screen(scan)
    assert screened.second is not None and [d.label for d in screened.second.detections] == [
        "handgun"
    ]
    assert log.scan("S-2")["parent_scan_id"] == scan.scan_id
    assert log.undecided_scan_ids() == [scan.scan_id]  # one parcel, not two
    (recovered,) = screener.recover_undecided()[0]
    assert recovered.second is not None and recovered.scan.second_view is not None
    assert recovered.second.image.path.read_bytes() == side.read_bytes()
