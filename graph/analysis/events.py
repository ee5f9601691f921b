"""Who met whom: pairs of persons (and companies) that attended the same meetings or events.

A two-mode network (persons by the meetings they attended: Davis's Southern Women, the Philippine
kidnappers, Noordin Top's meetings) ties each person to an Event by `attended`. The question an analyst
asks of it is one-mode: who was together where, and how often. Counting shared events per pair is the
weighted projection of the bipartite graph (networkx.bipartite.weighted_projected_graph), restricted to
the events themselves so that a pair is listed with the events it shares as evidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

import networkx as nx
import pandas as pd

from graph.analysis.method import set_method, titles
from graph.analysis.method import t as texts

ATTENDANCE = ("attended",)
PAIR_COLUMNS = ["a_id", "a_caption", "a_type", "b_id", "b_caption", "b_type", "events_shared", "events"]


def attendees(g: nx.MultiDiGraph, event: str, relation_types: Iterable[str] = ATTENDANCE) -> set[str]:
    """Who attended `event` (one `attended` relation or more)."""
    rtypes = set(relation_types)
    return {who for who, keyed in g._pred[event].items() if any(d.get("type") in rtypes for d in keyed.values())}


def co_attendance(g: nx.MultiDiGraph, *, types: Iterable[str] = ("Person", "Company"), max_attendees: int = 50,
                  relation_types: Iterable[str] = ATTENDANCE, top: int | None = None) -> pd.DataFrame:
    """Pairs that attended the same events, most shared first, each with the events as evidence.

    Events with more than `max_attendees` attendees are left out of the pairing (a congress says little about
    who knows whom, and its pairs grow quadratically); they are counted in the method note."""
    wanted = set(types)
    nodes = g.nodes
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    skipped = 0
    for event, data in g.nodes(data=True):
        if data.get("type") != "Event":
            continue
        present = sorted(a for a in attendees(g, event, relation_types) if nodes[a].get("type") in wanted)
        if len(present) > max_attendees:
            skipped += 1
            continue
        for a, b in combinations(present, 2):
            shared[(a, b)].append(event)
    rows = [{"a_id": a, "a_caption": nodes[a].get("caption"), "a_type": nodes[a].get("type"),
             "b_id": b, "b_caption": nodes[b].get("caption"), "b_type": nodes[b].get("type"),
             "events_shared": len(events), "events": events} for (a, b), events in shared.items()]
    df = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    df = df.sort_values(["events_shared", "a_id", "b_id"], ascending=[False, True, True],
                        kind="stable").reset_index(drop=True)
    if top is not None:
        df = df.head(top)
    set_method(df, {"pairs": texts(f"entiteiten van type {titles(wanted, 'entity', 'nl')} die samen aanwezig waren "
                                   f"bij een gebeurtenis; gebeurtenissen met meer dan {max_attendees} aanwezigen "
                                   f"overgeslagen ({skipped})",
                                   f"entities of type {titles(wanted, 'entity', 'en')} that attended the same event; "
                                   f"events with over {max_attendees} attendees skipped ({skipped})")})
    return df
