"""Reading one scan file so that no file can hang the feed or exhaust memory.

Why: a hot folder is written by other machines. A named pipe there blocks `read()` forever, a
symlink to /dev/zero never reaches end-of-file, a file on a stuck network share never returns,
and a link can point anywhere on the disk. Here only regular files are opened, links must stay
inside the folders the caller allows, the size is checked before reading and the read itself is
capped in bytes and in time. Every refusal is a `FileRefused` whose message is plain words for
the inspector and the quarantine reason file.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

_CHUNK = 1 << 20


class FileRefused(Exception):
    """The file was not read; the message says why in plain words."""


@dataclass(frozen=True)
class ReadLimits:
    """Bounds for one file: bytes on disk, pixels claimed by the header, decoded bytes, time.

    Defaults: 256 MiB covers a DICOS CT volume; 50 megapixels is larger than any parcel
    scanner's image (a 2000x1000 dual-energy scan is 2 MP) yet keeps one decode well under the
    station's memory budget; 10 s is far longer than a healthy local or network read.
    `allowed_roots`: where links may lead (e.g. the watched folder); empty = links are followed
    anywhere but must still end at a regular file.
    """

    max_bytes: int = 256 * 1024 * 1024
    max_pixels: int = 50_000_000
    max_decoded_bytes: int = 512 * 1024 * 1024
    timeout_s: float = 10.0
    allowed_roots: tuple[Path, ...] = field(default_factory=tuple)

    def within(self, roots: Sequence[Path]) -> ReadLimits:
        """The same limits with links allowed only inside `roots`."""
        return ReadLimits(
            self.max_bytes,
            self.max_pixels,
            self.max_decoded_bytes,
            self.timeout_s,
            tuple(Path(r) for r in roots),
        )


DEFAULT_LIMITS = ReadLimits()


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "the file is gone (deleted or moved before it could be read)"
    if isinstance(exc, PermissionError):
        return "no permission to read the file"
    if exc.errno == errno.ELOOP:
        return "the link loops or leads to another link (refused)"
    return f"cannot read the file ({exc.strerror or type(exc).__name__})"


def resolve_checked(path: Path, allowed_roots: Sequence[Path] = ()) -> Path:
    """The real path of `path` if it is a regular file (inside `allowed_roots` when given)."""
    try:
        os.lstat(path)
        real = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        raise FileRefused(_os_reason(exc)) from exc
    except RuntimeError as exc:  # symlink loop on some Python versions
        raise FileRefused("the link loops (refused)") from exc
    if allowed_roots:
        roots = [Path(os.path.realpath(r)) for r in allowed_roots]
        if not any(real == root or root in real.parents for root in roots):
            raise FileRefused("the link leads outside the watched folder (refused)")
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        raise FileRefused(_os_reason(exc)) from exc
    if not stat.S_ISREG(mode):
        raise FileRefused(f"this is {_kind_of(mode)}, not an image file (refused)")
    return real


def _read_fd(fd: int, limits: ReadLimits, deadline: float) -> bytes:
    info = os.fstat(fd)  # the opened object itself: a swap after the checks is caught here
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(f"this is {_kind_of(info.st_mode)}, not an image file (refused)")
    if info.st_size > limits.max_bytes:
        raise FileRefused(
            f"the file is too large ({_mib(info.st_size)}; limit {_mib(limits.max_bytes)})"
        )
    chunks, total = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FileRefused(f"reading took longer than {limits.timeout_s:g} s (refused)")
        chunk = os.read(fd, min(_CHUNK, limits.max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limits.max_bytes:
            raise FileRefused(
                f"the file grew beyond the size limit ({_mib(limits.max_bytes)}) while read"
            )
    if total != info.st_size and info.st_size != 0:
        raise FileRefused("the file changed size while being read (still being written?)")
    return b"".join(chunks)


def read_file_safely(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> bytes:
    """All bytes of one regular file, or `FileRefused` with the reason.

    The read runs in a helper thread so that a read stuck in the kernel (a dead network share)
    cannot hold the caller beyond `timeout_s`; the helper then ends when the kernel returns.
    """
    real = resolve_checked(Path(path), limits.allowed_roots)
    deadline = time.monotonic() + limits.timeout_s
    result: list[bytes] = []
    failure: list[BaseException] = []

    def work() -> None:
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
        flags |= getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(real, flags)
        except OSError as exc:
            failure.append(FileRefused(_os_reason(exc)))
            return
        try:
            result.append(_read_fd(fd, limits, deadline))
        except OSError as exc:
            failure.append(FileRefused(_os_reason(exc)))
        except BaseException as exc:  # FileRefused, MemoryError: reported to the caller
            failure.append(exc)
        finally:
            os.close(fd)

    worker = threading.Thread(target=work, name=f"read {real.name}", daemon=True)
    worker.start()
    worker.join(limits.timeout_s + 0.5)
    if worker.is_alive():
        raise FileRefused(f"reading took longer than {limits.timeout_s:g} s (refused)")
    if failure:
        raise failure[0]
    return result[0]
