"""The facts of a briefing, gathered from the project as the audience would see it.

Everything here reads a store narrowed to the audience's clearance (`store.with_caller`), so a
record above it is absent from the chart, the tables, the timeline and the sources, and every
derived figure -- degree, relations, red flags and their evidence -- is computed by the analysis
catalogue on that narrowed graph, never on the analyst's own. A chart node the audience may not
see is LEFT OUT, not drawn as "[afgeschermd]": a placeholder would still tell the reader that
someone is there, and how they are connected. The briefing says which audience it was made for.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graph.access import labelled_settings
from graph.analysis import catalogue
from graph.briefing.audiences import Audience, AudienceBook, Marking
from graph.errors import KnooppuntError, NotFound
from graph.formatting import format_date, format_number
from graph.model import Relation
from graph.sources import sources_list
from graph.store import Caller, Store

CHART_PREFIX = "chart."  # views/chart/storage.py: settings `chart.<name>` hold the saved chart as JSON
KEY_TYPES = {"Person": "persons", "Company": "companies", "Address": "addresses"}
MAX_EVENTS = 40
MAX_EVIDENCE = 5


@dataclass(slots=True)
class ChartNode:
    id: str
    type: str
    type_title: str
    caption: str
    label: str
    x: float
    y: float
    colour: str


@dataclass(slots=True)
class ChartEdge:
    id: str
    source: str
    target: str
    type_title: str
    label: str


@dataclass(slots=True)
class Flag:
    indicator: str
    value: str
    explanation: str
    evidence: list[str]  # readable lines: the records behind the flag, with source and grading
    evidence_count: int


@dataclass(slots=True)
class KeyEntity:
    id: str
    type_title: str
    caption: str
    degree: int
    relations: int
    grading: str
    source: str
    flags: list[Flag] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    date: str  # dd-mm-jjjj
    sort_key: str
    text: str


@dataclass(slots=True)
class SourceRow:
    source: str
    grading: str
    records: int


@dataclass(slots=True)
class AnalysisUsed:
    key: str
    title: str
    description: str
    parameters: str


@dataclass(slots=True)
class Facts:
    """What a briefing shows; every list already narrowed to the audience."""

    audience: Audience
    clearance: frozenset[str]  # the audience's labels that the author may see too
    marking: Marking
    chart_name: str
    nodes: list[ChartNode]
    edges: list[ChartEdge]
    legend: list[tuple[str, str]]  # (type title, colour)
    tables: dict[str, list[KeyEntity]]  # persons, companies, addresses
    events: list[Event]
    sources: list[SourceRow]
    analyses: list[AnalysisUsed]
    labels: set[str]  # security labels of the records shown

    def all_text(self) -> str:
        """Every name, id and line the briefing holds (tests look for redacted names in it)."""
        return json.dumps([[n.id, n.caption] for n in self.nodes] + [
            [k.id, k.caption, [f.evidence for f in k.flags]] for t in self.tables.values() for k in t]
            + [e.text for e in self.events], ensure_ascii=False)


def load_saved_chart(store: Store, name: str) -> dict[str, Any]:
    """A chart saved by the workbench (format 1: nodes with id/x/y/hidden, edges as relation ids)."""
    raw = labelled_settings.get(store, CHART_PREFIX + name)
    if not raw:
        names = sorted(k[len(CHART_PREFIX):] for k in labelled_settings.like(store, CHART_PREFIX))
        raise KnooppuntError(f"chart {name!r}: not saved in this project (saved: {', '.join(names) or 'none'})")
    state: dict[str, Any] = json.loads(raw)
    return state


def narrowed(store: Any, audience: Audience) -> Any:
    """The store as the audience sees it, never more than the author may see (a clearance can not be raised)."""
    clearance = audience.labels & store.caller.clearance
    if not clearance:
        raise KnooppuntError(f"audience {audience.name!r}: none of its labels is in your clearance")
    return store.with_caller(Caller(user=store.caller.user, clearance=frozenset(clearance)))


UNSAVED = "huidig schema"  # the name a briefing of the chart on screen (not saved) carries


def collect(store: Any, chart: str | dict[str, Any], audience: Audience, book: AudienceBook, *, lang: str = "nl",
            reference_date: str | None = None) -> Facts:
    """Gather the briefing's facts for `audience` from a saved chart (its name) or a chart state.

    A state is what the workbench saves (`views.chart.widget.ChartWidget.state()`): the chart on
    screen or a selection of it, briefed without saving it first; only its ids and positions are
    used, the records are read again as the audience sees them.
    """
    view = narrowed(store, audience)
    schema = view.schema
    state = load_saved_chart(view, chart) if isinstance(chart, str) else chart
    chart_name = chart if isinstance(chart, str) else str(chart.get("name") or UNSAVED)
    placed = {n["id"]: n for n in state.get("nodes", []) if not n.get("hidden")}
    g = view.subgraph(list(placed))  # the store drops what the audience may not see
    wanted = set(state.get("edges", [])) or None
    colours = (state.get("style") or {}).get("colour") or {}
    nodes = []
    for node, attrs in g.nodes(data=True):
        et = schema.entities.get(attrs["type"])
        title = et.title(lang) if et else attrs["type"]
        nodes.append(ChartNode(node, attrs["type"], title, attrs.get("caption") or node,
                               attrs.get("label", "open"), float(placed[node].get("x", 0)),
                               float(placed[node].get("y", 0)), colours.get(node) or (et.color if et else "#777777")))
    edges = []
    for u, v, key, attrs in g.edges(keys=True, data=True):
        if wanted is None or key in wanted:
            rt = schema.relations.get(attrs["type"])
            edges.append(ChartEdge(key, u, v, rt.title(lang) if rt else attrs["type"], attrs.get("label", "open")))
    legend = sorted({(n.type_title, schema.entities[n.type].color if n.type in schema.entities else n.colour)
                     for n in nodes})

    # Derived figures: the catalogue on the narrowed project, audited as the analyses of this briefing.
    centrality_opts: dict[str, Any] = {"measures": ["degree", "relations"]}
    flag_opts: dict[str, Any] = {"lang": lang, "reference_date": reference_date}
    cent = catalogue.run(view, "centrality", ui_lang=lang, **centrality_opts)
    flags = catalogue.run(view, "flags", ui_lang=lang, **flag_opts)
    degree = {r["id"]: (int(r["degree"]), int(r["relations"])) for r in cent.to_dict("records")}
    ids = {n.id for n in nodes}
    entities = view.get_entities(ids)
    tables: dict[str, list[KeyEntity]] = {k: [] for k in KEY_TYPES.values()}
    by_id: dict[str, KeyEntity] = {}
    for n in nodes:
        if n.type not in KEY_TYPES:
            continue
        e = entities[n.id]
        d, r = degree.get(n.id, (0, 0))
        key = KeyEntity(n.id, n.type_title, n.caption, d, r, e.grading,
                        e.provenance.source if e.provenance else "")
        by_id[n.id] = key
        tables[KEY_TYPES[n.type]].append(key)
    evidence_ids: set[str] = set()
    for row in flags.to_dict("records"):
        target = by_id.get(row["entity_id"])
        if target is None:
            continue
        ev = list(row["evidence"])
        evidence_ids.update(ev)
        target.flags.append(Flag(str(row["label"]), format_number(row["value"], lang), str(row["explanation"]),
                                 [_evidence_line(view, i, lang) for i in ev[:MAX_EVIDENCE]], len(ev)))
    for rows in tables.values():
        rows.sort(key=lambda k: (-len(k.flags), -k.degree, k.caption.casefold()))

    relations = [view.get_relation(e.id) for e in edges]
    events = _timeline(relations, {n.id: n.caption for n in nodes}, schema, lang)
    shown = ids | {e.id for e in edges} | evidence_ids
    records = _records(view, shown)
    sources = _sources(view, {r.id: r.grading for r in records})
    # The marking covers what the figures rest on too: a degree counts relations that are not on the chart.
    labels = {r.label for r in records} | {r.label for k in by_id for r in view.relations_of(k)}
    analyses = []
    for key, opts in (("centrality", centrality_opts), ("flags", flag_opts)):
        a = catalogue.get(key)
        values = a.values({k: v for k, v in opts.items() if v is not None})
        params = "; ".join(f"{a.param(k).label(lang)}: {_param_text(v)}" for k, v in values.items())
        analyses.append(AnalysisUsed(key, a.title(lang), a.description(lang), params))
    return Facts(audience, frozenset(view.caller.clearance), book.marking_for(labels), chart_name, nodes, edges,
                 legend, tables, events, sources, analyses, labels)


def _param_text(value: Any) -> str:
    if value is None:
        return "standaard"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _records(view: Any, ids: set[str]) -> list[Any]:
    """The entities and relations among ids (the evidence of flags is either)."""
    found: dict[str, Any] = dict(view.get_entities(ids))
    for i in ids - set(found):
        try:
            found[i] = view.get_relation(i)
        except (NotFound, KnooppuntError):
            continue
    return list(found.values())


def _evidence_line(view: Any, record_id: str, lang: str) -> str:
    """A record behind a flag, as a reader can check it: what, between whom, when, source and grading."""
    schema = view.schema
    try:
        rel: Relation = view.get_relation(record_id)
    except (NotFound, KnooppuntError):
        found = view.get_entities([record_id]).get(record_id)
        if found is None:
            return record_id
        src = found.provenance.source if found.provenance else "-"
        return f"{found.caption} ({src}, {found.grading})"
    ends = view.get_entities([rel.source_id, rel.target_id])
    a = ends[rel.source_id].caption if rel.source_id in ends else rel.source_id
    b = ends[rel.target_id].caption if rel.target_id in ends else rel.target_id
    rt = schema.relations.get(rel.type)
    when = format_date(rel.valid_from, lang)
    src = rel.provenance.source if rel.provenance else "-"
    return f"{a} {rt.title(lang) if rt else rel.type} {b}{' sinds ' + when if when else ''} ({src}, {rel.grading})"


def _timeline(relations: list[Relation], captions: dict[str, str], schema: Any, lang: str) -> list[Event]:
    """Key events: the start and end of each relation on the chart, oldest first."""
    events = []
    for r in relations:
        rt = schema.relations.get(r.type)
        what = f"{captions.get(r.source_id, r.source_id)} {rt.title(lang) if rt else r.type} " \
               f"{captions.get(r.target_id, r.target_id)}"
        if r.valid_from:
            events.append(Event(format_date(r.valid_from, lang), r.valid_from, f"begin: {what}"))
        if r.valid_to:
            events.append(Event(format_date(r.valid_to, lang), r.valid_to, f"einde: {what}"))
    events.sort(key=lambda e: (e.sort_key, e.text))
    return events[:MAX_EVENTS]


def _sources(view: Any, gradings: dict[str, str]) -> list[SourceRow]:
    """The sources of the records in the briefing, with the grading of those records (hidden ones absent)."""
    rows = []
    for s in sources_list(view):
        mine = [i for i in (*s.entities, *s.relations) if i in gradings]
        if not mine:
            continue
        counts = Counter(gradings[i] for i in mine)
        rows.append(SourceRow(s.source, ", ".join(f"{g} ×{n}" for g, n in counts.most_common()), len(mine)))
    return rows
