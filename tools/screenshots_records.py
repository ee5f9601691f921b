"""Screenshots of the record forms and of a note and documents on a record, in Dutch, in a real X window.

    Xvfb :97 -screen 0 1600x1000x24 & DISPLAY=:97 openbox &
    DISPLAY=:97 QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshots_records.py

Writes docs/screenshots/form_person_error_nl.png, form_relation_nl.png,
record_note_document_nl.png and document_candidates_nl.png (look at them before committing).
"""

from __future__ import annotations

import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# A throw-away project for screenshots: its passphrase is made here, used once, and never stored.
_PASSPHRASE = secrets.token_urlsafe(18)

def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    tmp = Path(tempfile.mkdtemp())
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp / "settings"))
    from graph.access import keyslots, session
    from graph.demo import generate
    from tests.records.test_documents import make_eml, make_pdf
    from tests.sandbox import FAST_KDF
    from views import i18n
    from views.main_window import MainWindow
    from views.project_session import Session

    keyslots.DEFAULT_KDF = FAST_KDF  # a throw-away project: unlocking need not cost a second
    app = QApplication(sys.argv[:1])
    i18n.install(app, "nl")
    path = tmp / "casus.knp"
    store = session.create(path, owner="anna", passphrase=_PASSPHRASE, name="Casus Kerkstraat", kdf=FAST_KDF)
    data = generate(600, 42)
    with store.activity("import", source="demo"):
        store.upsert_entities(data.entities)
        store.upsert_relations(data.relations)
    store.close()
    win = MainWindow(Session.open(path, user="anna", passphrase=_PASSPHRASE), "nl", autolock_minutes=0)
    win.resize(1500, 950)
    win.show()

    def pump(n: int = 20) -> None:
        for _ in range(n):
            app.processEvents()
            time.sleep(0.02)

    def save(form: Any) -> None:
        form.buttons.button(form.buttons.StandardButton.Ok).click()
        pump()

    pump()
    out = ROOT / "docs" / "screenshots"
    ed = win.record_editor
    ed.act_new_entity.trigger()
    form = ed.form
    form.type_box.setCurrentIndex(form.type_box.findData("Person"))
    form.fields["name"].setText("Jan de Vries")
    form.fields["birth_date"].setText("31-02-1980")
    form.source.setText("melding 2026-114")
    form.reference.setText("MLD-2026-114")
    form.reliability.setCurrentIndex(form.reliability.findData("B"))
    form.credibility.setCurrentIndex(form.credibility.findData("2"))
    form.label_box.setCurrentIndex(form.label_box.findData("confidential"))
    save(form)
    form.grab().save(str(out / "form_person_error_nl.png"))
    form.fields["birth_date"].setText("01-02-1980")
    save(form)
    jan = win.session.store.search("Jan de Vries")[0]
    company = next(iter(win.session.store.iter_entities("Company")))
    win.chart.add_entities([company.id])
    pump()
    win.chart.scene.clearSelection()
    win.chart.scene.nodes[jan.id].setSelected(True)
    win.chart.scene.nodes[company.id].setSelected(True)
    ed.act_new_relation.trigger()
    rform = ed.form
    if rform.ends[0].type != "Person":
        rform.swap_ends()
    rform.type_box.setCurrentIndex(rform.type_box.findData("director_of"))
    rform.valid_from.setText("01-03-2021")
    pump()
    rform.grab().save(str(out / "form_relation_nl.png"))
    save(rform)
    win.show_entity(jan.id)
    ed.notes.editor.setPlainText("Overleg driehoek 12-03: wijkagent bevestigt dat Jan als katvanger optreedt.")
    ed.notes.btn_add.click()
    ed.documents.attach(make_pdf(tmp / "melding-2026-114.pdf",
                                 ["Melding: KvK-nummer 87654321, IBAN NL91 ABNA 0417 1643 00"]), "Melding Bibob")
    while ed.documents.list.count() < 1:
        pump(5)
    ed.documents.attach(make_eml(tmp / "signaal-wijkagent.eml"))
    while ed.documents.list.count() < 2:
        pump(5)
    win.detail.ensureWidgetVisible(ed.documents)
    pump(40)
    win.grab().save(str(out / "record_note_document_nl.png"))
    dialog = ed.documents.show_candidates(ed.documents.list.item(0).data(256))
    pump()
    dialog.grab().save(str(out / "document_candidates_nl.png"))
    dialog.reject()
    win.chart.undo.setClean()
    win.close()
    print(f"written to {out}")


if __name__ == "__main__":
    main()
