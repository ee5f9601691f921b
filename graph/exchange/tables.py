"""Entity lists as CSV or XLSX with the marking inside the file.

CSV: the marking is the first line (`# RUBRICERING: …`), then the header. XLSX: the
marking is row 1 and the print header/footer. Cells starting with = + - @ (or a tab/CR)
are prefixed with `'` so a spreadsheet shows them as text instead of running a formula.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from graph.exchange.common import ExchangeGraph
from graph.exportfile import safe_text

BASE_COLUMNS = ["id", "type", "caption", "label", "reliability", "credibility", "source", "reference",
                "valid_from", "valid_to"]


def safe_cell(value: Any) -> str:
    if value is None:
        return ""
    return safe_text("; ".join(str(v) for v in value) if isinstance(value, list) else str(value))


def entity_rows(graph: ExchangeGraph) -> tuple[list[str], list[list[str]]]:
    props = sorted({p for e in graph.entities for p in e.properties})
    columns = [*BASE_COLUMNS, *props]
    rows = []
    for e in graph.entities:
        p = e.provenance
        base = [e.id, e.type, e.caption, e.label, e.reliability, e.credibility, p.source if p else None,
                p.reference if p else None, e.valid_from, e.valid_to]
        rows.append([safe_cell(v) for v in (*base, *(e.properties.get(name) for name in props))])
    return columns, rows


def write_csv(graph: ExchangeGraph, path: Path) -> None:
    columns, rows = entity_rows(graph)
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.write(f"# {graph.marking}\n")
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)


def write_xlsx(graph: ExchangeGraph, path: Path) -> None:
    from openpyxl import Workbook

    columns, rows = entity_rows(graph)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Entiteiten"
    sheet.append([graph.marking])
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    sheet.oddHeader.center.text = graph.marking
    sheet.oddFooter.center.text = graph.marking
    book.save(str(path))
