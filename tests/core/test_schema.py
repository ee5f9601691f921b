from __future__ import annotations

import pytest

from graph import identifiers as ids
from graph.errors import SchemaError, ValidationError
from graph.model import Entity, Provenance, Relation
from graph.schema import Schema, default_schema, format_id, parse_id

REQUIRED_ENTITIES = {"Person", "Company", "Address", "Vehicle", "PhoneNumber", "Email", "BankAccount", "Case",
                     "Signal", "Measure", "Document"}
REQUIRED_RELATIONS = {"registered_at", "located_at", "director_of", "owner_of", "shareholder_of", "ubo_of",
                      "employed_by", "family_of", "associate_of", "uses", "involved_in", "subject_of"}


def test_schema_declares_required_types_with_both_labels() -> None:
    s = default_schema()
    assert set(s.entities) >= REQUIRED_ENTITIES
    assert set(s.relations) >= REQUIRED_RELATIONS
    for t in [*s.entities.values(), *s.relations.values()]:
        assert t.label.get("nl") and t.label.get("en"), t.name
        for p in t.properties.values():
            assert p.label.get("nl") and p.label.get("en"), (t.name, p.name)


def test_identity_properties() -> None:
    s = default_schema()
    assert s.entities["Company"].identity == ("kvk_number",)
    assert s.entities["Address"].identity[:4] == ("postcode", "house_number", "house_letter",
                                                   "house_number_addition")
    assert s.entities["BankAccount"].identity == ("iban",)
    assert s.entities["Vehicle"].identity == ("plate",)


def test_person_has_no_bsn_by_default_and_bsn_is_not_searchable() -> None:
    s = default_schema()
    assert "bsn" not in s.entities["Person"].search_properties


@pytest.mark.parametrize(("func", "raw", "canonical"), [
    (ids.kvk_number, 1234567, "01234567"),
    (ids.kvk_number, "6912 3456", "69123456"),
    (ids.establishment_number, "123", "000000000123"),
    (ids.postcode, "7607ab", "7607 AB"),
    (ids.postcode, " 1012  jk ", "1012 JK"),
    (ids.iban, "nl91 abna 0417 1643 00", "NL91ABNA0417164300"),
    (ids.plate, "12-abc-3", "12ABC3"),
    (ids.phone, "06-12345678", "+31612345678"),
    (ids.phone, "0031 20 1234567", "+31201234567"),
    (ids.date, "31-12-2024", "2024-12-31"),
    (ids.date, "2024-02-29", "2024-02-29"),
    (ids.date, "20240105", "2024-01-05"),
    (ids.email, " Info@Example.NL ", "info@example.nl"),
])
def test_canonical_forms(func, raw, canonical) -> None:
    assert func(raw) == canonical


@pytest.mark.parametrize(("func", "raw"), [
    (ids.kvk_number, "123456789"), (ids.postcode, "0123 AB"), (ids.postcode, "1234"),
    (ids.iban, "NL91ABNA0417164301"), (ids.date, "31-02-2024"), (ids.date, "gisteren"),
    (ids.plate, "A"), (ids.email, "geen-adres"), (ids.phone, "12"),
])
def test_bad_values_raise_validation_error(func, raw) -> None:
    with pytest.raises(ValidationError):
        func(raw)


def test_validation_error_names_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        default_schema().prepare_entity(Entity(type="Company", properties={"kvk_number": "12x3456789"}))
    assert info.value.field == "kvk_number"


def test_unknown_type_and_property_are_schema_errors() -> None:
    s = default_schema()
    with pytest.raises(SchemaError, match="Spaceship"):
        s.prepare_entity(Entity(type="Spaceship"))
    with pytest.raises(SchemaError, match="warp"):
        s.prepare_entity(Entity(type="Person", properties={"warp": 9}))


def test_relation_endpoint_types_are_checked() -> None:
    s = default_schema()
    rel = Relation(type="director_of", source_id="add-0000000000000001", target_id="com-0000000000000002")
    with pytest.raises(SchemaError, match="cannot start at a Address"):
        s.prepare_relation(rel, "Address", "Company")


def test_ids_are_stable_and_derived_from_identity() -> None:
    s = default_schema()
    a = s.prepare_entity(Entity(type="Company", properties={"kvk_number": "1234567", "name": "A"}))
    b = s.prepare_entity(Entity(type="Company", properties={"kvk_number": "01234567", "name": "B"},
                                provenance=Provenance(source="other")))
    assert a.id == b.id and a.id.startswith("com-")
    x = s.prepare_entity(Entity(type="Address", properties={"postcode": "7607ab", "house_number": "12"}))
    y = s.prepare_entity(Entity(type="Address", properties={"postcode": "7607 AB", "house_number": 12,
                                                            "street": "Hoofdstraat"}))
    assert x.id == y.id
    z = s.prepare_entity(Entity(type="Address", properties={"postcode": "7607 AB", "house_number": 12,
                                                            "house_letter": "a"}))
    assert z.id != x.id


def test_undirected_relation_id_ignores_direction() -> None:
    s = default_schema()
    r1 = s.prepare_relation(Relation(type="family_of", source_id="per-00000000000000aa",
                                     target_id="per-00000000000000bb"), "Person", "Person")
    r2 = s.prepare_relation(Relation(type="family_of", source_id="per-00000000000000bb",
                                     target_id="per-00000000000000aa"), "Person", "Person")
    assert r1.id == r2.id


def test_id_round_trip_and_rejects_garbage() -> None:
    assert parse_id(format_id("per", 12345)) == 12345
    for bad in ("per-xyz", "nothing", "per-0123456789abcdeg", ""):
        with pytest.raises(ValidationError):
            parse_id(bad)


def test_grading_and_label_are_validated() -> None:
    s = default_schema()
    with pytest.raises(ValidationError, match="reliability"):
        s.prepare_entity(Entity(type="Person", properties={"name": "A"}, reliability="G"))
    with pytest.raises(ValidationError, match="credibility"):
        s.prepare_entity(Entity(type="Person", properties={"name": "A"}, credibility="7"))
    with pytest.raises(ValidationError, match="security label"):
        s.prepare_entity(Entity(type="Person", properties={"name": "A"}, label="geheim"))
    with pytest.raises(ValidationError, match="before"):
        s.prepare_entity(Entity(type="Person", properties={"name": "A"}, valid_from="2024-01-02",
                                valid_to="01-01-2024"))


def test_schema_file_errors_are_reported(tmp_path) -> None:
    bad = tmp_path / "schema.yaml"
    bad.write_text("entities:\n  X:\n    identity: [nope]\n    properties: {}\nrelations: {}\n")
    with pytest.raises(SchemaError, match="nope"):
        Schema.load(bad)


@pytest.mark.parametrize("raw", ["A1234567", "12x34567", "kvk 1234"])
def test_letters_in_a_kvk_number_are_refused_not_dropped(raw) -> None:
    with pytest.raises(ValidationError):
        ids.kvk_number(raw)
