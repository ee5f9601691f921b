"""What every exchange format shares: the audience, the collected records, the marking, the import.

Exports: `collect` narrows the store to an audience (a clearance: never wider than the
member's own), takes a chart, a list of ids or the whole project, leaves out sensitive
properties (the BSN) and returns an `ExchangeGraph`; the writer then writes it and
`audit_export` records it (the `export` right is checked before the write, the audit
entry is written after the file is complete, so a failed write leaves no false entry).

Imports: a reader turns a file into `Incoming` records that still carry the other tool's
ids; `import_records` maps them onto Knooppunt ids with the schema's identity rules and
writes them in ONE `import_transaction`. What a reader could not map is reported in
`ImportReport.problems`, never dropped silently.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from graph.editing import MANUAL_SOURCE
from graph.errors import KnooppuntError
from graph.model import SECURITY_LABELS, Entity, Provenance, Record, Relation
from graph.schema import Schema, format_id, key_of, parse_id, type_prefix
from graph.store import Caller, SourceRecord, Store, UpsertStats
from graph.text import counted

R = TypeVar("R", Entity, Relation)
# Dutch marking names (CONVENTIONS: the interface is Dutch; the marking is read by people).
MARKING_NAMES = {"open": "OPEN", "confidential": "VERTROUWELIJK", "police-wpg": "POLITIEGEGEVENS (WPG)",
                 "fiod/tax": "FIOD / FISCAAL GEHEIM"}
# An audience named by one label sees that label and what is below it; police and tax data
# are separate compartments above `confidential`, not one above the other.
AUDIENCES: dict[str, frozenset[str]] = {
    "open": frozenset({"open"}),
    "confidential": frozenset({"open", "confidential"}),
    "police-wpg": frozenset({"open", "confidential", "police-wpg"}),
    "fiod/tax": frozenset({"open", "confidential", "fiod/tax"}),
}
META = ("kn_type", "kn_label", "kn_reliability", "kn_credibility", "kn_source", "kn_reference", "kn_received",
        "kn_valid_from", "kn_valid_to")


def named_audiences() -> dict[str, frozenset[str]]:
    """The audiences analysts name (driehoek, riec, bibob, openbaar): the briefings' audiences.yaml, one list."""
    from graph.briefing.audiences import load_audiences  # only when an export names one

    return {name: a.labels for name, a in load_audiences().audiences.items()}


def audience_clearance(audience: str) -> frozenset[str]:
    """The labels an audience may see: one level (see AUDIENCES), a named audience
    (`named_audiences`, as for a briefing) or labels joined by commas."""
    if audience in AUDIENCES:
        return AUDIENCES[audience]
    named = named_audiences()
    if audience.strip() in named:
        return named[audience.strip()]
    labels = frozenset(p.strip() for p in audience.split(",") if p.strip())
    unknown = sorted(labels - set(SECURITY_LABELS))
    if unknown or not labels:
        raise KnooppuntError(f"audience {audience!r}: unknown label(s) {', '.join(unknown) or '(none)'} "
                             f"(use one of {', '.join(SECURITY_LABELS)}, or several joined by commas, "
                             f"or an audience: {', '.join(named)})")
    return labels


def highest_labels(labels: Iterable[str]) -> list[str]:
    """The labels a chart's marking must name: every label present that no other present label is above.

    Police and tax data are separate compartments (AUDIENCES), so a page holding both is marked with
    both; `confidential` under either is not named again; `open` when nothing is above it. A label
    Knooppunt does not know (a hand-set classification) is kept, after the known ones.
    """
    present = list(dict.fromkeys(labels))
    known = [label for label in SECURITY_LABELS if label in present]
    top = [label for label in known if not any(label in AUDIENCES[other] for other in known if other != label)]
    named = [*top, *(label for label in present if label not in AUDIENCES)]
    return [label for label in named if label != "open"] or ["open"]


def marking_labels(records: Iterable[Record]) -> list[str]:
    """The labels present, in SECURITY_LABELS order; `open` alone when nothing is above it."""
    present = {r.label for r in records}
    above = [label for label in SECURITY_LABELS[1:] if label in present]
    return above or ["open"]


