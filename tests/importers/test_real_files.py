"""Issue 12: importers on real-shaped files. KvK JSON shaped as the specs in ../shared/kvk/ (and
the KvK test environment's habits: `huisnummerToevoeging: "A"`, padded `volledigAdres`), a case
CSV naming the same addresses, header-less edge lists, an adjacency matrix (CSV, XLSX, Pajek)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from graph.model import Entity, Provenance
from graph.store import Caller
from graph.stores.sqlite_store import SQLiteStore
from importers.case_import import import_table_file
from importers.errors import ImportDataError, SpecError
from importers.kvk import import_kvk_files
from importers.spec import load_spec, loads_spec

DATA = Path(__file__).parent / "data"
TOEVOEGING = DATA / "kvk_basisprofiel_toevoeging.json"


def _by_caption(store: SQLiteStore, type_name: str) -> dict[str, Entity]:
    return {e.caption: e for e in store.iter_entities(type_name)}


# -- point 1: one address stays one address ---------------------------------------------------------------------
def test_kvk_toevoeging_and_case_csv_make_one_address(store: SQLiteStore) -> None:
    """KvK `huisnummer 3, huisnummerToevoeging A` and a CSV's `Hizzaarderlaan 3A` are one Address;
    `huisletter A, toevoeging 1` and `3-A1` / `3 A 1` are one other Address."""
    import_kvk_files(store, [TOEVOEGING])
    kvk_ids = {e.id for e in store.iter_entities("Address")}
    assert len(kvk_ids) == 2
    result = import_table_file(store, DATA / "casus_adressen.csv", load_spec(DATA / "casus_adressen.yaml"))
    assert result.rejected == 0
    assert {e.id for e in store.iter_entities("Address")} == kvk_ids  # no second Address for any of them
    addresses = _by_caption(store, "Address")
    assert set(addresses) == {"Hizzaarderlaan 3A, 8731 AB Lollum", "Hizzaarderlaan 3A-1, 8731 AB Lollum"}
    assert addresses["Hizzaarderlaan 3A, 8731 AB Lollum"].properties.get("house_number_addition") is None
    # every case person lives at one of the KvK's addresses
    lives = {(r.source_id, r.target_id) for r in store.iter_relations("registered_at")}
    assert {t for _, t in lives} == kvk_ids and len(lives) == 3  # Karel at 3A and 3A-1, Sanne at 3A-1


def test_csv_first_then_kvk_gives_the_same_ids(tmp_path: Path) -> None:
    """The order of the sources does not matter: the id comes from the same canonical parts."""
    ids = []
    for order in ("kvk-first", "csv-first"):
        store = SQLiteStore(tmp_path / f"{order}.knp", create=True)
        steps = [lambda s: import_kvk_files(s, [TOEVOEGING]),
                 lambda s: import_table_file(s, DATA / "casus_adressen.csv", load_spec(DATA / "casus_adressen.yaml"))]
        for step in steps if order == "kvk-first" else reversed(steps):
            step(store)
        ids.append(sorted(e.id for e in store.iter_entities("Address")))
        store.close()
    assert ids[0] == ids[1] and len(ids[0]) == 2


# -- point 2: a partial address is a property --------------------------------------------------------------------
def test_zoeken_partial_addresses_are_places_not_entities(store: SQLiteStore, tmp_path: Path) -> None:
    doc = {"resultaten": [
        {"kvkNummer": "69599084", "naam": "Test EMZ Dagobert", "type": "hoofdvestiging", "vestigingsnummer":
         "000038509504", "adres": {"binnenlandsAdres": {"type": "bezoekadres", "straatnaam": "Hoofdstraat",
                                                        "plaats": "Almelo"}}},
        {"kvkNummer": "69599084", "naam": "Test EMZ Dagobert", "type": "nevenvestiging", "vestigingsnummer":
         "000038509505", "adres": {"binnenlandsAdres": {"type": "bezoekadres", "plaats": "Almelo"}}},
        {"kvkNummer": "90004973", "naam": "Autobedrijf Snel", "type": "hoofdvestiging",
         "adres": {"binnenlandsAdres": {"type": "bezoekadres", "plaats": "Almelo"}}},
    ]}
    path = tmp_path / "zoeken.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    import_kvk_files(store, [path])
    assert list(store.iter_entities("Address")) == []
    assert list(store.iter_relations("located_at")) == []
    dagobert = _by_caption(store, "Company")["Test EMZ Dagobert"]
    assert dagobert.properties["places"] == ["Almelo", "Hoofdstraat, Almelo"]


# -- point 4: the KvK shapes -------------------------------------------------------------------------------------
def test_naamgeving_keeps_its_names_establishments_and_dates(store: SQLiteStore) -> None:
    import_kvk_files(store, [DATA / "kvk_naamgeving.json"])
    (company,) = store.iter_entities("Company")
    p = company.properties
    assert p["name"] == "Stichting Test Dagobert"
    assert p["trade_names"] == ["Dagobert Buurthuis", "Test Stichting Dagobert"]
    assert p["aliases"] == ["Dagobert Fonds", "Dagobert Inloophuis", "Het Inloophuis"]
    assert p["establishment_number"] == ["000038509490", "000038509512"]
    assert company.valid_from == "2015-06-01"  # `20150600`: day unknown


def test_basisprofiel_fields_an_analyst_uses(store: SQLiteStore) -> None:
    import_kvk_files(store, [TOEVOEGING])
    (company,) = store.iter_entities("Company")
    p = company.properties
    assert p["non_mailing"] is False
    assert p["sbi_descriptions"] == ["6420 Financiële holdings"]
    assert p["establishments"] == ["000038509520 Test BV Donald, ingeschreven 2017-10-11"]


def test_zoeken_v1_names_activity_and_address_kind(store: SQLiteStore) -> None:
    import_kvk_files(store, [DATA / "kvk_zoeken_v1.json"])
    companies = _by_caption(store, "Company")
    donald = companies["Test BV Donald"]
    assert donald.properties["active"] is True and donald.properties["former_names"] == ["Donald Eend Handel"]
    assert companies["Test EMZ Dagobert"].properties["active"] is False
    (located,) = store.iter_relations("located_at")
    assert located.properties["kind"] == "bezoekadres"  # not the result's `type` (hoofdvestiging)


def test_unknown_shape_and_error_body_are_refused(store: SQLiteStore, tmp_path: Path) -> None:
    path = tmp_path / "fout.json"
    path.write_text(json.dumps({"fout": [{"code": "IPD5200", "omschrijving": "Geen resultaten gevonden"}]}))
    with pytest.raises(ImportDataError, match="KvK error answer, not data: IPD5200: Geen resultaten gevonden"):
        import_kvk_files(store, [path])
    path.write_text(json.dumps({"kvkNummer": "69599084", "onbekend": 1}))
    with pytest.raises(ImportDataError, match=r"not a KvK .* document \(fields: kvkNummer, onbekend\)"):
        import_kvk_files(store, [path])
    assert store.counts() == {}


# -- point 5 / issue 19: a confidential row does not relabel a public company ------------------------------------
def test_confidential_case_row_keeps_the_public_company_open(store: SQLiteStore) -> None:
    import_kvk_files(store, [TOEVOEGING])
    company = _by_caption(store, "Company")["Test BV Donald"]
    import_table_file(store, DATA / "casus_adressen.csv", load_spec(DATA / "casus_adressen.yaml"))
    after = store.get_entity(company.id)
    assert after.label == "open" and after.grading == company.grading == "A1"
    assert after.properties == company.properties and after.updated_at == company.updated_at
    assert all(a.label == "open" for a in store.iter_entities("Address"))
    # The case file's word is kept as its own, confidential, statements (issue 19: no longer left out).
    said = {(s.source, s.prop, s.label, s.grading) for s in store.statements(company.id)}
    assert ("Casusregistratie RIEC", "kvk_number", "confidential", "B2") in said
    assert ("KvK Handelsregister", "kvk_number", "open", "A1") in said
    assert [(s.source, s.credibility) for s in store.sources(company.id)] == [("KvK Handelsregister", "1"),
                                                                               ("Casusregistratie RIEC", "2")]
    public = store.with_caller(Caller(user="open", clearance=frozenset({"open"})))
    assert [s.source for s in public.sources(company.id)] == ["KvK Handelsregister"]  # no confidential source
    assert {s.label for s in public.statements(company.id)} == {"open"}
    involved = [r for r in store.iter_relations("involved_in") if r.source_id == company.id]
    assert involved and all(r.label == "confidential" for r in involved)  # the confidential fact
    assert all(c.label == "confidential" for c in store.iter_entities("Case"))


# -- point 3 and 7: network files ---------------------------------------------------------------------------------
def test_headerless_edge_list_of_weighted_calls(store: SQLiteStore) -> None:
    result = import_table_file(store, DATA / "belgegevens.csv", load_spec(DATA / "belgegevens.yaml"))
    assert result.warnings == []
    persons = _by_caption(store, "Person")
    assert set(persons) == {"Nabil Almarabh", "Karel Bakker", "Sanne Vos"}  # one per name, not one per cell
    calls = {(r.source_id, r.target_id): r for r in store.iter_relations("contacted")}
    nabil, karel = persons["Nabil Almarabh"].id, persons["Karel Bakker"].id
    assert calls[(nabil, karel)].properties == {"count": 14, "kind": "gebeld"}
    assert calls[(karel, nabil)].properties["count"] == 3  # directed: both ways are two ties
    assert len(calls) == 3 and all(r.label == "police-wpg" for r in calls.values())


def test_self_tie_in_an_edge_list_is_said(store: SQLiteStore, tmp_path: Path) -> None:
    """A published network may hold a tie of a node to itself: kept as given, never silently."""
    rows = (DATA / "belgegevens.csv").read_text(encoding="utf-8").splitlines()
    first = rows[0].split(";")
    rows.append(";".join([first[0], first[0], *first[2:]]))  # the first caller calls themselves
    edges = tmp_path / "belgegevens.csv"
    edges.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = import_table_file(store, edges, load_spec(DATA / "belgegevens.yaml"))
    assert result.warnings == [f"belgegevens.csv: 1 relation from an entity to itself (row {len(rows)}): "
                               "imported as the file gives them; check the file"]
    assert sum(r.source_id == r.target_id for r in store.iter_relations("contacted")) == 1


def test_meetings_with_dates(store: SQLiteStore) -> None:
    import_table_file(store, DATA / "ontmoetingen.csv", load_spec(DATA / "ontmoetingen.yaml"))
    dates = sorted(r.valid_from or "" for r in store.iter_relations("contacted"))
    assert dates == ["2024-03-02", "2024-03-16", "2024-03-16"]


def test_one_entity_per_cell_is_said_in_dry_run_and_summary(store: SQLiteStore, tmp_path: Path) -> None:
    spec = loads_spec("""
