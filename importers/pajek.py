"""Pajek networks (`.net`, `.paj` project files) read line by line, as Pajek writes them.

Why our own reader: networkx's `parse_pajek` reads every line after the first `*Arcs` as a tie, so a
second relation's header (`*Arcs :2 "Marital"`, Padgett's Florentine families as Pajek ships them)
became a tie between persons `*Arcs` and `:2`, and a project file's `*Vector Wealth` another; it
keeps `l "label"` only after a weight, loses which relation a tie belongs to, and counts ties instead
of file lines. Read here: `*Vertices n [n1]` (unlisted vertices are named by their number),
`*Arcs`/`*Edges` (with `:k "name"`, a `k:` prefix on a line, a weight, `l "label"` and drawing
fields), `*Arcslist`/`*Edgeslist`, `*Matrix`, and a project file's `*Vector`/`*Partition`/... sections,
which name a value per vertex: a `*Vector` or `*Partition` with a value for every vertex comes with each
tie as its ends' values (columns `<from>:<name>`, `<to>:<name>`), which the spec's matrix `nodes:` puts in
an entity property; the rest is said, not kept. Every tie keeps the file line it came from; what cannot be
kept is gathered in the chunk's notes (field, count, first line).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from graph.text import counted
from importers.errors import ImportDataError
from importers.networks import untied
from importers.tables import Chunk, detect_encoding

_SAMPLE = 1 << 20
_TIES = {"*arcs": "ties", "*edges": "ties", "*arcslist": "list", "*edgeslist": "list", "*matrix": "matrix"}
_PER_VERTEX = {"*vector", "*partition", "*permutation", "*cluster", "*hierarchy"}
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_PREFIX = re.compile(r"^(\d+):$")
_WORD = re.compile(r'"([^"]*)"|([^\s"]+)')


class _Seen:
    """What a file gives that no record keeps: per field, how often and where first (line, value)."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.first: dict[str, tuple[int, str]] = {}

    def add(self, what: str, line: int, value: str = "") -> None:
        self.count[what] += 1
        self.first.setdefault(what, (line, value))

    def notes(self) -> tuple[str, ...]:
        out = []
        for what, n in self.count.items():
            line, value = self.first[what]
            shown = f", value {value!r}" if value else ""
            out.append(f"not kept: {what} ({n:,}x, first at line {line}{shown})")
        return tuple(out)


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.n: int | None = None
        self.n1: int | None = None  # a two-mode network: vertices 1..n1 are rows of a *Matrix
        self.labels: dict[str, str] = {}
        self.names: dict[str, str] = {}  # relation number -> name (`*Arcs :1 "Business"`)
        self.van: list[str] = []
        self.naar: list[str] = []
        self.value: list[str] = []
        self.rows: list[int] = []
        self.relation: list[str] = []
        self.text: list[str] = []
        self.seen = _Seen()
        self.matrix_row = 0
        self.current = ""  # the relation of the section being read
        self.notes: list[str] = []  # how the file was read, beside what was not kept
        # `*Vector Wealth` / `*Partition Clusters`: name -> (values in vertex order, header line, `*Vertices` count)
        self.vectors: dict[str, tuple[list[str], int, int | None]] = {}

    def fail(self, message: str, line: int, value: str | None = None) -> ImportDataError:
        return ImportDataError(message, file=self.path, row=line, value=value)

    def tokens(self, text: str, line: int) -> list[str]:
        """A line's words; Pajek quotes with double quotes only (`12 D'Angelo` is one unquoted label)."""
        if text.count('"') % 2:
            raise self.fail("a Pajek line has an unclosed quote", line)
        return [quoted if quoted is not None else bare for quoted, bare in
                ((m.group(1), m.group(2)) for m in _WORD.finditer(text))]

    def vertex(self, token: str, line: int) -> str:
        if token in self.labels:
            return self.labels[token]
        if self.n is not None:
            if not token.isdigit() or not 1 <= int(token) <= self.n:
                raise self.fail(f"a tie names vertex {token!r}, not one of the {self.n:,} *Vertices", line)
            return token  # Pajek names an unlisted vertex by its number
        return token

    def add(self, a: str, b: str, value: str, line: int, relation: str, text: str = "") -> None:
        if self.n1 is not None:  # a two-mode network: from its row vertex (1..n1) to its column vertex
            first, second = (int(t) <= self.n1 if t.isdigit() else None for t in (a, b))
            if first is None or first == second:
                raise self.fail(f"a two-mode network (`*Vertices {self.n} {self.n1}`) ties a vertex of 1-{self.n1} "
                                f"to one of {self.n1 + 1}-{self.n}; this tie does not", line, f"{a} {b}")
            a, b = (a, b) if first else (b, a)
        self.van.append(self.vertex(a, line))
        self.naar.append(self.vertex(b, line))
        self.value.append(value)
        self.rows.append(line)
        self.relation.append(relation)
        self.text.append(text)

    # -- sections ---------------------------------------------------------------------------------------------
    def header(self, key: str, rest: str, line: int) -> str:
        """The section a `*` line opens; the relation it names, if any, remembered."""
        if key == "*vertices":
            parts = rest.split()
            if not parts or not parts[0].isdigit():
                raise self.fail("`*Vertices` needs the number of vertices", line)
            if self.labels or self.n is not None:
                raise self.fail("a second `*Vertices` list: the file holds more than one network; save each "
                                "network as a .net file of its own and import them one by one", line)
            self.n = int(parts[0])
            self.n1 = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            return "vertices"
        self.current = ""
        match = re.match(r"\s*:?(\d+)?\s*(.*)$", rest)
        number, name = (match.group(1), match.group(2).strip()) if match else (None, "")
        if name:
            name = " ".join(self.tokens(name, line)) or name
        if number:
            self.names[number] = name or self.names.get(number, number)
            self.current = self.names[number]
        elif name:
            self.current = name
        self.matrix_row = 0
        return _TIES[key]

    def vertex_line(self, tokens: list[str], line: int) -> None:
        if not tokens[0].isdigit():
            raise self.fail("a vertex line starts with the vertex number", line, tokens[0])
        label = tokens[1].strip() if len(tokens) > 1 else tokens[0]
        self.labels[tokens[0]] = label or tokens[0]
        extra = tokens[2:]
        coordinates = 0
        while coordinates < min(3, len(extra)) and _NUMBER.match(extra[coordinates]):
            coordinates += 1
        if coordinates:
            self.seen.add("vertex coordinates", line, " ".join(extra[:coordinates]))
        if extra[coordinates:]:  # shape, colours, sizes: how Pajek draws the vertex
            self.seen.add("vertex drawing fields", line, " ".join(extra[coordinates:]))

    def relation_of(self, tokens: list[str]) -> tuple[str, list[str]]:
        """A line's relation: a `k:` prefix (Pajek's multi-relational lines) or its section's."""
        prefix = _PREFIX.match(tokens[0])
        if prefix is not None:
            return self.names.get(prefix.group(1), prefix.group(1)), tokens[1:]
        return self.current, tokens

    def tie_line(self, tokens: list[str], line: int) -> None:
        relation, tokens = self.relation_of(tokens)
        if len(tokens) < 2:
            raise self.fail("a tie line is `from to [value] [l \"label\"] ...`", line)
        rest = tokens[2:]
        value = "1"
        if rest and _NUMBER.match(rest[0]):
            value, rest = rest[0], rest[1:]
        text = ""
        i = 0
        while i < len(rest):
            key = rest[i]
            arg = rest[i + 1] if i + 1 < len(rest) else ""
            if key == "l":
                text = arg
            elif key.startswith("["):  # a time interval [1-3,5]
                self.seen.add("tie time interval", line, key)
                i += 1
                continue
            else:
                self.seen.add(f"tie field {key!r}", line, arg)
            i += 2
        self.add(tokens[0], tokens[1], value, line, relation, text)

    def list_line(self, tokens: list[str], line: int) -> None:
        relation, tokens = self.relation_of(tokens)
        for alter in tokens[1:]:
            self.add(tokens[0], alter, "1", line, relation)

    def matrix_line(self, tokens: list[str], line: int) -> None:
        n = self.n or len(tokens)
        rows = self.n1 or n
        cols = n - self.n1 if self.n1 else n
        self.matrix_row += 1
        if self.matrix_row > rows:
            raise self.fail(f"more *Matrix rows than the {rows:,} vertices", line)
        if len(tokens) != cols:
            raise self.fail(f"a *Matrix row must have {cols:,} cells, this one has {len(tokens):,}", line)
        offset = self.n1 or 0
        for j, cell in enumerate(tokens):
            if not _NUMBER.match(cell):
                raise self.fail("a *Matrix cell must be a number", line, cell)
            if float(cell) != 0:
                self.add(str(self.matrix_row), str(offset + j + 1), cell, line, self.current)

    def read(self, text: str) -> None:
        section = ""
        per_vertex: tuple[str, int] | None = None  # a `*Vector Wealth` section: its name and line
        for line, raw in enumerate(text.split("\n"), start=1):
            stripped = raw.strip()
            if not stripped or stripped.startswith("%"):
                continue
            if stripped.startswith("*"):
                key, _, rest = stripped.partition(" ")
                key = key.lower()
                if per_vertex is not None and key == "*vertices":
                    name = per_vertex[0]
                    if name in self.vectors:
                        count = rest.split()[0] if rest.split() else ""
                        values, at, _ = self.vectors[name]
                        self.vectors[name] = (values, at, int(count) if count.isdigit() else None)
                    continue  # the vertex count of the values that follow
                per_vertex = None
                if key == "*network":
                    if self.labels or self.van:
                        raise self.fail("a second `*Network`: the project file holds more than one network; "
                                        "save each network as a .net file of its own and import them one by "
                                        "one", line)
                    section = ""
                elif key == "*vertices" or key in _TIES:
                    section = self.header(key, rest, line)
                elif key in _PER_VERTEX:
                    per_vertex = (f"{stripped.split()[0]} {rest.strip()!r}".strip(), line)
                    section = "per vertex"
                    self.seen.add(f"{per_vertex[0]} (a value per vertex)", line)
                    if key in ("*vector", "*partition") and rest.strip():
                        self.vectors.setdefault(per_vertex[0], ([], line, None))
                else:
                    section = "unknown"
                    self.seen.add(f"section {stripped.split()[0]!r}", line)
                continue
            if section == "per vertex" and per_vertex is not None and per_vertex[0] in self.vectors:
                self.vectors[per_vertex[0]][0].append(stripped.split()[0])
                continue
            if section in ("per vertex", "unknown"):
                continue
            tokens = self.tokens(stripped, line)
            if tokens:
                section = self.data_line(section, tokens, line)

    def data_line(self, section: str, tokens: list[str], line: int) -> str:
        """One line of the section being read; the section (a file without any header becomes ties)."""
        if not section and self.n is None and not self.van:
            # no header at all: an edge list saved as .net (Latora et al.'s `terrorists.net`): its ties
            self.notes.append(f"no Pajek header (`*Vertices`, `*Arcs`, `*Edges`) at line {line}: every line "
                              "read as a tie `from to [value]`")
            section = "ties"
        if section == "vertices":
            self.vertex_line(tokens, line)
        elif section == "ties":
            self.tie_line(tokens, line)
        elif section == "list":
            self.list_line(tokens, line)
        elif section == "matrix":
            self.matrix_line(tokens, line)
        else:
            raise self.fail("a line before any `*Vertices`, `*Arcs` or `*Edges`: not a Pajek network", line)
        return section


