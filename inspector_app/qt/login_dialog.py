"""Sign-in, first-run admin creation, screen lock and quick user switch.

`LoginDialog` is the screen; `SessionController` is the workflow the main window wires in:
sign in at start, lock on Ctrl+L or after idle, let the same user resume or another take
over, and tell the window who is signed in. The rules (lockout, roles, audit) live in the
Qt-free `inspector_app.accounts`; this module only shows them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.accounts import (
    DEMO_USER,
    AccountError,
    AccountService,
    IdleLock,
    Session,
    is_demo_user,
)
from inspector_app.qt.i18n import as_sentence
from inspector_app.station.actions import QT_TRANSLATE_NOOP

# Why the station locked: stored in English in the audit log, shown translated.
_REASONS = {
    "idle": QT_TRANSLATE_NOOP("LoginDialog", "idle"),
    "switch user": QT_TRANSLATE_NOOP("LoginDialog", "switch user"),
    "locked by hand": QT_TRANSLATE_NOOP("LoginDialog", "locked by hand"),
}


class LoginDialog(QDialog):
    """User + password, Enter to submit, errors in plain words; fully usable by keyboard.

    Three variants: first run (create the administrator), sign-in, and locked (a session is
    open: its user may resume, anyone else may take over). In demo mode a clearly marked
    button signs in the built-in demo account without a password.
    """

    def __init__(
        self,
        service: AccountService,
        parent: QWidget | None = None,
        *,
        current: Session | None = None,
        reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.current = current
        self.session: Session | None = None
        self.first_run = service.needs_first_admin()
        self.setObjectName("loginDialog")
        self.setModal(True)
        self.setMinimumWidth(440)
        self.reason = reason
        self._build()
        self.retranslate()

    # ----- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        error_colour = "#ff8a80" if dark else "#b00020"
        self.setStyleSheet(
            f"QLabel#loginError {{ color: {error_colour}; font-weight: bold; }}"
            "QLabel#demoBanner { background: #6b4a12; color: #fff4dc; padding: 6px;"
            " border-radius: 4px; font-weight: bold; }"
            "QPushButton#demoButton { background: #6b4a12; color: #fff4dc; }"
        )
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        self.demo_banner: QLabel | None = None
        if self.service.demo:
            self.demo_banner = QLabel()
            self.demo_banner.setObjectName("demoBanner")
            self.demo_banner.setWordWrap(True)
            layout.addWidget(self.demo_banner)

        self.title = QLabel()
        self.title.setObjectName("loginTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.info = QLabel()
        self.info.setWordWrap(True)
        layout.addWidget(self.info)

        form = QFormLayout()
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("userEdit")
        self.user_edit.setMaxLength(64)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.user_label = self._buddy(self.user_edit)
        self.password_label = self._buddy(self.password_edit)
        form.addRow(self.user_label, self.user_edit)
        form.addRow(self.password_label, self.password_edit)
        self.confirm_edit: QLineEdit | None = None
        self.confirm_label: QLabel | None = None
        if self.first_run:
            self.confirm_edit = QLineEdit()
            self.confirm_edit.setObjectName("confirmEdit")
            self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.confirm_label = self._buddy(self.confirm_edit)
            form.addRow(self.confirm_label, self.confirm_edit)
        layout.addLayout(form)

        self.error_label = QLabel("")
        self.error_label.setObjectName("loginError")
        self.error_label.setWordWrap(True)
        self.error_label.setMinimumHeight(self.error_label.fontMetrics().height() * 2)
        layout.addWidget(self.error_label)

        buttons = QHBoxLayout()
        self.demo_button: QPushButton | None = None
        if self.service.demo:
            self.demo_button = QPushButton()
            self.demo_button.setObjectName("demoButton")
            self.demo_button.clicked.connect(self._use_demo)
            buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        self.quit_button = QPushButton()
        self.quit_button.clicked.connect(self.reject)
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("submitButton")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self._submit)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.submit_button)
        layout.addLayout(buttons)
        # Tab goes from the last field to the submit button, not to Quit.
        chain = [
            self.user_edit,
            self.password_edit,
            self.confirm_edit,
            self.submit_button,
            self.quit_button,
            self.demo_button,
        ]
        present = [w for w in chain if w is not None]
        for first, second in pairwise(present):
            QWidget.setTabOrder(first, second)

        if self.current is not None and not self.current.demo:
            self.user_edit.setText(self.current.name)
            self.password_edit.setFocus()
        else:
            self.user_edit.setFocus()

    def retranslate(self) -> None:
        """Every fixed text in the current language (at start and on LanguageChange)."""
        title_text, info_text, submit_text = self._texts(self.reason)
        self.setWindowTitle(self.tr("Inspector — {title}").format(title=title_text))
        self.title.setText(title_text)
        self.info.setText(info_text)
        self.submit_button.setText(submit_text)
        self.quit_button.setText(self.tr("&Quit"))
        self.user_label.setText(self.tr("&User name"))
        self.password_label.setText(self.tr("&Password"))
        if self.confirm_label is not None:
            self.confirm_label.setText(self.tr("&Repeat password"))
        if self.demo_banner is not None:
            self.demo_banner.setText(
                self.tr("DEMO MODE — the demo account's decisions are marked as demo")
            )
        if self.demo_button is not None:
            self.demo_button.setText(self.tr("Use &demo account"))
            self.demo_button.setToolTip(self.tr("No password; only available in demo mode"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _texts(self, reason: str) -> tuple[str, str, str]:
        if self.first_run:
            policy = self.service.password_policy.min_length
            return (
                self.tr("Create the administrator"),
                self.tr(
                    "First start on this station. Create the administrator account; it adds "
                    "inspectors and supervisors later. Passwords need at least {count} "
                    "characters."
                ).format(count=policy),
                self.tr("Create && sign in"),
            )
        if self.current is not None:
            shown = self.tr(_REASONS[reason]) if reason in _REASONS else reason
            info = (
                self.tr(
                    "Locked ({reason}). {user} can continue with their password; another "
                    "user signing in takes over the station."
                )
                if reason
                else self.tr(
                    "Locked. {user} can continue with their password; another user signing "
                    "in takes over the station."
                )
            )
            return (
                self.tr("Station locked"),
                info.format(reason=shown, user=self.current.name),
                self.tr("&Unlock"),
            )
        return (
            self.tr("Sign in"),
            self.tr("X-ray parcel screening station. Enter your user name and password."),
            self.tr("&Sign in"),
        )

    @staticmethod
    def _buddy(field: QLineEdit) -> QLabel:
        label = QLabel()
        label.setBuddy(field)
        return label

    # ----- behaviour -----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the start screen (quit), but never a locked screen by accident."""
        if event.key() == Qt.Key.Key_Escape and self.current is not None:
            event.accept()
            return
        super().keyPressEvent(event)

    def show_error(self, message: str) -> None:
        self.error_label.setText(as_sentence(message))

    def _submit(self) -> None:
        name = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not name:
            self.show_error(self.tr("enter your user name"))
            self.user_edit.setFocus()
            return
        if not password and not (self.service.demo and is_demo_user(name)):
            if self.user_edit.hasFocus():  # Enter after the name: go on to the password
                self.password_edit.setFocus()
                return
            self.show_error(self.tr("enter your password"))
            self.password_edit.setFocus()
            return
        if self.confirm_edit is not None and self.confirm_edit.text() != password:
            self.show_error(self.tr("the two passwords do not match"))
            self.confirm_edit.clear()
            self.confirm_edit.setFocus()
            return
        self._attempt(lambda: self._sign_in(name, password))

    def _sign_in(self, name: str, password: str) -> Session:
        if self.first_run:
            return self.service.create_first_admin(name, password)
        return self.service.switch(self.current, name, password)

    def _use_demo(self) -> None:
        self._attempt(lambda: self.service.switch(self.current, DEMO_USER, ""))

    def _attempt(self, action: Callable[[], Session]) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # argon2 takes ~0.1 s
        try:
            session = action()
        except (AccountError, ValueError) as exc:
            self._failed(exc)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.session = session
        self.error_label.clear()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.show_error(str(exc))
        self.password_edit.clear()
        if self.confirm_edit is not None:
            self.confirm_edit.clear()
        self.password_edit.setFocus()  # the same for a wrong name: nothing tells them apart


