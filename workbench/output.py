"""Tables out: human table on a terminal, `--format csv|json`, `--output FILE` by extension.

Every command that lists things goes through `emit`, so CSV/JSON/XLSX look the same
everywhere (CONVENTIONS.md "Command line"). Machine formats are exports and carry the
project's classification marking *inside* the data (issue 11, item 5):

* CSV: a first comment line ``# RUBRICERING: VERTROUWELIJK`` before the header row;
* XLSX: the marking as the sheet's first row and as its printed page header/footer;
* JSON: an object ``{"marking": ..., "classification": ..., "columns": [...], "rows": [...]}``.

Cells are made safe for spreadsheets before anything is written: a text beginning with
``=``, ``+``, ``-``, ``@``, tab or CR is prefixed with ``'`` (OWASP "CSV injection"), and
control characters are escaped as ``\\xNN`` (openpyxl refuses them, and they hide text).
Files are written to a temporary file with mode 600 next to the target and renamed into
place, so a failed write leaves nothing half-written and an export is never world-readable.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import click
import yaml

from graph.errors import KnooppuntError
from graph.exportfile import CONTROL as _CONTROL
from graph.exportfile import safe_text, write_private
from graph.model import SECURITY_LABELS

FORMATS = ("table", "csv", "json")
LABEL_NAMES = {"open": "OPEN", "confidential": "VERTROUWELIJK", "police-wpg": "POLITIEGEGEVENS (WPG)",
               "fiod/tax": "FIOD / FISCAAL GEHEIM"}


def highest_label(labels: Iterable[str]) -> str:
    """The most restrictive of `labels` (SECURITY_LABELS is ordered low to high); `open` for none."""
    present = set(labels)
    ranked = [lab for lab in SECURITY_LABELS if lab in present]
    return ranked[-1] if ranked else SECURITY_LABELS[0]


def marking_line(label: str) -> str:
    """`RUBRICERING: VERTROUWELIJK` -- the same words the chart exports print."""
    return f"RUBRICERING: {LABEL_NAMES.get(label, label.upper())}"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _sheet_cell(value: Any) -> str:
    """A cell for CSV/XLSX: numbers as they are (a negative number is no formula), text made safe."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return safe_text(_cell(value))
    return _cell(value)


