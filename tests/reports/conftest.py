"""Fixtures for report tests: a real decision log with users (see report_log)."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_log import Facts, add_users, build_log


@pytest.fixture
def shift_log(isolated_dirs: Path) -> Facts:
    facts = build_log(isolated_dirs)
    add_users(facts.path)
    return facts
