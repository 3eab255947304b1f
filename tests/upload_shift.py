"""A short real shift for the upload tests: three parcels from image files through the real
station (screening service, review session, writer thread, SQLite log), decided as
suspect (with a cue verdict, a drawn region and a route), clear-then-undone-then-refer, clear."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from inspector_app.config import FilesFeedSection, Settings
from inspector_app.domain import Box, Category, Verdict
from inspector_app.station import EventQueue, ScreeningListener, SessionListener, build_station
from inspector_app.station.assembly import Station

CLASSES = ["knife", "handgun"]
ONE_HANDGUN = [(1, 0.5, 0.5, 0.25, 0.25, 0.8)]


class Listener(SessionListener, ScreeningListener):
    def __init__(self) -> None:
        self.screened_count = 0
        self.undone_ids: list[str] = []

    def screened(self, screened) -> None:
        self.screened_count += 1
        self.session.add_screened(screened)

    def undone(self, decision_id, scan_id) -> None:
        self.undone_ids.append(scan_id)


def parcel_files(folder: Path, count: int = 3) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"parcel{index}.png"
        cv2.imwrite(str(path), np.full((200, 320, 3), 30 + 40 * index, np.uint8))
        paths.append(path)
    return paths


def shift_settings(model: Path, files: list[Path], **upload) -> Settings:
    return Settings.model_validate(
        {
            "screening": {"model_path": str(model)},
            "feeds": [FilesFeedSection(lane="lane-A", paths=files).model_dump()],
            "upload": upload,
        }
    )


def run_shift(settings: Settings, *, keep_services: bool = False) -> tuple[Station, dict[str, str]]:
    """Build the station, start its services, decide the three parcels; returns the station
    and the scan ids by final verdict. Services are stopped unless `keep_services`."""
    station = build_station(settings)
    events, listener = EventQueue(), Listener()
    session = station.open_session("alice", listener, events.post)
    listener.session = session
    service = station.screening(listener, events.post)
    station.start_services()
    service.start()
    try:
        events.run_until(lambda: listener.screened_count == 3, timeout_s=120)
        assert session.judge_cue(0, confirmed=True)
        assert session.add_mark("knife", Box(10, 10, 60, 60))
        session.set_details("CX1", "nl", "au", "")
        ids = {"suspect": session.current.scan.scan_id}
        session.decide(Verdict.SUSPECT, Category.WEAPONS)
        ids["refer"] = session.current.scan.scan_id
        session.decide(Verdict.CLEAR)
        session.undo_last()
        events.run_until(lambda: ids["refer"] in listener.undone_ids)
        session.decide(Verdict.REFER)
        ids["clear"] = session.current.scan.scan_id
        session.decide(Verdict.CLEAR)
        session.wait_idle()
    finally:
        service.stop()
        session.writer.close()
        if not keep_services:
            station.stop_services()
    return station, ids
