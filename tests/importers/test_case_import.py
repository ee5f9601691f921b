"""Case-data import with saved specifications: real-shaped CSV (Windows-1252, `;`, Dutch dates,
UTF-8 BOM) and a two-sheet .xlsx; one transaction; errors with file/row/column; dry run; idempotence."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.stores.sqlite_store import SQLiteStore
from importers.case_import import import_table_file
from importers.errors import ImportDataError
from importers.kvk import import_kvk_files
from importers.spec import load_spec, loads_spec

DATA = Path(__file__).parent / "data"
MELDINGEN = load_spec("meldingen")  # the packaged example spec, by name


def _entities(store: SQLiteStore, type_name: str) -> list:
    return list(store.iter_entities(type_name))


def test_cp1252_semicolon_dutch_dates(store: SQLiteStore) -> None:
    result = import_table_file(store, DATA / "meldingen_cp1252.csv", MELDINGEN)
    assert result.rows == 4 and result.rejected == 0
    names = {p.caption: p for p in _entities(store, "Person")}
    assert set(names) == {"Jan de Vries", "Özlem Yilmaz", "Piet Müller"}  # decoded as Windows-1252
    assert names["Jan de Vries"].properties["birth_date"] == "1975-07-12"  # dd-mm-jjjj -> ISO
    signals = {s.properties["signal_number"]: s for s in _entities(store, "Signal")}
    assert signals["M-2024-002"].properties["received"] == "2024-03-06"  # 6-3-2024 too
    assert "café" in signals["M-2024-001"].properties["summary"]
    # "Hoofdstraat 12-A bis, 7607 AB Almelo" and "Hoofdstr. 12a bis 7607AB ALMELO": one address
    addresses = {a.caption for a in _entities(store, "Address")}
    assert addresses == {"Hoofdstraat 12A-BIS, 7607 AB Almelo", "Wierdensestraat 5, 7607 GH Almelo",
                         "Postbus 123, 7600 AA Almelo"}
    companies = {c.properties["kvk_number"]: c for c in _entities(store, "Company")}
    assert companies["12345678"].properties["risk_branches"] == ["hospitality"]
    assert companies["87654321"].properties["sbi_codes"] == ["4778", "96022"]
    jan = names["Jan de Vries"]
    assert {r.type for r in store.relations_of(jan.id)} == {"registered_at", "involved_in", "director_of"}
    e = signals["M-2024-001"]
    assert e.provenance is not None and e.provenance.source == "Meldpunt Ondermijning"
    assert e.reliability == "B" and e.credibility == "2" and e.label == "confidential"
    assert [a.action for a in store.audit_entries()] == ["import"]


def test_utf8_bom_comma_csv(store: SQLiteStore) -> None:
    spec = loads_spec("""
source: Meldpunt
entities:
  signal: {type: Signal, properties: {signal_number: Meldingsnummer, received: Ontvangen}}
  person: {type: Person, properties: {name: Naam}}
  address: {type: Address, address: Adres}
  company: {type: Company, properties: {kvk_number: KvK-nummer, name: Bedrijfsnaam}}
relations:
  - {type: involved_in, from: person, to: signal}
  - {type: registered_at, from: person, to: address}
