"""Entity resolution: candidates by name + date of birth, never merged silently;
confirmed merges are aliases applied when reading through the guarded store (the one door),
reversible (both entities and their relations back) and audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.access.guarded import GuardedStore
from graph.access.roles import Member
from graph.errors import KnooppuntError
from graph.merge import list_merges, undo_merge
from graph.model import SECURITY_LABELS, Entity, Provenance, Relation
from graph.stores.sqlite_store import SQLiteStore
from importers.case_import import import_table_file
from importers.kvk import import_kvk_files
from importers.resolution import confirm, person_candidates, reject
from importers.spec import load_spec

DATA = Path(__file__).parent / "data"


def _person(name: str, dob: str | None, source: str, ref: str, **extra: object) -> Entity:
    props: dict[str, object] = {"name": name, **extra}
    if dob:
        props["birth_date"] = dob
    return Entity(type="Person", properties=props, provenance=Provenance(source=source, reference=ref),
                  reliability="B", credibility="2")


def _owner(store: SQLiteStore) -> GuardedStore:
    return GuardedStore(store, Member("alice", "owner", frozenset(SECURITY_LABELS)))


@pytest.fixture
def two_sources(store: SQLiteStore) -> GuardedStore:
    """Jan de Vries from a case file and from the KvK functionarissen: two entities, one person."""
    import_table_file(store, DATA / "meldingen_cp1252.csv", load_spec("meldingen"))
    import_kvk_files(store, [DATA / "kvk_functionarissen.csv"])
    return _owner(store)


def test_candidates_from_two_sources_are_listed_not_merged(two_sources: GuardedStore) -> None:
    store = two_sources
    jans = [p for p in store.iter_entities("Person") if p.caption == "Jan de Vries"]
    assert len(jans) == 2
    before = store.counts()
    found = person_candidates(store)
    pair = {found[0].a, found[0].b}
    assert pair == {j.id for j in jans} and found[0].score == 100.0 and found[0].reason == "same date of birth"
    assert store.counts() == before  # listing merges nothing


def test_scoring_and_blocking(store: SQLiteStore) -> None:
    store.upsert_entities([
        _person("Jan de Vries", "1975-07-12", "a", "1"),
        _person("J. de Vries", "1975-07-12", "b", "2"),  # abbreviation: lower score
        _person("Vries, Jan de", "1975-07-12", "c", "3"),  # reordered: token sort finds it
        _person("Jan de Vries", "1980-01-01", "d", "4"),  # other date of birth: not a candidate
        _person("Piet Jansen", "1975-07-12", "e", "5"),  # same date, other name: not a candidate
        _person("Jan de Vries", None, "f", "6"),  # no date of birth: candidate with a penalty
        _person("Jan de Vries", "1975-07-12", "g", "7", bsn="111222333"),
        _person("Jan de Vries", "1975-07-12", "h", "8", bsn="999888777"),  # two different BSNs: never
    ])
    names = {e.id: (e.properties["name"], e.properties.get("birth_date"), e.properties.get("bsn"))
             for e in store.iter_entities("Person")}
    pairs = {frozenset((names[c.a], names[c.b])): c.score for c in person_candidates(store, threshold=80)}
    jan = ("Jan de Vries", "1975-07-12", None)
    assert pairs[frozenset((jan, ("Vries, Jan de", "1975-07-12", None)))] == 100.0
    assert pairs[frozenset((jan, ("Jan de Vries", None, None)))] == 90.0
    assert frozenset((jan, ("Jan de Vries", "1980-01-01", None))) not in pairs
    assert not any(("Piet Jansen", "1975-07-12", None) in p for p in pairs)
    assert frozenset((("Jan de Vries", "1975-07-12", "111222333"), ("Jan de Vries", "1975-07-12", "999888777"))) \
        not in pairs
    strict = person_candidates(store, threshold=99)
    assert all(c.score >= 89 for c in strict)


def test_rejected_pair_is_not_proposed_again(two_sources: GuardedStore) -> None:
    c = person_candidates(two_sources)[0]
    reject(two_sources, c.a, c.b)
    assert all({x.a, x.b} != {c.a, c.b} for x in person_candidates(two_sources))


def test_confirm_merges_and_undo_restores_both_with_relations(two_sources: GuardedStore) -> None:
    store = two_sources
    c = person_candidates(store)[0]
    keep, other = store.get_entity(c.a), store.get_entity(c.b)
    keep_rels = {r.id: r for r in store.relations_of(keep.id)}
    other_rels = {r.id: r for r in store.relations_of(other.id)}
    keep_sources = store.sources(keep.id)
    other_sources = store.sources(other.id)
    counts = store.counts()

    merge_id = confirm(store, keep.id, other.id, reason="zelfde persoon volgens BRP")
    merged = store.get_entity(keep.id)
    with pytest.raises(KnooppuntError):
        store.get_entity(other.id)
    moved = store.relations_of(keep.id)
    assert len(moved) == len(keep_rels) + len(other_rels)
    assert {s.source for s in store.sources(keep.id)} == {s.source for s in keep_sources + other_sources}
    assert merged.properties["birth_date"] == keep.properties["birth_date"]
    assert store.counts()["Person"] == counts["Person"] - 1
    actions = [json.loads(e.details) for e in store.audit_entries() if e.action == "merge"]
    assert actions[-1]["kept"] == keep.id and actions[-1]["merged"] == other.id
    assert list_merges(store)[0]["merge"] == merge_id

    undo_merge(store, merge_id)
    assert store.counts() == counts
    restored_keep, restored_other = store.get_entity(keep.id), store.get_entity(other.id)
    for before, after in ((keep, restored_keep), (other, restored_other)):
        assert (after.properties, after.provenance, after.grading, after.label) == (
            before.properties, before.provenance, before.grading, before.label)
    assert {r.id: (r.type, r.source_id, r.target_id, r.properties, r.valid_from, r.valid_to)
            for r in store.relations_of(keep.id)} == {
        r.id: (r.type, r.source_id, r.target_id, r.properties, r.valid_from, r.valid_to) for r in keep_rels.values()}
    assert set(r.id for r in store.relations_of(other.id)) == set(other_rels)
    assert sorted(s.source for s in store.sources(other.id)) == sorted(s.source for s in other_sources)
    assert "merge undo" in [e.action for e in store.audit_entries()]
    assert list_merges(store)[0]["undone"]
    with pytest.raises(KnooppuntError, match="already undone"):
        undo_merge(store, merge_id)


def test_merge_gathers_names_and_relations_between_the_two(raw: SQLiteStore) -> None:
    store = _owner(raw)
    a, b = _person("Jan de Vries", "1975-07-12", "a", "1"), _person("J. de Vries", "1975-07-12", "b", "2")
    store.upsert_entities([a, b])
    store.upsert_relations([Relation(type="family_of", source_id=a.id, target_id=b.id)])
    merge_id = confirm(store, a.id, b.id)
    merged = store.get_entity(a.id)
    assert merged.properties["aliases"] == ["J. de Vries"]
    assert store.relations_of(a.id) == []  # family_of between the two is dropped, not turned into a loop
    undo_merge(store, merge_id)
    assert len(store.relations_of(a.id)) == 1 and "aliases" not in store.get_entity(a.id).properties


def test_relations_added_after_a_merge_survive_its_undo(raw: SQLiteStore) -> None:
    store = _owner(raw)
    a, b = _person("Jan de Vries", "1975-07-12", "a", "1"), _person("Jan de Vries", "1975-07-12", "b", "2")
    case = Entity(type="Case", properties={"case_number": "C-1"})
    store.upsert_entities([a, b, case])
    merge_id = confirm(store, a.id, b.id)
    store.upsert_relations([Relation(type="involved_in", source_id=a.id, target_id=case.id)])
    undo_merge(store, merge_id)
    assert [r.target_id for r in store.relations_of(a.id)] == [case.id]


def test_merge_refuses_other_types_and_itself(raw: SQLiteStore) -> None:
    store = _owner(raw)
    p = _person("Jan", None, "a", "1")
    c = Entity(type="Case", properties={"case_number": "C-1"})
    store.upsert_entities([p, c])
    with pytest.raises(KnooppuntError, match="not the same entity"):
        confirm(store, p.id, c.id)
    with pytest.raises(KnooppuntError, match="itself"):
        confirm(store, p.id, p.id)


@pytest.mark.parametrize(("a", "b", "reason"), [
    ("Nabil al-Marabh", "Nabil Almarabh", "particles"),
    ("Karel van der Berg", "Karel Vd Berg", "same date of birth"),  # `vd` is `van der`: the same name
    ("Mohammed Yılmaz", "Muhammad Yilmaz", "transliteration"),
    ("Youssef El Amrani", "Joesoef Elamrani", "transliteration"),
    ("J. de Vries", "Jan de Vries", "similar name"),
])
def test_name_variants_are_candidates_not_merges(store: SQLiteStore, a: str, b: str, reason: str) -> None:
    """Issue 12 point 8: transliteration, particles and initials bring a pair to the analyst; nothing merges."""
    store.upsert_entities([_person(a, "1980-04-03", "politie", "1"), _person(b, "1980-04-03", "kvk", "2")])
    before = store.counts()
    (candidate,) = person_candidates(store)
    assert {candidate.a_name, candidate.b_name} == {a, b} and reason in candidate.reason
    assert candidate.score >= 85
    assert store.counts() == before
    # without a date of birth on one side a transliteration still comes up, with the penalty
    store.upsert_entities([_person(b, None, "melding", "3")])
    assert any(c.score >= 80 for c in person_candidates(store, threshold=80)
               if "no date of birth" in c.reason)


def test_different_people_with_similar_names_are_not_proposed(store: SQLiteStore) -> None:
    store.upsert_entities([_person("Jan de Vries", "1975-07-12", "a", "1"),
                           _person("Joop de Vries", "1975-07-12", "b", "2"),
                           _person("Karel Bakker", "1975-07-12", "c", "3"),
                           _person("Karin Bakker", "1975-07-12", "d", "4")])
    assert person_candidates(store) == []


@pytest.fixture
def raw(store: SQLiteStore) -> SQLiteStore:
    return store
