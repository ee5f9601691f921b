"""`knooppunt export FORMAT` and `knooppunt import anx|graphml|gexf|ftm`: exchange with other tools.

    knooppunt export anx|graphml|gexf|ftm|csv|xlsx [--chart NAME | --ids ID,...] --audience NAME -o FILE
    knooppunt import anx FILE [--mapping FILE] [--label LABEL] [--dry-run]
    knooppunt import graphml|gexf|ftm FILE [--label LABEL] [--dry-run]

The import subcommands are attached to the `import` group of `workbench/cli_import.py` by
`attach_imports` (one line there), so that module stays the importers' own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graph.errors import KnooppuntError
from workbench.context import common_options, emit_rows, open_store, opt
from workbench.output import TerminalProgress, core_text, say, word

_EXPORT_FORMATS = ("anx", "graphml", "gexf", "ftm", "csv", "xlsx")
_IMPORT_HELP = {
    "anx": "Import an i2 Analyst's Notebook chart (.anx); ANB types mapped through a mapping file.",
    "graphml": "Import GraphML (Knooppunt, yEd, networkx; --node-type/--edge-type for files without kn_type).",
    "gexf": "Import GEXF 1.2/1.3 (Gephi); edge start/end become validity periods.",
    "ftm": "Import FollowTheMoney entity JSON lines (Aleph, OpenSanctions).",
}
_EXPORT_HELP = {
    "anx": "Export to i2 Analyst's Notebook (.anx): types, grading, cards, positions.",
    "graphml": "Export GraphML for yEd, Cytoscape and networkx, with typed attributes.",
    "gexf": "Export GEXF 1.3 for Gephi, with validity periods on the timeline.",
    "ftm": "Export FollowTheMoney JSON lines for Aleph (marking in FILE.marking).",
    "csv": "Export the entity list as CSV with the marking on the first line.",
    "xlsx": "Export the entity list as XLSX with the marking in row 1 and the page header.",
}


@click.group("export")
def export_group() -> None:
    """Export to other tools: Analyst's Notebook, GraphML, GEXF, FollowTheMoney, CSV, XLSX."""


def _export_command(fmt: str) -> click.Command:
    @common_options
    @click.option("--audience", required=True, metavar="NAME",
                  help="Who receives it: an audience of audiences.yaml (driehoek, riec, bibob, openbaar), a level "
                       "(open, confidential, police-wpg, fiod/tax) or labels joined by commas.")
    @click.option("--chart", "chart", metavar="NAME", help="Only the entities of this saved chart, with its layout.")
    @click.option("--ids", "ids", metavar="ID,...", multiple=True, help="Only these entities (comma-separated).")
    @click.option("-o", "out", metavar="FILE", type=click.Path(dir_okay=False), help="The file to write.")
    def command(audience: str, chart: str | None, ids: tuple[str, ...], out: str | None) -> None:
        from graph.exchange.service import export_file

        target = out or opt("output")
        if not target:
            raise KnooppuntError("no output file: use -o FILE")
        if chart and ids:
            raise KnooppuntError("use --chart or --ids, not both")
        chosen = [i.strip() for part in ids for i in part.split(",") if i.strip()] or None
        store = open_store()
        result = export_file(store, fmt, target, audience=audience, ids=chosen, chart=chart)
        for note in result["notes"]:
            click.echo(say("left_out", message=core_text(note)), err=True)
        click.echo(say("exported", entities=result["entities"], relations=result["relations"], path=target,
                       marking=result["marking"]), err=True)

    command.__doc__ = _EXPORT_HELP[fmt]
    return click.command(fmt, help=_EXPORT_HELP[fmt])(command)


for _fmt in _EXPORT_FORMATS:
    export_group.add_command(_export_command(_fmt))


