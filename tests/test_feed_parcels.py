"""Which files make one parcel: energy pairs, two views, both; the words for a missing partner;
the hot folder's `raw` setting; the files feed's views through the same rule."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from inspector_app.config import SettingsError, load_settings
from inspector_app.domain import Scan
from inspector_app.feeds.base import ScanFailure
from inspector_app.feeds.files import FileListFeed
from inspector_app.feeds.parcels import Naming, Parcel, group_files
from inspector_app.imaging.raw_pairs import PairRule


def _paths(*names: str) -> list[Path]:
    return [Path(n) for n in names]


def test_energy_pairs_views_and_both_group_into_parcels() -> None:
    arrived = _paths(
        "B1_side.png",
        "solo.png",
        "B2_top_LOW.raw",
        "B1_top.png",  # completes B1 (two views)
        "B2_side_low.raw",
        "B2_top_high.raw",
        "B2_side_high.raw",  # completes B2 (two views, each an energy pair)
        "B3_low.png",  # waits for its high half
        "B4_top.png",  # waits for its side view
    )
    grouping = group_files(arrived, Naming())
    assert grouping.parcels == [
        Parcel(((Path("solo.png"),),)),
        Parcel(((Path("B1_top.png"),), (Path("B1_side.png"),))),
        Parcel(
            (
                (Path("B2_top_LOW.raw"), Path("B2_top_high.raw")),
                (Path("B2_side_low.raw"), Path("B2_side_high.raw")),
            )
        ),
    ]
    assert grouping.halves == [Path("B3_low.png")]
    assert grouping.lone_views == [Parcel(((Path("B4_top.png"),),))]
    flat = group_files(arrived[:4], Naming(views=None))  # dual_view off: every file alone
    assert [p.paths for p in flat.parcels] == [(p,) for p in arrived[:2] + arrived[3:4]]


def test_a_parcels_files_share_one_key_and_missing_partners_are_named() -> None:
    naming = Naming(PairRule("*-LE.*", "*-HE.*"))
    keys = {naming.parcel_key(n) for n in ("Bag9_top-LE.raw", "bag9_SIDE-he.raw", "BAG9_top.png")}
    assert keys == {"bag9"}
    assert naming.parcel_key("bag9.png") != naming.parcel_key("bag10.png")
    assert naming.missing_half(Path("Bag9-HE.raw")) == "the low-energy half of Bag9"
    assert naming.missing_view((Path("Bag9_side.png"),)) == ("the top view of Bag9", "side")
    pair = (Path("Bag9_top-LE.raw"), Path("Bag9_top-HE.raw"))
    assert naming.missing_view(pair) == ("the side view of Bag9", "top")


def test_the_files_feed_pairs_views_by_the_same_rule_and_loses_no_view(tmp_path: Path) -> None:
    def write(name: str, value: int) -> Path:
        path = tmp_path / name
        cv2.imwrite(str(path), np.full((40, 60, 3), value, np.uint8))
        return path

    top, side = write("P2_TOP.png", 10), write("p2_side.png", 20)
    broken = tmp_path / "P3_side.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30)
    lone = write("P3_top.png", 30)
    items = list(FileListFeed([side, lone, top, broken]).items(threading.Event()))
    two_view = [i for i in items if isinstance(i, Scan) and i.second_view is not None]
    assert len(two_view) == 1 and two_view[0].image[0, 0, 0] == 10  # names in any case
    # The side view that cannot be read is set aside; its top view is still screened.
    assert [type(i) for i in items[1:]] == [Scan, ScanFailure]
    assert items[1].image[0, 0, 0] == 30 and "P3_side.png" in items[2].reason


def _settings(tmp_path: Path, **hot: object) -> Path:
    feed = {"type": "hot_folder", "folder": str(tmp_path), **hot}
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"feeds": [feed]}))
    return path


def test_the_raw_setting_is_checked_with_its_path_in_the_message(tmp_path: Path) -> None:
    ok = load_settings(_settings(tmp_path, raw={"width": 1024, "bits": 12}))
    raw = ok.feeds[0].raw  # type: ignore[union-attr]
    assert raw is not None and (raw.width, raw.bits, raw.byte_order) == (1024, 12, "little")
    for bad, words in [
        ({}, "feeds.0.hot_folder.raw.width: Field required"),
        ({"width": 1024, "bits": 10}, "raw.bits: Input should be 12, 14 or 16"),
        ({"width": 1024, "byte_order": "middle"}, "raw.byte_order: Input should be 'little'"),
        ({"width": 4}, "raw.width: Input should be greater than or equal to 8"),
    ]:
        with pytest.raises(SettingsError, match=words.replace(".", r"\.")):
            load_settings(_settings(tmp_path, raw=bad))
    with pytest.raises(SettingsError, match="pair_low: Value error, needs a \\*"):
        load_settings(_settings(tmp_path, pair_low="low.raw"))
