"""Upload settings of this station: written by `inspector-app upload enrol`, read by the
station's upload worker and `upload push`. No file means upload is off, and then nothing in the
station contacts any host.

One source of truth: *where* to upload (hub URL, station id, CA bundle) lives only here, in
`upload.json` in the data dir next to the station key, because enrolment is what makes those
values valid (the hub knows this station's key under that id). `Settings.upload` holds only
*how* to upload (batch size, interval, timeout) and refuses the old `hub_url`/`ca_bundle` keys,
so the two can never disagree. Enrolment thus never rewrites the inspector-facing settings.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

CONFIG_FILENAME = "upload.json"


class UploadConfigError(Exception):
    """upload.json exists but cannot be used."""


@dataclass(frozen=True)
class UploadConfig:
    hub_url: str
    station_id: str
    ca_bundle: str | None = None
    enrolled_at: str | None = None


def default_config_path() -> Path:
    from inspector_app.config import data_dir

    return data_dir() / CONFIG_FILENAME


def load_upload_config(path: Path | None = None) -> UploadConfig | None:
    """The station's upload settings, or None when upload is off (not enrolled)."""
    path = path or default_config_path()
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        config = UploadConfig(**raw)
    except (OSError, ValueError, TypeError) as exc:
        raise UploadConfigError(f"cannot use upload settings {path}: {exc}") from exc
    if not config.hub_url.startswith(("http://", "https://")):
        raise UploadConfigError(f"upload settings {path}: hub_url must be http(s)://")
    return config


def save_upload_config(config: UploadConfig, path: Path | None = None) -> Path:
    """Write atomically (0600: it names the hub this station trusts)."""
    path = path or default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(asdict(config), handle, indent=2)
    os.replace(tmp, path)
    return path
