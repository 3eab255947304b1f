"""Archive search and recall on a real log: every filter checked against what the log holds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from report_log import LANES, MODEL, SHIFT_END, SHIFT_START, Facts, lanes_supported

from inspector_app.reports.archive import ArchiveQuery, known_models, recall, search_archive
from inspector_app.reports.progress import ExportError
from inspector_app.reports.records import Period, load_decision, open_log
from inspector_app.reports.scan_images import EvidenceProblem
from inspector_app.storage.decision_log import DecisionLog


@pytest.fixture
def db(shift_log: Facts):
    handle = open_log(shift_log.path)
    yield handle
    handle.conn.close()


def _ids(db, **fields) -> list[int]:
    return [hit.decision_id for hit in search_archive(db, ArchiveQuery(**fields))]


def test_without_filters_every_decision_in_force_newest_first(db, shift_log: Facts):
    hits = search_archive(db, ArchiveQuery())
    assert sorted(h.decision_id for h in hits) == sorted([*shift_log.in_shift, shift_log.outside])
    assert shift_log.undone not in {h.decision_id for h in hits}
    assert [h.decided_at for h in hits] == sorted((h.decided_at for h in hits), reverse=True)
    first = hits[0]
    assert first.decision_id == shift_log.outside and first.model == "parcel-threat-det 0.3.0"


def test_each_filter_matches_what_the_log_holds(db, shift_log: Facts):
    f = shift_log
    in_force = [*f.in_shift, f.outside]
    assert sorted(_ids(db, period=Period(SHIFT_START, SHIFT_END))) == sorted(f.in_shift)
    ian = [d for d in f.in_shift if f.inspectors[d] == "ian"]
    ian_suspect = [d for d in ian if f.verdicts[d] == "suspect"]
    # the decision outside the shift is ian's, suspect (drugs)
    assert sorted(_ids(db, inspector="IAN")) == sorted([*ian, f.outside])
    assert sorted(_ids(db, verdict="suspect", inspector="ian")) == sorted([*ian_suspect, f.outside])
    assert _ids(db, category="weapons") == [d for d in f.in_shift if f.categories[d] == "weapons"]
    assert sorted(_ids(db, model=MODEL.name)) == sorted(in_force)
    assert sorted(_ids(db, model=f"{MODEL.name} {MODEL.version}")) == sorted(in_force)
    assert _ids(db, model="another-model") == []
    log = DecisionLog(f.path)
    try:
        with_lanes = lanes_supported(log)
    finally:
        log.close()
    if with_lanes:
        assert sorted(_ids(db, lane=LANES[0])) == sorted(
            d for d, lane in f.lanes.items() if lane == LANES[0]
        )


def test_parcel_id_matches_any_part_in_any_case_and_wildcards_are_literal(db, shift_log):
    expected = sorted(d for d, p in shift_log.parcels.items() if p and p.startswith("P-10"))
    assert sorted(_ids(db, parcel_id="p-10")) == expected
    assert _ids(db, parcel_id="hyperlink") == [
        d for d, p in shift_log.parcels.items() if p == "=HYPERLINK(1)"
    ]
    assert _ids(db, parcel_id="%") == [] and _ids(db, parcel_id="P_1") == []


def test_a_vague_query_is_capped(db):
    assert len(_ids(db, limit=3)) == 3


def test_models_listed_for_the_filter(db):
    assert known_models(db) == [f"{MODEL.name} {MODEL.version}"]


def test_recall_brings_back_the_picture_cues_verdicts_and_drawn_boxes(db, shift_log: Facts):
    ann_refer = next(
        d for d, p in shift_log.parcels.items() if p == "P-104"
    )  # ann drew a knife on it
    scan = recall(db, ann_refer)
    assert scan.rgb.shape == (120, 160, 3)
    assert [label for label, _ in scan.marks] == ["knife"]
    assert scan.marks[0][1].as_list() == [20, 20, 60, 50]
    dual = recall(db, shift_log.dual)
    assert [d.label for d in dual.detections] == ["handgun", "powder_pack"]
    assert dual.record.reviews == {0: "confirmed", 1: "rejected"}


def test_recall_refuses_an_undone_decision_and_an_altered_evidence_file(db, shift_log: Facts):
    with pytest.raises(ExportError, match="not in force"):
        recall(db, shift_log.undone)
    record = load_decision(db, shift_log.in_shift[0])
    assert record is not None and record.image_path
    path = Path(record.image_path)
    os.chmod(path, 0o644)
    path.write_bytes(path.read_bytes() + b"tampered")
    with pytest.raises(EvidenceProblem, match="does not match"):
        recall(db, record.decision_id)
