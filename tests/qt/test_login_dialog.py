"""The login dialog driven by keys, on a real station database (pytest-qt)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from inspector_app.accounts import AccountService, Role, read_audit
from inspector_app.qt.login_dialog import LoginDialog, SessionController
from inspector_app.qt.theme import apply_dark_theme

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
T0 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


class Clock:
    def __init__(self, start) -> None:
        self.now = start

    def __call__(self):
        return self.now


def _service(path: Path, **kwargs) -> AccountService:
    return AccountService.open(path, hasher=FAST, clock=kwargs.pop("clock", lambda: T0), **kwargs)


@pytest.fixture
def station(tmp_path: Path):
    """A station with an admin (root) and an inspector (anna)."""
    service = _service(tmp_path / "station.sqlite")
    root = service.create_first_admin("root", "admin-pass-1")
    service.create_user(root, "anna", Role.INSPECTOR, "anna-pass-1")
    yield service
    service.close()


def _dialog(qtbot, service: AccountService, **kwargs) -> LoginDialog:
    apply_dark_theme(QApplication.instance())
    dialog = LoginDialog(service, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def _type_login(qtbot, dialog: LoginDialog, name: str, password: str) -> None:
    qtbot.keyClicks(dialog.user_edit, name)
    qtbot.keyClick(dialog.user_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_first_run_creates_the_admin_by_keyboard(qtbot, tmp_path: Path) -> None:
    service = _service(tmp_path / "station.sqlite")
    dialog = _dialog(qtbot, service)
    assert dialog.first_run and dialog.confirm_edit is not None
    assert "administrator" in dialog.title.text().lower()
    qtbot.keyClicks(dialog.user_edit, "root")
    qtbot.keyClick(dialog.user_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password_edit, "admin-pass-1")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.confirm_edit, "admin-pass-X")
    qtbot.keyClick(dialog.confirm_edit, Qt.Key.Key_Return)
    assert "do not match" in dialog.error_label.text()
    assert dialog.result() != QDialog.DialogCode.Accepted and service.needs_first_admin()

    qtbot.keyClicks(dialog.confirm_edit, "admin-pass-1")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.confirm_edit, Qt.Key.Key_Enter)  # keypad Enter works too
    assert dialog.session is not None and dialog.session.role is Role.ADMIN
    assert not service.needs_first_admin()
    service.close()


def test_first_run_shows_the_password_policy(qtbot, tmp_path: Path) -> None:
    service = _service(tmp_path / "station.sqlite")
    dialog = _dialog(qtbot, service)
    assert "at least 8 characters" in dialog.info.text()
    qtbot.keyClicks(dialog.user_edit, "root")
    qtbot.keyClick(dialog.user_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password_edit, "short")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.confirm_edit, "short")
    qtbot.keyClick(dialog.confirm_edit, Qt.Key.Key_Return)
    assert "at least 8 characters" in dialog.error_label.text()
    assert dialog.session is None and service.needs_first_admin()
    service.close()


def test_sign_in_with_enter(qtbot, station: AccountService) -> None:
    dialog = _dialog(qtbot, station)
    assert not dialog.first_run and dialog.confirm_edit is None
    assert dialog.user_edit.hasFocus()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        _type_login(qtbot, dialog, "anna", "anna-pass-1")
    assert dialog.session is not None and dialog.session.name == "anna"


def test_enter_after_the_name_moves_to_the_password(qtbot, station: AccountService) -> None:
    dialog = _dialog(qtbot, station)
    qtbot.keyClicks(dialog.user_edit, "anna")
    qtbot.keyClick(dialog.user_edit, Qt.Key.Key_Return)
    assert dialog.password_edit.hasFocus() and dialog.error_label.text() == ""
    qtbot.keyClicks(dialog.password_edit, "anna-pass-1")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_wrong_password_then_the_lock_time_and_never_which_part_was_wrong(
    qtbot, station: AccountService
) -> None:
    dialog = _dialog(qtbot, station)
    _type_login(qtbot, dialog, "anna", "nope-nope")
    assert dialog.error_label.text() == "Wrong user name or password."
    assert dialog.password_edit.text() == "" and dialog.password_edit.hasFocus()
    for _ in range(3):
        qtbot.keyClicks(dialog.password_edit, "nope-nope")
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        assert dialog.error_label.text() == "Wrong user name or password."
    qtbot.keyClicks(dialog.password_edit, "nope-nope")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    until = (T0 + timedelta(minutes=5)).astimezone().strftime("%H:%M")
    assert f"account locked until {until}" in dialog.error_label.text()
    qtbot.keyClicks(dialog.password_edit, "anna-pass-1")  # the right one, but locked
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text() == f"Account locked until {until}."
    assert dialog.session is None and dialog.isVisible()


def test_disabled_and_unknown_users(qtbot, station: AccountService) -> None:
    root = station.login("root", "admin-pass-1")
    station.disable_user(root, "anna")
    dialog = _dialog(qtbot, station)
    _type_login(qtbot, dialog, "anna", "anna-pass-1")
    assert "account “anna” is disabled" in dialog.error_label.text().lower()
    dialog.user_edit.clear()
    dialog.user_edit.setFocus()
    _type_login(qtbot, dialog, "zoe", "whatever-1")
    assert dialog.error_label.text() == "Wrong user name or password."
    assert dialog.password_edit.hasFocus()  # the same as for a wrong password
    dialog.user_edit.clear()
    dialog.user_edit.setFocus()
    _type_login(qtbot, dialog, "anna", "a-guess-123")  # disabled, but the password is wrong
    assert dialog.error_label.text() == "Wrong user name or password."


def test_demo_account_only_in_demo_mode(qtbot, station: AccountService) -> None:
    normal = _dialog(qtbot, station)
    assert normal.demo_button is None
    _type_login(qtbot, normal, "demo", "x")
    assert "only works when the app runs in demo mode" in normal.error_label.text()
    assert normal.session is None

    demo_service = AccountService(station.db, hasher=FAST, demo=True)
    demo = _dialog(qtbot, demo_service)
    assert demo.demo_button is not None and "demo" in demo.demo_button.text().lower()
    demo.demo_button.setFocus()
    with qtbot.waitSignal(demo.accepted, timeout=2000):
        qtbot.keyClick(demo.demo_button, Qt.Key.Key_Space)
    assert demo.session is not None and demo.session.demo
    # Typing the demo name with no password works too in demo mode.
    again = _dialog(qtbot, demo_service)
    qtbot.keyClicks(again.user_edit, "demo")
    qtbot.keyClick(again.user_edit, Qt.Key.Key_Tab)
    with qtbot.waitSignal(again.accepted, timeout=2000):
        qtbot.keyClick(again.password_edit, Qt.Key.Key_Return)


def test_locked_screen_resumes_or_switches_and_ignores_escape(
    qtbot, station: AccountService
) -> None:
    anna = station.login("anna", "anna-pass-1")
    dialog = _dialog(qtbot, station, current=anna, reason="idle")
    assert dialog.title.text() == "Station locked" and "(idle)" in dialog.info.text()
    assert dialog.user_edit.text() == "anna" and dialog.password_edit.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # Esc never unlocks or quits by accident
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Tab)  # Tab leads to Unlock, not Quit
    assert dialog.submit_button.hasFocus()
    dialog.user_edit.clear()
    dialog.user_edit.setFocus()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        _type_login(qtbot, dialog, "root", "admin-pass-1")
    assert dialog.session is not None and dialog.session.name == "root"
    logout = read_audit(station.db, action="logout")[-1]
    assert (logout.user, logout.details["reason"]) == ("anna", "switched to root")


def test_escape_on_the_start_screen_quits(qtbot, station: AccountService) -> None:
    dialog = _dialog(qtbot, station)
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.session is None


def test_idle_locks_and_another_user_takes_over(qtbot, station: AccountService) -> None:
    """Idle timeout -> lock dialog (modal) -> next shift's user signs in -> session changes."""
    monotonic = Clock(1000.0)
    controller = SessionController(station, idle_timeout_s=300, clock=monotonic)
    controller.session = station.login("anna", "anna-pass-1")
    controller.idle.rearm()
    seen: list = []
    locked: list[bool] = []
    controller.session_changed.connect(seen.append)
    controller.locked_changed.connect(locked.append)
    monotonic.now = 1299.0
    controller.idle.check()
    assert not controller.locked

    def type_in_lock_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LoginDialog) and dialog.current is not None
        assert dialog.password_edit.hasFocus()
        # Shift+Tab back to the prefilled name (selected on focus), type over it.
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
        assert dialog.user_edit.hasFocus() and dialog.user_edit.selectedText() == "anna"
        qtbot.keyClicks(dialog.user_edit, "root")
        qtbot.keyClick(dialog.user_edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.password_edit, "admin-pass-1")
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    QTimer.singleShot(200, type_in_lock_dialog)
    monotonic.now = 1300.0
    controller.idle.check()  # runs the modal dialog until someone signs in
    assert locked == [True, False]
    assert [s.name for s in seen] == ["root"] and controller.session.name == "root"
    assert read_audit(station.db, action="session_locked")[-1].details == {"reason": "idle"}
    assert not controller.idle.lock.locked  # re-armed for the new user
    controller.end()
    assert read_audit(station.db, action="logout")[-1].user == "root"


def test_auto_demo_start_signs_in_only_in_demo_mode(qtbot, station: AccountService) -> None:
    demo = SessionController(AccountService(station.db, hasher=FAST, demo=True))
    session = demo.start(auto_demo=True)
    assert session is not None and session.demo and demo.session is session

    normal = SessionController(station)

    def quit_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LoginDialog)  # the dialog is shown, no demo shortcut
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(100, quit_dialog)
    assert normal.start(auto_demo=True) is None
    demo.end()  # no idle timer left running after the test
    normal.end()


def test_input_events_keep_the_station_unlocked(qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from inspector_app.qt.login_dialog import IdleWatcher

    monotonic = Clock(0.0)
    watcher = IdleWatcher(60, clock=monotonic)
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    field = QLineEdit()
    qtbot.addWidget(field)
    monotonic.now = 59.0
    qtbot.keyClick(field, Qt.Key.Key_A)  # a real key event through the app's filter
    monotonic.now = 100.0
    watcher.check()
    assert fired == []
    monotonic.now = 119.0
    watcher.check()
    assert fired == [True]
    QApplication.instance().removeEventFilter(watcher)
