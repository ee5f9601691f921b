"""An analyst who knows Analyst's Notebook, in Dutch at 1366x768, on their own data (ui6 review): each test
goes through what the analyst touches (a button, a menu action, the CLI) and failed before its fix."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_ux_round2 import EXAMPLES, _button, _mapping_page
from views import file_dialogs


def _ticked(page: Any) -> set[tuple[str, str, str]]:
    items = [page.relations.item(i) for i in range(page.relations.count())]
    return {tuple(json.loads(i.data(Qt.ItemDataRole.UserRole))) for i in items
            if i.checkState() == Qt.CheckState.Checked}


def _targets(page: Any) -> dict[str, str]:
    return {page._column(i): page.mapping.cellWidget(i, 2).currentData() for i in range(page.mapping.rowCount())}


def test_a_loaded_spec_shows_its_mapping_and_ticks_its_relations(qtbot: Any, window: Any,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading meldingen.yaml left the Relaties list unticked and the table on its guesses (Omschrijving onto
    the Casus), while the YAML beside them said otherwise."""
    _wizard, page = _mapping_page(qtbot, window)
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(EXAMPLES / "meldingen.yaml"))
    qtbot.mouseClick(_button(page, "Load spec…"), Qt.MouseButton.LeftButton)
    loaded = (EXAMPLES / "meldingen.yaml").read_text(encoding="utf-8")
    assert page.spec_text.toPlainText() == loaded  # shown, not regenerated from the widgets
    targets = _targets(page)
    assert targets["Omschrijving"] == "Signal.summary" and targets["Adres"] == "Address.address"
    assert targets["Rol"] == "@relprop.role" and targets["Functie"] == ""
    assert _ticked(page) == {("registered_at", "Person", "Address"), ("involved_in", "Person", "Signal"),
                             ("mentions", "Signal", "Company"), ("mentions", "Signal", "Address"),
                             ("located_at", "Company", "Address"), ("part_of", "Signal", "Case"),
                             ("director_of", "Person", "Company"), ("owner_of", "Person", "Company"),
                             ("shareholder_of", "Person", "Company"), ("employed_by", "Person", "Company")}
