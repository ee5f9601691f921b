"""Shared fixtures: the demo project as a store graph, and hand-built graphs in the store's shape."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import pytest

from graph.demo import DemoData, generate
from graph.stores.sqlite_store import SQLiteStore


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoData, nx.MultiDiGraph]:
    """generate(3000, 42) written to a real SQLite project, and the graph the store returns."""
    data = generate(3000, 42)
    store = SQLiteStore(tmp_path_factory.mktemp("demo") / "demo.knp", create=True)
    with store.transaction():
        store.upsert_entities(data.entities)
        store.upsert_relations(data.relations)
    g = store.graph()
    store.close()
    return data, g


def build(nodes: dict[str, tuple[str, dict[str, Any]]],
          edges: Iterable[tuple[str, str, str, str | None, str | None]]) -> nx.MultiDiGraph:
    """A graph shaped like Store.graph(): nodes {id: (type, properties)}, edges (src, dst, type, from, to)."""
    g = nx.MultiDiGraph()
    for node, (kind, props) in nodes.items():
        g.add_node(node, type=kind, caption=props.get("name", node), label="open", properties=props,
                   valid_from=None, valid_to=None)
    for i, (u, v, kind, start, end) in enumerate(edges):
        g.add_edge(u, v, key=f"rel-{i:04d}", type=kind, label="open", properties={}, valid_from=start,
                   valid_to=end, grading="A1")
    return g


def demo_file(directory: Any) -> tuple[Any, dict[str, Any]]:
    """A plain demo project (1,500 records, seed 7) owned by `analist`, for the CLI suites: path, planted."""
    path = directory / "demo.knp"
    data = generate(1500, 7)
    store = SQLiteStore(path, create=True)
    with store.transaction():
        store.upsert_entities(data.entities)
        store.upsert_relations(data.relations)
    store.set_setting("owner", "analist")
    store.close()
    return path, data.planted
