"""Issue 16 item 3: a hand edit is a statement of the member's hand, folded like every source's.

A hand edit never erases another source's statements; a replace (taking back one's own value,
moving a relation's start, lowering a label) writes the record back from every source's
statements; undo restores them exactly. Through the functions, the CLI (`knooppunt edit`) and,
in tests/gui/test_records_gui.py, the record editor.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from graph import editing
from graph.access.guarded import GuardedStore
from graph.errors import PermissionDenied, ValidationError
from graph.model import Entity, Provenance, Relation
from graph.said import said_about
from tests.records.conftest import Project
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

KVK = Provenance(source="KvK Handelsregister", reference="12345678", received="2026-01-01")
TIP = Provenance(source="Tip", reference="t1", received="2026-02-01")
HAND = ("handmatige invoer", "alice")


@pytest.fixture
def alice(project: Project) -> Iterator[GuardedStore]:
    store = project.open()
    yield store
    store.close()


def _company(store: GuardedStore) -> tuple[str, str, str]:
    """A company the KvK (authoritative for its name) and a tip both speak of, and a director."""
    kvk = Entity(type="Company", properties={"kvk_number": "12345678", "name": "Alfa B.V.", "legal_form": "BV"},
                 provenance=KVK, reliability="A", credibility="1")
    tip = Entity(type="Company", properties={"kvk_number": "12345678", "name": "Alfa Witwas", "employees": 9,
                                             "trade_names": ["Alfa"]},
                 provenance=TIP, reliability="C", credibility="3")
    store.upsert_entities([kvk])
    store.upsert_entities([tip])
    (company,) = store.iter_entities("Company")
    person = Entity(type="Person", properties={"name": "Jan de Vries"}, provenance=TIP, reliability="C",
                    credibility="3")
    store.upsert_entities([person])
    (jan,) = store.iter_entities("Person")
    rel = Relation(type="director_of", source_id=jan.id, target_id=company.id, valid_from="2021-03-01",
                   properties={"role": "bestuurder"}, provenance=KVK, reliability="A", credibility="1")
    store.upsert_relations([rel])
    store.upsert_relations([Relation(type="director_of", source_id=jan.id, target_id=company.id,
                                     valid_from="2021-03-01", properties={"role": "bestuurder", "authority": "alleen"},
                                     provenance=TIP,
                                     reliability="C", credibility="3")])
    (director,) = store.relations_of(company.id)
    return company.id, jan.id, director.id


def _said(store: GuardedStore, record_id: str) -> list[tuple[object, ...]]:
    return sorted(s.content() for s in said_about(store, editing.get_record(store, record_id)))


def _view(store: GuardedStore, record_id: str) -> tuple[object, ...]:
    r = editing.get_record(store, record_id)
    return r.id, r.properties, r.label, r.grading, r.valid_from, r.valid_to, r.provenance


def test_a_hand_edit_is_a_claim_beside_the_kvk_and_undo_restores_exactly(alice: GuardedStore) -> None:
    company, _, _ = _company(alice)
    before_said, before_view = _said(alice, company), _view(alice, company)
    after, change = editing.update_record(alice, company, {"name": "Alfa Holding", "employees": "12"})
    # the KvK decides the statutory name; the member's newer word at the record's grading wins elsewhere
    assert after.properties["name"] == "Alfa B.V." and after.properties["employees"] == 12
    said = {(s.prop, s.value, s.source, s.reference) for s in alice.statements(company)}
    assert ("name", "Alfa Holding", *HAND) in said and ("employees", 12, *HAND) in said
    assert ("name", "Alfa B.V.", "KvK Handelsregister", "12345678") in said
    assert ("employees", 9, "Tip", "t1") in said
    others = [s for s in _said(alice, company) if s[:2] != HAND]
    assert others == [s for s in before_said if s[:2] != HAND]  # no other source lost or changed a word
    assert change.action == "update" and change.hand is not None and change.hand.reference == "alice"

    editing.restore(alice, change)
    assert _said(alice, company) == before_said and _view(alice, company)[1:4] == before_view[1:4]
    editing.redo(alice, change)
    assert ("name", "Alfa Holding", *HAND) in {(s.prop, s.value, s.source, s.reference)
                                                 for s in alice.statements(company)}


def test_taking_back_ones_own_value_keeps_every_other_source_and_the_relations(alice: GuardedStore) -> None:
    company, _, director = _company(alice)
    editing.update_record(alice, company, {"employees": "12"})
    with_hand, director_said = _said(alice, company), _said(alice, director)
    after, change = editing.update_record(alice, company, {}, unset=["employees"])
    assert change.action == "replace" and after.properties["employees"] == 9  # the tip's word again
    assert [s for s in _said(alice, company) if s[:2] != HAND] == [s for s in with_hand if s[:2] != HAND]
    assert _said(alice, director) == director_said  # the relation came back with both its sources
    assert [(s.source, s.reliability) for s in alice.sources(director)] == [("KvK Handelsregister", "A"),
                                                                             ("Tip", "C")]
    editing.restore(alice, change)
    assert _said(alice, company) == with_hand


def test_a_hand_edit_does_not_erase_another_sources_value(alice: GuardedStore) -> None:
    company, _, _ = _company(alice)
    before = _said(alice, company)
    with pytest.raises(ValidationError, match=r"trade_names: 'Alfa' is said by Tip C3"):
        editing.update_record(alice, company, {"trade_names": ""})
    with pytest.raises(ValidationError, match=r"employees: 9 is said by Tip C3"):
        editing.update_record(alice, company, {}, unset=["employees"])
    assert _said(alice, company) == before


def test_moving_a_relations_start_keeps_the_sources_word_and_undo_brings_the_old_id_back(
        alice: GuardedStore) -> None:
    _, _, director = _company(alice)
    before = _said(alice, director)
    after, change = editing.update_record(alice, director, {}, editing.RecordMeta(valid_from="01-04-2021"))
    assert after.id != director and after.valid_from == "2021-04-01"
    starts = {(s.value, s.source) for s in alice.statements(after.id) if s.prop == "@valid_from"}
    assert starts == {("2021-03-01", "KvK Handelsregister"), ("2021-03-01", "Tip"), ("2021-04-01", HAND[0])}
    editing.restore(alice, change)
    assert _said(alice, director) == before and editing.get_record(alice, director).valid_from == "2021-03-01"


def test_lowering_a_label_moves_the_records_own_words_only(project: Project, alice: GuardedStore) -> None:
    case = Provenance(source="Casus", reference="c1", received="2026-03-01")
    alice.upsert_entities([Entity(type="Person", properties={"name": "Piet Geheim", "birth_date": "1970-01-01"},
                                  provenance=case, reliability="B", credibility="2", label="confidential")])
    (piet,) = alice.iter_entities("Person")
    police = Provenance(source="Politie", reference="p1", received="2026-03-02")
    alice.upsert_entities([piet.evolve(properties={"gender": "M"}, provenance=police, label="police-wpg")])
    after, change = editing.update_record(alice, piet.id, {}, editing.RecordMeta(label="open"))
    assert change.action == "replace" and after.label == "open" and after.properties["birth_date"] == "1970-01-01"
    labels = {(s.prop, s.source): s.label for s in alice.statements(piet.id)}
    assert labels[("birth_date", "Casus")] == "open" and labels[("gender", "Politie")] == "police-wpg"
    clara = project.open("clara")
    try:  # the police claim stays above clara: she sees the open person without it
        assert "gender" not in clara.get_entity(piet.id).properties
        with pytest.raises(PermissionDenied):  # nor may she take the owner's statements back
            editing.restore(clara, change)
    finally:
        clara.close()
    editing.restore(alice, change)
    assert alice.get_entity(piet.id).label == "confidential"
    assert {(s.prop, s.source): s.label for s in alice.statements(piet.id)}[("birth_date", "Casus")] == "confidential"


def test_cli_edit_states_a_claim_and_leaves_the_kvk_name(project: Project, capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    store = project.open()
    try:
        company, _, _ = _company(store)
    finally:
        store.close()
    a = project.alice()
    assert main(["edit", company, "--set", "name=Alfa Holding", "--set", "legal_form=NV", *a]) == 0
    err = capsys.readouterr().err  # the member learns why the view did not change
    assert ("note: name: 'Alfa Holding' is kept as a claim of handmatige invoer; the view shows 'Alfa B.V.' of "
            "KvK Handelsregister (authoritative for it)") in err
    assert main(["show", company, "--format", "json", *a]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["entity"]["properties"]["name"] == "Alfa B.V."  # statutory: the KvK's word
    assert shown["entity"]["properties"]["legal_form"] == "BV"
    hand = {(s["prop"], s["value"]) for s in shown["statements"] if (s["source"], s["reference"]) == HAND}
    assert hand == {("name", "Alfa Holding"), ("legal_form", "NV")}
    assert ("KvK Handelsregister", "A1") in {(s["source"], s["reliability"] + s["credibility"])
                                             for s in shown["sources"]}
    assert main(["edit", company, "--set", "trade_names=", *a]) == 2
    assert "trade_names: 'Alfa' is said by Tip C3" in capsys.readouterr().err


def test_a_replace_leaves_the_relations_of_a_merged_entity_where_they_are(alice: GuardedStore) -> None:
    from graph.access.aliases import unaliased
    from graph.merge import merge_entities

    company, jan, director = _company(alice)
    tip2 = Provenance(source="Tip", reference="t2", received="2026-02-02")
    alice.upsert_entities([Entity(type="Person", properties={"name": "J. de Vries", "birth_date": "1980-01-01"},
                                  provenance=tip2, reliability="C", credibility="3")])
    other = next(p for p in alice.iter_entities("Person") if p.id != jan)
    alice.upsert_relations([Relation(type="owner_of", source_id=other.id, target_id=company, provenance=tip2)])
    merge_entities(alice, jan, other.id)
    assert {r.type for r in alice.relations_of(jan)} == {"director_of", "owner_of"}  # seen through the alias
    editing.update_record(alice, jan, {"gender": "M"})
    _, change = editing.update_record(alice, jan, {}, unset=["gender"])
    assert change.action == "replace"
    owned = [r for r in alice.iter_relations("owner_of")]
    assert len(owned) == 1 and {r.type for r in alice.relations_of(jan)} == {"director_of", "owner_of"}
    assert alice.get_relation(director).source_id == jan
    below = unaliased(alice)  # stored: the merged person keeps its own relation, undo of the merge stays exact
    assert [r.type for r in below.relations_of(jan)] == ["director_of"]
    assert [r.type for r in below.relations_of(other.id)] == ["owner_of"]
