"""Network files the suites share: what published criminal-network data looks like on disk."""

from __future__ import annotations

from pathlib import Path

import networkx as nx


def published_network(path: Path) -> Path:
    """A GraphML as networkx writes a published network (CAVIAR-like names): no kn_type on nodes or edges."""
    g = nx.Graph()
    g.add_node("N1", name="Daniel Serero")
    g.add_node("N2", name="Pierre Perlini")
    g.add_node("N3", name="Alain Charbonneau")
    g.add_edge("N1", "N2", weight=3)
    g.add_edge("N2", "N3", weight=1)
    nx.write_graphml(g, path)
    return path


def _davis() -> tuple[list[str], list[str], set[tuple[str, str]]]:
    """Davis, Gardner and Gardner's Southern Women (1941): 18 women, the 14 social events each attended
    (networkx's copy of the published incidence matrix; 89 attendances)."""
    g = nx.davis_southern_women_graph()
    women, events = list(g.graph["top"]), list(g.graph["bottom"])
    return women, events, {(a, b) if a in women else (b, a) for a, b in g.edges}


def davis_dl(path: Path) -> Path:
    """The two-mode matrix as UCINET writes it: `DL NR=18, NC=14`, row and column labels, then the rows."""
    women, events, attended = _davis()
    rows = [" ".join("1" if (w, e) in attended else "0" for e in events) for w in women]
    path.write_text("DL NR=18, NC=14\nFORMAT = FULLMATRIX\nROW LABELS:\n" + "\n".join(f'"{w}"' for w in women)
                    + "\nCOLUMN LABELS:\n" + "\n".join(events) + "\nDATA:\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return path


def davis_dl_edgelist2(path: Path) -> Path:
    """The two-mode edge list as UCINET's DL writer gives it (`FORMAT = EDGELIST2`): row and column labels, then
    `row column` numbers, each counted in its own list (woman 1 and event 1 are not one node)."""
    women, events, attended = _davis()
    lines = [f"dl nr={len(women)}, nc={len(events)}, format = edgelist2", "row labels:",
             ", ".join(f'"{w}"' for w in women), "column labels:", ", ".join(events), "data:"]
    lines += [f"{women.index(w) + 1} {events.index(e) + 1}" for w, e in sorted(attended)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def davis_dl_nodelist2(path: Path) -> Path:
    """The two-mode node list with its names in the lines (`FORMAT = NODELIST2`, `LABELS EMBEDDED`): a woman,
    then the events she attended."""
    women, events, attended = _davis()
    lines = [f"DL NR={len(women)} NC={len(events)}", "FORMAT = NODELIST2", "LABELS EMBEDDED", "DATA:"]
    lines += [" ".join([f'"{w}"', *(e for e in events if (w, e) in attended)]) for w in women]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def davis_pajek(path: Path) -> Path:
    """As Pajek's DeepSouth.paj holds it: `*Vertices 32 18` (the women first), `*Edges` woman event."""
    women, events, attended = _davis()
    number = {name: i for i, name in enumerate([*women, *events], start=1)}
    lines = [f"*Vertices {len(number)} {len(women)}", *(f'{i} "{name}"' for name, i in number.items()), "*Edges",
             *(f"{number[e]} {number[w]}" if k % 7 == 0 else f"{number[w]} {number[e]}"  # a few written event first
               for k, (w, e) in enumerate(sorted(attended)))]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def davis_csv(path: Path) -> Path:
    """The incidence matrix as R's write.csv saves it: women down, events across."""
    women, events, attended = _davis()
    lines = [",".join(['""', *(f'"{e}"' for e in events)])]
    lines += [",".join([f'"{w}"', *("1" if (w, e) in attended else "0" for e in events)]) for w in women]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def davis_graphml(path: Path) -> Path:
    """As networkx writes the two-mode graph: undirected, each node's mode in `bipartite` (0 women, 1 events);
    the events added first, so networkx writes each edge event first."""
    women, events, attended = _davis()
    g = nx.Graph()
    g.add_nodes_from(events, bipartite=1)
    g.add_nodes_from(women, bipartite=0)
    g.add_edges_from(sorted(attended))
    nx.write_graphml(g, path)
    return path
