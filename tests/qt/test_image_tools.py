"""ImageToolController: off-thread compute, signal delivery, cache, stale results dropped."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from types import MappingProxyType

import numpy as np
import pytest
from PySide6.QtGui import QKeySequence

from inspector_app.domain import Scan
from inspector_app.imaging import enhance
from inspector_app.imaging.dual_energy import pseudocolor
from inspector_app.imaging.enhance import FUNCTIONS, ImageFunction
from inspector_app.qt.image_tools import TOOL_SHORTCUTS, ImageToolController


def make_scan(scan_id: str, seed: int = 0) -> Scan:
    """Organic, aluminium and steel blocks on a belt, as a 16-bit dual-energy pair."""
    rng = np.random.default_rng(seed)
    a_low = np.full((120, 240), 0.003)
    a_high = np.full((120, 240), 0.003)
    for x0, (low, high) in zip(
        (20, 90, 160), ((0.615, 0.531), (0.605, 0.317), (2.988, 1.709)), strict=True
    ):
        a_low[30:90, x0 : x0 + 60] += low
        a_high[30:90, x0 : x0 + 60] += high

    def u16(a: np.ndarray) -> np.ndarray:
        a = a + rng.normal(0, 0.004, a.shape)
        return np.clip(np.round(65535 * np.exp(-a)), 1, 65535).astype(np.uint16)

    low, high = u16(a_low), u16(a_high)
    return Scan(scan_id, pseudocolor(low, high), "test", datetime.now(UTC), low=low, high=high)


class Gate:
    """A registry function that blocks in the worker until released and records its thread."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self.threads: list[int] = []

    def __call__(self, image, **_: object) -> np.ndarray:
        self.threads.append(threading.get_ident())
        self.started.set()
        assert self.release.wait(10), "test gate never released"
        return enhance.inverse(image)


def registry_with(gate: Gate) -> MappingProxyType:
    slow = ImageFunction("slow", "Slow", "Q", gate)
    return MappingProxyType({**FUNCTIONS, "slow": slow})


@pytest.fixture
def controller(qtbot):
    made: list[ImageToolController] = []

    def build(**kwargs) -> ImageToolController:
        tool = ImageToolController(**kwargs)
        made.append(tool)
        return tool

    yield build
    for tool in made:
        tool.shutdown()


def test_result_arrives_through_the_signal_computed_off_the_gui_thread(qtbot, controller):
    gate = Gate()
    tool = controller(functions=registry_with(gate))
    scan = make_scan("A")
    tool.set_scan(scan)
    gate.release.set()
    with qtbot.waitSignal(tool.image_ready, timeout=5000) as blocker:
        tool.apply("slow")
    assert blocker.args[:2] == ["A", "slow"]
    assert gate.threads and gate.threads[0] != threading.get_ident()
    with qtbot.waitSignal(tool.image_ready, timeout=5000) as blocker:
        tool.apply("organic")
    scan_id, name, rgb = blocker.args
    assert (scan_id, name) == ("A", "organic")
    assert np.array_equal(rgb, enhance.organic_only(scan))
    assert tool.current_function == "organic"


def test_apply_does_not_block_the_gui_thread(qtbot, controller):
    gate = Gate()
    tool = controller(functions=registry_with(gate))
    tool.set_scan(make_scan("A"))
    received: list = []
    tool.image_ready.connect(lambda *args: received.append(args))
    tool.apply("slow")  # returns while the worker is still blocked
    assert gate.started.wait(5)
    assert received == []
    gate.release.set()
    qtbot.waitUntil(lambda: len(received) == 1, timeout=5000)


def test_cache_hit_returns_without_recompute(qtbot, controller):
    tool = controller()
    scan = make_scan("A")
    tool.set_scan(scan)
    for name in ("edges", "metal"):
        with qtbot.waitSignal(tool.image_ready, timeout=5000):
            tool.apply(name)
    assert tool.computed == 2
    with qtbot.waitSignal(tool.image_ready, timeout=1000) as blocker:
        tool.apply("edges")
    assert blocker.args[1] == "edges"
    assert np.array_equal(blocker.args[2], enhance.edges(scan))
    assert tool.computed == 2 and tool.cache_hits == 1
    tool.wait_for_done()
    assert tool.computed == 2


