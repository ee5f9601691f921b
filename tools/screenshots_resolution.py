"""Screenshots of the import wizard's role mapping and the resolution panel (run under Xvfb).

    Xvfb :99 -screen 0 1600x1000x24 & DISPLAY=:99 openbox &
    DISPLAY=:99 .venv/bin/python tools/screenshots_resolution.py docs/screenshots

A demo project in Dutch; a CSV whose "Rol" column ("katvanger") is mapped onto the
director_of relation's role in the wizard, imported, and the duplicate persons it made
reviewed in the resolution panel the window offers after the import.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from demo_window import open_demo_window  # tools/ is on sys.path when a tool runs

CSV = """Naam;Geboortedatum;KvK-nummer;Bedrijfsnaam;Rol
Chloe van den Eerenbeemt;08-06-1973;12345678;Testbouw Noord B.V.;katvanger
Joey Heijmans;10-10-2003;87654321;Testtrans Oost B.V.;bestuurder
"""


def main(out: Path) -> int:
    from PySide6.QtWidgets import QMessageBox

    out.mkdir(parents=True, exist_ok=True)
    demo = open_demo_window()
    win, settle = demo.win, demo.settle
    csv_path = demo.tmp / "bestuurders.csv"
    csv_path.write_text(CSV, encoding="utf-8")

    def shot(name: str) -> None:
        demo.shot(out, name)

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
