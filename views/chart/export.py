"""Chart export: PNG/SVG/PDF at print resolution and a standalone interactive HTML file.

Every export carries the classification marking at top and bottom and the chart's legend,
and is written to the project's audit log. The marking is black on a grey band: on the
chart red means a red flag only.

The HTML file: pyvis builds the nodes, edges and vis-network options (its Barnes–Hut
physics settings, off at first so the chart keeps the analyst's layout, switchable on the
page), with per-type icons as data: images; the page itself is our template with
vis-network inlined from `views/assets/`, because pyvis's stock template pulls Bootstrap
and vis-network from a CDN and no request may leave the machine (its template engine
cannot take the inlined script and marking we need either).
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen, QPicture
from PySide6.QtSvg import QSvgGenerator

from graph.access.guarded import GuardedStore
from graph.store import Store
from views.chart import html_links, legend
from views.chart.items import FLAG_RED, draw_padlock, relation_ended
from views.chart.scene import ChartScene
from views.icons import icon_path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
DPI = 300
A4_LANDSCAPE_PX = (3508, 2480)  # A4 at 300 dpi
FORMATS = ("png", "svg", "pdf", "html")
MARKING_INK = QColor("#111111")
MARKING_BAND = QColor("#e6e6e6")


def marking_text(label: str) -> str:
    """The marking line an export carries, e.g. `RUBRICERING: VERTROUWELIJK`; labels joined by `+`
    (`police-wpg+fiod/tax`) are all named."""
    names = {"open": QCoreApplication.translate("Export", "OPEN"),
             "confidential": QCoreApplication.translate("Export", "CONFIDENTIAL"),
             "police-wpg": QCoreApplication.translate("Export", "POLICE DATA (WPG)"),
             "fiod/tax": QCoreApplication.translate("Export", "FIOD / TAX SECRECY")}
    named = " + ".join(names.get(part, part.upper()) for part in label.split("+"))
    return QCoreApplication.translate("Export", "CLASSIFICATION: %1").replace("%1", named)


def _source_rect(scene: ChartScene) -> QRectF:
    rect = QRectF()
    for item in scene.items():
        if item.isVisible():
            rect = rect.united(item.sceneBoundingRect())
    if rect.isNull():
        rect = QRectF(-100, -100, 200, 200)
    return rect.adjusted(-40, -40, 40, 40)


def capture(scene: ChartScene) -> tuple[QPicture, QRectF]:
    """Record the chart as vector drawing commands (UI thread, fast); replayed at any scale later."""
    source = _source_rect(scene)
    page_scale = min(A4_LANDSCAPE_PX[0] / max(source.width(), 1.0), A4_LANDSCAPE_PX[1] / max(source.height(), 1.0))
    caption_scale = min(2.5, max(1.0, 29 / (11 * page_scale)))  # a wide chart shrinks: print captions at ~7 pt
    margin = 90 * (caption_scale - 1)  # the larger captions reach past the nodes' bounds
    source = source.adjusted(-margin, -margin / 3, margin, margin / 3)
    picture = QPicture()
    picture.setBoundingRect(QRectF(0, 0, source.width(), source.height()).toAlignedRect())  # the device size
    painter = QPainter(picture)
    selected = scene.selectedItems()
    for item in selected:  # exports show the chart, not the analyst's selection
        item.setSelected(False)
    scene.caption_scale = caption_scale
    try:
        scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
    finally:
        scene.caption_scale = 1.0
    for item in selected:
        item.setSelected(True)
    painter.end()
    return picture, source


def _paint_marking(painter: QPainter, target: QRectF, marking: str) -> QRectF:
    """The marking in a band across the top and the bottom of the page (what must survive any crop or
    print of part of it); returns the top band, where the title goes."""
    band = max(target.height() * 0.05, 24.0)
    font = QFont("Sans Serif")
    font.setPixelSize(int(band * 0.5))
    font.setBold(True)
    painter.setFont(font)
    top = QRectF(target.left(), target.top(), target.width(), band)
    bottom = QRectF(target.left(), target.bottom() - band, target.width(), band)
    painter.fillRect(top, MARKING_BAND)
    painter.fillRect(bottom, MARKING_BAND)
    painter.setPen(MARKING_INK)
    painter.drawText(top, Qt.AlignmentFlag.AlignCenter, marking)
    painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, marking)
    return top


def _paint(painter: QPainter, target: QRectF, picture: QPicture, source: QRectF, marking: str, title: str,
           legend_rows: list[legend.Entry] | None = None) -> None:
    """Marking band top and bottom, title, the recorded chart scaled into the space between, the legend."""
    painter.fillRect(target, QColor("white"))
    top = _paint_marking(painter, target, marking)
    band = top.height()
    small = QFont("Sans Serif")
    small.setPixelSize(int(band * 0.32))
    painter.setFont(small)
    painter.setPen(QColor("#333333"))
    painter.drawText(top.adjusted(band * 0.3, 0, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     title)
    chart = QRectF(target.left(), target.top() + band, target.width(), target.height() - 2 * band)
    legend_scale = band / 40
    legend_size = legend.size(legend_rows, legend_scale) if legend_rows else (0.0, 0.0)
    drawn, legend_at = place_on_page(chart, source, legend_size, band * 0.3)
    scale = drawn.width() / source.width()
    painter.save()
    painter.setClipRect(chart)
    painter.translate(drawn.left(), drawn.top())
    # drawPicture rescales by the devices' DPI ratio (96 recorded, 300 on a print device): undo that.
    device = painter.device()
    dpi = picture.logicalDpiX() / device.logicalDpiX() if device is not None and device.logicalDpiX() else 1.0
    painter.scale(scale * dpi, scale * dpi)
    painter.drawPicture(0, 0, picture)
    painter.restore()
    if legend_rows:
        legend.paint(painter, legend_at, legend_rows, legend_scale)


def place_on_page(chart: QRectF, source: QRectF, legend_size: tuple[float, float],
                  pad: float) -> tuple[QRectF, QPointF]:
    """Where the chart and the legend go on the page: side by side or one above the other, whichever
    prints the chart larger. The legend used to lie over the chart's bottom left and hid the names there."""
    lw, lh = legend_size
    at = QPointF(chart.left() + pad, chart.bottom() - lh - pad)
    beside, below = chart.adjusted(lw + 2 * pad, 0, 0, 0), chart.adjusted(0, 0, 0, -(lh + 2 * pad))
    spaces = [beside, below] if lw else [chart]
    best = max(spaces, key=lambda r: min(r.width() / source.width(), r.height() / source.height()))
    scale = min(best.width() / source.width(), best.height() / source.height())
    w, h = source.width() * scale, source.height() * scale
    return QRectF(best.center().x() - w / 2, best.center().y() - h / 2, w, h), at


