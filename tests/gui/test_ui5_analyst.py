"""An analyst who knows Analyst's Notebook, in Dutch at 1366x768: what they met in the real window (ui5 review)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_ux_round2 import EXAMPLES, _button, _mapping_page, dutch  # noqa: F401  # fixture
from views import file_dialogs

ROOT = Path(__file__).resolve().parents[2]
# Words an English comment cannot do without and a Dutch one does not use.
ENGLISH = re.compile(r"\b(the|and|one|where|they|with|each|who|which|person|company|example|row)\b", re.I)


def _comments(text: str) -> list[str]:
    return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line and not line.lstrip().startswith("-")]


@pytest.mark.parametrize("spec", ["examples/meldingen.yaml", "examples/contacten.yaml",
                                  "importers/specs/meldingen.yaml", "importers/specs/betrokkenen.yaml"])
def test_the_example_specifications_explain_themselves_in_dutch(spec: str) -> None:
    comments = _comments((ROOT / spec).read_text(encoding="utf-8"))
    assert comments and not [c for c in comments if ENGLISH.search(c)], comments


def test_the_spec_an_analyst_loads_in_the_wizard_reads_dutch(qtbot: Any, window: Any, dutch: Any,  # noqa: F811
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The example spec in the wizard's editor carried English comments; a Dutch analyst reads and edits it."""
    _wizard, page = _mapping_page(qtbot, window)
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(EXAMPLES / "meldingen.yaml"))
    qtbot.mouseClick(_button(page, "Specificatie laden…"), Qt.MouseButton.LeftButton)
    comments = _comments(page.spec_text.toPlainText())
    assert any("Meldpunt Ondermijning" in c for c in comments)
    assert not [c for c in comments if ENGLISH.search(c)], comments