""")
    import_table_file(store, DATA / "meldingen_utf8_bom.csv", spec)
    assert {p.caption for p in _entities(store, "Person")} == {"José Fernández", "Zoë de Bruijn"}
    received = sorted(s.properties["received"] for s in _entities(store, "Signal"))
    assert received == ["2024-04-01", "2024-04-02"]  # ISO and Dutch in one column (date_format auto)
    assert len(_entities(store, "Company")) == 1


def test_xlsx_with_two_sheets(store: SQLiteStore) -> None:
    spec = load_spec(DATA / "casus_xlsx.yaml")
    result = import_table_file(store, DATA / "casus_twee_tabbladen.xlsx", spec)
    assert result.rows == 5
    counts = store.counts()
    assert counts["Person"] == 3 and counts["Company"] == 2 and counts["Case"] == 2
    kvk = sorted(c.properties["kvk_number"] for c in _entities(store, "Company"))
    assert kvk == ["01234567", "69599084"]  # the integer cell 1234567 got its leading zero back
    people = {p.caption: p for p in _entities(store, "Person")}
    assert people["Jan de Vries"].properties["birth_date"] == "1975-07-12"  # an Excel date cell
    assert people["Kees Jansen"].properties["birth_date"] == "1960-01-03"  # a text cell dd-mm-jjjj
    case17 = next(c for c in _entities(store, "Case") if c.properties["case_number"] == "C-17")
    assert len(store.relations_of(case17.id, ["involved_in"])) == 4  # 2 persons (sheet 1), 2 companies (sheet 2)


def test_bad_row_names_file_row_column_and_value_and_writes_nothing(store: SQLiteStore) -> None:
    with pytest.raises(ImportDataError) as info:
        import_table_file(store, DATA / "meldingen_bad_date.csv", MELDINGEN)
    err = info.value
    assert (Path(err.file or "").name, err.row, err.field) == ("meldingen_bad_date.csv", 3, "Ontvangen")
    assert "meldingen_bad_date.csv: row 3, column 'Ontvangen'" in str(err) and "31-02-2024" in str(err)
    assert store.counts() == {}  # rows 2 (before the bad one) were rolled back too
    assert store.audit_entries() == []


def test_reject_file_takes_bad_rows_with_reason(store: SQLiteStore, tmp_path: Path) -> None:
    rejects = tmp_path / "afgekeurd.csv"
    result = import_table_file(store, DATA / "meldingen_bad_date.csv", MELDINGEN, reject_path=rejects)
    assert result.rejected == 1 and result.rows == 4
    assert len(_entities(store, "Signal")) == 3
    with rejects.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0][:5] == ["file", "sheet", "row", "column", "reason"]
    assert rows[1][2:4] == ["3", "Ontvangen"] and "31-02-2024" in rows[1][4]
    assert "M-2024-002" in rows[1]


def test_dry_run_counts_and_writes_nothing(store: SQLiteStore) -> None:
    dry = import_table_file(store, DATA / "meldingen_cp1252.csv", MELDINGEN, dry_run=True)
    assert dry.dry_run and dry.entities.created == 14 and dry.relations.created == 18
    assert store.counts() == {} and store.audit_entries() == []
    import_table_file(store, DATA / "meldingen_cp1252.csv", MELDINGEN)
    again = import_table_file(store, DATA / "meldingen_cp1252.csv", MELDINGEN, dry_run=True)
    assert again.entities.created == 0 and again.entities.unchanged == 14


def test_same_file_twice_changes_nothing(store: SQLiteStore) -> None:
    import_table_file(store, DATA / "meldingen_cp1252.csv", MELDINGEN)
    before = store.counts()
    second = import_table_file(store, DATA / "meldingen_cp1252.csv", MELDINGEN)
    assert (second.entities.created, second.entities.updated) == (0, 0)
    assert (second.relations.created, second.relations.updated) == (0, 0)
    assert store.counts() == before


def test_xlsx_twice_changes_nothing(store: SQLiteStore) -> None:
    spec = load_spec(DATA / "casus_xlsx.yaml")
    import_table_file(store, DATA / "casus_twee_tabbladen.xlsx", spec)
    second = import_table_file(store, DATA / "casus_twee_tabbladen.xlsx", spec)
    assert (second.entities.created, second.entities.updated, second.relations.created,
            second.relations.updated) == (0, 0, 0, 0)


def test_kvk_then_case_data_gives_one_company_and_one_address(store: SQLiteStore, tmp_path: Path) -> None:
    import_kvk_files(store, [DATA / "kvk_basisprofiel.json"])
    kvk_company = next(iter(_entities(store, "Company")))
    kvk_address = next(a for a in _entities(store, "Address") if a.properties.get("postcode") == "7607 AB")
    case_csv = tmp_path / "zaak.csv"
    case_csv.write_text("Zaak;Bedrijf;KvK;Vestigingsadres\n"
                        "Z-1;Dagobert;69.599.084;HOOFDSTR. 12a, 7607AB ALMELO\n", encoding="cp1252")
    spec = loads_spec("""
source: Zaaksysteem
entities:
  case: {type: Case, properties: {case_number: Zaak}}
  company: {type: Company, properties: {kvk_number: KvK, trade_names: Bedrijf}}
  address: {type: Address, address: Vestigingsadres}
relations:
  - {type: involved_in, from: company, to: case}
  - {type: located_at, from: company, to: address, properties: {kind: {value: bezoekadres}}}
