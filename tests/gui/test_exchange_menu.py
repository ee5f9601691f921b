"""Project → Export to… / Import from…, triggered as an analyst would, offscreen over a real project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from PySide6.QtWidgets import QInputDialog

from tests.networks import published_network
from views import file_dialogs


def test_export_and_import_from_the_menu(qtbot: Any, window: Any, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "uit.graphml"
    asked: list[list[str]] = []

    def pick(_parent: Any, _title: str, _label: str, items: list[str], *_a: Any) -> tuple[str, bool]:
        asked.append(list(items))
        return items[0], True  # the narrowest audience: open

    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(out))
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(out))
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
    # said as it is: nothing new, everything already there (it said "0 entities and 0 relations imported")
    message = window.statusBar().currentMessage()
    assert message.startswith(f"uit.graphml: {report.entities['merged']} entities and "), message
    unchanged = report.entities["unchanged"] + report.relations["unchanged"]
    assert f", {unchanged} already in the project unchanged" in message


def test_untyped_network_asks_for_node_and_edge_types_in_dutch(qtbot: Any, project: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               request: pytest.FixtureRequest) -> None:
    """The menu's import of a published network asks the types (as the CLI's --node-type/--edge-type),
    in Dutch, and imports with them; cancelling imports nothing."""
    from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLabel

    from tests.gui.conftest import OWNER, OWNER_PW, ModalAnswerer
    from views import i18n
    from views.exchange_menu import ImportTypesDialog
    from views.main_window import MainWindow
    from views.project_session import Session

    network = published_network(tmp_path / "caviar.graphml")
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(network))
    i18n.install(QApplication.instance(), "nl")  # as `knooppunt gui --lang nl` does; English again at the end
    request.addfinalizer(lambda: i18n.install(QApplication.instance(), "en"))
    win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "nl", autolock_minutes=0)
    qtbot.addWidget(win)
    seen: dict[str, Any] = {}

    def cancel(dialog: Any) -> None:
        dialog.reject()

    with ModalAnswerer(cancel) as answerer:
        win.exchange.actions["import:graphml"].trigger()
    assert answerer.answered == ["ImportTypesDialog"]
    assert not win.session.store.search("Serero")  # cancelled: nothing imported

    def choose(dialog: Any) -> None:
        if not isinstance(dialog, ImportTypesDialog):  # said after the import: what it says, in the failure
            seen.setdefault("other", []).append(f"{dialog.windowTitle()}: {getattr(dialog, 'text', str)()}")
            dialog.close()
            return
        seen["title"] = dialog.windowTitle()
        seen["texts"] = [w.text() for w in dialog.findChildren(QLabel)]
        boxes = dialog.findChildren(QComboBox)
        seen["boxes"] = [[b.itemText(i) for i in range(b.count())] for b in boxes]
        nodes, edges = dialog.node_box, dialog.edge_box
        nodes.setCurrentIndex(nodes.findData("Person"))
        edges.setCurrentIndex(edges.findData("associate_of"))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    with ModalAnswerer(choose), qtbot.waitSignal(win.exchange.finished, timeout=60000) as blocker:
        win.exchange.actions["import:graphml"].trigger()
    report = blocker.args[0]
    assert "other" not in seen, seen["other"]
    assert (report.entities.get("new"), report.relations.get("new")) == (3, 2)
    assert report.problems == [] and report.node_type == "Person" and report.edge_type == "associate_of"
    assert seen["title"] == "Soorten voor de import"
    assert "3 knopen en 2 verbindingen in caviar.graphml noemen geen soort. Importeer ze als:" in seen["texts"]
    assert "Soort entiteit van de knopen" in seen["texts"] and "Soort relatie van de verbindingen" in seen["texts"]
    assert "Persoon" in seen["boxes"][0] and "Person" not in seen["boxes"][0]  # the schema's Dutch titles
    assert [e.caption for e in win.session.store.search("Serero")] == ["Daniel Serero"]
    win.close()


def test_a_typed_file_is_imported_without_asking(qtbot: Any, window: Any, tmp_path: Path) -> None:
    from graph.exchange.service import untyped

    network = published_network(tmp_path / "caviar.graphml")
    assert untyped(window.session.store, "graphml", network) == {"entities": 3, "relations": 2}
    assert window.exchange.choose_types("anx", network) == (None, None)  # ANB files always name their types


def test_what_an_export_leaves_out_is_shown_in_dutch(qtbot: Any, nl_window: Any, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Project → Exporteren naar → FollowTheMoney: the BSN and what FtM has no form for were left out and only
    the CLI said so; the window now shows a box with each in Dutch (nothing dropped silently)."""
    from graph.model import Entity

    stats = nl_window.session.store.upsert_entities([Entity(type="Person", properties={
        "name": "Jan Burger", "bsn": "111222333"}, label="open")])
    nl_window.chart.add_entities(stats.ids)
    out = tmp_path / "uit.ftm"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(out))
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *_a: (items[-1], True))  # widest
    menus = nl_window.exchange
    with qtbot.waitSignal(menus.finished, timeout=60000) as blocker:
        menus.actions["export:ftm"].trigger()
    notes = blocker.args[0]["notes"]
    box = menus.notes_box
    assert box.isVisible() and box.text() == "1 onderdeel is uit de export weggelaten (zie de details)."
    assert box.detailedText().splitlines() == ["BSN van persoon (1 entiteit): gevoelig; nooit in een export"]
    assert notes == ["Person.bsn (1 entity): sensitive; never in an export"]
    assert "left out" not in box.detailedText() and "sensitive" not in box.detailedText()
    assert "Jan Burger" in out.read_text(encoding="utf-8") and "111222333" not in out.read_text(encoding="utf-8")
