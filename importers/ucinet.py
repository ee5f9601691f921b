"""UCINET DL files (`.dl`): the text format most published criminal networks come in.

Why our own reader: python-igraph's `Graph.Read_DL` (the one library reader) takes only 0/1 cells
in a full matrix and refuses `NM=` and `ROW LABELS:`, while published networks (CAVIAR, Siren,
the Manchester covert-network collection) are weighted matrices with labels. Read here: the
header (`DL N=… | NR= NC=`, `FORMAT = FULLMATRIX | LOWERHALF | UPPERHALF | EDGELIST1 | NODELIST1` and the
two-mode lists `EDGELIST2 | NODELIST2` (row node, column node: persons and the events they attended),
`LABELS:`, `ROW LABELS:`, `COLUMN LABELS:`, `LABELS EMBEDDED`, `DIAGONAL ABSENT`) and several relations
(`NM=2` with `MATRIX LABELS:`; matrices follow one another, lists are separated by a `!` line). A matrix
row may wrap over several lines (UCINET and older tools break long rows); a half matrix is read as the
symmetric full matrix it stands for (each cell a tie both ways). The result is the
columns of a Pajek network (from label, to label, value, the matrix label), each tie keeping the
file line it came from, so errors and the spec's `matrix:` block work as for an adjacency matrix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from graph import identifiers
from graph.errors import ValidationError
from importers.errors import ImportDataError
from importers.networks import untied
from importers.tables import Chunk, detect_encoding

_FORMATS = {"fullmatrix": "fullmatrix", "fm": "fullmatrix", "edgelist1": "edgelist1", "el1": "edgelist1",
            "nodelist1": "nodelist1", "nl1": "nodelist1", "lowerhalf": "lowerhalf", "lh": "lowerhalf",
            "upperhalf": "upperhalf", "uh": "upperhalf", "edgelist2": "edgelist2", "el2": "edgelist2",
            "nodelist2": "nodelist2", "nl2": "nodelist2"}
_TWO_MODE_LISTS = ("edgelist2", "nodelist2")
_MATRICES = ("fullmatrix", "lowerhalf", "upperhalf")
_SECTION = re.compile(r"\b(matrix\s+labels|row\s+labels|column\s+labels|col\s+labels|level\s+labels|labels)\s*:",
                      re.I)
_TOKEN = re.compile(r'"([^"]*)"|\'([^\']*)\'|([^\s,"\']+)')
_NO_TIE = {"0", "0.0", "", "-"}


@dataclass
class _Header:
    n_rows: int | None = None
    n_cols: int | None = None
    matrices: int = 1
    fmt: str = "fullmatrix"
    embedded: bool = False
    diagonal: bool = True  # `DIAGONAL ABSENT`: a full matrix's rows leave their diagonal cell out
    row_labels: list[str] = field(default_factory=list)
    col_labels: list[str] = field(default_factory=list)
    matrix_labels: list[str] = field(default_factory=list)

    def modes(self) -> tuple[int, int] | None:
        """(rows, columns) of a two-mode matrix: `NR=` and `NC=` differ, or its row and column labels have no
        name in common (persons by meetings); None for one network of one kind of node."""
        if self.fmt not in _MATRICES:
            return None
        if self.n_rows and self.n_cols and self.n_rows != self.n_cols:
            return self.n_rows, self.n_cols
        if self.row_labels and self.col_labels and not set(self.row_labels) & set(self.col_labels):
            return len(self.row_labels), len(self.col_labels)
        return None


def _tokens(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _TOKEN.finditer(text)]


def _header(text: str, path: Path) -> _Header:
    head = _Header()
    sections = _SECTION.split(text)
    settings = sections[0]
    for i in range(1, len(sections) - 1, 2):
        name = " ".join(sections[i].lower().split())
        labels = _tokens(sections[i + 1])
        if name in ("labels", "row labels"):
            head.row_labels = labels
        if name in ("labels", "column labels", "col labels"):
            head.col_labels = labels
        if name == "matrix labels":
            head.matrix_labels = labels
    if not re.match(r"\s*dl\b", settings, re.I):
        raise ImportDataError("not a UCINET DL file: it does not start with `DL`", file=path, row=1)
    values = {k.lower(): v for k, v in re.findall(r"\b(n|nr|nc|nm)\s*=\s*(\d+)", settings, re.I)}
    n = values.get("n", "")
    head.n_rows = int(values.get("nr", n) or 0) or None
    head.n_cols = int(values.get("nc", n) or 0) or None
    head.matrices = int(values.get("nm", 1))
    fmt = re.search(r"\bformat\s*=\s*(\w+)", settings, re.I)
    if fmt is not None:
        if fmt.group(1).lower() not in _FORMATS:
            raise ImportDataError(f"DL format {fmt.group(1)!r} is not read (fullmatrix, lowerhalf, upperhalf, "
                                  "edgelist1, nodelist1, edgelist2 and nodelist2 are)", file=path)
        head.fmt = _FORMATS[fmt.group(1).lower()]
    head.embedded = re.search(r"\blabels\s+embedded\b", settings + " ".join(sections[1:]), re.I) is not None
    head.diagonal = re.search(r"\bdiagonal\s+absent\b", settings, re.I) is None
    if head.matrix_labels and len(head.matrix_labels) != head.matrices:
        raise ImportDataError(f"NM={head.matrices} but {len(head.matrix_labels)} MATRIX LABELS "
                              f"({', '.join(head.matrix_labels)})", file=path)
    head.matrix_labels = head.matrix_labels or ([str(i) for i in range(1, head.matrices + 1)]
                                                if head.matrices > 1 else [""])
    return head


def _split(text: str, path: Path) -> tuple[str, list[tuple[int, list[str]]]]:
    """The header text and the data lines (file line number, tokens) after `DATA:`."""
    match = re.search(r"^\s*data\s*:", text, re.I | re.M)
    if match is None:
        raise ImportDataError("not a UCINET DL file: no `DATA:` line", file=path)
    first = text.count("\n", 0, match.start()) + 1
    lines = text[match.end():].split("\n")
    data = [(first + i, _tokens(line)) for i, line in enumerate(lines)]
    return text[:match.start()], [(n, t) for n, t in data if t]


def _number(text: str, path: Path, line: int, column: str) -> str:
    try:
        return str(identifiers.number(text))
    except ValidationError:
        raise ImportDataError("a DL cell must be a number", file=path, row=line, field=column, value=text) from None


def _label(labels: list[str], token: str, path: Path, line: int) -> str:
    """`token` as a 1-based index into `labels` (or itself when the file gives no labels)."""
    if not labels:
        return token
    if not token.isdigit() or not 1 <= int(token) <= len(labels):
        raise ImportDataError(f"a node number must be 1 to {len(labels)} (the labels given)", file=path, row=line,
                              value=token)
    return labels[int(token) - 1]


class _Ties:
    def __init__(self) -> None:
        self.van: list[str] = []
        self.naar: list[str] = []
        self.value: list[str] = []
        self.rows: list[int] = []
        self.relation: list[str] = []

    def add(self, a: str, b: str, value: str, line: int, relation: str) -> None:
        self.van.append(a)
        self.naar.append(b)
        self.value.append(value)
        self.rows.append(line)
        self.relation.append(relation)


def _blocks(head: _Header, data: list[tuple[int, list[str]]], path: Path) -> list[list[tuple[int, list[str]]]]:
    """The data lines of each matrix (NM of them): a full matrix's rows follow one another, lists are
    separated by a `!` line."""
    if head.matrices == 1 and not any(tokens == ["!"] for _, tokens in data):
        return [data]
    if head.fmt not in _MATRICES:
        blocks: list[list[tuple[int, list[str]]]] = [[]]
        for line, tokens in data:
            if tokens == ["!"]:
                blocks.append([])
            else:
                blocks[-1].append((line, tokens))
    else:
        rows = [(n, t) for n, t in data if t != ["!"]]
        header = rows[:1] if head.embedded else []
        body = rows[1:] if head.embedded else rows
        per = head.n_rows or max(1, len(body) // max(1, head.matrices))
        blocks = []
        while body:
            if header and blocks and body[0][1] == header[0][1]:
                body = body[1:]  # the column labels again, above the next matrix
            blocks.append(header + body[:per])
            body = body[per:]
    blocks = [b for b in blocks if b] if len(blocks) > head.matrices else blocks
    if len(blocks) != head.matrices:
        raise ImportDataError(f"NM={head.matrices} but the data holds {len(blocks)} matrices", file=path,
                              row=blocks[-1][-1][0] if blocks and blocks[-1] else None)
    return blocks


def _row_columns(head: _Header, i: int, n_cols: int) -> list[int]:
    """The column indexes row `i` (0-based) gives cells for: all, or a half matrix's triangle."""
    if head.fmt == "lowerhalf":
        return list(range(0, i + 1 if head.diagonal else i))
    if head.fmt == "upperhalf":
        return list(range(i if head.diagonal else i + 1, n_cols))
    return [j for j in range(n_cols) if head.diagonal or j != i]


