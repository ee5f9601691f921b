"""What every store does the same way: merge rules, search ranking, networkx attributes.

The embedded and the Neo4j store must give the same answers for the same data
(tests/contract proves it); the rules that decide those answers live here, once.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, TypeVar

import orjson

from graph.errors import ProjectError
from graph.model import (
    CREDIBILITY,
    DEFAULT_LABEL,
    RELIABILITY,
    SECURITY_LABELS,
    Entity,
    Props,
    Provenance,
    Record,
    Relation,
)
from graph.schema import Schema
from graph.text import fold

T = TypeVar("T")
# At most this many search candidates are ranked (see rank_hits); a more common prefix
# ("de") ranks only the first ones found and the analyst types on to narrow it.
SEARCH_CANDIDATES = 2000
# A record's metadata as flat fields, in this order: the SQLite columns and the Neo4j
# properties of the same names.
META_FIELDS = ("source", "source_ref", "received", "reliability", "credibility", "valid_from", "valid_to",
               "label", "created_by", "created_at", "updated_by", "updated_at")


def meta_values(rec: Record) -> tuple[Any, ...]:
    """The record's provenance, grading, validity, label and audit fields, in META_FIELDS order."""
    p = rec.provenance
    return (p.source if p else None, p.reference if p else None, p.received if p else None,
            rec.reliability, rec.credibility, rec.valid_from, rec.valid_to, rec.label,
            rec.created_by, rec.created_at, rec.updated_by, rec.updated_at)


def meta_kwargs(values: Sequence[Any]) -> dict[str, Any]:
    """Record constructor arguments from values in META_FIELDS order (the inverse of meta_values)."""
    source, ref, received = values[0], values[1], values[2]
    return dict(provenance=Provenance(source=source, reference=ref, received=received) if source else None,
                reliability=values[3], credibility=values[4], valid_from=values[5], valid_to=values[6],
                label=values[7] or DEFAULT_LABEL, created_by=values[8], created_at=values[9],
                updated_by=values[10], updated_at=values[11])


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def canonical_json(value: Any) -> str:
    """One text per value (sorted keys, no spaces): what ids, statements and props columns compare."""
    return "{}" if value == {} else _ENCODE(value)


_PLAIN = frozenset({str, int, bool})