def sign_in(
    service: AccountService,
    parent: QWidget | None = None,
    *,
    current: Session | None = None,
    reason: str = "",
) -> Session | None:
    """Show the dialog modally; the new session, or None when the user chose Quit."""
    dialog = LoginDialog(service, parent, current=current, reason=reason)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.session if accepted else None


class IdleWatcher(QObject):
    """Feeds the app's input events to an `IdleLock` and emits `idle` once when it is due."""

    idle = Signal()
    _INPUT = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
        }
    )

    def __init__(
        self,
        timeout_s: float,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        check_ms: int = 1000,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.lock = IdleLock(timeout_s, clock())
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)
        if self.lock.enabled:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Every event of the app passes here: it must never raise (Qt cannot take an
        exception from a filter), so an event already torn down is simply not counted."""
        try:
            if event.type() in self._INPUT:
                self.lock.activity(self.clock())
        except (RuntimeError, SystemError):
            pass
        return False

    def check(self) -> None:
        if self.lock.poll(self.clock()):
            self.idle.emit()

    def rearm(self) -> None:
        """Someone signed in: a fresh idle period starts now."""
        self.lock.unlock(self.clock())

    def stop(self) -> None:
        """No more idle checks (the session ended): timer off, app events no longer watched."""
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class SessionController(QObject):
    """Who is signed in, and the lock/switch workflow around the main window.

    Signals: `session_changed(Session)` after a different user took over, `locked_changed
    (bool)` around the lock dialog (blank the scan view while locked), `quit_requested()`
    when someone chose Quit at the lock screen.
    """

    session_changed = Signal(object)
    locked_changed = Signal(bool)
    quit_requested = Signal()

    def __init__(
        self,
        service: AccountService,
        parent: QObject | None = None,
        *,
        idle_timeout_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.session: Session | None = None
        self.window: QWidget | None = None
        self.locked = False
        timeout = service.policy.idle_lock_s if idle_timeout_s is None else idle_timeout_s
        self.idle = IdleWatcher(timeout, self, clock=clock)
        self.idle.idle.connect(lambda: self.lock("idle"))

    def start(self, *, auto_demo: bool = False) -> Session | None:
        """Sign in before the main window opens; None when the user quit instead.

        `auto_demo` (demo mode only) signs the demo account in without showing the dialog,
        so the quick start and unattended smoke runs open straight onto the demo feed.
        """
        if auto_demo and self.service.demo:
            self.session = self.service.login(DEMO_USER, "")
        else:
            self.session = sign_in(self.service, self.window)
        self.idle.rearm()
        return self.session

    def lock(self, reason: str = "locked by hand") -> None:
        """Lock now (Ctrl+L, idle); returns when someone signed in or chose Quit."""
        if self.locked or self.session is None:
            return
        self.locked = True
        self.idle.lock.lock()
        self.service.lock(self.session, reason)
        self.locked_changed.emit(True)
        try:
            new = sign_in(self.service, self.window, current=self.session, reason=reason)
        finally:
            self.locked = False
        if new is None:
            self.quit_requested.emit()
            return
        changed = new is not self.session
        self.session = new
        self.idle.rearm()
        self.locked_changed.emit(False)
        if self.window is not None:  # keys go back to the station, not to nowhere
            self.window.activateWindow()
        if changed:
            self.session_changed.emit(new)

    def end(self, reason: str = "app closed") -> None:
        """Audit the logout when the app closes; the idle lock stops watching."""
        self.idle.stop()
        if self.session is not None:
            self.service.logout(self.session, reason)
            self.session = None