def marking_line(labels: list[str]) -> str:
    """`RUBRICERING: VERTROUWELIJK` -- the text every export file carries inside it."""
    return "RUBRICERING: " + " + ".join(MARKING_NAMES.get(label, label.upper()) for label in labels)


@dataclass
class ExchangeGraph:
    """The records of one export, already narrowed to the audience, with chart layout when given."""

    entities: list[Entity]
    relations: list[Relation]
    schema: Schema
    audience: str
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    colours: dict[str, str] = field(default_factory=dict)
    sources: dict[str, list[SourceRecord]] = field(default_factory=dict)
    chart: str | None = None
    withheld: dict[tuple[str, str], int] = field(default_factory=dict)  # (type, sensitive property) -> entities

    @property
    def labels(self) -> list[str]:
        return marking_labels([*self.entities, *self.relations])

    @property
    def marking(self) -> str:
        return marking_line(self.labels)

    @property
    def classification(self) -> str:
        """The highest label(s) as data: `confidential`, `police-wpg+fiod/tax`."""
        return "+".join(self.labels)


def _narrow(store: Store, clearance: frozenset[str]) -> Store:
    allowed = clearance & store.caller.clearance  # an audience never widens what the member sees
    return store.with_caller(Caller(user=store.caller.user, clearance=frozenset(allowed)))  # type: ignore[attr-defined]


def _strip_sensitive(schema: Schema, entity: Entity, withheld: dict[tuple[str, str], int]) -> Entity:
    """The entity without its sensitive properties (BSN, identity documents); each one counted in `withheld`
    so that the export says what it left out instead of dropping it silently."""
    specs = schema.entity_type(entity.type).properties
    kept = {k: v for k, v in entity.properties.items() if not (k in specs and specs[k].sensitive)}
    for name in entity.properties.keys() - kept.keys():
        withheld[(entity.type, name)] = withheld.get((entity.type, name), 0) + 1
    return entity if len(kept) == len(entity.properties) else entity.evolve(properties=kept)


def withheld_notes(graph: ExchangeGraph) -> list[str]:
    """One line per sensitive property an export left out, with how many entities had it."""
    return [f"{kind}.{name} ({counted(count, 'entity', 'entities')}): sensitive; never in an export"
            for (kind, name), count in sorted(graph.withheld.items())]


def _without_member(record: R) -> R:
    """A hand entry's reference is the member who typed it: the team sees that in the project, an export
    for others says only `handmatige invoer` (as a briefing names only the source; the audit log keeps who)."""
    p = record.provenance
    if p is None or p.source != MANUAL_SOURCE or not p.reference:
        return record
    return record.evolve(provenance=Provenance(source=p.source, reference=None, received=p.received))


def _sources_without_member(sources: list[SourceRecord]) -> list[SourceRecord]:
    return [SourceRecord(s.source, None, s.received, s.reliability, s.credibility, None, s.added_at)
            if s.source == MANUAL_SOURCE else s for s in sources]


