"""TIP responses and per-inspector screening statistics, read from the same SQLite log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from inspector_app.domain import Box, Verdict
from inspector_app.storage.chain import seal
from inspector_app.storage.db import transaction
from inspector_app.storage.outbound import queue_tip_event


@dataclass(frozen=True)
class InspectorStats:
    inspector: str
    tip_presented: int
    tip_hits: int
    decisions: int  # real parcels, undone decisions excluded
    flagged: int  # real parcels sent to suspect or refer
    mean_decision_s: float | None

    @property
    def hit_rate(self) -> float | None:
        return self.tip_hits / self.tip_presented if self.tip_presented else None

    @property
    def false_alarm_rate(self) -> float | None:
        """Share of real (non-TIP) parcels flagged. Real parcels may hold real threats, so this
        is an upper bound on false alarms until search outcomes are recorded."""
        return self.flagged / self.decisions if self.decisions else None


class TipLog:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def record_response(
        self,
        *,
        scan_id: str,
        inspector: str,
        label: str,
        box: Box,
        response: Verdict,
        decided_at: datetime,
        duration_s: float,
    ) -> bool:
        """Log the inspector's answer to a TIP image; returns whether it was a hit."""
        hit = response is not Verdict.CLEAR
        with transaction(self.db):
            cursor = self.db.execute(
                "INSERT INTO tip_events (scan_id, inspector, label, x1, y1, x2, y2, response, hit,"
                " decided_at, duration_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    scan_id,
                    inspector,
                    label,
                    *box.as_list(),
                    response.value,
                    int(hit),
                    decided_at.isoformat(timespec="milliseconds"),
                    round(duration_s, 3),
                ],
            )
            assert cursor.lastrowid is not None  # an INSERT always sets it
            seal(self.db, "tip_events", cursor.lastrowid)
            queue_tip_event(self.db, cursor.lastrowid)
        return hit

    def inspector_stats(self) -> list[InspectorStats]:
        rows = self.db.query(
            """
            WITH tip AS (
                SELECT inspector, count(*) AS presented, sum(hit) AS hits
                FROM tip_events GROUP BY inspector
            ), real AS (
                SELECT inspector, count(*) AS decisions,
                       sum(verdict IN ('suspect', 'refer')) AS flagged,
                       avg(duration_s) AS mean_s
                FROM decision_log GROUP BY inspector
            ), names AS (SELECT inspector FROM tip UNION SELECT inspector FROM real)
            SELECT names.inspector, coalesce(tip.presented, 0) AS presented,
                   coalesce(tip.hits, 0) AS hits, coalesce(real.decisions, 0) AS decisions,
                   coalesce(real.flagged, 0) AS flagged, real.mean_s
            FROM names LEFT JOIN tip USING (inspector) LEFT JOIN real USING (inspector)
            ORDER BY names.inspector
            """
        )
        return [
            InspectorStats(
                r["inspector"],
                r["presented"],
                r["hits"],
                r["decisions"],
                r["flagged"],
                r["mean_s"],
            )
            for r in rows
        ]
