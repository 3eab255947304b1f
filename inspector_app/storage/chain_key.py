"""The station's secret keys for tamper evidence, kept outside the database.

The chain key (32 random bytes) keys the HMAC chain over the log's rows; someone who can edit
the SQLite file but cannot read this key cannot make an edit verify. It lives in `keys/` next to
the log (a 0700 directory, the file 0600), created on first use. The Ed25519 signing key that
signs chain heads is the station key the uploader already uses (`station_key.pem` in the data
directory, the same file and format as `sync.station_key`): one station, one identity. It is
read here rather than through `inspector_app.sync`, which the layer contract keeps independent
of storage.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_DIR = "keys"
CHAIN_KEY_FILE = "chain.key"
SIGNING_KEY_FILE = "station_key.pem"  # the name sync.station_key uses in the data dir

_cache: dict[str, bytes] = {}
_lock = threading.Lock()


class ChainKeyError(Exception):
    """The key file cannot be used (unreadable, malformed, readable by others)."""


def key_dir(db_path: Path) -> Path:
    return db_path.parent / KEY_DIR


def chain_key_path(db_path: Path) -> Path:
    return key_dir(db_path) / CHAIN_KEY_FILE


def database_file(conn: sqlite3.Connection) -> Path:
    """The file behind a connection (the key is found next to it)."""
    for _seq, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file)
    raise ChainKeyError("the decision log has no file on disk, so it has no station key")


def chain_key(db_path: Path, *, create: bool = True) -> bytes:
    """The chain key for the log at `db_path`, generated (0600 in a 0700 dir) if missing."""
    path = chain_key_path(db_path.resolve())
    cached = _cache.get(str(path))
    if cached is not None:
        return cached
    with _lock:
        if not path.exists():
            if not create:
                raise ChainKeyError(
                    f"the station key {path} is missing: without it the log cannot be verified"
                )
            _create(path)
        key = _load(path)
        _cache[str(path)] = key
        return key


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    try:
        # O_EXCL: two processes starting at once must not each write a different key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _load(path: Path) -> bytes:
    if os.name == "posix" and path.stat().st_mode & 0o077:
        raise ChainKeyError(f"the station key {path} is readable by other users: chmod 600 {path}")
    try:
        key = bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError) as exc:
        raise ChainKeyError(f"cannot read the station key {path}: {exc}") from exc
    if len(key) != 32:
        raise ChainKeyError(f"the station key {path} is not a 32-byte key")
    return key


def signing_key(db_path: Path, *, create: bool = True) -> Ed25519PrivateKey:
    """The station's Ed25519 key (the uploader's), created (0600, exclusively) if missing."""
    path = db_path.resolve().parent / SIGNING_KEY_FILE
    if not path.exists():
        if not create:
            raise ChainKeyError(f"the station signing key {path} is missing")
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: use theirs
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
                handle.flush()
                os.fsync(handle.fileno())
    if os.name == "posix" and path.stat().st_mode & 0o077:
        raise ChainKeyError(f"the station key {path} is readable by other users: chmod 600 {path}")
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ChainKeyError(f"cannot read the station key {path}: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ChainKeyError(f"the station key {path} is not an Ed25519 key")
    return key