def collect(store: Store, *, audience: str, ids: Iterable[str] | None = None, chart: str | None = None,
            with_sources: bool = False) -> ExchangeGraph:
    """The records an export to `audience` may hold: a saved chart's, the given ids, or all.

    Relations come along when both ends are in the export. Sensitive properties are left
    out. Checks the `export` right first, so a viewer is refused before anything is read.
    """
    require = getattr(store, "require", None)
    if require is not None:
        require("export")
    view = _narrow(store, audience_clearance(audience))
    positions: dict[str, tuple[float, float]] = {}
    colours: dict[str, str] = {}
    if chart is not None:
        from views.chart.storage import load_chart  # Qt-free module: settings only

        try:
            state = load_chart(view, chart)
        except KeyError:
            raise KnooppuntError(f"no saved chart named {chart!r}") from None
        nodes = [n for n in state.get("nodes", []) if not n.get("hidden")]
        ids = [n["id"] for n in nodes]
        positions = {n["id"]: (float(n["x"]), float(n["y"])) for n in nodes}
        colours = dict(state.get("style", {}).get("colour", {}))
    if ids is None:
        entities = list(view.iter_entities())
        wanted = {e.id for e in entities}
        relations = [r for r in view.iter_relations() if r.source_id in wanted and r.target_id in wanted]
    else:
        ids = list(ids)
        found = view.get_entities(ids)
        entities = [found[i] for i in ids if i in found]
        wanted = set(found)
        seen: dict[str, Relation] = {}
        for i in wanted:
            for r in view.relations_of(i):
                if r.source_id in wanted and r.target_id in wanted:
                    seen[r.id] = r
        relations = sorted(seen.values(), key=lambda r: r.id)
    withheld: dict[tuple[str, str], int] = {}
    entities = [_without_member(_strip_sensitive(view.schema, e, withheld)) for e in entities]
    relations = [_without_member(r) for r in relations]
    sources: dict[str, list[SourceRecord]] = {}
    if with_sources:
        for record in (*entities, *relations):
            with contextlib.suppress(KnooppuntError):
                sources[record.id] = _sources_without_member(view.sources(record.id))
    return ExchangeGraph(entities, relations, view.schema, audience, positions,
                         {k: v for k, v in colours.items() if k in wanted}, sources, chart, withheld)


def audit_export(store: Store, target: Path | str, graph: ExchangeGraph, fmt: str) -> None:
    """The audit entry of a finished export (the `export` right was checked by `collect`)."""
    details = {"format": fmt, "audience": graph.audience, "marking": graph.classification,
               "relations": len(graph.relations), "chart": graph.chart}
    record = getattr(store, "record_export", None)
    if record is not None:
        record(str(target), len(graph.entities), **details)
    else:
        store.audit("export", target=str(target), count=len(graph.entities), **details)


# -- flat attributes (GraphML, GEXF) ---------------------------------------------------------------------------
def meta_attrs(record: Record) -> dict[str, Any]:
    """The record's metadata as `kn_*` attributes (only those set)."""
    p = record.provenance
    values = {"kn_type": record.type, "kn_label": record.label, "kn_reliability": record.reliability,
              "kn_credibility": record.credibility, "kn_source": p.source if p else None,
              "kn_reference": p.reference if p else None, "kn_received": p.received if p else None,
              "kn_valid_from": record.valid_from, "kn_valid_to": record.valid_to}
    return {k: v for k, v in values.items() if v not in (None, "")}


def apply_meta(attrs: dict[str, Any]) -> dict[str, Any]:
    """`Record` keyword arguments from `kn_*` attributes (the reverse of `meta_attrs`)."""
    source = attrs.get("kn_source")
    out: dict[str, Any] = {
        "reliability": attrs.get("kn_reliability") or None,
        "credibility": str(attrs["kn_credibility"]) if attrs.get("kn_credibility") not in (None, "") else None,
        "valid_from": attrs.get("kn_valid_from") or None, "valid_to": attrs.get("kn_valid_to") or None,
        "provenance": Provenance(source=str(source), reference=attrs.get("kn_reference") or None,
                                 received=attrs.get("kn_received") or None) if source else None,
    }
    if attrs.get("kn_label"):
        out["label"] = str(attrs["kn_label"])
    return out


def attribute_type(schema_type: str) -> str:
    """The GraphML attr.type of a schema property type (GEXF uses the same names but `integer`)."""
    return {"number": "double", "bool": "boolean"}.get(schema_type, "string")


# -- imports ----------------------------------------------------------------------------------------------------
@dataclass
class Incoming:
    """A record read from another tool's file, still carrying that tool's id (and, for relations, its ends)."""

    foreign_id: str
    record: Entity | Relation
    where: str  # for messages: "node n3", "ChartItem CI7", "line 12"


