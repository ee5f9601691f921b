"""Networks as analysts receive them: an adjacency matrix reshaped into one row per tie.

UCINET and most published criminal networks come as a matrix: labels down the first column
and across the header, a number per tie. `melt_matrix` turns it into the rows the case
importer maps with the spec's `matrix:` block (importers.spec.MatrixSpec): from, to, value,
each row keeping the spreadsheet row it came from for error messages. Pajek `.net` files
(importers.pajek) and UCINET DL files (importers.ucinet) are read into the same columns, with the
relation each tie belongs to and its own label.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from graph import identifiers
from graph.errors import ValidationError
from graph.schema import Schema
from graph.text import counted
from importers.errors import ImportDataError
from importers.spec import MATRIX_FROM, MATRIX_RELATION, MATRIX_TEXT, MATRIX_TO, MATRIX_VALUE, MatrixSpec
from importers.tables import Chunk

_NO_TIE = {"", "0", "0.0", "0,0", "-"}


def melt_matrix(chunk: Chunk, path: Path, two_mode: bool = False) -> tuple[Chunk, int, str | None]:
    """An adjacency matrix (first column: row labels; header: column labels) as one row per tie.

    A cell that is empty or 0 is no tie; a number is a tie with that value; anything else
    stops the import naming its row and column. The diagonal (a tie to oneself) is left out
    and counted, so the caller can say so -- not in a two-mode (incidence) matrix, whose rows and columns
    are different entities. A missing value as R writes it (`NA`) is no tie
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
            if columns[j] == label and not two_mode:
                diagonal += 1
                continue
            van.append(label)
            naar.append(columns[j])
            waarde.append(str(value))
            rows.append(row)
    ties = pd.DataFrame({MATRIX_FROM: van, MATRIX_TO: naar, MATRIX_VALUE: waarde}, dtype=object)
    return Chunk(ties, chunk.first_row, chunk.sheet, row_numbers=np.array(rows, dtype=np.int64),
                 isolates=untied([*labels, *columns], van, naar)), diagonal, missing


