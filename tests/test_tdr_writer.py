"""The operator's decision written back as a DICOS TDR (type OPERATOR) beside the scan."""

from __future__ import annotations

import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import pydicom
import pytest

from inspector_app.domain import Box, Category, Decision, Mark, Scan, Verdict
from inspector_app.feeds.files import FileListFeed
from inspector_app.imaging import dicos
from inspector_app.imaging.tdr_writer import TdrWriteError, write_operator_tdr

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "dicos"
pytestmark = pytest.mark.filterwarnings("ignore:Invalid value for VR UI")


@pytest.fixture
def dx_copy(tmp_path: Path) -> Path:
    source = SAMPLES / "SimpleProcessingDX.dcs"
    if not source.is_file():
        pytest.skip(f"DICOS samples not found at {SAMPLES}")
    target = tmp_path / "scan.dcs"
    shutil.copyfile(source, target)  # the shared samples stay read-only
    return target


def _decision(verdict: Verdict, category: Category | None = None) -> Decision:
    when = datetime(2026, 12, 5, 17, 30, tzinfo=UTC)
    return Decision("S-1", verdict, "anna", when, 4.2, category=category)


def test_suspect_decision_is_a_tdr_the_app_reads_back(dx_copy: Path) -> None:
    out = dx_copy.with_name("scan_operator_tdr.dcs")
    boxes: list[Box | Mark] = [Mark("pistol", Box(10, 20, 60, 80)), Box(100, 5, 120, 40)]
    write_operator_tdr(dx_copy, _decision(Verdict.SUSPECT, Category.WEAPONS), boxes, out)

    report = pydicom.dcmread(out)  # plain pydicom, as any DICOS consumer would
    scan = pydicom.dcmread(dx_copy, stop_before_pixels=True)
    assert report.SOPClassUID == dicos._TDR and report.TDRType == "OPERATOR"
    assert report.AlarmDecision == "ALARM" and report.NumberOfAlarmObjects == 2
    assert str(report.OperatorsName) == "anna"
    assert report.StudyInstanceUID == scan.StudyInstanceUID

    data = out.read_bytes()
    assert dicos.kind(data) == "tdr"
    assert dicos.referenced_uids(data) == {str(scan.SOPInstanceUID)}
    cues = dicos.vendor_cues(data)
    assert [(c.label, c.box, c.alarm, c.object_id) for c in cues] == [
        ("pistol", Box(10, 20, 60, 80), True, 1),
        ("weapons", Box(100, 5, 120, 40), True, 2),
    ]
    assert not list(out.parent.glob("*.partial"))  # written under a temporary name, renamed


def test_the_file_feed_attaches_the_operator_report_to_its_scan(dx_copy: Path) -> None:
    out = dx_copy.with_name("scan_operator_tdr.dcs")
    write_operator_tdr(dx_copy, _decision(Verdict.REFER), [Box(1, 2, 30, 40)], out)
    (scan,) = list(FileListFeed([out, dx_copy]).items(threading.Event()))
    assert isinstance(scan, Scan)
    assert [(c.label, c.box, c.alarm) for c in scan.vendor_cues] == [
        ("refer", Box(1, 2, 30, 40), False)
    ]


def test_clear_decision_from_a_dataset_without_boxes(dx_copy: Path) -> None:
    out = dx_copy.parent / "sub" / "clear_tdr.dcs"
    dataset = pydicom.dcmread(dx_copy)
    write_operator_tdr(dataset, _decision(Verdict.CLEAR), [], out)
    report = pydicom.dcmread(out)
    assert report.AlarmDecision == "CLEAR" and report.NumberOfTotalObjects == 0
    assert dicos.vendor_cues(out.read_bytes()) == []


def test_a_plain_image_scan_is_referenced_by_a_stable_uid(tmp_path: Path) -> None:
    image = tmp_path / "bag.png"
    cv2.imwrite(str(image), np.full((32, 32), 128, np.uint8))
    first, second = tmp_path / "a.dcs", tmp_path / "b.dcs"
    write_operator_tdr(image, _decision(Verdict.CLEAR), [Box(0, 0, 5, 5)], first)
    write_operator_tdr(image, _decision(Verdict.CLEAR), [Box(0, 0, 5, 5)], second)
    uids = dicos.referenced_uids(first.read_bytes())
    assert len(uids) == 1 and uids == dicos.referenced_uids(second.read_bytes())


def test_a_missing_scan_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(TdrWriteError, match="could not be written"):
        write_operator_tdr(tmp_path / "gone.dcs", _decision(Verdict.CLEAR), [], tmp_path / "x.dcs")
