"""Case dossier: one PDF per confirmed find, for police, courts and partner agencies.

Why this shape: the receiving officer needs the picture (plain, as the inspector first saw it,
and enhanced), every box with its verdict, the identities (parcel, route, inspector, model and
evidence hashes) and the chain of custody, in one file that a machine can check later. The
facts are attached as `dossier.json` and its SHA-256 is stored in the PDF's metadata;
`inspector-app verify --dossier` compares them with the log and the evidence file.
Dossiers are refused for cleared parcels and for evidence that no longer matches its hash:
a dossier must never certify what the log cannot back.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from pypdf import PdfReader, PdfWriter
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from inspector_app import __version__
from inspector_app.reports import dossier_record
from inspector_app.reports.categories import customs_label
from inspector_app.reports.custody import CustodyEvent, custody_events
from inspector_app.reports.pdf_style import MARGIN, PAGE, page_frame, para, styles, table
from inspector_app.reports.progress import (
    CancelFlag,
    ExportError,
    ProgressCallback,
    Steps,
    atomic_output,
)
from inspector_app.reports.records import DecisionRecord, load_decision
from inspector_app.reports.scan_images import (
    EvidenceProblem,
    annotate,
    cue_colour,
    load_evidence,
    png_bytes,
)

CONTENT_WIDTH = PAGE[0] - 2 * MARGIN


@dataclass(frozen=True)
class DossierExport:
    path: Path
    record: DecisionRecord
    json_sha256: str


def find_decision(db: sqlite_utils.Database, decision_id: int) -> DecisionRecord:
    """The decision in force, or an ExportError that says why there is none."""
    record = load_decision(db, decision_id)
    if record is not None:
        if not record.flagged:
            raise ExportError(
                f"decision {decision_id} cleared the parcel; dossiers are made for suspect or "
                "referred parcels only"
            )
        return record
    row = db.execute("SELECT revoked_at FROM decisions WHERE id = ?", [decision_id]).fetchone()
    if row is not None:
        raise ExportError(f"decision {decision_id} was undone at {row[0]}; it is not in force")
    raise ExportError(f"there is no decision {decision_id} in this log")


def _picture(rgb: Any, width: float, max_height: float) -> Image:
    ratio = rgb.shape[1] / rgb.shape[0]
    w = min(width, max_height * ratio)
    return Image(io.BytesIO(png_bytes(rgb)), width=w, height=w / ratio)


def _views(record: DecisionRecord, enhance_name: str) -> tuple[list, str]:
    from inspector_app.imaging import enhance
    from inspector_app.imaging.material_map import ScanImage

    try:
        evidence = load_evidence(record)
    except EvidenceProblem as exc:
        raise ExportError(f"cannot make a dossier: {exc}") from None
    decoded = evidence.image
    scan = ScanImage(decoded.rgb, decoded.low, decoded.high)
    try:
        function = enhance.FUNCTIONS[enhance_name]
    except KeyError:
        known = ", ".join(enhance.FUNCTIONS)
        raise ExportError(f"unknown image function {enhance_name!r}; known: {known}") from None
    enhanced = function(scan)
    wide = decoded.rgb.shape[1] > 1.6 * decoded.rgb.shape[0]
    width = CONTENT_WIDTH if wide else CONTENT_WIDTH / 2 - 3 * mm
    max_h = 78 * mm if wide else 95 * mm
    std = _picture(annotate(decoded.rgb, record, 1400, min_side=900), width, max_h)
    enh = _picture(annotate(enhanced, record, 1400, min_side=900), width, max_h)
    s = styles()["small"]
    caption_std = Paragraph("Standard view (as screened)", s)
    caption_enh = Paragraph(f"Enhanced view: {function.label}", s)
    grid = (
        [[std], [caption_std], [enh], [caption_enh]]
        if wide
        else [[std, enh], [caption_std, caption_enh]]
    )
    t = Table(grid, hAlign="LEFT")
    t.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    kind = "dual-energy (raw channels kept)" if decoded.low is not None else "single image"
    return [t], kind


def _identity(record: DecisionRecord, doc: dict[str, Any], kind: str) -> Table:
    fmt = "%Y-%m-%d %H:%M:%S %Z"
    received = record.received_at.astimezone(UTC).strftime(fmt) if record.received_at else "—"
    rows = [
        ["Parcel ID", record.parcel_id or "—"],
        ["Route", f"{record.origin or '?'} → {record.destination or '?'}"],
        ["Decision", f"{record.verdict} · {customs_label(record.verdict, record.category)}"],
        ["Inspector", record.inspector],
        ["Received", received],
        ["Decided", record.decided_at.astimezone(UTC).strftime(fmt)],
        ["Decision time", f"{record.duration_s:.1f} s"],
        ["Scan", f"{record.scan_id}" + (f" · lane {record.lane}" if record.lane else "")],
        ["Model", f"{record.model_name} {record.model_version}"],
        ["Model SHA-256", para(record.model_sha256 or "—", "mono")],
        ["Evidence SHA-256", para(record.image_sha256 or "—", "mono")],
        ["Evidence", kind],
    ]
    for view in doc["record"]["second_views"]:
        rows.append([f"Second view {view['scan_id']}", para(view["image_sha256"], "mono")])
    if record.note:
        rows.append(["Inspector's note", para(record.note, "cell")])
    return table(rows, [38 * mm, CONTENT_WIDTH - 38 * mm], header=False)


def _cues(record: DecisionRecord) -> list:
    rows: list[list[Any]] = [
        ["#", "Source", "Label", "Score", "Box (x1, y1, x2, y2 px)", "Inspector's verdict"]
    ]
    for i, det in enumerate(record.detections):
        box = ", ".join(f"{float(v):.0f}" for v in det.get("box", []))
        verdict = record.reviews.get(i, "not judged")
        rows.append(
            [
                str(i + 1),
                "detector",
                det.get("label", ""),
                f"{float(det.get('score', 0)):.2f}",
                box,
                verdict,
            ]
        )
    for j, mark in enumerate(record.marks):
        box = ", ".join(f"{float(v):.0f}" for v in mark["box"])
        rows.append([f"D{j + 1}", "drawn by inspector", mark["label"], "—", box, "missed item"])
    if len(rows) == 1:
        return [para("No detector cue and no drawn box on this scan.")]
    t = table(rows, [10 * mm, 30 * mm, 32 * mm, 14 * mm, 50 * mm, 40 * mm])
    colours = [
        ("TEXTCOLOR", (5, i + 1), (5, i + 1), _hex(cue_colour(record, i)))
        for i in range(len(record.detections))
    ]
    t.setStyle(TableStyle(colours))
    return [
        t,
        Spacer(1, 1 * mm),
        para(
            "Boxes: red = confirmed by the inspector, grey = rejected, amber = not judged, dashed "
            "magenta = drawn by the inspector on an item the detector missed.",
            "small",
        ),
    ]


def _hex(rgb: tuple[int, int, int]) -> Any:
    from reportlab.lib import colors

    return colors.Color(*(c / 255 for c in rgb))


def _custody(events: list[CustodyEvent]) -> Table:
    rows: list[list[Any]] = [["Time (UTC)", "Event", "By", "Details"]]
    for e in events:
        rows.append(
            [
                e.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                para(e.event, "cell"),
                e.by,
                para(e.details, "cell"),
            ]
        )
    return table(rows, [35 * mm, 36 * mm, 21 * mm, CONTENT_WIDTH - 92 * mm])


def _attach(pdf: bytes, payload: bytes, digest: str, record: DecisionRecord, made_by: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment(dossier_record.ATTACHMENT, payload)
    writer.add_metadata(
        {
            dossier_record.METADATA_KEY: digest,
            "/Title": f"Case dossier — decision {record.decision_id}",
            "/Subject": f"decision {record.decision_id}; evidence SHA-256 {record.image_sha256}",
            "/Keywords": f"inspector-app dossier {record.decision_id} {record.image_sha256}",
            "/Author": made_by,
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def export_dossier(
    db: sqlite_utils.Database,
    decision_id: int,
    out: Path,
    *,
    station: str,
    made_by: str,
    enhance_name: str = "clahe",
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
    now: datetime | None = None,
) -> DossierExport:
    steps = Steps(progress, cancel)
    steps.report(0.0, "reading the decision")
    record = find_decision(db, decision_id)
    made_at = now or datetime.now(UTC)
    doc = dossier_record.build(
        db, record, station=station, made_by=made_by, made_at=made_at, app_version=__version__
    )
    payload = dossier_record.encode(doc)
    digest = dossier_record.sha256(payload)
    steps.report(0.2, "rendering the scan")
    views, kind = _views(record, enhance_name)
    steps.report(0.6, "chain of custody")
    events = custody_events(db, record)
    events.append(
        CustodyEvent(
            made_at,
            "this dossier generated",
            made_by,
            f"station {station}; record SHA-256 {digest}",
            "export",
        )
    )
    story: list = [
        Paragraph(f"Case dossier — decision #{record.decision_id}", styles()["title"]),
        para(
            f"Station {station} · generated {made_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC by "
            f"{made_by} · inspector-app {__version__}"
        ),
        Spacer(1, 3 * mm),
        *views,
        Spacer(1, 3 * mm),
        _identity(record, doc, kind),
        KeepTogether([para("Cues and drawn boxes", "h2"), *_cues(record)]),
        KeepTogether([para("Chain of custody", "h2"), _custody(events)]),
        KeepTogether(
            [
                para("Verification", "h2"),
                para(
                    f"The facts above are attached to this PDF as {dossier_record.ATTACHMENT} "
                    f"(SHA-256 {digest}, also in the document metadata). Check this dossier "
                    "against the station log and the evidence file with: "
                    "inspector-app verify --dossier FILE"
                ),
            ]
        ),
    ]
    buffer = io.BytesIO()
    frame = page_frame(
        f"Case dossier · decision #{record.decision_id} · parcel {record.parcel_id or '—'}"
    )
    SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        creator="inspector-app",
    ).build(story, onFirstPage=frame, onLaterPages=frame)
    steps.report(0.85, "attaching the machine-readable record")
    data = _attach(buffer.getvalue(), payload, digest, record, made_by)
    with atomic_output(Path(out), suffix=".pdf") as tmp:
        tmp.write_bytes(data)
        steps.check()
    steps.report(1.0, "done")
    return DossierExport(Path(out), record, digest)