@pytest.fixture
def laptop(qtbot: Any, project: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The workbench in Dutch as `knooppunt gui` opens it on a 1366x768 screen, shown."""
    from PySide6.QtCore import QRect

    from tests.sandbox import OWNER, OWNER_PW
    from views import screen
    from views.main_window import MainWindow
    from views.project_session import Session

    monkeypatch.setattr(screen, "available_geometry", lambda _w: QRect(0, 0, 1366, 768))
    win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), "nl", autolock_minutes=0)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.chart.undo.setClean()
    win.close()


def _settle(qtbot: Any, win: Any = None) -> None:
    """Let the docks take their sizes, and let the analyses finish (none left running when the window closes)."""
    qtbot.wait(50)
    for dock in (win.analysis_docks if win is not None else []):
        qtbot.waitUntil(lambda d=dock: d.widget().task is None, timeout=30000)


def test_an_analysis_opens_full_width_as_a_tab_beside_the_vik_registers(qtbot: Any, laptop: Any) -> None:
    """Side by side the VIK registers shrank to 315 of 1366 pixels and the results showed three rows."""
    win = laptop
    win.analysis_actions["centrality"].trigger()
    _settle(qtbot, win)
    dock = win.analysis_docks[-1]
    assert win.vik_dock in win.tabifiedDockWidgets(dock)
    assert dock.width() >= win.width() * 9 // 10, (dock.width(), win.width())
    assert dock.height() >= win.height() * 3 // 10, (dock.height(), win.height())
    win.analysis_actions["addresses"].trigger()
    _settle(qtbot, win)
    assert {win.vik_dock, dock} <= set(win.tabifiedDockWidgets(win.analysis_docks[-1]))
    win.vik_dock.raise_()
    _settle(qtbot)
    assert win.vik_dock.width() >= win.width() * 9 // 10  # the registers get their full width back


def test_the_duplicates_panel_is_a_tab_beside_the_vik_registers_too(qtbot: Any, laptop: Any) -> None:
    win = laptop
    win.act_resolution.trigger()
    _settle(qtbot)
    qtbot.waitUntil(lambda: win.resolution_dock.widget().task is None, timeout=30000)
    assert win.vik_dock in win.tabifiedDockWidgets(win.resolution_dock)
    assert win.resolution_dock.width() >= win.width() * 9 // 10


def test_a_chart_that_was_whole_stays_whole_above_the_legend_when_results_open(qtbot: Any, laptop: Any,
                                                                               planted: dict[str, Any]) -> None:
    """The results pane took its height from the chart: the lower names slid under the legend."""
    win, straw = laptop, planted["strawman"]
    win.chart.add_entities([straw])
    win.chart.expand(straw)
    win.chart.run_layout("force", wait=True)
    win.chart.act_fit.trigger()
    _settle(qtbot)
    win.analysis_actions["centrality"].trigger()
    _settle(qtbot, win)
    view = win.chart.view
    box = view.legend_box()  # lower left, as drawn
    assert not box.isNull()
    hidden = [i for i, item in win.chart.scene.nodes.items() if box.contains(view.mapFromScene(item.pos()).toPointF())
              or not view.viewport().rect().contains(view.mapFromScene(item.pos()))]
    assert not hidden, hidden


@pytest.fixture
def big_font() -> Any:
    """The fonts of a real X window are wider than the offscreen platform's: the same squeeze, offscreen."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    before = app.font()
    bigger = app.font()
    bigger.setPointSizeF(before.pointSizeF() * 1.4)
    app.setFont(bigger)
    yield
    app.setFont(before)


def test_the_details_of_an_entity_need_no_sideways_scrolling(qtbot: Any, big_font: Any, laptop: Any,
                                                            planted: dict[str, Any]) -> None:
    """The Documents buttons made the details wider than their dock: a horizontal scrollbar, the right edge cut."""
    win = laptop
    win.show_entity(planted["strawman"])
    _settle(qtbot)
    detail = win.detail
    assert detail.widget().minimumSizeHint().width() <= detail.viewport().width(), \
        (detail.widget().minimumSizeHint().width(), detail.viewport().width())
    assert not detail.horizontalScrollBar().isVisible()


def test_export_from_the_menu_offers_the_named_audiences(qtbot: Any, nl_window: Any, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Project > Exporteren naar offered the four levels only; an analyst exports for the RIEC meeting."""
    from PySide6.QtWidgets import QInputDialog

    out = tmp_path / "riec.csv"
    asked: list[list[str]] = []

    def pick(_parent: Any, _title: str, _label: str, items: list[str], *_a: Any) -> tuple[str, bool]:
        asked.append(list(items))
        return "RIEC-casusoverleg", True

    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(out))
    monkeypatch.setattr(QInputDialog, "getItem", pick)
    menus = nl_window.exchange
    with qtbot.waitSignal(menus.finished, timeout=60000) as blocker:
        menus.actions["export:csv"].trigger()
    assert asked[0][0] == "Open" and "Bibob-toets (gemeentelijk Bibob-team)" in asked[0]
    assert blocker.args[0]["entities"] > 0 and out.exists()
    audited = [e for e in nl_window.session.store.audit_entries() if e.action == "export"][-1]
    assert json.loads(audited.details)["audience"] == "riec"


def test_the_parameters_of_an_analysis_read_dutch_and_measures_are_ticked(qtbot: Any, nl_window: Any) -> None:
    """Analyse > Centraliteit > Parameters… asked for "degree, relations, betweenness, …" typed in English
    codes, and offered the method as auto/exact/sampled."""
    from views.analysis_panel import ChoicesField

    win = nl_window
    win.analysis_actions["centrality"].trigger()
    panel = win.analysis_docks[-1].widget()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    measures = panel.form.fields["measures"]
    assert isinstance(measures, ChoicesField)
    names = [box.text() for box in measures.boxes.values()]
    assert "Graad" in names and "Tussenpositie" in names and "betweenness" not in names, names
    method = panel.form.fields["method"]
    assert [method.itemText(i) for i in range(method.count())] == ["automatisch", "exact", "steekproef"]
    sort = panel.form.fields["sort"]
    assert "Tussenpositie" in [sort.itemText(i) for i in range(sort.count())]
    for code, box in measures.boxes.items():
        box.setChecked(code in ("degree", "pagerank"))
    panel.btn_run.click()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    audited = [e for e in win.session.store.audit_entries() if e.action == "analyse"][-1]
    assert json.loads(audited.details)["measures"] == ["degree", "pagerank"]
    assert panel.session_state()["values"]["measures"] == ["degree", "pagerank"]


def test_the_parameters_leave_the_chart_room(qtbot: Any, laptop: Any) -> None:
    """Parameters… opened the form one field a line (ten lines for Centraliteit): the chart shrank to a strip."""
    win = laptop
    win.analysis_actions["centrality"].trigger()
    _settle(qtbot, win)
    panel = win.analysis_docks[-1].widget()
    panel.btn_params.setChecked(True)
    _settle(qtbot)
    assert panel.form.sizeHint().height() <= win.height() // 4, (panel.form.sizeHint().height(), win.height())


def test_only_types_takes_the_dutch_type_names(qtbot: Any, nl_window: Any) -> None:
    """"Alleen typen" filtered on codes: an analyst typing "Persoon, onderneming" got no rows at all."""
    win = nl_window
    win.analysis_actions["centrality"].trigger()
    panel = win.analysis_docks[-1].widget()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    field = panel.form.fields["types"]
    assert field.placeholderText().startswith("bijv. Persoon, Onderneming")
    field.setText("Persoon, onderneming")
    panel.btn_run.click()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30000)
    assert panel.model.rows and {r["type"] for r in panel.model.rows} <= {"Person", "Company"}
    assert {r["type"] for r in panel.model.rows} == {"Person", "Company"}
