"""Offline means offline: `detect` and a headless station make no name look-up and open no
network connection (issue 12); a station that is not enrolled for upload starts no upload
service and does not even load the HTTP client, though its outbox fills. Two watchers, in real
subprocesses:

- a `sitecustomize` audit hook (PYTHONPATH, so the model validator's child process has it too)
  writes every `socket.*` audit event to a file: look-ups and connections made from Python;
- `strace -f` (when the machine allows it) sees what native code does: onnxruntime's telemetry
  resolves its host from C++, which no Python hook can see.

A control run proves the watchers can fail: a bare onnxruntime session, without the app's
switch, is seen looking up its telemetry host.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import cv2
import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent
MODEL = REPO / "models" / "parcel-threat-det.onnx"
HOLD_S = float(os.environ.get("INSPECTOR_OFFLINE_HOLD_S", "14"))  # telemetry came after ~9 s

SITECUSTOMIZE = textwrap.dedent(
    """
    import os, sys
    _path = os.environ.get("NET_WATCH_FILE")
    _WATCHED = ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                "socket.gethostbyaddr", "socket.getnameinfo", "socket.connect", "socket.sendto",
                "socket.sendmsg", "socket.bind", "socket.__new__")

    def _hook(event, args):
        if event not in _WATCHED:
            return
        if event == "socket.__new__" and args[1] not in (2, 10):  # AF_INET, AF_INET6 only
            return
        if event in ("socket.connect", "socket.sendto", "socket.bind"):
            address = args[1] if event != "socket.sendto" else args[-1]
            if not isinstance(address, tuple):  # AF_UNIX paths: local, not network
                return
        with open(_path, "a") as out:
            out.write(f"{os.getpid()} {event} {args!r}\\n")

    if _path:
        sys.addaudithook(_hook)
    """
)

STATION = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from inspector_app.config import FilesFeedSection, Settings
    from inspector_app.domain import Verdict
    from inspector_app.station import EventQueue, ScreeningListener, SessionListener
    from inspector_app.station import build_station

    files, hold_s = sys.argv[1:-1], float(sys.argv[-1])

    class Listener(ScreeningListener, SessionListener):
        screened_count, failed = 0, None
        def screened(self, screened):
            self.screened_count += 1
            self.session.add_screened(screened)
        def model_load_failed(self, error):
            self.failed = error

    settings = Settings.model_validate(
        {"feeds": [FilesFeedSection(lane="1", paths=[Path(f) for f in files]).model_dump()]}
    )
    station = build_station(settings)
    assert station.services == [], station.services  # not enrolled: no upload worker
    station.start_services()
    events, listener = EventQueue(), Listener()
    listener.session = station.open_session("anna", listener, events.post)
    service = station.screening(listener, events.post)
    service.start()
    events.run_until(lambda: listener.screened_count == len(files) or listener.failed,
                     timeout_s=120)
    assert listener.failed is None, listener.failed
    listener.session.decide(Verdict.CLEAR)
    listener.session.wait_idle()
    deadline = time.monotonic() + hold_s  # a long-lived session, as at the station
    while time.monotonic() < deadline:
        events.run_pending()
        time.sleep(0.2)
    service.stop()
    listener.session.writer.close()
    station.stop_services()
    assert "httpx" not in sys.modules  # the upload client is not even loaded
    import sqlite3
    queued = sqlite3.connect(station.db_path).execute(
        "SELECT count(*) FROM outbox WHERE kind = 'decision'").fetchone()[0]
    assert queued == 1, queued  # the decision waits in the outbox for an enrolment or a bundle
    print("station ran", listener.screened_count, flush=True)
    """
)

CONTROL = textwrap.dedent(
    """
    import socket, sys, time
    try:
        socket.getaddrinfo("example.invalid", 80)  # a look-up from Python, for the hook to see
    except OSError:
        pass
    import onnxruntime as ort  # not through inspector_app: no switch
    session = ort.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])
    time.sleep(float(sys.argv[2]))
    """
)

NATIVE = re.compile(
    r"socket\(AF_INET6?,|connect\(\d+, \{sa_family=AF_INET|nscd/socket|\"/etc/resolv\.conf\""
)


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    probe = subprocess.run(["strace", "-o", os.devnull, "true"], capture_output=True)
    return probe.returncode == 0


def _watched(tmp_path: Path, name: str, args: list[str]) -> tuple[str, list[str], list[str]]:
    """Run a python child under both watchers: (stdout, python events, native events)."""
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE)
    events_file, trace_file = tmp_path / f"{name}.events", tmp_path / f"{name}.strace"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(hooks), str(REPO)]),
        "NET_WATCH_FILE": str(events_file),
    }
    env.pop("ORT_DISABLE_TELEMETRY", None)  # what a station's environment has: nothing
    env.pop("CI", None)  # onnxruntime also stays quiet under CI: a station is not CI
    command = [sys.executable, *args]
    if _strace_works():
        command = ["strace", "-f", "-qq", "-e", "trace=%network,openat", "-o", str(trace_file)]
        command += [sys.executable, *args]
    proc = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    python_events = events_file.read_text().splitlines() if events_file.exists() else []
    native = trace_file.read_text().splitlines() if trace_file.exists() else []
    return proc.stdout, python_events, [line for line in native if NATIVE.search(line)]


@pytest.fixture
def images(tmp_path: Path) -> list[str]:
    paths = []
    for index in range(2):
        path = tmp_path / f"parcel{index}.png"
        cv2.imwrite(str(path), np.full((240, 320, 3), 60 + 50 * index, np.uint8))
        paths.append(str(path))
    return paths


def test_the_watchers_see_a_bare_onnxruntime_session_phone_home(tmp_path: Path) -> None:
    """The control: without the app's switch, both watchers see look-ups."""
    script = tmp_path / "control.py"
    script.write_text(CONTROL)
    _, python_events, native = _watched(tmp_path, "control", [str(script), str(MODEL), str(HOLD_S)])
    assert any("socket.getaddrinfo" in e and "example.invalid" in e for e in python_events)
    if not _strace_works():
        pytest.skip("strace is not usable here: native look-ups cannot be watched")
    assert native, "no look-up seen: the watcher is blind, so the offline test proves nothing"


def test_detect_makes_no_lookup_and_no_connection(tmp_path: Path, images: list[str]) -> None:
    out, python_events, native = _watched(
        tmp_path, "detect", ["-m", "inspector_app", "detect", *images, "--json"]
    )
    assert out.count('"detections"') == 2
    assert python_events == [] and native == []


def test_a_headless_station_makes_no_lookup_and_no_connection(
    tmp_path: Path, images: list[str]
) -> None:
    script = tmp_path / "station.py"
    script.write_text(STATION)
    out, python_events, native = _watched(tmp_path, "station", [str(script), *images, str(HOLD_S)])
    assert "station ran 2" in out
    assert python_events == [], python_events
    assert native == [], native[:5]