def _value_types(items: tuple[str, ...], attribute: str | None, what: str, example: str) -> dict[str, str]:
    """`--edge-type-map Marital=family_of` / `--node-type-map 1=Event` as {value: type}; each needs its
    `--...-type-from` attribute."""
    pairs = {}
    for item in items:
        value, sep, given = item.rpartition("=")
        if not sep or not value.strip() or not given.strip():
            raise click.BadParameter(f"{item!r}: give VALUE=TYPE (e.g. {example})", param_hint=f"--{what}-type-map")
        pairs[value.strip()] = given.strip()
    if pairs and not attribute:
        raise click.BadParameter(f"needs --{what}-type-from (the {what} attribute whose values it maps)",
                                 param_hint=f"--{what}-type-map")
    return pairs


def _import_command(fmt: str) -> click.Command:
    @common_options
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--label", default="open", show_default=True,
                  help="Security label of records whose file does not give one.")
    @click.option("--dry-run", is_flag=True, help="Show what would be created/merged; write nothing.")
    def command(file: str, label: str, dry_run: bool, mapping: str | None = None,
                node_type: str | None = None, edge_type: str | None = None, edge_type_from: str | None = None,
                edge_type_map: tuple[str, ...] = (), node_type_from: str | None = None,
                node_type_map: tuple[str, ...] = ()) -> None:
        from graph.exchange.service import import_file

        pairs = _value_types(edge_type_map, edge_type_from, "edge", "Marital=family_of")
        node_pairs = _value_types(node_type_map, node_type_from, "node", "1=Event")
        store = open_store()
        counter = TerminalProgress(Path(file).name, unit="records")
        try:
            report = import_file(store, fmt, file, label=label, mapping=mapping, dry_run=dry_run, progress=counter,
                                 node_type=node_type, edge_type=edge_type, edge_type_from=edge_type_from,
                                 edge_type_map=pairs, node_type_from=node_type_from, node_type_map=node_pairs)
        finally:
            counter.finish()
        rows: list[dict[str, Any]] = report.rows()
        if opt("fmt") in (None, "table") and not opt("output"):
            for row in rows:  # the table the analyst reads; files keep the words scripts match
                row["what"] = word(row["what"])
        emit_rows(rows, ["file", "what", "new", "merged", "unchanged", "rejected"], export=False)
        if dry_run:
            click.echo(say("dry_run"), err=True)
        for note in report.notes:  # kept, read in a way worth knowing
            click.echo(say("note_line", message=core_text(note)), err=True)
        for problem in report.problems:
            click.echo(say("not_imported", message=core_text(problem)), err=True)

    if fmt == "anx":
        command = click.option("--mapping", type=click.Path(exists=True, dir_okay=False),
                               help="ANB type mapping (YAML; default: the packaged anb_mapping.yaml).")(command)
    if fmt in ("graphml", "gexf"):
        command = click.option("--edge-type-map", metavar="VALUE=TYPE", multiple=True,
                               help="A value of the --edge-type-from attribute and the relation type it means "
                                    "(repeat: --edge-type-map Marital=family_of).")(command)
        command = click.option("--edge-type-from", metavar="ATTRIBUTE",
                               help="Edge attribute whose value is each edge's relation type (a type code or "
                                    "name, or mapped with --edge-type-map); --edge-type for the rest.")(command)
        command = click.option("--edge-type", metavar="TYPE",
                               help="Relation type of edges without kn_type (e.g. associate).")(command)
        command = click.option("--node-type-map", metavar="VALUE=TYPE", multiple=True,
                               help="A value of the --node-type-from attribute and the entity type it means "
                                    "(repeat: --node-type-map 0=Person --node-type-map 1=Event).")(command)
        command = click.option("--node-type-from", metavar="ATTRIBUTE",
                               help="Node attribute whose value is each node's entity type (a two-mode network: "
                                    "networkx's `bipartite`); --node-type for the rest.")(command)
        command = click.option("--node-type", metavar="TYPE",
                               help="Entity type of nodes without kn_type (a published network: e.g. Person).")(command)
    return click.command(fmt, help=_IMPORT_HELP[fmt])(command)


def attach_imports(group: click.Group) -> None:
    """Add `import anx|graphml|gexf|ftm` to the import group."""
    for fmt in _IMPORT_HELP:
        group.add_command(_import_command(fmt))