source: Gepubliceerd netwerk
header_row: 0
entities:
  a: {type: Person, properties: {name: 1}}
  b: {type: Person, properties: {name: 2}}
relations: [{type: associate_of, from: a, to: b}]
""")
    for dry_run in (True, False):
        result = import_table_file(store, DATA / "belgegevens.csv", spec, dry_run=dry_run)
        assert len(result.warnings) == 2
        assert "entity 'a' (Person) has no `reference` and no identifier (bsn): every row makes a new Person " \
               "(4 made)" in result.warnings[0]
    assert len(list(store.iter_entities("Person"))) == 8


@pytest.mark.parametrize("name", ["netwerk_matrix.csv", "netwerk_matrix.xlsx", "netwerk.net"])
def test_adjacency_matrix_csv_xlsx_and_pajek(store: SQLiteStore, tmp_path: Path, name: str) -> None:
    path = DATA / name
    if name.endswith(".xlsx"):  # the same matrix as a workbook, as UCINET exports it to Excel
        path = tmp_path / name
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        for line in (DATA / "netwerk_matrix.csv").read_text(encoding="utf-8").splitlines():
            sheet.append([int(c) if c.isdigit() else (c or None) for c in line.split(";")])
        book.save(path)
    result = import_table_file(store, path, load_spec(DATA / "netwerk_matrix.yaml"))
    persons = _by_caption(store, "Person")
    assert set(persons) == {"Nabil Almarabh", "Karel Bakker", "Sanne Vos", "Piet de Wit"}
    ties = {frozenset((r.source_id, r.target_id)): r.properties.get("weight")
            for r in store.iter_relations("associate_of")}
    pair = frozenset((persons["Nabil Almarabh"].id, persons["Karel Bakker"].id))
    assert pair in ties
    if name != "netwerk.net":  # a symmetric matrix: each undirected tie once
        assert len(ties) == 3 and ties[pair] == 3
        assert result.rows == 6
    else:
        assert ties[pair] in (3, 14)


def test_matrix_cell_that_is_no_number_names_row_and_column(store: SQLiteStore, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(";Jan;Piet\nJan;0;x\nPiet;1;0\n", encoding="utf-8")
    with pytest.raises(ImportDataError, match=r"m.csv: row 2, column 'Piet': a matrix cell must be a number"):
        import_table_file(store, path, load_spec(DATA / "netwerk_matrix.yaml"))
    assert store.counts() == {}


def test_matrix_spec_errors() -> None:
    with pytest.raises(SpecError, match=r"matrix.value: associate_of has no number property 'nature'"):
        loads_spec("source: x\nmatrix: {entity: Person, relation: associate_of, value: nature}")
    with pytest.raises(SpecError, match=r"matrix.relation: located_at cannot link Person to Person"):
        loads_spec("source: x\nmatrix: {entity: Person, relation: located_at}")


def test_edge_list_end_with_an_identifier(store: SQLiteStore, tmp_path: Path) -> None:
    """An end named by an identifier (a phone number) merges with what other sources know."""
    store.upsert_entities([Entity(type="PhoneNumber", properties={"number": "0612345678"},
                                  provenance=Provenance(source="eerder"))])
    path = tmp_path / "verkeer.csv"
    path.write_text("06-12345678;+31 6 87654321;2\n", encoding="utf-8")
    spec = loads_spec("""
