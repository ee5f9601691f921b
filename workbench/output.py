"""Tables out: human table on a terminal, `--format csv|json`, `--output FILE` by extension.

Every command that lists things goes through `emit`, so CSV/JSON/XLSX look the same
everywhere (CONVENTIONS.md "Command line").
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import click
import yaml

from graph.errors import KnooppuntError

FORMATS = ("table", "csv", "json")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _table_cell(value: Any, width: int) -> str:
    """A cell of the human table, at most `width` characters; a cut list says how many it left out."""
    if isinstance(value, list | tuple | set) and value:
        items = [str(v) for v in value]
        shown: list[str] = []
        for i, item in enumerate(items):
            rest = len(items) - i - 1
            suffix = f"; … (+{rest})" if rest else ""
            candidate = "; ".join([*shown, item]) + suffix
            if len(candidate) > width and shown:
                return "; ".join(shown) + f"; … (+{len(items) - len(shown)})"
            shown.append(item)
        text = "; ".join(shown)
        return text if len(text) <= width else text[:width - 1] + "…"
    text = _cell(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def render_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], max_width: int = 48,
                 headers: Sequence[str] | None = None) -> str:
    """Aligned columns for a terminal; long cells end in "…", long lists in "… (+N)" (N left out)."""
    names = list(headers) if headers is not None else list(columns)
    cells = [[_table_cell(r.get(c), max_width) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(names)]
    line = "  ".join(c.ljust(w) for c, w in zip(names, widths, strict=True))
    out = [line.rstrip(), "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(out)


def emit(rows: Iterable[dict[str, Any]], columns: Sequence[str], *, fmt: str = "table",
         output: str | None = None, headers: Sequence[str] | None = None, empty: str = "(no results)") -> None:
    """Write rows as a table (stdout), CSV or JSON (stdout), or to a CSV/XLSX/JSON file.
    `headers` (the columns in the interface language) head the table only; files and
    machine formats keep the column names, so scripts do not depend on the language."""
    rows = list(rows)
    if output:
        path = Path(output)
        ext = path.suffix.lower()
        if ext == ".csv":
            with path.open("w", newline="", encoding="utf-8") as fh:
                _write_csv(fh, rows, columns)
        elif ext == ".json":
            path.write_text(json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False,
                                       indent=2, default=str), encoding="utf-8")
        elif ext == ".xlsx":
            import pandas as pd
            pd.DataFrame([{c: _cell(r.get(c)) for c in columns} for r in rows], columns=list(columns)).to_excel(
                path, index=False)
        else:
            raise KnooppuntError(f"{path}: unknown output type {ext!r} (use .csv, .xlsx or .json)")
        click.echo(f"{len(rows)} rows written to {path}", err=True)
        return
    if fmt == "csv":
        buf = io.StringIO()
        _write_csv(buf, rows, columns)
        click.echo(buf.getvalue(), nl=False)
    elif fmt == "json":
        click.echo(json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2,
                              default=str))
    else:
        click.echo(render_table(rows, columns, headers=headers) if rows else empty)


def _write_csv(fh: Any, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.writer(fh)
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in columns])


@functools.cache
def _header_table() -> dict[str, dict[str, str]]:
    text = resources.files("workbench").joinpath("data/headers.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


def column_headers(columns: Sequence[str], lang: str = "nl") -> list[str]:
    """Table headers in the interface language (workbench/data/headers.yaml); a column not listed
    there shows its name with spaces, as the workbench's tables do."""
    table = _header_table()
    return [table.get(c, {}).get(lang) or c.replace("_", " ") for c in columns]


def is_terminal() -> bool:
    return sys.stderr.isatty()


class TerminalProgress:
    """Progress of long work on stderr when it is a terminal, silent otherwise (conventions: progress).

    Wraps the core's `graph.progress.Progress` (imported on first use, so `--help` stays fast):
    importers call it with rows per chunk, analyses with `(done, total, text)`.
    """

    def __init__(self, label: str, unit: str = "rows"):
        from graph.progress import Progress

        outer = self

        class _Shown(Progress):
            def report(self, done: int, total: int, text: str) -> None:
                outer.show(done, total, text)

        self.label, self.unit, self.live = label, unit, is_terminal()
        self.progress = _Shown()
        self.shown = False

    @property
    def done(self) -> int:
        return self.progress.done

    def __call__(self, n: int) -> None:
        """Importers' callback: n more rows done."""
        self.progress.advance(n)

    def show(self, done: int, total: int, text: str) -> None:
        if not self.live:
            return
        what = text or f"{done:,} {self.unit}" + (f" / {total:,}" if total and self.unit != "steps" else "")
        click.echo(f"\r{self.label}: {what}\033[K", nl=False, err=True)
        self.shown = True

    def finish(self) -> None:
        if self.live and self.shown:
            click.echo("", err=True)
