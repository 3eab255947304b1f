"""Check a case dossier against the station log and the evidence file.

Why field by field: "does not match" is useless to an investigator; the report names each
field that differs, with the dossier's and the log's values, and says whether the evidence
file, the attached record or the printed pages are what changed.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from inspector_app.reports import dossier_record
from inspector_app.reports.progress import ExportError
from inspector_app.reports.records import load_decision
from inspector_app.reports.scan_images import file_sha256


@dataclass
class DossierCheck:
    decision_id: int | None = None
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_dossier(path: Path) -> tuple[dict[str, Any], bytes, PdfReader]:
    """The attached record (parsed and raw) and the PDF; ExportError if it is no dossier."""
    try:
        reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
        attachments = reader.attachments
    except FileNotFoundError:
        raise ExportError(f"no such file: {path}") from None
    except (PdfReadError, OSError, ValueError) as exc:
        raise ExportError(f"{path} is not a readable PDF ({exc})") from None
    blobs = attachments.get(dossier_record.ATTACHMENT)
    if not blobs:
        raise ExportError(
            f"{path} carries no {dossier_record.ATTACHMENT}: it is not a case "
            "dossier made by inspector-app"
        )
    raw = blobs[0]
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportError(f"the attached record of {path} is damaged ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != dossier_record.FORMAT:
        raise ExportError(f"{path}: the attached record is not a case dossier record")
    if doc.get("version") != dossier_record.VERSION:
        raise ExportError(
            f"{path}: dossier record version {doc.get('version')} is not "
            f"supported (this app reads version {dossier_record.VERSION})"
        )
    return doc, raw, reader


def _diff(prefix: str, mine: Any, theirs: Any, out: list[str]) -> None:
    if isinstance(mine, dict) and isinstance(theirs, dict):
        for key in sorted(set(mine) | set(theirs)):
            _diff(f"{prefix}.{key}" if prefix else key, mine.get(key), theirs.get(key), out)
    elif mine != theirs:
        out.append(f"{prefix}: dossier says {mine!r}, log says {theirs!r}")


def check_dossier(db: sqlite_utils.Database, path: Path) -> DossierCheck:
    doc, raw, reader = read_dossier(path)
    result = DossierCheck()
    stated = doc.get("record") or {}
    result.decision_id = stated.get("decision_id")

    digest = dossier_record.sha256(raw)
    meta: Mapping[str, Any] = reader.metadata or {}
    if meta.get(dossier_record.METADATA_KEY) != digest:
        result.problems.append(
            "the attached record was changed after the dossier was made (its SHA-256 "
            f"{digest[:16]}… differs from the one in the PDF metadata "
            f"{str(meta.get(dossier_record.METADATA_KEY))[:16]}…)"
        )
    else:
        result.checked.append("attached record intact")

    if not isinstance(result.decision_id, int):
        result.problems.append("the attached record names no decision id")
        return result
    record = load_decision(db, result.decision_id)
    if record is None:
        row = db.execute(
            "SELECT revoked_at FROM decisions WHERE id = ?", [result.decision_id]
        ).fetchone()
        result.problems.append(
            f"decision {result.decision_id} was undone at {row[0]} and is no longer in force"
            if row
            else f"decision {result.decision_id} is not in this log"
        )
        return result

    facts = json.loads(dossier_record.encode(dossier_record.log_facts(db, record)))
    differences: list[str] = []
    _diff("", stated, facts, differences)
    result.problems += differences
    if not differences:
        result.checked.append("every recorded fact matches the log")

    evidence_sha = stated.get("evidence", {}).get("sha256")
    if record.image_path and Path(record.image_path).is_file():
        actual = file_sha256(Path(record.image_path))
        if actual != evidence_sha:
            result.problems.append(
                f"evidence file {record.image_path} has SHA-256 {actual}, the dossier states "
                f"{evidence_sha}"
            )
        else:
            result.checked.append("evidence file hash matches")
    elif record.image_removed_at and record.image_sha256 == evidence_sha:
        result.checked.append(
            f"evidence file removed on {record.image_removed_at[:10]} under the retention "
            "policy (recorded in the chained audit log); the dossier's SHA-256 matches the log"
        )
    else:
        result.problems.append(f"evidence file {record.image_path} is missing")

    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    for label, value in (
        ("evidence SHA-256", evidence_sha),
        ("model SHA-256", stated.get("model", {}).get("sha256")),
        ("decision number", f"decision#{result.decision_id}"),
    ):
        if value and str(value) not in text:
            result.problems.append(f"the printed pages do not show the record's {label}")
    if all("printed pages" not in p for p in result.problems):
        result.checked.append("printed pages show the recorded hashes")
    return result
