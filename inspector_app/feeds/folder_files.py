"""File-system chores of a hot folder, each safe on its own: what an entry is (without
opening it), and moving a settled file to the archive or to quarantine (with a reason file).

Nothing here follows a link out of the watched folder or opens anything but a regular file:
a FIFO would block a read forever and a link to /dev/zero would never end.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Seen:
    """An entry's identity between two looks: unchanged size and time = not being written."""

    size: int
    mtime_ns: int
    regular: bool  # a plain file (or a link to one inside the folder)
    refusal: str = ""  # why it can never be read (a FIFO, a link out of the folder...)


def look(path: Path, folder: Path) -> Seen | None:
    """None when the entry is gone (or is a directory, which a hot folder never takes)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISDIR(info.st_mode):
        return None
    stamp = info.st_mtime_ns  # refused entries keep their arrival time too
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
            inside = target.is_relative_to(folder.resolve())
            info = os.stat(target)
        except (OSError, RuntimeError):  # dangling link or a loop
            return Seen(0, stamp, False, "a link that leads nowhere (dangling or a loop)")
        if not inside:
            return Seen(0, stamp, False, "a link to a file outside the watched folder")
    if not stat.S_ISREG(info.st_mode):
        return Seen(0, stamp, False, "not a regular file (a pipe, a device or a socket)")
    return Seen(info.st_size, info.st_mtime_ns, True)


def free_name(folder: Path, name: str, tag: str) -> Path:
    """`folder/name`, or `folder/stem.tag.suffix` when a file of that name is already there."""
    target = folder / name
    if not os.path.lexists(target):
        return target
    stem, dot, suffix = name.partition(".")
    return folder / f"{stem}.{tag}{dot}{suffix}"


def move_into(path: Path, folder: Path, tag: str) -> Path | None:
    """Move `path` into `folder` (made if needed); None when it is already gone."""
    if not os.path.lexists(path):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    target = free_name(folder, path.name, tag)
    os.replace(path, target)  # same file system: atomic; a share: the OS copies
    return target


def quarantine(path: Path, folder: Path, tag: str, reason: str) -> Path:
    """Move a refused file into quarantine with NAME.reason.txt saying why, in plain words."""
    folder.mkdir(parents=True, exist_ok=True)
    moved = move_into(path, folder, tag)
    where = moved or free_name(folder, path.name, tag)
    note = where.with_name(where.name + ".reason.txt")
    at = datetime.now(UTC).isoformat(timespec="seconds")
    note.write_text(
        f"file: {path}\nscan: {tag}\nset aside at: {at}\nreason: {reason}\n", encoding="utf-8"
    )
    return where