@dataclass
class ImportReport:
    """What an exchange import did, and what it could not map (one line each)."""

    file: str
    fmt: str
    entities: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # how something was read that is kept all the same (a partial date as a day, a phone with its holder's
    # country code, LegalEntity as Company, an edge's type read as --edge-type): said, but no loss
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    # Types for a file that names none (a published network from networkx or Gephi): the analyst says.
    node_type: str | None = None
    edge_type: str | None = None
    # an edge attribute whose value names each edge's relation type (GraphML/GEXF: `relation`, `Edge Label`),
    # its values read as type codes, type names (nl/en) or through `edge_type_map` (value -> type code)
    edge_type_from: str | None = None
    edge_type_map: dict[str, str] = field(default_factory=dict)
    # a node attribute whose value names each node's entity type (a two-mode network from networkx: its
    # `bipartite` 0/1), read as type codes, names (nl/en) or through `node_type_map` (value -> type code)
    node_type_from: str | None = None
    node_type_map: dict[str, str] = field(default_factory=dict)
    # of the edges that name no type: each text attribute's values and how many edges have each (at most
    # EDGE_VALUES_SHOWN values an attribute): what the import dialog offers to take the relation type from
    edge_values: dict[str, Counter[str]] = field(default_factory=dict)
    node_values: dict[str, Counter[str]] = field(default_factory=dict)  # the same of the untyped nodes
    unread: dict[str, int] = field(default_factory=dict)
    # of `unread`: the nodes (entities) and edges (relations) that name no type at all
    untyped: dict[str, int] = field(default_factory=dict)
    # what build_record left out, by (type, what): [count, first place, first value]; fold() words it
    left: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    def left_out(self, kind: str, what: str, where: str, value: Any = None) -> None:
        entry = self.left.setdefault((kind, what), [0, where, value])
        entry[0] += 1

    def fold(self) -> None:
        """One problem line per type and field left out, not one per node: Gephi writes `r`, `g`, `b`, `x`,
        `y`, `size` on every node, and a line each would bury the rest."""
        for (kind, what), (count, where, value) in self.left.items():
            if what.startswith("edge-type:"):
                attr, _, given = what.removeprefix("edge-type:").partition(":")
                text = (f"edge {attr} {given!r} names no relation type" if given else f"edge without {attr!r}") + (
                    f"; read as {kind}" if kind else "; not imported (give its type with --edge-type-map VALUE=TYPE "
                                                   "or --edge-type)")
            elif what.startswith("node-type:"):
                attr, _, given = what.removeprefix("node-type:").partition(":")
                text = (f"node {attr} {given!r} names no entity type" if given else f"node without {attr!r}") + (
                    f"; read as {kind}" if kind else "; not imported (give its type with --node-type-map VALUE=TYPE "
                                                   "or --node-type)")
            elif what == "end":  # an edge whose end node was not imported (untyped, refused, absent)
                text = f"end {value!r} is not an imported entity" if count == 1 else (
                    "an edge's end is not an imported entity")
            elif what == "edge label":
                text = (f"edge label {str(value)[:80]!r} left out (a relation has no caption; give the text a key "
                        f"the schema of {kind} has)")
            elif what.startswith("ftm"):
                text = _ftm_left_out(kind, what, value)
            else:
                text = f"property {what!r} is not in the schema of {kind}; left out"
            kept = what.startswith(("ftm-as:", "ftm-phone:", "ftm-date:", "ftm-kvk:")) or (
                what.startswith(("edge-type:", "node-type:")) and bool(kind))
            (self.notes if kept else self.problems).append(
                f"{self.file}: {where}: {text}" if count == 1 else
                f"{self.file}: {text} ({counted(count, 'record', 'records')}, the first {where})")
        self.left.clear()

    def rows(self) -> list[dict[str, Any]]:
        name = Path(self.file).name
        return [{"file": name, "what": what, "new": c.get("new", 0), "merged": c.get("merged", 0),
                 "unchanged": c.get("unchanged", 0), "rejected": c.get("rejected", 0)}
                for what, c in (("entities", self.entities), ("relations", self.relations))]


