"""Networks as analysts receive them: an adjacency matrix reshaped into one row per tie.

UCINET and most published criminal networks come as a matrix: labels down the first column
and across the header, a number per tie. `melt_matrix` turns it into the rows the case
importer maps with the spec's `matrix:` block (importers.spec.MatrixSpec): from, to, value,
each row keeping the spreadsheet row it came from for error messages. Pajek `.net` files are
read into the same three columns by `importers.tables.read_pajek` (networkx's reader).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from graph import identifiers
from graph.errors import ValidationError
from importers.errors import ImportDataError
from importers.spec import MATRIX_FROM, MATRIX_TO, MATRIX_VALUE
from importers.tables import Chunk

_NO_TIE = {"", "0", "0.0", "0,0", "-"}


def melt_matrix(chunk: Chunk, path: Path) -> tuple[Chunk, int, str | None]:
    """An adjacency matrix (first column: row labels; header: column labels) as one row per tie.

    A cell that is empty or 0 is no tie; a number is a tie with that value; anything else
    stops the import naming its row and column. The diagonal (a tie to oneself) is left out
    and counted, so the caller can say so. A missing value as R writes it (`NA`) is no tie
    either, and said. Returns (the ties, diagonal cells left out, what was missing or None).
    """
    frame = chunk.frame
    if frame.shape[1] < 2:
        raise ImportDataError("an adjacency matrix needs row labels in the first column and at least one "
                              "column of ties", file=path, row=chunk.first_row - 1, sheet=chunk.sheet)
    labels = frame.iloc[:, 0].astype(str).str.strip().tolist()
    columns = [str(c).strip() for c in frame.columns[1:]]
    van: list[str] = []
    naar: list[str] = []
    waarde: list[str] = []
    rows: list[int] = []
    diagonal = 0
    cells = frame.iloc[:, 1:].to_numpy(dtype=object)
    missing = _missing_cells(cells, chunk, columns)
    for i, label in enumerate(labels):
        row = chunk.row_of(i)
        if not label:
            if any(str(c).strip() not in _NO_TIE for c in cells[i]):
                raise ImportDataError("a row of the matrix has ties but no label in its first column",
                                      file=path, row=row, sheet=chunk.sheet)
            continue
        for j in np.flatnonzero([str(c).strip() not in _NO_TIE for c in cells[i]]).tolist():
            text = str(cells[i][j]).strip()
            try:
                value = identifiers.number(text)
            except ValidationError:
                raise ImportDataError("a matrix cell must be a number (empty or 0: no tie)", file=path, row=row,
                                      field=columns[j], value=text, sheet=chunk.sheet) from None
            if value == 0:
                continue
            if columns[j] == label:
                diagonal += 1
                continue
            van.append(label)
            naar.append(columns[j])
            waarde.append(str(value))
            rows.append(row)
    ties = pd.DataFrame({MATRIX_FROM: van, MATRIX_TO: naar, MATRIX_VALUE: waarde}, dtype=object)
    return Chunk(ties, chunk.first_row, chunk.sheet, row_numbers=np.array(rows, dtype=np.int64),
                 isolates=untied([*labels, *columns], van, naar)), diagonal, missing


_MISSING = ("NA", "N/A", "#N/A", "NaN", "nan")


def _missing_cells(cells: np.ndarray, chunk: Chunk, columns: list[str]) -> str | None:
    """Blank out the cells that say a value is missing (R's `NA`, Excel's `#N/A`); where they were, in words."""
    if not cells.size:
        return None
    mask = np.isin(np.char.strip(cells.astype(str)), _MISSING)
    if not mask.any():
        return None
    i, j = (int(x[0]) for x in np.nonzero(mask))
    cells[mask] = ""
    return (f"{int(mask.sum()):,} matrix cell(s) say the value is missing (NA, "
            f"first at row {chunk.row_of(i)}, column {columns[j]!r}): read as no tie")


def untied(labels: list[str], van: list[str], naar: list[str]) -> tuple[str, ...]:
    """The labels (in their order, once each) that no tie names: a network's isolated nodes."""
    tied = set(van) | set(naar)
    return tuple(dict.fromkeys(x for x in labels if x and x not in tied))


