"""The hub's one read-only HTML page: station health, route × category counts and recent
decisions. Server-rendered with escaped values, no JavaScript, no external assets, so it works on
an isolated network and in a headless browser."""

from __future__ import annotations

from datetime import datetime
from html import escape
from urllib.parse import urlencode

_STYLE = """
body{font-family:system-ui,sans-serif;margin:24px;background:#f6f7f9;color:#1d232b}
h1{font-size:22px;margin:0 0 4px} h2{font-size:16px;margin:24px 0 8px}
.sub{color:#5b6673;font-size:13px}
table{border-collapse:collapse;background:#fff;font-size:13px;min-width:420px}
th,td{border:1px solid #d8dde3;padding:4px 10px;text-align:left}
th{background:#e9edf2} td.n{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:flex;gap:32px;flex-wrap:wrap;align-items:flex-start}
form{margin:8px 0;font-size:13px} input,select{font-size:13px}
.late{color:#b3261e;font-weight:600} .ok{color:#1e7b34}
.suspect{color:#b3261e} .refer{color:#a45c00} .clear{color:#1e7b34}
"""


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return str(value)


def _cell(value: object, numeric: bool = False, cls: str = "") -> str:
    classes = " ".join(c for c in ("n" if numeric else "", cls) if c)
    attr = f' class="{classes}"' if classes else ""
    return f"<td{attr}>{escape(_fmt(value))}</td>"


def _table(headers: list[str], rows: list[str], empty: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(rows) or f'<tr><td colspan="{len(headers)}">{escape(empty)}</td></tr>'
    return f"<table><tr>{head}</tr>{body}</table>"


def render(
    stations: list[dict],
    routes: list[dict],
    records: list[dict],
    filters: dict,
    period: tuple[datetime, datetime],
) -> str:
    start, end = period
    now = end
    station_rows = []
    for s in stations:
        last = s["last_upload_at"]
        stale = last is None or (now - last).total_seconds() > 3600
        status = "no upload for over an hour" if stale else "uploading"
        station_rows.append(
            "<tr>"
            + _cell(s["station_id"])
            + _cell(s["lane"])
            + _cell(last)
            + _cell(s["backlog"], numeric=True)
            + _cell(s["records"], numeric=True)
            + _cell(status, cls="late" if stale else "ok")
            + "</tr>"
        )
    route_rows = [
        "<tr>"
        + _cell(r["origin_country"])
        + _cell(r["destination_country"])
        + _cell(r["category"])
        + _cell(r["verdict"], cls=r["verdict"] or "")
        + _cell(r["parcels"], numeric=True)
        + "</tr>"
        for r in routes
    ]
    record_rows = [
        "<tr>"
        + _cell(r["occurred_at"])
        + _cell(r["station_id"])
        + _cell(r["lane"])
        + _cell(r["scan_id"])
        + _cell(r["verdict"], cls=r["verdict"] or "")
        + _cell(r["category"])
        + _cell(f"{r['origin_country'] or '?'} → {r['destination_country'] or '?'}")
        + "</tr>"
        for r in records
    ]
    csv_query = urlencode({"date_from": start.isoformat(), "date_to": end.isoformat()})
    verdicts = "".join(
        f'<option value="{v}"{" selected" if filters["verdict"] == v else ""}>{v or "any"}</option>'
        for v in ("", "clear", "suspect", "refer")
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>inspector-app hub</title>
<style>{_STYLE}</style></head><body>
<h1>inspector-app hub</h1>
<div class="sub">Read-only view · period {escape(_fmt(start))} – {escape(_fmt(end))} ·
{len(stations)} station(s)</div>
<div class="grid">
<div><h2>Station health</h2>
{
        _table(
            ["station", "lane", "last upload", "backlog", "records", "status"],
            station_rows,
            "no station enrolled yet",
        )
    }</div>
<div><h2>Flagged parcels by route and category</h2>
{
        _table(
            ["origin", "destination", "category", "verdict", "parcels"],
            route_rows,
            "no flagged parcel in this period",
        )
    }
<div class="sub"><a href="/v1/reports/routes.csv?{escape(csv_query)}">Download CSV</a>
(counts, categories, routes and dates only)</div></div>
</div>
<h2>Recent decisions</h2>
<form method="get" action="/">
station <input name="station_id" value="{escape(filters["station_id"])}" size="10">
verdict <select name="verdict">{verdicts}</select>
category <input name="category" value="{escape(filters["category"])}" size="10">
last <input name="days" value="{escape(str(filters["days"]))}" size="3"> days
<button type="submit">filter</button></form>
{
        _table(
            ["decided", "station", "lane", "scan", "verdict", "category", "route"],
            record_rows,
            "no decision matches",
        )
    }
</body></html>"""
