"""The workbench says what the open found wrong: a label file put back to an older copy (issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from graph.access import session
from graph.model import Entity, Provenance
from graph.stores.sqlite_store import partition_file
from tests.gui.conftest import OWNER, OWNER_PW, main_window
from tests.sandbox import FAST_KDF
from views import i18n

ANALYST_PW = "mallory-wachtwoordzin-2026"


def test_a_label_file_put_back_to_an_older_copy_is_shown_at_open(qtbot: Any, project: Path, tmp_path: Path) -> None:
    confidential = partition_file(project, "confidential")
    shutil.copy(confidential, tmp_path / "old")  # a member holding the key keeps a copy
    store = session.unlock(project, OWNER, OWNER_PW)
    store.upsert_entities([Entity(type="Person", properties={"name": "Carla Nieuw"}, label="confidential",
                                  provenance=Provenance(source="test", reference="CIE-7"))])
    store.close()
    shutil.copy(tmp_path / "old", confidential)  # and puts it back
    with main_window(qtbot, project, "nl") as win:
        box = win.open_warning
        assert isinstance(box, QMessageBox) and box.isVisible()
        assert box.windowTitle() == "Project geopend met waarschuwingen"
        assert "het bestand voor label Vertrouwelijk (confidential) is teruggezet naar een oudere kopie" in box.text()
        box.close()


def test_an_ordinary_open_shows_no_warning(qtbot: Any, project: Path) -> None:
    with main_window(qtbot, project, "nl") as win:
        assert win.open_warning is None


def _restored_from_backup(project: Path, tmp_path: Path) -> None:
    """The confidential file put back to a copy from before a write; analyst mallory holds its key too."""
    confidential = partition_file(project, "confidential")
    shutil.copy(confidential, tmp_path / "backup")
    store = session.unlock(project, OWNER, OWNER_PW)
    session.add_member(store, "mallory", role="analyst", passphrase=ANALYST_PW,
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    store.upsert_entities([Entity(type="Person", properties={"name": "Carla Nieuw"}, label="confidential",
                                  provenance=Provenance(source="test", reference="CIE-7"))])
    store.close()
    shutil.copy(tmp_path / "backup", confidential)


def _warnings(project: Path) -> list[str]:
    store = session.unlock(project, OWNER, OWNER_PW)
    try:
        return list(store.warnings)
    finally:
        store.close()


def test_the_owner_accepts_a_put_back_label_file_from_the_notice(qtbot: Any, project: Path, tmp_path: Path) -> None:
    _restored_from_backup(project, tmp_path)
    with main_window(qtbot, project, "nl") as win:
        box = win.open_warning
        win.act_audit_log.trigger()  # Project > Auditlog…: its check names the put-back file too
        QApplication.processEvents()
        assert "teruggezet naar een oudere kopie" in win.audit_dialog.check()
        win.audit_dialog.close()
        accept = [b for b in box.buttons() if b.text() == "Accepteren…"]
        assert len(accept) == 1 and "vraag een eigenaar" not in box.text()
        accept[0].click()
        dialog = win.accept_dialog
        assert isinstance(dialog, QInputDialog) and dialog.isVisible()
        # the label by its name, in the singular for one file (it read 'Labelbestand(en): confidential')
        assert dialog.labelText().startswith("Labelbestand: Vertrouwelijk.") and "Reden" in dialog.labelText()
        dialog.setTextValue("schijf defect, back-up teruggezet")
        dialog.accept()
        assert win.statusBar().currentMessage().startswith("Aanvaard als te houden: het bestand voor Vertrouwelijk")
        # Project > Auditlog…: the check lists the acceptance as `audit verify` does, the entry in Dutch
        win.act_audit_log.trigger()
        QApplication.processEvents()
        log = win.audit_dialog
        verdict = log.check()
        assert "teruggezet naar een oudere kopie" not in verdict
        assert "het bestand voor label confidential is aanvaard bij schrijfbeurt" in verdict
        assert "reden: schijf defect, back-up teruggezet" in verdict
        actions = {log.table.item(r, 3).text() for r in range(log.table.rowCount())}
        assert "teruggezet labelbestand aanvaard" in actions
        log.close()
    assert _warnings(project) == []  # the next open does not warn
    with main_window(qtbot, project, "nl") as win:
        assert win.open_warning is None


def test_an_analyst_is_told_to_ask_an_owner(qtbot: Any, project: Path, tmp_path: Path) -> None:
    from views.main_window import MainWindow
    from views.project_session import Session

    _restored_from_backup(project, tmp_path)
    app = QApplication.instance()
    i18n.install(app, "nl")
    win = MainWindow(Session.open(project, user="mallory", passphrase=ANALYST_PW), "nl", autolock_minutes=0)
    qtbot.addWidget(win)
    try:
        win.show()
        box = win.open_warning
        assert isinstance(box, QMessageBox) and "teruggezet naar een oudere kopie" in box.text()
        assert "vraag een eigenaar van het project" in box.text()
        assert [b.text() for b in box.buttons()] == ["OK"]  # no button to accept
        box.close()
    finally:
        win.close()
        i18n.install(app, "en")
    store = session.unlock(project, OWNER, OWNER_PW)
    try:
        # nothing accepted (her session wrote to the file, so verify, not the next open, still names it)
        assert store.verify_label_files()[0] != [] and store.label_file_acceptances() == []
    finally:
        store.close()


def test_a_changed_confidential_note_is_shown_when_the_window_reads_it(qtbot: Any, project: Path) -> None:
    """A member with the confidential key rewrites a signed note there ("dossier sluiten"). The row is refused
    when it is read -- here when the analyst opens the person's details, after the open -- and that warning
    went only into `store.warnings`, which the window never showed: the analyst worked on without knowing
    that a note had been tampered with. It is now shown as it comes, in Dutch."""
    from graph import notes
    from tests.access.test_insider_plants import _write_as

    store = session.unlock(project, OWNER, OWNER_PW)
    person = next(e.id for e in store.iter_entities("Person"))
    note = notes.add_note(store, person, "Gezien bij de loods, informant CIE", label="confidential").id
    table = f"notes__{store.inner.held['confidential']}"
    store.close()
    _write_as(project, OWNER, OWNER_PW, "confidential",
              (f"UPDATE {table} SET text = 'Niets aan de hand, dossier sluiten' WHERE id = ?", (note,)))
    with main_window(qtbot, project, "nl") as win:
        assert win.open_warning is None and win.later_warning is None  # the open read no note
        win.show_entity(person)  # the details and notes read the person's notes
        qtbot.waitUntil(lambda: win.later_warning is not None, timeout=5000)
        box = win.later_warning
        assert box.isVisible() and box.windowTitle() == "Knooppunt vond een probleem bij het lezen"
        assert f"een rij van notes in het bestand voor label Vertrouwelijk (confidential) ({note}) wordt niet " \
               "getoond" in box.text(), box.text()
        warned = box.text()
        win.show_entity(person)
        qtbot.wait(1500)
        assert box.text() == warned  # said once
