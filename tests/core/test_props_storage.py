"""Record properties on disk (issue 18): compressed where shorter, read the same whichever form a row holds."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.errors import ProjectError
from graph.model import Entity, Provenance
from graph.stores import records
from graph.stores.lean import entity_type_values
from graph.stores.records import canonical_json, props_column, props_of, props_text, stored_props
from graph.stores.sqlite_store import SQLiteStore
from workbench.cli import main
from workbench.output import read_json_rows

FORMAT2 = Path(__file__).parent / "data" / "format2.knp"
PROFILE = Path(__file__).parents[2] / "examples" / "basisprofielen" / "69599084.json"
COMPANY = {"employees": 4, "establishment_number": ["000037178598"], "kvk_number": "69599084",
           "legal_form": "Besloten Vennootschap", "main_sbi": "56101", "name": "Grand Café Ütrecht B.V.",
           "non_mailing": True, "registration_date": "2017-10-10", "risk_branches": ["hospitality"],
           "rsin": "857587973", "sbi_codes": ["56101", "68204"], "trade_names": ["Café 't Hoekje", "Ütrecht"]}

values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                      lambda inner: st.lists(inner, max_size=4), max_leaves=8)


@given(st.dictionaries(st.text(min_size=1), values, max_size=8))
def test_every_value_reads_back_as_its_canonical_json(props: dict[str, object]) -> None:
    text = canonical_json(props)
    stored = stored_props(text)
    assert props_text(stored) == text
    assert props_of(stored) == json.loads(text)
    assert len(stored if isinstance(stored, bytes) else stored.encode()) <= len(text.encode())


def test_a_company_is_stored_compressed_and_short_values_as_text() -> None:
    stored = props_column(COMPANY)
    assert isinstance(stored, bytes) and stored[0] == records.PROPS_CODEC
    assert len(stored) < len(canonical_json(COMPANY).encode()) / 2
    assert props_of(stored) == COMPANY
    assert props_column({}) == "{}" and props_column({"kind": "x"}) == '{"kind":"x"}'


def test_the_codec_dictionary_never_changes() -> None:
    """Stored rows depend on its bytes: a better dictionary is a new codec, never an edit of this one."""
    data = (Path(records.__file__).parents[1] / "data" / "props-1.zdict").read_bytes()
    assert hashlib.sha256(data).hexdigest()[:16] == "2d50c6978917f2f0"
    assert records._CODEC_DICTS[1][1].startswith("2d50c6978917f2f0")


def test_a_dictionary_file_that_is_not_the_codecs_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoding with another dictionary gives wrong text without an error: the file is checked first."""
    monkeypatch.setattr(records, "_CODEC_DICTS", {1: ("props-1.zdict", "0" * 64)})
    monkeypatch.setattr(records, "_dict_data", {})
    with pytest.raises(RuntimeError, match="not the dictionary of props codec 1"):
        records._codec_dictionary(1)


def test_a_codec_this_version_does_not_know_is_one_clear_error() -> None:
    with pytest.raises(ProjectError, match="codec 9: made by a newer Knooppunt"):
        props_of(b"\x09abc")


def test_rows_stored_as_text_and_as_blobs_read_the_same_in_one_file(tmp_path: Path) -> None:
    """A project written before holds TEXT rows; records written now are BLOBs beside them."""
    path = tmp_path / "oud.knp"
    shutil.copy(FORMAT2, path)
    with SQLiteStore(path) as store:
        forms = {type(p) for (p,) in store.conn.execute("SELECT props FROM entity_rows")}
        assert forms == {str}
        big = dict(COMPANY, kvk_number="87654321", rsin="800000001", name="Nieuw B.V.",
                   establishment_number=["000000000042"])
        store.upsert_entities([Entity(type="Company", properties=big,
                                      provenance=Provenance(source="KvK Handelsregister", reference="x"))])
        forms = {type(p) for (p,) in store.conn.execute("SELECT props FROM entity_rows")}
        assert forms == {str, bytes}
        (alfa,) = [e for e in store.iter_entities("Company") if e.caption == "Alfa B.V."]
        assert alfa.properties["name"] == "Alfa B.V."
        (new,) = store.search("nieuw b.v")
        assert new.properties == big
        assert store.get_entity(new.id).properties == big


