"""The rules of resolution candidates, each on its own (issue 19 item 4: mutants that went unnoticed).

Which pair is a candidate, with which fields, in which order; a rejected pair stays rejected
whichever way round it was named; the merge list shows the analyst only merges they may see.
"""

from __future__ import annotations

import json
import re

import pytest

from graph.access.guarded import GuardedStore
from graph.access.roles import Member
from graph.errors import KnooppuntError, NotFound
from graph.merge import get_merge, list_merges, merge_entities, undo_merge
from graph.model import SECURITY_LABELS, Entity, Provenance
from graph.stores.sqlite_store import SQLiteStore
from importers.resolution import Candidate, confirm, person_candidates, reject, rejected_pairs


def _person(name: str, dob: str | None, ref: str, **extra: object) -> Entity:
    props: dict[str, object] = {"name": name, **extra}
    if dob:
        props["birth_date"] = dob
    return Entity(type="Person", properties=props, provenance=Provenance(source="t", reference=ref))


def _by_id(store: SQLiteStore) -> dict[str, Entity]:
    return {e.id: e for e in store.iter_entities("Person")}


def test_candidate_fields_follow_the_ordered_pair(store: SQLiteStore) -> None:
    """`a` is the smaller id, and its name and date of birth are a's -- never the other's."""
    store.upsert_entities([_person("Jan de Vries", "1975-07-12", "1"), _person("Jan de Vries", None, "2"),
                           _person("Vries, Jan de", "1975-07-12", "3")])
    people = _by_id(store)
    found = person_candidates(store)
    assert len(found) == 2  # the reordered name without a date of birth is too far from the undated one
    for c in found:
        assert c.a < c.b
        a, b = people[c.a], people[c.b]
        assert (c.a_name, c.b_name) == (a.caption, b.caption)
        assert (c.a_birth_date, c.b_birth_date) == (a.properties.get("birth_date"), b.properties.get("birth_date"))
    assert [c.score for c in found] == [100.0, 90.0]  # best first; a missing date of birth costs 10
    assert found[0].reason == "same date of birth"  # token order does not count
    assert found[1].reason == "similar name, no date of birth on one side"
    undated = found[1]
    assert undated.row() == {"score": 90.0, "a": undated.a, "a_name": undated.a_name,
                             "a_birth": undated.a_birth_date or "", "b": undated.b, "b_name": undated.b_name,
                             "b_birth": undated.b_birth_date or "", "reason": undated.reason}
    assert "" in (undated.row()["a_birth"], undated.row()["b_birth"])
    assert "1975-07-12" in (undated.row()["a_birth"], undated.row()["b_birth"])


def test_row_rounds_the_score_to_one_decimal() -> None:
    c = Candidate("per-1", "per-2", "A", "B", None, "1970-01-01", 87.4567, "r")
    assert c.row() == {"score": 87.5, "a": "per-1", "a_name": "A", "a_birth": "", "b": "per-2", "b_name": "B",
                       "b_birth": "1970-01-01", "reason": "r"}


def test_limit_keeps_the_best(store: SQLiteStore) -> None:
    store.upsert_entities([_person("Jan de Vries", "1975-07-12", "1"), _person("Jan de Vries", None, "2"),
                           _person("Vries, Jan de", "1975-07-12", "3")])
    every = person_candidates(store)
    assert person_candidates(store, limit=1) == every[:1] and person_candidates(store, limit=None) == every


def test_a_score_equal_to_the_threshold_is_a_candidate(store: SQLiteStore) -> None:
    store.upsert_entities([_person("Jan de Vries", "1975-07-12", "1"), _person("Jan de Vries", "1975-07-12", "2")])
    [c] = person_candidates(store, threshold=100.0)
    assert c.score == 100.0 and c.reason == "same date of birth"


def test_bsn_rules_and_a_skipped_pair_does_not_end_the_block(store: SQLiteStore) -> None:
    """Two different BSNs: never. One BSN: still a candidate. Skipping one pair goes on to the next."""
    store.upsert_entities([_person("Jan de Vries", "1975-07-12", "1", bsn="111222333"),
                           _person("Jan de Vries", "1975-07-12", "2", bsn="999888777"),
                           _person("Jan de Vries", "1975-07-12", "3")])
    people = _by_id(store)
    pairs = {frozenset((people[c.a].properties.get("bsn"), people[c.b].properties.get("bsn")))
             for c in person_candidates(store)}
    assert pairs == {frozenset(("111222333", None)), frozenset(("999888777", None))}


