"""Explainable red flags per entity, with the records behind each flag.

Never a black-box score: every flag names the indicator, the measured value, the
threshold it passed, a sentence an analyst can put in a report, and the ids of the
records (relations and entities) that are its evidence. The indicator set and its
thresholds live in `graph/data/indicators.yaml`, read at every run, so a municipality
can tune them to its own Bibob policy without touching code.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import yaml

from graph.analysis.addresses import max_concurrent, occupancies
from graph.analysis.directors import DIRECTOR, OWNERSHIP, company_lifetime, is_short_lived, risk_branches
from graph.analysis.filters import iso_day
from graph.analysis.method import set_method
from graph.analysis.projection import Projection, project
from graph.errors import KnooppuntError
from graph.risk import branch_title

FLAG_COLUMNS = ["entity_id", "type", "caption", "indicator", "label", "value", "threshold", "explanation",
                "evidence_count", "evidence"]
LINKED_COMPANY = (*DIRECTOR, *OWNERSHIP, "ubo_of")
Config = dict[str, Any]


def load_indicators(path: str | Path | None = None) -> Config:
    """The indicator definitions (default: the packaged indicators.yaml), checked."""
    name = str(path or "graph/data/indicators.yaml")
    try:
        text = (Path(path).read_text(encoding="utf-8") if path is not None
                else resources.files("graph").joinpath("data/indicators.yaml").read_text(encoding="utf-8"))
        data = yaml.safe_load(text) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KnooppuntError(f"{name}: cannot read indicator file: {exc}") from None
    indicators = data.get("indicators")
    if not isinstance(indicators, dict):
        raise KnooppuntError(f"{name}: no 'indicators' mapping")
    for key, spec in indicators.items():
        if key not in INDICATORS:
            raise KnooppuntError(f"{name}: unknown indicator {key!r} (known: {', '.join(INDICATORS)})")
        if not isinstance(spec, dict) or not isinstance(spec.get("threshold"), int | float):
            raise KnooppuntError(f"{name}: indicator {key!r} needs a numeric 'threshold'")
        for field, value in spec.items():
            if field not in ("enabled", "applies_to", "label", "explain") and not isinstance(value, int | float):
                raise KnooppuntError(f"{name}: indicator {key!r} field {field!r} must be a number, got {value!r}")
    return indicators


class _Context:
    """What indicators share: the graph, language, reference date, and a lazy projection."""

    def __init__(self, g: nx.MultiDiGraph, lang: str, reference: str):
        self.g = g
        self.lang = lang
        self.reference = reference
        self._proj: Projection | None = None

    @property
    def proj(self) -> Projection:
        if self._proj is None:
            self._proj = project(self.g)
        return self._proj

    def row(self, node: str, key: str, spec: Config, value: float, threshold: float, evidence: Iterable[str],
            **fields: Any) -> dict[str, Any]:
        data = self.g.nodes[node]
        label = spec.get("label") or {}
        template = (spec.get("explain") or {}).get(self.lang) or (spec.get("explain") or {}).get("en") or ""
        try:
            text = template.format(value=value, threshold=threshold, **fields)
        except (KeyError, ValueError, IndexError) as exc:
            raise KnooppuntError(f"indicators.yaml: explanation of {key!r} uses an unknown field: {exc}") from None
        ev = list(dict.fromkeys(evidence))
        return {"entity_id": node, "type": data.get("type"), "caption": data.get("caption"), "indicator": key,
                "label": label.get(self.lang) or label.get("en") or key, "value": value, "threshold": threshold,
                "explanation": text, "evidence_count": len(ev), "evidence": ev}


def _crowded_address(ctx: _Context, spec: Config) -> Iterable[dict[str, Any]]:
    g, threshold = ctx.g, spec["threshold"]
    for node, data in g.nodes(data=True):
        if data.get("type") != "Address" or len(g._pred[node]) < threshold:
            continue
        occ = occupancies(g, node)
        companies = [o for o in occ if g.nodes[o].get("type") == "Company"]
        if len(companies) < threshold:
            continue
        persons = sum(1 for o in occ if g.nodes[o].get("type") == "Person")
        peak, _ = max_concurrent({c: occ[c] for c in companies})
        po_box = ""
        if (data.get("properties") or {}).get("po_box"):
            po_box = "; postbus" if ctx.lang == "nl" else "; PO box"
        evidence = [k for c in sorted(companies) for _, _, k in occ[c]] + sorted(companies)
        yield ctx.row(node, "crowded_address", spec, len(companies), threshold, evidence,
                      max_concurrent=peak, persons=persons, po_box=po_box)


def _directorships(g: nx.MultiDiGraph) -> dict[str, dict[str, list[str]]]:
    per: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for u, v, k, d in g.edges(keys=True, data=True):
        if d.get("type") in DIRECTOR and g.nodes[v].get("type") == "Company":
            per[u][v].append(k)
    return per


def _strawman(ctx: _Context, spec: Config) -> Iterable[dict[str, Any]]:
    g, threshold = ctx.g, spec["threshold"]
    days = int(spec.get("short_lived_days", 730))
    for director, companies in _directorships(g).items():
        if len(companies) < threshold:
            continue
        short = [c for c in companies if is_short_lived(g.nodes[c], days)]
        risky = [c for c in companies if risk_branches(g.nodes[c])]
        if len(short) < spec.get("min_short_lived", 1) and len(risky) < spec.get("min_risk_branch", 1):
            continue
        branches = sorted({b for c in risky for b in risk_branches(g.nodes[c])})
        evidence = [k for c in sorted(companies) for k in companies[c]] + sorted(companies)
        yield ctx.row(director, "strawman_director", spec, len(companies), threshold, evidence,
                      short_lived=len(short), risk=len(risky), short_lived_days=days,
                      branches=", ".join(branch_title(b, ctx.lang) for b in branches) or "-")


def _risk_concentration(ctx: _Context, spec: Config) -> Iterable[dict[str, Any]]:
    g, threshold = ctx.g, spec["threshold"]
    minimum = spec.get("min_companies", 1)
    linked: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for u, v, k, d in g.edges(keys=True, data=True):
        kind = d.get("type")
        if kind in LINKED_COMPANY and g.nodes[v].get("type") == "Company" and u != v:
            linked[u][v].append(k)
        elif kind == "located_at" and g.nodes[v].get("type") == "Address" and g.nodes[u].get("type") == "Company":
            linked[v][u].append(k)
    for node, companies in linked.items():
        risky = sorted(c for c in companies if risk_branches(g.nodes[c]))
        if len(risky) < minimum:
            continue
        share = len(risky) / len(companies)
        if share < threshold:
            continue
        branches = sorted({b for c in risky for b in risk_branches(g.nodes[c])})
        evidence = [k for c in risky for k in companies[c]] + risky
        yield ctx.row(node, "risk_branch_concentration", spec, round(share, 3), threshold, evidence,
                      risk=len(risky), companies=len(companies),
                      branches=", ".join(branch_title(b, ctx.lang) for b in branches))


def cut_pieces(proj: Projection) -> dict[int, list[tuple[int, list[int]]]]:
    """Per cut vertex: the pieces its removal leaves, as (size, neighbours of v in that piece).

    Built from the block-cut tree of the biconnected components: a cut vertex's pieces are
    the subtrees hanging off it, each weighted by the vertices it holds.
    """
    graph = proj.graph
    blocks, cuts = graph.biconnected_components(return_articulation_points=True)
    if not cuts:
        return {}
    cutset = set(cuts)
    block_members = [list(b) for b in blocks]
    cut_pos, weight, adj = _block_cut_tree(block_members, cuts)
    parent, subtree, total = _subtree_sizes(adj, weight)
    block_of, blocks_of = _blocks_of_vertices(block_members, cutset)
    out: dict[int, list[tuple[int, list[int]]]] = {}
    for v in cuts:
        c = cut_pos[v]
        near = _neighbours_by_block(graph.neighbors(v), blocks_of[v], block_of, blocks_of)
        pieces = []
        for b in adj[c]:
            size = subtree[b] if parent[b] == c else total[c] - subtree[c]
            pieces.append((size, sorted(near[b])))
        out[v] = sorted(pieces, key=lambda p: -p[0])
    return out


def _block_cut_tree(block_members: list[list[int]],
                    cuts: list[int]) -> tuple[dict[int, int], list[int], list[list[int]]]:
    """The block-cut forest: tree nodes 0..B-1 are blocks, B + i is cut vertex cuts[i].

    Returns each cut vertex's tree node, each tree node's weight (a block counts its
    non-cut vertices, a cut vertex itself) and the adjacency lists.
    """
    cutset = set(cuts)
    nb = len(block_members)
    cut_pos = {v: nb + i for i, v in enumerate(cuts)}
    weight = [sum(1 for v in members if v not in cutset) for members in block_members] + [1] * len(cuts)
    adj: list[list[int]] = [[] for _ in range(nb + len(cuts))]
    for b, members in enumerate(block_members):
        for v in members:
            if v in cutset:
                adj[b].append(cut_pos[v])
                adj[cut_pos[v]].append(b)
    return cut_pos, weight, adj


def _subtree_sizes(adj: list[list[int]], weight: list[int]) -> tuple[list[int], list[int], list[int]]:
    """Root each tree of the forest; per tree node its parent (-1 at a root), the weight of its
    subtree and the weight of its whole tree. Iterative, so deep trees need no recursion."""
    parent = [-1] * len(adj)
    subtree = weight[:]
    total = [0] * len(adj)
    seen = [False] * len(adj)
    for root in range(len(adj)):
        if seen[root]:
            continue
        order, stack = [], [root]
        seen[root] = True
        while stack:
            t = stack.pop()
            order.append(t)
            for u in adj[t]:
                if not seen[u]:
                    seen[u] = True
                    parent[u] = t
                    stack.append(u)
        for t in reversed(order):
            if parent[t] >= 0:
                subtree[parent[t]] += subtree[t]
        for t in order:
            total[t] = subtree[root]
    return parent, subtree, total


def _blocks_of_vertices(block_members: list[list[int]],
                        cutset: set[int]) -> tuple[dict[int, int], dict[int, set[int]]]:
    """The one block of each non-cut vertex, and the several blocks of each cut vertex."""
    block_of: dict[int, int] = {}
    blocks_of: dict[int, set[int]] = defaultdict(set)
    for b, members in enumerate(block_members):
        for u in members:
            if u in cutset:
                blocks_of[u].add(b)
            else:
                block_of[u] = b
    return block_of, blocks_of


def _neighbours_by_block(neighbours: Iterable[int], own_blocks: set[int], block_of: dict[int, int],
                         blocks_of: dict[int, set[int]]) -> dict[int, list[int]]:
    """A cut vertex's neighbours grouped by the block it shares with each.

    Each neighbour u lies in exactly one block shared with the cut vertex: a non-cut vertex
    belongs to one block, a cut vertex to several (intersect with the cut vertex's blocks).
    """
    near: dict[int, list[int]] = defaultdict(list)
    for u in neighbours:
        if u in block_of:
            near[block_of[u]].append(u)
        else:
            for b in blocks_of[u] & own_blocks:
                near[b].append(u)
    return near


def _bridging(ctx: _Context, spec: Config) -> Iterable[dict[str, Any]]:
    g, threshold = ctx.g, spec["threshold"]
    proj = ctx.proj
    for v, pieces in cut_pieces(proj).items():
        big = [p for p in pieces if p[0] >= threshold]
        if len(big) < 2:
            continue
        node = proj.ids[v]
        evidence = []
        for _, members in big:
            for u in members:
                other = proj.ids[u]
                evidence += list(g._succ[node].get(other, {})) + list(g._pred[node].get(other, {}))
        sides = " + ".join(str(size) for size, _ in big)
        yield ctx.row(node, "bridging_position", spec, big[1][0], threshold, evidence, sides=sides)


def _recent_churn(ctx: _Context, spec: Config) -> Iterable[dict[str, Any]]:
    g = ctx.g
    until = ctx.reference
    months = int(spec.get("months", 24))
    since = (dt.date.fromisoformat(until) - dt.timedelta(days=round(months * 30.44))).isoformat()

    def inside(day: Any) -> bool:
        d = iso_day(day)
        return d is not None and since <= d <= until

    for node, data in g.nodes(data=True):
        kind = data.get("type")
        if kind == "Address":
            threshold = spec["threshold"]
            rels = [k for spans in occupancies(g, node).values() for f, t, k in spans for day in (f, t)
                    if inside(day)]
        elif kind == "Company":
            threshold = spec.get("min_director_changes", spec["threshold"])
            registered, _ = company_lifetime(data)
            rels = [k for keyed in g._pred[node].values() for k, d in keyed.items() if d.get("type") in DIRECTOR
                    for day in (d.get("valid_from"), d.get("valid_to"))
                    if inside(day) and iso_day(day) != registered]
        else:
            continue
        if len(rels) >= threshold:
            yield ctx.row(node, "recent_churn", spec, len(rels), threshold, rels, since=since, until=until)


INDICATORS: dict[str, Callable[[_Context, Config], Iterable[dict[str, Any]]]] = {
    "crowded_address": _crowded_address,
    "strawman_director": _strawman,
    "risk_branch_concentration": _risk_concentration,
    "bridging_position": _bridging,
    "recent_churn": _recent_churn,
}


def red_flags(g: nx.MultiDiGraph, *, config: Config | None = None, indicators: Iterable[str] | None = None,
              reference_date: Any = None, lang: str = "nl", entity: str | None = None) -> pd.DataFrame:
    """Every flag raised by the enabled indicators, one row each, strongest first per indicator."""
    config = load_indicators() if config is None else config
    chosen = list(indicators) if indicators else [k for k, spec in config.items() if spec.get("enabled", True)]
    for key in chosen:
        if key not in INDICATORS or key not in config:
            raise KnooppuntError(f"unknown or unconfigured indicator {key!r} (known: {', '.join(config)})")
    ctx = _Context(g, lang, iso_day(reference_date) or dt.date.today().isoformat())
    rows = [row for key in chosen for row in INDICATORS[key](ctx, config[key])]
    df = pd.DataFrame(rows, columns=FLAG_COLUMNS)
    order = {key: i for i, key in enumerate(INDICATORS)}
    df["_order"] = df["indicator"].map(order)
    df = df.sort_values(["_order", "value", "entity_id"], ascending=[True, False, True],
                        kind="stable").drop(columns="_order").reset_index(drop=True)
    if entity is not None:
        df = df[df["entity_id"] == entity].reset_index(drop=True)
    titles = {tongue: ", ".join(str((config[k].get("label") or {}).get(tongue) or k) for k in chosen)
              for tongue in ("nl", "en")}
    set_method(df, {"indicators": titles, "reference_date": ctx.reference})  # people read the titles
    return df


def flag_summary(flags: pd.DataFrame) -> pd.DataFrame:
    """Per entity: how many flags and which, most flagged first (a list, not a score)."""
    if flags.empty:
        return pd.DataFrame(columns=["entity_id", "type", "caption", "flags", "indicators"])
    grouped = flags.groupby(["entity_id", "type", "caption"], sort=False)["indicator"].agg(list).reset_index()
    grouped["flags"] = grouped["indicator"].map(len)
    grouped = grouped.rename(columns={"indicator": "indicators"})[["entity_id", "type", "caption", "flags",
                                                                   "indicators"]]
    return grouped.sort_values(["flags", "entity_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
