"""i2 Analyst's Notebook Exchange (.anx): a strict writer and a tolerant reader.

i2 publishes no schema; the structure follows `shared/formats/exchange-formats.md` (a),
triangulated from writers ANB is known to open and a chart saved by ANB 7. Writer: the
`IdReferenceLinking="false"` dialect (what ANB itself saved), our stable id as EntityId
and Identity, typed attribute classes (AttText/AttNumber/AttTime/AttFlag from the schema),
grades as 0-based indexes into GradeOne (reliability A-F), GradeTwo (credibility 1-6) and
GradeThree (our security label), the first source on the ChartItem and every further one
as a Card, validity as "Geldig vanaf/tot" attributes (a link's DateTime = valid_from),
strength Bevestigd/Onbevestigd by credibility, direction as ArrowOnHead/ArrowNone,
multiplicity "multiple" so parallel relations stay apart. The marking is an XML comment and
the chart Summary's title.

Reader: both linking dialects, ANB type names mapped through `anb_mapping.yaml` (editable;
`--mapping FILE`), grades read by their text, unknown types and attribute classes reported.
Unverified against ANB itself: element order inside ChartItem, icon names, whether ANB
accepts Card elements written like this (no ANB runs here).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from graph.exchange.common import (
    ExchangeGraph,
    ImportReport,
    Incoming,
    audience_clearance,
    looks_like_id,
    safe_xml_parser,
    xml_text,
)
from graph.model import CREDIBILITY, RELIABILITY, SECURITY_LABELS, Entity, Provenance, Record, Relation
from graph.schema import Schema
from graph.store import SourceRecord

_ATT_TYPES = {"number": "AttNumber", "date": "AttTime", "bool": "AttFlag"}
VALID_FROM, VALID_TO, RECEIVED = "Geldig vanaf", "Geldig tot", "Ontvangen"
_ICONS = {"Person": "Person", "Company": "Office", "Address": "House", "Vehicle": "Car", "PhoneNumber": "Phone",
          "Email": "Email", "BankAccount": "Account", "Event": "Meeting"}


def colorref(hex_colour: str) -> int:
    """`#rrggbb` as a Windows COLORREF (blue*65536 + green*256 + red); black as 65793, never 0."""
    c = hex_colour.lstrip("#")
    r, g, b = int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    return b * 65536 + g * 256 + r or 65793


def _att_value(value: Any, att_type: str) -> str:
    if att_type == "AttTime":
        return f"{str(value)[:10]}T00:00:00"
    return xml_text(value)


class _Classes:
    """Attribute classes of the chart: one name, one type, declared once."""

    def __init__(self) -> None:
        self.classes: dict[str, tuple[str, str]] = {}  # name -> (Id, Type)

    def name_for(self, label: str, prop: str, att_type: str) -> str:
        for name in (label, f"{label} ({prop})"):
            known = self.classes.get(name)
            if known is None:
                self.classes[name] = (f"AC{len(self.classes) + 1}", att_type)
                return name
            if known[1] == att_type:
                return name
        return f"{label} ({prop})"


def _attributes(record: Record, schema: Schema, classes: _Classes) -> list[tuple[str, str]]:
    specs = (schema.entity_type(record.type) if isinstance(record, Entity)
             else schema.relation_type(record.type)).properties
    out = []
    for name, value in record.properties.items():
        spec = specs[name]
        att_type = _ATT_TYPES.get(spec.type, "AttText")
        out.append((classes.name_for(spec.label.get("nl", name), name, att_type), _att_value(value, att_type)))
    for label, value in ((VALID_FROM, record.valid_from), (VALID_TO, record.valid_to),
                         (RECEIVED, record.provenance.received if record.provenance else None)):
        if value:
            out.append((classes.name_for(label, label, "AttTime"), _att_value(value, "AttTime")))
    return out


def _grades(element: Any, reliability: str | None, credibility: str | None, label: str | None,
            labels: tuple[str, ...]) -> None:
    if reliability in RELIABILITY:
        element.set("GradeOneIndex", str(RELIABILITY.index(reliability)))
    if credibility in CREDIBILITY:
        element.set("GradeTwoIndex", str(CREDIBILITY.index(str(credibility))))
    if label in labels:
        element.set("GradeThreeIndex", str(labels.index(label)))


def _cards(parent: Any, sources: list[SourceRecord], label: str, labels: tuple[str, ...]) -> None:
    if not sources:
        return
    box = etree.SubElement(parent, "CardCollection")
    for s in sources:
        card = etree.SubElement(box, "Card", Summary=xml_text(s.source), SourceType=xml_text(s.source),
                                SourceReference=xml_text(s.reference or ""), DateSet="false", TimeSet="false")
        if s.received:
            card.set("DateSet", "true")
            card.set("DateTime", f"{s.received[:10]}T00:00:00.000")
        _grades(card, s.reliability, s.credibility, label, labels)


def write_anx(graph: ExchangeGraph, path: Path) -> None:
    schema = graph.schema
    root = etree.Element("Chart", IdReferenceLinking="false", Rigorous="true", UseLocalTimeZone="true")
    root.addprevious(etree.Comment(f" {graph.marking} "))
    strengths = etree.SubElement(root, "StrengthCollection")
    etree.SubElement(strengths, "Strength", Id="S1", Name="Bevestigd", DotStyle="DotStyleSolid")
    etree.SubElement(strengths, "Strength", Id="S2", Name="Onbevestigd", DotStyle="DotStyleDashed")
    # GradeThree lists only the labels the audience may see: even a label's name says something.
    clearance = audience_clearance(graph.audience)
    labels = tuple(label for label in SECURITY_LABELS if label in clearance)
    for tag, values in (("GradeOne", RELIABILITY), ("GradeTwo", CREDIBILITY), ("GradeThree", labels)):
        strings = etree.SubElement(etree.SubElement(root, tag), "StringCollection")
        for i, text in enumerate(values):
            etree.SubElement(strings, "String", Id=f"{tag}{i}", Text=text)
    classes = _Classes()
    items: list[tuple[Record, list[tuple[str, str]]]] = [
        (r, _attributes(r, schema, classes)) for r in (*graph.entities, *graph.relations)]
    box = etree.SubElement(root, "AttributeClassCollection")
    for name, (cid, att_type) in classes.classes.items():
        etree.SubElement(box, "AttributeClass", Id=cid, Name=name, Type=att_type, ShowValue="true", IsUser="true",
                         UserCanAdd="true", UserCanRemove="true")
    etypes = sorted({e.type for e in graph.entities})
    box = etree.SubElement(root, "EntityTypeCollection")
    for i, name in enumerate(etypes, 1):
        et = schema.entity_type(name)
        etree.SubElement(box, "EntityType", Id=f"ET{i}", Name=et.title("nl"), IconFile=_ICONS.get(name, "Anon"),
                         PreferredRepresentation="RepresentAsIcon", Colour=str(colorref(et.color)))
    et_ids = {name: f"ET{i}" for i, name in enumerate(etypes, 1)}
    rtypes = sorted({r.type for r in graph.relations})
    box = etree.SubElement(root, "LinkTypeCollection")
    for i, name in enumerate(rtypes, 1):
        etree.SubElement(box, "LinkType", Id=f"LT{i}", Name=schema.relation_type(name).title("nl"), Colour="65793")
    lt_ids = {name: f"LT{i}" for i, name in enumerate(rtypes, 1)}
    summary = etree.SubElement(root, "Summary")
    fields = etree.SubElement(summary, "FieldCollection")
    etree.SubElement(fields, "Field", Field="SummaryFieldTitle", Value=graph.marking)
    etree.SubElement(fields, "Field", Field="SummaryFieldSubject",
                     Value=f"classification={graph.classification}")
    collection = etree.SubElement(root, "ChartItemCollection")
    for n, (record, attrs) in enumerate(items, 1):
        prov = record.provenance
        ci = etree.SubElement(collection, "ChartItem", Id=f"CI{n}", DateSet="false", TimeSet="false")
        if isinstance(record, Entity):
            ci.set("Label", xml_text(record.caption))
        else:
            ci.set("Label", schema.relation_type(record.type).title("nl"))
        if prov is not None:
            ci.set("SourceType", xml_text(prov.source))
            if prov.reference:
                ci.set("SourceReference", xml_text(prov.reference))
        _grades(ci, record.reliability, record.credibility, record.label, labels)
        further = graph.sources.get(record.id, [])[1:]
        if isinstance(record, Entity):
            x, y = graph.positions.get(record.id, ((n % 10) * 150.0, (n // 10) * 150.0))
            ci.set("XPosition", str(round(x)))
            end = etree.SubElement(ci, "End", X=str(round(x)), Y=str(round(y)), Z="0")
            ent = etree.SubElement(end, "Entity", EntityId=record.id, Identity=record.id, LabelIsIdentity="false")
            icon = etree.SubElement(ent, "Icon")
            style = etree.SubElement(icon, "IconStyle", Type=schema.entity_type(record.type).title("nl"),
                                     EntityTypeReference=et_ids[record.type])
            if record.id in graph.colours:
                etree.SubElement(style, "FrameStyle", Colour=str(colorref(graph.colours[record.id])),
                                 Margin="2", Visible="true")
            _cards(ent, further, record.label, labels)
        else:
            assert isinstance(record, Relation)
            rt = schema.relation_type(record.type)
            ci.set("XPosition", "0")
            if record.valid_from:
                ci.set("DateSet", "true")
                ci.set("DateTime", f"{record.valid_from}T00:00:00.000")
            link = etree.SubElement(ci, "Link", End1Id=record.source_id, End2Id=record.target_id)
            _cards(link, further, record.label, labels)
            confirmed = record.credibility in ("1", "2")
            etree.SubElement(link, "LinkStyle", Type=rt.title("nl"), LinkTypeReference=lt_ids[record.type],
                             Strength="Bevestigd" if confirmed else "Onbevestigd",
                             StrengthReference="S1" if confirmed else "S2",
                             ArrowStyle="ArrowOnHead" if rt.directed else "ArrowNone",
                             MlStyle="MultiplicityMultiple", LineWidth="1")
        if attrs:
            box = etree.SubElement(ci, "AttributeCollection")
            for name, value in attrs:
                etree.SubElement(box, "Attribute", AttributeClass=name,
                                 AttributeClassReference=classes.classes[name][0], Value=value)
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- reading -------------------------------------------------------------------------------------------------
def load_mapping(path: str | Path | None = None) -> dict[str, dict[str, str]]:
    """The ANB type mapping (packaged `anb_mapping.yaml`, or the analyst's own file), keys case-folded."""
    text = (resources.files("graph.exchange").joinpath("anb_mapping.yaml").read_text(encoding="utf-8")
            if path is None else Path(path).read_text(encoding="utf-8"))
    raw = yaml.safe_load(text) or {}
    return {part: {str(k).casefold(): str(v) for k, v in (raw.get(part) or {}).items()}
            for part in ("entities", "links")}


def _type_names(schema: Schema, mapping: dict[str, str], kinds: dict[str, Any]) -> dict[str, str]:
    names = dict(mapping)
    for name, t in kinds.items():
        names.setdefault(name.casefold(), name)
        names.setdefault(t.title("nl").casefold(), name)
        names.setdefault(t.title("en").casefold(), name)
    return names


def _grade_lists(root: Any) -> dict[str, list[str]]:
    out = {}
    for tag in ("GradeOne", "GradeTwo", "GradeThree"):
        el = root.find(tag)
        out[tag] = [s.get("Text", "") for s in el.iter("String")] if el is not None else []
    return out


def _grade(item: Any, lists: dict[str, list[str]], tag: str, allowed: tuple[str, ...]) -> str | None:
    index = item.get(f"{tag}Index")
    if index is None or not index.lstrip("-").isdigit():
        return None
    values = lists[tag]
    text = values[int(index)] if 0 <= int(index) < len(values) else None
    return text if text in allowed else None


def _date(value: str | None) -> str | None:
    return value[:10] if value else None


def read_anx(path: Path, schema: Schema, report: ImportReport,
             mapping_path: str | Path | None = None) -> list[Incoming]:
    """Entities and links of a chart; what cannot be mapped is reported in `report.problems`."""
    mapping = load_mapping(mapping_path)
    entity_names = _type_names(schema, mapping["entities"], schema.entities)
    link_names = _type_names(schema, mapping["links"], schema.relations)
    root = etree.parse(str(path), safe_xml_parser()).getroot()
    if root.tag != "Chart":
        report.problems.append(f"{report.file}: root element {root.tag!r} is not an ANB Chart")
        return []
    by_reference = root.get("IdReferenceLinking", "false").lower() == "true"
    lists = _grade_lists(root)
    att_types = {c.get("Name", ""): c.get("Type", "AttText") for c in root.iter("AttributeClass")}
    incoming: list[Incoming] = []
    links: list[tuple[Any, str]] = []
    for n, ci in enumerate(root.iter("ChartItem"), 1):
        where = f"ChartItem {ci.get('Id') or n} ({ci.get('Label', '')})"
        entity = ci.find("End/Entity")
        if entity is None:
            if ci.find("Link") is not None:
                links.append((ci, where))
            else:
                report.problems.append(f"{report.file}: {where}: neither an entity nor a link; not imported")
            continue
        style = next((s for s in entity.iter() if s.tag.endswith("Style") and s.get("Type")), None)
        anb_type = style.get("Type", "") if style is not None else ""
        kind = entity_names.get(anb_type.casefold())
        if kind is None:
            report.problems.append(f"{report.file}: {where}: ANB entity type {anb_type!r} is not in the mapping; "
                                   "not imported (add it to the mapping file)")
            continue
        foreign = (ci.get("Id", "") if by_reference else entity.get("EntityId", "")) or f"item{n}"
        for record in _records(ci, entity, kind, schema, lists, att_types, report, where, None):
            incoming.append(Incoming(foreign, record, where))
        _report_unmapped(ci, entity, kind, report, where)
    for ci, where in links:
        link = ci.find("Link")
        style = link.find("LinkStyle")
        anb_type = style.get("Type", "") if style is not None else ""
        kind = link_names.get(anb_type.casefold()) or link_names.get(ci.get("Label", "").casefold())
        if kind is None:
            report.problems.append(f"{report.file}: {where}: ANB link type {anb_type!r} / label "
                                   f"{ci.get('Label', '')!r} is not in the mapping; not imported")
            continue
        ends = ((link.get("End1Reference"), link.get("End2Reference")) if by_reference
                else (link.get("End1Id"), link.get("End2Id")))
        if style is not None and style.get("ArrowStyle") == "ArrowOnTail":
            ends = (ends[1], ends[0])
        for record in _records(ci, link, kind, schema, lists, att_types, report, where,
                               (ends[0] or "", ends[1] or "")):
            incoming.append(Incoming(ci.get("Id", ""), record, where))
        _report_unmapped(ci, link, kind, report, where)
    return incoming


def _report_unmapped(ci: Any, holder: Any, kind: str, report: ImportReport, where: str) -> None:
    """What an ANB item carries that Knooppunt has no place for: said, never dropped silently.

    An entity's own date and time (ANB's time-line position), a description and the free text
    of cards have no field in the schema; links keep their date as the start of validity.
    """
    if holder.tag == "Entity" and ci.get("DateSet", "false").lower() == "true" and ci.get("DateTime"):
        report.problems.append(f"{report.file}: {where}: date/time {ci.get('DateTime')} of a {kind} has no place; "
                               "left out")
    if ci.get("Description"):
        report.problems.append(f"{report.file}: {where}: description {ci.get('Description')!r} left out")
    for card in holder.iter("Card"):
        if card.get("Text"):
            report.problems.append(f"{report.file}: {where}: text of card {card.get('Summary', '')!r} "
                                   f"({card.get('Text')!r}) left out; its source and grading are kept")


def _item_values(ci: Any, kind: str, specs: dict[str, Any], att_types: dict[str, str], report: ImportReport,
                where: str) -> tuple[dict[str, Any], dict[str, Any], str | None]:
    """A ChartItem's attributes as (properties, validity, date received); unknown ones are reported."""
    by_label: dict[str, str] = {}
    for name, spec in specs.items():
        for text in (name, spec.label.get("nl", name), f"{spec.label.get('nl', name)} ({name})",
                     spec.label.get("en", name)):
            by_label.setdefault(text, name)
    props: dict[str, Any] = {}
    meta: dict[str, Any] = {"valid_from": None, "valid_to": None}
    received = None
    for att in ci.iter("Attribute"):
        cls, value = att.get("AttributeClass", ""), att.get("Value", "")
        if cls == VALID_FROM:
            meta["valid_from"] = _date(value)
        elif cls == VALID_TO:
            meta["valid_to"] = _date(value)
        elif cls == RECEIVED:
            received = _date(value)
        elif cls in by_label:
            name = by_label[cls]
            if att_types.get(cls) == "AttTime":
                value = _date(value) or ""
            spec = specs[name]
            props[name] = [v for v in value.split("; ") if v] if spec.multi else value
        else:
            report.problems.append(f"{report.file}: {where}: attribute {cls!r} has no property in {kind}; left out")
    return props, meta, received


def _records(ci: Any, holder: Any, kind: str, schema: Schema, lists: dict[str, list[str]],
             att_types: dict[str, str], report: ImportReport, where: str,
             ends: tuple[str, str] | None) -> list[Entity | Relation]:
    """The record of a ChartItem, plus one copy per further Card (so the store keeps every source)."""
    specs = (schema.relation_type(kind) if ends else schema.entity_type(kind)).properties
    props, meta, received = _item_values(ci, kind, specs, att_types, report, where)
    if ends and meta["valid_from"] is None and ci.get("DateSet", "false").lower() == "true":
        meta["valid_from"] = _date(ci.get("DateTime"))
    if not ends:
        names = schema.entity_type(kind).caption
        label_text = ci.get("Label", "")
        if names and label_text and not any(n in props for n in names) and not looks_like_id(label_text):
            props[names[0]] = label_text  # ANB's label names the thing
    label = _grade(ci, lists, "GradeThree", SECURITY_LABELS) or ""
    source = ci.get("SourceType") or None
    first = Provenance(source=source, reference=ci.get("SourceReference") or None, received=received) \
        if source else None
    common = {"properties": props, "label": label, **meta}
    records: list[Entity | Relation] = []

    def make(prov: Provenance | None, grade_of: Any) -> Entity | Relation:
        grading = {"reliability": _grade(grade_of, lists, "GradeOne", RELIABILITY),
                   "credibility": _grade(grade_of, lists, "GradeTwo", CREDIBILITY)}
        values = {**common, "properties": dict(props), "provenance": prov, **grading}
        if ends:
            return Relation(type=kind, source_id=ends[0], target_id=ends[1], **values)
        return Entity(type=kind, caption=ci.get("Label", ""), **values)

    records.append(make(first, ci))
    for card in holder.iter("Card"):
        card_source = card.get("SourceType") or card.get("Summary")
        if not card_source:
            report.problems.append(f"{report.file}: {where}: a card without a source type; left out")
            continue
        received_card = _date(card.get("DateTime")) if card.get("DateSet", "false").lower() == "true" else None
        records.append(make(Provenance(source=card_source, reference=card.get("SourceReference") or None,
                                       received=received_card), card))
    return records

