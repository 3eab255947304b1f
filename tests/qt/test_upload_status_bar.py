"""The status bar's upload field renders the upload snapshot: off, up to date, waiting, failing
since when, records refused; the tooltip carries the details."""

from __future__ import annotations

from datetime import UTC, datetime

from inspector_app.qt.status_bar import StationStatusBar
from inspector_app.sync.status import OffReason, Trouble, UploadSnapshot, UploadStatus


def _bar(qtbot) -> StationStatusBar:
    bar = StationStatusBar()
    qtbot.addWidget(bar)
    return bar


def test_off_says_local_only_and_how_to_switch_on(qtbot) -> None:
    bar = _bar(qtbot)
    bar.show_upload(UploadStatus.off().snapshot())
    assert bar.upload_status.text() == "Upload: off (local only)"
    assert "upload enrol" in bar.upload_status.toolTip()
    bar.show_upload(UploadStatus.off(OffReason.SETTINGS, "upload.json: bad JSON").snapshot())
    assert "upload.json: bad JSON" in bar.upload_status.toolTip()


def test_backlog_error_and_refusals_are_shown(qtbot) -> None:
    bar = _bar(qtbot)
    since = datetime(2026, 3, 2, 14, 2, tzinfo=UTC)
    status = UploadStatus(UploadSnapshot(enabled=True, hub="https://hub.example"))
    bar.show_upload(status.snapshot())
    assert bar.upload_status.text() == "Upload: up to date"

    status.update(backlog=30, evidence_backlog=7)
    bar.show_upload(status.snapshot())
    assert bar.upload_status.text() == "Upload: 37 waiting"

    status.update(
        trouble=Trouble.UNREACHABLE,
        detail="hub unreachable: ConnectError",
        failing_since=since,
        refused=2,
    )
    bar.show_upload(status.snapshot())
    clock = since.astimezone().strftime("%H:%M")
    assert bar.upload_status.text() == (
        f"Upload: 37 waiting — hub unreachable since {clock} · 2 refused"
    )
    tip = bar.upload_status.toolTip()
    assert "https://hub.example" in tip and "7 evidence image(s)" in tip
    assert "ConnectError" in tip and "upload status" in tip
