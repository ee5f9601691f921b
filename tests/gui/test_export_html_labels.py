"""Link labels in the exported HTML stay readable: parallel links and a busy hub.

The page is opened in headless Chromium and vis-network's own label boxes (where it drew each
link's text, in chart coordinates) are read back: no two overlap, and none covers an entity's
icon. Five links between the same person and company (one of them the other way round) and an
address with 28 companies around it are the cases that used to pile up.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from .test_export import _need_chromium

Box = tuple[float, float, float, float]
LABEL_BOXES_JS = ("Object.values(network.body.edges).filter(e => e.options.label).map(e => {"
                  "const s = e.labelModule.size; return [e.id, s.left, s.top, s.left + s.width, s.top + s.height];})")
NODE_BOXES_JS = ("Object.values(network.body.nodes).map(n => [n.id, n.x - n.shape.width / 2, n.y - n.shape.height / 2,"
                 " n.x + n.shape.width / 2, n.y + n.shape.height / 2])")


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _wheel(chart: Any, hub: str, centre: tuple[float, float], radius: float) -> None:
    """The hub at centre and its neighbours on a circle, by name: the same picture every run."""
    import math

    scene = chart.scene
    around = sorted({e.source.entity_id if e.target.entity_id == hub else e.target.entity_id
                     for e in scene.edges.values() if hub in (e.source.entity_id, e.target.entity_id)},
                    key=lambda n: scene.nodes[n].caption)
    scene.nodes[hub].setPos(*centre)
    for k, node in enumerate(around):
        angle = 2 * math.pi * k / len(around)
        scene.nodes[node].setPos(centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle))


def _busy_chart(window: Any, planted: dict[str, Any]) -> int:
    """The hotspot address with its 28 companies, and the straw man with five more links to one of his
    companies (one the other way round); returns how many links join that pair."""
    from graph.model import Relation

    store = window.session.store
    strawman, company = planted["strawman"], planted["strawman_companies"][0]
    store.upsert_relations([Relation(type=t, source_id=strawman, target_id=company, valid_from="2021-03-01")
                            for t in ("owner_of", "shareholder_of", "ubo_of", "employed_by")]
                           + [Relation(type="associate_of", source_id=company, target_id=strawman)])
    chart = window.chart
    chart.add_entities([planted["hotspot_address"], strawman])
    chart.expand(planted["hotspot_address"])
    chart.expand(strawman)
    _wheel(chart, planted["hotspot_address"], (0.0, 0.0), 300.0)
    _wheel(chart, strawman, (900.0, 0.0), 230.0)
    return sum(1 for e in chart.scene.edges.values() if {e.source.entity_id, e.target.entity_id} == {strawman, company})


def _export(qtbot: Any, window: Any, target: Path) -> Path:
    with qtbot.waitSignal(window.exported, timeout=30000):
        window.export_chart(target)
    return target


def _visit(page: Path) -> tuple[dict[str, Box], dict[str, Box], bytes]:
    """(link text boxes, entity icon boxes) as vis-network drew them in Chromium, and the screenshot."""
    from tests.gui.chromium import visit

    result = visit(page.as_uri(), wait_js=f"document.body.dataset.rendered && JSON.stringify([{LABEL_BOXES_JS}, "
                                          f"{NODE_BOXES_JS}])")
    labels, icons = json.loads(result.rendered or "[[], []]")
    return {r[0]: tuple(r[1:]) for r in labels}, {r[0]: tuple(r[1:]) for r in icons}, result.screenshot


def _clashes(boxes: dict[str, Box]) -> list[tuple[str, str]]:
    return [(a, b) for (a, ra), (b, rb) in combinations(boxes.items(), 2) if _overlap(ra, rb) > 1]


def test_link_labels_keep_clear_of_each_other_and_of_icons(qtbot: Any, window: Any, planted: dict[str, Any],
                                                           tmp_path: Path, screenshot_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _need_chromium()
    from views.chart import html_links

    twins = _busy_chart(window, planted)
    company = planted["strawman_companies"][0]
    labels, icons, shot = _visit(_export(qtbot, window, tmp_path / "chart.html"))
    (screenshot_dir / "export_html_labels.png").write_bytes(shot)
    monkeypatch.setattr(html_links, "bends", lambda _n, edges, **_k: {e["id"]: html_links.STRAIGHT for e in edges})
    straight, _, _ = _visit(_export(qtbot, window, tmp_path / "straight.html"))
    assert len(labels) == len(straight) > 40
    before, after = _clashes(straight), _clashes(labels)
    assert len(before) >= 10, "the chart is not busy enough to show anything"
    assert len(after) * 8 <= len(before), f"{len(after)} overlapping pairs of link texts (straight: {len(before)})"
    covered = [(link, node) for link, box in labels.items() for node, icon in icons.items() if _overlap(box, icon) > 4]
    assert not covered, f"link texts over entity icons: {covered}"
    page = (tmp_path / "chart.html").read_text(encoding="utf-8")
    data = json.loads(page.split("const data = ", 1)[1].split(";\n", 1)[0].replace("<\\/", "</"))
    bends = [json.dumps(e["smooth"], sort_keys=True) + ("<" if e["from"] == company else ">")
             for e in data["edges"] if {e["from"], e["to"]} == {company, planted["strawman"]}]
    assert len(bends) == twins >= 6  # the demo's director_of and the five added
    assert sum('"enabled": false' in b for b in bends) <= 1 and len(set(bends)) == twins  # each its own curve
