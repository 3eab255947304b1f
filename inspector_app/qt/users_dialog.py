"""User administration for administrators: add users, change roles, disable or enable,
unlock, reset a forgotten password.

Why every change goes through `AccountService` in a worker: the service is where the rules
live (rights read from the database, never the last administrator disabled or demoted, the
password policy) and where every change is audited; hashing a password with the production
argon2 settings takes a noticeable moment, so it never runs on the GUI thread. The worker
opens its own service (one SQLite connection per thread) and hands back the fresh user list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.accounts import AccountError, AccountService, Role, Session, UserInfo
from inspector_app.qt.report_worker import ReportWorker
from inspector_app.qt.worker_dialog import WorkerDialog
from inspector_app.reports.progress import ExportError

ServiceFactory = Callable[[], AccountService]
Change = Callable[[AccountService], None]


class UsersDialog(WorkerDialog):
    """Signals `users_changed(list[UserInfo])` after each list refresh (load or change)."""

    cancel_on_close = False  # an account change is let finish, never cut half-way

    users_changed = Signal(list)

    def __init__(
        self,
        db_path: Path,
        actor: Session,
        *,
        open_service: ServiceFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.open_service = open_service or (lambda: AccountService.open(db_path))
        self.users: list[UserInfo] = []
        self.workers: list[ReportWorker] = []
        self.setWindowTitle(self.tr("Users"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("User"), self.tr("Role"), self.tr("Status"), self.tr("Last sign-in")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selected)
        # the selected user
        self.role = self._role_box()
        self.set_role_button = QPushButton(self.tr("Change role"))
        self.set_role_button.clicked.connect(self._set_role)
        self.disable_button = QPushButton(self.tr("Disable"))
        self.disable_button.clicked.connect(
            lambda: self._change(lambda s, n: s.disable_user(actor, n))
        )
        self.enable_button = QPushButton(self.tr("Enable"))
        self.enable_button.clicked.connect(
            lambda: self._change(lambda s, n: s.enable_user(actor, n))
        )
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.clicked.connect(
            lambda: self._change(lambda s, n: s.unlock_user(actor, n))
        )
        self.new_password = self._password_field()
        self.reset_button = QPushButton(self.tr("Reset password"))
        self.reset_button.clicked.connect(self._reset_password)
        # a new user
        self.add_name = QLineEdit()
        self.add_role = self._role_box()
        self.add_password = self._password_field()
        self.add_button = QPushButton(self.tr("Add user"))
        self.add_button.clicked.connect(self._add)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self._layout()
        self._selected()
        self._run(lambda service: None, self.tr("Users loaded."))
        self.resize(760, 620)

    def _role_box(self) -> QComboBox:
        box = QComboBox()
        for role, text in (
            (Role.INSPECTOR, self.tr("inspector")),
            (Role.SUPERVISOR, self.tr("supervisor")),
            (Role.ADMIN, self.tr("administrator")),
        ):
            box.addItem(text, role)
        return box

    @staticmethod
    def _password_field() -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _layout(self) -> None:
        chosen = QGroupBox(self.tr("Selected user"))
        form = QFormLayout(chosen)
        role_row = QHBoxLayout()
        role_row.addWidget(self.role, 1)
        role_row.addWidget(self.set_role_button)
        form.addRow(self.tr("Role"), role_row)
        access = QHBoxLayout()
        for button in (self.disable_button, self.enable_button, self.unlock_button):
            access.addWidget(button)
        access.addStretch(1)
        form.addRow(self.tr("Access"), access)
        reset = QHBoxLayout()
        reset.addWidget(self.new_password, 1)
        reset.addWidget(self.reset_button)
        form.addRow(self.tr("New password"), reset)
        new = QGroupBox(self.tr("Add a user"))
        add_form = QFormLayout(new)
        add_form.addRow(self.tr("Name"), self.add_name)
        add_form.addRow(self.tr("Role"), self.add_role)
        add_form.addRow(self.tr("Password"), self.add_password)
        add_form.addRow("", self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(chosen)
        layout.addWidget(new)
        layout.addWidget(self.status)

    # ----- selection ---------------------------------------------------------------------------
    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()].name if rows else None

    def _selected(self) -> None:
        name = self.selected_name()
        user = next((u for u in self.users if u.name == name), None)
        for button in (
            self.set_role_button,
            self.disable_button,
            self.enable_button,
            self.unlock_button,
            self.reset_button,
        ):
            button.setEnabled(user is not None)
        if user is not None:
            self.role.setCurrentIndex(self.role.findData(user.role))
            self.disable_button.setEnabled(not user.disabled)
            self.enable_button.setEnabled(user.disabled)
            self.unlock_button.setEnabled(user.locked_until is not None)

    def select(self, name: str) -> None:
        for row, user in enumerate(self.users):
            if user.name == name:
                self.table.selectRow(row)

    # ----- changes, each in a worker -------------------------------------------------------------
    def _change(self, change: Callable[[AccountService, str], None]) -> None:
        name = self.selected_name()
        if name is not None:
            self._run(lambda service: change(service, name), self.tr("Saved."))

    def _set_role(self) -> None:
        role = Role(self.role.currentData())
        self._change(lambda service, name: service.set_role(self.actor, name, role))

    def _reset_password(self) -> None:
        password = self.new_password.text()
        self._change(lambda service, name: service.reset_password(self.actor, name, password))

    def _add(self) -> None:
        name, role, password = (
            self.add_name.text().strip(),
            self.add_role.currentData(),
            self.add_password.text(),
        )
        self._run(
            lambda service: service.create_user(self.actor, name, role, password),
            self.tr("User {name} added.").format(name=name),
        )

    def _run(self, change: Change, done_text: str) -> None:
        open_service = self.open_service

        def job(_progress, _cancel) -> list[UserInfo]:
            service = open_service()
            try:
                change(service)
                return service.list_users()
            except AccountError as exc:  # the rules' own words, not a traceback
                raise ExportError(str(exc)) from exc
            finally:
                service.close()

        worker = ReportWorker(job, self)
        worker.succeeded.connect(lambda users: self._show(users, done_text))
        worker.failed.connect(
            lambda message: self.status.setText(
                self.tr("Not done: {reason}").format(reason=message)
            )
        )
        worker.finished.connect(lambda: self.workers.remove(worker))
        self.workers.append(worker)
        self.status.setText(self.tr("Working…"))
        worker.start()

    def _show(self, users: list[UserInfo], done_text: str) -> None:
        keep = self.selected_name()
        self.users = users
        self.table.clearSelection()
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            last = user.last_login_at
            cells = (
                user.name,
                self.role.itemText(self.role.findData(user.role)),
                self._status_text(user),
                "—" if last is None else last.astimezone().strftime("%Y-%m-%d %H:%M"),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.new_password.clear()
        self.add_password.clear()
        if keep is not None:
            self.select(keep)
        self._selected()
        self.status.setText(done_text)
        self.users_changed.emit(users)

    def _status_text(self, user: UserInfo) -> str:
        if user.disabled:
            return self.tr("disabled")
        if user.locked_until is not None:
            return self.tr("locked until {time}").format(
                time=user.locked_until.astimezone().strftime("%H:%M")
            )
        return self.tr("active")
