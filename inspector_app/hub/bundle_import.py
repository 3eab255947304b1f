"""Importing a bundle a supervisor carried from an offline station (see `sync.bundle`).

Trust comes from enrolment, not from the bundle: the manifest must verify against the public
key the hub holds for the station it names, so a bundle from an unknown station, or signed with
any other key (a copied bundle re-signed elsewhere, a replaced PC not yet re-enrolled), is
refused before anything is stored. Then storing goes through the functions behind the HTTP API:
each record file (at most one batch) is validated by the same `BatchIn` model, time-checked by
`store.check_times` and stored by `store.ingest`; each evidence file is appended through
`EvidenceStore.append` (which checks its SHA-256 before it takes its final name) and recorded by
`store.record_evidence`. Storing is therefore idempotent exactly as uploads are: importing a
bundle twice, or records that also arrived over the network, stores each once.

Every record file is validated before the first one is stored, so a bundle the hub cannot take
in full is refused as a whole with the reason, instead of being half imported.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from inspector_app.hub import store
from inspector_app.hub.evidence import EvidenceRejected, EvidenceStore, OffsetMismatch
from inspector_app.hub.schemas import BatchIn
from inspector_app.sync.bundle_check import (
    BundleChanged,
    BundleCheck,
    evidence_files,
    read_record_files,
    verify_bundle,
)
from inspector_app.sync.wire import MAX_CHUNK_BYTES


class BundleRefused(Exception):
    """The bundle is refused; `problems` says why. Nothing of it was stored, except when it
    changed while being imported (then importing it again, once sound, is harmless)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportResult:
    station_id: str
    records: int = 0
    evidence: int = 0
    records_new: int = 0
    records_present: int = 0
    evidence_new: int = 0
    evidence_present: int = 0
    key_source: str = ""


def check_bundle(pool, path: Path) -> BundleCheck:
    """Verify `path` against the key enrolled for the station its manifest names."""
    return verify_bundle(path, enrolled_key=lambda sid: store.station_public_key(pool, sid))


def _batches(check: BundleCheck) -> list[tuple[str, BatchIn]]:
    """Every record file as a validated batch; BundleRefused naming each file that is not."""
    total = check.records
    batches, problems, done = [], [], 0
    for name, records in read_record_files(check):
        done += len(records)
        try:
            batch = BatchIn.model_validate({"records": records, "backlog": total - done})
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            problems.append(f"{name}: {where}: {first['msg']} ({exc.error_count()} problem(s))")
            continue
        problem = store.check_times(batch)
        if problem:
            problems.append(f"{name}: {problem}")
        batches.append((name, batch))
    if problems:
        raise BundleRefused(problems)
    return batches


def _feed(evidence: EvidenceStore, station_id: str, sha256: str, path: Path, size: int) -> None:
    """Append the file to the hub's evidence store from where the store stands (an upload of the
    same file that broke off leaves a partial file to resume), restarting from byte 0 once if the
    store discards a stale partial whose bytes were not these."""
    restarted = False
    offset = evidence.state(station_id, sha256).received
    with open(path, "rb") as handle:
        while True:
            handle.seek(offset)
            chunk = handle.read(MAX_CHUNK_BYTES)
            if not chunk and offset < size:
                raise BundleChanged(f"evidence/{sha256} is shorter than its {size} bytes")
            try:
                state = evidence.append(station_id, sha256, offset, size, chunk)
            except OffsetMismatch as exc:  # the station's own upload of it is running too
                offset = exc.received
                continue
            except EvidenceRejected as exc:
                if restarted:
                    raise BundleChanged(f"evidence/{sha256}: {exc}") from None
                restarted, offset = True, 0
                continue
            if state.complete:
                return
            offset = state.received


def import_bundle(
    pool,
    evidence: EvidenceStore,
    path: Path,
    *,
    partitions: store.PartitionCache | None = None,
    verify_only: bool = False,
) -> ImportResult:
    """Verify the bundle at `path` against the enrolled key, then store what the hub lacks.

    Raises BundleRefused (nothing stored) when the bundle is unsound, the station unknown, the key
    not the enrolled one, or a record invalid. `verify_only`: check everything, store nothing.
    """
    check = check_bundle(pool, path)
    if not check.ok:
        raise BundleRefused(check.problems)
    result = ImportResult(
        check.station_id, check.records, check.evidence, key_source=check.key_source
    )
    try:
        batches = _batches(check)
        if verify_only:
            return result
        partitions = partitions or store.PartitionCache()
        for _, batch in batches:
            # `ingest` is the upload path's transaction, replay guard included; a bundle is not a
            # request, so each batch gets a fresh nonce that can never collide (pruned as usual)
            nonce = "bundle-" + secrets.token_urlsafe(24)
            ack = store.ingest(pool, partitions, check.station_id, nonce, batch)
            result.records_new += ack.stored
            result.records_present += ack.duplicates
        store.prune_nonces(pool)
        for sha256, file, size in evidence_files(check):
            known = store.evidence_known(pool, check.station_id, sha256)
            if known is not None and evidence.state(check.station_id, sha256).complete:
                result.evidence_present += 1
                continue
            _feed(evidence, check.station_id, sha256, file, size)
            store.record_evidence(pool, check.station_id, sha256, size)
            result.evidence_new += 1
    except BundleChanged as exc:
        raise BundleRefused(
            [f"{exc}: the bundle changed while it was imported; import again"]
        ) from None
    return result