def props_json(props: dict[str, Any]) -> str:
    """`canonical_json` of a record's properties, by orjson when they are texts, whole numbers and flags
    (its output is then the same text, ~10x faster: a tenth of the KvK mapping's time); else the standard
    one. Every importer's bulk path makes one per record."""
    for v in props.values():
        cls = v.__class__
        if cls is list:
            for item in v:
                if item.__class__ is not str:
                    return canonical_json(props)
        elif cls not in _PLAIN:  # a float: the two spell some differently (1e+16, 1e16)
            return canonical_json(props)
    try:
        return orjson.dumps(props, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:  # a lone surrogate, a number beyond 64 bits
        return canonical_json(props)


_FILE_ROW = re.compile(r"(.+):\d+(:[^:]*)?")  # file:row, or file:row:part (an import spec's entity key)


def file_part(reference: str | None) -> tuple[str, str] | None:
    """(file, part) of a `file:row[:part]` reference, None for any other (a KvK document, a hand entry).

    Rows of one file naming the same record are that file's word once (docs/import-specs.md): the
    store and the importer both compare references by this, not by row. The same as `_FILE_ROW.fullmatch`
    (the file as long as it can be, no line break in it; `\\d` is `str.isdecimal`), split by hand: an import
    calls this for every record it hands the store, and the regex took twice as long (issue 18)."""
    if not reference or ":" not in reference:
        return None
    head, _, tail = reference.rpartition(":")
    if tail.isdecimal():  # file:row
        return (head, "") if head and "\n" not in head else None
    head, colon, row = head.rpartition(":")  # file:row:part
    if colon and row.isdecimal() and head and "\n" not in head:
        return head, ":" + tail
    return None


# -- properties on disk (issue 18) ------------------------------------------------------------------
# A record row's `props` is its canonical JSON, or (when shorter) a BLOB: one codec byte, then that codec's
# form. Each row says which it is (TEXT or BLOB), so files written before keep reading as they are. Only
# Python reads props (no SQL looks into them); every reader goes through `props_text`/`props_of`, every
# writer through `stored_props`. A codec's data never changes once rows use it (tests pin the hashes): a
# better dictionary is a new codec byte.
# Codec 1: the JSON compressed by zstd (a frame without its magic number) with a dictionary of the schema's
# property names as JSON keys, the KvK legal forms, the SBI risk branches and a few other values many records
# share; a KvK company's properties shrink to about a fifth.
# Codec 2 (storage format 7): no key names. After the codec byte, which key list of props-2.keys.csv the
# keys come from (one byte: each record type's property names, sorted, frozen with the codec) and which of
# its names the row holds (a bitmap, a byte per 8 names), then the values alone, as a JSON array compressed
# with codec 1's dictionary without its key names. A value that is the record's caption (a company's name, an
# address in full), which the row stores beside its properties, is left out too: the list number's high bit
# says so, and the next byte where it stands among the values (readers give the caption: `props_of`). A KvK
# import: 102 -> 63 B/record. Properties that no list holds, or with values other than texts, whole numbers,
# flags, null and lists of those (a float, a nested object: what orjson may not read back exactly), keep
# codec 1.
# Codec 3 (storage format 8): codec 2, and a text value (or an item of a list) that stands in the caption is
# not stored again either: an address's street, postcode and city stand in its full address, a trade name in
# the company's name. After the bitmap (when the list number's 0x20 bit says there are any), how many such
# slices (a byte), each as where it goes (the value's
# index, a byte; for a list item 0x80 | that index, then the item's index) and where in the caption it
# stands (start and length, a byte each), then the rest of the values as a JSON array compressed with codec 3's
# own dictionary (props-3.zdict: one zstd trained, whose entropy tables code a row's digits and letters in fewer
# bits; tools/props_dictionary.py) -- or that JSON itself when zstd would not make it shorter (the list number's
# 0x40 bit, `_RAW`). A KvK import: 69 -> 56 B/record without the texts in the caption, 49 with the trained dictionary.
PROPS_CODEC = 3
KEYLESS_CODEC = 2
SLICED_CODEC = 3
# Each codec's dictionary file and its SHA-256: a file that is not the one rows were written with would
# decode them to wrong text without a sound, so it is refused instead.
_CODEC_DICTS = {1: ("props-1.zdict", "2d50c6978917f2f0d8799f9eff24ca2068e85192acc780f53105701d369d0fba"),
                2: ("props-2.zdict", "0ff3a705e77671746ffbdc6844b1b3b097e35fe46c81c9b3ad7bcef194744884"),
                3: ("props-3.zdict", "839740118e7b626b4b7de31ab25df99d79704e04e4450f63b598e5edd49db992")}
_TRAINED = frozenset({3})  # codecs whose dictionary zstd trained (entropy tables and content), not raw content
_KEY_LISTS = ("props-2.keys.csv", "3c4b5e3a7d260d9b25dcc4e2141faf30982a39b6fc9e7a8604e33bf692b9d9eb")
_ZSTD_LEVEL = 3
_MIN_COMPRESS = 16  # shorter texts ("{}", one short value) do not get shorter
_codecs = threading.local()  # zstd (de)compressors are not to be shared between threads
_dict_data: dict[int, bytes] = {}  # read once per process
_heads: dict[tuple[str, ...], tuple[bytes, tuple[str, ...]] | None] = {}  # key names -> codec-2 head, key order
_HEADS_MAX = 4096
_VALUE = frozenset({str, int, bool, type(None)})
_CAPTION = 0x80  # in a codec-2 or -3 row's list number: the caption is one of its values
_RAW = 0x40  # in a codec-3 row's list number: the values' JSON is stored as it is (zstd made it no shorter)
_SLICED = 0x20  # in a codec-3 row's list number: slices of the caption follow the bitmap (codec 2 has 21 lists)
_ITEM = 0x80  # in a codec-3 slice's first byte: an item of the list value at the index in its low bits


def _data_file(name: str, sha256: str, codec: int) -> bytes:
    data = resources.files("graph").joinpath("data", name).read_bytes()
    if hashlib.sha256(data).hexdigest() == sha256:
        return data
    if name.endswith(".csv"):
        raise RuntimeError(f"graph/data/{name} is not the key lists of props codec {codec}: reinstall")
    raise RuntimeError(f"graph/data/{name} is not the dictionary of props codec {codec}: reinstall")


def _codec_dictionary(codec: int) -> bytes:
    data = _dict_data.get(codec)
    if data is None:
        known = _CODEC_DICTS.get(codec)
        if known is None:
            raise ProjectError(f"record properties stored in codec {codec}: made by a newer Knooppunt; "
                               "update to open it")
        data = _dict_data[codec] = _data_file(*known, codec)
    return data


@functools.cache
def _lists() -> tuple[tuple[str, ...], ...]:
    """Codec 2's key lists, read once per process."""
    return tuple(tuple(line.split(",")) for line in _data_file(*_KEY_LISTS, KEYLESS_CODEC).decode().splitlines())


def _head(keys: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]] | None:
    """(codec-2 head: key list number and bitmap, the keys in that list's order) of a row's key names; None
    when no list holds them all (the first, shortest one that does is named)."""
    if keys in _heads:
        return _heads[keys]
    found = None
    wanted = set(keys)
    for i, names in enumerate(_lists()):
        if wanted.issubset(names):
            bits = sum(1 << j for j, name in enumerate(names) if name in wanted)
            found = (bytes((i,)) + bits.to_bytes((len(names) + 7) // 8, "little"),
                     tuple(name for name in names if name in wanted))
            break
    if len(_heads) < _HEADS_MAX:
        _heads[keys] = found
    return found


def _codec(codec: int) -> tuple[Any, Any]:
    """(compressor, decompressor) of a codec, made once per thread (zstandard loads lazily: the CLI's
    start-up does not pay for it)."""
    made: dict[int, tuple[Any, Any]] = _codecs.__dict__.setdefault("made", {})
    pair = made.get(codec)
    if pair is None:
        data = _codec_dictionary(codec)
        import zstandard as zstd

        kind = zstd.DICT_TYPE_FULLDICT if codec in _TRAINED else zstd.DICT_TYPE_RAWCONTENT
        zdict = zstd.ZstdCompressionDict(data, dict_type=kind)
        params = zstd.ZstdCompressionParameters.from_level(
            _ZSTD_LEVEL, format=zstd.FORMAT_ZSTD1_MAGICLESS, write_checksum=0, write_content_size=1, write_dict_id=0)
        zdict.precompute_compress(compression_params=params)
        pair = made[codec] = (zstd.ZstdCompressor(dict_data=zdict, compression_params=params),
                              zstd.ZstdDecompressor(dict_data=zdict, format=zstd.FORMAT_ZSTD1_MAGICLESS))
    return pair


def _keyless(text: str, caption: str | None, props: Props | None = None) -> bytes | None:
    """The keyless form (codec 3) of this canonical JSON of a record captioned `caption` (`props`: its value,
    when the caller has it), None when it has none (see PROPS_CODEC)."""
    if props is None:
        try:
            props = orjson.loads(text)
        except orjson.JSONDecodeError:
            return None
        if props.__class__ is not dict:
            return None
    keys = tuple(props)
    head = _heads[keys] if keys in _heads else _head(keys)
    if head is None:
        return None
    # canonical JSON's keys are in the list's order already (both sorted); a caller's dict may not be
    values = list(props.values()) if keys == head[1] else [props[k] for k in head[1]]
    if caption:
        return _pack(values, head[0], caption)
    for v in values:  # the values codec 3 holds: texts, whole numbers, flags, null and lists of those
        cls = v.__class__
        if cls is list:
            for item in v:
                if item.__class__ not in _VALUE:
                    return None
        elif cls not in _VALUE:
            return None  # a float (orjson reads a number beyond 64 bits as one), a nested object
    return _packed(values, head[0], b"")


def _pack(values: list[Any], lead: bytes, caption: str) -> bytes | None:
    """Codec 3's form of a row's values in its key list's order (`lead`: the list number and bitmap), without
    the value that is the caption (the first that equals it) and the texts that stand in it; None when a value
    is not one codec 3 holds. `values`: the caller's own list (changed here). The import's storing side calls
    this for every record (issue 18): one pass checks the values, finds the caption and makes the slices."""
    find = caption.find
    at = -1  # where the caption stands among the values
    n = 0
    out: list[int] = []  # the slices, a byte each
    changes: list[tuple[int, list[Any] | None]] = []  # (value index, what is kept of it: None when nothing)
    for k, v in enumerate(values):
        cls = v.__class__
        if cls is str:
            if v not in caption:  # most values (an operator: cheaper than `find`'s call)
                continue
            if at < 0 and v == caption:
                at = k
                changes.append((k, None))
                continue
            i = k - 1 if at >= 0 else k  # its index among the values without the caption
            if v and i < _ITEM and n < 255:
                begin = find(v)
                if begin < 256 and len(v) < 256:
                    out += (i, begin, len(v))
                    n += 1
                    changes.append((k, None))
        elif cls is list:
            hit = False
            for item in v:
                if item.__class__ is str:
                    if item in caption:
                        hit = True
                elif item.__class__ not in _VALUE:
                    return None
            i = k - 1 if at >= 0 else k
            if hit and i < _ITEM:
                items, n = _sliced_items(v, i, find, n, out)
                if items is not None:
                    changes.append((k, items))
        elif cls not in _VALUE:
            return None  # a float (orjson reads a number beyond 64 bits as one), a nested object
    return _cut(values, lead, at, n, out, changes)


def _cut(values: list[Any], lead: bytes, at: int, n: int, out: list[int],
         changes: list[tuple[int, list[Any] | None]]) -> bytes | None:
    """`_pack`'s row once it found the caption at `at` (-1: none) and `n` slices (`out`): `changes` made to the
    values (index, what is kept: None when nothing), the list number's bits set."""
    for k, kept in reversed(changes):
        if kept is None:
            del values[k]
        else:
            values[k] = kept
    if at >= 0:
        lead = bytes((lead[0] | _CAPTION | (_SLICED if n else 0), at)) + lead[1:]
    elif n:
        lead = bytes((lead[0] | _SLICED,)) + lead[1:]
    return _packed(values, lead, bytes((n, *out)) if n else b"")


def _sliced_items(items: list[Any], i: int, find: Callable[[str], int], n: int,
                  out: list[int]) -> tuple[list[Any] | None, int]:
    """The items of list value `i` that stand in the caption (`find`: its `str.find`) as slices, added to `out`
    (`n`: the slices made before): (the items kept, None when all are; the slices made now)."""
    kept = None
    for j, item in enumerate(items):
        begin = find(item) if item.__class__ is str and item and j < 256 and n < 255 else -1
        if 0 <= begin < 256 and len(item) < 256:
            if kept is None:
                kept = items[:j]
            out += (_ITEM | i, j, begin, len(item))
            n += 1
        elif kept is not None:
            kept.append(item)
    return kept, n


def _packed(values: list[Any], lead: bytes, slices: bytes) -> bytes | None:
    """Codec 3's row: its byte, `lead`, `slices`, then the values' JSON, compressed when that is shorter."""
    try:
        packed = orjson.dumps(values)
    except TypeError:  # a value orjson does not write (the standard encoder wrote `text`)
        return None
    body = _codec(SLICED_CODEC)[0].compress(packed)
    if len(body) >= len(packed):
        body = packed
        lead = bytes((lead[0] | _RAW,)) + lead[1:]
    return bytes((SLICED_CODEC,)) + lead + slices + body


def _slice_entries(data: bytes, pos: int, count: int) -> Iterator[tuple[int, int, int, int]]:
    """(value index, item index or -1, start, length) of `count` codec-3 slices from `pos`."""
    for _ in range(count):
        w = data[pos]
        if w & _ITEM:
            yield w & ~_ITEM, data[pos + 1], data[pos + 2], data[pos + 3]
            pos += 4
        else:
            yield w, -1, data[pos + 1], data[pos + 2]
            pos += 3


def stored_props(text: str, caption: str | None = None, props: Props | None = None) -> str | bytes:
    """What a record row's `props` column holds for this canonical JSON: the shortest of the text and its
    compressed forms (see PROPS_CODEC). `caption`: the caption stored in the same row (an entity's), whose
    value the properties need not hold again; whoever changes the one rewrites the other. `props`: the
    properties `text` spells, when the caller has them (not parsed again)."""
    if len(text) < _MIN_COMPRESS:
        return text
    raw = text.encode()
    blob = _keyless(text, caption, props) or bytes((1,)) + _codec(1)[0].compress(raw)
    return blob if len(blob) < len(raw) else text


def stored_props_column(texts: Sequence[str], captions: Sequence[str | None]) -> list[str | bytes]:
    """`stored_props` of each canonical JSON in `texts` with the caption beside it: a bulk batch's column in one
    call (issue 18: the storing side makes one per record). The common row -- properties of one key list,
    captioned -- is made here without the calls around `_pack`; any other goes through `stored_props`."""
    loads, heads = orjson.loads, _heads
    made = getattr(_made, "forms", None)
    out: list[str | bytes] = []
    for text, caption in zip(texts, captions, strict=True):
        if made is not None:
            form = made.get((text, caption))
            if form is not None:
                out.append(form)
                continue
        if caption and len(text) >= _MIN_COMPRESS:
            try:
                props = loads(text)
            except orjson.JSONDecodeError:
                props = None
            if props.__class__ is dict:
                keys = tuple(props)
                head = heads.get(keys)
                if head is not None and keys == head[1]:
                    blob = _pack(list(props.values()), head[0], caption)
                    if blob is not None:
                        size = len(text) if text.isascii() else len(text.encode())
                        out.append(blob if len(blob) < size else text)
                        continue
        out.append(stored_props(text, caption))
    return out


_made = threading.local()  # `made_props`: the forms `stored_props_column` takes as they are
PropsForms = dict[tuple[str, str | None], str | bytes]  # (props JSON, caption) -> a mapping process's stored form


# The entity props a mapping process packs of a part at most (`packed_prefix`): the forms weigh on both processes
# until the part is stored (the bytes, the storing side's dict of them) and their memory stays with the processes
# after. A wide case CSV's part of 50,000 rows holds ~250,000 entities: an encrypted 1M-row wide import into a
# 0.99M-record project peaked at 579 MiB when nothing was packed there, 627 with all of a part packed, 603 with
# 60,000 and 592 with 20,000 (bench_bulk --encrypted's phase; the limit is 600). A KvK batch holds fewer.
PACK_MAX = 20_000


def packed_prefix(texts: Sequence[str], captions: Sequence[str | None]) -> list[str | bytes]:
    """The stored forms of the first PACK_MAX of a part's entity props, made in its mapping process."""
    return stored_props_column(texts[:PACK_MAX], captions[:PACK_MAX])


def props_forms(texts: Sequence[str], captions: Sequence[str | None],
                stored: Sequence[str | bytes] | None) -> PropsForms:
    """{(props JSON, caption): stored form} of what a mapping process packed (`stored`: the forms of the first of
    these `texts` and `captions`, `packed_prefix`; None: nothing), for `made_props`."""
    if stored is None:
        return {}
    keys = zip(texts[:len(stored)], captions[:len(stored)], strict=True)
    return dict(zip(keys, stored, strict=True))


@contextmanager
def made_props(forms: PropsForms) -> Iterator[None]:
    """Within: `stored_props_column` takes the stored form of a (canonical JSON, caption) from `forms`, made by
    `stored_props_column` in an import's mapping process (importers.case_pipeline, importers.kvk_pipeline: the
    storing process was the slower one, and zstd and `_pack` were ~13% of its CPU in a narrow table), not again."""
    _made.forms = forms or None
    try:
        yield
    finally:
        _made.forms = None


def props_column(props: Props, caption: str | None = None) -> str | bytes:
    """What a record row's `props` column holds for these properties (the one place that says it); `caption`
    as in `stored_props`."""
    return stored_props(canonical_json(props), caption, props)


def _keyless_props(stored: bytes, caption: str | None) -> Props:
    codec, first, start, at = stored[0], stored[1], 2, None
    if first & _CAPTION:
        if caption is None:
            raise ValueError("props stored with the caption of the record: read them with that caption (props_of)")
        first, start, at = first & ~_CAPTION, 3, stored[2]
    raw = sliced = 0
    if codec == SLICED_CODEC:
        raw, sliced, first = first & _RAW, first & _SLICED, first & ~(_RAW | _SLICED)
    names = _lists()[first]
    size = (len(names) + 7) // 8
    bits = int.from_bytes(stored[start:start + size], "little")
    pos, slices = start + size, []
    if sliced:
        count, pos = stored[pos], pos + 1
        for entry in _slice_entries(stored, pos, count):
            slices.append(entry)
            pos += 3 if entry[1] < 0 else 4
    body = stored[pos:]
    values = orjson.loads(body if raw else _codec(codec)[1].decompress(body))
    if slices and caption is None:
        raise ValueError("props stored with the caption of the record: read them with that caption (props_of)")
    for i, j, begin, length in slices:
        piece = caption[begin:begin + length]  # type: ignore[index]
        if j < 0:
            values.insert(i, piece)
        else:
            values[i].insert(j, piece)
    if at is not None:
        values.insert(at, caption)
    return dict(zip([name for j, name in enumerate(names) if bits >> j & 1], values, strict=True))


def props_text(stored: str | bytes, caption: str | None = None) -> str:
    """The canonical JSON a `props` column holds, whichever form it is stored in (`caption`: the row's)."""
    if isinstance(stored, str):
        return stored
    if stored[0] in (KEYLESS_CODEC, SLICED_CODEC):  # texts, whole numbers, flags, null: as canonical_json
        return props_json(_keyless_props(stored, caption))
    return str(_codec(stored[0])[1].decompress(stored[1:]), "utf-8")


def props_of(stored: str | bytes, caption: str | None = None) -> Props:
    """The properties a `props` column holds; `caption`: the caption column of the same row (an entity's)."""
    if isinstance(stored, bytes) and stored[0] in (KEYLESS_CODEC, SLICED_CODEC):
        return _keyless_props(stored, caption)
    return json.loads(props_text(stored))


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def rank_hits(words: list[str], candidates: Sequence[tuple[int, str]]) -> list[int]:
    """Order search candidates as an analyst expects when typing a name.

    Whole-word matches first ("jan de" puts Jan de Vries before Dex Jansen), then names that
    start with what was typed, then shorter names, then alphabetically.
    """
    wanted = set(words)
    typed = " ".join(words)

    def score(hit: tuple[int, str]) -> tuple[int, int, int, str]:
        folded = fold(hit[1])
        exact = len(wanted.intersection(folded.split()))
        return (-exact, 0 if folded.startswith(typed) else 1, len(folded), folded)

    return [rid for rid, _ in sorted(candidates, key=score)]


def is_new_source(old: Record, new: Record) -> bool:
    if new.provenance is None:
        return False
    if old.provenance is None:
        return True
    return (new.provenance.source, new.provenance.reference) != (old.provenance.source, old.provenance.reference)


def node_attrs(e: Entity) -> dict[str, Any]:
    return {"type": e.type, "caption": e.caption, "label": e.label, "properties": e.properties,
            "valid_from": e.valid_from, "valid_to": e.valid_to}


def edge_attrs(r: Relation) -> dict[str, Any]:
    return {"type": r.type, "label": r.label, "properties": r.properties, "valid_from": r.valid_from,
            "valid_to": r.valid_to, "grading": r.grading}


def merge_into(schema: Schema, old: Any, new: Any) -> tuple[Any, bool]:
    """Merge a newer record into a stored one; returns (merged, changed).

    Multi-valued properties gather every value seen; a single value is replaced by the
    newer source's. Validity and grading take the newer source's where it gives them; a
    restricted security label is never lowered to `open` by a later source. The first
    source stays on the record; later ones are listed in `sources()`.
    """
    specs = (schema.entities[old.type].properties if isinstance(old, Entity)
             else schema.relations[old.type].properties)
    props = dict(old.properties)
    for name, value in new.properties.items():
        props[name] = sorted(set(props.get(name, [])) | set(value), key=str) if specs[name].multi else value
    merged = old.evolve(properties=props)
    if merged.provenance is None:
        merged.provenance = new.provenance
    for attr in ("reliability", "credibility", "valid_from", "valid_to"):
        if getattr(new, attr) is not None:
            setattr(merged, attr, getattr(new, attr))
    if new.label != "open" and old.label == "open":
        merged.label = new.label
    changed = (props != old.properties or merged.label != old.label or merged.provenance != old.provenance
               or any(getattr(merged, a) != getattr(old, a) for a in ("reliability", "credibility", "valid_from",
                                                                      "valid_to")))
    return merged, changed


# -- statements (issue 19): what each source said, and the view derived from it ---------------------
RECORD_MARK = "@record"  # the statement "this source names this record" (carries its grading)
VALIDITY = ("@valid_from", "@valid_to")
# A stored statement: (prop, value as canonical JSON, source, reference, received, reliability,
# credibility, label, added_by, added_at); the first four identify it.
StatementRow = tuple[str, str, str, str, str | None, str | None, str | None, str, str | None, str | None]


def statement_rows(rec: Record, user: str | None, now: str | None) -> list[StatementRow]:
    """What an incoming record says, one row per value (a multi property gives one per value)."""
    p = rec.provenance
    source, ref, received = (p.source, p.reference or "", p.received) if p else ("", "", None)
    meta = (source, ref, received, rec.reliability, rec.credibility, rec.label, user, now)
    out: list[StatementRow] = [(RECORD_MARK, "null", *meta)]
    for name, value in rec.properties.items():
        for v in (value if isinstance(value, list) else [value]):
            out.append((name, canonical_json(v), *meta))
    for name, value in zip(VALIDITY, (rec.valid_from, rec.valid_to), strict=True):
        if value is not None:
            out.append((name, canonical_json(value), *meta))
    return out


def _grade(row: StatementRow) -> tuple[int, int]:
    rel, cred = row[5], row[6]
    return (RELIABILITY.index(rel) if rel in RELIABILITY else len(RELIABILITY),
            CREDIBILITY.index(cred) if cred in CREDIBILITY else len(CREDIBILITY))


def winner(schema: Schema, type_name: str, rows: Sequence[StatementRow]) -> StatementRow:
    """The statement whose value the view shows: the authoritative source's, else the
    best-graded, else the most recently received; ties by value, so order never matters."""
    by_value = sorted(rows, key=lambda r: (r[1], r[2], r[3]))
    recent = sorted(by_value, key=lambda r: r[4] or "", reverse=True)
    return min(recent, key=lambda r: (0 if schema.authoritative(r[2], type_name, r[0]) else 1, *_grade(r)))


def derive_view(schema: Schema, rec: Record, rows: Iterable[StatementRow]) -> Record:
    """The record as its statements say it: properties, validity and grading.

    Multi-valued properties gather every source's values; a single value is the winner's
    (see `winner`). The grading is the best any source gave the record. The label, the
    first source and the audit fields stay the record's own.
    """
    specs = (schema.entities[rec.type].properties if isinstance(rec, Entity)
             else schema.relations[rec.type].properties)
    by_prop: dict[str, list[StatementRow]] = {}
    for row in rows:
        by_prop.setdefault(row[0], []).append(row)
    props: Props = {}
    for name in specs:
        found = by_prop.get(name)
        if not found:
            continue
        if specs[name].multi:
            props[name] = sorted({json.loads(r[1]) for r in found}, key=str)
        else:
            props[name] = json.loads(winner(schema, rec.type, found)[1])
    validity = [json.loads(winner(schema, rec.type, by_prop[n])[1]) if n in by_prop else None for n in VALIDITY]
    marks = by_prop.get(RECORD_MARK, [])
    best = min(marks, key=_grade) if marks else None
    return rec.evolve(properties=props, valid_from=validity[0], valid_to=validity[1],
                      reliability=best[5] if best else rec.reliability,
                      credibility=best[6] if best else rec.credibility)


def legacy_rows(rec: Record) -> list[StatementRow]:
    """Statements for a record stored before statements existed: its values, said by its first source."""
    return statement_rows(rec, rec.created_by, rec.created_at)


def implied_by_row(rows: dict[tuple[str, ...], StatementRow], view: Record) -> bool:
    """True when a new record's statements are just what its own row says (one source, the view's values
    and grading): it is stored as a record one row named (format 2, `legacy_rows` derives them), so a
    document that names a record twice in one batch leaves what it leaves when the two are batches apart."""
    return {r[:4]: r[4:8] for r in rows.values()} == {r[:4]: r[4:8] for r in statement_rows(view, None, None)}


def label_rank(label: str) -> int:
    return SECURITY_LABELS.index(label) if label in SECURITY_LABELS else len(SECURITY_LABELS)


@dataclass(slots=True)
class Fold:
    """One record's upsert: its statements to write and delete, all it now holds, and its view."""

    label: str
    writes: dict[tuple[str, ...], StatementRow] = field(default_factory=dict)
    deletes: list[tuple[str, ...]] = field(default_factory=list)
    new_sources: list[Record] = field(default_factory=list)
    rows: dict[tuple[str, ...], StatementRow] = field(default_factory=dict)
    view: Any = None
    changed: bool = False
    conflicts: list[str] = field(default_factory=list)  # one source saying two values in one batch


def fold_statements(schema: Schema, old: Record | None, incoming: Sequence[Any],
                    stored: dict[tuple[str, ...], StatementRow], user: str, now: str) -> Fold:
    """What the incoming records say about one record, folded into its statements and view.

    A new record takes the lowest label among the rows that name it; a stored record keeps
    its label, except that its own first source (or a hand edit of it) may raise it. Other
    sources add statements at their own label: a confidential row never relabels an open
    company. A source restating a single value replaces its own earlier value, never
    another source's.
    """
    if old is None:
        base = min(incoming, key=lambda r: label_rank(r.label))
        label = base.label
    else:
        base, label = old, old.label
        own = (old.provenance.source, old.provenance.reference or "") if old.provenance else None
        for rec in incoming:
            mine = (rec.provenance.source, rec.provenance.reference or "") if rec.provenance else None
            if (mine == own or mine is None) and label_rank(rec.label) > label_rank(label):
                label = rec.label
    out = Fold(label=label)
    if old is None and len(incoming) == 1:  # a new record from one row, as in most of a bulk import
        rows = statement_rows(base, user, now)
        out.writes = out.rows = {r[:4]: r for r in rows}
        out.view = _single_source_view(schema, base)
        out.changed = True
        return out
    current = dict(stored)
    implicit: dict[tuple[str, ...], StatementRow] = {}
    if old is not None and not stored:  # implicit in the record's row (format 2, or stored before statements)
        implicit = {row[:4]: row for row in legacy_rows(old)}
        current.update(implicit)
    _fold_incoming(schema, base, incoming, current, out, user, now)
    out.rows = current
    if old is not None and implicit and (out.writes or out.deletes or label != old.label):
        for ident in implicit:  # written out once something changes
            if ident in current:
                out.writes.setdefault(ident, current[ident])
    if old is not None and not out.deletes and label == old.label and (
            not out.writes or _shown_already(schema, old, stored or implicit, out.writes, label_rank(label))):
        out.view = old  # nothing new was said: the stored view is still what the statements say
        return out
    rank = label_rank(label)
    view = derive_view(schema, base.evolve(label=label),
                       [r for r in current.values() if label_rank(r[7]) <= rank])
    if old is None:
        out.changed = True
    else:
        out.changed = any(getattr(view, a) != getattr(old, a) for a in (
            "properties", "label", "reliability", "credibility", "valid_from", "valid_to"))
    out.view = view
    return out


def _shown_already(schema: Schema, old: Record, before: dict[tuple[str, ...], StatementRow],
                   writes: dict[tuple[str, ...], StatementRow], rank: int) -> bool:
    """True when statements added to `before` (none changed) leave the view as `old` shows it: each
    visible new single value is the one shown (whichever wins, the value stays), each multi value is
    among those shown, no new grading is better. Exact, and it reads the new statements alone: a
    record thousands of sources name (a trust office's address) is not derived again from all of
    them for every batch of a load that names it once more."""
    specs = (schema.entities[old.type].properties if isinstance(old, Entity)
             else schema.relations[old.type].properties)
    grade = _grade(("", "", "", "", None, old.reliability, old.credibility, "", None, None))
    shown: dict[str, set[str]] = {}
    for ident, row in writes.items():
        prev = before.get(ident)
        if prev is not None:
            if prev[4:8] != row[4:8]:
                return False
            continue
        if label_rank(row[7]) > rank:
            continue
        prop = row[0]
        if prop == RECORD_MARK:
            if _grade(row) < grade:
                return False
        elif prop in VALIDITY or prop in specs:
            values = shown.get(prop)
            if values is None:
                values = shown[prop] = _shown_values(old, prop, specs)
            if row[1] not in values:
                return False
    return True


def _shown_values(old: Record, prop: str, specs: dict[str, Any]) -> set[str]:
    """The values of `prop` (or validity) the record shows, as statements hold them (canonical JSON)."""
    if prop in VALIDITY:
        value = old.valid_from if prop == VALIDITY[0] else old.valid_to
        return set() if value is None else {canonical_json(value)}
    value = old.properties.get(prop)
    if value is None:
        return set()
    return {canonical_json(v) for v in (value if isinstance(value, list) else [value])}


def _fold_incoming(schema: Schema, base: Record, incoming: Sequence[Any],
                   current: dict[tuple[str, ...], StatementRow], out: Fold, user: str, now: str) -> None:
    """Each incoming record's statements into `current` (and `out`'s writes, deletes and new sources)."""
    # current's statements by (source, reference): a record said by thousands of documents (a
    # trust office's address) must not be scanned whole for every incoming one (quadratic).
    # Only the incoming sources' are looked up: a hub's thousands of others are passed over, not indexed.
    wanted = {(rec.provenance.source, rec.provenance.reference or "") if rec.provenance else ("", "")
              for rec in incoming}
    by_source: dict[tuple[str, ...], dict[tuple[str, ...], None]] = {}
    for ident in current:
        if ident[2:4] in wanted:
            by_source.setdefault(ident[2:4], {})[ident] = None
    specs = (schema.entities[base.type].properties if isinstance(base, Entity)
             else schema.relations[base.type].properties)
    batch_said: set[tuple[str, ...]] = set()
    for rec in incoming:
        rows = statement_rows(rec, user, now)
        said = {(r[0], r[1]) for r in rows}
        src = rows[0][2:4]
        singles = {r[0]: r for r in rows if r[0] in VALIDITY or (r[0] in specs and not specs[r[0]].multi)}
        own = by_source.get(src)
        if own is None:
            out.new_sources.append(rec)
        else:
            replaced = [i for i in own if i[0] in singles and (i[0], i[1]) not in said]
            _restate(base, out, current, batch_said, singles, replaced)
            for ident in replaced:
                if ident not in current:
                    del own[ident]
        for row in rows:
            batch_said.add(row[:4])
            prev = current.get(row[:4])
            if prev is None or prev[4:8] != row[4:8]:
                current[row[:4]] = row
                out.writes[row[:4]] = row
                by_source.setdefault(row[2:4], {})[row[:4]] = None


def _restate(base: Record, out: Fold, current: dict[tuple[str, ...], StatementRow], batch_said: set[tuple[str, ...]],
             singles: dict[str, StatementRow], replaced: list[tuple[str, ...]]) -> None:
    """A source restating single values replaces its own earlier ones, except that a higher-labelled
    restatement never blanks what readers below it see (both stay, as claims); two values from one
    source in the same batch are a conflict, reported."""
    for ident in replaced:
        later = singles[ident[0]]
        higher = label_rank(later[7]) > label_rank(current[ident][7])
        if ident in batch_said:
            out.conflicts.append(_conflict(base, ident, later, "both" if higher else "the later"))
        if higher:
            continue
        del current[ident]
        out.writes.pop(ident, None)
        out.deletes.append(ident)


def _conflict(rec: Record, earlier: tuple[str, ...], later: StatementRow, kept: str) -> str:
    """One line naming the record, the source and the two values it gave for one property."""
    return (f"{rec.id}: {earlier[2]} {earlier[3]!r} says {earlier[0]} {json.loads(earlier[1])!r} and "
            f"{json.loads(later[1])!r}; kept {kept}")


def _single_source_view(schema: Schema, rec: Record) -> Record:
    """What `derive_view` gives for one source's statements, without the round trip through them."""
    specs = (schema.entities[rec.type].properties if isinstance(rec, Entity)
             else schema.relations[rec.type].properties)
    props = {name: sorted(set(value), key=str) if specs[name].multi and isinstance(value, list) else value
             for name, value in rec.properties.items()}
    return rec.evolve(properties=props)
