"""Shared fixtures: real project files in a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.stores.sqlite_store import SQLiteStore


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    s = SQLiteStore(tmp_path / "test.knp", create=True)
    yield s
    s.close()
