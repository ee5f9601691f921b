"""Issue 18: the storing side's column-wise steps keep what the row-by-row steps stored.

A bulk batch is written from its columns: said ids and reference parts worked out once per
distinct reference (`SQLiteStore._said_columns`, `case_import._ref_parts`), a batch of new
relations that all live in one partition homed at once (`_one_home`), and the ends' types
checked once per (type, start type, end type) (`_check_row_ends`). Each is held here to what a
row by row step says, on the batches where the shortcut must not be taken or must name a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.access import keyslots, session
from graph.errors import SchemaError
from graph.model import Entity, Provenance, Relation
from graph.prepared import relation_rows
from graph.stores.records import file_part
from graph.stores.sqlite_store import SQLiteStore
from importers.case_import import _ref_parts
from tests.sandbox import as_anna

FAST_KDF = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "anna: correct horse battery"
META = {"source": "Meldpunt", "received": "2024-04-03", "reliability": "B", "credibility": "2"}


def _person(name: str, label: str = "open") -> Entity:
    return Entity(type="Person", properties={"name": name}, label=label,
                  provenance=Provenance(source="Tip", reference=f"t:{name}"))


def _rows(store: SQLiteStore, types: list[str], src: list[str], dst: list[str], refs: list[str],
          labels: list[str] | None = None) -> object:
    n = len(types)
    return relation_rows(store.schema, types, src, dst, [{}] * n, refs, labels or ["open"] * n,
                         valid_from=[None] * n, valid_to=[None] * n, **META)


@pytest.fixture
def partitioned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SQLiteStore]:
    """An encrypted project with a file per label, as the CLI makes it (its store, under the member's guard)."""
    with as_anna(monkeypatch, PW):
        path = tmp_path / "zaak.knp"
        session.create(path, owner="anna", passphrase=PW, name="zaak", kdf=FAST_KDF).close()
        guarded = session.unlock(path, "anna", PW)
        try:
            yield guarded.inner
        finally:
            guarded.close()


def _home(store: SQLiteStore, relation_id: str) -> str:
    rows = store.conn.execute("SELECT rid FROM relations WHERE key = ?",
                              (int(relation_id.rsplit("-", 1)[1], 16),)).fetchall()
    assert len(rows) == 1
    return store._schema_of_rid(rows[0][0])


def test_a_relation_with_an_end_of_a_higher_label_lives_with_that_end(partitioned: SQLiteStore) -> None:
    """All rows open, but one relation's end is confidential: the batch is not one partition's."""
    store = partitioned
    ann, bob, cor = (store.upsert_entities([p]).ids[0] for p in
                     (_person("Ann"), _person("Bob"), _person("Cor", "confidential")))
    stats = store.upsert_relation_rows(_rows(store, ["associate_of"] * 2, [ann, ann], [bob, cor],
                                             ["m.csv:2", "m.csv:3"]))
    open_rel, mixed_rel = stats.ids
    assert _home(store, open_rel) == store.held["open"]
    assert _home(store, mixed_rel) == store.held["confidential"] != store.held["open"]
    # the object path agrees
    again = store.upsert_relations([Relation(type="family_of", source_id=ann, target_id=cor,
                                             provenance=Provenance(source="Tip", reference="t:9"))])
    assert _home(store, again.ids[0]) == store.held["confidential"]


def test_a_batch_of_one_label_lives_in_that_labels_file(partitioned: SQLiteStore) -> None:
    store = partitioned
    ann, bob = (store.upsert_entities([_person(n, "confidential")]).ids[0] for n in ("Ann", "Bob"))
    (rel,) = store.upsert_relation_rows(_rows(store, ["associate_of"], [ann], [bob], ["m.csv:2"],
                                              ["confidential"])).ids
    assert _home(store, rel) == store.held["confidential"]


def test_a_bad_pair_of_end_types_names_the_first_row_that_has_it(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        ann, bob, cor = (store.upsert_entities([_person(n)]).ids[0] for n in ("Ann", "Bob", "Cor"))
        (firm,) = store.upsert_entities([Entity(type="Company", properties={"kvk_number": "12345678",
                                                                             "name": "Alfa B.V."})]).ids
        rows = _rows(store, ["associate_of", "director_of", "director_of"], [ann, firm, firm], [bob, bob, cor],
                     ["m.csv:2", "m.csv:3", "m.csv:4"])
        with pytest.raises(SchemaError, match=f"^director_of {firm}->{bob}: director_of cannot "):
            store.upsert_relation_rows(rows)
        assert list(store.iter_relations()) == []


def test_each_reference_of_a_batch_is_stored_as_given(tmp_path: Path) -> None:
    """Several references in one batch, some shared, some without a row number: each row keeps its own."""
    refs = ["m.csv:2", "m.csv:2", "n.csv:3", "m.csv:07", "basisprofiel/10000000", "m.csv:2:adres", "plain"]
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        people = [store.upsert_entities([_person(f"P{i}")]).ids[0] for i in range(len(refs) + 1)]
        ids = store.upsert_relation_rows(_rows(store, ["associate_of"] * len(refs), people[:-1], people[1:],
                                               refs)).ids
        for rel_id, ref in zip(ids, refs, strict=True):
            rel = store.get_relation(rel_id)
            assert rel.provenance is not None and rel.provenance.reference == ref


def test_reference_parts_are_what_file_part_says_of_each() -> None:
    refs = ["m.csv:2", "m.csv:3", None, "m.csv:2:adres", "basisprofiel/10000000", "a:b:c", "m.csv:2"]
    parts = _ref_parts(refs)
    assert set(parts) == set(refs)
    for ref in refs:
        assert parts[ref] == (file_part(ref) or ref)
