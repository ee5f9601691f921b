"""The one catalogue of network analyses: what each takes, what it returns, how to show it.

The CLI (`knooppunt analyse ...`) and the GUI (Analysis menu) both render from this table
and both execute through `run()`, so an analysis has one key, one parameter set with
defaults and bounds, one set of result columns with display names (nl/en) and kinds (how
to format them), and leaves one identical `analyse` audit entry whichever interface ran it.
The chart actions of the GUI ("Size by score", "Colour by group", "Open evidence") use the
declared id, score, group and evidence columns instead of guessing from column names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from graph.errors import KnooppuntError
from graph.progress import ProgressLike

Texts = dict[str, str]  # language -> text


def text(texts: Texts, lang: str, fallback: str = "") -> str:
    return texts.get(lang) or texts.get("en") or fallback


@dataclass(frozen=True)
class Scope:
    """Which part of the caller's network an analysis runs on."""

    entity_types: tuple[str, ...] = ()
    relation_types: tuple[str, ...] = ()
    start: str | None = None  # relations valid on or after (ISO or dd-mm-jjjj)
    end: str | None = None  # relations valid on or before
    component: str | None = None  # only the connected component containing this entity
    ids: tuple[str, ...] = ()  # only these entities and the relations among them

    def details(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items() if v not in (None, ())}


# Parameter kinds: int, float, bool, str, choice (one of choices), choices (several), strings (a list),
# id (an entity id; the GUI fills it from the chart selection when named in Analysis.selection),
# date (ISO or dd-mm-jjjj), file (a path).
PARAM_KINDS = ("int", "float", "bool", "str", "choice", "choices", "strings", "id", "date", "file")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: Any
    labels: Texts
    helps: Texts
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def label(self, lang: str) -> str:
        return text(self.labels, lang, self.name)

    def help(self, lang: str) -> str:
        return text(self.helps, lang)

    def check(self, analysis: str, value: Any) -> Any:
        """The value as the analysis takes it; a one-line error naming analysis and parameter if it is not."""
        if value is None:
            return None
        where = f"{analysis}: {self.name}"
        if self.kind in ("int", "float"):
            try:
                number: float = int(value) if self.kind == "int" else float(value)
            except (TypeError, ValueError):
                raise KnooppuntError(f"{where}: {value!r} is not a number") from None
            if self.minimum is not None and number < self.minimum:
                raise KnooppuntError(f"{where}: {value} is below the minimum {self.minimum:g}")
            if self.maximum is not None and number > self.maximum:
                raise KnooppuntError(f"{where}: {value} is above the maximum {self.maximum:g}")
            return number
        if self.kind == "bool":
            return bool(value)
        if self.kind in ("choices", "strings"):
            items = [value] if isinstance(value, str) else list(value)
            bad = [i for i in items if self.choices and i not in self.choices]
            if bad:
                raise KnooppuntError(f"{where}: unknown {bad[0]!r} (choose from {', '.join(self.choices)})")
            return items
        if self.kind == "choice" and self.choices and value not in self.choices:
            raise KnooppuntError(f"{where}: unknown {value!r} (choose from {', '.join(self.choices)})")
        return value


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # a graph.formatting kind: text, id, ids, integer, number, score, date, bool, list, entity_type,
    # type_counts, relation_hops, period (graph.analysis.display)
    labels: Texts

    def label(self, lang: str) -> str:
        return text(self.labels, lang, self.name)


