"""Props codec 3's one-pass writer (issue 18) gives the bytes the three-pass one gave, for every input.

`records._keyless` checks the values, leaves out the caption and finds the texts that stand in it in one pass
(`_pack`, `_sliced`): the import's storing side runs it for every record. Stored rows must not change with it,
so it is compared here with the writer it replaced (main at be1fadf), kept below word for word.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.model import Props
from graph.stores import records
from graph.stores.records import (
    _CAPTION,
    _ITEM,
    _RAW,
    _SLICED,
    _VALUE,
    SLICED_CODEC,
    _codec,
    _head,
    canonical_json,
    props_of,
    props_text,
    stored_props,
    stored_props_column,
)


def reference_keyless(text: str, caption: str | None, props: Props | None = None) -> bytes | None:
    """`records._keyless` as main wrote it at be1fadf (three passes: the checks, the caption, the slices)."""
    if props is None:
        try:
            props = orjson.loads(text)
        except orjson.JSONDecodeError:
            return None
        if props.__class__ is not dict:
            return None
    for v in props.values():
        if v.__class__ is list:
            if any(item.__class__ not in _VALUE for item in v):
                return None
        elif v.__class__ not in _VALUE:
            return None  # a float (orjson reads a number beyond 64 bits as one), a nested object
    keys = tuple(props)
    head = _head(keys)
    if head is None:
        return None
    # canonical JSON's keys are in the list's order already (both sorted); a caller's dict may not be
    values = list(props.values()) if keys == head[1] else [props[k] for k in head[1]]
    return _reference_pack(values, head[0], caption)


def _reference_pack(values: list[Any], lead: bytes, caption: str | None) -> bytes | None:
    """Codec 3's form of a row's values in its key list's order (`lead`: the list number and bitmap)."""
    if caption:
        try:
            at = values.index(caption)  # only a text equals a text
        except ValueError:
            pass
        else:
            del values[at]
            lead = bytes((lead[0] | _CAPTION, at)) + lead[1:]
        values, slices = _reference_slices(values, caption)
        if slices:
            lead = bytes((lead[0] | _SLICED,)) + lead[1:]
    else:
        slices = b""
    try:
        packed = orjson.dumps(values)
    except TypeError:  # a value orjson does not write (the standard encoder wrote `text`)
        return None
    body = _codec(SLICED_CODEC)[0].compress(packed)
    if len(body) >= len(packed):
        body = packed
        lead = bytes((lead[0] | _RAW,)) + lead[1:]
    return bytes((SLICED_CODEC,)) + lead + slices + body


def _reference_slices(values: list[Any], caption: str) -> tuple[list[Any], bytes]:
    """(the values without the texts that stand in `caption`, codec 3's slice bytes saying where they go)."""
    out: list[int] = []
    kept: list[Any] = []
    find, n = caption.find, 0
    for i, v in enumerate(values):
        cls = v.__class__
        if cls is str:
            at = find(v) if v and i < _ITEM and n < 255 else -1
            if 0 <= at < 256 and len(v) < 256:
                out += (i, at, len(v))
                n += 1
                continue
        elif cls is list and i < _ITEM:
            items = None
            for j, item in enumerate(v):
                at = find(item) if item.__class__ is str and item and j < 256 and n < 255 else -1
                if 0 <= at < 256 and len(item) < 256:
                    if items is None:
                        items = v[:j]
                    out += (_ITEM | i, j, at, len(item))
                    n += 1
                elif items is not None:
                    items.append(item)
            if items is not None:
                v = items
        kept.append(v)
    return (kept, bytes((n, *out))) if n else (values, b"")


ADDRESS_KEYS = ["bag_id", "city", "full", "house_letter", "house_number", "postcode", "street"]
COMPANY_KEYS = [
    "employees",
    "establishment_number",
    "establishments",
    "kvk_number",
    "legal_form",
    "main_sbi",
    "name",
    "non_mailing",
    "registration_date",
    "risk_branches",
    "rsin",
    "sbi_codes",
    "shielded_addresses",
    "trade_names",
    "website",
    "aliases",
]
words = st.sampled_from(
    ["Kerkstraat", "47", "6915 CN", "Rotterdam", "B.V.", "Ütrecht", "Alfa", "a", " ", "ß", "Kerkstraat 47", "𝔘"]
)
texts = words | st.text(max_size=6) | st.builds(" ".join, st.lists(words, max_size=4))
plain = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | texts
    | st.integers(min_value=2**64)
    | st.floats(allow_nan=False)
)  # the last two: not codec 3's
values = plain | st.lists(plain, max_size=5) | st.dictionaries(st.text(max_size=2), plain, max_size=1)
HAN = "".join(chr(0x4E00 + i * 7919 % 20000) for i in range(30))  # 3 bytes a character, no repeats
captions = st.none() | st.builds(" ".join, st.lists(words, max_size=6)) | texts


