"""Shared addresses: verzamelpanden, postbus firms and who lived or was registered together.

An occupancy is a registration relation (persons `registered_at`, companies `located_at`)
from an entity to an Address, with its validity. Per address we count occupants by type,
the most occupants registered at the same time, and churn: registrations that started or
ended in a period. Many firms on one address and fast turnover are classic signs of a
virtual office or a straw-man construction; a PO box (`po_box`) cannot house anyone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from graph.analysis.filters import fast_day as _day
from graph.analysis.filters import iso_day, require
from graph.analysis.method import open_range, set_method, titles
from graph.analysis.method import t as texts

OCCUPANCY = ("registered_at", "located_at")
Span = tuple[str | None, str | None, str]  # valid_from, valid_to, relation id
MIN_DAY, MAX_DAY = "0000-01-01", "9999-12-31"

ADDRESS_COLUMNS = ["id", "caption", "postcode", "po_box", "occupants", "companies", "persons", "other",
                   "max_concurrent", "max_concurrent_on", "current", "arrivals", "departures", "churn",
                   "virtual_office", "occupant_ids", "relations"]


def occupancies(g: nx.MultiDiGraph, address: str,
                relation_types: Iterable[str] = OCCUPANCY) -> dict[str, list[Span]]:
    """Occupant id -> its registration spans at this address."""
    rtypes = set(relation_types)
    out: dict[str, list[Span]] = {}
    for occupant, keyed in g._pred[address].items():
        for key, d in keyed.items():
            if d.get("type") in rtypes:
                out.setdefault(occupant, []).append((_day(d.get("valid_from")), _day(d.get("valid_to")), key))
    return out


def _merged(spans: list[Span]) -> list[tuple[str, str]]:
    """An occupant's spans with overlapping ones merged (open ends as MIN_DAY/MAX_DAY)."""
    if len(spans) == 1:
        f, t, _ = spans[0]
        return [(f or MIN_DAY, t or MAX_DAY)]
    ivs = sorted((f or MIN_DAY, t or MAX_DAY) for f, t, _ in spans)
    merged: list[tuple[str, str]] = []
    for f, t in ivs:
        if merged and f <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], t))
        else:
            merged.append((f, t))
    return merged


def max_concurrent(occ: dict[str, list[Span]]) -> tuple[int, str | None]:
    """Most occupants registered on one day, and the first such day (None when undated)."""
    events: list[tuple[str, int]] = []
    for spans in occ.values():
        for f, t in _merged(spans):
            events.append((f, 0))  # starts before ends on the same day: validity is inclusive
            events.append((t, 1))
    events.sort()
    best, best_day, now = 0, None, 0
    for day, kind in events:
        now += 1 if kind == 0 else -1
        if now > best:
            best, best_day = now, day
    return best, (None if best_day in (None, MIN_DAY) else best_day)