@dataclass(frozen=True)
class Analysis:
    key: str
    func: Callable[..., pd.DataFrame]  # (graph, **parameters) -> table
    titles: Texts
    descriptions: Texts
    params: tuple[Param, ...]
    columns: tuple[Column, ...]
    id_columns: tuple[str, ...] = ()  # the row's entity first, then others a click also selects
    score: str | None = None  # "Size by score"
    group: str | None = None  # "Colour by group"
    evidence: str | None = None  # "Open evidence": ids of the records behind a row
    selection: tuple[str, ...] = ()  # id parameters the GUI fills from the chart selection, in order
    optional_columns: tuple[str, ...] = ()  # declared columns some parameter values leave out

    @property
    def needs_selection(self) -> int:
        return len(self.selection)

    def title(self, lang: str) -> str:
        return text(self.titles, lang, self.key)

    def description(self, lang: str) -> str:
        return text(self.descriptions, lang)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KnooppuntError(f"{self.key}: unknown parameter {name!r} (known: {', '.join(self.parameter_names)})")

    @property
    def parameter_names(self) -> list[str]:
        return [p.name for p in self.params]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        return Column(name, "text", {})

    @property
    def id_column(self) -> str | None:
        return self.id_columns[0] if self.id_columns else None

    def headers(self, columns: list[str], lang: str) -> list[str]:
        return [self.column(c).label(lang) for c in columns]

    def values(self, options: dict[str, Any]) -> dict[str, Any]:
        """Every parameter with the given value or its default, checked: what runs and what is audited."""
        for name in options:
            self.param(name)
        return {p.name: p.check(self.key, options.get(p.name, p.default)) for p in self.params}


# -- the analyses -------------------------------------------------------------------------------------------
def _t(nl: str, en: str) -> Texts:
    return {"nl": nl, "en": en}


def _param(name: str, kind: str, default: Any, nl: str, en: str, nl_help: str, en_help: str,
           **kw: Any) -> Param:
    return Param(name, kind, default, _t(nl, en), _t(nl_help, en_help), **kw)


