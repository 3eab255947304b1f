"""Settings: defaults, a saved file, and clear errors for a broken one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector_app.config import (
    DemoFeedSection,
    FilesFeedSection,
    Settings,
    SettingsError,
    changed_settings,
    data_dir,
    database_path,
    load_settings,
    save_settings,
    settings_path,
)
from inspector_app.sync.config import load_upload_config


def test_defaults_live_in_the_user_data_dir(isolated_dirs: Path) -> None:
    settings = load_settings()
    assert database_path() == isolated_dirs / "data" / "decisions.sqlite"
    assert database_path(demo=True) == isolated_dirs / "data" / "demo" / "decisions.sqlite"
    assert data_dir() == isolated_dirs / "data"
    assert settings.screening.resolved_model_path().name == "parcel-threat-det.onnx"
    assert [feed.type for feed in settings.feeds] == ["demo"]
    assert load_upload_config() is None  # upload is off until `upload enrol` writes upload.json
    assert settings.upload.batch_size > 0 and settings.upload.interval_s > 0


def test_the_hub_is_named_only_by_enrolment_not_by_the_settings(caplog) -> None:
    """Saved files carried `upload.hub_url`/`ca_bundle`: they still load (a station must not
    stop over a key that never did anything); a set one is ignored with a warning naming the
    command that replaces it, and never makes the station upload."""
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text('{"upload": {"hub_url": null, "ca_bundle": null, "batch_size": 50}}')
    assert load_settings().upload.batch_size == 50
    assert not caplog.records
    settings_path().write_text('{"upload": {"hub_url": "https://hub.example"}}')
    settings = load_settings()
    assert "upload enrol" in caplog.text and "hub_url" in caplog.text
    assert "hub_url" not in settings.upload.model_dump()
    assert load_upload_config() is None


def test_saved_settings_round_trip() -> None:
    feeds = [
        DemoFeedSection(lane="training", interval_s=1.5, threat_rate=0.2),
        FilesFeedSection(lane="lane 2", paths=[Path("/scans/a.png")]),
    ]
    save_settings(Settings(feeds=feeds))
    loaded = load_settings()
    assert loaded.feeds == feeds
    assert isinstance(loaded.feeds[1], FilesFeedSection)
    assert not settings_path().with_suffix(".tmp").exists()


def test_invalid_values_name_the_field() -> None:
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text(
        '{"screening": {"confidence": 3}, "colour": "blue", "feeds": [{"type": "radio"}]}'
    )
    with pytest.raises(SettingsError) as info:
        load_settings()
    message = str(info.value)
    assert "screening.confidence" in message and "colour" in message and "radio" in message


def test_unreadable_json_is_an_error_not_a_silent_default() -> None:
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text("{broken")
    with pytest.raises(SettingsError, match="cannot read"):
        load_settings()


def test_a_flat_settings_file_of_an_earlier_version_still_loads() -> None:
    settings_path().parent.mkdir(parents=True)
    old = {
        "look_first": True,
        "tip_enabled": True,
        "tip_rate": 0.1,
        "tip_classes": ["knife"],
        "demo_interval_s": 2.0,
        "theme": "light",
        "confidence": 0.4,
    }
    settings_path().write_text(json.dumps(old))
    loaded = load_settings()
    assert loaded.review.look_first and loaded.appearance.theme == "light"
    assert loaded.tip.enabled and loaded.tip.rate == 0.1 and loaded.tip.classes == ("knife",)
    assert loaded.screening.confidence == 0.4
    assert loaded.feeds == [DemoFeedSection(interval_s=2.0)]


def test_each_feed_needs_its_own_lane() -> None:
    with pytest.raises(ValueError, match=r"own lane.*demo"):
        Settings(feeds=[DemoFeedSection(), DemoFeedSection()])


def test_tip_classes_are_checked_against_the_threat_list() -> None:
    with pytest.raises(ValueError, match="bazooka"):
        Settings.model_validate({"tip": {"classes": ["bazooka"]}})
    with pytest.raises(ValueError, match="no threat class"):
        Settings.model_validate({"tip": {"enabled": True, "classes": []}})


def test_changes_are_named_by_section_for_the_audit_log() -> None:
    before = Settings()
    after = before.model_copy(deep=True)
    after.review.undo_window_s = 3.0
    after.tip.enabled = True
    assert changed_settings(before, after) == {
        "review.undo_window_s": (10.0, 3.0),
        "tip.enabled": (False, True),
    }
