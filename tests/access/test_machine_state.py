"""A session keeps its computer's memory where it found it at the open, also when it closes later."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.access import session
from graph.access.localstate import STATE_ENV
from tests.access.conftest import make_project
from tests.sandbox import OWNER_PW


def test_a_session_closed_after_the_state_folder_changed_remembers_where_it_opened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A window's session closed during the next test wrote its audit head into that test's folder (each test
    sets KNOOPPUNT_STATE_DIR): the next test's copy of the same project was reported as shortened and put back."""
    first, second = tmp_path / "first-state", tmp_path / "second-state"
    monkeypatch.setenv(STATE_ENV, str(first))
    path = tmp_path / "zaak.knp"
    make_project(path).close()
    store = session.unlock(path, "alice", OWNER_PW)
    monkeypatch.setenv(STATE_ENV, str(second))
    store.close()
    assert not (second / "projects").exists()  # nothing of the first computer's project in the second's memory
    monkeypatch.setenv(STATE_ENV, str(first))
    again = session.unlock(path, "alice", OWNER_PW)
    try:
        assert list(again.warnings) == []  # and the first computer's memory is whole: no false alarm either
    finally:
        again.close()