def assert_same(props: dict[str, Any], caption: str | None) -> None:
    text = canonical_json(props)
    want = reference_keyless(text, caption)
    assert records._keyless(text, caption) == want
    assert records._keyless(text, caption, orjson.loads(text) if want is not None else None) == want
    raw = text.encode()
    blob = want or bytes((1,)) + _codec(1)[0].compress(raw)  # stored_props as main made it
    assert stored_props(text, caption) == (text if len(text) < 16 or len(blob) >= len(raw) else blob)
    assert stored_props_column([text, text], [caption, caption]) == [stored_props(text, caption)] * 2
    assert props_text(stored_props(text, caption), caption) == text


@settings(max_examples=400)
@given(st.dictionaries(st.sampled_from(ADDRESS_KEYS + COMPANY_KEYS), values, min_size=1), captions)
def test_the_one_pass_writer_gives_the_bytes_of_the_three_pass_one(props: dict[str, Any], caption: str | None) -> None:
    assert_same(props, caption)


@settings(max_examples=200)
@given(st.dictionaries(st.sampled_from(ADDRESS_KEYS), texts | st.integers(0, 999), min_size=1), st.data())
def test_an_address_whose_caption_holds_its_values(props: dict[str, Any], data: st.DataObject) -> None:
    """Captions made of the row's own values (as the schema makes them), in any order, with repeats."""
    parts = data.draw(st.lists(st.sampled_from([str(v) for v in props.values()]), min_size=1, max_size=8))
    assert_same(props, data.draw(st.sampled_from([", ".join(parts), "".join(parts), parts[0]])))


@pytest.mark.parametrize(
    ("props", "caption"),
    [
        ({"trade_names": ["a"] * 300, "name": "a"}, "a"),  # more than 255 slices; items past the 256th
        ({"trade_names": ["b", *["a"] * 260, "b"], "aliases": ["a", "b"], "name": "x"}, "ab"),
        ({"trade_names": ["q"] * 257 + ["a"], "name": "x"}, "a"),  # an item past the 256th in the caption
        ({"aliases": ["a"] * 300, "name": "x", "website": "b"}, "ab"),  # a text in the caption after 255 slices
        ({"full": "x" * 300 + " Kerkstraat", "street": "Kerkstraat", "city": "x" * 256}, "x" * 300 + " Kerkstraat"),
        ({"name": "Alfa", "trade_names": ["Alfa", "Alfa"], "aliases": ["Alfa"]}, "Alfa"),  # the caption thrice
        ({"name": "", "trade_names": ["", "Alfa"], "website": "Alfa"}, "Alfa"),  # empty texts are in every caption
        ({"name": "Alfa", "trade_names": ["Alfa", 1.5]}, "Alfa"),  # a float after a slice: codec 1
        ({"name": "Alfa", "trade_names": ["Alfa", [1]]}, "Alfa"),  # a nested list: codec 1
        ({"name": "Alfa", "employees": 2**70}, "Alfa"),  # orjson does not write it: codec 1
        ({"aliases": ["Alfa B.V."], "name": "Alfa B.V."}, "Alfa B.V."),  # the caption after a list holding it
        ({"city": HAN, "full": "x", "street": "Kerkstraat"}, "x"),  # shorter than its UTF-8, not than its text
    ],
)
def test_edges_of_codec_3(props: dict[str, Any], caption: str) -> None:
    assert_same(props, caption)
    stored = stored_props(canonical_json(props), caption)
    assert props_of(stored, caption) == props


def test_a_column_of_rows_is_stored_as_row_by_row() -> None:
    """`stored_props_column` (the bulk path's) gives `stored_props` for each row, keys out of order included."""
    texts = [
        '{"street":"Kerkstraat","city":"Rotterdam","full":"Kerkstraat, Rotterdam"}',
        canonical_json({"city": "Rotterdam", "full": "Kerkstraat, Rotterdam", "street": "Kerkstraat"}),
        '{"city":"Rotterdam","street":"Kerkstraat"}',
        "[1, 2, 3, 4, 5, 6, 7, 8]",
        "{}",
    ]
    captions = ["Kerkstraat, Rotterdam", "Kerkstraat, Rotterdam", None, "x", "x"]
    for _ in range(2):  # the key lists unseen, then seen
        assert stored_props_column(texts, captions) == [
            stored_props(t, c) for t, c in zip(texts, captions, strict=True)
        ]