def _columns_known(head: _Header) -> int | None:
    return head.n_cols or len(head.col_labels) or None


def _unwrap(head: _Header, data: list[tuple[int, list[str]]], path: Path) -> list[tuple[int, list[str]]]:
    """A matrix's rows as logical lines: a row whose cells go on over the next lines (a long row broken, as
    UCINET and older tools write them) joined on the line it starts on; a lower half's first row without a
    diagonal, which has no cell and so no line, put in. Needs the number of columns (N= or the labels)."""
    n_cols = _columns_known(head)
    if head.fmt not in _MATRICES or n_cols is None:
        return data
    per = head.n_rows or n_cols
    out: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    k, i = 0, 0
    while k < len(data):
        line, tokens = data[k]
        if tokens == ["!"]:
            out.append((line, tokens))
            k += 1
            continue
        is_header = head.embedded and i % per == 0 and (header is None or tokens == header[:len(tokens)])
        if is_header:
            want = n_cols  # the column labels above a matrix (again above the next one)
        else:
            want = (1 if head.embedded else 0) + len(_row_columns(head, i % per, n_cols))
            if want == 0:  # LOWERHALF with DIAGONAL ABSENT: the first row has no cell and no line
                out.append((line, []))
                i += 1
                continue
            i += 1
        k += 1
        cells = list(tokens)
        while len(cells) < want and k < len(data) and data[k][1] != ["!"]:
            cells += data[k][1]
            k += 1
        if is_header and header is None:
            header = cells
        out.append((line, cells))
    return out


