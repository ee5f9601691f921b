"""Chart export: PNG/SVG/PDF at print resolution and a standalone interactive HTML file.

Every export carries the classification marking at top and bottom and is written to the
project's audit log. The HTML file is built with pyvis but rendered through our own
template with vis-network inlined from `views/assets/`: pyvis's stock template pulls
Bootstrap from a CDN, and no request may leave the machine.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPicture
from PySide6.QtSvg import QSvgGenerator

from graph.access.guarded import GuardedStore
from graph.store import Store
from views.chart.scene import ChartScene

ASSETS = Path(__file__).resolve().parent.parent / "assets"
DPI = 300
A4_LANDSCAPE_PX = (3508, 2480)  # A4 at 300 dpi
FORMATS = ("png", "svg", "pdf", "html")



def marking_text(label: str) -> str:
    """The marking line an export carries, e.g. `RUBRICERING: VERTROUWELIJK`."""
    names = {"open": QCoreApplication.translate("Export", "OPEN"),
             "confidential": QCoreApplication.translate("Export", "CONFIDENTIAL"),
             "police-wpg": QCoreApplication.translate("Export", "POLICE DATA (WPG)"),
             "fiod/tax": QCoreApplication.translate("Export", "FIOD / TAX SECRECY")}
    return QCoreApplication.translate("Export", "CLASSIFICATION: %1").replace("%1", names.get(label, label.upper()))


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
    picture = QPicture()
    picture.setBoundingRect(QRectF(0, 0, source.width(), source.height()).toAlignedRect())  # the device size
    painter = QPainter(picture)
    selected = scene.selectedItems()
    for item in selected:  # exports show the chart, not the analyst's selection
        item.setSelected(False)
    scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
    for item in selected:
        item.setSelected(True)
    painter.end()
    return picture, source


def _paint(painter: QPainter, target: QRectF, picture: QPicture, source: QRectF, marking: str, title: str) -> None:
    """Marking band top and bottom, title, and the recorded chart scaled into the space between."""
    band = max(target.height() * 0.05, 24.0)
    font = QFont("Sans Serif")
    font.setPixelSize(int(band * 0.5))
    font.setBold(True)
    painter.fillRect(target, QColor("white"))
    painter.setFont(font)
    painter.setPen(QColor("#b00020"))
    top = QRectF(target.left(), target.top(), target.width(), band)
    bottom = QRectF(target.left(), target.bottom() - band, target.width(), band)
    painter.drawText(top, Qt.AlignmentFlag.AlignCenter, marking)
    painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, marking)
    small = QFont("Sans Serif")
    small.setPixelSize(int(band * 0.32))
    painter.setFont(small)
    painter.setPen(QColor("#333333"))
    painter.drawText(top.adjusted(band * 0.3, 0, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     title)
    chart = QRectF(target.left(), target.top() + band, target.width(), target.height() - 2 * band)
    scale = min(chart.width() / source.width(), chart.height() / source.height())
    painter.save()
    painter.setClipRect(chart)
    painter.translate(chart.center().x() - source.width() * scale / 2, chart.center().y() - source.height() * scale / 2)
    # drawPicture rescales by the devices' DPI ratio (96 recorded, 300 on a print device): undo that.
    device = painter.device()
    dpi = picture.logicalDpiX() / device.logicalDpiX() if device is not None and device.logicalDpiX() else 1.0
    painter.scale(scale * dpi, scale * dpi)
    painter.drawPicture(0, 0, picture)
    painter.restore()


def export_image(picture: QPicture, source: QRectF, path: Path, fmt: str, *, marking: str, title: str) -> None:
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
        _paint(painter, QRectF(0, 0, w, h), picture, source, marking, title)
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
        _paint(painter, QRectF(0, 0, w, h), picture, source, marking, title)
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
        _paint(painter, QRectF(0, 0, area.width(), area.height()), picture, source, marking, title)
        painter.end()
    else:
        raise ValueError(f"unknown image format {fmt!r}")


def html_data(scene: ChartScene) -> dict[str, Any]:
    """What the HTML export needs, as plain data (taken on the UI thread, used in a worker)."""
    nodes = [{"id": node, "label": item.caption, "title": f"{item.attrs.get('caption') or node}\n{item.etype} · {node}",
              "color": (item.style_color or item.base_color).name(), "x": item.pos().x(), "y": item.pos().y(),
              "size": 12 * item.size_factor}
             for node, item in scene.nodes.items() if item.isVisible()]
    edges = [{"id": key, "from": e.source.entity_id, "to": e.target.entity_id, "label": e.text,
              "directed": e.directed} for key, e in scene.edges.items() if e.isVisible()]
    return {"nodes": nodes, "edges": edges}


def html_document(data: dict[str, Any], *, marking: str, title: str) -> str:
    """A standalone page: vis-network and its CSS inlined, nodes at their chart positions."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    for n in data["nodes"]:
        net.add_node(n["id"], label=n["label"], title=n["title"], color=n["color"], x=n["x"], y=n["y"],
                     size=n["size"], shape="dot", physics=False)
    for e in data["edges"]:
        net.add_edge(e["from"], e["to"], id=e["id"], label=e["label"], title=e["label"],
                     arrows="to" if e["directed"] else "", font={"size": 9, "color": "#444"})
    nodes, edges, *_ = net.get_network_data()
    options = {"physics": {"enabled": False}, "interaction": {"hover": True, "multiselect": True},
               "edges": {"smooth": {"type": "continuous"}, "color": {"color": "#7a7a7a"}, "font": {"align": "middle"}},
               "nodes": {"font": {"size": 11}}}
    js = (ASSETS / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = (ASSETS / "vis-network.css").read_text(encoding="utf-8")
    mark = html.escape(marking)
    payload = json.dumps({"nodes": nodes, "edges": edges, "options": options}, ensure_ascii=False)
    payload = payload.replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{html.escape(title)} — {mark}</title>
<style>{css}</style>
<style>html,body{{margin:0;height:100%;font-family:sans-serif}}
.marking{{background:#fff;color:#b00020;font-weight:bold;text-align:center;padding:4px;border:1px solid #b00020}}
#chart{{position:absolute;top:32px;bottom:32px;left:0;right:0}}
#bottom{{position:absolute;bottom:0;left:0;right:0}}</style>
</head><body>
<div class="marking" id="top">{mark} — {html.escape(title)}</div>
<div id="chart"></div>
<div class="marking" id="bottom">{mark}</div>
<script>{js}</script>
<script>
const data = {payload};
const container = document.getElementById("chart");
const network = new vis.Network(container,
  {{nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}}, data.options);
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

    def run(self, progress: Any = None) -> dict[str, Any]:
        """Write the file (mode 600, atomically); any thread. The audit entry follows in `record`."""
        from graph.exportfile import write_private

        def write(tmp: Path) -> None:
            if self.fmt == "html":
                tmp.write_text(html_document(self.data or {"nodes": [], "edges": []}, marking=self.marking,
                                             title=self.title), encoding="utf-8")
            else:
                assert self.picture is not None and self.source is not None
                export_image(self.picture, self.source, tmp, self.fmt, marking=self.marking, title=self.title)
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
    job = ExportJob(path, fmt, marking_text(marking_label), title, details)
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
