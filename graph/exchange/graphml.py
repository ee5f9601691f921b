"""GraphML for yEd, Cytoscape, Gephi and networkx: typed keys, one key per domain, yEd node graphics.

Rules from `shared/formats/exchange-formats.md` (b): `edgedefault="directed"` and a boolean
`kn_directed` key instead of per-edge `directed` (networkx refuses mixed graphs); every edge
has the relation id (parallel relations are normal); multi-valued properties joined with
`; `; separate node and edge keys (Gephi reads `for="all"` as nodes only); the marking as a
graph-level `classification` key *and* an XML comment at the top. Records' metadata travel
as `kn_*` keys, so a GraphML written here imports back with types, dates, grading and labels.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path
from typing import Any

from lxml import etree

from graph.exchange.common import (
    META,
    ExchangeGraph,
    ImportReport,
    Incoming,
    apply_meta,
    attribute_type,
    looks_like_id,
    meta_attrs,
    safe_xml_parser,
    xml_text,
)
from graph.model import Entity, Relation
from graph.schema import Schema

NS = "http://graphml.graphdrawing.org/xmlns"
Y = "http://www.yworks.com/xml/graphml"
_META_TYPES = {"kn_credibility": "int"}


def _keys(graph: ExchangeGraph) -> dict[tuple[str, str], tuple[str, str]]:
    """(domain, name) -> (key id, attr.type), in a stable order."""
    keys: dict[tuple[str, str], tuple[str, str]] = {("node", "label"): ("label", "string"),
                                                    ("edge", "label"): ("e_label", "string")}
    for name in META:
        keys[("node", name)] = (f"n_{name}", _META_TYPES.get(name, "string"))
        keys[("edge", name)] = (f"e_{name}", _META_TYPES.get(name, "string"))
    keys[("edge", "kn_directed")] = ("e_kn_directed", "boolean")
    schema = graph.schema
    for e in graph.entities:
        specs = schema.entity_type(e.type).properties
        for name in e.properties:
            keys.setdefault(("node", name), (f"n_{name}", attribute_type(specs[name].type)))
    for r in graph.relations:
        specs = schema.relation_type(r.type).properties
        for name in r.properties:
            keys.setdefault(("edge", name), (f"e_{name}", attribute_type(specs[name].type)))
    return keys


def write_graphml(graph: ExchangeGraph, path: Path) -> None:
    """Write the export; positions and colours of a saved chart go into yEd's node graphics."""
    keys = _keys(graph)
    root = etree.Element(f"{{{NS}}}graphml", nsmap={None: NS, "y": Y})
    root.addprevious(etree.Comment(f" {graph.marking} "))
    etree.SubElement(root, f"{{{NS}}}key", {"id": "g_classification", "for": "graph",
                                            "attr.name": "classification", "attr.type": "string"})
    etree.SubElement(root, f"{{{NS}}}key", {"id": "g_marking", "for": "graph",
                                            "attr.name": "marking", "attr.type": "string"})
    for (domain, name), (key_id, kind) in keys.items():
        etree.SubElement(root, f"{{{NS}}}key", {"id": key_id, "for": domain, "attr.name": name, "attr.type": kind})
    etree.SubElement(root, f"{{{NS}}}key", {"id": "n_gfx", "for": "node", "yfiles.type": "nodegraphics"})
    g = etree.SubElement(root, f"{{{NS}}}graph", {"id": "knooppunt-export", "edgedefault": "directed"})
    etree.SubElement(g, f"{{{NS}}}data", key="g_classification").text = graph.classification
    etree.SubElement(g, f"{{{NS}}}data", key="g_marking").text = graph.marking

    def data(parent: Any, domain: str, values: dict[str, Any]) -> None:
        for name, value in values.items():
            etree.SubElement(parent, f"{{{NS}}}data", key=keys[(domain, name)][0]).text = xml_text(value)

    for e in graph.entities:
        node = etree.SubElement(g, f"{{{NS}}}node", id=e.id)
        data(node, "node", {"label": e.caption, **meta_attrs(e), **e.properties})
        et = graph.schema.entity_type(e.type)
        x, y = graph.positions.get(e.id, (0.0, 0.0))
        gfx = etree.SubElement(etree.SubElement(node, f"{{{NS}}}data", key="n_gfx"), f"{{{Y}}}ShapeNode")
        etree.SubElement(gfx, f"{{{Y}}}Geometry", x=f"{x:.1f}", y=f"{y:.1f}", width="30.0", height="30.0")
        etree.SubElement(gfx, f"{{{Y}}}Fill", color=graph.colours.get(e.id, et.color).upper())
        etree.SubElement(gfx, f"{{{Y}}}NodeLabel").text = xml_text(e.caption)
        etree.SubElement(gfx, f"{{{Y}}}Shape", type="ellipse" if et.role == "subject" else "rectangle")
    for r in graph.relations:
        edge = etree.SubElement(g, f"{{{NS}}}edge", id=r.id, source=r.source_id, target=r.target_id)
        rt = graph.schema.relation_type(r.type)
        data(edge, "edge", {"label": rt.title("nl"), **meta_attrs(r), "kn_directed": rt.directed, **r.properties})
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _value(text: str | None, kind: str) -> Any:
    text = text or ""
    if kind == "boolean":
        return text.strip().lower() == "true"
    if kind in ("int", "long"):
        return int(text)
    if kind in ("float", "double"):
        return float(text)
    return text