def _table_modes(frame: pd.DataFrame) -> tuple[int, int] | None:
    """(rows, columns) of a matrix table whose row labels are none of its column labels: an incidence matrix
    (persons down, meetings across). A one-mode matrix names its nodes down and across, so any part of it
    read in a chunk has a row label among its column labels."""
    if frame.shape[1] < 2 or frame.empty:
        return None
    labels = {str(x).strip() for x in frame.iloc[:, 0].tolist()} - {""}
    columns = {str(c).strip() for c in frame.columns[1:]}
    return (len(labels), len(columns)) if labels and not labels & columns else None


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
    return (f"{counted(int(mask.sum()), 'matrix cell says', 'matrix cells say')} the value is missing (NA, "
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
        self.seen: dict[tuple[str, str, str], tuple[str, int]] = {}  # (relation name, from, to)
        self.count = 0
        self.examples: list[str] = []

    def add(self, ties: Chunk) -> None:
        frame = ties.frame
        names = frame[MATRIX_RELATION].tolist() if MATRIX_RELATION in frame.columns else [""] * len(frame)
        for i, (a, b, value, name) in enumerate(zip(frame[MATRIX_FROM].tolist(), frame[MATRIX_TO].tolist(),
                                                    frame[MATRIX_VALUE].tolist(), names, strict=True)):
            other = self.seen.pop((name, b, a), None)
            if other is None:
                self.seen[(name, a, b)] = (value, ties.row_of(i))
            elif other[0] != value:
                self.count += 1
                if len(self.examples) < 3:
                    self.examples.append(f"{b!r} -> {a!r} {other[0]} (row {other[1]}), {a!r} -> {b!r} {value} "
                                         f"(row {ties.row_of(i)})")

    def warning(self, relation: str) -> str | None:
        if not self.count:
            return None
        pairs = counted(self.count, "pair of the matrix differs", "pairs of the matrix differ")
        return (f"{pairs} between row -> column and column -> row, e.g. "
                f"{'; '.join(self.examples)}: {relation} is undirected, so each pair is one relation showing "
                "one of the two values; map the matrix to a directed relation (e.g. contacted) to keep both")


class NetworkNotes:
    """A network table (adjacency matrix, Pajek, DL) over its chunks: melted into ties, the relations the
    specification does not name left out, and what it left out or cannot show gathered for the import's
    warnings (diagonal, missing cells, untied nodes, pairs, relations, values, labels, reader notes)."""

    def __init__(self, path: Path, matrix: MatrixSpec | None, schema: Schema):
        self.path = path
        self.matrix = matrix
        self.schema = schema
        self.pairs: dict[str, PairCheck] = {}
        self.diagonal = 0
        self.missing: list[str] = []
        self.isolates: tuple[str, ...] = ()
        self.notes: tuple[str, ...] = ()
        self.left_out: Counter[str] = Counter()  # ties of relations the specification does not name
        self.lost: dict[tuple[str, str], list[Any]] = {}  # (what, why) -> [count, first line, first value]

    def take(self, chunk: Chunk) -> Chunk:
        if self.matrix is None:
            return chunk
        modes = chunk.modes if MATRIX_FROM in chunk.frame.columns else _table_modes(chunk.frame)
        if modes is not None and self.matrix.columns is None:
            n_rows, n_cols = modes
            raise ImportDataError(f"a two-mode network ({n_rows} by {n_cols}: its rows and its columns are different "
                                  "kinds of thing); say what the columns are in the specification's matrix, e.g. "
                                  f"`columns: Event` with `relation: attended`", file=self.path)
        if MATRIX_FROM not in chunk.frame.columns:
            chunk, left_out, missing = melt_matrix(chunk, self.path, two_mode=self.matrix.columns is not None)
            self.diagonal += left_out
            self.missing += [missing] if missing else []
        frame = chunk.frame
        for column in (MATRIX_RELATION, MATRIX_TEXT):
            if column not in frame.columns:
                frame[column] = ""
        self.isolates += chunk.isolates
        for name in self.matrix.nodes:  # a value per node (Pajek *Vector) the specification puts in a property
            if f"{MATRIX_FROM}:{name}" in frame.columns:
                continue
            if not any(f" {name!r} at line " in n for n in chunk.notes):
                raise ImportDataError(f"the specification's matrix `nodes:` names {name!r}: the file has no "
                                      "*Vector or *Partition of that name", file=self.path)
            for end in (MATRIX_FROM, MATRIX_TO):  # its count is not the vertices': said by the reader, kept empty
                frame[f"{end}:{name}"] = ""
        kept = [f" {name!r} (a value per vertex)" for name in self.matrix.nodes]
        self.notes += tuple(n for n in chunk.notes if not any(k in n for k in kept))
        chunk = self._named_relations(chunk)
        types = [self.matrix.relation_of(n) or "" for n in chunk.frame[MATRIX_RELATION].tolist()]
        self._lost_values(chunk, types)
        for rtype in set(types):  # a two-mode network has no mirror cell to compare
            if not self.schema.relations[rtype].directed and self.matrix.columns is None:
                rows = np.flatnonzero(np.array(types, dtype=object) == rtype)
                self.pairs.setdefault(rtype, PairCheck()).add(_rows(chunk, rows))
        return chunk

    def _named_relations(self, chunk: Chunk) -> Chunk:
        """The ties of the relations the specification imports; a file of several relations needs it to say."""
        assert self.matrix is not None
        names = chunk.frame[MATRIX_RELATION].tolist()
        distinct = list(dict.fromkeys(names))
        if len(distinct) > 1 and not self.matrix.relations and self.matrix.name is None:
            shown = ", ".join(repr(n) for n in distinct[:6]) + (", ..." if len(distinct) > 6 else "")
            raise ImportDataError(f"holds {len(distinct)} relations ({shown}); name those to import in the "
                                  f"specification's matrix, e.g. `relations: {{{distinct[0] or '1'}: "
                                  f"{self.matrix.relation or 'associate_of'}}}` (one relation type each), or keep "
                                  "each tie's relation name with `name: <text property>`", file=self.path)
        keep = np.array([self.matrix.relation_of(n) is not None for n in names], dtype=bool)
        if keep.all():
            return chunk
        self.left_out.update(n for n, k in zip(names, keep.tolist(), strict=True) if not k)
        return _rows(chunk, np.flatnonzero(keep))

    def _lost_values(self, chunk: Chunk, types: list[str]) -> None:
        """Tie values and labels no property of the relation holds: counted with the first line and value."""
        assert self.matrix is not None
        frame = chunk.frame
        for column, prop, what, default in ((MATRIX_VALUE, self.matrix.value, "value", 1.0),
                                            (MATRIX_TEXT, self.matrix.text, "label", "")):
            for i, (cell, rtype) in enumerate(zip(frame[column].tolist(), types, strict=True)):
                if _is_default(str(cell), default) or (prop is not None
                                                      and prop in self.schema.relations[rtype].properties):
                    continue
                why = (f"the specification's matrix has no `{'value' if what == 'value' else 'text'}:`"
                       if prop is None else f"{rtype} has no property {prop!r}")
                entry = self.lost.setdefault((what, why), [0, chunk.row_of(i), str(cell)])
                entry[0] += 1

    def warnings(self, tag: str) -> list[str]:
        out = [f"{tag}: {m}" for m in self.missing] + [f"{tag}: {n}" for n in self.notes]
        if self.isolates:
            shown = ", ".join(repr(x) for x in self.isolates[:5]) + (", ..." if len(self.isolates) > 5 else "")
            one = len(self.isolates) == 1
            out.append(f"{tag}: {counted(len(self.isolates), 'node of the network has', 'nodes of the network have')} "
                       f"no tie and {'was' if one else 'were'} not imported ({shown}): a network file makes entities "
                       "from its ties only")
        if self.left_out:
            shown = ", ".join(f"{n!r} ({counted(c, 'tie', 'ties')})" for n, c in self.left_out.most_common(6))
            verb = "was" if len(self.left_out) == 1 else "were"
            out.append(f"{tag}: {counted(len(self.left_out), 'relation', 'relations')} of the file the specification's "
                       f"matrix `relations:` does not name {verb} not imported: {shown}")
        for (what, why), (count, line, value) in self.lost.items():
            out.append(f"{tag}: {counted(count, f'tie {what}', f'tie {what}s')} not kept (first at line {line}, "
                       f"value {value!r}): {why}")
        for rtype, pairs in self.pairs.items():
            asymmetric = pairs.warning(rtype)
            out += [f"{tag}: {asymmetric}"] if asymmetric else []
        return out


def _is_default(cell: str, default: float | str) -> bool:
    """A tie's value 1 (a tie without a number) or an empty label: nothing lost when no property holds it."""
    if isinstance(default, str):
        return cell.strip() == default
    try:
        return float(cell) == default
    except ValueError:
        return False


def _rows(chunk: Chunk, rows: np.ndarray) -> Chunk:
    """The chunk's rows `rows` (positions), each keeping its file line."""
    return Chunk(chunk.frame.iloc[rows].reset_index(drop=True), chunk.first_row, chunk.sheet,
                 row_numbers=np.array([chunk.row_of(int(i)) for i in rows], dtype=np.int64),
                 isolates=chunk.isolates, notes=chunk.notes)


def looks_like_incidence(columns: list[str], rows: list[list[str]]) -> bool:
    """Whether a table reads as a two-mode (incidence) matrix: an empty first header cell (R's write.csv,
    Excel), row labels that are none of the column labels, numbers in the cells (persons by meetings). A
    case table names its first column."""
    if len(columns) < 3 or not rows or str(columns[0]).strip() not in ("", "Unnamed: 0"):
        return False
    labels = {c.strip() for c in columns[1:]}
    return all(row and row[0].strip() and row[0].strip() not in labels and _numbers(row[1:]) for row in rows)


def _numbers(cells: list[str]) -> bool:
    for cell in cells:
        text = cell.strip().replace(",", ".")
        if text in ("", "NA", "-"):
            continue
        try:
            float(text)
        except ValueError:
            return False
    return True


def looks_like_matrix(columns: list[str], rows: list[list[str]]) -> bool:
    """Whether a table's first rows read as an adjacency matrix: row labels that are column labels, numbers.

    The import wizard ticks "read as a network" from this (CAVIAR, R's write.csv and UCINET exports
    label their rows with the header's names); the analyst can untick it. An edge list or a case
    table fails it on its first row: its first column's values are not its column names."""
    labels = {c.strip() for c in columns[1:]}
    if len(columns) < 3 or not rows:
        return False
    return all(row and row[0].strip() in labels and _numbers(row[1:]) for row in rows)