def test_two_dates_of_birth_that_differ_skip_only_that_pair(store: SQLiteStore) -> None:
    store.upsert_entities([_person("Jan de Vries", "1975-07-12", "1"), _person("Jan de Vries", "1980-01-01", "2"),
                           _person("Jan de Vries", None, "3")])
    people = _by_id(store)
    found = person_candidates(store)
    assert len(found) == 2
    assert all(None in (people[c.a].properties.get("birth_date"), people[c.b].properties.get("birth_date"))
               for c in found)


def test_a_rejected_pair_named_either_way_round_stays_rejected_and_the_others_remain(store: SQLiteStore) -> None:
    store.upsert_entities([_person("Jan de Vries", "1975-07-12", "1"), _person("Jan de Vries", "1975-07-12", "2"),
                           _person("Jan de Vries", "1975-07-12", "3")])
    first = person_candidates(store)[0]
    reject(store, first.b, first.a)  # the other way round
    assert rejected_pairs(store) == {(first.a, first.b)}
    assert json.loads(store.get_setting("resolution.rejected") or "") == [[first.a, first.b]]
    left = person_candidates(store)
    assert len(left) == 2 and all({c.a, c.b} != {first.a, first.b} for c in left)
    entry = [e for e in store.audit_entries() if e.action == "resolution reject"][-1]
    assert json.loads(entry.details) == {"a": first.b, "b": first.a}
    reject(store, first.a, first.b)
    assert rejected_pairs(store) == {(first.a, first.b)}


def test_only_the_persons_given_are_compared_and_names_come_from_properties(store: SQLiteStore) -> None:
    people = [_person("Jan de Vries", "1975-07-12", "1"), _person("Jan de Vries", "1975-07-12", "2"),
              _person("Jan de Vries", "1975-07-12", "3")]
    store.upsert_entities(people)
    stored = list(_by_id(store).values())
    assert len(person_candidates(store, persons=stored[:2])) == 1
    nameless = [e.evolve(caption="") for e in stored[:2]]  # no caption: the name property is the name
    [c] = person_candidates(store, persons=nameless)
    assert c.score == 100.0
    assert person_candidates(store, persons=[e.evolve(caption="", properties={}) for e in stored]) == []


@pytest.fixture
def owner_and_viewer(store: SQLiteStore) -> tuple[GuardedStore, GuardedStore]:
    return (GuardedStore(store, Member("alice", "owner", frozenset(SECURITY_LABELS))),
            GuardedStore(store, Member("bob", "viewer", frozenset({"open"}))))


def test_the_merge_list_shows_only_merges_the_caller_may_see(owner_and_viewer) -> None:
    owner, viewer = owner_and_viewer
    secret = [_person("Geheim Persoon", None, "s1").evolve(label="confidential"),
              _person("Geheim Persoon", None, "s2").evolve(label="confidential")]
    public = [_person("Jan Open", None, "p1"), _person("J. Open", None, "p2")]
    owner.upsert_entities([*secret, *public])
    ids = [e.id for e in owner.iter_entities("Person")]
    secret_ids = [i for i in ids if owner.get_entity(i).label == "confidential"]
    public_ids = sorted(i for i in ids if i not in secret_ids)
    first = merge_entities(owner, secret_ids[0], secret_ids[1], reason="one")
    second = merge_entities(owner, public_ids[0], public_ids[1], reason="two")
    assert [m["merge"] for m in list_merges(owner)] == [first, second]
    [shown] = list_merges(viewer)  # the hidden merge comes first: it is skipped, not the end of the list
    kept, merged = owner.get_entity(public_ids[0]), public_ids[1]
    assert shown == {"merge": second, "at": shown["at"], "by": owner.caller.user, "kept": public_ids[0],
                     "kept_name": kept.caption, "merged": merged, "merged_name": shown["merged_name"], "undone": ""}
    assert shown["merged_name"] in ("Jan Open", "J. Open") and shown["merged_name"] != kept.caption
    assert shown["at"][:2] == "20"


def _merged_pair(owner: GuardedStore) -> tuple[str, str]:
    owner.upsert_entities([_person("Jan de Vriës", None, "m1"), _person("J. de Vriës", None, "m2")])
    a, b = sorted(e.id for e in owner.iter_entities("Person"))
    return a, b


