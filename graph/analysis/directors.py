"""Straw-man and director patterns: many (short-lived, risk-branch) directorships, director
churn, and chains of companies owning companies.

A straw man (katvanger) lends his name as director to companies that live briefly, often
in Bibob risk branches (`risk_branches` on the Company, from graph/risk.py), and are then
abandoned; companies whose directors keep changing and layered ownership are the same
playbook seen from the company side.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

import networkx as nx
import pandas as pd

from graph.analysis.filters import iso_day
from graph.analysis.method import open_range, set_method, titles
from graph.analysis.method import t as texts

DIRECTOR = ("director_of",)
OWNERSHIP = ("owner_of", "shareholder_of")


def _days_between(a: str | None, b: str | None) -> int | None:
    if a is None or b is None:
        return None
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def company_lifetime(data: dict[str, Any]) -> tuple[str | None, str | None]:
    """(registration, end) of a Company node: its properties, else its validity."""
    props = data.get("properties") or {}
    return (iso_day(props.get("registration_date") or data.get("valid_from")),
            iso_day(props.get("end_date") or data.get("valid_to")))


def is_short_lived(data: dict[str, Any], days: int) -> bool:
    """A company that was dissolved within `days` of registration."""
    lived = _days_between(*company_lifetime(data))
    return lived is not None and lived < days


def risk_branches(data: dict[str, Any]) -> list[str]:
    value = (data.get("properties") or {}).get("risk_branches") or []
    return [value] if isinstance(value, str) else list(value)


DIRECTOR_COLUMNS = ["id", "caption", "type", "directorships", "current", "short_lived", "brief_tenures",
                    "risk_branch_companies", "risk_branches", "first_appointed", "last_appointed",
                    "companies", "relations"]


def director_load(g: nx.MultiDiGraph, *, short_lived_days: int = 730, min_directorships: int = 1,
                  relation_types: Iterable[str] = DIRECTOR, top: int | None = None) -> pd.DataFrame:
    """Directors ranked by the number of companies they direct(ed), then risk branches and short lives.

    short_lived: companies dissolved within short_lived_days of registration;
    brief_tenures: directorships that ended within short_lived_days of starting.
    """
    rtypes = set(relation_types)
    nodes = g.nodes
    per: dict[str, dict[str, list[tuple[str, dict[str, Any]]]]] = defaultdict(lambda: defaultdict(list))
    for u, v, k, d in g.edges(keys=True, data=True):
        if d.get("type") in rtypes and nodes[v].get("type") == "Company":
            per[u][v].append((k, d))
    rows = []
    for director, companies in per.items():
        if len(companies) < min_directorships:
            continue
        rels = [(k, d) for links in companies.values() for k, d in links]
        froms = sorted(f for f in (iso_day(d.get("valid_from")) for _, d in rels) if f)
        branches = sorted({b for c in companies for b in risk_branches(nodes[c])})
        rows.append({
            "id": director, "caption": nodes[director].get("caption"), "type": nodes[director].get("type"),
            "directorships": len(companies),
            "current": sum(1 for c, links in companies.items() if company_lifetime(nodes[c])[1] is None
                           and any(d.get("valid_to") is None for _, d in links)),
            "short_lived": sum(1 for c in companies if is_short_lived(nodes[c], short_lived_days)),
            "brief_tenures": sum(1 for _, d in rels
                                 if (n := _days_between(iso_day(d.get("valid_from")), iso_day(d.get("valid_to"))))
                                 is not None and n < short_lived_days),
            "risk_branch_companies": sum(1 for c in companies if risk_branches(nodes[c])),
            "risk_branches": branches, "first_appointed": froms[0] if froms else None,
            "last_appointed": froms[-1] if froms else None,
            "companies": sorted(companies), "relations": sorted(k for k, _ in rels)})
    df = pd.DataFrame(rows, columns=DIRECTOR_COLUMNS)
    df = df.sort_values(["directorships", "risk_branch_companies", "short_lived", "id"],
                        ascending=[False, False, False, True], kind="stable").reset_index(drop=True)
    if top is not None:
        df = df.head(top)
    rel_kinds, nl_kinds = ', '.join(sorted(rtypes)), titles(rtypes, 'relation', 'nl')
    set_method(df, {"short_lived": texts(f"opgeheven binnen {short_lived_days} dagen na inschrijving",
                                     f"dissolved within {short_lived_days} days of registration"),
                    "directorship": texts(f"relaties ({nl_kinds}) naar een onderneming",
                                          f"relations {rel_kinds} to a Company")})
    return df


CHURN_COLUMNS = ["id", "caption", "registered", "ended", "directors", "appointments", "departures", "changes",
                 "years_active", "changes_per_year", "directors_ids", "relations"]


def director_churn(g: nx.MultiDiGraph, *, start: Any = None, end: Any = None, grace_days: int = 30,
                   relation_types: Iterable[str] = DIRECTOR, top: int | None = None) -> pd.DataFrame:
    """Companies ranked by director changes: appointments after the founding (grace_days) plus departures.

    Only changes dated in [start, end] count (all time when open).
    """
    s, e = iso_day(start), iso_day(end)
    rtypes = set(relation_types)
    today = dt.date.today().isoformat()
    rows = []
    for company, data in g.nodes(data=True):
        if data.get("type") != "Company":
            continue
        rels = [(u, k, d) for u, keyed in g._pred[company].items() for k, d in keyed.items()
                if d.get("type") in rtypes]
        if not rels:
            continue
        registered, ended = company_lifetime(data)
        founding_until = None
        if registered:
            founding_until = (dt.date.fromisoformat(registered) + dt.timedelta(days=grace_days)).isoformat()

        def counts(day: str | None) -> bool:
            return day is not None and (s is None or day >= s) and (e is None or day <= e)

        appointments = sum(1 for _, _, d in rels if counts(f := iso_day(d.get("valid_from")))
                           and (founding_until is None or f is None or f > founding_until))
        departures = sum(1 for _, _, d in rels if counts(t := iso_day(d.get("valid_to")))
                         and (ended is None or t is None or t < ended))
        years = None
        if registered:
            years = max((dt.date.fromisoformat(min(ended or today, e or today)) -
                         dt.date.fromisoformat(max(registered, s or registered))).days / 365.25, 0.0)
        changes = appointments + departures
        rows.append({"id": company, "caption": data.get("caption"), "registered": registered, "ended": ended,
                     "directors": len({u for u, _, _ in rels}), "appointments": appointments,
                     "departures": departures, "changes": changes,
                     "years_active": round(years, 2) if years is not None else None,
                     "changes_per_year": round(changes / max(years, 0.5), 2) if years is not None else None,
                     "directors_ids": sorted({u for u, _, _ in rels}), "relations": sorted(k for _, k, _ in rels)})
    df = pd.DataFrame(rows, columns=CHURN_COLUMNS)
    df = df.sort_values(["changes", "changes_per_year", "id"], ascending=[False, False, True],
                        kind="stable").reset_index(drop=True)
    if top is not None:
        df = df.head(top)
    period = open_range(s, e)
    set_method(df, {"changes": texts(f"benoemingen meer dan {grace_days} dagen na inschrijving plus vertrek vóór "
                                 f"opheffing, gedateerd {period['nl']}",
                                 f"appointments more than {grace_days} days after registration plus "
                                 f"departures before dissolution, dated {period['en']}")})
    return df


CHAIN_COLUMNS = ["length", "chain", "captions", "root_id", "root_caption", "end_id", "circular", "top_owners",
                 "relations"]


def ownership_chains(g: nx.MultiDiGraph, *, min_length: int = 2, relation_types: Iterable[str] = OWNERSHIP,
                     max_chains: int = 10_000, top: int | None = None) -> pd.DataFrame:
    """Maximal chains of companies owning companies (min_length ownership links), longest first.

    A chain starts at a company no company owns (or anywhere in a cycle of ownership,
    marked `circular`); top_owners are the persons or companies above the root.
    """
    rtypes = set(relation_types)
    nodes = g.nodes
    owns = nx.DiGraph()
    owners: dict[str, set[str]] = defaultdict(set)
    for u, v, k, d in g.edges(keys=True, data=True):
        if d.get("type") not in rtypes:
            continue
        owners[v].add(u)
        if nodes[u].get("type") == "Company" and nodes[v].get("type") == "Company" and u != v:
            if owns.has_edge(u, v):
                owns[u][v]["keys"].append(k)
            else:
                owns.add_edge(u, v, keys=[k])
    roots = [c for c in owns if owns.in_degree(c) == 0]
    in_cycle = {c for scc in nx.strongly_connected_components(owns) if len(scc) > 1 for c in scc}
    # a cycle nobody outside owns has no root: start once in each such strongly connected part
    for scc in nx.strongly_connected_components(owns):
        if len(scc) > 1 and not any(p not in scc for c in scc for p in owns.predecessors(c)):
            roots.append(min(scc))
    chains: list[tuple[list[str], bool]] = []
    for root in sorted(roots):
        stack: list[tuple[list[str], bool]] = [([root], False)]
        while stack and len(chains) < max_chains:
            path, circular = stack.pop()
            children = sorted(owns.successors(path[-1]))
            extended = False
            for child in children:
                if child in path:
                    circular = True
                    continue
                stack.append(([*path, child], circular))
                extended = True
            if not extended and len(path) - 1 >= min_length:
                chains.append((path, circular or (path[-1] in in_cycle and path[0] in in_cycle)))
    rows = []
    for path, circular in chains:
        rels = [k for a, b in pairwise(path) for k in owns[a][b]["keys"]]
        rows.append({"length": len(path) - 1, "chain": path,
                     "captions": " → ".join(str(nodes[c].get("caption")) for c in path),
                     "root_id": path[0], "root_caption": nodes[path[0]].get("caption"), "end_id": path[-1],
                     "circular": circular, "top_owners": sorted(o for o in owners.get(path[0], ()) if o not in path),
                     "relations": rels})
    df = pd.DataFrame(rows, columns=CHAIN_COLUMNS)
    df = df.sort_values(["length", "root_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    if top is not None:
        df = df.head(top)
    rel_kinds, nl_kinds = ', '.join(sorted(rtypes)), titles(rtypes, 'relation', 'nl')
    set_method(df, {"ownership": texts(f"relaties ({nl_kinds}) tussen ondernemingen",
                                       f"relations {rel_kinds} between companies"),
                    "truncated": len(chains) >= max_chains})
    return df
