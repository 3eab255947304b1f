"""Station ▸ Change my password…: every signed-in user changes their own password.

`PasswordDialog` asks for the current password, the new one and the new one again, and says
the rules up front, read from the station's `AccountPolicy` (never restated here). The change
itself is `AccountService.change_password`: it checks the current password like a sign-in (a
wrong one counts toward the lockout, and is audited), applies the password policy and writes
`password_changed` to the audit log. argon2 takes a noticeable moment with the production
settings, so the change runs in a `ReportWorker` with its own service (one SQLite connection
per thread) and the dialog's buttons are off until it is done.

`PasswordChange` is the window's side: it enables the Station menu's action for the signed-in
user (never for the DEMO account, which has no password), opens the dialog and puts the result
in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.accounts import (
    AccountDisabled,
    AccountError,
    AccountLocked,
    AccountPolicy,
    AccountService,
    BadCredentials,
    PasswordPolicy,
    PasswordPolicyError,
    Permission,
    PermissionDenied,
    Session,
)
from inspector_app.accounts.errors import local_clock_time
from inspector_app.accounts.passwords import MAX_PASSWORD_LENGTH
from inspector_app.qt.i18n import as_sentence
from inspector_app.qt.report_worker import ReportWorker
from inspector_app.qt.worker_dialog import WorkerDialog

ServiceFactory = Callable[[], AccountService]
STATUS_MS = 8000  # how long the status bar says the password was changed


class PasswordDialog(WorkerDialog):
    """Signals `changed()` once the new password is stored (then the dialog accepts)."""

    cancel_on_close = False  # a password change under way is let finish, never cut half-way

    changed = Signal()

    def __init__(
        self,
        session: Session,
        open_service: ServiceFactory,
        *,
        policy: AccountPolicy | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.open_service = open_service
        self.policy = policy or AccountPolicy()
        self.password_policy = PasswordPolicy(self.policy.min_password_length)
        self.worker: ReportWorker | None = None
        self.setObjectName("passwordDialog")
        self.setModal(True)
        self.setMinimumWidth(460)
        self._build()
        self.retranslate()

    # ----- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.error_colour = "#ff8a80" if dark else "#b00020"
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.rules = QLabel()
        self.rules.setObjectName("passwordRules")
        self.rules.setWordWrap(True)
        layout.addWidget(self.rules)
        self.lockout_note = QLabel()
        self.lockout_note.setWordWrap(True)
        layout.addWidget(self.lockout_note)

        form = QFormLayout()
        self.current_edit = self._field("currentPassword")
        self.new_edit = self._field("newPassword")
        self.repeat_edit = self._field("repeatPassword")
        self.field_labels: list[QLabel] = []
        for field in self.fields:
            label = QLabel()
            label.setBuddy(field)
            self.field_labels.append(label)
            form.addRow(label, field)
        layout.addLayout(form)

        self.message = QLabel("")
        self.message.setObjectName("passwordMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().height() * 2)
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = QPushButton()
        self.ok_button.setObjectName("changePasswordButton")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self._submit)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout.addLayout(buttons)
        for first, second in pairwise([*self.fields, self.ok_button, self.cancel_button]):
            QWidget.setTabOrder(first, second)
        self.current_edit.setFocus()

    def _field(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMaxLength(MAX_PASSWORD_LENGTH + 1)  # one more: too long is said, not cut
        return field

    @property
    def fields(self) -> tuple[QLineEdit, QLineEdit, QLineEdit]:
        return (self.current_edit, self.new_edit, self.repeat_edit)

    def retranslate(self) -> None:
        """Every fixed text in the current language (at start and on LanguageChange)."""
        self.setWindowTitle(self.tr("Change my password"))
        self.title.setText(self.tr("Change the password of {user}").format(user=self.session.name))
        minutes = round(self.policy.lockout.total_seconds() / 60)
        self.rules.setText(
            self.tr(
                "The new password needs at least {count} characters and must not be your user name."
            ).format(count=self.password_policy.min_length)
        )
        self.lockout_note.setText(
            self.tr(
                "A wrong current password counts as a failed sign-in: after {failures} in a "
                "row, your account is locked for {minutes} minutes."
            ).format(failures=self.policy.max_failures, minutes=minutes)
        )
        for label, text in zip(
            self.field_labels,
            (
                self.tr("C&urrent password"),
                self.tr("&New password"),
                self.tr("&Repeat new password"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.ok_button.setText(self.tr("Change &password"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ----- messages ----------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        self.message.setStyleSheet(f"color: {self.error_colour}; font-weight: bold;")
        self.message.setText(text)

    def _show_progress(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    def _policy_text(self, new: str, reason: str) -> str:
        """The policy's refusal in the user's language (its own words for a rule unknown here)."""
        if len(new) < self.password_policy.min_length:
            return self.tr(
                "The new password is too short: it needs at least {count} characters."
            ).format(count=self.password_policy.min_length)
        if len(new) > MAX_PASSWORD_LENGTH:
            return self.tr("The new password is too long: at most {count} characters.").format(
                count=MAX_PASSWORD_LENGTH
            )
        if new.strip().casefold() == self.session.name.strip().casefold():
            return self.tr("The new password must not be your user name.")
        if not new.strip():
            return self.tr("The new password must not be only spaces.")
        return self.tr("The new password is not accepted: {reason}").format(reason=reason)

    def _error_text(self, error: AccountError, new: str) -> str:
        if isinstance(error, BadCredentials):
            return self.tr("The current password is wrong. Your password was not changed.")
        if isinstance(error, AccountLocked):
            text = (
                self.tr(
                    "Wrong current password too many times: your account is locked until "
                    "{time}. Your password was not changed."
                )
                if error.just_locked
                else self.tr(
                    "Your account is locked until {time}: try again after that. Your password "
                    "was not changed."
                )
            )
            return text.format(time=local_clock_time(error.until))
        if isinstance(error, AccountDisabled):
            return self.tr("Your account is disabled: ask an administrator.")
        if isinstance(error, PasswordPolicyError):
            return self._policy_text(new, as_sentence(str(error)))
        return self.tr("Your password was not changed: {reason}").format(
            reason=as_sentence(str(error))
        )

    # ----- behaviour ---------------------------------------------------------------------------
    def _submit(self) -> None:
        if self.worker is not None:
            return
        # Enter in a field with an empty field after it goes on to that field.
        for field, following in pairwise(self.fields):
            if field.hasFocus() and field.text() and not following.text():
                following.setFocus()
                return
        current, new, repeat = (field.text() for field in self.fields)
        if not current:
            self._refuse(self.tr("Enter your current password."), self.current_edit)
        elif not new:
            self._refuse(self.tr("Enter the new password."), self.new_edit)
        elif new != repeat:
            self.repeat_edit.clear()
            self._refuse(
                self.tr("The two new passwords do not match: type the new one again."),
                self.repeat_edit,
            )
        else:
            try:  # the rules that need no hashing are said at once, without counting a try
                self.password_policy.check(self.session.name, new)
            except PasswordPolicyError as exc:
                self.new_edit.clear()
                self.repeat_edit.clear()
                self._refuse(self._policy_text(new, as_sentence(str(exc))), self.new_edit)
                return
            self._run(current, new)

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.show_error(text)
        field.setFocus()

    def _run(self, current: str, new: str) -> None:
        session, open_service = self.session, self.open_service

        def job(_progress: Any, _cancel: Any) -> AccountError | None:
            service = open_service()
            try:
                service.change_password(session, current, new)
            except AccountError as exc:  # handed back: the dialog words it for the user
                return exc
            finally:
                service.close()
            return None

        worker = ReportWorker(job, self)
        worker.succeeded.connect(lambda error: self._finished(worker, error, new))
        # `failed`: not an account rule but the database or the disk; said in its own words.
        worker.failed.connect(lambda reason: self._finished(worker, AccountError(reason), new))
        self.worker = worker
        self._set_busy(True)
        self._show_progress(self.tr("Changing your password…"))
        worker.start()

    def _set_busy(self, busy: bool) -> None:
        for widget in (*self.fields, self.ok_button, self.cancel_button):
            widget.setEnabled(not busy)

    def _finished(self, worker: ReportWorker, error: AccountError | None, new: str) -> None:
        worker.wait()  # run() has returned: the thread ends at once
        self.worker = None
        self._set_busy(False)
        if error is None:
            for field in self.fields:
                field.clear()
            self.message.clear()
            self.changed.emit()
            if self.isVisible():
                self.accept()
            return
        text = self._error_text(error, new)
        if isinstance(error, PasswordPolicyError):
            self.new_edit.clear()
            self.repeat_edit.clear()
            self._refuse(text, self.new_edit)
        else:  # the current password is typed again; the new one is kept
            self.current_edit.clear()
            self._refuse(text, self.current_edit)

    def running_workers(self) -> list[ReportWorker]:
        return [] if self.worker is None else [self.worker]


class PasswordChange(QObject):
    """The Station menu's "Change my password…" for whoever is signed in.

    `current` gives the signed-in session; call `update_rights` when it changes and `close`
    when the station locks (the next user never finds the last one's dialog open).
    """

    def __init__(
        self,
        window: Any,  # MainWindow: its binder holds the action, its status bar the result
        accounts: AccountService,
        current: Callable[[], Session | None],
        *,
        open_service: ServiceFactory | None = None,
    ) -> None:
        super().__init__(window)
        self.window, self.accounts, self.current = window, accounts, current
        self.open_service = open_service or window.station.open_accounts
        self.action = window.binder.actions["station.password"]
        window.binder.menus["station"].setToolTipsVisible(True)  # says why it is off
        window.password_requested.connect(self.open)
        window.installEventFilter(self)  # re-word the tooltip on a language switch
        self.dialog: PasswordDialog | None = None
        self.update_rights()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Sees every event of the window: it must never raise (see IdleWatcher)."""
        try:
            if event.type() == QEvent.Type.LanguageChange:
                self._explain()
        except (RuntimeError, SystemError):
            pass
        return False

    def update_rights(self) -> None:
        """Enabled for a signed-in user with a password (the DEMO account has none); a dialog
        the last user left open is closed."""
        session = self.current()
        self.action.setEnabled(
            session is not None and not session.demo and session.can(Permission.CHANGE_OWN_PASSWORD)
        )
        self._explain()
        self.close()

    def _explain(self) -> None:
        session = self.current()
        demo = session is not None and session.demo
        why = self.tr("The DEMO account has no password to change.") if demo else ""
        self.action.setToolTip(why)
        self.action.setStatusTip(why)

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()

    def open(self) -> PasswordDialog | None:
        session = self.current()
        if session is None:
            return None
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        try:
            self.accounts.authorize(
                session, Permission.CHANGE_OWN_PASSWORD, "change their own password"
            )
        except PermissionDenied:  # the demo account, or an account disabled since sign-in
            self.window.notify(self.tr("This account cannot change its password here."))
            return None
        dialog = PasswordDialog(
            session, self.open_service, policy=self.accounts.policy, parent=self.window
        )
        dialog.changed.connect(
            lambda: self.window.statusBar().showMessage(
                self.tr("Your password has been changed."), STATUS_MS
            )
        )
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: PasswordDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
