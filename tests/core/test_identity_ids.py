"""Record ids from identity, against an independent computation (issue 19 item 4).

An id is a promise kept across machines and stores: the same company gets the same id
everywhere, so push/pull merges without a lookup table. These tests pin the identity text
and the key derivation (blake2b-64, top bit dropped) with this file's own few lines, so a
change of either -- which would split every existing project's records in two -- fails here.
"""

from __future__ import annotations

import hashlib

import pytest

from graph.errors import ValidationError
from graph.model import Entity, Provenance, Relation
from graph.schema import default_schema, format_id, key_of, parse_id, type_prefix


def _key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big") // 2


def _id(prefix: str, text: str) -> str:
    return f"{prefix}-{_key(text):016x}"


def test_key_of_is_blake2b_64_without_its_top_bit() -> None:
    for text in ("", "Company|kvk_number=01234567", "Person|src=brp|ref=é"):
        assert key_of(text) == _key(text)
        assert 0 <= key_of(text) < 2 ** 63  # fits SQLite's signed INTEGER primary key
    # Known vectors: blake2b-64 of "" is e4a6a0577479b2b4, of the company's identity cfca97e2edecede6.
    assert key_of("") == 0xE4A6A0577479B2B4 >> 1
    assert key_of("Company|kvk_number=01234567") == 0xCFCA97E2EDECEDE6 >> 1


def test_format_and_parse_id() -> None:
    assert format_id("per", 255) == "per-00000000000000ff"
    assert format_id("com", 2 ** 63 - 1) == "com-7fffffffffffffff"
    assert parse_id("per-00000000000000ff") == 255
    assert parse_id("rel-7fffffffffffffff") == 2 ** 63 - 1
    for bad in ("-00000000000000ff", "per-0000000000000ff", "per-000000000000000ff", "per00000000000000ff",
                "per-00000000000000fg", "per-x-00000000000000ff"):
        with pytest.raises(ValidationError, match="is not a Knooppunt record id") as info:
            parse_id(bad)
        assert info.value.value == bad
    assert type_prefix("PhoneNumber") == "pho" and type_prefix("Company") == "com"


def test_entity_ids_from_identity_text() -> None:
    s = default_schema()
    company = s.prepare_entity(Entity(type="Company", properties={"kvk_number": "1234567", "name": "A"}))
    assert company.id == _id("com", "Company|kvk_number=01234567")
    address = s.prepare_entity(Entity(type="Address", properties={"postcode": "7607 ab", "house_number": 12,
                                                                  "house_letter": "A"}))
    assert address.id == _id("add", "Address|postcode=7607 ab|house_number=12|house_letter=a|"
                                    "house_number_addition=|po_box=")
    # No postcode: the first alternative (street, number, city) identifies it.
    foreign = s.prepare_entity(Entity(type="Address", properties={"street": "Rue Haute", "house_number": 5,
                                                                  "city": "Brussel", "country": "BE"}))
    assert foreign.id == _id("add", "Address|street=rue haute|house_number=5|house_letter=|"
                                    "house_number_addition=|city=brussel|country=be")


def test_entity_id_from_source_reference_else_random() -> None:
    s = default_schema()
    p = s.prepare_entity(Entity(type="Person", properties={"name": "Jan"},
                                provenance=Provenance(source="brp", reference="42")))
    assert p.id == _id("per", "Person|src=brp|ref=42|name=jan")  # the name: two persons of one document stay two
    no_ref = [s.prepare_entity(Entity(type="Person", properties={"name": "Jan"},
                                      provenance=Provenance(source="brp"))).id for _ in range(2)]
    assert no_ref[0] != no_ref[1] and all(i.startswith("per-") and len(i) == 20 for i in no_ref)
    # Random keys fit SQLite's signed 64-bit primary key like derived ones (64 draws: a 64-bit draw
    # would land above 2**63 - 1 in all but 1 in 2**64 runs).
    randoms = [parse_id(s.prepare_entity(Entity(type="Person", properties={"name": "X"})).id) for _ in range(64)]
    assert max(randoms) < 2 ** 63
    bsn = s.prepare_entity(Entity(type="Person", properties={"name": "Jan", "bsn": "111222333"},
                                  provenance=Provenance(source="brp", reference="42")))
    assert bsn.id == _id("per", "Person|bsn=111222333")  # the identity wins over source + reference


def _rel(**kw: object) -> Relation:
    base: dict[str, object] = {"type": "director_of", "source_id": "per-00000000000000aa",
                               "target_id": "com-00000000000000bb"}
    return default_schema().prepare_relation(Relation(**(base | kw)), "Person", "Company")  # type: ignore[arg-type]


def test_relation_id_text_includes_validity_start_and_identity_properties() -> None:
    plain = _rel()
    assert plain.id == _id("rel", "director_of|per-00000000000000aa|com-00000000000000bb||")
    dated = _rel(valid_from="2020-01-01")
    assert dated.id == _id("rel", "director_of|per-00000000000000aa|com-00000000000000bb|2020-01-01|")
    # The missed mutation: a director again from a later date is a second relation.
    assert len({plain.id, dated.id, _rel(valid_from="2021-06-01").id}) == 3
    role = _rel(properties={"role": "Bestuurder"})
    assert role.id == _id("rel", "director_of|per-00000000000000aa|com-00000000000000bb||bestuurder")
    assert role.id == _rel(properties={"role": "BESTUURDER"}).id != _rel(properties={"role": "commissaris"}).id
    assert _rel(properties={"authority": "alleen"}).id == plain.id  # not an identity property of the type


def test_a_given_id_is_kept() -> None:
    assert _rel(id="rel-0000000000000001").id == "rel-0000000000000001"
    s = default_schema()
    e = s.prepare_entity(Entity(type="Company", id="com-0000000000000002", properties={"kvk_number": "1234567"}))
    assert e.id == "com-0000000000000002"


def test_keys_hashed_over_a_column_are_key_of_each() -> None:
    """graph.prepared._hash_keys (a bulk import's ids: digests read by numpy) gives key_of of every text."""
    from graph.prepared import _hash_keys

    texts = ["", "Person|name=jan", "é\x00ß", "x" * 300, *(f"Address|postcode=1234 AB|n={i}" for i in range(500))]
    assert _hash_keys(texts) == [key_of(t) for t in texts]
    assert _hash_keys(iter(texts)) == [key_of(t) for t in texts] and _hash_keys([]) == []
    assert all(0 <= k < 2**63 for k in _hash_keys(texts))
