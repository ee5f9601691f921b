"""One call per direction for the CLI, the GUI and scripts: `export_file` and `import_file`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from graph.errors import KnooppuntError
from graph.exchange import FORMATS_IN, FORMATS_OUT
from graph.exchange.common import ImportReport, Incoming, audit_export, collect, import_records, withheld_notes
from graph.exportfile import write_private
from graph.store import Store


def export_file(store: Store, fmt: str, path: str | os.PathLike[str], *, audience: str,
                ids: Iterable[str] | None = None, chart: str | None = None) -> dict[str, Any]:
    """Write an export for `audience`; audited after the file is complete. Returns counts and notes."""
    if fmt not in FORMATS_OUT:
        raise KnooppuntError(f"unknown export format {fmt!r} (use {', '.join(FORMATS_OUT)})")
    target = Path(path)
    graph = collect(store, audience=audience, ids=ids, chart=chart, with_sources=fmt == "anx")
    notes = withheld_notes(graph)

    def write(tmp: Path) -> None:  # owner-only from the first byte, renamed into place when whole
        if fmt == "anx":
            from graph.exchange.anx import write_anx
            write_anx(graph, tmp)
        elif fmt == "graphml":
            from graph.exchange.graphml import write_graphml
            write_graphml(graph, tmp)
        elif fmt == "gexf":
            from graph.exchange.gexf import write_gexf
            write_gexf(graph, tmp)
        elif fmt == "ftm":
            from graph.exchange.ftm import write_ftm
            notes.extend(write_ftm(graph, tmp, marking_path=Path(f"{target}.marking")))
        elif fmt == "csv":
            from graph.exchange.tables import write_csv
            write_csv(graph, tmp)
        else:
            from graph.exchange.tables import write_xlsx
            write_xlsx(graph, tmp)

    write_private(target, write)
    audit_export(store, target, graph, fmt)
    return {"file": str(target), "entities": len(graph.entities), "relations": len(graph.relations),
            "marking": graph.marking, "notes": notes}


def read_file(store: Store, fmt: str, path: str | os.PathLike[str], report: ImportReport,
              mapping: str | None = None) -> list[Incoming]:
    source = Path(path)
    if not source.is_file():
        raise KnooppuntError(f"{source}: no such file")
    if fmt == "anx":
        from graph.exchange.anx import read_anx
        return read_anx(source, store.schema, report, mapping)
    if fmt == "graphml":
        from graph.exchange.graphml import read_graphml
        return read_graphml(source, store.schema, report)
    if fmt == "gexf":
        from graph.exchange.gexf import read_gexf
        return read_gexf(source, store.schema, report)
    if fmt == "ftm":
        from graph.exchange.ftm import read_ftm
        return read_ftm(source, store.schema, report)
    raise KnooppuntError(f"unknown import format {fmt!r} (use {', '.join(FORMATS_IN)})")


TYPED_BY_CHOICE = ("graphml", "gexf")  # formats whose nodes/edges may carry no type (--node-type/--edge-type)


def untyped(store: Store, fmt: str, path: str | os.PathLike[str]) -> dict[str, int]:
    """How many nodes (`entities`) and edges (`relations`) of a GraphML/GEXF file name no Knooppunt
    type: what the analyst must choose a type for before importing (nothing is written)."""
    return untyped_and_values(store, fmt, path)[0]


def untyped_and_values(store: Store, fmt: str, path: str | os.PathLike[str]
                       ) -> tuple[dict[str, int], dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """`untyped`, and of the untyped edges and of the untyped nodes each attribute with 2 to EDGE_VALUES_SHOWN
    values and their counts: an attribute such as `relation` (Marital, Business) can give each edge its type,
    one such as `bipartite` (0, 1: a two-mode network) each node its type."""
    if fmt not in TYPED_BY_CHOICE:
        return {}, {}, {}
    from lxml import etree

    from graph.exchange.graphml import EDGE_VALUES_SHOWN

    report = ImportReport(file=str(path), fmt=fmt)
    try:
        read_file(store, fmt, path, report)
    except etree.XMLSyntaxError as exc:
        raise KnooppuntError(f"{path}: not well-formed XML: {exc}") from None
    edges, nodes = ({name: dict(seen.most_common()) for name, seen in counted.items()
                     if 2 <= len(seen) <= EDGE_VALUES_SHOWN} for counted in (report.edge_values, report.node_values))
    return dict(report.untyped), edges, nodes


def import_file(store: Store, fmt: str, path: str | os.PathLike[str], *, label: str = "open",
                mapping: str | None = None, dry_run: bool = False,
                progress: Callable[[int], None] | None = None,
                node_type: str | None = None, edge_type: str | None = None, edge_type_from: str | None = None,
                edge_type_map: dict[str, str] | None = None, node_type_from: str | None = None,
                node_type_map: dict[str, str] | None = None) -> ImportReport:
    """Read a file of another tool and write it as one audited import (nothing on a dry run).

    `label` is the security label of records whose file does not say one (FtM never does);
    `node_type`/`edge_type` the types of GraphML/GEXF nodes and edges that carry no `kn_type`;
    `edge_type_from` an edge attribute whose value names each edge's type (a published network with
    several relations in one file), `edge_type_map` its values that are no type name (value -> type);
    `node_type_from`/`node_type_map` the same for nodes (a two-mode network: `bipartite` 0=Person 1=Event).
    """
    from lxml import etree

    for given, known, what in ((node_type, store.schema.entities, "entity"),
                               (edge_type, store.schema.relations, "relation")):
        if given is not None and given not in known:
            raise KnooppuntError(f"{given!r} is not a Knooppunt {what} type (known: {', '.join(sorted(known))})")
    for option, pairs, known, what in (("--edge-type-map", edge_type_map, store.schema.relations, "relation"),
                                       ("--node-type-map", node_type_map, store.schema.entities, "entity")):
        for value, given in (pairs or {}).items():
            if given not in known:
                raise KnooppuntError(f"{option} {value}={given}: {given!r} is not a Knooppunt {what} type "
                                     f"(known: {', '.join(sorted(known))})")
    report = ImportReport(file=str(path), fmt=fmt, node_type=node_type, edge_type=edge_type,
                          edge_type_from=edge_type_from, edge_type_map=dict(edge_type_map or {}),
                          node_type_from=node_type_from, node_type_map=dict(node_type_map or {}))
    try:
        incoming = read_file(store, fmt, path, report, mapping)
    except etree.XMLSyntaxError as exc:
        raise KnooppuntError(f"{path}: not well-formed XML: {exc}") from None
    return import_records(store, incoming, report, label=label, dry_run=dry_run, progress=progress)