def export_image(picture: QPicture, source: QRectF, path: Path, fmt: str, *, marking: str, title: str,
                 legend_rows: list[legend.Entry] | None = None) -> None:
    """Replay a captured chart into a PNG, SVG or PDF at 300 dpi (any thread: no widgets involved)."""
    landscape = source.width() >= source.height()
    w, h = A4_LANDSCAPE_PX if landscape else A4_LANDSCAPE_PX[::-1]
    if fmt == "png":
        image = QImage(w, h, QImage.Format.Format_ARGB32)
        image.setDotsPerMeterX(round(DPI / 0.0254))
        image.setDotsPerMeterY(round(DPI / 0.0254))
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        _paint(painter, QRectF(0, 0, w, h), picture, source, marking, title, legend_rows)
        painter.end()
        if not image.save(str(path)):  # format from the .png suffix
            raise OSError(f"{path}: could not write PNG")
    elif fmt == "svg":
        gen = QSvgGenerator()
        gen.setFileName(str(path))
        gen.setSize(QSize(w, h))
        gen.setViewBox(QRectF(0, 0, w, h))
        gen.setResolution(DPI)
        gen.setTitle(title)
        gen.setDescription(marking)
        painter = QPainter(gen)
        _paint(painter, QRectF(0, 0, w, h), picture, source, marking, title, legend_rows)
        painter.end()
    elif fmt == "pdf":
        writer = QPdfWriter(str(path))
        writer.setResolution(DPI)
        writer.setTitle(f"{title} — {marking}")
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                         QPageLayout.Orientation.Landscape if landscape
                                         else QPageLayout.Orientation.Portrait, QMarginsF(10, 10, 10, 10)))
        painter = QPainter(writer)
        area = writer.pageLayout().paintRectPixels(DPI)
        _paint(painter, QRectF(0, 0, area.width(), area.height()), picture, source, marking, title, legend_rows)
        painter.end()
    else:
        raise ValueError(f"unknown image format {fmt!r}")


