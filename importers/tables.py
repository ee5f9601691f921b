"""Reading analysts' tables: CSV in any delimiter/encoding, and .xlsx workbooks, via pandas.

Municipal exports come from Excel on Windows: `;`-separated, Windows-1252, sometimes
UTF-8 with a byte-order mark, dates as `dd-mm-jjjj`. Every cell is read as text (a KvK
number `01234567` keeps its leading zero) and rows are numbered the way the analyst sees
them in Excel: the header is row 1, the first data row is row 2. A table without a header
(`header_row: 0`, as edge lists often come) names its columns `1`, `2`, `3`, ... and its
first data row is row 1.

Refused with the row at fault rather than read wrongly: a header that names a column twice
(`Naam;Naam`: pandas would quietly read `Naam` and `Naam.1`), and a file that mixes UTF-8 and
Windows-1252 (decoding it either way would turn `Zoë` into `ZoÃ«`).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from importers.errors import ImportDataError

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
PAJEK_SUFFIXES = {".net", ".paj"}
DL_SUFFIXES = {".dl"}  # UCINET DL: importers.ucinet
DELIMITERS = (";", ",", "\t", "|")
_SAMPLE = 1 << 20  # bytes read to guess encoding and delimiter


@dataclass(slots=True)
class Chunk:
    """Consecutive rows of one table; `first_row` is the spreadsheet row of `frame`'s first row.

    `row_numbers`, when set, gives each frame row its spreadsheet row instead (a reshaped table,
    such as an adjacency matrix turned into one row per tie).
    """

    frame: pd.DataFrame
    first_row: int
    sheet: str | None
    row_numbers: Any = None
    isolates: tuple[str, ...] = ()  # nodes of a network file without a tie (no entity is made for them)
    notes: tuple[str, ...] = ()  # what a network file's reader could not keep (field, count, first line)
    modes: tuple[int, int] | None = None  # a two-mode network file: how many row and column vertices

    def row_of(self, i: int) -> int:
        return int(self.row_numbers[i]) if self.row_numbers is not None else self.first_row + i


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def mixed_encoding_line(data: bytes) -> tuple[int, int] | None:
    """(line that is not UTF-8, line that is) when `data` mixes UTF-8 with a one-byte encoding, else None."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason.startswith("unexpected end"):
            return None  # the sample cut a character in two
        bad = exc.start
    m = _UTF8_MULTIBYTE.search(data)
    while m is not None:
        try:
            m.group().decode("utf-8")
            return data.count(b"\n", 0, bad) + 1, data.count(b"\n", 0, m.start()) + 1
        except UnicodeDecodeError:
            m = _UTF8_MULTIBYTE.search(data, m.end())
    return None


def duplicate_header(names: list[str]) -> str | None:
    """The first column name that occurs twice (blank names aside)."""
    seen: set[str] = set()
    for name in names:
        key = name.strip()
        if key and key in seen:
            return key
        seen.add(key)
    return None


def detect_encoding(path: Path, sample: bytes | None = None) -> str:
    """`utf-8-sig` (BOM), `utf-16`, `utf-8` when the sample decodes, else `cp1252` (Excel on Windows)."""
    data = sample if sample is not None else path.open("rb").read(_SAMPLE)
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason.startswith("unexpected end"):
            return "utf-8"  # the sample cut a character in two
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"  # bytes cp1252 leaves undefined: latin-1 reads every byte