# Every column any analysis returns: kind and display names, declared once.
_COLUMNS: dict[str, tuple[str, str, str]] = {
    "id": ("id", "Id", "Id"),
    "type": ("entity_type", "Type", "Type"),
    "caption": ("text", "Naam", "Name"),
    "component": ("integer", "Component", "Component"),
    "component_size": ("integer", "Grootte component", "Component size"),
    "degree": ("integer", "Graad", "Degree"),
    "relations": ("ids", "Relaties", "Relations"),
    "betweenness": ("score", "Tussenpositie", "Betweenness"),
    "bridging": ("score", "Brugfunctie", "Bridging"),
    "closeness": ("score", "Nabijheid", "Closeness"),
    "eigenvector": ("score", "Eigenvector", "Eigenvector"),
    "pagerank": ("score", "PageRank", "PageRank"),
    "postcode": ("text", "Postcode", "Postcode"),
    "po_box": ("bool", "Postbus", "PO box"),
    "occupants": ("integer", "Ingeschrevenen", "Occupants"),
    "companies": ("integer", "Bedrijven", "Companies"),
    "persons": ("integer", "Personen", "Persons"),
    "other": ("integer", "Overig", "Other"),
    "max_concurrent": ("integer", "Max. tegelijk", "Max. at once"),
    "max_concurrent_on": ("date", "Max. tegelijk op", "Max. at once on"),
    "current": ("integer", "Huidig", "Current"),
    "arrivals": ("integer", "Komst", "Arrivals"),
    "departures": ("integer", "Vertrek", "Departures"),
    "churn": ("integer", "Verloop", "Churn"),
    "virtual_office": ("bool", "Virtueel kantoor", "Virtual office"),
    "occupant_ids": ("ids", "Ingeschrevenen (ids)", "Occupants (ids)"),
    "a_id": ("id", "Id A", "Id A"),
    "a_caption": ("text", "Naam A", "Name A"),
    "a_type": ("entity_type", "Type A", "Type A"),
    "b_id": ("id", "Id B", "Id B"),
    "b_caption": ("text", "Naam B", "Name B"),
    "b_type": ("entity_type", "Type B", "Type B"),
    "shared": ("integer", "Gedeelde adressen", "Shared addresses"),
    "concurrent": ("integer", "Tegelijk", "At the same time"),
    "addresses": ("ids", "Adressen", "Addresses"),
    "events_shared": ("integer", "Samen aanwezig", "Together at"),
    "events": ("ids", "Gebeurtenissen", "Events"),
    "from": ("date", "Vanaf", "From"),
    "to": ("date", "Tot", "To"),
    "days": ("integer", "Dagen", "Days"),
    "directorships": ("integer", "Bestuursfuncties", "Directorships"),
    "short_lived": ("integer", "Kortlevend", "Short-lived"),
    "brief_tenures": ("integer", "Korte termijnen", "Brief tenures"),
    "risk_branch_companies": ("integer", "In risicobranche", "In risk branches"),
    "risk_branches": ("risk_branches", "Risicobranches", "Risk branches"),
    "first_appointed": ("date", "Eerst benoemd", "First appointed"),
    "last_appointed": ("date", "Laatst benoemd", "Last appointed"),
    "company_ids": ("ids", "Bedrijven (ids)", "Companies (ids)"),
    "registered": ("date", "Ingeschreven", "Registered"),
    "ended": ("date", "Beëindigd", "Ended"),
    "directors": ("integer", "Bestuurders", "Directors"),
    "appointments": ("integer", "Benoemingen", "Appointments"),
    "changes": ("integer", "Wisselingen", "Changes"),
    "years_active": ("number", "Jaren actief", "Years active"),
    "changes_per_year": ("number", "Wisselingen per jaar", "Changes per year"),
    "directors_ids": ("ids", "Bestuurders (ids)", "Directors (ids)"),
    "length": ("integer", "Lengte", "Length"),
    "chain": ("ids", "Keten", "Chain"),
    "captions": ("list", "Namen", "Names"),
    "root_id": ("id", "Begin (id)", "Root (id)"),
    "root_caption": ("text", "Begin", "Root"),
    "end_id": ("id", "Eind (id)", "End (id)"),
    "circular": ("bool", "Kringeigendom", "Circular"),
    "top_owners": ("list", "Uiteindelijke eigenaren", "Top owners"),
    "path": ("integer", "Pad", "Path"),
    "step": ("integer", "Stap", "Step"),
    "from_id": ("id", "Van (id)", "From (id)"),
    "from_caption": ("text", "Van", "From"),
    "from_type": ("entity_type", "Type van", "From type"),
    "relation": ("relation_hops", "Relatie", "Relation"),
    "to_id": ("id", "Naar (id)", "To (id)"),
    "to_caption": ("text", "Naar", "To"),
    "to_type": ("entity_type", "Type naar", "To type"),
    "valid": ("period", "Geldig", "Valid"),
    "distance": ("integer", "Afstand", "Distance"),
    "via": ("id", "Via (id)", "Via (id)"),
    "community": ("integer", "Groep", "Community"),
    "community_size": ("integer", "Grootte groep", "Community size"),
    "size": ("integer", "Grootte", "Size"),
    "types": ("type_counts", "Typen", "Types"),
    "external_relations": ("integer", "Relaties naar buiten", "External relations"),
    "members": ("ids", "Leden", "Members"),
    "community_a": ("integer", "Groep A", "Community A"),
    "community_b": ("integer", "Groep B", "Community B"),
    "size_a": ("integer", "Grootte A", "Size A"),
    "size_b": ("integer", "Grootte B", "Size B"),
    "relations_between": ("integer", "Relaties ertussen", "Relations between"),
    "entities_a": ("ids", "Entiteiten A", "Entities A"),
    "entities_b": ("ids", "Entiteiten B", "Entities B"),
    "entity_id": ("id", "Id", "Id"),
    "indicator": ("indicator", "Indicator", "Indicator"),
    "label": ("text", "Signaal", "Flag"),
    "value": ("number", "Waarde", "Value"),
    "threshold": ("number", "Drempel", "Threshold"),
    "explanation": ("text", "Toelichting", "Explanation"),
    "evidence_count": ("integer", "Bewijsstukken", "Evidence records"),
    "evidence": ("ids", "Bewijs (ids)", "Evidence (ids)"),
    "flags": ("integer", "Signalen", "Flags"),
    "indicators": ("indicators", "Indicatoren", "Indicators"),
}
# Column names that mean different things in different analyses.
_OVERRIDES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("centrality", "relations"): ("integer", "Relaties", "Relations"),
    ("directors", "companies"): ("ids", "Bedrijven", "Companies"),
}