def shared_addresses(g: nx.MultiDiGraph, *, min_occupants: int = 2, start: Any = None, end: Any = None,
                     relation_types: Iterable[str] = OCCUPANCY, virtual_office_companies: int = 10,
                     top: int | None = None) -> pd.DataFrame:
    """Addresses with at least min_occupants distinct occupants, most occupied first.

    Churn counts registrations starting (arrivals) or ending (departures) in [start, end]
    (all time when open). `virtual_office`: a PO box, or at least virtual_office_companies
    companies and no registered persons.

    One Python pass lays the registrations out as flat arrays (address and occupant as
    integer codes, contiguous per address); counting, the concurrency sweep and ranking
    then run in numpy, so 1M companies take seconds (bench/bench_analysis.py).
    """
    s, e = iso_day(start), iso_day(end)
    node, pred = g._node, g._pred
    rtypes = frozenset(relation_types)
    address_ids: list[str] = []
    occ_lists: list[list[str]] = []  # per address: its occupants, and its registration relations
    key_lists: list[list[str]] = []
    occ_kind: list[Any] = []  # per occupant (of one address), all addresses in a row
    rel_occ: list[int] = []  # per registration relation: its occupant's position, validity
    frm: list[Any] = []
    to: list[Any] = []
    for address, data in node.items():
        if data.get("type") != "Address":
            continue
        preds = pred[address]
        if len(preds) < min_occupants:
            continue
        r0, first = len(rel_occ), len(occ_kind)
        ids_here: list[str] = []
        keys_here: list[str] = []
        kinds_here: list[Any] = []
        for occupant, keyed in preds.items():
            o = first + len(ids_here)
            found = False
            for k, d in keyed.items():
                if d.get("type") in rtypes:
                    rel_occ.append(o)
                    frm.append(d.get("valid_from"))
                    to.append(d.get("valid_to"))
                    keys_here.append(k)
                    found = True
            if found:
                ids_here.append(occupant)
                kinds_here.append(node[occupant].get("type"))
        if len(ids_here) < min_occupants:  # too few occupants after all: take this address back out
            del rel_occ[r0:], frm[r0:], to[r0:]
            continue
        address_ids.append(address)
        occ_lists.append(ids_here)
        key_lists.append(keys_here)
        occ_kind.extend(kinds_here)
    n = len(address_ids)
    f_days = np.array([_day(v) for v in frm], dtype=object)
    t_days = np.array([_day(v) for v in to], dtype=object)
    del frm, to
    occupants = np.array([len(x) for x in occ_lists], dtype=np.int64)
    o_addr = np.repeat(np.arange(n), occupants)
    r_addr = np.repeat(np.arange(n), np.array([len(x) for x in key_lists], dtype=np.int64))
    r_occ = np.array(rel_occ, dtype=np.int64)
    kinds = np.array(occ_kind, dtype=object)
    is_open = t_days == None  # noqa: E711 -- elementwise over an object array
    occ_open = np.bincount(r_occ, weights=is_open, minlength=len(occ_kind)) > 0

    def in_period(days: np.ndarray) -> np.ndarray:
        hit = days != None  # noqa: E711
        if s is not None:
            hit[hit] &= days[hit] >= s
        if e is not None:
            hit[hit] &= days[hit] <= e
        return hit

    def per_address(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
        return np.bincount(groups, weights=values, minlength=n).astype(np.int64)

    companies = per_address(kinds == "Company", o_addr)
    persons = per_address(kinds == "Person", o_addr)
    arrivals = per_address(in_period(f_days), r_addr)
    departures = per_address(in_period(t_days), r_addr)
    peak, peak_day = _peaks(f_days, t_days, r_addr, r_occ, n)
    props = [node[a].get("properties") or {} for a in address_ids]
    po_box = np.array([bool(p.get("po_box")) for p in props], dtype=bool)
    df = pd.DataFrame({
        "id": address_ids, "caption": [node[a].get("caption") for a in address_ids],
        "postcode": [p.get("postcode") for p in props], "po_box": po_box, "occupants": occupants,
        "companies": companies, "persons": persons, "other": occupants - companies - persons,
        "max_concurrent": peak, "max_concurrent_on": pd.Series(peak_day, dtype=object),
        "current": per_address(occ_open, o_addr), "arrivals": arrivals, "departures": departures,
        "churn": arrivals + departures,
        "virtual_office": po_box | ((companies >= virtual_office_companies) & (persons == 0)),
        "occupant_ids": occ_lists, "relations": key_lists}, columns=ADDRESS_COLUMNS)
    df = df.sort_values(["occupants", "max_concurrent", "churn", "id"], ascending=[False, False, False, True],
                        kind="stable").reset_index(drop=True)
    if top is not None:
        df = df.head(top)
    rel_kinds, nl_kinds = ', '.join(sorted(rtypes)), titles(rtypes, 'relation', 'nl')
    set_method(df, {"occupancy": texts(f"relaties ({nl_kinds}) naar een adres", f"relations {rel_kinds} to an Address"),
                    "churn period": open_range(s, e)})
    return df


def _peaks(f_days: np.ndarray, t_days: np.ndarray, r_addr: np.ndarray, r_occ: np.ndarray,
           n: int) -> tuple[np.ndarray, list[str | None]]:
    """Per address: most occupants registered on one day, and the first such day.

    A sweep over start (+1) and end (-1) events sorted by day, starts before ends on the
    same day (validity is inclusive). Each address's events sum to zero, so one running
    total over all events sorted by address is each address's own running count. An
    occupant registered twice at overlapping times counts once: such spans are merged.
    """
    if n == 0:
        return np.zeros(0, dtype=np.int64), []
    starts = np.where(f_days == None, MIN_DAY, f_days)  # noqa: E711
    ends = np.where(t_days == None, MAX_DAY, t_days)  # noqa: E711
    repeated = np.flatnonzero(np.bincount(r_occ) > 1)
    groups = r_addr
    if len(repeated):
        multi = np.isin(r_occ, repeated)
        merged = [(int(r_addr[i[0]]), f, t) for i in _runs(np.flatnonzero(multi), r_occ)
                  for f, t in _merged([(starts[j], ends[j], "") for j in i])]
        keep = ~multi
        starts = np.concatenate([starts[keep], np.array([m[1] for m in merged], dtype=object)])
        ends = np.concatenate([ends[keep], np.array([m[2] for m in merged], dtype=object)])
        groups = np.concatenate([r_addr[keep], np.array([m[0] for m in merged], dtype=np.int64)])
    m = len(starts)
    day_codes, day_values = pd.factorize(np.concatenate([starts, ends]), sort=True)  # ISO days sort as text
    group = np.concatenate([groups, groups])
    end_flag = np.concatenate([np.zeros(m, dtype=np.int8), np.ones(m, dtype=np.int8)])
    order = np.lexsort((end_flag, day_codes, group))
    running = np.cumsum(np.where(end_flag[order] == 0, 1, -1))
    sorted_group, sorted_day = group[order], day_codes[order]
    # first position of each group's maximum: sort by (group, -running, position) and take group heads
    pick = np.lexsort((np.arange(2 * m), -running, sorted_group))
    heads = pick[np.r_[True, sorted_group[pick][1:] != sorted_group[pick][:-1]]]
    peak = np.zeros(n, dtype=np.int64)
    peak[sorted_group[heads]] = running[heads]
    day: list[str | None] = [None] * n
    for g_, d_ in zip(sorted_group[heads].tolist(), day_values[sorted_day[heads]].tolist(), strict=True):
        day[g_] = None if d_ == MIN_DAY else d_
    return peak, day


def _runs(positions: np.ndarray, r_occ: np.ndarray) -> list[np.ndarray]:
    """positions grouped into runs of the same occupant (relations of one occupant are contiguous)."""
    if len(positions) == 0:
        return []
    occ = r_occ[positions]
    return np.split(positions, np.flatnonzero(occ[1:] != occ[:-1]) + 1)


def _overlap(a: list[Span], b: list[Span]) -> tuple[str, str] | None:
    """The first period in which two occupants were registered at the same time."""
    for fa, ta in _merged(a):
        for fb, tb in _merged(b):
            lo, hi = max(fa, fb), min(ta, tb)
            if lo <= hi:
                return lo, hi
    return None


def _days(lo: str, hi: str) -> int | None:
    if lo == MIN_DAY or hi == MAX_DAY:
        return None
    return (dt.date.fromisoformat(hi) - dt.date.fromisoformat(lo)).days + 1


def co_occupants(g: nx.MultiDiGraph, address: str, *,
                 relation_types: Iterable[str] = OCCUPANCY) -> pd.DataFrame:
    """Pairs of occupants of one address registered there at the same time, longest overlap first."""
    require(g, address)
    occ = occupancies(g, address, relation_types)
    nodes = g.nodes
    rows = []
    for a, b in combinations(sorted(occ), 2):
        period = _overlap(occ[a], occ[b])
        if period is None:
            continue
        lo, hi = period
        rows.append({"a_id": a, "a_caption": nodes[a].get("caption"), "a_type": nodes[a].get("type"),
                     "b_id": b, "b_caption": nodes[b].get("caption"), "b_type": nodes[b].get("type"),
                     "from": None if lo == MIN_DAY else lo, "to": None if hi == MAX_DAY else hi,
                     "days": _days(lo, hi), "relations": sorted(k for _, _, k in occ[a] + occ[b])})
    cols = ["a_id", "a_caption", "a_type", "b_id", "b_caption", "b_type", "from", "to", "days", "relations"]
    df = pd.DataFrame(rows, columns=cols)
    df["_open"] = df["to"].isna()
    df = df.sort_values(["_open", "days", "a_id", "b_id"], ascending=[False, False, True, True],
                        na_position="first", kind="stable").drop(columns="_open").reset_index(drop=True)
    return df


def shared_address_pairs(g: nx.MultiDiGraph, *, types: Iterable[str] = ("Person", "Company"),
                         max_occupants: int = 50, relation_types: Iterable[str] = OCCUPANCY,
                         top: int | None = None) -> pd.DataFrame:
    """Pairs of entities sharing one or more addresses, most shared (and concurrent) first.

    Addresses with more than max_occupants occupants are left out of the pairing (their
    pairs grow quadratically and say little; `shared_addresses` reports those addresses);
    they are listed in `attrs["skipped_addresses"]`.
    """
    wanted = set(types)
    nodes = g.nodes
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    concurrent: dict[tuple[str, str], int] = defaultdict(int)
    skipped = []
    rtypes = tuple(relation_types)
    for address, data in g.nodes(data=True):
        if data.get("type") != "Address" or len(g._pred[address]) < 2:
            continue
        occ = {k: v for k, v in occupancies(g, address, rtypes).items() if nodes[k].get("type") in wanted}
        if len(occ) > max_occupants:
            skipped.append(address)
            continue
        for a, b in combinations(sorted(occ), 2):
            shared[(a, b)].append(address)
            if _overlap(occ[a], occ[b]) is not None:
                concurrent[(a, b)] += 1
    rows = [{"a_id": a, "a_caption": nodes[a].get("caption"), "a_type": nodes[a].get("type"),
             "b_id": b, "b_caption": nodes[b].get("caption"), "b_type": nodes[b].get("type"),
             "shared": len(addrs), "concurrent": concurrent[(a, b)], "addresses": addrs}
            for (a, b), addrs in shared.items()]
    cols = ["a_id", "a_caption", "a_type", "b_id", "b_caption", "b_type", "shared", "concurrent", "addresses"]
    df = pd.DataFrame(rows, columns=cols)
    df = df.sort_values(["shared", "concurrent", "a_id", "b_id"], ascending=[False, False, True, True],
                        kind="stable").reset_index(drop=True)
    if top is not None:
        df = df.head(top)
    df.attrs["skipped_addresses"] = skipped
    rel_kinds, nl_kinds = ', '.join(sorted(wanted)), titles(wanted, 'entity', 'nl')
    set_method(df, {"pairs": texts(f"entiteiten van type {nl_kinds} met een gedeeld adres; adressen met meer dan "
                               f"{max_occupants} ingeschrevenen overgeslagen ({len(skipped)})",
                               f"entities of type {rel_kinds} sharing an address; "
                               f"addresses with over {max_occupants} occupants skipped ({len(skipped)})")})
    return df