def detect_delimiter(text: str) -> str:
    """The candidate that splits the header line most often (outside quotes); `,` for one column."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _line_of(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def _note_lines(text: str, comment: str) -> int:
    """How many of the first lines start with `comment` (KONECT: `% sym unweighted`, `% 243 64 64`)."""
    if not comment:
        return 0
    n = 0
    for line in text.splitlines():
        if not line.lstrip().startswith(comment):
            break
        n += 1
    return n


def read_csv_chunks(path: Path, *, delimiter: str = "auto", encoding: str = "auto", header_row: int = 1,
                    chunk_rows: int = 100_000, comment: str = "", first_rows: int | None = None) -> Iterator[Chunk]:
    """The CSV in chunks of text cells; ImportDataError (file, row) for what pandas cannot read.

    Leading lines starting with `comment` are skipped; rows keep their line numbers in the file. `first_rows`:
    the first chunk's rows when it should be smaller (the next step can start on it sooner), each next chunk
    twice as many up to `chunk_rows`."""
    with path.open("rb") as fh:
        sample = fh.read(_SAMPLE)
    if not sample.strip():
        raise ImportDataError("the file is empty", file=path)
    if encoding == "auto":
        mixed = mixed_encoding_line(sample.removeprefix(codecs.BOM_UTF8))
        if mixed is not None:
            raise ImportDataError(f"mixes encodings: this line is not UTF-8 but line {mixed[1]} is; save the file "
                                  "as UTF-8 (Excel: CSV UTF-8) and import again", file=path, row=mixed[0])
    enc = detect_encoding(path, sample) if encoding == "auto" else encoding
    try:
        text = sample.decode(enc, errors="ignore")
    except LookupError:
        raise ImportDataError(f"unknown encoding {enc!r}", file=path) from None
    notes = _note_lines(text.lstrip("\ufeff"), comment)
    text = "\n".join(text.lstrip("\ufeff").splitlines()[notes:]) if notes else text
    sep = detect_delimiter(text.lstrip("\ufeff")) if delimiter == "auto" else delimiter
    if header_row > 0:
        lines = text.lstrip("\ufeff").splitlines()[header_row - 1:header_row]
        header_line = (lines[0].split() if lines else []) if sep == r"\s+" else \
            next(iter(csv.reader(lines, delimiter=sep)), [])
        twice = duplicate_header(header_line)
        if twice is not None:
            raise ImportDataError(f"the header names column {twice!r} twice; rename one", file=path,
                                  row=notes + header_row, field=twice)
    first_row = notes + header_row + 1
    try:
        reader = pd.read_csv(path, sep=sep, encoding=enc, dtype=str, keep_default_na=False, na_filter=False,
                             skip_blank_lines=False, header=header_row - 1 if header_row > 0 else None,
                             skiprows=notes or None,
                             chunksize=chunk_rows, engine="c", quoting=csv.QUOTE_MINIMAL, on_bad_lines="error",
                             encoding_errors="strict")
        with reader:
            for frame in _frames(reader, _sizes(first_rows or chunk_rows, chunk_rows)):
                if header_row > 0:
                    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
                else:
                    frame.columns = [str(i) for i in range(1, len(frame.columns) + 1)]
                rows = len(frame)
                yield Chunk(frame, first_row, None)
                del frame  # not held while pandas reads the next chunk: one chunk in memory, not two
                first_row += rows
    except UnicodeDecodeError as exc:
        raise ImportDataError(f"not readable as {enc} ({exc.reason} at byte {exc.start}); set `csv: {{encoding: "
                              f"cp1252}}` or utf-8 in the spec", file=path) from None
    except pd.errors.EmptyDataError:
        raise ImportDataError("the file has no header row", file=path, row=header_row) from None
    except (pd.errors.ParserError, ValueError, csv.Error) as exc:
        message = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise ImportDataError(f"cannot read as CSV with delimiter {sep!r}: {message}", file=path,
                              row=_line_of(message)) from None


def _sizes(first: int, most: int) -> Iterator[int]:
    size = max(1, first)
    while size < most:
        yield size
        size *= 2
    yield from itertools.repeat(most)


def _frames(reader: Any, sizes: Iterator[int]) -> Iterator[pd.DataFrame]:
    """A chunked reader's frames, of `sizes` rows each (the last fewer)."""
    for rows in sizes:
        try:
            yield reader.get_chunk(rows)
        except StopIteration:
            return


def _cell(value: Any) -> str:
    """An Excel cell as text: dates ISO, whole floats without `.0`, empty for blanks."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def excel_sheets(path: Path) -> list[str]:
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            return [str(s) for s in book.sheet_names]
    except Exception as exc:  # openpyxl raises zipfile/KeyError/ValueError on damaged files
        raise ImportDataError(f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})", file=path) from None


def read_excel_sheet(path: Path, sheet: str | None, *, header_row: int = 1) -> Chunk:
    """One sheet (the first when `sheet` is None) as text cells."""
    sheets = excel_sheets(path)
    if not sheets:
        raise ImportDataError("the workbook has no sheets", file=path)
    name = sheet if sheet is not None else sheets[0]
    if name not in sheets:
        raise ImportDataError(f"no sheet named {name!r} (sheets: {', '.join(sheets)})", file=path)
    try:
        raw = pd.read_excel(path, sheet_name=name, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:
        raise ImportDataError(f"cannot read sheet ({type(exc).__name__}: {exc})", file=path, sheet=name) from None
    if header_row > 0:
        if len(raw) < header_row:
            raise ImportDataError("the sheet has no header row", file=path, row=header_row, sheet=name)
        names = [_cell(v).strip() for v in raw.iloc[header_row - 1].tolist()]
        names = [n or f"Unnamed: {i}" for i, n in enumerate(names)]
        twice = duplicate_header(names)
        if twice is not None:
            raise ImportDataError(f"the header names column {twice!r} twice; rename one", file=path,
                                  row=header_row, field=twice, sheet=name)
        frame = raw.iloc[header_row:].reset_index(drop=True)
    else:
        names = [str(i) for i in range(1, raw.shape[1] + 1)]
        frame = raw
    frame.columns = names
    frame = frame.map(_cell) if len(frame) else frame.astype(str)
    return Chunk(frame, header_row + 1, name)


