"""Real decision logs for report tests, written through the app's own storage API.

A shift from 06:00 to 14:00 UTC on 2026-11-23: three inspectors, clear/suspect/refer
decisions with per-cue verdicts and drawn boxes, TIP answers, a quarantined scan, an undone
decision and a decision outside the shift; evidence images are real PNG and dual-energy TIFF
files in the content-addressed store.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
from argon2 import PasswordHasher

from inspector_app.accounts import AccountService, Role
from inspector_app.domain import (
    Box,
    BoxReview,
    Category,
    Decision,
    Detection,
    Mark,
    ModelInfo,
    Verdict,
)
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import EvidenceStore, encode_scan
from inspector_app.storage.tip_log import TipLog

MODEL = ModelInfo("parcel-threat-det", "0.3.0", "d" * 64)
SHIFT_START = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
SHIFT_END = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
LANES = ("L1", "L2")
PASSWORDS = {"root": "admin-pass-1", "sue": "super-pass-1", "ian": "inspector-1"}


def scan_picture(seed: int, size: tuple[int, int] = (160, 120)) -> np.ndarray:
    """A small parcel-like RGB picture: a box outline with a dark object, varying by seed."""
    w, h = size
    rng = np.random.default_rng(seed)
    img = np.full((h, w, 3), 235, np.uint8)
    cv2.rectangle(img, (8, 8), (w - 8, h - 8), (200, 140, 60), 3)
    x, y = int(rng.integers(20, w - 60)), int(rng.integers(20, h - 50))
    cv2.rectangle(img, (x, y), (x + 40, y + 25), (40, 60, 160), -1)
    return img


def dual_pair(seed: int, size: tuple[int, int] = (160, 120)) -> tuple[np.ndarray, np.ndarray]:
    w, h = size
    rng = np.random.default_rng(seed)
    high = np.full((h, w), 60000, np.uint16)
    high[30:80, 40:110] = 20000 + rng.integers(0, 500, (50, 70)).astype(np.uint16)
    low = (high.astype(np.float64) ** 1.05 / 65535**0.05).astype(np.uint16)
    return low, high


def lanes_supported(log: DecisionLog) -> bool:
    """Lanes arrive with another issue: use them when the storage API takes them."""
    return "lane" in inspect.signature(log.record_screened).parameters


@dataclass
class Facts:
    """What the log holds, written down independently of the report code."""

    path: Path
    in_shift: list[int] = field(default_factory=list)  # decision ids in force in the shift
    verdicts: dict[int, str] = field(default_factory=dict)
    categories: dict[int, str | None] = field(default_factory=dict)
    inspectors: dict[int, str] = field(default_factory=dict)
    durations: dict[int, float] = field(default_factory=dict)
    alarmed: set[int] = field(default_factory=set)
    routes: dict[int, tuple[str, str]] = field(default_factory=dict)
    undone: int = 0
    outside: int = 0  # decision id decided outside the shift
    dual: int = 0  # a decision whose evidence is a dual-energy TIFF
    tips: list[tuple[str, bool]] = field(default_factory=list)
    parcels: dict[int, str] = field(default_factory=dict)
    lanes: dict[int, str] = field(default_factory=dict)  # only when the log records lanes


def build_log(root: Path) -> Facts:
    path = root / "data" / "decisions.sqlite"
    log = DecisionLog(path)
    store = EvidenceStore(root / "data" / "evidence")
    tip = TipLog(log.db)
    facts = Facts(path)
    plan = [
        # (inspector, verdict, category, cues, reviews, marks, parcel, origin, dest, minute)
        ("ian", Verdict.CLEAR, None, 0, {}, [], "P-100", "CN", "BE", 5),
        ("ian", Verdict.CLEAR, None, 1, {0: False}, [], "P-101", "CN", "BE", 20),
        ("ian", Verdict.SUSPECT, Category.WEAPONS, 1, {0: True}, [], "P-102", "TR", "BE", 40),
        (
            "ian",
            Verdict.SUSPECT,
            Category.DRUGS,
            2,
            {0: True, 1: False},
            [],
            "P-103",
            "CO",
            "NL",
            65,
        ),
        ("ann", Verdict.REFER, None, 0, {}, [("knife", (20, 20, 60, 50))], "P-104", "CN", "BE", 70),
        ("ann", Verdict.CLEAR, None, 0, {}, [], "P-105", "US", "BE", 130),
        (
            "ann",
            Verdict.SUSPECT,
            Category.WILDLIFE,
            1,
            {0: True},
            [("wildlife", (5, 5, 40, 30))],
            "P-106",
            "VN",
            "DE",
            135,
        ),
        ("bob", Verdict.SUSPECT, Category.COUNTERFEIT, 0, {}, [], "=HYPERLINK(1)", "CN", "FR", 200),
        ("bob", Verdict.CLEAR, None, 1, {0: False}, [], "P-108", "CN", "FR", 210),
        ("bob", Verdict.SUSPECT, Category.EXCISE, 1, {}, [], "P-109", "AE", "BE", 300),
    ]
    for n, (who, verdict, cat, cues, reviews, marks, parcel, org, dst, minute) in enumerate(plan):
        scan_id = f"S{n:03d}"
        received = SHIFT_START + timedelta(minutes=minute)
        if n == 3:
            low, high = dual_pair(n)
            from inspector_app.imaging.decode import dual_energy_image

            rgb = dual_energy_image(low, high).rgb
            stored = store.put(*encode_scan(rgb, low, high))
        else:
            rgb = scan_picture(n)
            stored = store.put(*encode_scan(rgb, None, None))
        labels = ["handgun", "powder_pack"]
        detections = [
            Detection(labels[i % 2], 0.8 - 0.1 * i, Box(30 + 10 * i, 30, 90 + 10 * i, 70), i)
            for i in range(cues)
        ]
        lane = {"lane": LANES[n % 2]} if lanes_supported(log) else {}
        log.record_screened(
            scan_id=scan_id,
            source="demo",
            received_at=received,
            image=stored,
            size=(rgb.shape[1], rgb.shape[0]),
            model=MODEL,
            detections=detections,
            inference_ms=20.0,
            **lane,
        )
        duration = 2.0 + n
        decision = Decision(
            scan_id,
            verdict,
            who,
            received + timedelta(seconds=duration),
            duration,
            category=cat,
            parcel_id=parcel,
            origin_country=org,
            destination_country=dst,
            box_reviews=tuple(BoxReview(i, detections[i].label, ok) for i, ok in reviews.items()),
            marks=tuple(Mark(lbl, Box(*b)) for lbl, b in marks),
            note="hidden in shoes" if verdict is Verdict.SUSPECT else "",
        )
        d_id = log.record_decision(decision)
        if lane:
            facts.lanes[d_id] = lane["lane"]
        facts.in_shift.append(d_id)
        facts.verdicts[d_id] = verdict.value
        facts.categories[d_id] = cat.value if cat else None
        facts.inspectors[d_id] = who
        facts.durations[d_id] = duration
        facts.routes[d_id] = (org, dst)
        facts.parcels[d_id] = parcel
        if cues:
            facts.alarmed.add(d_id)
        if n == 3:
            facts.dual = d_id
    # an undone decision: screened, decided, revoked, decided again (the second counts)
    stored = store.put(*encode_scan(scan_picture(50), None, None))
    log.record_screened(
        scan_id="S050",
        source="demo",
        received_at=SHIFT_START + timedelta(minutes=90),
        image=stored,
        size=(160, 120),
        model=MODEL,
        detections=[],
        inference_ms=20.0,
    )
    first = log.record_decision(
        Decision("S050", Verdict.CLEAR, "ann", SHIFT_START + timedelta(minutes=91), 4.0)
    )
    log.revoke_decision(first, SHIFT_START + timedelta(minutes=91, seconds=5))
    again = log.record_decision(
        Decision(
            "S050",
            Verdict.REFER,
            "ann",
            SHIFT_START + timedelta(minutes=91, seconds=20),
            6.0,
            parcel_id="P-150",
            origin_country="CN",
            destination_country="BE",
        )
    )
    facts.undone = first
    facts.in_shift.append(again)
    facts.verdicts[again], facts.categories[again] = "refer", None
    facts.inspectors[again], facts.durations[again] = "ann", 6.0
    facts.routes[again], facts.parcels[again] = ("CN", "BE"), "P-150"
    # outside the shift (the next morning)
    stored = store.put(*encode_scan(scan_picture(60), None, None))
    log.record_screened(
        scan_id="S060",
        source="demo",
        received_at=SHIFT_END + timedelta(hours=20),
        image=stored,
        size=(160, 120),
        model=MODEL,
        detections=[],
        inference_ms=20.0,
    )
    facts.outside = log.record_decision(
        Decision(
            "S060",
            Verdict.SUSPECT,
            "ian",
            SHIFT_END + timedelta(hours=20, seconds=3),
            3.0,
            category=Category.DRUGS,
            origin_country="CN",
            destination_country="BE",
        )
    )
    log.record_quarantined(
        scan_id="Q001",
        source="demo",
        received_at=SHIFT_START + timedelta(minutes=15),
        reason="truncated PNG",
    )
    # TIP answers in the shift
    for who, hit, minute in [
        ("ian", True, 30),
        ("ian", False, 60),
        ("ann", True, 100),
        ("bob", True, 220),
    ]:
        tip.record_response(
            scan_id="S000",
            inspector=who,
            label="handgun",
            box=Box(1, 1, 20, 20),
            response=Verdict.SUSPECT if hit else Verdict.CLEAR,
            decided_at=SHIFT_START + timedelta(minutes=minute),
            duration_s=3.0,
        )
        facts.tips.append((who, hit))
    log.close()
    return facts


def add_users(path: Path) -> None:
    service = AccountService.open(
        path, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    admin = service.create_first_admin("root", PASSWORDS["root"])
    service.create_user(admin, "sue", Role.SUPERVISOR, PASSWORDS["sue"])
    service.create_user(admin, "ian", Role.INSPECTOR, PASSWORDS["ian"])
    service.logout(admin)
    service.close()
