"""Screenshots of the VIK screens in Dutch, in a real X window (issue 17): the registers, the forms,
and the access-request document and verslag as a reader sees them.

    Xvfb :98 -screen 0 1600x1000x24 & DISPLAY=:98 openbox &
    DISPLAY=:98 QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshots_vik.py docs/screenshots

Writes vik_signals, vik_meetings, vik_measures, vik_actions, vik_alerts (the VIK dock under the
chart), vik_form_signal, vik_form_meeting, vik_form_measure, vik_form_action (the forms over the
window) and vik_access_request, vik_verslag (page 1 of the PDFs, rendered with pdftoppm).
Look at every one before committing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from demo_window import DemoWindow, open_demo_window  # tools/ is on sys.path when a tool runs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def registers(demo: DemoWindow, out: Path) -> None:
    from PySide6.QtCore import Qt

    win, planted = demo.win, demo.planted["vik"]
    vik = win.vik
    win.resizeDocks([win.vik_dock], [400], Qt.Orientation.Vertical)
    table = vik.tables["measures"]
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "BM-2026-0013")
    table.itemActivated.emit(table.item(row, 0))  # the closure and its premises on the chart
    demo.settle(2)
    win.chart.view.centre_on(planted["closed_premises"])
    for key in ("signals", "meetings", "measures", "actions", "alerts"):
        vik.tabs.setCurrentWidget(vik.tables[key])
        vik.tables[key].clearSelection()  # an overdue action shows in red, not in the selection colour
        demo.shot(out, f"vik_{key}")


def forms(demo: DemoWindow, out: Path) -> None:
    from graph.vik import meetings
    from views.vik_forms import ActionDialog, MeasureDialog, MeetingDialog, SignalDialog

    win, planted = demo.win, demo.planted["vik"]
    store, vik = win.session.store, win.vik

    def show(dialog: Any, name: str) -> None:
        dialog.move(420, 120)
        dialog.show()
        demo.shot(out, name)
        dialog.close()

    signal = SignalDialog(store, "nl", [planted["penalised"]], win)
    signal.fields["description"][0].setPlainText("Bewoner ziet 's nachts busjes laden en lossen bij het pand.")
    signal.fields["source"][0].setCurrentIndex(signal.fields["source"][0].findData("bewoner"))
    signal.new_subject("Person", {"name": "Karin Bos", "birth_date": "12-03-1990"})
    signal.new_subject("Address", {"full": "Hoofdstraat 12, 7607 AB Almelo"})
    show(signal, "vik_form_signal")
    meeting = MeetingDialog(store, "nl", meeting=meetings.list_meetings(store)[0], parent=win)
    show(meeting, "vik_form_meeting")
    measure = MeasureDialog(store, "nl", measure=store.get_entity(planted["closure"]), parent=win)
    show(measure, "vik_form_measure")
    vik.tabs.setCurrentWidget(vik.tables["actions"])
    action = ActionDialog(store, "nl", record_id=planted["closed_premises"], parent=win)
    action.fields["text"][0].setText("Controlebezoek pand met politie")
    action.fields["owner"][0].setEditText("Toezicht en handhaving")
    action.fields["deadline"][0].setText("15-01-2027")
    show(action, "vik_form_action")


def documents(demo: DemoWindow, out: Path) -> None:
    """The access request of the penalised person and the casustafel's verslag, page 1 as a reader sees it."""
    from graph.briefing.render import html_to_pdf
    from graph.vik import avg, meetings, report

    store, planted = demo.win.session.store, demo.planted["vik"]
    meeting = meetings.list_meetings(store)[0]
    for name, doc in (("vik_access_request", avg.access_request(store, planted["penalised"])),
                      ("vik_verslag", report.meeting_document(store, meeting.id))):
        pdf = demo.tmp / f"{name}.pdf"
        pdf.write_bytes(html_to_pdf(report.to_html(doc), doc.marking))
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(out / name)], check=True)
        print(out / f"{name}.png")


def main(out: Path) -> int:
    from graph.vik import alerts
    from graph.vik.demo import seed

    out.mkdir(parents=True, exist_ok=True)
    demo = open_demo_window(size=1500)
    store = demo.win.session.store
    seed(store, demo.planted["vik"])  # the casustafel, actions and watch of `knooppunt demo`
    alerts.scan(store)
    demo.win.vik.refresh()
    demo.settle(2)
    registers(demo, out)
    forms(demo, out)
    documents(demo, out)
    demo.win.chart.undo.setClean()
    demo.win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
