"""The station's Ed25519 key: it signs every upload so the hub can tell this station's batches
from anyone else's. Generated on first use, kept in a 0600 file in the station's data dir, never
sent anywhere (only its public half is registered with the hub at enrolment)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_FILENAME = "station_key.pem"


class StationKeyError(Exception):
    """The key file exists but cannot be used (unreadable, not an Ed25519 key, too open)."""


def default_key_path() -> Path:
    from inspector_app.config import data_dir

    return data_dir() / KEY_FILENAME


def load_or_create(path: Path | None = None) -> Ed25519PrivateKey:
    """The station key at `path`, created (0600, exclusively) if there is none yet."""
    path = path or default_key_path()
    if path.exists():
        return _load(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        # O_EXCL: two processes starting at once must not each write a different key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _load(path)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    return key


def _load(path: Path) -> Ed25519PrivateKey:
    if os.name == "posix" and path.stat().st_mode & 0o077:
        raise StationKeyError(
            f"station key {path} is readable by other users; run: chmod 600 {path}"
        )
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise StationKeyError(f"cannot read station key {path}: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise StationKeyError(f"station key {path} is not an Ed25519 key")
    return key


def public_key_b64(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The raw 32-byte public key, base64url without padding: what the hub stores."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def sign_b64(key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.urlsafe_b64encode(key.sign(message)).rstrip(b"=").decode()


def b64decode(text: str) -> bytes:
    """Decode base64url with or without padding; ValueError on anything else."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64url") from exc
