#!/usr/bin/env python3
"""Run every benchmark of the project and write one table: docs/benchmarks.{md,json}.

    .venv/bin/python bench/run_all.py [--quick] [--only NAME ...] [--peer /path/to/peer/python]

Each benchmark prints its own ratios against a baseline measured in the same run (that rule
lives in the benchmarks); this runner gives them one entry point, runs them one after the other
(never in parallel: they would time each other), keeps what they print, and
describes the machine, so a table from another day or another computer is read for what it is.
Benchmarks that need something absent here (the peer venv, a display) are listed as skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "docs"  # committed: the README links the latest table


@dataclass(frozen=True)
class Bench:
    name: str
    script: str
    args: tuple[str, ...]  # full run
    quick: tuple[str, ...]  # --quick run: same code paths, fewer repetitions
    needs: str = ""  # "display" or "peer"


BENCHES: tuple[Bench, ...] = (
    Bench("detector", "bench_detector.py", (), ("--images", "6", "--rounds", "1")),
    Bench("model_speed", "bench_model_speed.py", (), ("--count", "20")),
    Bench("simulator", "bench_simulator.py", (), ("--count", "10")),
    Bench("enhance", "bench_enhance.py", (), ("--repeat", "2")),
    Bench("export", "bench_export.py", (), ("--decisions", "2000")),
    Bench("gui_stall", "bench_gui_stall.py", (), ("--seconds", "8"), needs="display"),
    Bench("feed_latency", "bench_feed_latency.py", (), ()),
    Bench("log_scale", "bench_log_scale.py", (), ("--decisions", "20000")),
    Bench("hub_ingest", "bench_hub_ingest.py", (), ()),
)


@dataclass
class Outcome:
    name: str
    command: str
    status: str  # ok | failed | skipped
    seconds: float = 0.0
    figures: list[str] = field(default_factory=list)
    note: str = ""


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        memory_gb = round(pages * size / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    try:
        import onnxruntime

        ort = onnxruntime.__version__
    except ImportError:
        ort = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "onnxruntime": ort,
        "load_average": [round(v, 1) for v in os.getloadavg()]
        if hasattr(os, "getloadavg")
        else None,
    }


def run_one(bench: Bench, quick: bool, peer: Path | None, timeout_s: float) -> Outcome:
    script = ROOT / "bench" / bench.script
    args = list(bench.quick if quick else bench.args)
    if bench.name == "detector" and peer is not None:
        args += ["--peer", str(peer)]
    command = [sys.executable, str(script), *args]
    shown = " ".join(["python", f"bench/{bench.script}", *args])
    if not script.exists():
        return Outcome(bench.name, shown, "skipped", note="not in this checkout")
    env = dict(os.environ)
    if bench.needs == "display" and not (env.get("DISPLAY") or env.get("QT_QPA_PLATFORM")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout_s
        )
    except subprocess.TimeoutExpired:
        return Outcome(bench.name, shown, "failed", timeout_s, note=f"over {timeout_s:.0f} s")
    seconds = time.perf_counter() - started
    lines = [line.rstrip() for line in done.stdout.splitlines() if line.strip()]
    figures = lines[-40:]  # benchmarks print figures, not chatter
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        return Outcome(bench.name, shown, "failed", seconds, figures, tail[:300])
    return Outcome(bench.name, shown, "ok", seconds, figures)


def write_tables(outcomes: list[Outcome], about: dict[str, object], quick: bool) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    record = {
        "when": stamp,
        "quick": quick,
        "machine": about,
        "benchmarks": [asdict(o) for o in outcomes],
    }
    (RESULTS / "benchmarks.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    lines = [
        f"# Benchmarks — {stamp}{' (quick run)' if quick else ''}",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in about.items() if v is not None),
        "",
        "| benchmark | status | time | command |",
        "|---|---|---|---|",
    ]
    for o in outcomes:
        status = o.status + (f" — {o.note}" if o.note else "")
        lines.append(f"| {o.name} | {status} | {o.seconds:.0f} s | `{o.command}` |")
    for o in outcomes:
        if o.figures:
            lines += ["", f"## {o.name}", "", "```", *o.figures, "```"]
    path = RESULTS / "benchmarks.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, same code")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmarks")
    parser.add_argument("--peer", type=Path, help="python of the peer venv (bench/README_detector)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per benchmark")
    args = parser.parse_args()
    chosen = [b for b in BENCHES if not args.only or b.name in args.only]
    unknown = set(args.only or ()) - {b.name for b in BENCHES}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    outcomes = []
    for bench in chosen:
        print(f"== {bench.name} ...", flush=True)
        outcome = run_one(bench, args.quick, args.peer, args.timeout)
        print(f"   {outcome.status} in {outcome.seconds:.0f} s {outcome.note}", flush=True)
        outcomes.append(outcome)
    path = write_tables(outcomes, machine(), args.quick)
    print(f"wrote {path} and {path.with_suffix('.json')}")
    return 1 if any(o.status == "failed" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
