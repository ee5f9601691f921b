"""What an owner's work on a `police-wpg` chart leaves in the main file (red team 3).

A chart that names police records is kept in the police file, name and all
(`graph.access.labelled_settings`), so vera -- a viewer cleared for `open`, reading the main file with
`sqlcipher3` and her own key -- learns neither what it holds nor what it is called. A note on that
chart, and the audit entries of its exports and briefings, must keep the same secret.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import notes
from graph.access import session
from tests.access.conftest import OWNER_PW
from tests.access.test_attacks import VERA_PW
from tests.access.test_insider_plants import project  # noqa: F401 -- the fixture
from tests.access.test_label_leaks import _as_alice, _main_file_for_vera
from views.chart.storage import save_chart
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")
CHART = "Onderzoek Geheime Holding"


def test_a_note_on_a_police_chart_stays_out_of_the_main_file(
        project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        save_chart(owner, CHART, {"nodes": [{"id": ids["holding"], "x": 0, "y": 0}], "edges": []})
        note = notes.add_note(owner, notes.CHART_PREFIX + CHART, "Piet stuurt de holding aan via zijn zwager")
        assert note.label == "police-wpg"  # the chart's label, as a note on a record takes the record's
        notes.edit_note(owner, note.id, "Piet stuurt de holding aan via zijn zwager Kees")
        assert [n.text for n in notes.notes_of(owner, notes.CHART_PREFIX + CHART)] == [
            "Piet stuurt de holding aan via zijn zwager Kees"]
        notes.restore_note(owner, notes.delete_note(owner, note.id))
    finally:
        owner.close()
    seen = _main_file_for_vera(path)
    assert "zwager" not in seen, "vera read the note on a police chart"
    assert "Geheime Holding" not in seen, "vera read the name of a police chart"
    vera = session.unlock(path, "vera", VERA_PW)
    try:
        assert not notes.notes_of(vera, notes.CHART_PREFIX + CHART)
    finally:
        vera.close()


def test_exports_of_a_police_chart_leave_its_name_out_of_the_main_file(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        save_chart(owner, CHART, {"nodes": [{"id": ids["holding"], "x": 0, "y": 0},
                                            {"id": ids["piet"], "x": 50, "y": 0},
                                            {"id": ids["olaf"], "x": 90, "y": 0}], "edges": [ids["rel"]]})
        # the workbench's chart image of the open part (views.chart.export.ExportJob.record)
        owner.record_export(str(tmp_path / "overzicht.png"), 1, format="png", chart=CHART, marking="open", edges=0)
    finally:
        owner.close()
    alice = _as_alice(path, tmp_path)
    for audience in ("openbaar", "driehoek"):  # openbaar: the open part of the chart only
        assert main(["export", "graphml", "--audience", audience, "--chart", CHART,
                     "-o", str(tmp_path / f"{audience}.graphml"), *alice]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert "Geheime Holding" not in _main_file_for_vera(path), "vera read the police chart's name"


def test_a_briefing_of_a_police_chart_leaves_its_name_out_of_the_main_file(
        project: tuple[Path, dict[str, str]], tmp_path: Path) -> None:  # noqa: F811
    from graph.briefing import Document, make_briefing
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        save_chart(owner, CHART, {"nodes": [{"id": ids["holding"], "x": 0, "y": 0},
                                            {"id": ids["olaf"], "x": 90, "y": 0}], "edges": []})
        doc = Document(title="Overzicht", dossier="D-1", author="alice", recipients=["burgemeester"])
        make_briefing(owner, CHART, doc, audience="openbaar", out=tmp_path / "b.pdf")
    finally:
        owner.close()
    assert "Geheime Holding" not in _main_file_for_vera(path), "vera read the police chart's name"


def test_a_chart_that_comes_to_name_a_police_record_leaves_the_main_files_index(
        project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    """Saved first with open records only, the chart was in the main file, its name in the index of charts there;
    saved again with a police record it moves to the police file, and its name must leave the index with it.
    (The log's entry of the first save keeps the name: it was an open chart then.)"""
    from views.chart.storage import INDEX_KEY, chart_names
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        save_chart(owner, CHART, {"nodes": [{"id": ids["olaf"], "x": 0, "y": 0}], "edges": []})
        save_chart(owner, CHART, {"nodes": [{"id": ids["olaf"], "x": 0, "y": 0},
                                            {"id": ids["holding"], "x": 50, "y": 0}], "edges": []})
        assert chart_names(owner) == [CHART]
        assert CHART not in (owner.get_setting(INDEX_KEY) or "")
    finally:
        owner.close()
    vera = session.unlock(path, "vera", VERA_PW)
    try:
        assert chart_names(vera) == []
    finally:
        vera.close()
