"""GEXF 1.3 for Gephi: typed attributes, validity periods as edge/node intervals, chart colours and positions.

Written with our own lxml code, not networkx (whose 1.3 writer produces invalid files; see
`shared/formats/exchange-formats.md` (c)). `mode="dynamic"`, `timeformat="date"`: a
relation's validity becomes the edge's `start`/`end` (inclusive, an open bound left out)
so Gephi's timeline works; a company's registration/end date the node's. Parallel
relations keep their own ids and share a `kind` (the relation type). Undirected relation
types get `type="mutual"` per edge (networkx's reader refuses `undirected` edges in a
directed graph). The marking is an XML comment and the `meta` description; the
classification as data is the `keywords` of `meta`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from lxml import etree

from graph.exchange.common import (
    META,
    ExchangeGraph,
    ImportReport,
    Incoming,
    attribute_type,
    meta_attrs,
    safe_xml_parser,
    xml_text,
)
from graph.exchange.graphml import build_record, edge_kind, oriented
from graph.schema import Schema

NS = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
_LIFETIME = {"Company": ("registration_date", "end_date")}


def _gexf_type(schema_type: str, multi: bool) -> str:
    base = {"double": "double", "boolean": "boolean"}.get(attribute_type(schema_type), "string")
    return "liststring" if multi and base == "string" else base


def _attributes(graph: ExchangeGraph) -> dict[tuple[str, str], tuple[str, str]]:
    """(class, name) -> (attribute id, GEXF type)."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for cls in ("node", "edge"):
        for name in META:
            out[(cls, name)] = (name, "integer" if name == "kn_credibility" else "string")
    for e in graph.entities:
        specs = graph.schema.entity_type(e.type).properties
        for name in e.properties:
            out.setdefault(("node", name), (name, _gexf_type(specs[name].type, specs[name].multi)))
    for r in graph.relations:
        specs = graph.schema.relation_type(r.type).properties
        for name in r.properties:
            out.setdefault(("edge", name), (name, _gexf_type(specs[name].type, specs[name].multi)))
    return out


def _gexf_value(value: Any, kind: str) -> str:
    if kind == "liststring":
        items = value if isinstance(value, list) else [value]
        return "[" + ", ".join(xml_text(v).replace(",", "\\,") for v in items) + "]"
    return xml_text(value)


def _rgb(colour: str) -> dict[str, str]:
    c = colour.lstrip("#")
    return {"r": str(int(c[0:2], 16)), "g": str(int(c[2:4], 16)), "b": str(int(c[4:6], 16))}


def write_gexf(graph: ExchangeGraph, path: Path) -> None:
    attrs = _attributes(graph)
    root = etree.Element(f"{{{NS}}}gexf", nsmap={None: NS, "viz": VIZ}, version="1.3")
    root.addprevious(etree.Comment(f" {graph.marking} "))
    meta = etree.SubElement(root, f"{{{NS}}}meta", lastmodifieddate=dt.date.today().isoformat())
    etree.SubElement(meta, f"{{{NS}}}creator").text = "Knooppunt"
    etree.SubElement(meta, f"{{{NS}}}keywords").text = f"classification={graph.classification}"
    etree.SubElement(meta, f"{{{NS}}}description").text = (
        graph.marking + (f" -- grafiek {graph.chart}" if graph.chart else ""))
    g = etree.SubElement(root, f"{{{NS}}}graph", mode="dynamic", defaultedgetype="directed", timeformat="date",
                         timerepresentation="interval")
    for cls in ("node", "edge"):
        block = etree.SubElement(g, f"{{{NS}}}attributes", {"class": cls, "mode": "static"})
        for (c, name), (attr_id, kind) in attrs.items():
            if c == cls:
                etree.SubElement(block, f"{{{NS}}}attribute", id=attr_id, title=name, type=kind)

    def values(parent: Any, cls: str, items: dict[str, Any]) -> None:
        box = etree.SubElement(parent, f"{{{NS}}}attvalues")
        for name, value in items.items():
            attr_id, kind = attrs[(cls, name)]
            etree.SubElement(box, f"{{{NS}}}attvalue", {"for": attr_id, "value": _gexf_value(value, kind)})

    nodes = etree.SubElement(g, f"{{{NS}}}nodes")
    for e in graph.entities:
        node = etree.SubElement(nodes, f"{{{NS}}}node", id=e.id, label=xml_text(e.caption))
        start_prop, end_prop = _LIFETIME.get(e.type, (None, None))
        if start_prop and e.properties.get(start_prop):
            node.set("start", str(e.properties[start_prop]))
        if end_prop and e.properties.get(end_prop):
            node.set("end", str(e.properties[end_prop]))
        values(node, "node", {**meta_attrs(e), **e.properties})
        colour = graph.colours.get(e.id, graph.schema.entity_type(e.type).color)
        etree.SubElement(node, f"{{{VIZ}}}color", _rgb(colour))
        if e.id in graph.positions:
            x, y = graph.positions[e.id]
            etree.SubElement(node, f"{{{VIZ}}}position", x=f"{x:.1f}", y=f"{y:.1f}")
    edges = etree.SubElement(g, f"{{{NS}}}edges")
    for r in graph.relations:
        rt = graph.schema.relation_type(r.type)
        edge = etree.SubElement(edges, f"{{{NS}}}edge", id=r.id, source=r.source_id, target=r.target_id,
                                label=rt.title("nl"), kind=r.type)
        if not rt.directed:  # "mutual", not "undirected": networkx refuses undirected edges in a directed graph
            edge.set("type", "mutual")
        if r.valid_from:
            edge.set("start", r.valid_from)
        if r.valid_to:
            edge.set("end", r.valid_to)
        values(edge, "edge", {**meta_attrs(r), **r.properties})
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _parse_value(text: str, kind: str) -> Any:
    if kind == "liststring":
        inner = text.strip()
        inner = inner[1:-1] if inner.startswith("[") and inner.endswith("]") else inner
        parts, current, escaped = [], "", False
        for ch in inner:
            if escaped:
                current, escaped = current + ch, False
            elif ch == "\\":
                escaped = True
            elif ch == ",":
                parts.append(current.strip())
                current = ""
            else:
                current += ch
        parts.append(current.strip())
        return [p for p in parts if p]
    if kind == "boolean":
        return text.strip().lower() == "true"
    if kind in ("integer", "long", "short", "byte", "biginteger"):
        return int(text)
    if kind in ("double", "float", "bigdecimal"):
        return float(text)
    return text


