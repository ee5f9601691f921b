"""Screenshots of the import wizard's role mapping and the resolution panel (run under Xvfb).

    Xvfb :99 -screen 0 1600x1000x24 & DISPLAY=:99 openbox &
    DISPLAY=:99 .venv/bin/python tools/screenshots_resolution.py docs/screenshots

A demo project in Dutch; a CSV whose "Rol" column ("katvanger") is mapped onto the
director_of relation's role in the wizard, imported, and the duplicate persons it made
reviewed in the resolution panel the window offers after the import.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

CSV = """Naam;Geboortedatum;KvK-nummer;Bedrijfsnaam;Rol
Chloe van den Eerenbeemt;08-06-1973;12345678;Testbouw Noord B.V.;katvanger
Joey Heijmans;10-10-2003;87654321;Testtrans Oost B.V.;bestuurder
"""


def main(out: Path) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from graph.access import session
    from graph.demo import generate
    from views import i18n
    from views.main_window import MainWindow
    from views.project_session import Session

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "demo.knp"
    data = generate(3000, 42)
    store = session.create(path, owner="alice", passphrase="alice: correct horse battery", name="Demo Almelo")
    with store.activity("import", source="demo"):
        store.upsert_entities(data.entities)
        store.upsert_relations(data.relations)
    store.close()
    csv_path = tmp / "bestuurders.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n.install(app, "nl")
    win = MainWindow(Session.open(path, user="alice", passphrase="alice: correct horse battery"), "nl",
                     autolock_minutes=0)
    win.resize(1600, 960)
    win.move(0, 0)
    win.show()

    def settle(seconds: float = 1.0) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    def shot(name: str) -> None:
        settle()
        subprocess.run(["import", "-window", "root", str(out / f"{name}.png")], check=True)
        print(out / f"{name}.png")

    def wait(condition: object, seconds: float = 60) -> None:
        end = time.monotonic() + seconds
        while not condition() and time.monotonic() < end:  # type: ignore[operator]
            settle(0.1)

    win.act_import.trigger()
    wizard = win._wizard
    wizard.move(200, 60)
    wizard.file_page.path.setText(str(csv_path))
    wizard.next()
    page = wizard.mapping_page
    page.set_mapping("Naam", "Person.name")
    page.set_mapping("Geboortedatum", "Person.birth_date")
    page.set_relation("director_of", "Person", "Company")
    page.source.setText("KvK-uittreksel bestuurders")
    shot("import_wizard_role_mapping")
    wizard.next()
    wait(lambda: wizard.dry_page.done)
    wizard.next()
    wait(lambda: wizard.import_page.done and getattr(win, "_offer_box", None) is not None)
    shot("import_offers_resolution")
    box = win._offer_box
    box.button(QMessageBox.StandardButton.Yes).click()
    wizard.accept()
    panel = win.resolution_dock.widget()
    wait(lambda: panel.task is None)
    win.resizeDocks([win.resolution_dock], [330], __import__("PySide6.QtCore").QtCore.Qt.Orientation.Vertical)
    if panel.candidates:
        panel.table.selectRow(0)
    shot("resolution_panel")
    win.chart.undo.setClean()
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
