"""Issue 18: an import's result does not depend on its chunk size.

A record named in several chunks keeps the reference of its first row (importers.case_import
`_Sent`): without it each chunk added the same source again under another row number,
and the store wrote those statements out (a third of a narrow table's file).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from graph.model import Entity, Provenance
from graph.stores.sqlite_store import SQLiteStore
from importers import budget, case_import
from importers.case_import import import_table_file
from importers.spec import load_spec
from tests.importers.conftest import counted_address_parses

EXAMPLES = Path(__file__).parents[2] / "examples"


def _said(store: SQLiteStore) -> tuple[list[Any], ...]:
    records = [*store.iter_entities(), *store.iter_relations()]
    sources = sorted((r.id, s.source, s.reference or "") for r in records for s in store.sources(r.id))
    said = sorted((s.record_id, s.prop, str(s.value), s.reference or "")
                  for r in records for s in store.statements(r.id))
    stored = store.conn.execute("SELECT count(*) FROM statements").fetchone()[0]
    return sources, said, [stored], sorted((r.id, str(getattr(r, "properties", ""))) for r in records)


@pytest.mark.parametrize("chunk_rows", [1, 2, 3])
def test_small_chunks_store_what_one_chunk_stores(tmp_path: Path, chunk_rows: int) -> None:
    spec = load_spec(str(EXAMPLES / "meldingen.yaml"))
    with SQLiteStore(tmp_path / "one.knp", create=True) as one, \
            SQLiteStore(tmp_path / "many.knp", create=True) as many:
        import_table_file(one, EXAMPLES / "meldingen.csv", spec)
        result = import_table_file(many, EXAMPLES / "meldingen.csv", spec, chunk_rows=chunk_rows)
        assert result.rows > chunk_rows
        assert _said(many) == _said(one)


def test_without_the_memory_the_store_knows_rows_of_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forgetting every first reference (a file far larger than the memory) changes nothing either: the
    store takes another row of the same file saying the same as that file's word again."""
    monkeypatch.setattr(case_import, "SENT_MAX", 0)
    spec = load_spec(str(EXAMPLES / "meldingen.yaml"))
    with SQLiteStore(tmp_path / "one.knp", create=True) as one, \
            SQLiteStore(tmp_path / "many.knp", create=True) as many:
        import_table_file(one, EXAMPLES / "meldingen.csv", spec)
        import_table_file(many, EXAMPLES / "meldingen.csv", spec, chunk_rows=1)
        assert _said(many) == _said(one)


def test_another_file_saying_the_same_is_another_source(tmp_path: Path) -> None:
    """The test above can fail: rows of two files are two sources, each kept."""
    spec = load_spec(str(EXAMPLES / "meldingen.yaml"))
    copy = tmp_path / "meldingen-kopie.csv"
    copy.write_bytes((EXAMPLES / "meldingen.csv").read_bytes())
    with SQLiteStore(tmp_path / "one.knp", create=True) as one, \
            SQLiteStore(tmp_path / "two.knp", create=True) as two:
        import_table_file(one, EXAMPLES / "meldingen.csv", spec)
        import_table_file(two, EXAMPLES / "meldingen.csv", spec)
        import_table_file(two, copy, spec)
        assert len(_said(two)[0]) > len(_said(one)[0])


def _chunked_twice(tmp_path: Path, text: str, spec_text: str) -> tuple[tuple[list[Any], ...], tuple[list[Any], ...]]:
    (tmp_path / "rows.csv").write_text(text, encoding="utf-8")
    (tmp_path / "spec.yaml").write_text(spec_text, encoding="utf-8")
    spec = load_spec(str(tmp_path / "spec.yaml"))
    with SQLiteStore(tmp_path / "one.knp", create=True) as one, \
            SQLiteStore(tmp_path / "many.knp", create=True) as many:
        import_table_file(one, tmp_path / "rows.csv", spec)
        import_table_file(many, tmp_path / "rows.csv", spec, chunk_rows=1)
        return _said(one), _said(many)


ADDRESS_SPEC = ("name: adressen\nsource: Registratie\ncsv: {delimiter: ';'}\nentities:\n  a:\n    type: Address\n"
                "    properties:\n      street: Straat\n      house_number: Nummer\n      postcode: Postcode\n"
                "      city: Plaats\n")


def test_a_record_said_two_ways_is_each_way_once_whatever_the_chunks(tmp_path: Path) -> None:
    """One address (postcode + number) that rows of one file spell two ways: each spelling is that file's
    word once, with its first row, in chunks of one row as in one chunk (a spelling named again in a later
    chunk used to add its row as one more source, chunk after chunk)."""
    rows = "Straat;Nummer;Postcode;Plaats\n" + "".join(
        f"{street};12;1234AB;Almelo\n" for street in ("Hoofdstraat", "Hoofdstr.", "Hoofdstr.", "Hoofdstraat",
                                                      "Hoofdstr."))
    one, many = _chunked_twice(tmp_path, rows, ADDRESS_SPEC)
    assert len(one[0]) == 2  # two sources: rows 2 and 3 of the file, each spelling's first
    assert many == one