def _edge_weight(schema: Schema, report: ImportReport, edge: Any, attrs: dict[str, Any], where: str) -> None:
    """GEXF's own `weight` attribute (Gephi writes one on every edge, 1.0 by default) into the relation's
    `weight` where its type has one; any other weight than 1 is reported where it has none."""
    text = edge.get("weight")
    if text is None or "weight" in attrs:
        return
    try:
        weight = float(text)
    except ValueError:
        report.problems.append(f"{report.file}: {where}: weight {text!r} is not a number; left out")
        return
    kind = edge_kind(schema, attrs, report)
    spec = schema.relations.get(kind) if kind else None
    if spec is not None and "weight" in spec.properties:
        attrs["weight"] = weight
    elif weight != 1.0 and spec is not None:
        report.problems.append(f"{report.file}: {where}: weight {text} left out ({kind} has no weight)")


def read_gexf(path: Path, schema: Schema, report: ImportReport) -> list[Incoming]:
    """Nodes and edges of a GEXF 1.2/1.3 file; `start`/`end` of an edge fill the relation's validity."""
    root = etree.parse(str(path), safe_xml_parser()).getroot()
    ns = root.nsmap.get(None, NS)
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    declared: dict[tuple[str, str], tuple[str, str]] = {}
    for block in root.iter(q("attributes")):
        for a in block.findall(q("attribute")):
            declared[(block.get("class", "node"), a.get("id", ""))] = (a.get("title") or a.get("id", ""),
                                                                       a.get("type", "string"))

    def attrs_of(element: Any, cls: str, where: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for av in element.iter(q("attvalue")):
            name, kind = declared.get((cls, av.get("for", "")), ("", ""))
            if not name:
                report.problems.append(f"{report.file}: {where}: undeclared attribute {av.get('for')!r}; left out")
                continue
            try:
                out[name] = _parse_value(av.get("value", ""), kind)
            except ValueError:
                report.problems.append(f"{report.file}: {where}: {name} {av.get('value')!r} is not {kind}; left out")
        return out

    incoming: list[Incoming] = []
    undirected: set[int] = set()
    graph_el = next(root.iter(q("graph")), None)
    default_type = graph_el.get("defaultedgetype", "directed") if graph_el is not None else "directed"
    for node in root.iter(q("node")):
        where = f"node {node.get('id')}"
        attrs = attrs_of(node, "node", where)
        attrs.setdefault("label", node.get("label", ""))
        record = build_record(schema, attrs, where, report)
        if record is not None:
            incoming.append(Incoming(node.get("id", ""), record, where))
    for edge in root.iter(q("edge")):
        where = f"edge {edge.get('id')}"
        attrs = attrs_of(edge, "edge", where)
        attrs.setdefault("kn_type", edge.get("kind"))
        if edge.get("label"):
            attrs.setdefault("label", edge.get("label"))
        _edge_weight(schema, report, edge, attrs, where)
        if edge.get("start"):
            attrs.setdefault("kn_valid_from", edge.get("start"))
        if edge.get("end"):
            attrs.setdefault("kn_valid_to", edge.get("end"))
        record = build_record(schema, attrs, where, report, (edge.get("source", ""), edge.get("target", "")))
        if record is not None:
            if edge.get("type", default_type) in ("undirected", "mutual"):
                undirected.add(len(incoming))
            incoming.append(Incoming(edge.get("id", ""), record, where))
    oriented(incoming, schema, undirected)
    report.fold()
    return incoming
