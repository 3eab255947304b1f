"""Station ▸ Change my password…: the real dialog, driven by keys, on a real station database.

The change runs through `AccountService.change_password` in a worker thread; the checks read
the result back through `AccountService.login`, as the next sign-in would.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from window_factory import station_window

from inspector_app.accounts import (
    AccountLocked,
    AccountPolicy,
    AccountService,
    Role,
    WrongPassword,
    read_audit,
)
from inspector_app.feeds.files import FileListFeed
from inspector_app.qt.password_dialog import PasswordChange, PasswordDialog
from inspector_app.qt.theme import apply_dark_theme

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
T0 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


def _service(path: Path, policy: AccountPolicy | None = None, **kwargs) -> AccountService:
    return AccountService.open(path, hasher=FAST, policy=policy, **kwargs)


@pytest.fixture
def station(tmp_path: Path):
    """A station database with an admin (root) and an inspector (anna)."""
    service = _service(tmp_path / "station.sqlite", clock=lambda: T0)
    root = service.create_first_admin("root", "admin-pass-1")
    service.create_user(root, "anna", Role.INSPECTOR, "anna-pass-1")
    yield service
    service.close()


def _path(service: AccountService) -> Path:
    return Path(service.db.conn.execute("PRAGMA database_list").fetchone()[2])


def _dialog(
    qtbot,
    service: AccountService,
    *,
    policy: AccountPolicy | None = None,
    threads: list[threading.Thread] | None = None,
) -> PasswordDialog:
    path = _path(service)

    def open_service() -> AccountService:  # in the worker: its own connection
        if threads is not None:
            threads.append(threading.current_thread())
        return _service(path, policy, clock=lambda: T0)

    apply_dark_theme(QApplication.instance())
    session = service.login("anna", "anna-pass-1")
    dialog = PasswordDialog(session, open_service, policy=policy)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def _type(qtbot, dialog: PasswordDialog, current: str, new: str, repeat: str) -> None:
    """Type the three fields, Enter in the first two going on to the next."""
    assert dialog.current_edit.hasFocus()
    qtbot.keyClicks(dialog.current_edit, current)
    qtbot.keyClick(dialog.current_edit, Qt.Key.Key_Return)
    assert dialog.new_edit.hasFocus() and dialog.message.text() == ""
    qtbot.keyClicks(dialog.new_edit, new)
    qtbot.keyClick(dialog.new_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.repeat_edit, repeat)


def test_the_password_changes_off_the_gui_thread_and_only_the_new_one_signs_in(
    qtbot, station: AccountService
) -> None:
    threads: list[threading.Thread] = []
    dialog = _dialog(qtbot, station, threads=threads)
    assert "at least 8 characters" in dialog.rules.text()
    _type(qtbot, dialog, "anna-pass-1", "anna-new-pass", "anna-new-pass")
    with qtbot.waitSignal(dialog.changed, timeout=10000):
        qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
        assert not dialog.ok_button.isEnabled() and not dialog.current_edit.isEnabled()
        assert dialog.message.text() == "Changing your password…"
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert threads and all(t is not threading.main_thread() for t in threads)
    with pytest.raises(WrongPassword):
        station.login("anna", "anna-pass-1")
    assert station.login("anna", "anna-new-pass").name == "anna"
    [entry] = read_audit(station.db, action="password_changed")
    assert entry.user == "anna" and entry.details["target"] == "anna"


def test_a_wrong_current_password_is_said_and_counts_toward_the_lockout(
    qtbot, station: AccountService
) -> None:
    policy = AccountPolicy(max_failures=2)
    dialog = _dialog(qtbot, station, policy=policy)
    assert "after 2 in a row, your account is locked for 5 minutes" in (dialog.lockout_note.text())
    _type(qtbot, dialog, "not-my-pass", "anna-new-pass", "anna-new-pass")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=10000)
    assert dialog.message.text() == "The current password is wrong. Your password was not changed."
    assert dialog.current_edit.text() == "" and dialog.current_edit.hasFocus()
    assert dialog.new_edit.text() == "anna-new-pass" and dialog.ok_button.isEnabled()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    failed = read_audit(station.db, user="anna", action="login_failed")
    assert [e.details["reason"] for e in failed] == ["wrong password"]

    qtbot.keyClicks(dialog.current_edit, "still-not-it")
    qtbot.keyClick(dialog.current_edit, Qt.Key.Key_Return)  # the others are filled: submit
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=10000)
    until = (T0 + timedelta(minutes=5)).astimezone().strftime("%H:%M")
    assert f"your account is locked until {until}" in dialog.message.text()
    assert station.get_user("anna").locked_until is not None
    assert read_audit(station.db, user="anna", action="account_locked")
    with pytest.raises(AccountLocked):
        station.login("anna", "anna-pass-1")
    later = _service(_path(station), clock=lambda: T0 + timedelta(minutes=6))
    assert later.login("anna", "anna-pass-1").name == "anna"  # unchanged
    later.close()
    assert not read_audit(station.db, action="password_changed")


def test_new_passwords_that_do_not_match_are_refused_before_any_work(
    qtbot, station: AccountService
) -> None:
    dialog = _dialog(qtbot, station)
    _type(qtbot, dialog, "anna-pass-1", "anna-new-pass", "anna-new-pazz")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert dialog.worker is None
    assert dialog.message.text() == "The two new passwords do not match: type the new one again."
    assert dialog.repeat_edit.text() == "" and dialog.repeat_edit.hasFocus()
    assert dialog.isVisible() and not read_audit(station.db, action="password_changed")
    assert station.login("anna", "anna-pass-1").name == "anna"


def test_a_short_new_password_is_refused_with_the_policy_length(
    qtbot, station: AccountService
) -> None:
    policy = AccountPolicy(min_password_length=12)  # the rules are read, never restated
    dialog = _dialog(qtbot, station, policy=policy)
    assert "at least 12 characters" in dialog.rules.text()
    _type(qtbot, dialog, "anna-pass-1", "eleven-char", "eleven-char")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert dialog.worker is None
    assert dialog.message.text() == (
        "The new password is too short: it needs at least 12 characters."
    )
    assert dialog.new_edit.text() == "" and dialog.new_edit.hasFocus()
    assert station.get_user("anna").failed_count == 0  # no try was counted
    assert station.login("anna", "anna-pass-1").name == "anna"


def test_the_station_menu_offers_it_to_users_but_not_to_the_demo_account(
    qtbot, tmp_path: Path, fixed_box_model
) -> None:
    window = station_window(
        FileListFeed([]), fixed_box_model([], ["knife"]), tmp_path, "demo", db_name="st.sqlite"
    )
    qtbot.addWidget(window)
    path = window.station.db_path
    accounts = _service(path, demo=True)
    root = accounts.create_first_admin("root", "admin-pass-1")
    accounts.create_user(root, "anna", Role.INSPECTOR, "anna-pass-1")
    current = {"session": accounts.login("demo", "")}
    change = PasswordChange(
        window, accounts, lambda: current["session"], open_service=lambda: _service(path)
    )
    action = window.binder.actions["station.password"]
    assert action in window.binder.menus["station"].actions()
    assert action.text() == "Change my password…" and not action.isEnabled()
    assert action.toolTip() == "The DEMO account has no password to change."
    assert window.binder.menus["station"].toolTipsVisible()
    assert change.open() is None and change.dialog is None
    [refused] = read_audit(accounts.db, user="demo", action="permission_denied")
    assert refused.details["what"] == "change their own password"

    current["session"] = accounts.login("anna", "anna-pass-1")
    change.update_rights()
    assert action.isEnabled() and "DEMO" not in action.toolTip()
    action.trigger()
    dialog = change.dialog
    assert isinstance(dialog, PasswordDialog) and dialog.isVisible()
    assert "anna" in dialog.title.text()
    dialog.current_edit.setText("anna-pass-1")
    dialog.new_edit.setText("anna-new-pass")
    dialog.repeat_edit.setText("anna-new-pass")
    with qtbot.waitSignal(dialog.changed, timeout=10000):
        dialog.ok_button.click()
    assert window.statusBar().currentMessage() == "Your password has been changed."
    assert change.dialog is None
    assert accounts.login("anna", "anna-new-pass").name == "anna"

    action.trigger()  # a lock (or the next user) closes a dialog left open
    assert change.dialog is not None
    left_open = change.dialog
    change.close()
    assert not left_open.isVisible() and change.dialog is None
    accounts.close()
    window.close()
