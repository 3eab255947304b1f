"""A whole shift through the Qt-free station: settings → build_station → screening service →
review session, with real image files, a real ONNX model and the real SQLite log on disk."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from inspector_app.config import (
    DemoFeedSection,
    FilesFeedSection,
    ScreeningSection,
    Settings,
    TipSection,
)
from inspector_app.domain import Box, Category, Verdict
from inspector_app.feeds.registry import feed_types
from inspector_app.station import (
    EventQueue,
    ScreeningListener,
    SessionListener,
    StationError,
    build_station,
)

CLASSES = ["knife", "handgun"]


def _files(folder: Path, count: int) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"parcel{index}.png"
        cv2.imwrite(str(path), np.full((200, 320, 3), 30 + 40 * index, np.uint8))
        paths.append(path)
    return paths


class Recorder(SessionListener, ScreeningListener):
    """Keeps what the station reported, in order, as a view would receive it."""

    def __init__(self) -> None:
        self.events: list[tuple] = []
        self.ready = False
        self.screened_count = 0

    def model_ready(self, info, class_names) -> None:
        self.ready = True

    def screened(self, screened) -> None:
        self.screened_count += 1
        self.session.add_screened(screened)

    def arrived(self, item) -> None:
        self.session.arrived()

    def saved(self, decision_id, scan_id, verdict, category) -> None:
        self.events.append(("saved", scan_id, verdict))

    def save_failed(self, scan_id, error) -> None:
        self.events.append(("save_failed", scan_id, str(error)))

    def undone(self, decision_id, scan_id) -> None:
        self.events.append(("undone", scan_id))

    def tip_answered(self, tip, hit) -> None:
        self.events.append(("tip", tip.label, hit))


def _start(settings: Settings, tmp_path: Path, inspector: str = "alice"):
    station = build_station(settings)
    events, recorder = EventQueue(), Recorder()
    recorder.session = station.open_session(inspector, recorder, events.post)
    service = station.screening(recorder, events.post)
    service.start()
    return station, events, recorder, service


def _settings(tmp_path: Path, model: Path, files: list[Path], **review) -> Settings:
    return Settings.model_validate(
        {
            "screening": {"model_path": str(model)},
            "review": review,
            "feeds": [FilesFeedSection(lane="lane-A", paths=files).model_dump()],
        }
    )


def test_a_whole_shift_is_decided_undone_and_logged(
    isolated_dirs: Path, tmp_path: Path, fixed_box_model
) -> None:
    model = fixed_box_model([(1, 0.5, 0.5, 0.25, 0.25, 0.8)], CLASSES)
    files = _files(tmp_path, 4)
    station, events, rec, service = _start(_settings(tmp_path, model, files), tmp_path)
    session = rec.session
    try:
        assert not station.demo and station.db_path == isolated_dirs / "data" / "decisions.sqlite"
        events.run_until(lambda: rec.screened_count == 4)
        assert session.current is not None and session.waiting == 3
        assert session.current.scan.lane == "lane-A"

        # Per-cue verdict, a drawn region and parcel details, then a suspect decision.
        assert session.judge_cue(0, confirmed=True)
        assert session.add_mark("knife", Box(10, 10, 60, 60))
        session.set_details("CX123NL", "nl", "au", "  hidden in a toy ")
        first = session.current.scan.scan_id
        with pytest.raises(ValueError, match="category"):
            session.decide(Verdict.SUSPECT)
        session.decide(Verdict.SUSPECT, Category.WEAPONS)
        second = session.current.scan.scan_id
        session.decide(Verdict.CLEAR)
        session.undo_last()  # the clear goes back on screen; the log keeps it as revoked
        events.run_until(lambda: ("undone", second) in rec.events)
        assert session.current.scan.scan_id == second
        session.decide(Verdict.REFER)
        while session.current is not None:
            session.decide(Verdict.CLEAR)
        session.wait_idle()
        events.run_pending()
        assert session.decide(Verdict.CLEAR) is False  # nothing on screen
        name = session.writer.submit(lambda _log, _tips: threading.current_thread().name)
        assert name.result().startswith("log-writer")  # never the caller's thread
    finally:
        service.stop()
        session.writer.close()

    db = sqlite3.connect(station.db_path)
    rows = db.execute(
        "SELECT scan_id, verdict, category, inspector, parcel_id, origin_country,"
        " destination_country, note, lane FROM decision_log ORDER BY decision_id"
    ).fetchall()
    assert [r[1] for r in rows] == ["suspect", "refer", "clear", "clear"]
    assert rows[0] == (
        first,
        "suspect",
        "weapons",
        "alice",
        "CX123NL",
        "NL",
        "AU",
        "hidden in a toy",
        "lane-A",
    )
    assert rows[1][0] == second
    revoked = db.execute("SELECT scan_id FROM decisions WHERE revoked_at IS NOT NULL").fetchall()
    assert revoked == [(second,)]
    reviews = db.execute("SELECT label, verdict FROM box_reviews").fetchall()
    marks = db.execute("SELECT label, x1, y1, x2, y2 FROM inspector_marks").fetchall()
    assert reviews == [("handgun", "confirmed")] and marks == [("knife", 10, 10, 60, 60)]
    assert [e[0] for e in rec.events].count("saved") == 5


def test_a_decision_that_cannot_be_written_comes_back_on_screen(
    isolated_dirs: Path, tmp_path: Path, fixed_box_model
) -> None:
    model = fixed_box_model([], CLASSES)
    files = _files(tmp_path, 2)
    station, events, rec, service = _start(_settings(tmp_path, model, files), tmp_path)
    session = rec.session
    try:
        events.run_until(lambda: rec.screened_count == 2)
        failing = session.current.scan.scan_id
        # The log refuses writes (a read-only copy of the disk, a full disk, a locked file...).
        session.writer.submit(lambda log, _t: log.db.execute("PRAGMA query_only = ON")).result()
        session.decide(Verdict.CLEAR)
        events.run_until(lambda: any(e[0] == "save_failed" for e in rec.events))
        assert session.current.scan.scan_id == failing  # back on screen, nothing lost
        assert session.waiting == 1 and session.decided == 0
        session.writer.submit(lambda log, _t: log.db.execute("PRAGMA query_only = OFF")).result()
        session.decide(Verdict.CLEAR)
        session.wait_idle()
    finally:
        service.stop()
        session.writer.close()
    decided = sqlite3.connect(station.db_path).execute("SELECT scan_id FROM decision_log")
    assert [r[0] for r in decided] == [failing]


def test_tip_answers_are_logged_apart_and_the_real_parcel_follows(
    isolated_dirs: Path, fixed_box_model
) -> None:
    model = fixed_box_model([], CLASSES)
    settings = Settings(
        screening=ScreeningSection(model_path=model),
        tip=TipSection(enabled=True, rate=1.0, classes=("handgun",)),
        feeds=[DemoFeedSection(interval_s=0.05, seed=11)],
    )
    station, events, rec, service = _start(settings, isolated_dirs, inspector="demo")
    session = rec.session
    try:
        assert station.demo and station.db_path.parent.name == "demo"
        events.run_until(lambda: session.current is not None, timeout_s=60)
        assert session.current.tip is not None
        real = session.current.scan.scan_id
        session.decide(Verdict.REFER)
        assert rec.events[-1] == ("tip", "handgun", True) and session.current is None
        assert session.continue_after_tip()
        assert session.current.scan.scan_id == real and session.current.tip is None
        session.decide(Verdict.CLEAR)
        session.wait_idle()
    finally:
        service.stop()
        session.writer.close()
    db = sqlite3.connect(station.db_path)
    assert db.execute("SELECT scan_id, hit FROM tip_events").fetchall() == [(real, 1)]
    assert db.execute("SELECT scan_id, verdict FROM decision_log").fetchall() == [(real, "clear")]


def test_feed_registry_and_station_rules(isolated_dirs: Path) -> None:
    kinds = feed_types()
    assert kinds["demo"].demo and not kinds["files"].demo
    with pytest.raises(StationError, match="demo feed cannot run beside real feeds"):
        build_station(Settings(feeds=[DemoFeedSection(), FilesFeedSection()]))
    with pytest.raises(StationError, match="no feed"):
        build_station(Settings(feeds=[]))
    two_lanes = build_station(
        Settings(feeds=[FilesFeedSection(lane="1"), FilesFeedSection(lane="2")])
    )
    assert [feed.lane for feed in two_lanes.feeds] == ["1", "2"] and not two_lanes.demo