def _json_value(value: Any) -> Any:
    """JSON escapes control characters itself; only non-JSON types become text."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple | set):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def _table_cell(value: Any, width: int) -> str:
    """A cell of the human table, at most `width` characters; a cut list says how many it left out."""
    if isinstance(value, list | tuple | set) and value:
        items = [_CONTROL.sub("?", str(v)) for v in value]
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
    text = _CONTROL.sub("?", _cell(value))
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


def json_document(rows: Sequence[dict[str, Any]], columns: Sequence[str], label: str) -> str:
    doc = {"marking": marking_line(label), "classification": label, "columns": list(columns),
           "rows": [{c: _json_value(r.get(c)) for c in columns} for r in rows]}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def emit(rows: Iterable[dict[str, Any]], columns: Sequence[str], *, fmt: str = "table",
         output: str | None = None, headers: Sequence[str] | None = None, empty: str = "(no results)",
         label: str = "open", written: Callable[[], None] | None = None) -> None:
    """Write rows as a table (stdout), CSV or JSON (stdout), or to a CSV/XLSX/JSON file.

    `headers` (the columns in the interface language) head the table only; files and
    machine formats keep the column names, so scripts do not depend on the language.
    `label` is the classification the marking names; `written` runs after the data is
    complete (the export's audit entry): when it fails, a file just written is removed.
    """
    rows = list(rows)
    if output:
        path = Path(output)
        ext = path.suffix.lower()
        if ext not in (".csv", ".json", ".xlsx"):
            raise KnooppuntError(f"{path}: unknown output type {ext!r} (use .csv, .xlsx or .json)")
        write_private(path, lambda tmp: _write_file(tmp, ext, rows, columns, label), written)
        key = "row_written" if len(rows) == 1 else "rows_written"  # "1 rij", not "1 rijen"
        click.echo(say(key, count=len(rows), path=path, marking=marking_line(label)), err=True)
        return
    if fmt == "csv":
        buf = io.StringIO()
        _write_csv(buf, rows, columns, label)
        text = buf.getvalue()
    elif fmt == "json":
        text = json_document(rows, columns, label) + "\n"
    else:
        text = (render_table(rows, columns, headers=headers) if rows else empty) + "\n"
    click.echo(text, nl=False)
    if written is not None:
        written()


def _write_file(path: Path, ext: str, rows: Sequence[dict[str, Any]], columns: Sequence[str], label: str) -> None:
    if ext == ".csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            _write_csv(fh, rows, columns, label)
            fh.flush()
            os.fsync(fh.fileno())
    elif ext == ".json":
        with path.open("w", encoding="utf-8") as fh:
            fh.write(json_document(rows, columns, label) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    else:
        _write_xlsx(path, rows, columns, label)


def _write_csv(fh: TextIO, rows: Sequence[dict[str, Any]], columns: Sequence[str], label: str) -> None:
    fh.write(f"# {marking_line(label)}\n")
    writer = csv.writer(fh)
    writer.writerow([safe_text(c) for c in columns])
    for r in rows:
        writer.writerow([_sheet_cell(r.get(c)) for c in columns])


def _write_xlsx(path: Path, rows: Sequence[dict[str, Any]], columns: Sequence[str], label: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    marking = marking_line(label)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "export"
    ws.append([marking])
    ws["A1"].font = Font(bold=True, color="B00020")
    ws.append([safe_text(c) for c in columns])
    for r in rows:
        ws.append([_sheet_cell(r.get(c)) for c in columns])
    for part in (ws.oddHeader, ws.oddFooter, ws.evenHeader, ws.evenFooter):
        part.center.text = marking
    ws.print_title_rows = "1:2"
    ws.freeze_panes = "A3"
    wb.save(path)


def read_json_rows(text: str) -> list[dict[str, Any]]:
    """The rows of a JSON export (for scripts and tests reading `--format json`)."""
    data = json.loads(text)
    return list(data["rows"]) if isinstance(data, dict) else list(data)


def read_csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of a CSV export, its marking comment line skipped."""
    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return list(csv.DictReader(lines))


@functools.cache
def _language_table(name: str) -> dict[str, Any]:
    """A {key: {nl, en}} file of workbench/data: the one way the CLI keeps its words per language."""
    text = resources.files("workbench").joinpath(f"data/{name}.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


def _header_table() -> dict[str, dict[str, str]]:
    return _language_table("headers")


def say(key: str, lang: str | None = None, /, **fields: Any) -> str:
    """A CLI message (confirmation, warning, error line) in the interface language.

    The texts live in workbench/data/messages.yaml beside the table headers, per language,
    with `{field}` places for ids, file names and numbers (which stay as they are)."""
    entry = _language_table("messages")[key]
    text = _COUNTED.sub(lambda m: m.group(2) if str(fields.get(m.group(1))).replace(",", "") == "1" else m.group(3),
                        str(entry[lang or _cli_lang()]))
    return text.format(**fields)


# `{count|relatie|relaties}` in a message: the first noun when the field `count` is 1, else the second
# ("1 relation(s)" read wrong in both languages).
_COUNTED = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def word(value: str, lang: str | None = None) -> str:
    """A value word in a table for people (`entities`, `rows`) in the interface language;
    messages.yaml `words`. Files and machine formats keep the word itself."""
    entry = (_language_table("messages").get("words") or {}).get(value)
    return str(entry[lang or _cli_lang()]) if entry else value


def human_row(row: Mapping[str, Any], lang: str | None = None) -> dict[str, Any]:
    """A row as a person reads it in a table: yes/no for True/False (ja/nee in Dutch) and a
    `label` column's security-label code by its name (`vertrouwelijk`); files keep the values."""
    out = dict(row)
    for key, value in row.items():
        if isinstance(value, bool):
            out[key] = word("yes" if value else "no", lang)
        elif key == "label" and value in SECURITY_LABELS:
            out[key] = word(str(value), lang)
    return out


def day_time(value: object, lang: str | None = None) -> str:
    """A date or timestamp for people: dd-mm-jjjj (hh:mm) in Dutch, ISO in English."""
    from graph.formatting import format_timestamp

    text = "" if value is None else str(value)
    return text if (lang or _cli_lang()) != "nl" else format_timestamp(text, "nl")


def core_text(text: str, lang: str | None = None) -> str:
    """A message of the core (an error, an import warning) in the interface language
    (graph/core_text.py: the same Dutch phrases the workbench shows)."""
    from graph.core_text import core_text as in_language

    return in_language(text, lang or _cli_lang())


def column_headers(columns: Sequence[str], lang: str = "nl", declared: Mapping[str, str] | None = None) -> list[str]:
    """Table headers in the interface language, the one path every CLI table takes.

    An analysis's columns are named where they are declared (`declared`: the catalogue's
    names in `lang`, which the GUI shows too); other columns by workbench/data/headers.yaml;
    a column in neither shows its name with spaces, as the workbench's tables do."""
    table, declared = _header_table(), declared or {}
    return [declared.get(c) or table.get(c, {}).get(lang) or c.replace("_", " ") for c in columns]


def is_terminal() -> bool:
    return sys.stderr.isatty()


_UNITS_NL = {"rows": "rijen", "steps": "stappen", "records": "records", "files": "bestanden"}


class TerminalProgress:
    """Progress of long work on stderr when it is a terminal, silent otherwise (conventions: progress).

    Wraps the core's `graph.progress.Progress` (imported on first use, so `--help` stays fast):
    importers call it with rows per chunk, analyses with `(done, total, text)`. The line shows
    the rate and, when the total is known, the time left (`1,200 / 9,000 rows · 400 rows/s ·
    ETA 0:20`; Dutch with `--lang nl`, the default), and `finish()` leaves one closing line
    with the count, the time taken and the average rate.
    """

    REDRAW = 0.1  # seconds between two redraws of the line (a fast import reports often)

    def __init__(self, label: str, unit: str = "rows", *, live: bool | None = None, lang: str | None = None,
                 clock: Callable[[], float] | None = None):
        import time

        from graph.progress import Progress

        outer = self

        class _Shown(Progress):
            def report(self, done: int, total: int, text: str) -> None:
                outer.show(done, total, text)

        self.label, self.unit = label, unit
        self.live = is_terminal() if live is None else live
        self.lang = lang or _cli_lang()
        self.progress = _Shown(clock=clock or time.monotonic)
        self.shown = False
        self._drawn_at = -1.0

    @property
    def done(self) -> int:
        return self.progress.done

    def __call__(self, n: int) -> None:
        """Importers' callback: n more rows done."""
        self.progress.advance(n)

    def _unit(self) -> str:
        return _UNITS_NL.get(self.unit, self.unit) if self.lang == "nl" else self.unit

    def line(self, done: int, total: int, text: str = "") -> str:
        """The progress line (without the label): count, rate and time left where known."""
        from graph.formatting import format_number
        from graph.progress import format_duration, format_rate

        unit, meter = self._unit(), self.progress.meter
        what = text or f"{format_number(done, self.lang, 'integer')} {unit}" + (
            f" / {format_number(total, self.lang, 'integer')}" if total and self.unit != "steps" else "")
        if meter.rate > 0 and self.unit != "steps":
            what += f" · {format_rate(meter.rate, self.lang)} {unit}/s"
        if meter.eta is not None:
            what += f" · {'nog' if self.lang == 'nl' else 'ETA'} {format_duration(meter.eta)}"
        return what

    def show(self, done: int, total: int, text: str) -> None:
        if not self.live:
            return
        now = self.progress.meter.clock()
        if self.shown and now - self._drawn_at < self.REDRAW and not (total and done >= total):
            return
        self._drawn_at = now
        click.echo(f"\r{self.label}: {self.line(done, total, text)}\033[K", nl=False, err=True)
        self.shown = True

    def summary(self) -> str:
        """`12,000 rows in 0:03 (4,000 rows/s)`: what the run did, for the closing line."""
        from graph.formatting import format_number
        from graph.progress import format_duration, format_rate

        meter, unit = self.progress.meter, self._unit()
        return (f"{format_number(self.done, self.lang, 'integer')} {unit} in {format_duration(meter.elapsed)} "
                f"({format_rate(meter.average, self.lang)} {unit}/s)")

    def finish(self) -> None:
        if self.live and self.shown:
            click.echo(f"\r{self.label}: {self.summary()}\033[K", err=True)


def _cli_lang() -> str:
    """The CLI's interface language: --lang, else KNOOPPUNT_LANG, else Dutch (workbench.context's rule;
    read from the click context here because context imports this module)."""
    ctx = click.get_current_context(silent=True)
    chosen = ctx.meta.get("knooppunt.lang") if ctx is not None else None
    chosen = chosen or os.environ.get("KNOOPPUNT_LANG")
    return chosen if chosen in ("nl", "en") else "nl"
