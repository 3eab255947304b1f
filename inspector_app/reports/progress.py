"""Progress reporting and cooperative cancellation shared by every export.

Why: the GUI runs exports in a worker thread and needs a progress bar and a Cancel button;
the CLI needs neither. A plain callback and any object with `is_set()` (a `threading.Event`)
keep the core free of Qt and of threads.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

ProgressCallback = Callable[[float, str], None]
"""Called with (fraction done 0..1, what is happening now)."""


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


class ExportCancelled(Exception):
    """The export was cancelled by the user; nothing was written under the output name."""


class ExportError(Exception):
    """The export cannot be made; the message says why in plain words (no traceback)."""


class Steps:
    """Turns (step, total) into callback calls and checks the cancel flag at each step."""

    def __init__(self, progress: ProgressCallback | None, cancel: CancelFlag | None) -> None:
        self._progress = progress
        self._cancel = cancel

    def check(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise ExportCancelled("export cancelled")

    def report(self, fraction: float, message: str) -> None:
        self.check()
        if self._progress is not None:
            self._progress(min(1.0, max(0.0, fraction)), message)


@contextlib.contextmanager
def atomic_output(target: Path, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it onto `target` only on success.

    A cancelled or failed export leaves nothing under the target name (and no temp file).
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=suffix or ".part", dir=target.parent
        )
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o644)  # mkstemp makes 0600; an export is meant to be handed on
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
