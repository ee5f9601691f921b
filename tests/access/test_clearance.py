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


def test_cannot_write_onto_a_hidden_record(project: tuple[Path, dict[str, str]]) -> None:
    """An upsert matching a hidden record's identity must not merge into it, nor link to it."""
    path, ids = project
    clara = session.unlock(path, "clara", "clara's passphrase")
    twin = _person("Hendrik Geheimhouder")  # same source + reference: the same derived id
    with pytest.raises(PermissionDenied, match="above the clearance"):
        clara.upsert_entities([twin])
    assert twin.id == ids["hidden"]
    anna = clara.get_entity(ids["a"])
    link = Relation(type="family_of", source_id=anna.id, target_id=ids["hidden"],
                    provenance=Provenance(source="test", reference="family"))
    with pytest.raises(PermissionDenied):
        clara.upsert_relations([link])
    assert clara.upsert_entities([_person("Nieuw Zichtbaar")]).created == 1  # ordinary writes still work
    clara.close()
    owner = session.unlock(path, "alice", OWNER_PW)
    hidden = owner.get_entity(ids["hidden"])
    assert hidden.label == "police-wpg" and hidden.updated_by == "alice"
    assert not [r for r in owner.relations_of(ids["hidden"]) if r.type == "family_of"]
    owner.close()
