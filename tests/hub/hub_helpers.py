"""Record factories shared by the hub tests and the bench."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

from inspector_app.storage.outbox import OutboxRecord

VERDICTS = ("clear", "suspect", "refer")


def decisions(station: str, n: int, start: datetime | None = None, lane: str = "1") -> list:
    start = start or datetime.now(UTC) - timedelta(hours=1)
    out = []
    for i in range(n):
        verdict = VERDICTS[i % 3]
        out.append(
            OutboxRecord(
                key=f"{station}-d{i}",
                kind="decision",
                occurred_at=start + timedelta(seconds=i),
                payload={
                    "lane": lane,
                    "scan_id": f"{station}-s{i}",
                    "verdict": verdict,
                    "category": "drugs" if verdict == "suspect" else None,
                    "origin_country": "CN",
                    "destination_country": "BE",
                    "inspector": "j.doe",
                },
            )
        )
    return out


class ListOutbox:
    """An in-memory outbox satisfying the uploader's protocol (plus backlog)."""

    def __init__(self, records: list[OutboxRecord]) -> None:
        self.records = {r.key: r for r in records}
        self.sent: dict[str, int] = {}

    def pending(self, limit: int) -> list[OutboxRecord]:
        return [r for k, r in self.records.items() if k not in self.sent][:limit]

    def mark_sent(self, keys) -> None:
        for key in keys:
            self.sent[key] = self.sent.get(key, 0) + 1

    def backlog(self) -> int:
        return len(self.records) - len(self.sent)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
