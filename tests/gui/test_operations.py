"""views.operations: one background operation, offscreen over a real encrypted demo project.

Progress reaches the UI, Cancel stops the job and rolls its writes back, an exception is shown
in the one error display (and logged), and a finished write operation tells open screens.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from graph.model import Entity, Provenance
from importers.case_import import import_table_file
from importers.spec import loads_spec
from views.operations import Changes, Operation, hub

SPEC = loads_spec("""
source: Test
entities:
  person: {type: Person, properties: {name: Naam}}
  company: {type: Company, properties: {kvk_number: KvK-nummer, name: Bedrijfsnaam}}
relations:
  - {type: director_of, from: person, to: company}
""")


def _csv(path: Path, rows: int) -> Path:
    lines = ["Naam,KvK-nummer,Bedrijfsnaam"]
    lines += [f"Persoon {i},{10000000 + i},Bedrijf {i} B.V." for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_progress_reaches_the_ui_from_the_jobs_own_connection(qtbot: Any, window: Any) -> None:
    session = window.session
    seen: list[tuple[int, int, str]] = []
    results: list[Any] = []

    def job(store: Any, progress: Any) -> Any:
        assert store is not session.store  # its own connection, closed afterwards
        progress(1, 2, "counting")
        counts = store.counts()
        progress(2, 2, "done")
        return counts

    op = Operation(window, session.reopen, job, title="Count", on_progress=lambda *a: seen.append(a),
                   on_done=results.append).run_in_background()
    qtbot.waitUntil(lambda: not op.running, timeout=10000)
    assert seen == [(1, 2, "counting"), (2, 2, "done")]
    assert results == [session.store.counts()]


def test_a_cancelled_import_midway_leaves_the_project_unchanged(qtbot: Any, window: Any, tmp_path: Path) -> None:
    store = window.session.store
    before = store.counts()
    csv_path = _csv(tmp_path / "personen.csv", 100)
    first_chunk_written = threading.Event()
    pressed = threading.Event()
    outcome: list[str] = []
    announced: list[Any] = []
    hub().operation_did_execute.connect(lambda changes, _w: announced.append(changes))

    def job(target: Any, progress: Any) -> Any:
        def step(rows: int) -> None:
            progress.advance(rows)  # raises Cancelled once Cancel was pressed
            first_chunk_written.set()
            pressed.wait(10)  # let the UI press Cancel after the first chunk was written

        return import_table_file(target, csv_path, SPEC, progress=step, chunk_rows=10)

    def on_progress(done: int, _total: int, _text: str) -> None:
        if done == 10:  # the first chunk of ten rows is in the (open) transaction
            op.cancel()
            pressed.set()

    op = Operation(window, window.session.reopen, job, title="Import", changes=Changes(entities=True),
                   on_progress=on_progress, on_done=lambda _r: outcome.append("done"),
                   on_cancel=lambda: outcome.append("cancelled"))
    op.run_in_background()
    qtbot.waitUntil(lambda: bool(outcome), timeout=20000)
    assert first_chunk_written.is_set()
    assert outcome == ["cancelled"]
    assert store.counts() == before  # nothing half-written
    assert announced == []  # nothing changed, nothing announced


def test_an_exception_in_the_job_is_shown_once_and_logged(qtbot: Any, window: Any,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    errors: list[str] = []

    def job(_store: Any, _progress: Any) -> Any:
        raise ValueError("kolom Naam ontbreekt")

    with caplog.at_level(logging.ERROR, logger="views.operations"):
        op = Operation(window, window.session.reopen, job, title="Import", on_error=errors.append)
        op.run_in_background()
        qtbot.waitUntil(lambda: not op.running, timeout=10000)
    assert errors == ["kolom Naam ontbreekt"]
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert len(boxes) == 1
    assert boxes[0].windowTitle() == "Import" and "kolom Naam ontbreekt" in boxes[0].text()
    assert "Traceback" in caplog.text and "ValueError: kolom Naam ontbreekt" in caplog.text  # never lost
    boxes[0].close()


def test_a_finished_write_operation_refreshes_the_open_screens(qtbot: Any, window: Any,
                                                               planted: dict[str, Any]) -> None:
    store = window.session.store
    person = planted["strawman"]
    window.chart.add_entities([person])
    window.show_entity(person)
    old = store.get_entity(person)
    assert window.detail.title.text() == old.caption

    def rename(target: Any, _progress: Any) -> None:
        e = target.get_entity(person)
        e.properties["name"] = "Chloé Hernoemd"
        target.upsert_entities([e])
        target.upsert_entities([Entity(type=e.type, properties={"name": "Nieuwe Persoon"},
                                       provenance=Provenance(source="test", reference="nieuw"))])

    with qtbot.waitSignal(hub().operation_did_execute, timeout=10000) as signal:
        Operation(window, window.session.reopen, rename, title="Rename", changes=Changes(entities=True),
                  on_error=pytest.fail).run_in_background()
    assert signal.args[0] == Changes(entities=True) and signal.args[1] is window
    assert window.detail.title.text() == "Chloé Hernoemd"
    assert window.chart.scene.nodes[person].attrs["caption"] == "Chloé Hernoemd"
    window.browser.type_box.setCurrentIndex(window.browser.type_box.findData("Person"))
    model = window.browser.model
    while model.canFetchMore():
        model.fetchMore()
    assert "Nieuwe Persoon" in {row[0] for row in model.rows}


@pytest.mark.parametrize("changes", [None, Changes(entities=True)], ids=["read", "write"])
def test_a_job_that_fails_after_its_window_closed_raises_nothing(qtbot: Any, changes: Changes | None) -> None:
    """Quitting while the browse table sorts in the background: the window's close locks the project, the job's
    own connection then fails ("the project is locked"), and its failure dialog was built on the deleted window
    (a RuntimeError in the event loop, and a hang of the test run). A read's failure is only logged now; a
    write's is still shown, on no window."""
    import shiboken6
    from PySide6.QtWidgets import QWidget

    from graph.errors import ProjectError
    parent = QWidget()
    gate = threading.Event()

    def job(store: Any, progress: Any) -> Any:
        gate.wait(10)
        raise ProjectError("casus.knp: the project is locked")

    op = Operation(parent, None, job, title="Sorting", changes=changes).run_in_background()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(parent), timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: not op.running, timeout=10000)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    try:
        assert [b.text() for b in boxes] == ([] if changes is None else
                                             ["Sorting did not finish: casus.knp: the project is locked"])
    finally:
        for box in boxes:
            box.close()