def _full_matrix(head: _Header, data: list[tuple[int, list[str]]], path: Path, ties: _Ties, name: str) -> None:
    cols = head.col_labels
    if head.embedded:
        cols = data[0][1]
        data = data[1:]
    n_cols = head.n_cols or len(cols) or len(data[0][1]) if data else 0
    cols = cols or [str(i) for i in range(1, n_cols + 1)]
    rows = head.row_labels or [str(i) for i in range(1, len(data) + 1)]
    if head.fmt != "fullmatrix" and not _columns_known(head) and not head.embedded:
        raise ImportDataError(f"a {head.fmt.upper()} matrix needs `N=` or its labels (how many columns it has)",
                              file=path)
    half = head.fmt != "fullmatrix"
    for i, (line, tokens) in enumerate(data):
        label = tokens[0] if head.embedded else (rows[i] if i < len(rows) else None)
        cells = tokens[1:] if head.embedded else tokens
        row_cols = [cols[j] for j in _row_columns(head, i, len(cols))]
        if label is None or len(cells) != len(row_cols):
            raise ImportDataError(f"a matrix row must have {len(row_cols)} cells (the columns), this one has "
                                  f"{len(cells)}" if label is not None else f"more matrix rows than the {len(rows)} "
                                  "labels", file=path, row=line)
        for col, cell in zip(row_cols, cells, strict=True):
            if cell in _NO_TIE:
                continue
            value = _number(cell, path, line, col)
            if float(value) != 0:
                ties.add(label, col, value, line, name)
                if half and col != label:  # the cell stands for both halves of a symmetric matrix
                    ties.add(col, label, value, line, name)


