"""The Qt binding must not leak or drop references when signals carry Python objects.

PySide6 6.12.0 dropped a reference to True/False on every emit, so a station crashed
("bool_dealloc") after a few thousand scans. This pins the behaviour we rely on.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    one = Signal(object)
    two = Signal(object, object)


def test_emitting_python_objects_keeps_reference_counts_stable(qapp) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.one.connect(received.append)
    emitter.two.connect(lambda first, _second: received.append(first))
    payload = object()
    before = {v: sys.getrefcount(v) for v in (None, True, False)}
    for _ in range(5000):
        emitter.one.emit(payload)
        emitter.two.emit(None, payload)
    received.clear()
    after = {v: sys.getrefcount(v) for v in (None, True, False)}
    for value in (None, True, False):
        assert abs(after[value] - before[value]) < 50, f"{value!r} refcount drifted"
    assert sys.getrefcount(payload) < 10
