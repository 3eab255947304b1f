"""`inspector-app self-test`: prove an installed station works, end to end, in seconds.

Runs the real station (build_station, screening service, review session) on a simulated parcel
with the shipped model, in a throw-away data folder: model load in a child process, screening,
a decision written and read back, the audit chain checked. Built for the bundle (PyInstaller)
and for a site check after an install; exit code 0 only when every step passed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector_app.domain import ModelInfo
    from inspector_app.screening import ScreenedScan

NAME = "self-test"
HELP = "check this installation: load the model, screen a simulated parcel, log and verify"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", type=Path, help="model to test (default: the configured one)")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds allowed for the whole check"
    )


@dataclass
class _Progress:
    """What the station has reported so far (set on the owner thread by the listener)."""

    model: ModelInfo | None = None
    screened: ScreenedScan | None = None
    decision_id: int | None = None
    error: BaseException | None = None


class _Steps:
    """Prints one line per step with its time; remembers whether any failed."""

    def __init__(self) -> None:
        self.failed = False

    def run(self, name: str, step: Callable[[], str]) -> bool:
        started = time.perf_counter()
        try:
            detail = step()
        except Exception as exc:  # every failure is reported as a line, never a traceback
            self.failed = True
            print(f"FAIL  {name}: {exc}")
            return False
        print(f"ok    {name} ({(time.perf_counter() - started) * 1000:.0f} ms){detail}")
        return True


def run(args: argparse.Namespace) -> int:
    from inspector_app.config import DemoFeedSection, ScreeningSection, Settings
    from inspector_app.domain import Verdict
    from inspector_app.station import EventQueue, ScreeningListener, SessionListener, build_station

    steps = _Steps()
    with tempfile.TemporaryDirectory(prefix="inspector-self-test-") as tmp:
        folder = Path(tmp)
        settings = Settings(
            screening=ScreeningSection(model_path=args.model),
            feeds=[DemoFeedSection(lane="self-test", interval_s=0.01, threat_rate=1.0, seed=7)],
        )
        station = build_station(
            settings, db_path=folder / "log.sqlite", evidence_dir=folder / "evidence"
        )
        events = EventQueue()
        state = _Progress()

        class Listener(SessionListener, ScreeningListener):
            def model_ready(self, info, class_names) -> None:
                state.model = info

            def model_load_failed(self, error) -> None:
                state.error = error

            def screened(self, screened) -> None:
                state.screened = state.screened or screened
                session.add_screened(screened)

            def saved(self, decision_id, scan_id, verdict, category) -> None:
                state.decision_id = decision_id

            def save_failed(self, scan_id, error) -> None:
                state.error = error

            def feed_failed(self, feed, error) -> None:
                state.error = RuntimeError(f"the simulated feed stopped: {error}")

            def screening_failed(self, scan_id, error) -> None:
                state.error = error

        listener = Listener()
        session = station.open_session("self-test", listener, events.post)
        service = station.screening(listener, events.post)
        deadline = time.monotonic() + args.timeout

        def wait_for(done: Callable[[], bool]) -> None:
            events.run_until(
                lambda: done() or state.error is not None, max(1.0, deadline - time.monotonic())
            )
            if state.error is not None:
                raise RuntimeError(str(state.error))

        def load_model() -> str:
            service.start()
            wait_for(lambda: state.model is not None)
            assert state.model is not None
            return f": {state.model.name} {state.model.version}"

        def screen() -> str:
            wait_for(lambda: state.screened is not None)
            assert state.screened is not None
            cues, ms = len(state.screened.detections), state.screened.inference_ms
            return f": {cues} cue(s), inference {ms:.0f} ms"

        def decide() -> str:
            session.decide(Verdict.REFER)
            wait_for(lambda: state.decision_id is not None)
            return f": decision {state.decision_id} written"

        def read_back() -> str:
            assert state.decision_id is not None
            return _read_back(folder / "log.sqlite", state.decision_id)

        try:
            for name, step in (
                ("model loads (checked in a child process)", load_model),
                ("a simulated parcel is screened", screen),
                ("a decision is logged", decide),
                ("the log reads back and its audit chain verifies", read_back),
            ):
                if not steps.run(name, step):
                    break
        finally:
            service.stop()
            session.writer.close()
    print("self-test " + ("FAILED" if steps.failed else "passed"))
    return 1 if steps.failed else 0


def _read_back(db_path: Path, decision_id: int) -> str:
    from inspector_app.accounts.audit import verify_audit_chain
    from inspector_app.storage.decision_log import DecisionLog

    log = DecisionLog(db_path)
    try:
        rows = [r for r in log.decisions() if r["decision_id"] == decision_id]
        if len(rows) != 1 or rows[0]["verdict"] != "refer":
            raise RuntimeError("the decision written is not in the log as written")
        image = Path(rows[0]["image_path"])
        if not image.is_file():
            raise RuntimeError(f"the evidence image {image} is missing")
        checked = verify_audit_chain(log.db)
    finally:
        log.close()
    return f": {checked} audit row(s) verified, evidence on disk"
