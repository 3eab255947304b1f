"""The Supervisor menu: shift log export, statistics, archive search with case dossiers, the
audit log and, for administrators, user administration.

Why built by the app and not from the action table: it depends on who is signed in. The menu
is shown only while the session's role may export reports; inspectors neither see it nor can
trigger it. Each command still asks the account service first (rights are read from the
database, so a supervisor demoted after signing in is refused at once) and every refusal and
every export lands in the audit log. A change of user closes the supervisor windows, so the
next user never inherits an open statistics view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog, QMenu

from inspector_app.accounts import AccountService, Permission, PermissionDenied, Session
from inspector_app.station import Station
from inspector_app.station.actions import QT_TRANSLATE_NOOP

CONTEXT = "SupervisorMenu"


def _text(label: str) -> Callable[[], str]:
    return lambda: QCoreApplication.translate(CONTEXT, label)


# Marked for lupdate here; drawn through _text so a language switch re-labels them.
TITLE = QT_TRANSLATE_NOOP("SupervisorMenu", "Supe&rvisor")
LABELS = {
    "export": QT_TRANSLATE_NOOP("SupervisorMenu", "Export shift log…"),
    "statistics": QT_TRANSLATE_NOOP("SupervisorMenu", "Statistics…"),
    "archive": QT_TRANSLATE_NOOP("SupervisorMenu", "Archive search and case dossiers…"),
    "audit": QT_TRANSLATE_NOOP("SupervisorMenu", "Audit log…"),
    "users": QT_TRANSLATE_NOOP("SupervisorMenu", "Users…"),
}
PERMISSIONS = {
    "export": (Permission.EXPORT_REPORTS, "export a shift log"),
    "statistics": (Permission.VIEW_TEAM_STATS, "view the team statistics"),
    "archive": (Permission.EXPORT_REPORTS, "search the archive"),
    "audit": (Permission.VIEW_AUDIT_LOG, "view the audit log"),
    "users": (Permission.MANAGE_USERS, "manage users"),
}


class SupervisorMenu(QObject):
    def __init__(
        self,
        window: Any,  # MainWindow: its binder re-labels the menu on a language switch
        station: Station,
        accounts: AccountService,
        current: Callable[[], Session | None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.station, self.accounts, self.current = station, accounts, current
        self.dialogs: list[QDialog] = []
        binder = window.binder
        bar = window.menuBar()
        self.menu: QMenu = binder.menu(bar, _text(TITLE))
        help_menu = binder.menus.get("help")
        if help_menu is not None:  # before Help, like every application
            bar.removeAction(self.menu.menuAction())
            bar.insertAction(help_menu.menuAction(), self.menu.menuAction())
        handlers = {
            "export": self.open_export,
            "statistics": self.open_statistics,
            "archive": self.open_archive,
            "audit": self.open_audit,
            "users": self.open_users,
        }
        self.actions = {
            key: binder.add(self.menu, _text(label), [], handlers[key])
            for key, label in LABELS.items()
        }
        self.update_rights()

    # ----- rights -------------------------------------------------------------------------------
    def allowed(self) -> bool:
        session = self.current()
        return session is not None and session.can(Permission.EXPORT_REPORTS)

    def update_rights(self) -> None:
        """Show the menu only to roles that may export; close what the last user opened."""
        allowed = self.allowed()
        self.menu.menuAction().setVisible(allowed)
        session = self.current()
        for key, action in self.actions.items():
            permitted = bool(session and session.can(PERMISSIONS[key][0]))
            action.setEnabled(permitted)
            action.setVisible(permitted)  # e.g. Users… for administrators only
        self.close_all()

    def close_all(self) -> None:
        for dialog in list(self.dialogs):
            dialog.close()
        self.dialogs.clear()

    def _authorize(self, key: str) -> Session | None:
        """The signed-in session when it may run `key`; a refusal is audited and shown."""
        session = self.current()
        permission, what = PERMISSIONS[key]
        if session is None:
            return None
        try:
            self.accounts.authorize(session, permission, what)
        except PermissionDenied:
            self.window.notify(
                QCoreApplication.translate(
                    "SupervisorMenu", "Only a supervisor or an administrator can do this."
                )
            )
            return None
        return session

    def _keep(self, dialog: QDialog) -> QDialog:
        self.dialogs.append(dialog)

        def forget(_result: int = 0) -> None:
            if dialog in self.dialogs:
                self.dialogs.remove(dialog)

        dialog.finished.connect(forget)
        dialog.show()
        return dialog

    def _station_name(self) -> str:
        from inspector_app.reports.station import station_name

        return station_name(self.station.settings)

    # ----- commands -----------------------------------------------------------------------------
    def open_export(self) -> QDialog | None:
        session = self._authorize("export")
        if session is None:
            return None
        from inspector_app.qt.export_dialog import ExportDialog

        dialog = ExportDialog(
            self.station.db_path,
            station=self._station_name(),
            user=session.name,
            parent=self.window,
        )
        dialog.exported.connect(lambda done: self._record_export(session, done))
        return self._keep(dialog)

    def _record_export(self, session: Session, done: Any) -> None:
        from inspector_app.reports.access import record_export

        period, filters = done.summary.period, done.summary.filters
        record_export(
            self.accounts.db,
            session,
            "export the shift log",
            out=str(done.path.resolve()),
            format=done.format,
            source="supervisor menu",
            decisions=done.summary.decided,
            filters={k: v for k, v in vars(filters).items() if v},
            **{"from": period.start.isoformat(), "to": period.end.isoformat()},
        )

    def open_statistics(self) -> QDialog | None:
        session = self._authorize("statistics")
        if session is None:
            return None
        from inspector_app.qt.statistics_view import StatisticsView

        return self._keep(
            StatisticsView(
                self.station.db_path,
                station=self._station_name(),
                user=session.name,
                parent=self.window,
            )
        )

    def open_archive(self) -> QDialog | None:
        session = self._authorize("archive")
        if session is None:
            return None
        from inspector_app.qt.archive_search import ArchiveSearch

        dialog = ArchiveSearch(
            self.station.db_path,
            station=self._station_name(),
            user=session.name,
            parent=self.window,
        )
        dialog.dossier_made.connect(lambda done: self._record_dossier(session, done))
        return self._keep(dialog)

    def _record_dossier(self, session: Session, done: Any) -> None:
        """Audited like `inspector-app export dossier`: which decision, where, which record."""
        from inspector_app.reports.access import record_export

        record_export(
            self.accounts.db,
            session,
            "export the case dossier",
            out=str(done.path.resolve()),
            source="supervisor menu",
            decision_id=done.record.decision_id,
            scan_id=done.record.scan_id,
            record_sha256=done.json_sha256,
        )

    def open_audit(self) -> QDialog | None:
        if self._authorize("audit") is None:
            return None
        from inspector_app.qt.audit_viewer import AuditViewer

        return self._keep(AuditViewer(self.station.db_path, self.window))

    def open_users(self) -> QDialog | None:
        session = self._authorize("users")
        if session is None:
            return None
        from inspector_app.qt.users_dialog import UsersDialog

        return self._keep(UsersDialog(self.station.db_path, session, parent=self.window))