def _node_image(fill: str, ring: str | None, icon: str, restricted: bool, flagged: bool) -> str:
    """A node as the chart draws it (type colour, glyph, padlock, red-flag halo) as a data: PNG."""
    size = 96
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    centre, r = QPointF(size / 2, size / 2), size * 0.36
    if flagged:
        painter.setPen(QPen(FLAG_RED, size * 0.07))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, r + size * 0.07, r + size * 0.07)
    painter.setPen(QPen(QColor(fill).darker(150), 2))
    painter.setBrush(QColor(fill))
    painter.drawEllipse(centre, r, r)
    if ring:
        painter.setPen(QPen(QColor(ring), size * 0.06))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, r - size * 0.05, r - size * 0.05)
    if icon:
        painter.save()
        painter.translate(centre)
        painter.scale(r * 0.62, r * 0.62)
        painter.setPen(QPen(QColor("white"), 0))
        painter.setBrush(QColor("white"))
        painter.drawPath(icon_path(icon))
        painter.restore()
    if restricted:
        draw_padlock(painter, QPointF(centre.x() + r * 0.8, centre.y() - r * 0.75), r * 0.42)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes, the binding wants str
    return "data:image/png;base64," + base64.b64encode(bytes(data.data())).decode("ascii")


def html_data(scene: ChartScene) -> dict[str, Any]:
    """What the HTML export needs, as plain data (taken on the UI thread, used in a worker)."""
    images: dict[tuple[str, str | None, str, bool, bool], str] = {}
    nodes = []
    for node, item in scene.nodes.items():
        if not item.isVisible():
            continue
        fill = (item.style_color or item.base_color).name()
        key = (fill, item.base_color.name() if item.style_color else None, item.icon, item.security_label != "open",
               item.flagged)
        if key not in images:
            images[key] = _node_image(*key)
        spec = scene.schema.entities.get(item.etype)
        nodes.append({"id": node, "label": item.caption, "image": images[key],
                      "title": f"{item.attrs.get('caption') or node}\n{spec.title(scene.lang) if spec else item.etype}"
                               f" · {node}", "x": item.pos().x(), "y": item.pos().y(), "size": 14 * item.size_factor})
    edges = [{"id": key, "from": e.source.entity_id, "to": e.target.entity_id, "label": "\n".join(e.lines),
              "title": e.toolTip(), "directed": e.directed, "dashed": relation_ended(e.attrs), "offset": e.offset}
             for key, e in scene.edges.items() if e.isVisible()]
    return {"nodes": nodes, "edges": edges, "lang": scene.lang, "legend": legend.entries(scene),
            "show_labels": scene.show_link_labels,
            "physics_label": QCoreApplication.translate("Export", "Let the layout move (physics)")}


def html_document(data: dict[str, Any], *, marking: str, title: str) -> str:
    """A standalone page: vis-network and its CSS inlined, nodes at their chart positions, legend and marking."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    for n in data["nodes"]:
        net.add_node(n["id"], label=n["label"], title=n["title"], x=n["x"], y=n["y"], size=n["size"],
                     shape="image", image=n["image"], physics=True)
    show_labels = data.get("show_labels", True)
    smooth = html_links.bends(data["nodes"], data["edges"], show_labels=show_labels)  # texts off each other
    for e in data["edges"]:
        net.add_edge(e["from"], e["to"], id=e["id"], label=e["label"] if show_labels else "",
                     title=e["title"], dashes=e["dashed"], smooth=smooth[e["id"]],
                     arrows={"to": {"enabled": bool(e["directed"]), "scaleFactor": 0.45}})
    net.barnes_hut(gravity=-6000, spring_length=120, overlap=0.4)  # used when the reader switches physics on
    net.toggle_physics(False)  # start from the analyst's layout
    options = json.loads(net.options.to_json())
    options["interaction"] = {**options.get("interaction", {}), "hover": True, "multiselect": True}
    options["edges"] = {**options.get("edges", {}), "color": {"color": "#6b6b6b", "inherit": False},
                        "font": {"align": "horizontal", "size": 9, "color": "#303030", "background": "white"},
                        "width": 1.2}
    # names on a light card: a link's text at the middle of its line ran through a company's name
    options["nodes"] = {"font": {"size": 11, "color": "#202020", "background": "rgba(255,255,255,0.85)"},
                        "shapeProperties": {"interpolation": False}}
    nodes, edges, *_ = net.get_network_data()
    js = (ASSETS / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = (ASSETS / "vis-network.css").read_text(encoding="utf-8")
    mark = html.escape(marking)
    payload = json.dumps({"nodes": nodes, "edges": edges, "options": options}, ensure_ascii=False)
    payload = payload.replace("</", "<\\/")
    lang = html.escape(data.get("lang", "nl"))
    physics = html.escape(data.get("physics_label", "physics"))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{html.escape(title)} — {mark}</title>
<style>{css}</style>
<style>html,body{{margin:0;height:100%;font-family:sans-serif}}
.marking{{background:#e6e6e6;color:#111;font-weight:bold;text-align:center;padding:4px}}
#chart{{position:absolute;top:32px;bottom:32px;left:0;right:0}}
#bottom{{position:absolute;bottom:0;left:0;right:0}}
#legend{{position:absolute;left:8px;bottom:40px;background:rgba(255,255,255,.93);border:1px solid #9a9a9a;
 border-radius:4px;padding:6px 10px;font-size:12px;line-height:18px}}
#legend .sym{{display:inline-block;width:30px;text-align:center;vertical-align:middle}}
#physics{{position:absolute;right:8px;top:38px;font-size:12px;background:#fff}}</style>
</head><body>
<div class="marking" id="top">{mark} — {html.escape(title)}</div>
<div id="chart"></div>
{legend.html(data.get("legend", []))}
<label id="physics"><input type="checkbox" id="physics-on"> {physics}</label>
<div class="marking" id="bottom">{mark}</div>
<script>{js}</script>
<script>
const data = {payload};
const container = document.getElementById("chart");
const network = new vis.Network(container,
  {{nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}}, data.options);
document.getElementById("physics-on").addEventListener("change",
  (ev) => network.setOptions({{physics: {{enabled: ev.target.checked}}}}));
network.once("afterDrawing", () => {{ document.body.dataset.rendered = String(data.nodes.length); }});
window.knooppuntNodes = data.nodes.map(n => n.label);
</script>
</body></html>
"""