# The keys of an analysis' method notes (graph.analysis.method), as people read them.
METHOD_KEYS: dict[str, Texts] = {
    "degree": _t("graad", "degree"), "relations": _t("relaties", "relations"),
    "betweenness": _t("tussenpositie", "betweenness"), "bridging": _t("brugfunctie", "bridging"),
    "closeness": _t("nabijheid", "closeness"), "eigenvector": _t("eigenvector", "eigenvector"),
    "pagerank": _t("PageRank", "PageRank"), "paths": _t("paden", "paths"),
    "short_lived": _t("kortlevend", "short-lived"), "directorship": _t("bestuursfunctie", "directorship"),
    "changes": _t("wisselingen", "changes"), "ownership": _t("eigendom", "ownership"),
    "truncated": _t("afgekapt", "truncated"), "occupancy": _t("inschrijving", "occupancy"),
    "churn period": _t("periode verloop", "churn period"), "pairs": _t("paren", "pairs"),
    "communities": _t("groepen", "communities"), "modularity": _t("modulariteit", "modularity"),
    "indicators": _t("indicatoren", "indicators"), "reference_date": _t("peildatum", "reference date"),
}
METHOD_WORD = _t("methode", "method")


def method_lines(attrs: dict[str, Any], lang: str) -> list[str]:
    """The method notes of a result in the language: "methode tussenpositie: exact (...)".

    Texts come from `attrs["method_texts"]` ({nl, en} per key); plain values (a date, a number,
    a flag) are formatted for the language; results made before the notes were bilingual fall
    back to `attrs["method"]`."""
    from graph.formatting import format_date, format_value
    notes = attrs.get("method_texts") or attrs.get("method") or {}
    lines = []
    for key, value in notes.items():
        if isinstance(value, dict):
            shown = text(value, lang)
        elif key.endswith("date"):
            shown = format_date(value, lang)
        else:
            shown = format_value(value, lang, "score" if isinstance(value, float) else "text")
        label = text(METHOD_KEYS.get(key, {}), lang, key)
        lines.append(f"{text(METHOD_WORD, lang)} {label}: {shown}")
    return lines


def _columns(key: str, names: str) -> tuple[Column, ...]:
    out = []
    for name in names.split():
        kind, nl, en = _OVERRIDES.get((key, name)) or _COLUMNS[name]
        out.append(Column(name, kind, _t(nl, en)))
    return tuple(out)


def _start_end() -> tuple[Param, Param]:
    return (_param("start", "date", None, "Vanaf", "From", "Tel wijzigingen vanaf deze datum.",
                   "Count changes from this date."),
            _param("end", "date", None, "Tot", "To", "Tel wijzigingen tot deze datum.",
                   "Count changes up to this date."))


def _seed() -> Param:
    return _param("seed", "int", 0, "Startwaarde", "Seed", "Startwaarde van het toeval: dezelfde waarde, dezelfde "
                  "uitkomst.", "Random seed: the same seed gives the same result.", minimum=0)


def _centrality(g: Any, **values: Any) -> pd.DataFrame:
    from graph.analysis import centrality
    return centrality.centrality(g, **values)


def _addresses(g: Any, **values: Any) -> pd.DataFrame:
    from graph.analysis import addresses
    return addresses.shared_addresses(g, **values)


def _address_pairs(g: Any, **values: Any) -> pd.DataFrame:
    from graph.analysis import addresses
    return addresses.shared_address_pairs(g, **values)


def _co_occupants(g: Any, *, address: str) -> pd.DataFrame:
    from graph.analysis import addresses
    return addresses.co_occupants(g, address)


def _co_attendance(g: Any, **values: Any) -> pd.DataFrame:
    from graph.analysis import events
    return events.co_attendance(g, **values)


def _director_load(g: Any, **values: Any) -> pd.DataFrame:
    from graph.analysis import directors
    return directors.director_load(g, **values)


def _director_churn(g: Any, **values: Any) -> pd.DataFrame:
    from graph.analysis import directors
    return directors.director_churn(g, **values)


def _ownership_chains(g: Any, **values: Any) -> pd.DataFrame:
    from graph.analysis import directors
    return directors.ownership_chains(g, **values)


def _connection(g: Any, *, a: str, b: str, k: int | None, all_paths: bool) -> pd.DataFrame:
    from graph.analysis import paths
    return paths.connection(g, a, b, k=k, all_paths=all_paths)


def _neighbourhood(g: Any, *, node: str, depth: int) -> pd.DataFrame:
    from graph.analysis import paths
    return paths.neighbourhood(g, node, depth)


