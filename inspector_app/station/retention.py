"""The retention policy: evidence images of decided parcels are removed once they are old enough.

Images are the bulk of a station's disk (a year of parcels is hundreds of GB), and privacy rules
limit how long images of cleared parcels may be kept. What is removed, and what never is:
- an image goes only when *every* scan that shows it is decided (an undone decision does not
  count; a second view follows its parcel's decision) — undecided and set-aside scans stay;
- cleared parcels after `retention.clear_images_days`;
- flagged parcels (suspect, refer) after `retention.flagged_images_days`, and only once the hub
  has acknowledged the image: the case file must exist somewhere first;
- only files inside the evidence folder; the decision log rows (with the image's SHA-256) stay.
Each removal is recorded in the chained audit log *before* the file is deleted, so `verify`
can tell a removal by policy from a missing image; a crash in between leaves a recorded image
still on disk, which the next run deletes.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

from inspector_app.accounts.audit import write_audit
from inspector_app.config import RetentionSection
from inspector_app.domain import Verdict
from inspector_app.storage.db import open_database, transaction
from inspector_app.storage.purges import PURGE_ACTION, purged_images

RECORD_CHUNK = 500  # SHA-256s per audit row: one row per run stays readable in the audit viewer
CLEARED, FLAGGED = "cleared", "flagged"


@dataclass(frozen=True)
class RetentionPolicy:
    clear_images_days: int | None = None
    flagged_images_days: int | None = None

    @classmethod
    def of(cls, section: RetentionSection) -> RetentionPolicy:
        return cls(section.clear_images_days, section.flagged_images_days)

    @property
    def active(self) -> bool:
        return self.clear_images_days is not None or self.flagged_images_days is not None


@dataclass(frozen=True)
class ExpiredImage:
    sha256: str
    path: Path
    rule: str  # cleared | flagged
    decided_at: str  # the newest decision behind it


@dataclass
class PurgeResult:
    removed: list[ExpiredImage] = field(default_factory=list)
    freed_bytes: int = 0
    problems: list[str] = field(default_factory=list)  # files that could not be removed
    cancelled: bool = False

    def summary(self) -> str:
        rules = {
            rule: sum(1 for i in self.removed if i.rule == rule) for rule in (CLEARED, FLAGGED)
        }
        text = (
            f"{len(self.removed)} images removed ({rules[CLEARED]} cleared, {rules[FLAGGED]} "
            f"flagged), {self.freed_bytes / 1e6:.1f} MB freed"
        )
        if self.problems:
            text += f"; {len(self.problems)} could not be removed"
        return text + (" — stopped before the end" if self.cancelled else "")


def _count_rules(images: list[ExpiredImage]) -> dict[str, int]:
    return {rule: sum(1 for image in images if image.rule == rule) for rule in (CLEARED, FLAGGED)}


# Every scan that holds an image, with the decision in force for its parcel (a second view's
# parcel is its parent scan), or NULLs when the parcel is undecided.
_SCAN_DECISIONS = """
SELECT s.image_sha256, s.image_path, d.verdict, d.decided_at
FROM scans s
LEFT JOIN decisions d ON d.id = (
    SELECT max(id) FROM decisions
    WHERE scan_id = coalesce(s.parent_scan_id, s.scan_id) AND revoked_at IS NULL
)
WHERE s.image_path IS NOT NULL AND s.image_sha256 IS NOT NULL
"""


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # as storage/outbound reads


def _uploaded(db: sqlite_utils.Database) -> set[str]:
    """Images the hub has acknowledged (none when this station never had an outbox)."""
    if not db["outbox_evidence"].exists():
        return set()
    rows = db.execute("SELECT sha256 FROM outbox_evidence WHERE sent_at IS NOT NULL")
    return {row[0] for row in rows}


def expired_images(
    db: sqlite_utils.Database, policy: RetentionPolicy, now: datetime, evidence_root: Path
) -> list[ExpiredImage]:
    """The images the policy removes at `now`, oldest decision first."""
    limits: dict[str, int | None] = {
        CLEARED: policy.clear_images_days,
        FLAGGED: policy.flagged_images_days,
    }
    uploaded = _uploaded(db)
    root = evidence_root.resolve()
    # sha -> (path, rule, newest decision); rule None: some scan of it is undecided, keep it
    verdict_of: dict[str, tuple[Path, str | None, datetime]] = {}
    for sha, path, verdict, decided_text in db.execute(_SCAN_DECISIONS):
        seen = verdict_of.get(sha)
        if verdict is None or (seen is not None and seen[1] is None):
            verdict_of[sha] = (Path(path), None, now)
            continue
        rule = CLEARED if verdict == Verdict.CLEAR else FLAGGED
        decided = _aware(decided_text)
        if seen is not None:
            rule = FLAGGED if FLAGGED in (rule, seen[1]) else CLEARED
            decided = max(decided, seen[2])
        verdict_of[sha] = (Path(path), rule, decided)
    expired = []
    for sha, (file, kept_for, newest) in verdict_of.items():
        if kept_for is None:
            continue
        days = limits[kept_for]
        if days is None or newest > now - timedelta(days=days):
            continue
        if kept_for == FLAGGED and sha not in uploaded:
            continue
        if not file.resolve().is_relative_to(root):
            continue  # never delete anything outside the evidence folder
        expired.append(ExpiredImage(sha, file, kept_for, newest.isoformat()))
    return sorted(expired, key=lambda image: image.decided_at)


def _chunks(items: list[ExpiredImage], size: int) -> Iterable[list[ExpiredImage]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _intact(image: ExpiredImage, result: PurgeResult) -> bool:
    """Only an image still as it was logged is removed by the policy: a file already missing
    or changed is left for `verify` to report, never excused by a removal record."""
    digest = hashlib.sha256()
    try:
        with open(image.path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError as exc:
        result.problems.append(f"{image.path.name}: {exc.strerror or exc} (left for verify)")
        return False
    if digest.hexdigest() != image.sha256:
        result.problems.append(f"{image.path.name}: differs from the log (left for verify)")
        return False
    return True


def purge_expired_images(
    db: sqlite_utils.Database,
    policy: RetentionPolicy,
    evidence_root: Path,
    now: datetime | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> PurgeResult:
    """Record, then delete, every image the policy removes now."""
    now = now or datetime.now(UTC)
    result = PurgeResult()
    if not policy.active:
        return result
    already = purged_images(db.conn)
    for chunk in _chunks(expired_images(db, policy, now, evidence_root), RECORD_CHUNK):
        if cancelled():
            result.cancelled = True
            break
        new = [image for image in chunk if image.sha256 not in already]
        new = [image for image in new if _intact(image, result)]
        if new:
            with transaction(db):
                write_audit(
                    db,
                    at=now,
                    user=None,
                    action=PURGE_ACTION,
                    details={
                        "images": [image.sha256 for image in new],
                        "rules": _count_rules(new),
                        "policy": {
                            "clear_images_days": policy.clear_images_days,
                            "flagged_images_days": policy.flagged_images_days,
                        },
                    },
                )
        recorded = {image.sha256 for image in new} | already.keys()
        for image in chunk:
            if image.sha256 not in recorded:
                continue
            try:
                size = image.path.stat().st_size
                image.path.unlink()
            except FileNotFoundError:
                continue  # removed by an earlier, interrupted run
            except OSError as exc:
                result.problems.append(f"{image.path.name}: {exc.strerror or exc}")
                continue
            result.removed.append(image)
            result.freed_bytes += size
    return result


class RetentionService:
    """Runs the policy shortly after the station starts and then every `interval_s`, on its own
    thread and its own connection, so the inspector's screen never waits for a clean-up."""

    name = "retention"

    def __init__(
        self,
        db_path: Path,
        evidence_root: Path,
        policy: RetentionPolicy,
        interval_s: float = 6 * 3600,
        first_run_after_s: float = 60.0,
        on_result: Callable[[PurgeResult], None] | None = None,
    ) -> None:
        self.db_path, self.evidence_root, self.policy = db_path, evidence_root, policy
        self.interval_s, self.first_run_after_s = interval_s, first_run_after_s
        self.on_result = on_result
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_result: PurgeResult | None = None
        self.last_error: str | None = None

    def start(self) -> None:
        if not self.policy.active or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="retention", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def run_once(self) -> PurgeResult:
        db = open_database(self.db_path)
        try:
            return purge_expired_images(
                db, self.policy, self.evidence_root, cancelled=self._stop.is_set
            )
        finally:
            db.close()

    def _run(self) -> None:
        delay = self.first_run_after_s
        while not self._stop.wait(delay):
            delay = self.interval_s
            try:
                self.last_result = self.run_once()
                self.last_error = None
            except Exception as exc:
                self.last_error = f"retention clean-up failed: {exc}"
                continue
            if self.on_result is not None:
                self.on_result(self.last_result)