@dataclass
class ExportJob:
    """An audited export, captured on the UI thread; `run()` writes the file in any thread."""

    path: Path
    fmt: str
    marking: str
    title: str
    details: dict[str, Any]
    picture: QPicture | None = None
    source: QRectF | None = None
    data: dict[str, Any] | None = None
    legend_rows: list[legend.Entry] = field(default_factory=list)

    def run(self, progress: Any = None) -> dict[str, Any]:
        """Write the file (mode 600, atomically); any thread. The audit entry follows in `record`."""
        from graph.exportfile import write_private

        def write(tmp: Path) -> None:
            if self.fmt == "html":
                tmp.write_text(html_document(self.data or {"nodes": [], "edges": []}, marking=self.marking,
                                             title=self.title), encoding="utf-8")
            else:
                assert self.picture is not None and self.source is not None
                export_image(self.picture, self.source, tmp, self.fmt, marking=self.marking, title=self.title,
                             legend_rows=self.legend_rows)
        write_private(self.path, write)
        return self.details

    def record(self, store: Store) -> None:
        """Audit the export once the file is there (UI thread: the store's connection lives there).

        When the audit entry cannot be written the file is removed: only what was written is
        audited, and nothing is written unaudited.
        """
        count = int(self.details["count"])
        details = {k: v for k, v in self.details.items() if k not in ("target", "count")}
        try:
            if isinstance(store, GuardedStore):  # checks the export permission again, then audits
                store.record_export(str(self.path), count, **details)
            else:
                store.audit("export", target=str(self.path), count=count, **details)
        except BaseException:
            self.path.unlink(missing_ok=True)
            raise


def prepare_export(store: Store, scene: ChartScene, path: Path, *, marking_label: str, title: str,
                   chart_name: str | None = None) -> ExportJob:
    """Check the export right (refused for a member without it) and capture the chart.

    Nothing is audited yet: `ExportJob.run` writes the file, `ExportJob.record` audits it.
    """
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{path}: choose .png, .svg, .pdf or .html")
    if isinstance(store, GuardedStore):  # the right is checked before anything is written
        store.require("export")
    count = sum(1 for i in scene.nodes.values() if i.isVisible())
    details: dict[str, Any] = {"format": fmt, "chart": chart_name, "marking": marking_label,
                               "edges": sum(1 for e in scene.edges.values() if e.isVisible()),
                               "target": str(path), "count": count}
    job = ExportJob(path, fmt, marking_text(marking_label), title, details, legend_rows=legend.entries(scene))
    if fmt == "html":
        job.data = html_data(scene)
    else:
        job.picture, job.source = capture(scene)
    return job


def export_chart(store: Store, scene: ChartScene, path: Path, *, marking_label: str, title: str,
                 chart_name: str | None = None) -> dict[str, Any]:
    """Write and then audit an export in one go (scripts, benchmarks); the GUI runs `ExportJob.run`
    in a worker and `ExportJob.record` when it is done."""
    job = prepare_export(store, scene, path, marking_label=marking_label, title=title, chart_name=chart_name)
    details = job.run()
    job.record(store)
    return details


def image_size(path: Path) -> QSizeF:
    image = QImage(str(path))
    return QSizeF(image.width(), image.height())
