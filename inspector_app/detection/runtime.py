"""onnxruntime session set-up: providers, threads and graph options tuned for small CPUs."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

import onnxruntime as ort

from inspector_app.detection.errors import ModelLoadError

log = logging.getLogger(__name__)

CPU = "CPUExecutionProvider"


def physical_cores() -> int:
    """Physical cores this process may use (hyper-threads share one FPU: they do not help)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    cores: set[tuple[str, str]] = set()
    try:
        phys = core = ""
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            key = key.strip()
            if key == "physical id":
                phys = value.strip()
            elif key == "core id":
                core = value.strip()
                cores.add((phys, core))
    except OSError:
        pass
    return max(1, min(usable, len(cores))) if cores else max(1, usable)


def resolve_providers(requested: Sequence[str] | None) -> list[str]:
    """Requested providers that are installed, in order, always ending with the CPU provider."""
    available = set(ort.get_available_providers())
    chosen = []
    for name in requested or ():
        if name in available:
            chosen.append(name)
        else:
            log.warning("execution provider %s is not installed; skipping it", name)
    if CPU not in chosen:
        chosen.append(CPU)
    return chosen


SPIN_POLICIES = ("off", "on", "busy")


def session_options(threads: int | None, spin_wait: bool | str | None = None) -> ort.SessionOptions:
    """One inference at a time per session: intra-op threads = physical cores, sequential ops.

    spin_wait (bench/bench_spin.py measures the three): "off"/False: pool threads sleep between
    parallel sections. "on"/True: onnxruntime's default, they spin, also for a while after a
    run. "busy": they spin during a run and stop the moment it returns
    (`session.force_spinning_stop`), so a burst of queued scans runs spinning and an idle
    station burns nothing. None: the INSPECTOR_ORT_SPIN environment variable (off, on or busy),
    else off. Off is the default: on a loaded 2-core machine spinning threads take
    the time slices the GUI, decoding and the other pool thread need (both spinning policies
    were 10-40 % slower there than off, bench/README_detector.md).
    """
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.intra_op_num_threads = threads if threads and threads > 0 else physical_cores()
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    if spin_wait is None:
        spin_wait = os.environ.get("INSPECTOR_ORT_SPIN", "off").strip().lower() or "off"
    policy = ("on" if spin_wait else "off") if isinstance(spin_wait, bool) else spin_wait
    if policy not in SPIN_POLICIES:
        raise ValueError(f"spin_wait must be one of {SPIN_POLICIES}, got {spin_wait!r}")
    spin = "0" if policy == "off" else "1"
    opts.add_session_config_entry("session.intra_op.allow_spinning", spin)
    if policy == "busy":
        opts.add_session_config_entry("session.force_spinning_stop", "1")
    return opts


def _explain(exc: Exception, source: str) -> str:
    text = str(exc)
    low = text.lower()
    if "protobuf" in low or "no graph" in low or "model_proto" in low:
        return f"model file is not ONNX (or is damaged): {source}"
    if "opset" in low:
        return f"model {source} needs an ONNX opset this onnxruntime does not support: {text}"
    return f"onnxruntime could not load model {source}: {text}"


def create_session(
    model: bytes,
    source: str,
    providers: Sequence[str] | None,
    threads: int | None,
    spin_wait: bool | str | None = None,
) -> ort.InferenceSession:
    """Build a session from the exact bytes that were hashed (no time-of-check gap)."""
    # No telemetry (Windows ETW events); the Linux telemetry is off through
    # ORT_DISABLE_TELEMETRY, set in inspector_app/__init__.py before onnxruntime loads.
    ort.disable_telemetry_events()
    try:
        return ort.InferenceSession(
            model,
            sess_options=session_options(threads, spin_wait),
            providers=resolve_providers(providers),
        )
    except Exception as exc:  # onnxruntime raises several unrelated exception types
        raise ModelLoadError(_explain(exc, source)) from exc
