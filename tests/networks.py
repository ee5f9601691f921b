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
