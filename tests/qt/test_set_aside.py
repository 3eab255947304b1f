"""The set-aside panel in the real window on a real hot folder: a refused file stays listed
(lane, file, reason) until acknowledged; the screened scan shows its lane and file name."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from feed_harness import write_scan
from window_factory import station_window

from inspector_app.config import HotFolderFeedSection
from inspector_app.feeds.hot_folder import HotFolderFeed
from inspector_app.feeds.status import FeedStatus

REPO = Path(__file__).resolve().parents[2]


def test_refused_files_stay_listed_until_acknowledged(qtbot, tmp_path: Path, fixed_box_model):
    model = fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], ["knife"])
    folder = tmp_path / "scanner-3"
    folder.mkdir()
    feed = HotFolderFeed(HotFolderFeedSection(lane="3", folder=folder, stable_ms=60, rescan_s=0.3))
    window = station_window(feed, model, tmp_path)
    qtbot.addWidget(window)
    window.resize(1280, 960)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    panel = window.panel.set_aside
    assert not panel.isVisible()  # nothing set aside: the panel takes no room

    write_scan(folder / "HUB3-000417.png", 4, size=(640, 360))
    (folder / "HUB3-000418.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    os.mkfifo(folder / "HUB3-000419.tif")
    qtbot.waitUntil(lambda: panel.count == 2 and window.current is not None, timeout=20000)

    texts = panel.texts()
    assert all("lane 3" in text for text in texts)
    assert any("HUB3-000418.png" in t for t in texts) and any("HUB3-000419.tif" in t for t in texts)
    assert any("not a regular file" in t for t in texts)
    assert all("Traceback" not in t for t in texts)
    title = window.panel.scan_title.text()
    assert "HUB3-000417.png" in title and "Lane 3" in title
    assert window.panel.scan_title.toolTip() == str(folder / "HUB3-000417.png")

    window.panel.set_aside.set_lane_status(
        "2", False, FeedStatus("2", False, "The folder //scan2/out cannot be reached.").text
    )
    window.panel.repaint()
    window.grab().save(str(REPO / "docs" / "images" / "set_aside.png"))

    panel.acknowledge_selected()  # the oldest first when none is selected
    assert panel.count == 1 and panel.isVisible()
    left = panel.texts()
    window.close()

    # A restart shows what nobody acknowledged, and only that.
    def restarted():
        again = HotFolderFeed(HotFolderFeedSection(lane="3", folder=folder, rescan_s=0.3))
        window = station_window(again, model, tmp_path, inspector="second-shift")
        qtbot.addWidget(window)
        window.show()
        window.start()
        return window

    window = restarted()
    panel = window.panel.set_aside
    qtbot.waitUntil(lambda: panel.count == 1, timeout=20000)
    assert panel.texts() == left
    panel.set_lane_status("2", True, "back")
    panel.acknowledge_all()
    assert panel.count == 0 and not panel.isVisible()
    window.close()

    window = restarted()
    # the undecided scan comes back first; set-asides are read right after it
    qtbot.waitUntil(lambda: window.current is not None, timeout=20000)
    qtbot.wait(300)
    assert window.panel.set_aside.count == 0
    window.close()
    db = sqlite3.connect(tmp_path / "log.sqlite")
    acks = db.execute(
        "SELECT user, json_extract(details, '$.scan_id') FROM audit_log WHERE action = ?",
        ["set_aside_acknowledged"],
    ).fetchall()
    assert [user for user, _ in acks] == ["tester", "second-shift"]
