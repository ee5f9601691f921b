"""Project → Export to… / Import from…, triggered as an analyst would, offscreen over a real project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog


def test_export_and_import_from_the_menu(qtbot: Any, window: Any, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "uit.graphml"
    asked: list[list[str]] = []

    def pick(_parent: Any, _title: str, _label: str, items: list[str], *_a: Any) -> tuple[str, bool]:
        asked.append(list(items))
        return items[0], True  # the narrowest audience: open

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QInputDialog, "getItem", pick)
    menus = window.exchange
    assert menus.actions["export:graphml"].text() == "GraphML (yEd, Cytoscape)…"
    assert window.menuBar().actions()[0].menu().actions()  # the Project menu holds the two submenus
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Export to" in titles and "Import from" in titles
    with qtbot.waitSignal(menus.finished, timeout=60000) as blocker:
        menus.actions["export:graphml"].trigger()
    result = blocker.args[0]
    assert asked and asked[0][0] == "Open"
    assert result["entities"] > 0 and result["marking"] == "RUBRICERING: OPEN"
    g = nx.read_graphml(out, edge_key_type=str, force_multigraph=True)
    assert {d["kn_label"] for _, d in g.nodes(data=True)} == {"open"}
    with qtbot.waitSignal(menus.finished, timeout=60000) as blocker:
        menus.actions["import:graphml"].trigger()
    report = blocker.args[0]
    assert report.problems == []
    assert report.entities["new"] == 0
    assert report.entities["unchanged"] + report.entities["merged"] == g.number_of_nodes()
