"""`knooppunt import ...` and `knooppunt resolve ...`: bringing data in, and deciding who is who.

    knooppunt import case FILE --spec SPEC [--dry-run] [--reject-file FILE]
    knooppunt import kvk FILE... [--dry-run]
    knooppunt import specs
    knooppunt resolve list [--threshold 85]
    knooppunt resolve confirm KEEP_ID OTHER_ID
    knooppunt resolve reject ID ID
    knooppunt resolve undo MERGE_ID
    knooppunt resolve merges

Access control: the importers call `graph.access.roles.check(store, "import")` themselves
(importers/activity.py), so a viewer is refused whichever front end is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from importers.case_import import ImportResult
from workbench.context import common_options, emit_rows, open_store, opt
from workbench.output import TerminalProgress, core_text, day_time, say, word

_SUMMARY_COLUMNS = ["file", "what", "new", "merged", "unchanged", "rejected"]


def _emit(results: list[ImportResult]) -> None:
    rows: list[dict[str, Any]] = []
    human = opt("fmt") in (None, "table") and not opt("output")  # files keep the words scripts match
    for r in results:
        for line in r.summary():
            rows.append({"file": Path(r.file).name, **line} | ({"what": word(line["what"])} if human else {}))
    emit_rows(rows, _SUMMARY_COLUMNS, export=False)
    if any(r.dry_run for r in results):
        click.echo(say("dry_run_import"), err=True)
    for r in results:
        for message in r.warnings:
            click.echo(say("warning", message=core_text(message)), err=True)
        if r.rejected and r.reject_file:
            key = "reject_written" if r.rejected == 1 else "rejects_written"  # "1 afgewezen rij"
            click.echo(say(key, count=r.rejected, path=r.reject_file), err=True)
        for message in r.errors:
            click.echo(say("rejected", message=core_text(message)), err=True)
        if r.rejected > len(r.errors) and r.errors:
            click.echo(say("more_rejected", count=r.rejected - len(r.errors)), err=True)


def _raise_alerts(store: Any) -> None:
    """Alerts the import warrants (a company at closed premises, ...): graph.vik.alerts."""
    from workbench.cli_vik import _raise_alerts as raise_alerts
    raise_alerts(store)


@click.group("import")
def import_group() -> None:
    """Import case data (with an import specification) and KvK data."""


def _attach_exchange() -> None:
    """`import anx|graphml|gexf|ftm` live in workbench/cli_exchange.py (issue 16)."""
    from workbench.cli_exchange import attach_imports

    attach_imports(import_group)


_attach_exchange()


@import_group.command("case")
@common_options
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--spec", "spec_path", required=True,
              help="Import specification (YAML file, or the name of a packaged one, e.g. meldingen).")
@click.option("--dry-run", is_flag=True, help="Show what would be created/merged; write nothing.")
@click.option("--reject-file", type=click.Path(dir_okay=False),
              help="Write bad rows here with the reason and import the rest (default: stop at the first).")
@click.option("--max-cell-chars", type=click.IntRange(min=1), default=None,
              help="Longest cell accepted (default: the spec's limits.cell_chars, else 32,767).")
@click.option("--max-name-chars", type=click.IntRange(min=1), default=None,
              help="Longest name accepted (default: the spec's limits.name_chars, else 1,000).")
def import_case(file: str, spec_path: str, dry_run: bool, reject_file: str | None, max_cell_chars: int | None,
                max_name_chars: int | None) -> None:
    """Import a CSV or .xlsx of case data with an import specification, in one transaction."""
    from dataclasses import replace

    from importers.case_import import import_table_file
    from importers.spec import load_spec

    store = open_store()
    spec = load_spec(spec_path, schema=store.schema)
    spec = replace(spec, limits=replace(spec.limits, **{k: v for k, v in (("cell_chars", max_cell_chars),
                                                                          ("name_chars", max_name_chars))
                                                      if v is not None}))
    counter = TerminalProgress(Path(file).name)
    if counter.live:  # the time left needs the total: a newline count, ~1 s a GB, only when someone watches
        from graph.progress import csv_rows
        counter.progress.total = csv_rows(file) if Path(file).is_file() else 0
    try:
        result = import_table_file(store, file, spec, dry_run=dry_run, reject_path=reject_file, progress=counter)
    finally:
        counter.finish()
    _emit([result])
    if not dry_run:
        _raise_alerts(store)


@import_group.command("kvk")
@common_options
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--dry-run", is_flag=True, help="Show what would be created/merged; write nothing.")
@click.option("--source", default="KvK Handelsregister", show_default=True, help="Provenance source name.")
@click.option("--reliability", default="A", show_default=True, help="Source reliability A-F.")
@click.option("--credibility", default="1", show_default=True, help="Information credibility 1-6.")
@click.option("--label", default="open", show_default=True, help="Security label of the imported records.")
@click.option("--max-cell-chars", type=click.IntRange(min=1), default=None,
              help="Longest text field accepted (default 32,767).")
@click.option("--max-name-chars", type=click.IntRange(min=1), default=None,
              help="Longest name accepted (default 1,000).")
def import_kvk(files: tuple[str, ...], dry_run: bool, source: str, reliability: str, credibility: str,
               label: str, max_cell_chars: int | None, max_name_chars: int | None) -> None:
    """Import KvK API JSON (Zoeken, Basisprofiel, Vestigingsprofiel, Naamgeving; files or folders of them) and
    KvK tables, all in one transaction."""
    from importers.kvk import import_kvk_files
    from importers.limits import Limits

    store = open_store()
    counter = TerminalProgress("KvK")
    limits = Limits(**{k: v for k, v in (("cell_chars", max_cell_chars), ("name_chars", max_name_chars))
                       if v is not None})
    try:
        results = import_kvk_files(store, files, dry_run=dry_run, source=source, reliability=reliability,
                                   credibility=credibility, label=label, progress=counter, limits=limits)
    finally:
        counter.finish()
    _emit(results)
    if not dry_run:
        _raise_alerts(store)


@import_group.command("specs")
@common_options
def import_specs() -> None:
    """The packaged import specifications (usable by name with --spec)."""
    from importers.spec import load_spec

    rows = []
    for p in sorted((Path(__file__).resolve().parent.parent / "importers" / "specs").glob("*.yaml")):
        spec = load_spec(p)
        rows.append({"name": p.stem, "title": spec.name, "source": spec.source,
                     "tables": len(spec.tables)})
    emit_rows(rows, ["name", "title", "source", "tables"], export=False)


# -- resolution -------------------------------------------------------------------------------------------
@click.group("resolve")
def resolve_group() -> None:
    """Entity resolution: candidate duplicates to confirm or reject; reversible merges."""


@resolve_group.command("list")
@common_options
@click.option("--threshold", default=85.0, show_default=True, help="Minimum name similarity (0-100).")
@click.option("--limit", default=100, show_default=True)
def resolve_list(threshold: float, limit: int) -> None:
    """Persons that may be the same (similar name, same date of birth). Nothing is merged."""
    from importers.resolution import person_candidates

    store = open_store()
    rows = [c.row() for c in person_candidates(store, threshold=threshold, limit=limit)]
    if opt("fmt") in (None, "table") and not opt("output"):  # files keep ISO dates and the core's reasons
        rows = [r | {"a_birth": day_time(r["a_birth"]), "b_birth": day_time(r["b_birth"]),
                     "reason": core_text(str(r["reason"]))} for r in rows]
    emit_rows(rows, ["score", "a", "a_name", "a_birth", "b", "b_name", "b_birth", "reason"])


@resolve_group.command("confirm")
@common_options
@click.argument("keep_id")
@click.argument("other_id")
@click.option("--reason", default="", help="Why (goes into the audit log).")
def resolve_confirm(keep_id: str, other_id: str, reason: str) -> None:
    """Merge OTHER_ID into KEEP_ID (reversible with `resolve undo`)."""
    from importers.resolution import confirm

    store = open_store()
    merge_id = confirm(store, keep_id, other_id, reason=reason)
    click.echo(say("merged", other=other_id, keep=keep_id, merge=merge_id))


@resolve_group.command("reject")
@common_options
@click.argument("a_id")
@click.argument("b_id")
def resolve_reject(a_id: str, b_id: str) -> None:
    """Not the same: do not propose this pair again."""
    from importers.resolution import reject

    store = open_store()
    store.get_entity(a_id)
    store.get_entity(b_id)
    reject(store, a_id, b_id)
    click.echo(say("not_proposed", a=a_id, b=b_id))


@resolve_group.command("undo")
@common_options
@click.argument("merge_id")
def resolve_undo(merge_id: str) -> None:
    """Undo a merge: both entities and all their relations as before (a merge only ever added an alias)."""
    from graph.merge import undo_merge

    store = open_store()
    m = undo_merge(store, merge_id)
    click.echo(say("merge_undone", merge=merge_id, kept=m["kept"], merged=m["merged"]))


@resolve_group.command("merges")
@common_options
def resolve_merges() -> None:
    """The merges you may see both sides of, with who did it and whether it was undone.

    Writing them to a file (or csv/json) is an export: it needs the export right and is audited."""
    from graph.merge import list_merges

    store = open_store()
    emit_rows(list_merges(store), ["merge", "at", "by", "kept", "kept_name", "merged", "merged_name", "undone"])