# What an FtM import could not keep as it stood, by the kind of note (`ftm-<kind>:<property>`): the line it prints.
_FTM_LEFT_OUT = {
    "ftm-many": "FtM {prop} has {count} values ({shown}): {kind} holds one; the first kept",
    "ftm-partial": "FtM {prop} {shown} gives no day; left out (the {kind} kept without it)",
    "ftm-date": "FtM {prop} is a partial date, read as a day ({value})",
    "ftm-schema": "FtM schema {prop!r} has no Knooppunt type; left out",
    "ftm-missing": "FtM {kind} without {prop!r} (whom it concerns): kept unlinked",
    "ftm-as": "FtM schema {prop!r} imported as {kind}",
    "ftm-phone": "FtM phone number without country code read with its holder's country ({value})",
    "ftm-phone-none": ("FtM phone number {shown} has no country code and its holder names no one country; "
                       "left out"),
    "ftm-holder": "FtM {kind} names holder {shown}, not an imported person or company; left out",
    "ftm-involved": "FtM {kind} names {shown} as involved, not an imported person or company; left out",
    "ftm-organizer": "FtM {kind} names {shown} as organizer, not an imported person or company; left out",
    "ftm-number": "FtM {kind} without a number; left out",
    "ftm-kvk": "FtM registrationNumber {shown} is not a KvK number; kept among the {kind}'s identifications",
}


def _ftm_left_out(kind: str, what: str, value: Any) -> str:
    prefix, prop = what.split(":", 1)
    template = _FTM_LEFT_OUT.get(prefix, "FtM property {prop!r} ({shown}) has no {kind} property; left out")
    return template.format(prop=prop, kind=kind, value=value, shown=f"{str(value)[:60]!r}",
                           count=len(value) if prefix == "ftm-many" else 0)


def is_knooppunt_id(value: str, prefix: str) -> bool:
    """Whether another file's id is one of ours (`per-0123…`) of the expected type prefix."""
    try:
        parse_id(value)
    except KnooppuntError:
        return False
    return value.startswith(prefix + "-")


def looks_like_id(text: str) -> bool:
    """A caption that is only a record id (an entity without caption properties): not a name."""
    try:
        parse_id(text)
    except KnooppuntError:
        return False
    return True


def _entity_id(schema: Schema, entity: Entity, foreign_id: str, fmt: str) -> str:
    """Identity first (a KvK number is the same company everywhere); else our own id when the file
    came from Knooppunt; else a stable id from the other tool's id, so a second import merges."""
    et = schema.entity_type(entity.type)
    props = schema.normalise_properties(et.properties, entity.properties, entity.type)
    if schema.identity_key(et, props) is not None:
        return ""
    if is_knooppunt_id(foreign_id, type_prefix(et.name)):
        return foreign_id
    return format_id(type_prefix(et.name), key_of(f"{et.name}|exchange={fmt}|ref={foreign_id}"))


def file_source(incoming: list[Incoming], name: str) -> None:
    """A record the file gives no source for is said by the file itself (never by "hand").

    An ANB chart item without source, a GraphML node from another tool, FtM: the file's name is
    the source, the item's id in it the reference, today the date received.
    """
    today = date.today().isoformat()
    for item in incoming:
        if item.record.provenance is None:
            item.record.provenance = Provenance(source=name, reference=item.foreign_id or None, received=today)