def test_a_kvk_import_through_the_cli_shows_every_property(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       english_cli: None) -> None:
    path = tmp_path / "k.knp"
    SQLiteStore(path, create=True).close()
    assert main(["import", "kvk", str(PROFILE), "--project", str(path)]) == 0
    with SQLiteStore(path) as store:
        rows = store.conn.execute("SELECT props FROM entity_rows WHERE type IN (?, ?)", entity_type_values(["Company"]))
        kinds = {type(p) for (p,) in rows}
        assert kinds == {bytes}
    capsys.readouterr()
    assert main(["search", "69599084", "--project", str(path), "--format", "json"]) == 0
    [hit] = read_json_rows(capsys.readouterr().out)
    assert main(["show", hit["id"], "--project", str(path), "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    props = shown["entity"]["properties"]
    assert props["kvk_number"] == "69599084" and props["legal_form"] == "Besloten Vennootschap"
    assert props["risk_branches"] == ["beauty_care", "hospitality"]


# -- codec 2 (storage format 7): no key names ---------------------------------------------------------------
COMPANY_KEYS = [*sorted(COMPANY), "active", "website", "aliases", "places"]
plain = st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.text()


odd = st.floats(allow_nan=False) | st.integers() | st.dictionaries(st.text(max_size=3), plain, max_size=2)  # codec 1's


@given(st.dictionaries(st.sampled_from(COMPANY_KEYS), plain | st.lists(plain, max_size=4) | odd | st.lists(odd),
                       min_size=1), st.sampled_from([None, "", "Alfa B.V.", "4"]))
def test_keyless_rows_read_back_as_their_canonical_json(props: dict[str, object], caption: str | None) -> None:
    text = canonical_json(props)
    for stored in (stored_props(text, caption), props_column(props, caption)):
        assert props_text(stored, caption) == text
        assert props_of(stored, caption) == json.loads(text)
        assert len(stored if isinstance(stored, bytes) else stored.encode()) <= len(text.encode())


def test_a_text_that_looks_like_a_number_keeps_codec_2() -> None:
    """A text holding what would be a float or an object in JSON (':1.5', '{x}') is a text: the keyless codec
    (2, now 3) holds it."""
    props = dict(COMPANY, name="Versie:1.5,[2e3 {x}")
    stored = props_column(props, props["name"])
    assert isinstance(stored, bytes) and stored[0] == records.PROPS_CODEC
    assert props_of(stored, props["name"]) == props


def test_a_company_is_stored_without_its_key_names() -> None:
    """Codec 2 names one of the frozen key lists and which of its names a row holds: shorter than codec 1."""
    stored = props_column(COMPANY)
    assert isinstance(stored, bytes) and stored[0] == records.PROPS_CODEC  # codec 2, now 3
    one = b"\x01" + records._codec(1)[0].compress(canonical_json(COMPANY).encode())
    assert len(stored) < len(one) - 15, (len(stored), len(one))
    assert props_of(stored) == COMPANY and props_text(stored) == canonical_json(COMPANY)
    assert props_of(one) == COMPANY  # rows of codec 1 read as before


@pytest.mark.parametrize("props", [
    dict(COMPANY, amount_eur=12.5),  # a key no list holds
    dict(COMPANY, employees=4.0),  # a float: orjson reads a number beyond 64 bits as one
    dict(COMPANY, employees=2**70),
    dict(COMPANY, website=[{"url": "x"}]),  # a nested object
])
def test_properties_codec_2_cannot_hold_keep_codec_1(props: dict[str, object]) -> None:
    stored = props_column(props)
    assert isinstance(stored, bytes) and stored[0] == 1
    assert props_text(stored) == canonical_json(props) and props_of(stored) == props


def test_the_data_of_codec_2_never_changes() -> None:
    folder = Path(records.__file__).parents[1] / "data"
    assert hashlib.sha256((folder / "props-2.zdict").read_bytes()).hexdigest()[:16] == "0ff3a705e7767174"
    assert hashlib.sha256((folder / "props-2.keys.csv").read_bytes()).hexdigest()[:16] == "3c4b5e3a7d260d9b"
    assert records._CODEC_DICTS[2][1].startswith("0ff3a705e7767174")
    assert records._KEY_LISTS[1].startswith("3c4b5e3a7d260d9b")


def test_a_key_list_file_that_is_not_the_codecs_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "_KEY_LISTS", ("props-2.keys.csv", "0" * 64))
    monkeypatch.setattr(records, "_heads", {})
    records._lists.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="not the key lists of props codec 2"):
            props_column(COMPANY)
    finally:
        monkeypatch.undo()
        records._lists.cache_clear()


# -- codec 3 (storage format 8): no text that stands in the caption ----------------------------------------
ADDRESS = {"bag_id": "0141200000012345", "city": "Rotterdam", "full": "Kerkstraat 47, 6915 CN Rotterdam",
           "house_number": 47, "postcode": "6915 CN", "street": "Kerkstraat"}
# What format 7's store wrote for ADDRESS (codec 2, main at 877db27): rows of codec 2 read as before.
ADDRESS_CODEC_2 = bytes.fromhex("0292022b0a203ad101005b2230313431323030303030303132333435222c22526f7474657264616d22"
                                "2c34372c223639313520434e222c224b65726b737472616174225d")
pieces = st.sampled_from(["Rotterdam", "6915 CN", "Kerkstraat", "B.V.", "Ütrecht", "4", "Alfa", " ", "ß"])


