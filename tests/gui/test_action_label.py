"""The action dialog offers the record's label: an action takes at least it (graph.vik.meetings.add_action)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.access import session
from tests.access.conftest import OWNER_PW, make_project
from tests.access.test_attacks import _person
from views.vik_forms import ActionDialog


def test_an_action_on_a_police_person_is_offered_the_police_label(qtbot: Any, tmp_path: Path) -> None:
    owner = make_project(tmp_path / "zaak.knp")
    piet = _person("Piet Politiegeheim", "police-wpg")
    owner.upsert_entities([piet])
    owner.close()
    store = session.unlock(tmp_path / "zaak.knp", "alice", OWNER_PW)
    try:
        dialog = ActionDialog(store, "nl", record_id=piet.id)
        qtbot.addWidget(dialog)
        assert dialog.text("label") == "police-wpg"
    finally:
        store.close()