def test_an_old_rule_id_is_found_again_in_every_chunk(tmp_path: Path) -> None:
    """A person stored under the id rule of old (source + reference): every chunk that names them finds that
    record again, and the relations of every row follow it (a chunk that left the person out as handed
    already must still know where they went)."""
    digest = hashlib.blake2b(b"Person|src=KvK|ref=U-1", digest_size=8).digest()
    old_id = f"per-{int.from_bytes(digest, 'big') >> 1:016x}"  # the old rule: source + reference alone
    spec_text = ("name: uittreksel\nsource: KvK\ncsv: {delimiter: ';'}\nentities:\n  p:\n    type: Person\n"
                 "    reference: [Dossier]\n    properties:\n      name: Naam\n  c:\n    type: Case\n"
                 "    properties:\n      case_number: Zaak\nrelations:\n  - {type: involved_in, from: p, to: c}\n")
    (tmp_path / "rows.csv").write_text("Dossier;Naam;Zaak\n" + "".join(f"U-1;Jan de Vries;Z-{i}\n" for i in range(4)),
                                       encoding="utf-8")
    (tmp_path / "spec.yaml").write_text(spec_text, encoding="utf-8")
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        store.upsert_entities([Entity(id=old_id, type="Person", properties={"name": "Jan de Vries"},
                                      provenance=Provenance(source="KvK", reference="U-1"))])
        result = import_table_file(store, tmp_path / "rows.csv", load_spec(str(tmp_path / "spec.yaml")), chunk_rows=1)
        assert result.relations.created == 4
        assert store.counts()["Person"] == 1
        assert sorted(r.target_id for r in store.relations_of(old_id)) == sorted(
            e.id for e in store.iter_entities() if e.type == "Case")


def test_an_address_text_is_parsed_once_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A free-text address named again in a later chunk is not parsed again (the column keeps the newest
    texts the import's memory budget has room for, not CACHE_VALUES): a narrow file repeats its addresses
    across every chunk."""
    spec = load_spec("betrokkenen")
    rows = "".join(f"Persoon {i};01-02-1980;Dorpsstraat {i % 3 + 1}, 1234 AB Urk;C-1;melder\r\n" for i in range(12))
    (tmp_path / "b.csv").write_text("Naam;Geboortedatum;Woonadres;Casusnummer;Rol\r\n" + rows, encoding="cp1252")
    parsed = counted_address_parses(monkeypatch)
    monkeypatch.setattr(case_import, "CACHE_VALUES", 1)  # the other columns forget: the address column does not
    with SQLiteStore(tmp_path / "one.knp", create=True) as one, \
            SQLiteStore(tmp_path / "many.knp", create=True) as many:
        import_table_file(one, tmp_path / "b.csv", spec)
        assert len(parsed) == 3
        import_table_file(many, tmp_path / "b.csv", spec, chunk_rows=2)
        assert len(parsed) == 6  # three texts, each once in six chunks
        assert one.counts() == many.counts() and one.counts()["Address"] == 3
    monkeypatch.setattr(budget, "IMPORT_CACHE_BYTES", 0)  # no room beside the digests: the minimum, one text
    monkeypatch.setattr(budget, "ADDRESS_MIN", 1)
    with SQLiteStore(tmp_path / "few.knp", create=True) as few:
        import_table_file(few, tmp_path / "b.csv", spec, chunk_rows=2)
        assert len(parsed) > 9  # the newest one kept only: parsed again


def test_a_date_column_keeps_its_dates_past_cache_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A column of birth dates (a narrow table: ~20,000 distinct days a chunk, over CACHE_VALUES) reads each date
    once across chunks, up to DATE_CACHE_VALUES; a column of names still forgets at CACHE_VALUES. The project is
    the same as with one chunk."""
    spec = load_spec("betrokkenen")
    rows = "".join(f"Persoon {i};{i % 6 + 1:02d}-02-1980;Dorpsstraat {i % 3 + 1}, 1234 AB Urk;C-1;melder\r\n"
                   for i in range(12))
    (tmp_path / "b.csv").write_text("Naam;Geboortedatum;Woonadres;Casusnummer;Rol\r\n" + rows, encoding="cp1252")
    read: list[str] = []
    date = case_import._date
    monkeypatch.setattr(case_import, "_date", lambda text, fmt: read.append(text) or date(text, fmt))
    monkeypatch.setattr(case_import, "CACHE_VALUES", 1)
    with SQLiteStore(tmp_path / "one.knp", create=True) as one, \
            SQLiteStore(tmp_path / "many.knp", create=True) as many:
        import_table_file(one, tmp_path / "b.csv", spec)
        assert len(read) == 6
        import_table_file(many, tmp_path / "b.csv", spec, chunk_rows=2)
        assert len(read) == 12  # six dates, each once over six chunks
        assert _said(one) == _said(many)
    monkeypatch.setattr(case_import, "DATE_CACHE_VALUES", 1)  # the newest date only: read again
    with SQLiteStore(tmp_path / "few.knp", create=True) as few:
        import_table_file(few, tmp_path / "b.csv", spec, chunk_rows=2)
        assert len(read) > 18
