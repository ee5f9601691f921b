"""Shared fixtures: real project files in a temporary directory."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from graph.access.localstate import STATE_ENV
from graph.stores.sqlite_store import SQLiteStore

# A loaded CI machine makes input generation slow: that health check says nothing about the code under test.
settings.register_profile("knooppunt", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("knooppunt")

# What "this computer" remembers about projects (audit heads, encrypted paths) never goes to the
# real ~/.local/state during tests: one folder for the session (session fixtures, subprocesses) ...
os.environ[STATE_ENV] = tempfile.mkdtemp(prefix="knooppunt-state-")


@pytest.fixture(autouse=True)
def _own_machine_state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """... and one per test, so a test's "computer" starts with no memory of other tests' projects."""
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "machine-state"))
    yield


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    s = SQLiteStore(tmp_path / "test.knp", create=True)
    yield s
    s.close()


@pytest.fixture
def english_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI in English (KNOOPPUNT_LANG=en): for suites that check what a message says in the words
    scripts match on; the Dutch default is checked in tests/core/test_cli_dutch_messages.py."""
    monkeypatch.setenv("KNOOPPUNT_LANG", "en")