class PairCheck:
    """Ties of an undirected relation read from a matrix, both ways: the pairs whose two cells differ.

    A published matrix is often directed (CAVIAR counts who called whom: row 1, column 89 is 4,
    row 89, column 1 is 1). Imported as an undirected relation, both cells are one relation that
    can show one value, so the import says how many pairs differ and names the first few instead
    of quietly showing one of the two numbers.
    """

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], tuple[str, int]] = {}
        self.count = 0
        self.examples: list[str] = []

    def add(self, ties: Chunk) -> None:
        frame = ties.frame
        for i, (a, b, value) in enumerate(zip(frame[MATRIX_FROM].tolist(), frame[MATRIX_TO].tolist(),
                                              frame[MATRIX_VALUE].tolist(), strict=True)):
            other = self.seen.pop((b, a), None)
            if other is None:
                self.seen[(a, b)] = (value, ties.row_of(i))
            elif other[0] != value:
                self.count += 1
                if len(self.examples) < 3:
                    self.examples.append(f"{b!r} -> {a!r} {other[0]} (row {other[1]}), {a!r} -> {b!r} {value} "
                                         f"(row {ties.row_of(i)})")

    def warning(self, relation: str) -> str | None:
        if not self.count:
            return None
        return (f"{self.count:,} pair(s) of the matrix differ between row -> column and column -> row, e.g. "
                f"{'; '.join(self.examples)}: {relation} is undirected, so each pair is one relation showing "
                "one of the two values; map the matrix to a directed relation (e.g. contacted) to keep both")


class NetworkNotes:
    """A network table (adjacency matrix, Pajek, DL) over its chunks: melted into ties, and what it left
    out or cannot show gathered for the import's warnings (diagonal, missing cells, untied nodes, pairs)."""

    def __init__(self, path: Path, matrix: bool, undirected: str | None):
        self.path = path
        self.matrix = matrix
        self.relation = undirected or ""
        self.pairs = PairCheck() if undirected else None
        self.diagonal = 0
        self.missing: list[str] = []
        self.isolates: tuple[str, ...] = ()

    def take(self, chunk: Chunk) -> Chunk:
        if self.matrix and MATRIX_FROM not in chunk.frame.columns:
            chunk, left_out, missing = melt_matrix(chunk, self.path)
            self.diagonal += left_out
            self.missing += [missing] if missing else []
        if self.pairs is not None:
            self.pairs.add(chunk)
        self.isolates += chunk.isolates
        return chunk

    def warnings(self, tag: str) -> list[str]:
        out = [f"{tag}: {m}" for m in self.missing]
        if self.isolates:
            shown = ", ".join(repr(x) for x in self.isolates[:5]) + (", ..." if len(self.isolates) > 5 else "")
            out.append(f"{tag}: {len(self.isolates):,} node(s) of the network have no tie and were not imported "
                       f"({shown}): a network file makes entities from its ties only")
        asymmetric = self.pairs.warning(self.relation) if self.pairs is not None else None
        return out + ([f"{tag}: {asymmetric}"] if asymmetric else [])


def looks_like_matrix(columns: list[str], rows: list[list[str]]) -> bool:
    """Whether a table's first rows read as an adjacency matrix: row labels that are column labels, numbers.

    The import wizard ticks "read as a network" from this (CAVIAR, R's write.csv and UCINET exports
    label their rows with the header's names); the analyst can untick it. An edge list or a case
    table fails it on its first row: its first column's values are not its column names."""
    labels = {c.strip() for c in columns[1:]}
    if len(columns) < 3 or not rows:
        return False
    for row in rows:
        if not row or row[0].strip() not in labels:
            return False
        for cell in row[1:]:
            text = cell.strip().replace(",", ".")
            if text in ("", "NA", "-"):
                continue
            try:
                float(text)
            except ValueError:
                return False
    return True