def test_result_for_a_previous_scan_is_dropped(qtbot, controller):
    gate = Gate()
    tool = controller(functions=registry_with(gate))
    received: list = []
    tool.image_ready.connect(lambda *args: received.append(args))
    tool.set_scan(make_scan("A"))
    tool.apply("slow")
    assert gate.started.wait(5)
    tool.set_scan(make_scan("B", seed=1))  # inspector moves on while A is computing
    gate.release.set()
    tool.wait_for_done()
    qtbot.wait(50)  # let the queued result reach the GUI thread
    assert received == []
    assert tool.dropped == 1
    assert all(key[0] != "A" for key in tool.cached_keys())
    with qtbot.waitSignal(tool.image_ready, timeout=5000) as blocker:
        tool.apply("grey")
    assert blocker.args[0] == "B"


def test_superseded_function_is_not_shown_but_kept(qtbot, controller):
    gate = Gate()
    tool = controller(functions=registry_with(gate))
    received: list = []
    tool.image_ready.connect(lambda *args: received.append(args[:2]))
    tool.set_scan(make_scan("A"))
    tool.apply("slow")
    assert gate.started.wait(5)
    tool.apply("metal")  # pressed before "slow" finished: only metal may appear
    gate.release.set()
    qtbot.waitUntil(lambda: ("A", "metal") in received, timeout=5000)
    tool.wait_for_done()
    qtbot.wait(50)
    assert received == [("A", "metal")]
    tool.apply("slow")  # computed anyway, so now a cache hit
    assert received[-1] == ("A", "slow") and tool.cache_hits == 1


def test_toggle_returns_to_standard_and_reset(qtbot, controller):
    tool = controller()
    scan = make_scan("A")
    tool.set_scan(scan)
    with qtbot.waitSignal(tool.image_ready, timeout=5000) as blocker:
        tool.toggle("grey")
    assert blocker.args[1] == "grey"
    with qtbot.waitSignal(tool.image_ready, timeout=1000) as blocker:
        tool.toggle("grey")
    assert blocker.args[1] == "standard" and blocker.args[2] is scan.image
    with qtbot.waitSignal(tool.image_ready, timeout=5000):
        tool.toggle("inverse")
    with qtbot.waitSignal(tool.image_ready, timeout=1000) as blocker:
        tool.reset()
    assert blocker.args[1] == "standard" and tool.current_function == "standard"


def test_gamma_keys_step_a_running_value(qtbot, controller):
    tool = controller()
    scan = make_scan("A")
    tool.set_scan(scan)
    for _ in range(2):
        with qtbot.waitSignal(tool.image_ready, timeout=5000) as blocker:
            tool.toggle("darker")
    assert np.array_equal(blocker.args[2], enhance.gamma(scan, gamma=1.5625))
    with qtbot.waitSignal(tool.image_ready, timeout=5000) as blocker:
        tool.toggle("lighter")
    assert np.array_equal(blocker.args[2], enhance.gamma(scan, gamma=1.25))
    assert tool.cache_hits == 1  # gamma 1.25 was shown one press before
    scan_b = make_scan("B", seed=2)
    tool.set_scan(scan_b)  # a new scan starts from the standard image and gamma 1
    with qtbot.waitSignal(tool.image_ready, timeout=5000) as blocker:
        tool.toggle("darker")
    assert np.array_equal(blocker.args[2], enhance.gamma(scan_b, gamma=1.25))


def test_failure_is_reported_in_words(qtbot, controller):
    tool = controller()
    grey = np.repeat(np.linspace(0, 255, 64, dtype=np.uint8)[None, :, None], 3, axis=2)
    tool.set_scan(Scan("G", np.repeat(grey, 16, axis=0), "test", datetime.now(UTC)))
    with qtbot.waitSignal(tool.failed, timeout=5000) as blocker:
        tool.apply("organic")
    assert blocker.args[:2] == ["G", "organic"]
    assert "cannot be separated" in blocker.args[2]
    with pytest.raises(KeyError, match="unknown image function"):
        tool.apply("nope")


def test_cache_is_bounded_in_bytes(qtbot, controller):
    scan = make_scan("A")
    tool = controller(cache_bytes=2 * scan.image.nbytes)
    tool.set_scan(scan)
    for name in ("grey", "inverse", "edges"):
        with qtbot.waitSignal(tool.image_ready, timeout=5000):
            tool.apply(name)
    keys = tool.cached_keys()
    assert len(keys) == 2 and keys[0][1] == "inverse"


def test_shortcuts_cover_the_registry_and_parse():
    assert [name for name, _, _ in TOOL_SHORTCUTS] == list(FUNCTIONS)
    for _, label, key in TOOL_SHORTCUTS:
        assert label and not QKeySequence(key).isEmpty(), key


def test_nothing_happens_without_a_scan(qtbot, controller):
    tool = controller()
    received: list = []
    tool.image_ready.connect(lambda *args: received.append(args))
    tool.apply("grey")
    tool.reset()
    qtbot.wait(20)
    assert received == []