@given(st.dictionaries(st.sampled_from(COMPANY_KEYS), pieces | plain | st.lists(pieces | plain, max_size=4),
                       min_size=1), st.lists(pieces, max_size=5))
def test_texts_that_stand_in_the_caption_read_back(props: dict[str, object], words: list[str]) -> None:
    caption = " ".join(words)
    text = canonical_json(props)
    for stored in (stored_props(text, caption), props_column(props, caption)):
        assert props_text(stored, caption) == text
        assert props_of(stored, caption) == json.loads(text)
        assert len(stored if isinstance(stored, bytes) else stored.encode()) <= len(text.encode())


def test_an_address_keeps_its_street_postcode_and_city_in_its_caption_only() -> None:
    caption = ADDRESS["full"]
    stored = props_column(ADDRESS, caption)
    assert isinstance(stored, bytes) and stored[0] == records.SLICED_CODEC == records.PROPS_CODEC
    for value in ("Rotterdam", "6915 CN", "Kerkstraat"):
        assert value.encode() not in stored
    assert len(stored) <= len(ADDRESS_CODEC_2) - 25, len(stored)
    assert props_of(stored, caption) == ADDRESS and props_text(stored, caption) == canonical_json(ADDRESS)
    with pytest.raises(ValueError, match="read them with that caption"):
        props_of(stored)
    assert props_of(ADDRESS_CODEC_2, caption) == ADDRESS  # rows of codec 2 read as before


def test_list_items_in_the_caption_and_long_captions() -> None:
    """A trade name in the company's name is an item of a list; a caption longer than 255 characters keeps
    what stands beyond them in the values."""
    company = dict(COMPANY, name="Onderneming 0 B.V.", trade_names=["Anders", "Onderneming 0"])
    stored = props_column(company, company["name"])
    assert b"Onderneming" not in stored and props_of(stored, company["name"]) == company
    long = "x" * 300 + " Kerkstraat"
    props = dict(ADDRESS, full=long)
    assert props_of(props_column(props, long), long) == props


def test_the_dictionary_of_codec_3_never_changes_and_is_a_trained_one() -> None:
    """Codec 3 compresses with a dictionary zstd trained (entropy tables: a row's digits and letters in fewer
    bits than codec 2's raw content gave them); stored rows depend on its bytes."""
    data = (Path(records.__file__).parents[1] / "data" / "props-3.zdict").read_bytes()
    assert hashlib.sha256(data).hexdigest()[:16] == "839740118e7b626b" == records._CODEC_DICTS[3][1][:16]
    assert data[:4] == bytes.fromhex("37a430ec")  # zstd's dictionary magic: not raw content
    kvk = dict(COMPANY, establishments=["000037178598 Grand Café Ütrecht, ingeschreven 2017-10-10"])
    stored = props_column(kvk, kvk["name"])
    assert len(stored) < 0.9 * len(KVK_CODEC_2), len(stored)  # 120 bytes against 141
    assert props_of(stored, kvk["name"]) == kvk == props_of(KVK_CODEC_2, kvk["name"])


# What format 7's store wrote for that company (codec 2, main at 877db27).
KVK_CODEC_2 = bytes.fromhex(
    "029406c4be4720dd1504001207191fa0a739ff5940554fd03a22ecf7a94d1b5d7b2e8288ecdead01d41164fd050c8cd9e88648b4c5c03c"
    "c079b2c90bada8d2458ad6c8161a1bc33d743e133a7ba5904a46e627f244349fbc03a1b9d77818c7c3b0044c41b13881615e85565395fff7"
    "c2b30209002623a9b1012d730bad441ddbd306c1f8ec49d80e4cc75237c3")


def test_a_mapping_process_packs_at_most_pack_max_of_a_part(monkeypatch: pytest.MonkeyPatch) -> None:
    """The forms a mapping process packs weigh on both processes until the part is stored: at most PACK_MAX of a
    part's entities are packed there, the storing side packs the rest, and what is stored is the same."""
    from graph.stores import records

    monkeypatch.setattr(records, "PACK_MAX", 2)
    texts = [records.canonical_json({"name": f"Alfa {i} B.V.", "kvk_number": f"1234567{i}"}) for i in range(3)]
    captions: list[str | None] = [f"Alfa {i} B.V." for i in range(3)]
    stored = records.packed_prefix(texts, captions)
    assert len(stored) == 2
    forms = records.props_forms(texts, captions, stored)
    assert list(forms) == list(zip(texts[:2], captions[:2], strict=True))
    outside = records.stored_props_column(texts, captions)
    packed: list[str] = []
    real = records._pack
    monkeypatch.setattr(records, "_pack", lambda *args: packed.append(args[2]) or real(*args))
    with records.made_props(forms):
        assert records.stored_props_column(texts, captions) == outside
    assert packed == ["Alfa 2 B.V."]  # the one the mapping process left