def _clusters(view: str) -> Callable[..., pd.DataFrame]:
    def func(g: Any, *, method: str, resolution: float, seed: int, member_of: str | None = None) -> pd.DataFrame:
        from graph.analysis import clusters
        members = clusters.communities(g, method=method, resolution=resolution, seed=seed)
        if view == "members":
            df = members
            if member_of is not None:
                hit = members[members["id"] == member_of]
                if hit.empty:
                    raise KnooppuntError(f"{member_of}: not in the analysed graph")
                df = members[members["community"] == hit["community"].iloc[0]].reset_index(drop=True)
        elif view == "bridges":
            df = clusters.cluster_bridges(g, members)
        else:
            df = clusters.cluster_summary(g, members)
        df.attrs = dict(members.attrs)
        return df
    return func


def _flags(summary: bool) -> Callable[..., pd.DataFrame]:
    def func(g: Any, *, indicator_file: str | None, **values: Any) -> pd.DataFrame:
        from graph.analysis import indicators
        df = indicators.red_flags(g, config=indicators.load_indicators(indicator_file), **values)
        if summary:
            out = indicators.flag_summary(df)
            out.attrs = dict(df.attrs)
            return out
        return df
    return func


def _catalogue() -> dict[str, Analysis]:
    measures = ("degree", "relations", "betweenness", "bridging", "closeness", "eigenvector", "pagerank")
    cluster_params = (
        _param("method", "choice", "leiden", "Methode", "Method",
               "Leiden of Louvain (groepen) of samenhangende componenten.",
               "Leiden or Louvain (communities) or connected components.",
               choices=("leiden", "louvain", "components")),
        _param("resolution", "float", 1.0, "Resolutie", "Resolution", "Hoger: kleinere groepen.",
               "Higher: smaller communities.", minimum=0.01, maximum=100),
        _seed())
    flag_params = (
        _param("indicator_file", "file", None, "Indicatorbestand", "Indicator file",
               "Eigen indicatordefinities (standaard die van Knooppunt).",
               "Own indicator definitions (default: the packaged ones)."),
        _param("indicators", "strings", None, "Indicatoren", "Indicators", "Alleen deze indicatoren (leeg: alle).",
               "Only these indicators (empty: all)."),
        _param("reference_date", "date", None, "Peildatum", "Reference date",
               "Verloop wordt geteld tot deze datum (standaard vandaag).",
               "Churn is counted before this date (default today)."),
        _param("lang", "choice", "nl", "Taal", "Language", "Taal van de signalen en toelichtingen.",
               "Language of the flags and explanations.", choices=("nl", "en")),
        _param("entity", "id", None, "Entiteit", "Entity", "Alleen de signalen van deze entiteit.",
               "Only the flags of this entity."))
    analyses = [
        Analysis(
            "centrality", _centrality, _t("Centraliteit", "Centrality"),
            _t("Wie houdt het netwerk bij elkaar: graad, tussenpositie, PageRank.",
               "Who holds the network together: degree, betweenness, PageRank."),
            (_param("measures", "choices", list(measures), "Maten", "Measures", "Welke maten berekenen.",
                    "Which measures to compute.", choices=measures),
             _param("method", "choice", "auto", "Rekenwijze", "Method",
                    "Tussenpositie en nabijheid: exact, steekproef, of exact tot de grens.",
                    "Betweenness/closeness: exact, sampled, or exact up to the limit.",
                    choices=("auto", "exact", "sampled")),
             _param("samples", "int", 256, "Steekproef", "Samples", "Aantal spilpunten bij een steekproef (nabijheid).",
                    "Pivots when sampling closeness.", minimum=1, maximum=100_000),
             _param("exact_limit", "int", 30_000, "Grens exact", "Exact limit",
                    "auto: exact tot dit aantal entiteiten.", "auto: exact up to this many entities.",
                    minimum=1, maximum=10_000_000),
             _param("epsilon", "float", 0.002, "Foutmarge", "Margin",
                    "Steekproef van de tussenpositie: elke waarde wijkt hoogstens zoveel af (met kans 1 - delta).",
                    "Sampled betweenness: every value is within this margin (with probability 1 - delta).",
                    minimum=0.0001, maximum=0.5),
             _param("delta", "float", 0.1, "Foutkans", "Failure probability",
                    "De kans dat de foutmarge niet gehaald wordt.", "The chance that the margin does not hold.",
                    minimum=0.001, maximum=0.5),
             _seed(),
             _param("sort", "choice", None, "Sorteren op", "Sort by", "Rangschik op deze maat (standaard "
                    "tussenpositie).", "Rank by this measure (default betweenness).", choices=measures),
             _param("types", "strings", None, "Alleen typen", "Only types", "Toon alleen entiteiten van deze typen.",
                    "List only entities of these types.")),
            _columns("centrality", "id type caption component component_size " + " ".join(measures)),
            id_columns=("id",), score="betweenness", group="component",
            optional_columns=measures),
        Analysis(
            "addresses", _addresses, _t("Gedeelde adressen", "Shared addresses"),
            _t("Verzamelpanden, postbusfirma's en wie samen ingeschreven stond.",
               "Crowded addresses, PO-box firms and who was registered together."),
            (_param("min_occupants", "int", 2, "Minimaal ingeschreven", "Minimum occupants",
                    "Adressen met minstens zoveel ingeschrevenen.", "Addresses with at least this many occupants.",
                    minimum=1, maximum=1_000_000),
             *_start_end(),
             _param("virtual_office_companies", "int", 10, "Virtueel kantoor vanaf", "Virtual office from",
                    "Markeer adressen met zoveel bedrijven en geen bewoners.",
                    "Flag addresses with this many companies and no residents.", minimum=1, maximum=1_000_000)),
            _columns("addresses", "id caption postcode po_box occupants companies persons other max_concurrent "
                     "max_concurrent_on current arrivals departures churn virtual_office occupant_ids relations"),
            id_columns=("id",), score="occupants", evidence="occupant_ids"),
        Analysis(
            "address_pairs", _address_pairs, _t("Wie deelt adressen", "Who shares addresses"),
            _t("Personen en bedrijven die vaak op hetzelfde adres stonden.",
               "Persons and companies that were often registered at the same address."),
            (_param("max_occupants", "int", 50, "Maximaal ingeschreven", "Maximum occupants",
                    "Sla adressen met meer ingeschrevenen over (verzamelpanden).",
                    "Skip addresses with more occupants (crowded buildings).", minimum=2, maximum=1_000_000),),
            _columns("address_pairs", "a_id a_caption a_type b_id b_caption b_type shared concurrent addresses"),
            id_columns=("a_id", "b_id"), score="shared", evidence="addresses"),
        Analysis(
            "co_occupants", _co_occupants, _t("Tegelijk ingeschreven op adres", "Registered at the same time"),
            _t("Wie stond tegelijk ingeschreven op het geselecteerde adres?",
               "Who was registered at the selected address at the same time?"),
            (_param("address", "id", None, "Adres", "Address", "Het adres (id).", "The address (id)."),),
            _columns("co_occupants", "a_id a_caption a_type b_id b_caption b_type from to days relations"),
            id_columns=("a_id", "b_id"), score="days", evidence="relations", selection=("address",)),
        Analysis(
            "co_attendance", _co_attendance, _t("Wie was samen aanwezig", "Who attended the same events"),
            _t("Personen en bedrijven die samen bij dezelfde bijeenkomsten of gebeurtenissen waren (een tweemodaal "
               "netwerk: personen bij de bijeenkomsten waar ze waren).",
               "Persons and companies that attended the same meetings or events (a two-mode network: persons "
               "by the meetings they attended)."),
            (_param("max_attendees", "int", 50, "Maximaal aanwezigen", "Maximum attendees",
                    "Sla gebeurtenissen met meer aanwezigen over (een congres zegt weinig over wie wie kent).",
                    "Skip events with more attendees (a congress says little about who knows whom).",
                    minimum=2, maximum=1_000_000),),
            _columns("co_attendance", "a_id a_caption a_type b_id b_caption b_type events_shared events"),
            id_columns=("a_id", "b_id"), score="events_shared", evidence="events"),
        Analysis(
            "directors", _director_load, _t("Bestuurders (katvangers)", "Directors (straw men)"),
            _t("Bestuurders met veel, kortlevende of risicobranche-ondernemingen.",
               "Directors of many, short-lived or risk-branch companies."),
            (_param("short_lived_days", "int", 730, "Kortlevend (dagen)", "Short-lived (days)",
                    "Een onderneming die korter bestond telt als kortlevend.",
                    "A company that existed for less counts as short-lived.", minimum=1, maximum=36_500),
             _param("min_directorships", "int", 1, "Minimaal bestuursfuncties", "Minimum directorships",
                    "Bestuurders met minstens zoveel functies.", "Directors with at least this many directorships.",
                    minimum=1, maximum=100_000)),
            _columns("directors", "id caption type directorships current short_lived brief_tenures "
                     "risk_branch_companies risk_branches first_appointed last_appointed companies relations"),
            id_columns=("id",), score="directorships", evidence="companies"),
        Analysis(
            "director_churn", _director_churn, _t("Bestuurderswisselingen", "Director churn"),
            _t("Ondernemingen waarvan de bestuurders vaak wisselen.", "Companies whose directors keep changing."),
            _start_end(),
            _columns("director_churn", "id caption registered ended directors appointments departures changes "
                     "years_active changes_per_year directors_ids relations"),
            id_columns=("id",), score="changes", evidence="directors_ids"),
        Analysis(
            "ownership_chains", _ownership_chains, _t("Eigendomsketens", "Ownership chains"),
            _t("Ketens van ondernemingen die ondernemingen bezitten.", "Chains of companies owning companies."),
            (_param("min_length", "int", 2, "Minimale lengte", "Minimum length",
                    "Ketens van minstens zoveel eigendomsrelaties.", "Chains of at least this many ownership links.",
                    minimum=2, maximum=1000),),
            _columns("ownership_chains", "length chain captions root_id root_caption end_id circular top_owners "
                     "relations"),
            id_columns=("root_id", "end_id"), score="length", evidence="chain"),
        Analysis(
            "connection", _connection, _t("Hoe hangen A en B samen", "How A connects to B"),
            _t("Hoe zijn de twee geselecteerde entiteiten verbonden?", "How are the two selected entities connected?"),
            (_param("a", "id", None, "Van", "From", "De eerste entiteit (id).", "The first entity (id)."),
             _param("b", "id", None, "Naar", "To", "De tweede entiteit (id).", "The second entity (id)."),
             _param("k", "int", None, "Maximale lengte", "Maximum length",
                    "Elk pad van hoogstens zoveel relaties (leeg: de kortste).",
                    "Every path of at most this many relations (empty: the shortest).", minimum=1, maximum=12),
             _param("all_paths", "bool", True, "Alle kortste paden", "All shortest paths",
                    "Alle kortste paden in plaats van één.", "All shortest paths instead of one.")),
            _columns("connection", "path step from_id from_caption from_type relation to_id to_caption to_type valid "
                     "relations"),
            id_columns=("from_id", "to_id"), group="path", evidence="relations", selection=("a", "b")),
        Analysis(
            "neighbourhood", _neighbourhood, _t("Omgeving (k stappen)", "k-hop neighbourhood"),
            _t("Alle entiteiten binnen k stappen van de geselecteerde entiteit.",
               "Every entity within k steps of the selected entity."),
            (_param("node", "id", None, "Entiteit", "Entity", "Het middelpunt (id).", "The centre (id)."),
             _param("depth", "int", 1, "Stappen", "Steps", "Hoeveel relaties ver.", "How many relations away.",
                    minimum=1, maximum=6)),
            _columns("neighbourhood", "id type caption distance via relation relations"),
            id_columns=("id",), group="distance", evidence="relations", selection=("node",)),
        Analysis(
            "clusters", _clusters("summary"), _t("Clusters", "Clusters"),
            _t("Groepen en componenten: grootte, samenstelling, relaties naar buiten.",
               "Communities and components: size, make-up, external relations."),
            cluster_params,
            _columns("clusters", "community size types component external_relations members"),
            score="size", evidence="members"),
        Analysis(
            "cluster_members", _clusters("members"), _t("Groepen (Leiden)", "Communities (Leiden)"),
            _t("Dicht verbonden groepen: families, bedrijvennetwerken.",
               "Densely linked groups: families, company networks."),
            (*cluster_params,
             _param("member_of", "id", None, "Groep van", "Community of", "Alleen de groep van deze entiteit.",
                    "Only the community containing this entity.")),
            _columns("cluster_members", "id type caption community community_size component"),
            id_columns=("id",), score="community_size", group="community"),
        Analysis(
            "cluster_bridges", _clusters("bridges"), _t("Bruggen tussen clusters", "Cluster bridges"),
            _t("Welke groepen zijn met elkaar verbonden, en via wie?",
               "Which communities are linked, and through whom?"),
            cluster_params,
            _columns("cluster_bridges", "community_a community_b size_a size_b relations_between entities_a "
                     "entities_b relations"),
            score="relations_between", evidence="relations"),
        Analysis(
            "flags", _flags(False), _t("Signalen", "Red flags"),
            _t("Uitlegbare signalen per entiteit, met de records als bewijs.",
               "Explainable flags per entity, with the records as evidence."),
            flag_params,
            _columns("flags", "entity_id type caption indicator label value threshold explanation evidence_count "
                     "evidence"),
            id_columns=("entity_id",), score="value", group="indicator", evidence="evidence"),
        Analysis(
            "flag_summary", _flags(True), _t("Signalen per entiteit", "Flags per entity"),
            _t("Eén regel per entiteit met signalen, met de indicatoren.",
               "One row per flagged entity, with its indicators."),
            flag_params,
            _columns("flag_summary", "entity_id type caption flags indicators"),
            id_columns=("entity_id",), score="flags"),
    ]
    return {a.key: a for a in analyses}


