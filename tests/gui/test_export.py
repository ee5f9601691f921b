"""Chart export: PNG/SVG/PDF at print resolution, HTML offline, marking and audit."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage


# -- export -----------------------------------------------------------------------------------------------
def _chart_with_hotspot(window: Any, planted: dict[str, Any]) -> None:
    window.chart.add_entities([planted["hotspot_address"]])
    window.chart.expand(planted["hotspot_address"])
    window.chart.run_layout("force", wait=True)


def test_export_png_svg_pdf_at_print_resolution_with_marking_and_audit(qtbot: Any, window: Any, planted: dict[str, Any],
                                                                       tmp_path: Path) -> None:
    _chart_with_hotspot(window, planted)
    store = window.session.store
    for fmt in ("png", "svg", "pdf"):
        with qtbot.waitSignal(window.exported, timeout=20000) as done:
            window.export_chart(tmp_path / f"chart.{fmt}")  # written by a worker
        assert done.args[0]["count"] == 29
    image = QImage(str(tmp_path / "chart.png"))
    assert (image.width(), image.height()) == (3508, 2480)  # A4 at 300 dpi
    assert round(image.dotsPerMeterX() * 0.0254) == 300
    ink = QColor("#111111").rgb()
    top_band = {image.pixel(x, y) for x in range(1200, 2300, 2) for y in range(10, 110, 2)}
    assert ink in top_band  # the classification marking
    assert not [p for p in top_band if QColor(p).red() > 150 and QColor(p).green() < 90]  # red means red flag only
    orange = QColor(store.schema.entities["Company"].color)
    columns = {x // 1170 for x in range(0, 3508, 9) for y in range(200, 2300, 9)
               if QColor(image.pixel(x, y)).name() == orange.name()}
    assert columns == {0, 1, 2}  # companies all around the address: the whole chart fits the page
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert "CLASSIFICATION: OPEN" in svg
    for text in ("Legend", "Company", "Address", "current relation"):  # the legend goes into every export
        assert text in svg
    assert (tmp_path / "chart.pdf").read_bytes().startswith(b"%PDF")
    exports = [json.loads(e.details) for e in store.audit_entries() if e.action == "export"]
    assert [e["format"] for e in exports] == ["png", "svg", "pdf"]


def test_export_carries_the_highest_label_shown(qtbot: Any, window: Any, tmp_path: Path) -> None:
    from graph.model import Entity

    store = window.session.store
    stats = store.upsert_entities([Entity(type="Person", properties={"name": "Vertrouwelijke Persoon"},
                                          label="confidential")])
    window.chart.add_entities(stats.ids)
    window.chart.chart_name = "Bron X"
    with qtbot.waitSignal(window.exported, timeout=20000) as done:
        window.export_chart(tmp_path / "chart.svg")
    assert done.args[0]["marking"] == "confidential"
    assert "CLASSIFICATION: CONFIDENTIAL" in (tmp_path / "chart.svg").read_text(encoding="utf-8")
    exported = [json.loads(e.details) for e in store.audit_entries() if e.action == "export"]
    # which chart left: its name as its length, as a chart of confidential records is kept in that label's file
    assert exported[-1]["chart"] == "<6 characters, confidential>" and exported[-1]["marking"] == "confidential"


def test_a_chart_with_police_and_tax_data_is_marked_with_both(qtbot: Any, window: Any, tmp_path: Path) -> None:
    """Police data (Wpg) and tax secrecy are separate regimes, neither above the other: a page showing both
    names both, top and bottom, in the audit entry and in the window title (it named the tax one only)."""
    from graph.model import Entity

    store = window.session.store
    stats = store.upsert_entities([
        Entity(type="Person", properties={"name": "Politie Persoon"}, label="police-wpg"),
        Entity(type="Person", properties={"name": "Fiscus Persoon"}, label="fiod/tax"),
        Entity(type="Person", properties={"name": "Vertrouwelijk Persoon"}, label="confidential")])
    window.session.store.set_setting("classification", "confidential")
    window.chart.add_entities(stats.ids)
    with qtbot.waitSignal(window.exported, timeout=20000) as done:
        window.export_chart(tmp_path / "chart.svg")
    assert done.args[0]["marking"] == "police-wpg+fiod/tax"
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert svg.count("CLASSIFICATION: POLICE DATA (WPG) + FIOD / TAX SECRECY") >= 2  # top and bottom bands
    window._update_title()
    assert window.windowTitle().endswith("CLASSIFICATION: POLICE DATA (WPG) + FIOD / TAX SECRECY")


def _need_chromium() -> None:
    from tests.gui.chromium import chromium_binary
    if chromium_binary() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is not installed (apt-get install -y chromium)")
        pytest.skip("chromium is not installed; CI installs it")


def test_exported_html_opens_in_chromium_offline_and_shows_the_nodes(qtbot: Any, window: Any, planted: dict[str, Any],
                                                                      tmp_path: Path, screenshot_dir: Path) -> None:
    _need_chromium()
    from tests.gui.chromium import outside_requests, visit

    _chart_with_hotspot(window, planted)
    target = tmp_path / "chart.html"
    with qtbot.waitSignal(window.exported, timeout=20000) as done:
        window.export_chart(target)
    assert done.args[0]["format"] == "html"
    page = target.read_text(encoding="utf-8")
    assert "CLASSIFICATION: OPEN" in page
    result = visit(target.as_uri(), wait_js="document.body.dataset.rendered")
    assert result.requests and result.requests[0] == target.as_uri()
    assert outside_requests(result.requests) == []
    assert result.rendered == "29"  # vis-network drew all nodes
    (screenshot_dir / "export_html_chromium.png").write_bytes(result.screenshot)
    shot = QImage.fromData(result.screenshot)
    orange = QColor(window.session.store.schema.entities["Company"].color).name()
    assert sum(QColor(shot.pixel(x, y)).name() == orange for x in range(0, shot.width(), 3)
               for y in range(0, shot.height(), 3)) > 50  # the company nodes are on screen


def test_the_offline_check_catches_a_page_that_reaches_out(tmp_path: Path) -> None:
    _need_chromium()
    from tests.gui.chromium import outside_requests, visit

    page = tmp_path / "cdn.html"
    page.write_text('<html><body><script src="http://127.0.0.1:9/vis-network.min.js"></script>'
                    '<script>document.body.dataset.rendered = "1"</script></body></html>', encoding="utf-8")
    result = visit(page.as_uri(), wait_js="document.body.dataset.rendered")
    assert outside_requests(result.requests) == ["http://127.0.0.1:9/vis-network.min.js"]


def test_html_export_has_type_icons_restricted_marker_small_arrows_legend_and_language(
        qtbot: Any, window: Any, planted: dict[str, Any], tmp_path: Path) -> None:
    from graph.model import Entity, Relation

    store = window.session.store
    secret = store.upsert_entities([Entity(type="Person", properties={"name": "Geheime Getuige"},
                                           label="police-wpg")]).ids[0]
    store.upsert_relations([Relation(type="associate_of", source_id=secret, target_id=planted["strawman"],
                                     valid_from="2018-01-01", valid_to="2019-01-01")])
    window.chart.add_entities([planted["strawman"], secret])
    target = tmp_path / "chart.html"
    with qtbot.waitSignal(window.exported, timeout=20000):
        window.export_chart(target)
    page = target.read_text(encoding="utf-8")
    assert '<html lang="en">' in page  # the interface language, not always nl
    data = json.loads(page.split("const data = ", 1)[1].split(";\n", 1)[0].replace("<\\/", "</"))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert all(n["shape"] == "image" and n["image"].startswith("data:image/png;base64,") for n in nodes.values())
    assert nodes[secret]["image"] != nodes[planted["strawman"]]["image"]  # the padlock is drawn on the icon
    assert all(e["arrows"]["to"]["scaleFactor"] < 1 for e in data["edges"])  # no oversized arrow heads
    assert any(e["dashes"] for e in data["edges"])  # the ended relation
    assert data["options"]["physics"]["enabled"] is False and "barnesHut" in data["options"]["physics"]
    assert "id='legend'" in page and "ended relation (dashed)" in page and "restricted label" in page
    assert "CLASSIFICATION: POLICE DATA (WPG)" in page
    assert "https://" not in page.split("<script>", 1)[0]  # nothing fetched from a CDN


def test_export_is_marked_with_the_project_classification_top_and_bottom(qtbot: Any, window: Any,
                                                                          planted: dict[str, Any],
                                                                          tmp_path: Path) -> None:
    """Open records only, but the project is set to `confidential`: the marking says so, in the band at the
    top AND the band at the bottom of the page (a printed page torn in two keeps its marking)."""
    from views.chart.export import MARKING_BAND, MARKING_INK

    window.session.store.set_setting("classification", "confidential")
    window.chart.add_entities([planted["hotspot_address"]])
    assert window.chart.scene.security_labels() <= {"open"}
    with qtbot.waitSignal(window.exported, timeout=20000) as done:
        window.export_chart(tmp_path / "chart.png")
    assert done.args[0]["marking"] == "confidential"
    image = QImage(str(tmp_path / "chart.png"))
    h = image.height()
    band = int(h * 0.05)
    for name, rows in (("top", range(4, band - 4, 2)), ("bottom", range(h - band + 4, h - 4, 2))):
        pixels = [image.pixel(x, y) for x in range(1000, 2500, 3) for y in rows]
        assert MARKING_INK.rgb() in pixels, name  # the marking text
        assert pixels.count(MARKING_BAND.rgb()) > len(pixels) // 2, name  # on the grey band
    middle = [image.pixel(x, h // 2) for x in range(0, image.width(), 7)]
    assert MARKING_BAND.rgb() not in middle[:5]  # the band is at the edges, not the whole page
    w, ink = image.width(), MARKING_INK.rgb()
    for name, rows in (("top", range(0, band)), ("bottom", range(h - band, h))):
        hits = [(x, y) for x in range(0, w, 2) for y in rows if image.pixel(x, y) == ink]
        xs, ys = [x for x, _ in hits], [y - rows[0] for _, y in hits]
        assert abs((min(xs) + max(xs)) / 2 - w / 2) < w * 0.02, name  # centred on the page
        assert band * 0.1 < min(ys) and max(ys) < band * 0.9, name  # whole letters, clear of the band's edges
    spill = [image.pixel(x, y) for x in range(0, w, 3) for y in (*range(band, band + band // 2, 2),
                                                                  *range(h - band - band // 2, h - band, 2))]
    assert ink not in spill  # the marking stays inside its bands: legible, not cut by the chart
    svg = tmp_path / "chart.svg"
    with qtbot.waitSignal(window.exported, timeout=20000):
        window.export_chart(svg)
    assert svg.read_text(encoding="utf-8").count("CLASSIFICATION: CONFIDENTIAL") >= 2  # top and bottom


def test_the_marking_is_named_in_the_interface_language(qtbot: Any) -> None:
    """In Dutch mode every label of the marking is Dutch, also when two compartments are named together."""
    from PySide6.QtWidgets import QApplication

    from views import i18n
    from views.chart.export import marking_text

    app = QApplication.instance()
    assert marking_text("police-wpg+fiod/tax") == "CLASSIFICATION: POLICE DATA (WPG) + FIOD / TAX SECRECY"
    assert i18n.install(app, "nl") == "nl"
    try:
        assert marking_text("open") == "RUBRICERING: OPEN"
        assert marking_text("confidential") == "RUBRICERING: VERTROUWELIJK"
        assert marking_text("police-wpg+fiod/tax") == ("RUBRICERING: POLITIEGEGEVENS (WPG) + "
                                                      "FIOD / FISCAAL GEHEIM")
        assert marking_text("geheim") == "RUBRICERING: GEHEIM"  # a hand-set classification, as it was set
    finally:
        i18n.install(app, "en")
