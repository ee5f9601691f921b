"""Running an analysis against a store: the caller's graph, narrowed, analysed, audited.

The CLI and the GUI both go through `run()`, so every analysis sees only what the store
shows its caller (clearance is applied by the store), is narrowed the same way (types,
time window, component, selection) and leaves one `analyse` entry in the audit log.
`ANALYSES` names each analysis with a title an interface can show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from graph.analysis import addresses, centrality, clusters, directors, indicators, paths
from graph.analysis.filters import component_containing, filter_graph, restrict
from graph.errors import KnooppuntError


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


@dataclass(frozen=True)
class Analysis:
    key: str
    func: Callable[..., pd.DataFrame]  # (graph, **options) -> table
    titles: dict[str, str] = field(default_factory=dict)


def _clusters(view: str) -> Callable[..., pd.DataFrame]:
    def func(g: nx.MultiDiGraph, *, method: str = "leiden", resolution: float = 1.0, seed: int = 0,
             member_of: str | None = None) -> pd.DataFrame:
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


def _flags(g: nx.MultiDiGraph, *, indicator_file: str | None = None, summary: bool = False,
           **options: Any) -> pd.DataFrame:
    df = indicators.red_flags(g, config=indicators.load_indicators(indicator_file), **options)
    if summary:
        out = indicators.flag_summary(df)
        out.attrs = dict(df.attrs)
        return out
    return df


ANALYSES: dict[str, Analysis] = {a.key: a for a in (
    Analysis("centrality", centrality.centrality, {"nl": "Centraliteit", "en": "Centrality"}),
    Analysis("addresses", addresses.shared_addresses, {"nl": "Gedeelde adressen", "en": "Shared addresses"}),
    Analysis("address_pairs", addresses.shared_address_pairs,
             {"nl": "Wie deelt adressen", "en": "Who shares addresses"}),
    Analysis("co_occupants", addresses.co_occupants,
             {"nl": "Tegelijk ingeschreven op adres", "en": "Registered at the same time"}),
    Analysis("directors", directors.director_load, {"nl": "Bestuurders van veel bedrijven", "en": "Director load"}),
    Analysis("director_churn", directors.director_churn,
             {"nl": "Wisselende bestuurders", "en": "Director churn"}),
    Analysis("ownership_chains", directors.ownership_chains,
             {"nl": "Eigendomsketens", "en": "Ownership chains"}),
    Analysis("connection", paths.connection, {"nl": "Hoe hangen A en B samen", "en": "How A connects to B"}),
    Analysis("neighbourhood", paths.neighbourhood, {"nl": "Omgeving (k stappen)", "en": "k-hop neighbourhood"}),
    Analysis("clusters", _clusters("summary"), {"nl": "Clusters", "en": "Clusters"}),
    Analysis("cluster_members", _clusters("members"), {"nl": "Clusterleden", "en": "Cluster members"}),
    Analysis("cluster_bridges", _clusters("bridges"), {"nl": "Bruggen tussen clusters", "en": "Cluster bridges"}),
    Analysis("flags", _flags, {"nl": "Rode vlaggen", "en": "Red flags"}),
)}


def load_graph(store: Any, scope: Scope = Scope()) -> nx.MultiDiGraph:
    """The caller's graph from the store, narrowed to the scope."""
    g = store.graph(entity_types=scope.entity_types or None, relation_types=scope.relation_types or None)
    g = filter_graph(g, start=scope.start, end=scope.end)
    if scope.component:
        g = component_containing(g, scope.component)
    if scope.ids:
        g = restrict(g, scope.ids)
    return g


def run(store: Any, analysis: str, scope: Scope = Scope(), *, top: int | None = None,
        **options: Any) -> pd.DataFrame:
    """Run one analysis for the store's caller and record it in the audit log."""
    if analysis not in ANALYSES:
        raise KnooppuntError(f"unknown analysis {analysis!r} (known: {', '.join(ANALYSES)})")
    g = load_graph(store, scope)
    df = ANALYSES[analysis].func(g, **options)
    if top is not None:
        attrs = dict(df.attrs)
        df = df.head(top)
        df.attrs = attrs
    details = {**scope.details(), **{k: v for k, v in options.items() if v is not None}}
    details.update(analysis=analysis, rows=len(df), entities=g.number_of_nodes(), top=top)
    store.audit("analyse", **details)
    return df
