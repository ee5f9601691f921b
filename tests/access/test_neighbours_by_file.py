"""Neighbours across label files: each file asked only about the keys it holds (issue 11, bench_access).

Through the record views every file was asked about every key of a hop (an index look-up per key,
file and direction): three small label files made `neighbours` 1.2x the one file's. A label file's
keys (its entities', and those its relations start or end at) are kept in memory while the file is
unchanged, and a file holding none of a hop's keys is not read. The answers are the views' answers:
twins hidden alike, a file changed by another connection or by this one read again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.access import session
from graph.model import Entity, Provenance, Relation
from graph.schema import default_schema
from graph.stores import sqlite_store
from graph.stores.sqlite_store import SQLiteStore
from tests.access.conftest import OWNER_PW, make_project
from tests.access.test_attacks import MALLORY_PW
from tests.sandbox import FAST_KDF


def _person(name: str, label: str) -> Entity:
    return Entity(type="Person", properties={"name": name}, label=label,
                  provenance=Provenance(source="test", reference=name))


def _knows(a: Entity, b: Entity, label: str = "open", rid: str = "") -> Relation:
    rel = Relation(id=rid, type="contacted", source_id=a.id, target_id=b.id, label=label,
                   provenance=Provenance(source="test", reference=f"{a.id}-{b.id}"))
    schema = default_schema()
    rel.id = rel.id or schema.relation_id(schema.relation_type(rel.type), rel)
    return rel


P = {name: _person(name.title(), label) for name, label in
     [("olaf", "open"), ("otto", "open"), ("oscar", "open"), ("carla", "confidential"), ("piet", "police-wpg"),
      ("fenna", "fiod/tax")]}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """olaf - otto - oscar in the main file; carla (confidential) knows otto; piet (police) knows carla;
    fenna (fiod) knows nobody yet."""
    path = tmp_path / "buren.knp"
    owner = make_project(path)
    owner.upsert_entities(list(P.values()))
    owner.upsert_relations([_knows(P["olaf"], P["otto"]), _knows(P["otto"], P["oscar"]),
                            _knows(P["carla"], P["otto"], "confidential"),
                            _knows(P["piet"], P["carla"], "police-wpg")])
    session.add_member(owner, "mallory", role="analyst", passphrase=MALLORY_PW,
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    owner.close()
    return path


def _ids(*names: str) -> set[str]:
    return {P[n].id for n in names}


def test_a_hop_asks_no_label_file_holding_none_of_its_keys(path: Path, statements: list[str]) -> None:
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert owner.neighbours([P["olaf"].id], depth=1) == _ids("olaf", "otto")  # reads the label files' keys
        statements.clear()
        assert owner.neighbours([P["olaf"].id], depth=1) == _ids("olaf", "otto")
        read = " ".join(statements)
        for schema in ("p_confidential", "p_police_wpg", "p_fiod_tax"):  # no rows read there (a twin look-up is)
            assert f"FROM {schema}.relation_rows r LEFT JOIN" not in read, schema
            assert f"FROM {schema}.entity_rows r LEFT JOIN" not in read, schema
        assert "FROM main.relation_rows r LEFT JOIN" in read
        assert owner.neighbours([P["olaf"].id], depth=3) == _ids("olaf", "otto", "oscar", "carla", "piet")
        assert owner.neighbours([P["piet"].id], depth=1) == _ids("piet", "carla")
        assert owner.neighbours([P["fenna"].id], depth=2) == _ids("fenna")
        capped = owner.neighbours([P["olaf"].id], depth=3, max_nodes=3)
        assert len(capped) == 3 and _ids("olaf", "otto") < capped
        assert owner.neighbours([P["olaf"].id], depth=3, relation_types=["director_of"]) == _ids("olaf")
    finally:
        owner.close()


def test_neighbours_as_the_one_file_answers(path: Path, tmp_path: Path) -> None:
    """The same records in one file (no label files, read through its views): the same answers."""
    one = SQLiteStore(tmp_path / "one.knp", create=True)
    one.upsert_entities(list(P.values()))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        one.upsert_relations([_knows(P["olaf"], P["otto"]), _knows(P["otto"], P["oscar"]),
                              _knows(P["carla"], P["otto"], "confidential"),
                              _knows(P["piet"], P["carla"], "police-wpg")])
        for start in P.values():
            for depth in (0, 1, 2, 3):
                assert owner.neighbours([start.id], depth) == one.neighbours([start.id], depth), (start, depth)
                assert owner.neighbours([start.id], depth, max_nodes=3) == one.neighbours([start.id], depth,
                                                                                          max_nodes=3)
        assert owner.neighbours(["nonsense", P["olaf"].id]) == one.neighbours(["nonsense", P["olaf"].id])
    finally:
        owner.close()
        one.close()


def test_a_label_file_written_meanwhile_is_read_again(path: Path) -> None:
    """By another connection (its data_version changes) and by this one (its total_changes)."""
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert owner.neighbours([P["oscar"].id], depth=1) == _ids("oscar", "otto")
        other = session.unlock(path, "alice", OWNER_PW)
        try:
            other.upsert_relations([_knows(P["fenna"], P["oscar"], "fiod/tax")])
        finally:
            other.close()
        assert owner.neighbours([P["oscar"].id], depth=1) == _ids("oscar", "otto", "fenna")
        owner.upsert_relations([_knows(P["piet"], P["oscar"], "police-wpg")])
        assert owner.neighbours([P["oscar"].id], depth=1) == _ids("oscar", "otto", "fenna", "piet")
        owner.delete([_knows(P["carla"], P["otto"], "confidential").id])
        assert owner.neighbours([P["otto"].id], depth=1) == _ids("otto", "olaf", "oscar")
    finally:
        owner.close()


def test_a_label_file_of_many_keys_is_asked_about_every_key(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_store, "KEYS_KEPT", 0)
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert owner.neighbours([P["olaf"].id], depth=3) == _ids("olaf", "otto", "oscar", "carla", "piet")
    finally:
        owner.close()


def test_a_relation_twin_in_a_lower_file_stays_hidden(path: Path) -> None:
    """Mallory writes a confidential relation with the id of piet's police relation, from olaf to a person of
    hers: the owner's views show the police one only, and so do the owner's neighbours."""
    police = _knows(P["piet"], P["carla"], "police-wpg")
    mallory = session.unlock(path, "mallory", MALLORY_PW)
    try:
        mal = _person("Mallory Stroman", "confidential")
        mallory.upsert_entities([mal])
        mallory.upsert_relations([_knows(P["olaf"], mal, "confidential", rid=police.id)])
        assert P["olaf"].id in {r.source_id for r in mallory.relations_of(mal.id)}  # she sees her own
    finally:
        mallory.close()
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert owner.neighbours([P["olaf"].id], depth=1) == _ids("olaf", "otto")
        assert mal.id not in owner.neighbours([P["olaf"].id], depth=2)
    finally:
        owner.close()