def test_merge_and_undo_are_noted_and_audited_with_every_detail(owner_and_viewer) -> None:
    owner, _ = owner_and_viewer
    a, b = _merged_pair(owner)
    captions = {a: owner.get_entity(a).caption, b: owner.get_entity(b).caption}
    merge_id = merge_entities(owner, a, b, reason="zelfde persoon (BRP)")
    assert re.fullmatch(r"mrg-[0-9a-f]{16}", merge_id)
    note = get_merge(owner, merge_id)
    assert {k: note[k] for k in ("id", "by", "reason", "kept", "merged")} == {
        "id": merge_id, "by": owner.caller.user, "reason": "zelfde persoon (BRP)", "kept": a, "merged": b}
    entry = [json.loads(e.details) for e in owner.audit_entries() if e.action == "merge"][-1]
    assert {k: entry[k] for k in ("merge_id", "kept", "merged", "type", "kept_caption", "merged_caption",
                                  "reason")} == {"merge_id": merge_id, "kept": a, "merged": b, "type": "Person",
                                                 "kept_caption": captions[a], "merged_caption": captions[b],
                                                 "reason": "zelfde persoon (BRP)"}
    undone = undo_merge(owner, merge_id)
    assert undone["undone_by"] == owner.caller.user and get_merge(owner, merge_id)["undone_by"] == owner.caller.user
    entry = [json.loads(e.details) for e in owner.audit_entries() if e.action == "merge undo"][-1]
    assert {k: entry[k] for k in ("merge_id", "kept", "restored")} == {"merge_id": merge_id, "kept": a, "restored": b}


def test_merge_refusals_say_why(owner_and_viewer) -> None:
    owner, _ = owner_and_viewer
    a, b = _merged_pair(owner)
    owner.upsert_entities([_person("Derde", None, "m3"),
                           Entity(type="Company", properties={"name": "Jan BV", "kvk_number": "12345678"})])
    c = next(e.id for e in owner.iter_entities("Person") if e.id not in (a, b))
    company = next(iter(owner.iter_entities("Company"))).id
    with pytest.raises(KnooppuntError, match=f"^cannot merge Person {a} with Company {company}: types differ$"):
        merge_entities(owner, a, company)
    merge_entities(owner, a, b)
    with pytest.raises(KnooppuntError, match=f"^{b} was already merged into {a}; merge with that one$"):
        merge_entities(owner, c, b)
    with pytest.raises(KnooppuntError, match=f"^{a} has entities merged into it; keep it and merge the other into it$"):
        merge_entities(owner, c, a)
    with pytest.raises(NotFound, match=r"^no merge 'mrg-none' in the project"):
        get_merge(owner, "mrg-none")


def test_a_merge_note_from_before_aliases_is_read(owner_and_viewer) -> None:
    owner, _ = owner_and_viewer
    a, b = _merged_pair(owner)
    owner.set_setting("merge.mrg-old", json.dumps({"id": "mrg-old", "at": "2025-01-01", "by": "alice",
                                                   "keep": {"id": a}, "drop": {"id": b}}))
    owner.set_setting("merge.index", json.dumps(["mrg-old"]))
    m = get_merge(owner, "mrg-old")
    assert (m["kept"], m["merged"]) == (a, b)
    assert [(x["kept"], x["merged"]) for x in list_merges(owner)] == [(a, b)]
    owner.set_setting("merge.mrg-new", json.dumps({"id": "mrg-new", "kept": a, "merged": b, "keep": {"id": "x"}}))
    assert get_merge(owner, "mrg-new")["kept"] == a  # a note that has both keeps its own


def test_confirm_notes_a_reason_even_without_one(owner_and_viewer) -> None:
    owner, _ = owner_and_viewer
    a, b = _merged_pair(owner)
    assert get_merge(owner, confirm(owner, a, b))["reason"] == "confirmed resolution candidate"


def test_the_no_birth_date_cutoff_and_only_persons(store: SQLiteStore) -> None:
    store.upsert_entities([_person("Jan de Vries", "1975-07-12", "1"), _person("J. de Vries", None, "2"),
                           Entity(type="Company", properties={"name": "Jan de Vries", "kvk_number": "12345678"})])
    assert person_candidates(store, threshold=85) == []  # 90 by initials, but undated needs 95; never a company
    store.upsert_entities([_person("Jan de Vries", None, "3")])
    [c] = person_candidates(store, threshold=95)  # the undated cutoff stops at 100, it does not pass it
    assert c.score == 90.0


def test_a_pair_the_exact_score_turns_down_does_not_end_the_block(store: SQLiteStore) -> None:
    """Jan and Joop pass the rough prefilter (same initials) but not the exact score; the others still come."""
    names = ["Jan de Vries", "Joop de Vries", "Jan de Vries", "Joop de Vries"]
    store.upsert_entities([_person(name, "1975-07-12", str(i)) for i, name in enumerate(names)])
    people = _by_id(store)
    pairs = sorted((people[c.a].caption, people[c.b].caption) for c in person_candidates(store, threshold=85))
    assert pairs == [("Jan de Vries", "Jan de Vries"), ("Joop de Vries", "Joop de Vries")]
