"""Start the workstation: QApplication, theme, language, error hook and the main window."""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector_app.accounts import AuditAction, Permission, PermissionDenied, audit
from inspector_app.config import (
    AppearanceSection,
    Settings,
    changed_settings,
    resources_dir,
    save_settings,
)
from inspector_app.qt.i18n import current_language, install_language
from inspector_app.qt.login_dialog import SessionController
from inspector_app.qt.look_controller import Appearance
from inspector_app.qt.main_window import MainWindow
from inspector_app.qt.password_dialog import PasswordChange
from inspector_app.qt.settings_dialog import StationSettingsDialog
from inspector_app.qt.supervisor_menu import SupervisorMenu
from inspector_app.qt.theme import apply_theme
from inspector_app.station import Station


def _apply_and_save(
    app: QApplication, settings: Settings, look: Appearance, record=lambda changes: None
) -> None:
    """Theme and text size apply at once and, with the language, are remembered for the next
    start (the window installs the language itself; it only reports the result here).
    `record` receives {setting: (old, new)} for the audit log."""
    apply_theme(app, look.theme, look.font_pt)
    before = settings.model_copy(deep=True)
    settings.appearance = AppearanceSection.model_validate(  # validated, never trusted
        {"theme": look.theme, "font_pt": look.font_pt, "language": look.language}
    )
    try:
        save_settings(settings)
    except OSError as exc:
        print(f"inspector-app: settings not saved: {exc}", file=sys.stderr)
        return
    record(changed_settings(before, settings))


def _audit_changes(accounts, session, changes: dict) -> None:
    for key, (old, new) in changes.items():
        audit(accounts.db, session, AuditAction.SETTING_CHANGED, key=key, old=old, new=new)


def _edit_station_settings(window, settings: Settings, sessions, accounts) -> None:
    """Open the dialog with the signed-in user's rights; save, audit and apply the changes."""
    session = sessions.session
    if session is None:
        return
    dialog = StationSettingsDialog(
        settings,
        can_change_settings=session.can(Permission.CHANGE_SETTINGS),
        can_configure_tip=session.can(Permission.CONFIGURE_TIP),
        parent=window,
    )
    if not dialog.exec():
        return
    updated = dialog.result_settings()
    changes = changed_settings(settings, updated)
    if not changes:
        return
    try:
        save_settings(updated)
    except OSError as exc:
        window.notify(
            QCoreApplication.translate("App", "Settings not saved: {error}").format(error=exc)
        )
        return
    _audit_changes(accounts, session, changes)
    for section in ("review", "tip", "screening"):
        setattr(settings, section, getattr(updated, section))
    window.apply_station_settings(settings)


def _tell_and_stop(message: str) -> None:
    print(f"inspector-app: {message}", file=sys.stderr)
    QMessageBox.critical(None, "inspector-app", message)


def _accept_overrides(station: Station, accounts, session, tell=_tell_and_stop) -> bool:
    """Another model or threshold for this start: a supervisor's call, and always audited."""
    if not station.overrides:
        return True
    try:
        accounts.authorize(
            session, Permission.CHANGE_MODEL, "start the station with another model or threshold"
        )
    except PermissionDenied as exc:
        text = QCoreApplication.translate(
            "App",
            "Only a supervisor may start the station with another model or threshold ({error}).",
        )
        tell(text.format(error=exc))
        return False
    for key, (old, new) in station.overrides.items():
        audit(
            accounts.db,
            session,
            AuditAction.SETTING_CHANGED,
            key=key,
            old=old,
            new=new,
            source="command line, this start only",
        )
    return True


def install_error_hook(window: MainWindow) -> None:
    """Uncaught errors, in any thread, reach the inspector as a message, not a dead window."""

    def show(exc_type, exc, tb) -> None:
        traceback.print_exception(exc_type, exc, tb)
        message = QCoreApplication.translate("App", "Unexpected error: {error}")
        QTimer.singleShot(0, lambda: window.notify(message.format(error=exc)))

    sys.excepthook = show
    threading.excepthook = lambda args: show(args.exc_type, args.exc_value, args.exc_traceback)


def run_gui(station: Station, *, exit_after_s: float | None = None) -> int:
    """Sign in, then screen. A demo station signs in the marked demo account without a password."""
    settings = station.settings
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("inspector-app")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "inspector-app.png")))
    apply_theme(app, settings.appearance.theme, settings.appearance.font_pt)
    # The saved language, before the sign-in screen; a failure is shown once the window is up.
    problems: list[str] = []
    install_language(app, settings.appearance.language, report=problems.append)
    accounts = station.open_accounts()
    sessions = SessionController(accounts, app)
    session = sessions.start(auto_demo=station.demo)
    if session is None:
        return 0
    if not _accept_overrides(station, accounts, session):
        return 2
    window = MainWindow(station, session.name)
    window.set_inspector(session.name, session.label)
    look = settings.appearance
    window.look.appearance = Appearance(look.theme, look.font_pt, current_language())
    window.look.appearance_changed.connect(
        lambda look: _apply_and_save(
            app, settings, look, lambda changes: _audit_changes(accounts, sessions.session, changes)
        )
    )
    sessions.window = window
    sessions.session_changed.connect(lambda s: window.set_inspector(s.name, s.label))
    # While locked, the scan is hidden: an unattended station shows nothing of the parcel.
    central = window.centralWidget()
    assert central is not None
    sessions.locked_changed.connect(lambda locked: central.setVisible(not locked))
    sessions.quit_requested.connect(window.close)
    app.aboutToQuit.connect(sessions.end)
    window.lock_requested.connect(lambda: sessions.lock("switch user"))
    # Model changes: supervisors and admins only, and every change goes to the audit log.
    window.may_change_model = lambda: bool(
        sessions.session and sessions.session.can(Permission.CHANGE_MODEL)
    )
    window.model_changed.connect(
        lambda info: audit(
            accounts.db,
            sessions.session,
            AuditAction.MODEL_CHANGED,
            name=info.name,
            version=info.version,
            sha256=info.sha256,
        )
    )
    window.settings_requested.connect(
        lambda: _edit_station_settings(window, settings, sessions, accounts)
    )
    # Supervisor tools: shown only to roles that may export; closed on lock and user change.
    supervisor = SupervisorMenu(window, station, accounts, lambda: sessions.session)
    sessions.session_changed.connect(lambda _session: supervisor.update_rights())
    sessions.locked_changed.connect(lambda locked: supervisor.close_all() if locked else None)
    # Everyone with a password changes it here (not the DEMO account); closed on lock too.
    passwords = PasswordChange(window, accounts, lambda: sessions.session)
    sessions.session_changed.connect(lambda _session: passwords.update_rights())
    sessions.locked_changed.connect(lambda locked: passwords.close() if locked else None)
    for message in problems:
        window.notify(message)

    install_error_hook(window)
    window.resize(1400, 860)
    window.show()
    window.start()
    if os.environ.get("INSPECTOR_APP_REPORT_READY"):  # start-up measurement (build_bundle.py)
        QTimer.singleShot(0, lambda: print(f"window shown at {time.time():.3f}", file=sys.stderr))
    if exit_after_s is not None:
        QTimer.singleShot(int(exit_after_s * 1000), window.close)
    return app.exec()
