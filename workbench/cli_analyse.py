"""`knooppunt analyse ...`: the network analyses of graph/analysis on the command line.

Every verb goes through `graph.analysis.catalogue.run`, as the GUI does: it loads the graph
the acting member may see (the store filters by clearance), narrows it (--type, --relation,
--from/--to, --component, --ids), runs one analysis and records it in the audit log. This
module prints the table with the catalogue's column names in the interface language
(--lang, or KNOOPPUNT_LANG; Dutch by default) and numbers and dates formatted for people;
--format csv|json, --output FILE, --csv FILE and --xlsx FILE keep the raw column keys and
values for machines. The method used (exact or sampled, with its error bound) goes to
stderr in the interface language, so it never mixes with machine output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click
import pandas as pd

from graph.analysis import centrality, clusters
from graph.analysis.catalogue import Scope, get, method_lines, run
from graph.analysis.display import display_cell
from graph.analysis.filters import iso_day
from graph.errors import KnooppuntError
from workbench.context import common_options, emit_rows, interface_lang, open_store, opt
from workbench.output import TerminalProgress

F = TypeVar("F", bound=Callable[..., Any])


def graph_options(func: F) -> F:
    """Options every analysis shares: which part of the network, how many rows, which files."""
    options = [
        click.option("--type", "types", multiple=True, metavar="TYPE",
                     help="Only entities of this type in the network (repeatable)."),
        click.option("--relation", "relations", multiple=True, metavar="TYPE",
                     help="Only relations of this type (repeatable)."),
        click.option("--from", "start", metavar="DATE",
                     help="Only relations valid on or after DATE (yyyy-mm-dd or dd-mm-jjjj)."),
        click.option("--to", "end", metavar="DATE", help="Only relations valid on or before DATE."),
        click.option("--component", metavar="ID", help="Only the connected component containing this entity."),
        click.option("--ids", metavar="ID,ID,...", help="Only these entities and the relations among them."),
        click.option("--top", type=click.IntRange(min=1), help="Show only the first N rows."),
        click.option("--csv", "csv_file", type=click.Path(dir_okay=False),
                     help="Write the rows to FILE.csv instead of printing them."),
        click.option("--xlsx", "xlsx_file", type=click.Path(dir_okay=False),
                     help="Write the rows to FILE.xlsx instead of printing them."),
    ]
    for option in reversed(options):
        func = option(func)
    return common_options(func)


def _analyse(params: dict[str, Any], analysis: str, **options: Any) -> None:
    """Run one analysis for the acting member (audited by `run`) and print or write its table."""
    for key, ext in (("csv_file", ".csv"), ("xlsx_file", ".xlsx")):
        target = params.get(key)
        if target and not str(target).lower().endswith(ext):
            raise KnooppuntError(f"{target}: --{ext[1:]} needs a file name ending in {ext}")
    scope = Scope(entity_types=tuple(params.get("types") or ()), relation_types=tuple(params.get("relations") or ()),
                  start=params.get("start"), end=params.get("end"), component=params.get("component"),
                  ids=tuple(i.strip() for i in (params.get("ids") or "").split(",") if i.strip()))
    lang = interface_lang()
    store = open_store()
    shown = TerminalProgress(get(analysis).title(lang), unit="steps")
    try:
        df = run(store, analysis, scope, top=params.get("top"), progress=shown.progress, ui_lang=lang, **options)
    finally:
        shown.finish()
    for line in method_lines({str(k): v for k, v in df.attrs.items()}, lang):  # in the interface language
        click.echo(f"# {line}", err=True)
    explanation = (df.attrs.get("explanation") or {}).get(interface_lang())
    if explanation:  # what an estimate's margin means, in the interface language
        click.echo(f"# {explanation}", err=True)
    rows, columns = _records(df), [str(c) for c in df.columns]
    targets = [f for f in (params.get("csv_file"), params.get("xlsx_file")) if f]
    if not targets:
        declared = None
        if opt("fmt", "table") == "table" and not opt("output"):
            rows, declared = _display(analysis, rows, columns, lang, store.schema)
        emit_rows(rows, columns, declared=declared)
        return
    ctx = click.get_current_context()
    for target in targets:  # through emit_rows, so each file is an audited, permission-checked export
        ctx.meta["knooppunt.output"] = target
        emit_rows(rows, columns)


def _display(analysis: str, rows: list[dict[str, Any]], columns: list[str],
             lang: str, schema: Any) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The table people read: values formatted by column kind, entity types by their title
    (Persoon, not Person), and the catalogue's column names in the language (headed by
    `emit_rows`, the one header path). Files and --format csv/json keep the codes."""
    spec = get(analysis)
    kinds = [spec.column(c).kind for c in columns]

    shown = [{c: display_cell(r.get(c), k, lang, schema) for c, k in zip(columns, kinds, strict=True)}
             for r in rows]
    return shown, {c.name: c.label(lang) for c in spec.columns}


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain Python values (NaN as None) for the shared table/CSV/JSON/XLSX writer."""
    clean = df.astype(object).where(df.notna(), None) if len(df) else df
    return [{str(k): (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
            for row in clean.to_dict("records")]


@click.group("analyse")
def analyse_group() -> None:
    """Network analyses: centrality, shared addresses, shared events, directors, paths, clusters, red flags."""


@analyse_group.command("centrality")
@graph_options
@click.option("--measure", "measures", multiple=True, type=click.Choice(centrality.MEASURES),
              help="Measures to compute (repeatable; default all).")
@click.option("--sort", type=click.Choice(centrality.MEASURES), help="Rank by this measure (default betweenness).")
@click.option("--show", "show", multiple=True, metavar="TYPE", help="List only entities of this type.")
@click.option("--method", type=click.Choice(["auto", "exact", "sampled"]), default="auto", show_default=True,
              help="Betweenness/closeness: exact, sampled (pivots), or exact up to --exact-limit entities.")
@click.option("--samples", default=centrality.SAMPLES, show_default=True, help="Closeness: pivots when sampling.")
@click.option("--epsilon", default=centrality.EPSILON, show_default=True, type=click.FloatRange(0, 1, min_open=True,
              max_open=True), help="Sampled betweenness: largest error of any value (with 90% certainty).")
@click.option("--exact-limit", default=centrality.EXACT_LIMIT, show_default=True,
              help="auto: exact up to this many entities.")
@click.option("--seed", default=0, show_default=True)
def centrality_cmd(**params: Any) -> None:
    """Degree, relations, betweenness, bridging, closeness, eigenvector, PageRank per entity."""
    _analyse(params, "centrality", measures=list(params["measures"] or centrality.MEASURES),
             method=params["method"], samples=params["samples"], epsilon=params["epsilon"],
             exact_limit=params["exact_limit"],
             seed=params["seed"], sort=params["sort"], types=list(params["show"]) or None)


@analyse_group.command("addresses")
@graph_options
@click.option("--min", "min_occupants", default=2, show_default=True, help="Addresses with at least N occupants.")
@click.option("--pairs", is_flag=True, help="List persons/companies sharing addresses, ranked, instead.")
@click.option("--address", metavar="ID", help="Who was registered at this address at the same time.")
@click.option("--virtual-office", default=10, show_default=True,
              help="Flag addresses with this many companies and no residents.")
def addresses_cmd(**params: Any) -> None:
    """Shared addresses: occupants by type, concurrency, churn in --from/--to, PO-box/virtual-office flags."""
    if params["address"]:
        _analyse(params, "co_occupants", address=params["address"])
    elif params["pairs"]:
        _analyse(params, "address_pairs")
    else:
        _analyse(params, "addresses", min_occupants=params["min_occupants"], start=params["start"],
                 end=params["end"], virtual_office_companies=params["virtual_office"])


@analyse_group.command("events")
@graph_options
@click.option("--max", "max_attendees", default=50, show_default=True,
              help="Skip events with more attendees (a congress says little about who knows whom).")
def events_cmd(**params: Any) -> None:
    """Who attended the same meetings or events (a two-mode network), most shared first."""
    _analyse(params, "co_attendance", max_attendees=params["max_attendees"])


@analyse_group.command("directors")
@graph_options
@click.option("--view", type=click.Choice(["load", "churn", "chains"]), default="load", show_default=True,
              help="load: directors of many companies; churn: companies changing directors; chains: ownership.")
@click.option("--short-lived-days", default=730, show_default=True)
@click.option("--min", "minimum", default=1, show_default=True,
              help="load: at least N directorships; chains: at least N ownership links (default 2).")
def directors_cmd(**params: Any) -> None:
    """Straw-man patterns: many (short-lived, risk-branch) directorships, director churn, ownership chains."""
    view = params["view"]
    if view == "load":
        _analyse(params, "directors", short_lived_days=params["short_lived_days"],
                 min_directorships=params["minimum"])
    elif view == "churn":
        _analyse(params, "director_churn", start=params["start"], end=params["end"])
    else:
        _analyse(params, "ownership_chains", min_length=max(params["minimum"], 2))


@analyse_group.command("path")
@graph_options
@click.argument("source")
@click.argument("target", required=False)
@click.option("--max-length", type=click.IntRange(min=1), help="Every path of at most K relations.")
@click.option("--one", is_flag=True, help="Only one shortest path.")
@click.option("--depth", default=1, show_default=True, help="Without TARGET: entities within K relations.")
def path_cmd(**params: Any) -> None:
    """How SOURCE is connected to TARGET (hop by hop, with relations); without TARGET its k-hop neighbourhood."""
    if params["target"]:
        _analyse(params, "connection", a=params["source"], b=params["target"], k=params["max_length"],
                 all_paths=not params["one"])
    else:
        _analyse(params, "neighbourhood", node=params["source"], depth=params["depth"])


@analyse_group.command("clusters")
@graph_options
@click.option("--method", type=click.Choice(clusters.METHODS), default="leiden", show_default=True)
@click.option("--view", type=click.Choice(["summary", "members", "bridges"]), default="summary", show_default=True)
@click.option("--member-of", metavar="ID", help="members: only the community containing this entity.")
@click.option("--resolution", default=1.0, show_default=True, help="Higher: smaller communities.")
@click.option("--seed", default=0, show_default=True)
def clusters_cmd(**params: Any) -> None:
    """Connected components and communities (Leiden/Louvain), their members and the bridges between them."""
    analysis = {"summary": "clusters", "members": "cluster_members", "bridges": "cluster_bridges"}[params["view"]]
    options = {"member_of": params["member_of"]} if params["view"] == "members" else {}
    _analyse(params, analysis, method=params["method"], resolution=params["resolution"], seed=params["seed"],
             **options)


@analyse_group.command("flags")
@graph_options
@click.option("--indicators", "indicator_file", type=click.Path(exists=True, dir_okay=False),
              help="Indicator definitions (default: the packaged graph/data/indicators.yaml).")
@click.option("--indicator", "chosen", multiple=True, help="Only this indicator (repeatable).")
@click.option("--entity", metavar="ID", help="Only the flags of this entity.")
@click.option("--reference-date", metavar="DATE", help="Churn is counted before this date (default --to or today).")
@click.option("--summary", is_flag=True, help="One row per flagged entity with its indicators.")
def flags_cmd(**params: Any) -> None:
    """Explainable red flags per entity, each with its value, threshold, explanation and evidence ids."""
    _analyse(params, "flag_summary" if params["summary"] else "flags", indicator_file=params["indicator_file"],
             indicators=list(params["chosen"]) or None,
             reference_date=iso_day(params["reference_date"]) or iso_day(params["end"]), lang=interface_lang(),
             entity=params["entity"])