CATALOGUE: dict[str, Analysis] = _catalogue()


def get(key: str) -> Analysis:
    if key not in CATALOGUE:
        raise KnooppuntError(f"unknown analysis {key!r} (known: {', '.join(CATALOGUE)})")
    return CATALOGUE[key]


def load_graph(store: Any, scope: Scope = Scope()) -> Any:
    """The caller's graph from the store (the store applies the caller's clearance), narrowed to the scope."""
    from graph.analysis.filters import component_containing, filter_graph, restrict
    g = store.graph(entity_types=scope.entity_types or None, relation_types=scope.relation_types or None)
    g = filter_graph(g, start=scope.start, end=scope.end)
    if scope.component:
        g = component_containing(g, scope.component)
    if scope.ids:
        g = restrict(g, scope.ids)
    return g


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


STAGES = {"load": _t("Netwerk laden…", "Loading the network…"), "analyse": _t("Analyseren…", "Analysing…")}


def run(store: Any, key: str, scope: Scope = Scope(), *, top: int | None = None,
        progress: ProgressLike | None = None, ui_lang: str = "en", **options: Any) -> pd.DataFrame:
    """Run one analysis for the store's caller and record it in the audit log: the only way to run one.

    `options` are the analysis' parameters (unknown names and values out of bounds are one-line
    errors); missing ones take their declared default, and the audit entry lists them all, so
    the CLI and the GUI leave the same entry for the same question. `progress` sees the two
    stages (in `ui_lang`) and may cancel between them.
    """
    analysis = get(key)
    values = analysis.values(options)
    missing = [p for p in analysis.selection if not values.get(p)]
    if missing:
        raise KnooppuntError(f"{key}: {', '.join(missing)} is required")
    if progress is not None:
        progress(0, 3, text(STAGES["load"], ui_lang))
    g = load_graph(store, scope)
    if progress is not None:
        progress(1, 3, text(STAGES["analyse"], ui_lang))
    df = analysis.func(g, **values)
    if progress is not None:
        progress(2, 3)
    if top is not None:
        attrs = dict(df.attrs)
        df = df.head(top)
        df.attrs = attrs
    details = {**scope.details(), **{k: _jsonable(v) for k, v in values.items() if v is not None}}
    details.update(analysis=key, rows=len(df), entities=g.number_of_nodes(), top=top)
    store.audit("analyse", **details)
    if progress is not None:
        progress(3, 3)
    return df
