"""Issue 18: a record an earlier chunk handed the store is not built again (importers.case_import `_Known`).

A narrow table names most people, addresses and cases in several chunks. The store would be
handed each once anyway (`_Sent`); the mapper now knows them by the digest of what makes them
and builds only their ids. The contract: the project and the counts are those of an import
that builds every record in every chunk, and the work is done once.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from graph import prepared_entities
from graph.stores.sqlite_store import SQLiteStore
from importers import case_import
from importers.case_import import import_table_file
from importers.spec import load_spec

HEADER = "Naam;Geboortedatum;Woonadres;Casusnummer;Rol\r\n"


def _narrow(path: Path, rows: int) -> Path:
    text = "".join(f"Persoon {i % 5};01-02-198{i % 5};Dorpsstraat {i % 3 + 1}, 1234 AB Urk;C-{i % 2};"
                   f"{('melder', 'verdachte')[i % 2]}\r\n" for i in range(rows))
    path.write_text(HEADER + text, encoding="cp1252")
    return path


def _stored(store: SQLiteStore) -> tuple[list[Any], ...]:
    records = [*store.iter_entities(), *store.iter_relations()]
    sources = sorted((r.id, s.source, s.reference or "") for r in records for s in store.sources(r.id))
    said = sorted((s.record_id, s.prop, str(s.value), s.reference or "") for r in records
                  for s in store.statements(r.id))
    kept = [(r.id, repr({k: v for k, v in vars_of(r).items() if not k.endswith("_at")})) for r in records]
    return sources, said, sorted(kept)


def vars_of(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def _forgetful(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mapper as it was: every chunk builds every record it names."""
    monkeypatch.setattr(case_import._Known, "find",
                        lambda self, d: (np.zeros(len(d), dtype=bool), np.zeros(len(d), dtype=np.int64)))
    monkeypatch.setattr(case_import._Digests, "new", lambda self, d: list(range(len(d))))


def _counts(result: case_import.ImportResult) -> list[Any]:
    e, r = result.entities, result.relations
    return [e.created, e.updated, e.unchanged, r.created, r.updated, r.unchanged, dict(result.records_by_type)]


@pytest.mark.parametrize("chunk_rows", [1, 3, 7])
def test_known_records_store_and_count_what_building_them_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               chunk_rows: int) -> None:
    data = _narrow(tmp_path / "b.csv", 20)
    spec = load_spec("betrokkenen")
    with SQLiteStore(tmp_path / "known.knp", create=True) as known:
        got = import_table_file(known, data, spec, chunk_rows=chunk_rows)
        stored = _stored(known)
    _forgetful(monkeypatch)
    with SQLiteStore(tmp_path / "built.knp", create=True) as built:
        want = import_table_file(built, data, spec, chunk_rows=chunk_rows)
        assert _stored(built) == stored
    assert _counts(got) == _counts(want)
    assert got.entities.unchanged > 0 and got.relations.unchanged > 0  # the test can fail: records repeat


def test_a_known_record_is_built_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """20 rows in chunks of one: 5 people, 3 addresses, 2 cases are built once each, not once a row."""
    data = _narrow(tmp_path / "b.csv", 20)
    built: list[str] = []
    real = prepared_entities.entity_rows_of_columns

    def counting(schema: Any, type_name: str, columns: Any, refs: list[Any], *args: Any, **kw: Any) -> Any:
        built.extend([type_name] * len(refs))
        return real(schema, type_name, columns, refs, *args, **kw)

    monkeypatch.setattr(case_import, "entity_rows_of_columns", counting)
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        result = import_table_file(store, data, load_spec("betrokkenen"), chunk_rows=1)
        assert {t: n for t, n in store.counts().items() if t[0].isupper()} == {"Person": 5, "Address": 3, "Case": 2}
    assert sorted(built) == sorted(["Person"] * 5 + ["Address"] * 3 + ["Case"] * 2)
    assert result.entities.total == 60  # each row's three entities, made or known


def test_two_maps_of_one_type_are_not_taken_for_each_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two Case maps reading the same columns (and reference) into different properties: a case one map
    made in an early chunk is not taken for the other map's case of the same values in a later chunk."""
    spec_text = ("name: zaken\nsource: Registratie\ncsv: {delimiter: ';'}\nentities:\n"
                 "  a:\n    type: Case\n    reference: [Tekst]\n    properties:\n      case_number: Zaak\n"
                 "      name: Tekst\n"
                 "  b:\n    type: Case\n    reference: [Tekst]\n    properties:\n      case_number: Ander\n"
                 "      description: Tekst\n")
    (tmp_path / "spec.yaml").write_text(spec_text, encoding="utf-8")
    (tmp_path / "z.csv").write_text("Zaak;Ander;Tekst\nZ-1;Z-2;iets\nZ-2;Z-1;iets\n", encoding="utf-8")
    spec = load_spec(str(tmp_path / "spec.yaml"))
    with SQLiteStore(tmp_path / "known.knp", create=True) as known:
        import_table_file(known, tmp_path / "z.csv", spec, chunk_rows=1)
        stored = _stored(known)
        assert {(e.properties.get("name"), e.properties.get("description")) for e in known.iter_entities()} == {
            ("iets", "iets")}
    _forgetful(monkeypatch)
    with SQLiteStore(tmp_path / "built.knp", create=True) as built:
        import_table_file(built, tmp_path / "z.csv", spec, chunk_rows=1)
        assert _stored(built) == stored