def import_records(store: Store, incoming: list[Incoming], report: ImportReport, *, label: str,
                   dry_run: bool, progress: Callable[[int], None] | None = None) -> ImportReport:
    """Write what a reader produced as ONE audited import; bad records are reported with where they were.

    `progress(n)` is told each time n more records were written (CLI bar, GUI operation:
    rate and time left); it may raise `Cancelled`, which rolls the whole import back.
    """
    from importers.activity import import_transaction

    schema = store.schema
    ids: dict[str, str] = {}
    types: dict[str, str] = {}
    entities: list[Entity] = []
    relations: list[Relation] = []
    refused: set[str] = set()  # entities already reported: a relation to one is not reported again
    file_source(incoming, Path(report.file).name)
    for item in incoming:
        rec = item.record
        if not isinstance(rec, Entity):
            continue
        if rec.label == "":
            rec.label = label
        try:
            rec.id = _entity_id(schema, rec, item.foreign_id, report.fmt)
            schema.prepare_entity(rec)
        except KnooppuntError as exc:
            report.problems.append(f"{report.file}: {item.where}: {exc}")
            refused.add(item.foreign_id)
            continue
        ids[item.foreign_id] = rec.id
        types[rec.id] = rec.type
        entities.append(rec)
    for item in incoming:
        rel = item.record
        if not isinstance(rel, Relation):
            continue
        if rel.label == "":
            rel.label = label
        missing = [end for end in (rel.source_id, rel.target_id) if end not in ids]
        if missing:
            if not refused.issuperset(missing):  # the refused end's own line says why; one line for them all
                report.left_out("", "end", item.where, missing[0])
            continue
        rel.source_id, rel.target_id = ids[rel.source_id], ids[rel.target_id]
        rel.id = item.foreign_id if is_knooppunt_id(item.foreign_id, "rel") else ""
        try:
            schema.prepare_relation(rel, types[rel.source_id], types[rel.target_id])
        except KnooppuntError as exc:
            report.problems.append(f"{report.file}: {item.where}: {exc}")
            continue
        relations.append(rel)
    report.fold()
    report.entities["rejected"] = (report.unread.get("entities", 0)
                                   + sum(isinstance(i.record, Entity) for i in incoming) - len(entities))
    report.relations["rejected"] = (report.unread.get("relations", 0)
                                    + sum(isinstance(i.record, Relation) for i in incoming) - len(relations))
    report.dry_run = dry_run
    if dry_run:
        existing = store.get_entities(e.id for e in entities)
        report.entities.update(new=sum(e.id not in existing for e in entities), merged=len(existing))
        report.relations.update(new=len(relations))
        return report
    # A record read twice (an ANB card: a further source of the same item) is written in a second
    # batch, so the store adds it as a source instead of folding it into the first within one batch.
    with import_transaction(store, file=Path(report.file).name, format=report.fmt) as summary:
        first_e, more_e = _first_and_more(entities)
        first_r, more_r = _first_and_more(relations)
        es = _upsert_in_chunks(store.upsert_entities, first_e, progress)
        rs = _upsert_in_chunks(store.upsert_relations, first_r, progress)
        for batch in more_e:
            _upsert_in_chunks(store.upsert_entities, batch, progress)
        for rbatch in more_r:
            _upsert_in_chunks(store.upsert_relations, rbatch, progress)
        summary.update(entities=len(entities), relations=len(relations), problems=len(report.problems))
    report.entities.update(new=es.created, merged=es.updated, unchanged=es.unchanged)
    report.relations.update(new=rs.created, merged=rs.updated, unchanged=rs.unchanged)
    return report


PROGRESS_CHUNK = 5000  # records written between two progress reports


def _upsert_in_chunks(upsert: Callable[[list[R]], UpsertStats], records: list[R],
                      progress: Callable[[int], None] | None) -> UpsertStats:
    """Upsert in chunks of distinct ids (one round of `_first_and_more`), reporting after each."""
    if progress is None:
        return upsert(records)
    total = UpsertStats()
    for start in range(0, len(records), PROGRESS_CHUNK):
        chunk = records[start:start + PROGRESS_CHUNK]
        total.add(upsert(chunk))
        progress(len(chunk))
    return total


def _first_and_more(records: list[R]) -> tuple[list[R], list[list[R]]]:
    """The first record of each id, then further rounds of repeats (in file order)."""
    rounds: list[list[R]] = []
    seen: dict[str, int] = {}
    for r in records:
        n = seen.get(r.id, 0)
        seen[r.id] = n + 1
        while len(rounds) <= n:
            rounds.append([])
        rounds[n].append(r)
    return (rounds[0] if rounds else []), rounds[1:]


def safe_xml_parser() -> Any:
    """An lxml parser that resolves no entities and fetches nothing (files come from elsewhere)."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=True)


def xml_text(value: Any) -> str:
    """A value as XML text: lists joined with `; `, control characters XML forbids removed."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    text = str(value)
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)
