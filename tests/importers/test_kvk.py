"""KvK import: the API's JSON shapes (Zoeken, Basisprofiel, Vestigingsprofiel), shielded and foreign
addresses, bulk tables of companies and functionarissen, errors with the field path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.risk import BRANCH_LABELS, branches_for, default_rules
from graph.stores.sqlite_store import SQLiteStore
from importers.errors import ImportDataError
from importers.kvk import KVK_FIELDS, import_kvk_files, shape_of, table_kind

DATA = Path(__file__).parent / "data"
BASIS = DATA / "kvk_basisprofiel.json"
ZOEKEN = DATA / "kvk_zoeken.json"
VESTIGING = DATA / "kvk_vestigingsprofiel.json"


def _company(store: SQLiteStore, kvk: str):
    return next(c for c in store.iter_entities("Company") if c.properties["kvk_number"] == kvk)


def _addresses_of(store: SQLiteStore, company_id: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in store.relations_of(company_id, ["located_at"]):
        out.setdefault(r.properties["kind"], []).append(store.get_entity(r.target_id))
    return out


def test_shapes_are_recognised() -> None:
    assert shape_of(json.loads(BASIS.read_text())) == "basisprofiel"
    assert shape_of(json.loads(ZOEKEN.read_text())) == "zoeken"
    assert shape_of(json.loads(VESTIGING.read_text())) == "vestigingsprofiel"
    assert shape_of({"foo": 1}) == "" and shape_of([1]) == ""


def test_basisprofiel(store: SQLiteStore) -> None:
    import_kvk_files(store, [BASIS])
    c = _company(store, "69599084")
    p = c.properties
    assert p["name"] == "Test EMZ Dagobert B.V."
    assert p["trade_names"] == ["Café De Gouden Leeuw", "Test EMZ Dagobert"]
    assert p["rsin"] == "858089678" and p["legal_form"] == "Besloten Vennootschap"
    assert p["sbi_codes"] == ["56101", "9604"] and p["main_sbi"] == "56101"
    assert p["risk_branches"] == ["beauty_care", "hospitality"]
    assert p["registration_date"] == "2017-10-10" and c.valid_from == "2017-10-01"
    assert p["employees"] == 4 and p["establishment_number"] == ["000038509504"]
    assert p["website"] == ["www.goudenleeuw.example"]
    # the postadres is shielded (indAfgeschermd Ja): no Address, but recorded
    assert p["shielded_addresses"] == ["postadres"]
    addresses = _addresses_of(store, c.id)
    assert set(addresses) == {"bezoekadres"}
    kinds = {a.properties.get("country", "NL"): a for a in addresses["bezoekadres"]}
    nl = kinds["NL"].properties
    assert (nl["street"], nl["house_number"], nl["house_letter"], nl["postcode"], nl["city"]) == (
        "Hoofdstraat", 12, "A", "7607 AB", "Almelo")
    be = kinds["BE"].properties  # the owner's foreign address: street + number + city + country
    assert (be["street"], be["house_number"], be["city"], be.get("postcode")) == ("Rue de la Loi", 16, "Brussel", None)
    assert be["postal_code"] == "1000"  # the foreign postcode as written (`postcode` is the Dutch one only)
    assert c.provenance is not None and c.provenance.source == "KvK Handelsregister"
    assert c.provenance.reference == "basisprofiel/69599084" and c.grading == "A1"


def test_zoeken_with_foreign_shielded_and_po_box(store: SQLiteStore) -> None:
    (result,) = import_kvk_files(store, [ZOEKEN])
    assert result.rows == 1
    dagobert = _company(store, "69599084")
    assert dagobert.properties["name"] == "Test EMZ Dagobert B.V."  # from the rechtspersoon result
    assert dagobert.properties["trade_names"] == ["Test EMZ Dagobert"]  # the hoofdvestiging's naam
    countries = sorted(a.properties.get("country", "NL") for a in _addresses_of(store, dagobert.id)["bezoekadres"])
    assert countries == ["BE", "NL"]
    snel = _addresses_of(store, _company(store, "90004973").id)
    assert snel["postadres"][0].properties == {"po_box": 123, "postcode": "7600 AA", "city": "Almelo",
                                              "full": "Postbus 123, 7600 AA Almelo"}
    kapsalon = _company(store, "90004974")
    assert kapsalon.properties["shielded_addresses"] == ["bezoekadres"]
    assert store.relations_of(kapsalon.id) == []


def test_three_shapes_make_one_company_and_shared_addresses(store: SQLiteStore) -> None:
    import_kvk_files(store, [BASIS, ZOEKEN, VESTIGING])
    assert store.counts()["Company"] == 3
    # Basisprofiel and Zoeken describe the same visiting and foreign address: merged, not doubled
    assert store.counts()["Address"] == 4  # Hoofdstraat 12A, Rue de la Loi 16, Postbus 123, Industrieweg 7
    snel = _company(store, "90004973").properties
    assert snel["trade_names"] == ["Autobedrijf Snel", "Snel Occasions"]
    assert snel["risk_branches"] == ["automotive"] and snel["employees"] == 3


def test_same_files_twice_change_nothing(store: SQLiteStore) -> None:
    files = [BASIS, ZOEKEN, VESTIGING, DATA / "kvk_functionarissen.csv", DATA / "kvk_bedrijven.csv"]
    import_kvk_files(store, files)
    for r in import_kvk_files(store, files):
        assert (r.entities.created, r.entities.updated, r.relations.created, r.relations.updated) == (0, 0, 0, 0)


def test_json_array_and_json_lines(store: SQLiteStore, tmp_path: Path) -> None:
    docs = [json.loads(BASIS.read_text()), json.loads(VESTIGING.read_text())]
    (tmp_path / "profielen.json").write_text(json.dumps(docs), encoding="utf-8")
    (tmp_path / "profielen.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    (a,) = import_kvk_files(store, [tmp_path / "profielen.json"])
    (b,) = import_kvk_files(store, [tmp_path / "profielen.jsonl"])
    assert a.rows == b.rows == 2 and b.entities.created == 0


def test_functionarissen_table(store: SQLiteStore) -> None:
    (result,) = import_kvk_files(store, [DATA / "kvk_functionarissen.csv"])
    assert result.rows == 4
    jan = [p for p in store.iter_entities("Person") if p.caption == "Jan de Vries"]
    assert len(jan) == 1 and jan[0].properties["birth_date"] == "1975-07-12"
    rels = {(r.type, store.get_entity(r.target_id).properties["kvk_number"]): r for r in store.relations_of(jan[0].id)}
    director = rels[("director_of", "69599084")]
    assert director.properties == {"role": "Bestuurder", "authority": "Alleen/zelfstandig bevoegd"}
    assert director.valid_from == "2017-10-01" and director.valid_to is None
    assert rels[("director_of", "90004973")].valid_to == "2022-12-31"
    holding = _company(store, "01234567")  # a legal person as functionaris (enig aandeelhouder)
    assert [r.type for r in store.relations_of(holding.id)] == ["shareholder_of"]
    owner = next(p for p in store.iter_entities("Person") if p.caption == "Ahmet Kaya")
    assert [r.type for r in store.relations_of(owner.id)] == ["owner_of"]


def test_companies_table_lands_on_the_api_address(store: SQLiteStore) -> None:
    import_kvk_files(store, [BASIS])
    before = store.counts()["Address"]
    (result,) = import_kvk_files(store, [DATA / "kvk_bedrijven.csv"])
    assert result.rows == 2
    assert store.counts()["Address"] == before + 1  # Hoofdstraat 12A is the API's; Havenweg 3 bis is new
    recycling = _company(store, "12345678").properties
    assert recycling["risk_branches"] == ["recycling", "waste_processing"]
    havenweg = _addresses_of(store, _company(store, "12345678").id)["bezoekadres"][0].properties
    assert (havenweg["house_number"], havenweg.get("house_number_addition"), havenweg["postcode"]) == (
        3, "BIS", "7609 PA")


def test_error_names_file_record_and_field_and_rolls_back(store: SQLiteStore, tmp_path: Path) -> None:
    doc = json.loads(BASIS.read_text())
    doc["_embedded"]["hoofdvestiging"]["adressen"][0]["postcode"] = "76O7AB"  # letter O for zero
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([json.loads(VESTIGING.read_text()), doc]), encoding="utf-8")
    with pytest.raises(ImportDataError) as info:
        import_kvk_files(store, [BASIS, bad])
    err = info.value
    assert (Path(err.file or "").name, err.row, err.field) == (
        "bad.json", 2, "_embedded.hoofdvestiging.adressen[0].postcode")
    assert "76O7AB" in str(err)
    assert store.counts() == {}  # the good first file was rolled back with it


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "not valid JSON"),
    ('{"foo": 1}', "not a KvK Zoeken, Basisprofiel, Vestigingsprofiel or Naamgeving document"),
    ('{"kvkNummer": "69599084"}', "not a KvK Zoeken, Basisprofiel, Vestigingsprofiel or Naamgeving document"),
    ('{"kvkNummer": "123456789", "statutaireNaam": "x"}', "not 8 digits"),
    ('{"kvkNummer": "' + "1" * 5000 + '", "naam": "x"}', "not 8 digits"),
    ('{"fout": [{"code": "IPD0004", "omschrijving": "Het KvK-nummer is niet valide"}]}',
     "KvK error answer, not data: IPD0004: Het KvK-nummer is niet valide"),
    ('{"resultaten": [{"naam": "x"}]}', "kvkNummer is missing"),
    ('{"kvkNummer": "69599084", "sbiActiviteiten": "56101"}', "expected a list"),
])
def test_malformed_documents(store: SQLiteStore, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "doc.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportDataError, match=message):
        import_kvk_files(store, [path])


def test_kvk_dates_with_unknown_parts(store: SQLiteStore, tmp_path: Path) -> None:
    doc = {"kvkNummer": "69599084", "formeleRegistratiedatum": "20150100",
           "materieleRegistratie": {"datumAanvang": "20150000"}}
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    import_kvk_files(store, [path])
    c = _company(store, "69599084")
    assert c.properties["registration_date"] == "2015-01-01" and c.valid_from is None


def test_dry_run(store: SQLiteStore) -> None:
    results = import_kvk_files(store, [BASIS, ZOEKEN], dry_run=True)
    assert all(r.dry_run for r in results) and results[0].entities.created == 3
    assert store.counts() == {}


def test_table_kind_and_field_map() -> None:
    assert table_kind(["KvK-nummer", "Functie", "Achternaam"]) == "functionarissen"
    assert table_kind(["KVK nummer", "Statutaire naam"]) == "companies"
    assert table_kind(["Naam"]) == ""
    paths = {p for _, p, _ in KVK_FIELDS}
    for name in ("kvkNummer", "statutaireNaam", "formeleRegistratiedatum", "_embedded.eigenaar.rsin",
                 "_embedded.hoofdvestiging.adressen[]", "indAfgeschermd", "huisnummerToevoeging", "eersteHandelsnaam"):
        assert name in paths


def test_every_risk_branch_has_sbi_rules() -> None:
    rules = default_rules()
    assert {r.branch for r in rules} == set(BRANCH_LABELS)
    assert branches_for(["47789"]) == ["drugs_related", "fireworks"]
    assert branches_for(["56101"]) == ["hospitality"]
    assert branches_for(["6201"]) == []


def _profile_with(adres: dict, tmp_path: Path) -> Path:
    doc = json.loads(BASIS.read_text())
    doc["_embedded"]["hoofdvestiging"]["adressen"] = [adres]
    path = tmp_path / "profiel.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_dutch_address_with_combined_fields_keeps_postcode_and_bag_id(store: SQLiteStore, tmp_path: Path) -> None:
    """The Basisprofiel's Adres may carry straatHuisnummer/postcodeWoonplaats on a Dutch address too;
    its postcode (part of the address's identity) and the BAG id must not be dropped."""
    adres = {"type": "bezoekadres", "indAfgeschermd": "Nee", "straatnaam": "Kanaalstraat", "huisnummer": 101,
             "huisletter": "B", "postcode": "3531CJ", "plaats": "Utrecht", "land": "Nederland",
             "straatHuisnummer": "Kanaalstraat 101 B", "postcodeWoonplaats": "3531CJ Utrecht",
             "geoData": {"addresseerbaarObjectId": "0344010000099999", "nummerAanduidingId": "0344200000099999"}}
    import_kvk_files(store, [_profile_with(adres, tmp_path)])
    visits = _addresses_of(store, _company(store, "69599084").id)["bezoekadres"]
    [address] = [a for a in visits if a.properties.get("street") == "Kanaalstraat"]
    assert address.properties["postcode"] == "3531 CJ"
    assert address.properties["house_number"] == 101 and address.properties["house_letter"] == "B"
    assert address.properties["bag_id"] == "0344200000099999"