_GENERATED_ID = re.compile(r"n\d+")  # igraph's, yEd's and Cytoscape's own node ids: not names


def _yed_label(data: Any) -> str:
    """The text of yEd's first node or edge label in a graphics block: a yEd file keeps names only there."""
    for label in data.iter(f"{{{Y}}}NodeLabel", f"{{{Y}}}EdgeLabel"):
        text = (label.text or "").strip()
        if text:
            return text
    return ""


def split_multi(schema: Schema, specs: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
    """Multi-valued properties come as one `; `-joined text: split them back."""
    out = {}
    for name, value in props.items():
        spec = specs.get(name)
        if spec is not None and spec.multi and not isinstance(value, list):
            value = [v for v in str(value).split("; ") if v]
        out[name] = value
    return out


def relation_named(schema: Schema, text: str, mapping: dict[str, str]) -> str | None:
    """The relation type an edge attribute's value names: the analyst's mapping, a type code, or a type's
    Dutch or English name (`family_of`, `Familie van`, `family of`), case and spaces aside."""
    return _type_named(schema.relations, text, mapping)


def entity_named(schema: Schema, text: str, mapping: dict[str, str]) -> str | None:
    """The entity type a node attribute's value names: the analyst's mapping, a code or a Dutch/English name."""
    return _type_named(schema.entities, text, mapping)


def _type_named(types: dict[str, Any], text: str, mapping: dict[str, str]) -> str | None:
    folded = " ".join(text.replace("_", " ").split()).casefold()
    for value, code in mapping.items():
        if " ".join(value.replace("_", " ").split()).casefold() == folded:
            return code
    for code, t in types.items():
        names = {code, t.title("nl"), t.title("en")}
        if folded in {" ".join(n.replace("_", " ").split()).casefold() for n in names}:
            return code
    return None


def node_kind(schema: Schema, attrs: dict[str, Any], report: ImportReport, where: str) -> str | None:
    """A node's entity type: its `kn_type`, else the attribute `report.node_type_from` names (a two-mode
    network's `bipartite` 0/1 through `--node-type-map 0=Person`), else `--node-type`; a value naming no
    type is said once per value with its count."""
    return _kind_of(attrs, report, where, True, "node", schema.entities, report.node_type_from,
                    report.node_type_map, report.node_type)


def _kind_of(attrs: dict[str, Any], report: ImportReport, where: str, say: bool, what: str, types: dict[str, Any],
             attr: str | None, mapping: dict[str, str], fallback: str | None) -> str | None:
    """The type of a node or edge: `kn_type`, else what attribute `attr`'s value names (through `mapping`,
    a code or a Dutch/English name), else `fallback`; a value naming none is counted for the import's note."""
    if attrs.get("kn_type"):
        return str(attrs["kn_type"])
    if not attr:
        return fallback
    value = attrs.get(attr)
    text = "" if value is None else str(value).strip()
    found = _type_named(types, text, mapping) if text else None
    if found is None and say:
        report.left_out(fallback or "", f"{what}-type:{attr}:{text}", where)
    return found or fallback


def oriented(incoming: list[Incoming], schema: Schema, undirected: set[int]) -> None:
    """Undirected edges (GraphML `edgedefault="undirected"`, GEXF `undirected`) of a directed relation type
    turned round where only the other way fits its end types: networkx writes a person-event edge of a
    two-mode network either way round, and `attended` runs from the person to the event."""
    types = {c.foreign_id: c.record.type for c in incoming if isinstance(c.record, Entity)}
    for i in undirected:
        r = incoming[i].record
        rt = schema.relations.get(r.type)
        if not isinstance(r, Relation) or rt is None or not rt.directed:
            continue
        a, b = types.get(r.source_id), types.get(r.target_id)
        if not (a in rt.source and b in rt.target) and b in rt.source and a in rt.target:
            r.source_id, r.target_id = r.target_id, r.source_id


EDGE_VALUES_SHOWN = 30  # an attribute with more distinct values names no relation type (a date, a weight, an id)


def _count_values(attrs: dict[str, Any], counts: dict[str, collections.Counter[str]], node: bool = False) -> None:
    """Count an untyped edge's text values per attribute, for the dialog that offers one as the type; of a
    node its values but its label (its name), whole numbers too (networkx's `bipartite` is 0 or 1)."""
    for name, value in attrs.items():
        if name in META or isinstance(value, bool) or not isinstance(value, str | int) or (
                not node and not isinstance(value, str)) or (node and name == "label"):
            continue
        value = str(value)
        if not value.strip():
            continue
        seen = counts.setdefault(name, collections.Counter())
        if value.strip() in seen or len(seen) <= EDGE_VALUES_SHOWN:
            seen[value.strip()] += 1


def edge_kind(schema: Schema, attrs: dict[str, Any], report: ImportReport, where: str = "",
              say: bool = False) -> str | None:
    """An edge's relation type: its `kn_type` (our files), else the attribute `report.edge_type_from` names,
    else `--edge-type`; an attribute value that names no type is said (`say`) once per value with its count."""
    return _kind_of(attrs, report, where, say, "edge", schema.relations, report.edge_type_from,
                    report.edge_type_map, report.edge_type)


def build_record(schema: Schema, attrs: dict[str, Any], where: str, report: ImportReport,
                 relation_ends: tuple[str, str] | None = None) -> Entity | Relation | None:
    """An Entity or Relation from flat attributes; unknown types/properties are reported, not guessed."""
    if not attrs.get("kn_type"):
        _count_values(attrs, report.edge_values if relation_ends else report.node_values, node=not relation_ends)
    kind = edge_kind(schema, attrs, report, where, say=True) if relation_ends else node_kind(schema, attrs, report,
                                                                                             where)
    names = schema.relations if relation_ends else schema.entities
    if not relation_ends and report.node_type_from and not attrs.get("kn_type"):
        attrs = {k: v for k, v in attrs.items() if k != report.node_type_from}  # read as the type, not a property
        if not kind:  # said once per value by node_kind
            report.unread["entities"] = report.unread.get("entities", 0) + 1
            return None
    if relation_ends and report.edge_type_from and not attrs.get("kn_type"):
        attrs = {k: v for k, v in attrs.items() if k != report.edge_type_from}  # read as the type, not a property
        if not kind:  # said once per value above
            report.unread["relations"] = report.unread.get("relations", 0) + 1
            return None
    if not kind or kind not in names:
        what = "relation" if relation_ends else "entity"
        hint = f" (give one with --{'edge' if relation_ends else 'node'}-type)" if not kind else ""
        report.problems.append(f"{report.file}: {where}: type {kind or '(none)'!r} is not a Knooppunt "
                               f"{what} type; not imported{hint}")
        key = "relations" if relation_ends else "entities"
        report.unread[key] = report.unread.get(key, 0) + 1
        if not kind:
            report.untyped[key] = report.untyped.get(key, 0) + 1
        return None
    specs = names[kind].properties
    props = {k: v for k, v in attrs.items() if k not in META and k not in ("label", "kn_directed")}
    if relation_ends and attrs.get("label") and not attrs.get("kn_type"):  # ours is the type's title
        report.left_out(kind, "edge label", where, attrs["label"])
    unknown = sorted(k for k in props if k not in specs)
    for k in unknown:
        report.left_out(kind, k, where)
        props.pop(k)
    props = split_multi(schema, specs, props)
    meta = apply_meta(attrs)
    meta.setdefault("label", "")
    if relation_ends:
        return Relation(type=kind, properties=props, source_id=relation_ends[0], target_id=relation_ends[1], **meta)
    caption = str(attrs.get("label") or "")
    caption_props = schema.entities[kind].caption
    if caption_props and caption and not any(n in props for n in caption_props) and not looks_like_id(caption):
        props[caption_props[0]] = caption  # a file from another tool: its label names the thing
    return Entity(type=kind, properties=props, caption=caption, **meta)


def _declared_keys(root: Any) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """The data keys (id -> attribute name, type) and the ids of yEd's graphics keys."""
    keys: dict[str, tuple[str, str]] = {}
    graphics: set[str] = set()
    for key in root.iter(f"{{{NS}}}key"):
        if key.get("attr.name"):
            keys[key.get("id", "")] = (key.get("attr.name", ""), key.get("attr.type", "string"))
        elif key.get("yfiles.type") in ("nodegraphics", "edgegraphics"):
            graphics.add(key.get("id", ""))
    return keys, graphics


def read_graphml(path: Path, schema: Schema, report: ImportReport) -> list[Incoming]:
    """Nodes and edges of a GraphML file (ours, or one from yEd/networkx with `kn_type` keys)."""
    tree = etree.parse(str(path), safe_xml_parser())
    root = tree.getroot()
    keys, graphics = _declared_keys(root)

    def attrs_of(element: Any, where: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for d in element.findall(f"{{{NS}}}data"):
            if d.get("key", "") in graphics:
                caption = _yed_label(d)
                if caption:
                    out.setdefault("label", caption)
                continue
            name, kind = keys.get(d.get("key", ""), ("", ""))
            if not name:
                continue
            try:
                out[name] = _value(d.text, kind)
            except ValueError:
                report.problems.append(f"{report.file}: {where}: {name} {d.text!r} is not {kind}; left out")
        return out

    incoming: list[Incoming] = []
    undirected: set[int] = set()
    for graph_el in root.iter(f"{{{NS}}}graph"):
        default_undirected = graph_el.get("edgedefault", "directed") == "undirected"
        for node in graph_el.findall(f"{{{NS}}}node"):
            where = f"node {node.get('id')}"
            attrs = attrs_of(node, where)
            if not attrs.get("label") and not _GENERATED_ID.fullmatch(node.get("id", "")):
                attrs["label"] = node.get("id", "")  # networkx writes a graph of names with the name as id
            record = build_record(schema, attrs, where, report)
            if record is not None:
                incoming.append(Incoming(node.get("id", ""), record, where))
        for edge in graph_el.findall(f"{{{NS}}}edge"):
            where = f"edge {edge.get('id') or edge.get('source') + '->' + edge.get('target', '')}"
            record = build_record(schema, attrs_of(edge, where), where, report,
                                  (edge.get("source", ""), edge.get("target", "")))
            if record is not None:
                if edge.get("directed", "true" if not default_undirected else "false") == "false":
                    undirected.add(len(incoming))
                incoming.append(Incoming(edge.get("id", ""), record, where))
    oriented(incoming, schema, undirected)
    report.fold()
    return incoming