source: Verkeersgegevens
header_row: 0
relations:
  - {type: contacted, from: {type: PhoneNumber, column: 1}, to: {type: PhoneNumber, column: 2},
     properties: {count: 3}}
""")
    import_table_file(store, path, spec)
    assert sorted(e.properties["number"] for e in store.iter_entities("PhoneNumber")) == ["+31612345678",
                                                                                          "+31687654321"]


def test_partial_addresses_in_tables(store: SQLiteStore, tmp_path: Path) -> None:
    """A KvK table's city-only address is the company's place; a case file's is no Address, and it says so."""
    kvk = tmp_path / "kvk_tabel.csv"
    kvk.write_text("KvK-nummer;Statutaire naam;Straat;Huisnummer;Postcode;Plaats\n"
                   "69599084;Test EMZ Dagobert;;;;Almelo\n"
                   "90004973;Autobedrijf Snel;Hoofdstraat;3;7607AB;Almelo\n", encoding="utf-8")
    import_kvk_files(store, [kvk])
    companies = _by_caption(store, "Company")
    assert companies["Test EMZ Dagobert"].properties["places"] == ["Almelo"]
    assert [a.caption for a in store.iter_entities("Address")] == ["Hoofdstraat 3, 7607 AB Almelo"]
    case = tmp_path / "casus.csv"
    case.write_text("Naam;Adres\nJan de Vries;Almelo\nPiet Jansen;Almelo\nSanne Vos;Hoofdstraat 3, 7607 AB Almelo\n",
                    encoding="utf-8")
    spec = loads_spec("""
source: Casus
entities:
  person: {type: Person, reference: [Naam], properties: {name: Naam}}
  address: {type: Address, address: Adres}
relations: [{type: registered_at, from: person, to: address}]
""")
    result = import_table_file(store, case, spec)
    assert len(list(store.iter_entities("Address"))) == 1  # no Address "Almelo" shared by two persons
    assert len(list(store.iter_relations("registered_at"))) == 1
    assert result.warnings == ["casus.csv: column 'Adres': 1 distinct address text names no postcode + house "
                               "number (nor street + number + city), e.g. 'Almelo': no address (Address) made for "
                               "it; map that column to a property to keep it"]


