"""Shared PDF look for reports and dossiers: fonts, paragraph styles, table style, page frame.

Why DejaVu: inspector names, parcel IDs and notes may hold any script; reportlab's built-in
Helvetica only covers Latin-1. matplotlib (already a dependency) ships DejaVu Sans, so the
PDF embeds it without another package.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Table, TableStyle

PAGE = A4
MARGIN = 15 * mm
NAVY = colors.HexColor("#1f3a5f")
LIGHT = colors.HexColor("#eef2f7")


@cache
def fonts() -> tuple[str, str, str]:
    """(regular, bold, monospace) font names, registering DejaVu when it can be found."""
    try:
        import matplotlib

        base = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        pdfmetrics.registerFont(TTFont("DejaVu", str(base / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(base / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVu-Mono", str(base / "DejaVuSansMono.ttf")))
        return "DejaVu", "DejaVu-Bold", "DejaVu-Mono"
    except Exception:  # no TTF available: the built-in fonts still give a readable report
        return "Helvetica", "Helvetica-Bold", "Courier"


@cache
def styles() -> dict[str, ParagraphStyle]:
    regular, bold, mono = fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle(
            "t",
            parent=base["Title"],
            fontName=bold,
            fontSize=17,
            leading=21,
            alignment=0,
            textColor=NAVY,
            spaceAfter=4,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base["Heading2"],
            fontName=bold,
            fontSize=12,
            leading=15,
            textColor=NAVY,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "body": ParagraphStyle(
            "b", parent=base["BodyText"], fontName=regular, fontSize=8.5, leading=11
        ),
        "small": ParagraphStyle(
            "s", parent=base["BodyText"], fontName=regular, fontSize=7, leading=8.5
        ),
        "cell": ParagraphStyle(
            "c", parent=base["BodyText"], fontName=regular, fontSize=7.5, leading=9
        ),
        "head": ParagraphStyle(
            "h",
            parent=base["BodyText"],
            fontName=bold,
            fontSize=7.5,
            leading=9,
            textColor=colors.white,
        ),
        "mono": ParagraphStyle(
            "m", parent=base["BodyText"], fontName=mono, fontSize=6.8, leading=8.5
        ),
    }


def para(text: Any, style: str = "body") -> Paragraph:
    return Paragraph(escape("" if text is None else str(text)), styles()[style])


def table(
    rows: list[list[Any]],
    widths: list[float] | None = None,
    *,
    header: bool = True,
    zebra: bool = True,
) -> Table:
    """A compact table; strings become wrapped paragraphs, the first row a navy header."""
    regular, bold, _ = fonts()
    data = [
        [
            para(v, "head" if header and r == 0 else "cell")
            if isinstance(v, str) and len(v) > 18
            else v
            for v in row
        ]
        for r, row in enumerate(rows)
    ]
    t = Table(data, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    cmds: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, -1), (-1, -1), 0.4, NAVY),
    ]
    if header:
        cmds += [
            ("BACKGROUND", (0, 0), (-1, 0), NAVY),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("FONTNAME", (0, 0), (-1, 0), bold),
        ]
    if zebra:
        for r in range(1 if header else 0, len(rows)):
            if r % 2 == 0:
                cmds.append(("BACKGROUND", (0, r), (-1, r), LIGHT))
    t.setStyle(TableStyle(cmds))
    return t


def page_frame(title: str) -> Callable[[Any, Any], None]:
    """onPage callback: a running head with `title` and a page number foot."""
    regular, bold, _ = fonts()

    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        width, height = PAGE
        canvas.setStrokeColor(NAVY)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, height - MARGIN + 4, width - MARGIN, height - MARGIN + 4)
        canvas.setFont(bold, 7.5)
        canvas.setFillColor(NAVY)
        canvas.drawString(MARGIN, height - MARGIN + 7, title)
        canvas.setFont(regular, 7)
        canvas.drawRightString(width - MARGIN, MARGIN - 9, f"page {doc.page}")
        canvas.drawString(MARGIN, MARGIN - 9, "inspector-app · generated from the station log")
        canvas.restoreState()

    return draw


def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"
