"""Screenshots of the workbench on a 1366x768 laptop screen, in Dutch, in a real X window.

    Xvfb :98 -screen 0 1366x768x24 & DISPLAY=:98 openbox &
    DISPLAY=:98 QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshots_laptop.py

Writes docs/screenshots/laptop_main_window_nl.png (the window fitted to the screen, the VIK
registers a quarter high), laptop_import_wizard_nl.png (a loaded import specification with its
fields beside it, Next/Cancel on screen), laptop_network_wizard_nl.png (a published network read as
a matrix: nodes, tie and its number chosen in three lists), laptop_two_mode_wizard_nl.png (persons by
the meetings they attended: what the columns are) and laptop_kvk_import_nl.png (Import > KvK-gegevens
and its summary). Look at them before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo_window import DemoWindow, open_demo_window  # noqa: E402  # tools/ is on sys.path when a tool runs


def laptop_window(demo: DemoWindow) -> Any:
    """The demo window as `knooppunt gui` sizes it on this screen (the demo helper asks for 1600x960)."""
    from PySide6.QtCore import Qt

    from views.screen import fit_to_screen

    win = demo.win
    fit_to_screen(win, 1500, 950)
    win.move(0, 0)
    win.resizeDocks([win.vik_dock], [max(170, win.height() // 4)], Qt.Orientation.Vertical)
    return win


def main(out: Path) -> int:
    from PySide6.QtWidgets import QApplication

    out.mkdir(parents=True, exist_ok=True)
    demo = open_demo_window(size=1500)
    win = laptop_window(demo)
    demo.settle(1)  # the docks take their sizes before the chart is fitted
    straw = demo.planted["strawman"]
    win.chart.add_entities([straw])
    win.chart.expand(straw)
    win.chart.run_layout("force", wait=True)
    win.show_entity(straw)
    demo.settle(0.5)
    win.chart.act_fit.trigger()
    demo.shot(out, "laptop_main_window_nl")

    examples = ROOT / "examples"
    wizard = win.import_wizard()
    wizard.file_page.path.setText(str(examples / "meldingen.csv"))
    wizard.next()
    wizard.mapping_page.load_spec_file(examples / "meldingen.yaml")
    demo.shot(out, "laptop_import_wizard_nl")
    wizard.reject()

    network = win.import_wizard()  # a published network (CAVIAR as its author writes it): read as a matrix
    network.file_page.path.setText(str(ROOT / "tests" / "importers" / "data" / "real" / "caviar_phase1.csv"))
    network.next()
    page = network.mapping_page
    page.tie_type.setCurrentIndex(page.tie_type.findData("contacted"))
    demo.shot(out, "laptop_network_wizard_nl")
    network.reject()

    import tempfile

    sys.path.insert(0, str(ROOT))
    from tests.networks import davis_pajek  # Davis's Southern Women as Pajek's DeepSouth.paj holds them

    two_mode = win.import_wizard()  # persons by the meetings they attended: Kolommen zijn: Gebeurtenis
    two_mode.file_page.path.setText(str(davis_pajek(Path(tempfile.mkdtemp()) / "deepsouth.net")))
    two_mode.next()
    demo.shot(out, "laptop_two_mode_wizard_nl")
    two_mode.reject()

    from views.kvk_import import import_kvk

    import_kvk(win, sorted((examples / "basisprofielen").glob("*.json")))
    for _ in range(300):
        demo.settle(0.1)
        if getattr(win, "kvk_summary", None) is not None:
            break
    demo.shot(out, "laptop_kvk_import_nl")
    win.kvk_summary.close()
    win.chart.undo.setClean()
    win.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
