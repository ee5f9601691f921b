"""A record above the member's clearance leaks through no read: search, neighbours, paths, degree."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph.access import session
from graph.access.guarded import GuardedStore
from graph.errors import NotFound, PermissionDenied
from graph.model import Entity, Provenance, Relation
from tests.access.conftest import FAST_KDF, OWNER_PW, make_project


def _person(name: str, label: str = "open") -> Entity:
    return Entity(type="Person", properties={"name": name}, label=label,
                  provenance=Provenance(source="test", reference=name))


def _rel(a: Entity, b: Entity, label: str = "open") -> Relation:
    return Relation(type="associate_of", source_id=a.id, target_id=b.id, label=label,
                    provenance=Provenance(source="test", reference=f"{a.id}-{b.id}"))


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A - Hidden - B is the only path from A to B; A also has a hidden relation to C."""
    path = tmp_path / "labels.knp"
    owner = make_project(path)
    a, b, c = _person("Anna Zichtbaar"), _person("Bert Zichtbaar"), _person("Cees Zichtbaar")
    hidden = _person("Hendrik Geheimhouder", label="police-wpg")
    owner.upsert_entities([a, b, c, hidden])
    owner.upsert_relations([_rel(a, hidden), _rel(hidden, b), _rel(a, c, label="fiod/tax")])
    session.add_member(owner, "clara", role="analyst", passphrase="clara's passphrase",
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    owner.close()
    return path, {"a": a.id, "b": b.id, "c": c.id, "hidden": hidden.id}


def _check(store: GuardedStore, ids: dict[str, str], *, sees: bool) -> None:
    assert bool(store.search("Geheimhouder")) is sees
    assert bool(store.search("Hendrik")) is sees
    assert (ids["hidden"] in store.neighbours([ids["a"]], depth=2)) is sees
    assert (ids["c"] in store.neighbours([ids["a"]])) is sees  # the hidden relation hides the link
    g = store.graph()
    assert (ids["hidden"] in g) is sees
    assert nx.has_path(g.to_undirected(as_view=True), ids["a"], ids["b"]) is sees
    if sees:
        assert nx.shortest_path(g.to_undirected(as_view=True), ids["a"], ids["b"])[1] == ids["hidden"]
    else:
        with pytest.raises(nx.NetworkXNoPath):
            nx.shortest_path(g.to_undirected(as_view=True), ids["a"], ids["b"])
    assert g.degree(ids["a"]) == (2 if sees else 0)
    sub = store.subgraph(store.neighbours([ids["a"]], depth=3))
    assert sub.degree(ids["a"]) == (2 if sees else 0) and (ids["hidden"] in sub) is sees
    assert len(store.relations_of(ids["a"])) == (2 if sees else 0)
    counts = store.counts()
    assert counts["Person"] == (4 if sees else 3)
    assert counts.get("associate_of", 0) == (3 if sees else 0)
    if not sees:
        with pytest.raises(NotFound):
            store.get_entity(ids["hidden"])
        assert store.get_entities([ids["hidden"]]) == {}
        assert ids["hidden"] not in {e.id for e in store.iter_entities()}


def test_hidden_record_absent_everywhere(project: tuple[Path, dict[str, str]]) -> None:
    path, ids = project
    clara = session.unlock(path, "clara", "clara's passphrase")
    _check(clara, ids, sees=False)
    clara.close()


def test_owner_with_full_clearance_sees_it(project: tuple[Path, dict[str, str]]) -> None:
    """The control: the same checks pass the other way for full clearance, so they can fail."""
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    _check(owner, ids, sees=True)
    owner.close()


def test_clearance_change_takes_effect(project: tuple[Path, dict[str, str]]) -> None:
    path, _ = project
    owner = session.unlock(path, "alice", OWNER_PW)
    session.set_role(owner, "clara", clearance=frozenset({"open", "police-wpg", "fiod/tax"}))
    owner.close()
    clara = session.unlock(path, "clara", "clara's passphrase")
    assert clara.search("Geheimhouder")
    clara.close()


def test_write_of_a_hidden_identity_neither_reveals_nor_touches_it(project: tuple[Path, dict[str, str]]) -> None:
    """clara cannot decrypt the police-wpg record, so her write can neither merge into it nor
    tell her it exists (the answer is what it would be if it did not): it becomes her own
    open record. The hidden one stays exactly as it was and wins for members who hold both."""
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    before = owner.get_entity(ids["hidden"])
    owner.close()
    clara = session.unlock(path, "clara", "clara's passphrase")
    twin = _person("Hendrik Geheimhouder")  # same source + reference: the same derived id
    twin.properties["nationality"] = "NL"
    assert clara.upsert_entities([twin]).created == 1
    assert twin.id == ids["hidden"]
    assert clara.get_entity(ids["hidden"]).label == "open"  # her own record, nothing else
    clara.close()
    owner = session.unlock(path, "alice", OWNER_PW)
    # Before any full scan (the twins are found lazily): point reads and search already hide the twin.
    assert [e.label for e in owner.search("Hendrik Geheimhouder")] == ["police-wpg"]
    after = owner.get_entity(ids["hidden"])
    assert after.label == "police-wpg" and after.properties == before.properties
    assert after.updated_by == "alice" and after.updated_at == before.updated_at
    assert owner.counts()["Person"] == 4  # the twin is not counted twice
    assert [e.label for e in owner.search("Hendrik Geheimhouder")] == ["police-wpg"]  # after the scan too
    assert sum(1 for e in owner.iter_entities("Person") if e.id == ids["hidden"]) == 1
    owner.close()


def test_write_above_own_clearance_is_refused(project: tuple[Path, dict[str, str]]) -> None:
    """clara holds no police-wpg key: she cannot write into that partition either."""
    path, _ = project
    clara = session.unlock(path, "clara", "clara's passphrase")
    with pytest.raises(PermissionDenied):
        clara.upsert_entities([_person("Nieuw Geheim", label="police-wpg")])
    assert clara.upsert_entities([_person("Nieuw Zichtbaar")]).created == 1  # ordinary writes still work
    clara.close()


def test_relation_rows_keep_the_clearance_checks(project: tuple[Path, dict[str, str]]) -> None:
    """The import's bulk entry (graph.prepared rows) refuses what `upsert_relations` refuses, audited."""
    from graph.prepared import relation_rows

    path, ids = project
    clara = session.unlock(path, "clara", "clara's passphrase")

    def rows(label: str, dst: str) -> object:
        return relation_rows(clara.schema, ["associate_of"], [ids["b"]], [dst], [{}], ["r:1"], [label],
                             source="test")

    with pytest.raises(PermissionDenied, match="labelled 'police-wpg'"):
        clara.upsert_relation_rows(rows("police-wpg", ids["c"]))
    with pytest.raises(NotFound, match="no entity"):  # an end she cannot decrypt: as if it did not exist
        clara.upsert_relation_rows(rows("open", ids["hidden"]))
    assert clara.upsert_relation_rows(rows("open", ids["c"])).created == 1
    assert [r.target_id for r in clara.relations_of(ids["b"])] == [max(ids["b"], ids["c"])]
    clara.close()


def test_entity_rows_keep_the_clearance_checks(project: tuple[Path, dict[str, str]]) -> None:
    """The import's entity bulk entry (graph.prepared_entities rows) refuses what `upsert_entities` refuses, audited,
    and a row whose id a hidden record holds becomes her own open record, as an object does."""
    from graph.prepared_entities import entity_rows

    path, ids = project
    clara = session.unlock(path, "clara", "clara's passphrase")

    def rows(label: str, name: str) -> object:
        return entity_rows(clara.schema, ["Person"], [{"name": name}], [name], [label], source="test")

    with pytest.raises(PermissionDenied, match="labelled 'police-wpg'"):
        clara.upsert_entity_rows(rows("police-wpg", "Nieuw Geheim"))
    twin = rows("open", "Hendrik Geheimhouder")  # same source + reference + name: the hidden record's id
    assert twin.ids == [ids["hidden"]]  # type: ignore[attr-defined]
    assert clara.upsert_entity_rows(twin).created == 1
    assert clara.get_entity(ids["hidden"]).label == "open"
    assert clara.upsert_entity_rows(rows("open", "Nieuw Zichtbaar")).created == 1
    clara.close()
    owner = session.unlock(path, "alice", OWNER_PW)
    assert [e.label for e in owner.search("Hendrik Geheimhouder")] == ["police-wpg"]
    assert not owner.search("Nieuw Geheim")
    assert any(e.action == "denied" and "labelled 'police-wpg'" in e.details and e.actor == "clara"
               for e in owner.audit_entries())
    owner.close()
