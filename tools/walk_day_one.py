"""An analyst's first day in the workbench, in Dutch, at 1366x768, in a real X window: screenshots to LOOK at.

    Xvfb :97 -screen 0 1366x768x24 & DISPLAY=:97 openbox &
    DISPLAY=:97 QT_QPA_PLATFORM=xcb .venv/bin/python tools/walk_day_one.py /tmp/shots

Opens the demo project, the import wizard (file, mapping with examples/meldingen.yaml, dry run,
import), a search, a chart, the centrality and shared-address analyses, the export dialog, the
audit log and the keyboard shortcuts; one screenshot per step (day1_NN_step.png).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo_window import DemoWindow, open_demo_window  # noqa: E402  # tools/ is on sys.path when a tool runs
from screenshots_laptop import laptop_window  # noqa: E402


def _actions(win: Any) -> list[Any]:
    return [a for m in win.menuBar().actions() if m.menu() for a in m.menu().actions()]


def _modal(demo: DemoWindow, trigger: Any, then: Any, click: bool = False) -> None:
    """Open a dialog that blocks in exec(): shoot it from a timer, then close it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def close() -> None:
        then()
        box = QApplication.activeModalWidget()
        if box is not None:
            box.close()

    QTimer.singleShot(1500, close)
    trigger.click() if click else trigger.trigger()
    demo.settle(0.5)


def main(out: Path) -> int:
    from PySide6.QtWidgets import QApplication

    out.mkdir(parents=True, exist_ok=True)
    demo = open_demo_window(size=1500)
    win = laptop_window(demo)
    demo.settle(1)
    n = iter(range(1, 100))

    def shot(name: str) -> None:
        demo.shot(out, f"day1_{next(n):02d}_{name}")

    shot("opened")
    examples = ROOT / "examples"
    win.act_import.trigger()
    wizard = win._wizard
    shot("wizard_file")
    wizard.file_page.path.setText(str(examples / "meldingen.csv"))
    wizard.next()
    shot("wizard_mapping")
    wizard.mapping_page.load_spec_file(examples / "meldingen.yaml")
    shot("wizard_spec")
    wizard.next()
    demo.settle(4)
    shot("wizard_dry_run")
    wizard.next()
    demo.settle(5)
    shot("wizard_imported")
    wizard.accept()
    demo.settle(2)
    shot("after_import")
    for w in QApplication.topLevelWidgets():
        if w.isVisible() and w is not win and w.isModal():
            w.close()
    win.focus_search()
    win.search.field.setText("de vries")
    demo.settle(2)
    shot("search")
    straw = demo.planted["strawman"]
    win.chart.add_entities([straw])
    win.chart.expand(straw)
    win.chart.run_layout("force", wait=True)
    win.show_entity(straw)
    win.chart.act_fit.trigger()
    shot("chart")
    for key in ("centrality", "addresses"):
        act = win.analysis_actions.get(key)
        if act is None:
            print("no analysis", key, sorted(win.analysis_actions))
            continue
        act.trigger()
        demo.settle(6)
        shot(f"analysis_{key}")
    win.act_export.trigger()
    demo.settle(1)
    shot("export_dialog")
    win.export_dialog.reject()
    win.act_resolution.trigger()
    demo.settle(5)
    shot("duplicates")
    audit = getattr(win, "act_audit_log", None)
    if audit is not None:
        audit.trigger()
        demo.settle(2)
        shot("audit_log")
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and w is not win:
                w.close()
    for name, act in (("preferences", next(a for a in _actions(win) if a.text() == "Voorkeuren…")),
                      ("shortcuts", next(a for a in _actions(win) if a.text() == "Sneltoetsen"))):
        _modal(demo, act, lambda name=name: shot(name))
    panel = win.analysis_docks[-1].widget()
    _modal(demo, panel.btn_params, lambda: shot("analysis_parameters"), click=True)
    win.chart.undo.setClean()
    win.record_editor.undo.setClean()
    win.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/day1")))