def test_a_relation_that_no_row_makes_is_said(store: SQLiteStore, tmp_path: Path) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text("Naam;Bedrijf\nJan de Vries;\nPiet Jansen;\n", encoding="utf-8")
    spec = loads_spec("""
source: Casus
entities:
  person: {type: Person, reference: [Naam], properties: {name: Naam}}
  company: {type: Company, properties: {name: Bedrijf}, reference: [Bedrijf]}
relations: [{type: employed_by, from: person, to: company}]
""")
    result = import_table_file(store, path, spec, dry_run=True)
    assert result.warnings == ["lijst.csv: relations[0] (employed_by, person -> company) made no relation: no row "
                               "has both ends"]


def test_confidential_values_for_an_open_company_are_kept_as_claims(store: SQLiteStore, tmp_path: Path) -> None:
    import_kvk_files(store, [TOEVOEGING])
    path = tmp_path / "tip.csv"
    path.write_text("KvK-nummer;Bedrijfsnaam;Zaak\n69599076;Donald Witwas BV;Z-1\n", encoding="utf-8")
    spec = loads_spec("""
source: Tipgever
label: confidential
entities:
  company: {type: Company, properties: {kvk_number: KvK-nummer, name: Bedrijfsnaam}}
  case: {type: Case, properties: {case_number: Zaak}}
relations: [{type: involved_in, from: company, to: case}]
""")
    result = import_table_file(store, path, spec)
    company = _by_caption(store, "Company")["Test BV Donald"]
    assert company.label == "open" and company.properties["name"] == "Test BV Donald"
    assert result.warnings == []  # issue 19: nothing left out, so nothing to warn about
    claims = [(s.value, s.source, s.label, s.grading) for s in store.statements(company.id) if s.prop == "name"]
    assert sorted(claims) == [("Donald Witwas BV", "Tipgever", "confidential", "--"),
                              ("Test BV Donald", "KvK Handelsregister", "open", "A1")]
    (rel,) = store.iter_relations("involved_in")
    assert rel.source_id == company.id and rel.label == "confidential"