""")
    result = import_table_file(store, case_csv, spec)
    assert result.entities.created == 1  # only the case is new
    assert [c.id for c in _entities(store, "Company")] == [kvk_company.id]
    assert [a.id for a in _entities(store, "Address") if a.properties.get("postcode") == "7607 AB"] == [kvk_address.id]
    assert len(store.relations_of(kvk_company.id, ["located_at"])) == 2  # bezoekadres + the foreign owner address
    sources = {s.source for s in store.sources(kvk_company.id)}
    assert sources == {"KvK Handelsregister", "Zaaksysteem"}


def test_missing_column_is_named(store: SQLiteStore) -> None:
    spec = loads_spec("source: x\nentities: {p: {type: Person, properties: {name: Achternaam}}}\n")
    with pytest.raises(ImportDataError, match=r"row 1, column 'Achternaam'.*not in the file"):
        import_table_file(store, DATA / "meldingen_cp1252.csv", spec)


def test_missing_sheet_is_named(store: SQLiteStore) -> None:
    spec = loads_spec("source: x\ntables: [{sheet: Voertuigen, entities: {v: {type: Vehicle, properties: "
                      "{plate: Kenteken}}}}]\n")
    with pytest.raises(ImportDataError, match="no sheet named 'Voertuigen'"):
        import_table_file(store, DATA / "casus_twee_tabbladen.xlsx", spec)


def test_ragged_csv_row_is_located(store: SQLiteStore, tmp_path: Path) -> None:
    path = tmp_path / "kapot.csv"
    path.write_text("Naam;Plaats\nJan;Almelo\nPiet;Hengelo;extra;velden\n", encoding="utf-8")
    spec = loads_spec("source: x\nentities: {p: {type: Person, properties: {name: Naam}}}\n")
    with pytest.raises(ImportDataError, match=r"kapot.csv: row 3"):
        import_table_file(store, path, spec)
    assert store.counts() == {}


def test_required_value_and_unknown_function(store: SQLiteStore, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("KvK;Naam;Functie\n12345678;Jan;bestuurder\n;Piet;bestuurder\n", encoding="utf-8")
    spec = loads_spec("""
source: x
entities:
  c: {type: Company, properties: {kvk_number: {column: KvK, required: true}}}
  p: {type: Person, properties: {name: Naam}}
relations:
  - {type: {column: Functie, map: {bestuurder: director_of}}, from: p, to: c}
""")
    with pytest.raises(ImportDataError, match=r"row 3, column 'KvK'.*required"):
        import_table_file(store, path, spec)
    path.write_text("KvK;Naam;Functie\n12345678;Jan;kok\n", encoding="utf-8")
    with pytest.raises(ImportDataError, match=r"row 2, column 'Functie'.*'kok' is not one of bestuurder"):
        import_table_file(store, path, spec)


def test_a_csv_cannot_feed_a_two_sheet_spec(store: SQLiteStore) -> None:
    with pytest.raises(ImportDataError, match="maps 2 sheets"):
        import_table_file(store, DATA / "meldingen_cp1252.csv", load_spec(DATA / "casus_xlsx.yaml"))


def test_progress_is_reported(store: SQLiteStore) -> None:
    seen: list[int] = []
    import_table_file(store, DATA / "meldingen_cp1252.csv", MELDINGEN, progress=seen.append, chunk_rows=3)
    assert seen == [3, 1]


def test_dry_run_counts_bad_rows_instead_of_stopping(store: SQLiteStore) -> None:
    dry = import_table_file(store, DATA / "meldingen_bad_date.csv", MELDINGEN, dry_run=True)
    assert dry.rejected == 1 and dry.rows == 4
    assert dry.errors == ["meldingen_bad_date.csv: row 3, column 'Ontvangen': date '31-02-2024' does not match "
                          "the format %d-%m-%Y"]
    assert store.counts() == {}


def test_the_gc_is_paused_during_an_import_and_back_on_after_it_failed_or_not(store: SQLiteStore,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from importers import case_import

    seen: list[bool] = []
    upsert = store.upsert_entity_rows
    monkeypatch.setattr(store, "upsert_entity_rows", lambda rows: seen.append(gc.isenabled()) or upsert(rows))
    import_table_file(store, DATA / "meldingen_cp1252.csv", MELDINGEN)
    assert seen and not any(seen) and gc.isenabled()
    with pytest.raises(ImportDataError):
        import_table_file(store, DATA / "meldingen_bad_date.csv", MELDINGEN)
    assert gc.isenabled()
    gc.disable()  # an import leaves a paused GC paused
    try:
        with case_import.cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
