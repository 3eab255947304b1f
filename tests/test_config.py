"""Settings: defaults, a saved file, and clear errors for a broken one."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector_app.config import (
    Settings,
    SettingsError,
    data_dir,
    load_settings,
    save_settings,
    settings_path,
)


def test_defaults_live_in_the_user_data_dir(isolated_dirs: Path) -> None:
    settings = load_settings()
    assert settings.database_path() == isolated_dirs / "data" / "decisions.sqlite"
    assert data_dir() == isolated_dirs / "data"
    assert settings.resolved_model_path().name == "parcel-threat-det.onnx"


def test_saved_settings_round_trip() -> None:
    save_settings(Settings(demo_interval_s=1.5, demo_threat_rate=0.2))
    loaded = load_settings()
    assert loaded.demo_interval_s == 1.5 and loaded.demo_threat_rate == 0.2
    assert not settings_path().with_suffix(".tmp").exists()


def test_invalid_values_name_the_field() -> None:
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text('{"confidence": 3, "colour": "blue"}')
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert "confidence" in str(info.value) and "colour" in str(info.value)


def test_unreadable_json_is_an_error_not_a_silent_default() -> None:
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text("{broken")
    with pytest.raises(SettingsError, match="cannot read"):
        load_settings()