def _lists(head: _Header, data: list[tuple[int, list[str]]], path: Path, ties: _Ties, name: str) -> None:
    """EDGELIST1/2 (`from to [value]`) and NODELIST1/2 (`ego alter alter ...`); in the two-mode forms the first
    node is a row's (a person) and the others columns' (events), each numbered in its own label list."""
    two_mode = head.fmt in _TWO_MODE_LISTS
    labels = [] if head.embedded else head.row_labels
    others = ([] if head.embedded else head.col_labels) if two_mode else labels
    for line, tokens in data:
        if head.fmt in ("edgelist1", "edgelist2"):
            if len(tokens) not in (2, 3):
                raise ImportDataError("an edgelist2 line is `row column [value]`" if two_mode else
                                      "an edgelist1 line is `from to [value]`", file=path, row=line)
            value = _number(tokens[2], path, line, "value") if len(tokens) == 3 else "1"
            if float(value) != 0:
                ties.add(_label(labels, tokens[0], path, line), _label(others, tokens[1], path, line), value, line,
                         name)
        else:  # nodelist1/2: ego alter alter ...
            ego = _label(labels, tokens[0], path, line)
            for alter in tokens[1:]:
                ties.add(ego, _label(others, alter, path, line), "1", line, name)


def read_ucinet_dl(path: Path, columns: tuple[str, str, str, str, str]) -> Chunk:
    """A UCINET DL network as one row per tie (from label, to label, value, matrix label, text: none);
    rows are file lines. Every matrix is read: the import keeps those its specification names."""
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportDataError("the file is empty", file=path)
    text = raw.decode(detect_encoding(path, raw[:1 << 20]), errors="replace").lstrip("\ufeff").replace("\r", "")
    header_text, data = _split(text, path)
    head = _header(header_text, path)
    data = _unwrap(head, data, path)
    ties = _Ties()
    labels = [*head.row_labels, *head.col_labels]
    for name, block in zip(head.matrix_labels, _blocks(head, data, path), strict=True):
        if head.fmt in _MATRICES:
            _full_matrix(head, block, path, ties, name)
        else:
            _lists(head, block, path, ties, name)
    frame = pd.DataFrame({columns[0]: ties.van, columns[1]: ties.naar, columns[2]: ties.value,
                          columns[3]: ties.relation, columns[4]: [""] * len(ties.van)}, dtype=object)
    if not labels and head.n_rows and head.fmt not in _MATRICES and not head.embedded:
        labels = [str(i) for i in range(1, head.n_rows + 1)]  # `N=18` and node numbers: 18 nodes
    modes = head.modes()
    if head.fmt in _TWO_MODE_LISTS:
        rows, cols = _two_mode_nodes(head, labels, ties)
        modes = len(rows), len(cols)
        isolates = (*untied(rows, ties.van, []), *untied(cols, [], ties.naar))
    else:
        isolates = untied(labels, ties.van, ties.naar)
    return Chunk(frame, 1, None, row_numbers=np.array(ties.rows, dtype=np.int64), isolates=isolates, modes=modes)


def _two_mode_nodes(head: _Header, labels: list[str], ties: _Ties) -> tuple[list[str], list[str]]:
    """The row nodes and the column nodes of a two-mode list: its label lists, `NR=`/`NC=` numbers, or (labels
    embedded) the names its lines use."""
    if head.embedded:
        return list(dict.fromkeys(ties.van)), list(dict.fromkeys(ties.naar))
    rows = head.row_labels or [str(i) for i in range(1, (head.n_rows or 0) + 1)] or list(dict.fromkeys(ties.van))
    cols = head.col_labels or [str(i) for i in range(1, (head.n_cols or 0) + 1)] or list(dict.fromkeys(ties.naar))
    return rows, cols
