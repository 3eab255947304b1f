"""--model / --conf on the command line: only a supervisor's start takes them, always audited."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from inspector_app.accounts import AccountService, Role, read_audit
from inspector_app.commands.gui import screening_overrides, station_settings
from inspector_app.config import Settings
from inspector_app.qt.app import _accept_overrides
from inspector_app.station import build_station

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def _args(**given) -> argparse.Namespace:
    options = dict(images=None, model=None, conf=None, interval=None, threat_rate=None, seed=None)
    return argparse.Namespace(**{**options, **given})


@pytest.fixture
def accounts(isolated_dirs: Path):
    service = AccountService.open(isolated_dirs / "accounts.sqlite", hasher=FAST)
    root = service.create_first_admin("root", "admin-pass-1")
    service.create_user(root, "ian", Role.INSPECTOR, "ian-pass-123")
    service.create_user(root, "sue", Role.SUPERVISOR, "sue-pass-123")
    yield service
    service.close()


def _station(args: argparse.Namespace, tmp_path: Path):
    station = build_station(
        station_settings(args), db_path=tmp_path / "l.sqlite", evidence_dir=tmp_path / "ev"
    )
    station.overrides = screening_overrides(args, Settings())
    return station


def test_an_inspector_cannot_start_with_another_model_or_threshold(
    qtbot, accounts: AccountService, tmp_path: Path
) -> None:
    station = _station(_args(model=tmp_path / "other.onnx", conf=1.0), tmp_path)
    told: list[str] = []
    inspector = accounts.login("ian", "ian-pass-123")
    assert not _accept_overrides(station, accounts, inspector, told.append)
    assert "Only a supervisor" in told[0]
    refusal = read_audit(accounts.db, action="permission_denied")[-1]
    assert refusal.user == "ian" and "another model" in refusal.details["what"]


def test_a_supervisor_may_and_every_override_is_audited(
    qtbot, accounts: AccountService, tmp_path: Path
) -> None:
    station = _station(_args(model=tmp_path / "other.onnx", conf=0.4), tmp_path)
    supervisor = accounts.login("sue", "sue-pass-123")
    assert _accept_overrides(station, accounts, supervisor, pytest.fail)
    changes = {
        e.details["key"]: (e.details["old"], e.details["new"], e.user)
        for e in read_audit(accounts.db, action="setting_changed")
    }
    assert changes == {
        "screening.model_path": (None, str(tmp_path / "other.onnx"), "sue"),
        "screening.confidence": (None, 0.4, "sue"),
    }


def test_no_override_needs_no_right_and_thresholds_are_range_checked(
    accounts: AccountService, tmp_path: Path
) -> None:
    station = _station(_args(interval=1.0), tmp_path)
    assert station.overrides == {}
    assert _accept_overrides(station, accounts, accounts.login("ian", "ian-pass-123"), pytest.fail)
    with pytest.raises(ValueError, match="confidence"):
        station_settings(_args(conf=5.0))
