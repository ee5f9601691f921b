"""Tables out: human table on a terminal, `--format csv|json`, `--output FILE` by extension.

Every command that lists things goes through `emit`, so CSV/JSON/XLSX look the same
everywhere (CONVENTIONS.md "Command line").
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click

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


def render_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], max_width: int = 48) -> str:
    cells = [[_cell(r.get(c))[:max_width] for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))
    out = [line.rstrip(), "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(out)


def emit(rows: Iterable[dict[str, Any]], columns: Sequence[str], *, fmt: str = "table",
         output: str | None = None) -> None:
    """Write rows as a table (stdout), CSV or JSON (stdout), or to a CSV/XLSX/JSON file."""
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
        click.echo(render_table(rows, columns) if rows else "(no results)")


def _write_csv(fh: Any, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.writer(fh)
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in columns])


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
