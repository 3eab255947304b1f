"""The Supervisor menu on the real window and a real log: who sees it, the export dialog's
worker (progress, filters, cancel), the statistics view and the audit log viewer."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QDate, QDateTime
from reports.report_log import PASSWORDS, SHIFT_END, SHIFT_START, Facts, add_users, build_log
from window_factory import station_window

from inspector_app.accounts import AccountService, read_audit
from inspector_app.feeds.files import FileListFeed
from inspector_app.qt.archive_search import ArchiveSearch
from inspector_app.qt.audit_viewer import AuditViewer
from inspector_app.qt.export_dialog import ExportDialog
from inspector_app.qt.statistics_view import StatisticsView
from inspector_app.qt.supervisor_menu import SupervisorMenu
from inspector_app.qt.users_dialog import UsersDialog

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def log(tmp_path: Path) -> Facts:
    facts = build_log(tmp_path)
    add_users(facts.path)
    return facts


def _local(moment: datetime) -> QDateTime:
    local = moment.astimezone()
    return QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0)


def _shift_dialog(qtbot, facts: Facts, **kw) -> ExportDialog:
    dialog = ExportDialog(facts.path, station="ST-1", user="sue", **kw)
    qtbot.addWidget(dialog)
    dialog.start.setDateTime(_local(SHIFT_START))
    dialog.end.setDateTime(_local(SHIFT_END))
    qtbot.waitUntil(lambda: dialog.inspector.count() > 1, timeout=10000)
    return dialog


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_dialog_writes_the_shift_in_a_worker_with_progress(qtbot, log: Facts, tmp_path):
    dialog = _shift_dialog(qtbot, log)
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    out = tmp_path / "out" / "shift.csv"
    dialog.path.setText(str(out))
    seen: list[float] = []
    with qtbot.waitSignal(dialog.exported, timeout=30000) as done:
        dialog.export_button.click()
        dialog.worker.progressed.connect(lambda f, _m: seen.append(f))
        assert not dialog.export_button.isEnabled()  # no second export while one runs
    qtbot.waitUntil(lambda: dialog.worker is None)
    assert done.args[0].path == out and dialog.export_button.isEnabled()
    assert sorted(int(r["Decision"]) for r in _rows(out)) == sorted(log.in_shift)
    assert dialog.progress.value() == dialog.progress.maximum() and seen[-1] == 1.0
    assert str(out) in dialog.status.text()


def test_export_dialog_filters_by_inspector_and_follows_the_format(qtbot, log: Facts, tmp_path):
    dialog = _shift_dialog(qtbot, log, out_dir=tmp_path)
    assert [dialog.inspector.itemData(i) for i in range(dialog.inspector.count())] == [
        None,
        "ann",
        "bob",
        "ian",
    ]
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    assert dialog.path.text().endswith(".xlsx")
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert Path(dialog.path.text()).parent == tmp_path and dialog.path.text().endswith(".csv")
    dialog.inspector.setCurrentIndex(dialog.inspector.findData("ian"))
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.export_button.click()
    rows = _rows(Path(dialog.path.text()))
    ians = [d for d, who in log.inspectors.items() if who == "ian" and d in log.in_shift]
    assert sorted(int(r["Decision"]) for r in rows) == sorted(ians)


def test_cancel_stops_the_export_and_leaves_no_file(qtbot, log: Facts, tmp_path):
    dialog = _shift_dialog(qtbot, log)
    out = tmp_path / "cancelled" / "shift.pdf"
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.path.setText(str(out))
    exported: list[object] = []
    dialog.exported.connect(exported.append)
    out.parent.mkdir()
    dialog.export_button.click()
    assert dialog.cancel_button.text() == "Cancel"
    worker = dialog.worker

    def cancel_while_writing(fraction: float, _message: str) -> None:
        if fraction > 0.15 and not worker.cancel_requested:  # the file is being written
            dialog.cancel_button.click()

    worker.progressed.connect(cancel_while_writing)
    with qtbot.waitSignal(worker.cancelled, timeout=30000):
        pass  # charts and pages take far longer than the click: the flag is seen in time
    qtbot.waitUntil(lambda: dialog.worker is None)
    assert not exported and not out.exists()
    assert list(out.parent.iterdir()) == []  # no temporary file left behind either
    assert "cancelled" in dialog.status.text() and dialog.export_button.isEnabled()


def test_an_empty_period_is_refused_before_any_work(qtbot, log: Facts):
    dialog = _shift_dialog(qtbot, log)
    dialog.end.setDateTime(_local(SHIFT_START))
    dialog.export_button.click()
    assert dialog.worker is None and "later than its start" in dialog.status.text()


def test_statistics_view_computes_off_the_gui_thread_and_shows_every_chart(qtbot, log: Facts):
    view = StatisticsView(log.path, station="ST-1", user="sue")
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.worker is None, timeout=30000)  # the default week: empty
    assert view.statistics is not None and view.statistics.summary.decided == 0
    day = SHIFT_START.astimezone().date()
    view.first_day.setDate(QDate(day.year, day.month, day.day))
    view.last_day.setDate(QDate(day.year, day.month, day.day))
    with qtbot.waitSignal(view.ready, timeout=30000):
        view.refresh_button.click()
    assert view.statistics.summary.decided == len(log.in_shift)
    assert f"{len(log.in_shift)} decisions" in view.summary.text()
    for label in view.charts.values():
        assert not label.pixmap().isNull() and label.pixmap().width() > 300


def _menu(qtbot, facts: Facts, tmp_path: Path, fixed_box_model):
    window = station_window(
        FileListFeed([]),
        fixed_box_model([], ["knife"]),
        tmp_path,
        "sue",
        db_name=str(facts.path.relative_to(tmp_path)),
    )
    qtbot.addWidget(window)
    accounts = AccountService.open(window.station.db_path, hasher=FAST)
    current = {"session": accounts.login("ian", PASSWORDS["ian"])}
    menu = SupervisorMenu(window, window.station, accounts, lambda: current["session"])
    return window, accounts, current, menu


def test_inspectors_neither_see_nor_reach_the_menu_and_tries_are_audited(
    qtbot, log: Facts, tmp_path, fixed_box_model
):
    window, accounts, _current, menu = _menu(qtbot, log, tmp_path, fixed_box_model)
    titles = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert "Supe&rvisor" not in titles
    assert not any(action.isEnabled() for action in menu.actions.values())
    assert menu.open_export() is None and menu.open_statistics() is None
    assert menu.open_archive() is None and menu.open_audit() is None
    assert menu.open_users() is None and not menu.dialogs
    refused = read_audit(accounts.db, user="ian", action="permission_denied")
    assert [e.details["what"] for e in refused] == [
        "export a shift log",
        "view the team statistics",
        "search the archive",
        "view the audit log",
        "manage users",
    ]
    assert "supervisor" in window.banner.text()
    window.close()


def test_supervisor_exports_from_the_menu_and_the_export_is_audited(
    qtbot, log: Facts, tmp_path, fixed_box_model
):
    window, accounts, current, menu = _menu(qtbot, log, tmp_path, fixed_box_model)
    current["session"] = accounts.login("sue", PASSWORDS["sue"])
    menu.update_rights()
    bar = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert bar.index("Supe&rvisor") == bar.index("&Help") - 1
    shown = {key for key, action in menu.actions.items() if action.isVisible()}
    assert shown == {"export", "statistics", "archive", "audit"}  # users: administrators only
    dialog = menu.open_export()
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    dialog.start.setDateTime(_local(SHIFT_START))
    dialog.end.setDateTime(_local(SHIFT_END))
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.path.setText(str(tmp_path / "menu.csv"))
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.worker is None)
    [entry] = read_audit(accounts.db, action="report_exported")
    assert entry.user == "sue" and entry.details["source"] == "supervisor menu"
    assert entry.details["decisions"] == len(log.in_shift)
    assert entry.details["out"] == str((tmp_path / "menu.csv").resolve())
    # the next user (an inspector) finds the supervisor windows closed and the menu gone
    viewer = menu.open_audit()
    assert isinstance(viewer, AuditViewer)
    current["session"] = accounts.login("ian", PASSWORDS["ian"])
    menu.update_rights()
    assert not dialog.isVisible() and not viewer.isVisible() and not menu.dialogs
    assert not menu.menu.menuAction().isVisible()
    window.close()


def test_audit_viewer_lists_entries_and_checks_the_chain(qtbot, log: Facts):
    accounts = AccountService.open(log.path, hasher=FAST)
    accounts.login("sue", PASSWORDS["sue"])
    accounts.close()
    viewer = AuditViewer(log.path)
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: viewer.table.rowCount() > 0 and not viewer.workers, timeout=10000)
    users = {viewer.table.item(r, 1).text() for r in range(viewer.table.rowCount())}
    assert "root" in users
    viewer.user.setText("sue")
    viewer.show_button.click()
    qtbot.waitUntil(lambda: not viewer.workers, timeout=10000)
    assert viewer.table.rowCount() >= 1
    assert {viewer.table.item(r, 1).text() for r in range(viewer.table.rowCount())} == {"sue"}
    viewer.verify_button.click()
    qtbot.waitUntil(lambda: "intact" in viewer.status.text(), timeout=10000)


@pytest.mark.parametrize("code", ["en", "fr", "nl", "de"])
def test_the_supervisor_menu_has_its_own_alt_letter_in_every_language(
    code: str, qtbot, log: Facts, tmp_path, fixed_box_model, monkeypatch
):
    from PySide6.QtWidgets import QApplication
    from test_i18n_sources import _mnemonic

    from inspector_app.qt import i18n

    monkeypatch.setenv("INSPECTOR_APP_CACHE_DIR", str(tmp_path / "cache"))
    window, accounts, current, menu = _menu(qtbot, log, tmp_path, fixed_box_model)
    current["session"] = accounts.login("sue", PASSWORDS["sue"])
    menu.update_rights()
    try:
        assert window.look.set_language(code)
        panel = window.panel
        texts = [a.text() for a in window.menuBar().actions() if a.isVisible()]
        assert menu.menu.title() in texts  # shown, and re-labelled with the others
        fields = (panel.parcel_id, panel.note, panel.mark_label)
        texts += [panel.form.labelForField(field).text() for field in fields]
        letters = [_mnemonic(text) for text in texts]
        assert None not in letters, texts
        assert len(set(letters)) == len(letters), dict(zip(texts, letters, strict=True))
        assert not {"f", "t"} & set(letters)
        assert (menu.actions["export"].text() == "Export shift log…") == (code == "en")
    finally:
        i18n.install_language(QApplication.instance(), "en")
        window.close()


def test_archive_search_finds_reopens_read_only_and_makes_an_audited_dossier(
    qtbot, log: Facts, tmp_path, fixed_box_model
):
    window, accounts, current, menu = _menu(qtbot, log, tmp_path, fixed_box_model)
    current["session"] = accounts.login("sue", PASSWORDS["sue"])
    menu.update_rights()
    search = menu.open_archive()
    assert isinstance(search, ArchiveSearch)
    qtbot.waitUntil(lambda: search.inspector.count() > 1 and not search.workers, timeout=10000)
    search.dated.setChecked(False)  # the log is from 2026-11-23, whatever today is
    search.inspector.setCurrentIndex(search.inspector.findData("ian"))
    search.verdict.setCurrentIndex(search.verdict.findData("suspect"))
    with qtbot.waitSignal(search.results_ready, timeout=10000) as found:
        search.search_button.click()
    ian_suspect = [
        d for d in log.in_shift if log.inspectors[d] == "ian" and log.verdicts[d] == "suspect"
    ]
    assert found.args == [len(ian_suspect) + 1]  # + the next morning's, outside the shift
    search.parcel_id.setText("p-103")
    with qtbot.waitSignal(search.results_ready, timeout=10000):
        search.search_button.click()
    assert [h.decision_id for h in search.hits] == [log.dual]
    with qtbot.waitSignal(search.scan_shown, timeout=10000):
        search.table.selectRow(0)
    view = search.view
    assert len(view.box_items) == 2 and not view.drawing  # read-only: no drawing mode
    assert view.box_items[1].pen().style() != view.box_items[0].pen().style()  # rejected cue
    assert "SHA-256 checked" in search.details.text()
    assert search.dossier_button.isEnabled()  # a suspect decision: a dossier can be made
    out = tmp_path / "dossier.pdf"
    with qtbot.waitSignal(search.dossier_made, timeout=60000):
        search.make_dossier(out)
    assert out.stat().st_size > 1000
    [entry] = read_audit(accounts.db, action="report_exported")
    assert entry.details["what"] == "export the case dossier"
    assert entry.details["decision_id"] == log.dual and entry.user == "sue"
    qtbot.waitUntil(lambda: not search.workers, timeout=10000)
    window.close()


def test_administrator_manages_users_through_the_audited_account_rules(
    qtbot, log: Facts, tmp_path, fixed_box_model
):
    window, accounts, current, menu = _menu(qtbot, log, tmp_path, fixed_box_model)
    current["session"] = accounts.login("root", PASSWORDS["root"])
    menu.update_rights()
    assert menu.actions["users"].isVisible()
    assert isinstance(menu.open_users(), UsersDialog)  # the real one, production hasher
    menu.close_all()

    def service() -> AccountService:  # a fast hasher: the test's passwords, not argon2's cost
        return AccountService.open(log.path, hasher=FAST)

    dialog = UsersDialog(log.path, current["session"], open_service=service)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: [u.name for u in dialog.users] == ["ian", "root", "sue"], timeout=10000)

    def act(button) -> None:
        with qtbot.waitSignal(dialog.users_changed, timeout=10000):
            button.click()
        qtbot.waitUntil(lambda: not dialog.workers, timeout=10000)

    dialog.add_name.setText("zoe")
    dialog.add_password.setText("short")
    dialog.add_button.click()
    qtbot.waitUntil(lambda: "Not done" in dialog.status.text(), timeout=10000)
    assert "characters" in dialog.status.text()
    dialog.add_password.setText("zoe-pass-123")
    act(dialog.add_button)
    assert {u.name: u.role.value for u in dialog.users}["zoe"] == "inspector"
    dialog.select("zoe")
    dialog.role.setCurrentIndex(dialog.role.findData("supervisor"))
    act(dialog.set_role_button)
    assert {u.name: u.role.value for u in dialog.users}["zoe"] == "supervisor"
    assert dialog.selected_name() == "zoe" and dialog.disable_button.isEnabled()
    act(dialog.disable_button)
    assert {u.name: u.disabled for u in dialog.users}["zoe"]
    assert dialog.enable_button.isEnabled() and not dialog.disable_button.isEnabled()
    act(dialog.enable_button)
    dialog.new_password.setText("zoe-new-pass-9")
    act(dialog.reset_button)
    assert accounts.login("zoe", "zoe-new-pass-9").role.value == "supervisor"
    dialog.select("root")
    dialog.disable_button.click()  # the rules, not the dialog, refuse this
    qtbot.waitUntil(lambda: "own account" in dialog.status.text(), timeout=10000)
    changes = read_audit(accounts.db, user="root", action="user_changed")
    assert [e.details.get("change") for e in changes if e.details["target"] == "zoe"] == [
        "role",
        "disabled",
        "enabled",
        "password_reset",
    ]
    assert read_audit(accounts.db, user="root", action="user_created")[-1].details["target"] == (
        "zoe"
    )
    window.close()