def read_pajek(path: Path, columns: tuple[str, str, str, str, str]) -> Chunk:
    """A Pajek network as one row per tie: (from label, to label, value, relation name, the tie's label).

    Rows are the ties' file lines; a tie without a value has value 1. Vertices without a tie are named
    in `isolates`, what no record keeps (drawing fields, per-vertex vectors) in `notes`.
    """
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportDataError("the file is empty", file=path)
    try:
        text = raw.decode(detect_encoding(path, raw[:_SAMPLE]))
    except UnicodeDecodeError as exc:
        raise ImportDataError(f"not a readable Pajek file ({exc.reason} at byte {exc.start})", file=path) from None
    reader = _Reader(path)
    reader.read(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    frame = pd.DataFrame({columns[0]: reader.van, columns[1]: reader.naar, columns[2]: reader.value,
                          columns[3]: reader.relation, columns[4]: reader.text}, dtype=object)
    every = [reader.labels.get(str(i), str(i)) for i in range(1, (reader.n or 0) + 1)] or list(reader.labels.values())
    for header, (values, line, declared) in reader.vectors.items():
        name = header.split(" ", 1)[1].strip("'\"") if " " in header else header
        if len(values) != len(every) or (declared is not None and declared != len(values)):
            reader.notes.append(f"{header} at line {line} gives {counted(len(values), 'value', 'values')} for "
                                f"{counted(len(every), 'vertex', 'vertices')}: not kept (which value is whose is "
                                "not certain)")
            continue
        by_label = dict(zip(every, values, strict=True))
        frame[f"{columns[0]}:{name}"] = [by_label.get(v, "") for v in reader.van]
        frame[f"{columns[1]}:{name}"] = [by_label.get(v, "") for v in reader.naar]
    return Chunk(frame, 1, None, row_numbers=np.array(reader.rows, dtype=np.int64),
                 isolates=untied(every, reader.van, reader.naar),
                 notes=(*reader.notes, *reader.seen.notes()),
                 modes=(reader.n1, reader.n - reader.n1) if reader.n1 and reader.n else None)
