"""Screenshots of the real workbench window for docs/screenshots (run under Xvfb, not offscreen).

    Xvfb :99 -screen 0 1600x1000x24 & DISPLAY=:99 openbox &
    DISPLAY=:99 .venv/bin/python tools/screenshots.py docs/screenshots

Builds a demo project, opens the main window in Dutch, and takes whole-screen shots with
ImageMagick's `import` (what a user sees, window manager included): the README's workbench
(a search, the hub's chart, its details) and red flags with the straw man on the chart, a
40-node chart at "Passend", an expanded hub, link cards at full size, and page 1 of the exported PDF (pdftoppm).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from demo_window import open_demo_window  # tools/ is on sys.path when a tool runs


def main_window_shots(demo: Any, out: Path) -> None:
    """The README's two pictures of the whole workbench: a search with its chart and details, and red flags."""
    win, planted, settle = demo.win, demo.planted, demo.settle
    hub = planted["hotspot_address"]
    entity = win.session.store.get_entity(hub)
    win.focus_search()
    win.search.field.setText((entity.caption or "").split(",")[0])
    win.search.run()
    win.show_entity(hub)
    win.chart.add_entities([hub])
    win.chart.expand(hub)
    win.chart.run_layout("force", wait=True)
    win.chart.act_fit.trigger()
    demo.shot(out, "main_window_nl")

    win.chart.clear()
    win.analysis_actions["flags"].trigger()
    panel = win.analysis_docks[-1].widget()
    for _ in range(600):
        settle(0.1)
        if panel.task is None:
            break
    row = next(i for i, r in enumerate(panel.rows) if r.get("indicator") == "strawman_director")
    panel.table.selectRow(row)
    panel.open_evidence()  # the straw man and the directorships behind the flag
    panel.btn_flag.click()  # "Rood markeren": every flagged entity on the chart gets its red halo
    win.chart.run_layout("force", wait=True)
    win.chart.act_fit.trigger()
    demo.shot(out, "main_window_red_flags")
    win.analysis_docks[-1].close()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    demo = open_demo_window()
    win, planted, settle, tmp = demo.win, demo.planted, demo.settle, demo.tmp

    def shot(name: str) -> None:
        demo.shot(out, name)

    main_window_shots(demo, out)
    chart = win.chart
    chart.clear()
    win.detail_dock.hide()  # before fitting: the chart gets the room
    win.vik_dock.hide()
    win.search.field.clear()
    settle()
    for start in (planted["hotspot_address"], planted["strawman"], planted["bridge"]):
        if len(chart.scene.nodes) >= 40:
            break
        chart.add_entities([start])
        chart.expand(start)
    for node in sorted(chart.scene.nodes):
        if len(chart.scene.nodes) >= 40:
            break
        chart.expand(node)
    chart.run_layout("force", wait=True)
    chart.view.fit()
    shot("chart_40_nodes_fit")

    chart.clear()
    hub = planted["hotspot_address"]
    chart.add_entities([hub])
    chart.expand(hub)
    chart.add_entities([planted["strawman"]])
    chart.expand(planted["strawman"])
    chart.view.fit()
    shot("chart_expanded_hub")

    chart.clear()  # at full size: the link cards (type, period, grading) clear of each other and of names
    chart.add_entities([planted["strawman"]])
    chart.expand(planted["strawman"])
    chart.view.resetTransform()
    chart.view.centre_on(planted["strawman"])
    chart.scene.clearSelection()
    shot("chart_link_cards")
    win.detail_dock.hide()  # the selection showed the details again

    chart.clear()
    chart.add_entities([hub])
    chart.expand(hub)
    chart.add_entities([planted["strawman"]])
    chart.expand(planted["strawman"])
    chart.run_layout("grouped", wait=True)
    chart.act_link_labels.trigger()  # labels off: the grouping is the point here
    chart.view.fit()
    shot("chart_grouped_by_type")

    chart.act_link_labels.trigger()
    chart.run_layout("hierarchical", wait=True)
    chart.view.fit()
    shot("chart_hierarchical")

    pdf = tmp / "schema.pdf"
    chart.run_layout("force", wait=True)
    win.export_chart(pdf)
    for _ in range(300):
        settle(0.1)
        if pdf.exists() and pdf.stat().st_size > 0:
            break
    settle(1.0)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(out / "export_pdf_page")],
                   check=True)
    print(out / "export_pdf_page.png")
    win.chart.undo.setClean()
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
