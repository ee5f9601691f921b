"""Import errors that name the place at fault: file, row (as the analyst sees it), field, value."""

from __future__ import annotations

from pathlib import Path

from graph.errors import KnooppuntError, ValidationError


class ImportDataError(KnooppuntError):
    """A bad record in an input file; the message reads `file: row 5, column 'Postcode': ...`.

    `row` counts like a spreadsheet does: the header is row 1, the first data row is 2
    (JSON inputs: the 1-based record number; JSON lines: the line number).
    """

    def __init__(self, message: str, *, file: str | Path | None = None, row: int | None = None,
                 field: str | None = None, value: object = None, sheet: str | None = None):
        self.file = str(file) if file is not None else None
        self.row = row
        self.field = field
        self.value = value
        self.sheet = sheet
        self.reason = message
        super().__init__(self.describe())

    @property
    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(Path(self.file).name + (f"[{self.sheet}]" if self.sheet else ""))
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"column {self.field!r}")
        if where:
            parts.append(", ".join(where))
        return ": ".join(parts)

    def describe(self) -> str:
        loc = self.location
        shown = repr(self.value)
        if len(shown) > 200:
            shown = f"{shown[:188]}...({len(shown):,} chars)"
        value = f" (value {shown})" if self.value is not None and shown not in self.reason else ""
        return f"{loc}: {self.reason}{value}" if loc else f"{self.reason}{value}"


class SpecError(KnooppuntError):
    """An import specification file that is malformed; names the file and the key at fault."""


class AddressError(ValidationError):
    """Free text that cannot be read as an address at all (an empty string, `postbus` without number)."""
