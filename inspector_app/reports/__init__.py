"""Supervisor reports read from the decision log: shift logs, case dossiers, retraining datasets
and route tables.

Everything here is Qt-free and reads the log only (never writes decisions), so the CLI, the
GUI's supervisor menu and the tests call the same functions. Long-running functions take a
`progress` callback and a `cancel` flag (see `inspector_app.reports.progress`) so a GUI worker
can show progress and stop them; they write their output atomically, so a cancelled or failed
export never leaves a half file under the requested name.
"""
