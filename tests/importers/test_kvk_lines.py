"""JSON lines read as bytes (`importers.kvk_json._json_lines`, issue 18: no decoding to text and encoding back
for orjson) are the documents, with the line numbers, that text mode reads: any line ends, a BOM, blank lines
of Unicode white space, a line only the standard parser takes, and a line that is not UTF-8 refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from importers.errors import ImportDataError
from importers.kvk_json import _json_lines, _loads, iter_documents

DOC = {"kvkNummer": "69599084", "naam": "Café Müller", "handelsnamen": [{"naam": "Øresund"}]}


def as_text_mode(path: Path) -> list[tuple[int, Any]]:
    """What the reader did before: text mode (utf-8-sig, universal newlines), each non-blank line parsed."""
    with path.open("r", encoding="utf-8-sig") as fh:
        return [(n, _loads(line, path, n)) for n, line in enumerate(fh, 1) if line.strip()]


@pytest.mark.parametrize("raw", [
    b"A\nB\n\nA\n",  # plain
    b"A\r\nB\r\n\r\nA",  # Windows, no end at the last line
    b"A\rB\r\rA\r",  # old Mac
    b"\xef\xbb\xbfA\n \t\nB\r\n\xc2\xa0\nA\r\xe2\x80\xa8\rB\n",  # BOM, blank lines (tab, NBSP, U+2028 alone)
    b'A\n{"n": 1e400, "m": NaN}\nB\n',  # orjson refuses: the standard parser takes it
    b"\n\n\nA\n\r\n\rB",
])
def test_the_documents_and_rows_of_text_mode(tmp_path: Path, raw: bytes) -> None:
    a = json.dumps(DOC, ensure_ascii=False).encode()
    b = json.dumps({**DOC, "kvkNummer": "12345678"}).encode()
    path = tmp_path / "profiles.jsonl"
    path.write_bytes(raw.replace(b"A", a).replace(b"B", b))
    got = list(_json_lines(path))
    assert got == as_text_mode(path)
    assert list(iter_documents(path)) == got
    assert len(got) >= 2


def test_a_line_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "profiles.jsonl"
    path.write_bytes(json.dumps(DOC).encode() + b"\n" + b'{"naam": "Caf\xe9"}\n')
    with pytest.raises(ImportDataError, match="not UTF-8 JSON"):
        list(_json_lines(path))


def test_a_bad_line_is_named_by_its_text_mode_row(tmp_path: Path) -> None:
    path = tmp_path / "profiles.jsonl"
    path.write_bytes(json.dumps(DOC).encode() + b"\r\r\n" + b'{"naam": }\n')
    with pytest.raises(ImportDataError) as caught:
        list(_json_lines(path))
    assert caught.value.row == 3 and "not valid JSON" in str(caught.value)
