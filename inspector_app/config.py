"""Typed settings and the app's well-known places, in one spot.

Settings come from defaults, then `settings.json` in the user config dir, then environment
variables (INSPECTOR_APP_DATA_DIR etc.), so a station, a test and CI can each point the app
elsewhere without code changes.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

APP_NAME = "inspector-app"
DEFAULT_MODEL_NAME = "parcel-threat-det"


def data_dir() -> Path:
    """Where the decision log and evidence images live (INSPECTOR_APP_DATA_DIR overrides)."""
    override = os.environ.get("INSPECTOR_APP_DATA_DIR")
    return (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )


def config_dir() -> Path:
    override = os.environ.get("INSPECTOR_APP_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    """The shipped models: bundled by PyInstaller, or `models/` at the source-tree root."""
    override = os.environ.get("INSPECTOR_APP_MODELS_DIR")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "models"
    return Path(__file__).resolve().parent.parent / "models"


def default_model_path() -> Path:
    return models_dir() / f"{DEFAULT_MODEL_NAME}.onnx"


class SettingsError(Exception):
    """The settings file exists but cannot be used; the message says which field and why."""


class Settings(BaseModel):
    """Station settings. Unknown keys are rejected so a typo does not silently do nothing."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    model_path: Path | None = Field(None, description="ONNX model; None = the shipped model")
    confidence: float | None = Field(None, ge=0.0, le=1.0, description="None = manifest thresholds")
    demo_interval_s: float = Field(4.0, gt=0.0, le=3600.0)
    demo_threat_rate: float = Field(0.5, ge=0.0, le=1.0)
    look_first: bool = Field(False, description="cues only after the inspector's first look")
    alarms_first: bool = Field(False, description="queue order: parcels with cues first")
    undo_window_s: float = Field(10.0, ge=0.0, le=300.0)
    theme: Literal["dark", "light"] = "dark"
    font_pt: int = Field(10, ge=8, le=20)
    language: Literal["en", "fr", "nl", "de"] = "en"
    tip_enabled: bool = Field(False, description="Threat Image Projection (set by a supervisor)")
    tip_rate: float = Field(0.05, ge=0.0, le=1.0)
    tip_classes: list[str] | None = Field(None, description="None = every threat class")

    def resolved_model_path(self) -> Path:
        return self.model_path or default_model_path()

    def database_path(self) -> Path:
        return data_dir() / "decisions.sqlite"

    def evidence_dir(self) -> Path:
        return data_dir() / "evidence"


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """Read settings.json if present; a broken file is an error the user must see, not ignore."""
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Settings.model_validate(raw)
    except (OSError, json.JSONDecodeError) as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise SettingsError(f"settings file {path} has invalid values: {problems}") from exc


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically so a crash mid-write never leaves a half file behind."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(settings.model_dump_json(indent=2), encoding="utf-8")
    os.replace(tmp, path)
