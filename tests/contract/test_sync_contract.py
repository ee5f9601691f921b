"""Push and pull between a local project and a project on the backend under test."""

from __future__ import annotations

import json
from pathlib import Path

from graph.model import Entity, Provenance
from graph.store import Caller, Store
from graph.stores.sqlite_store import SQLiteStore
from graph.sync import pull, push
from tests.contract.conftest import StoreFactory
from tests.contract.test_store_contract import OPEN_ONLY, build


def _local(tmp_path: Path, name: str, caller: Caller | None = None) -> SQLiteStore:
    return SQLiteStore(tmp_path / f"{name}.knp", create=True, caller=caller or Caller(user="analist"))


def test_push_then_pull_preserves_records_and_provenance(tmp_path: Path, store: Store) -> None:
    local = _local(tmp_path, "local")
    net = build(local)
    local.upsert_entities([Entity(type="Company", properties={"kvk_number": "12345678"},
                                  provenance=Provenance(source="MMA", reference="m1"), reliability="C",
                                  credibility="3")])
    local.upsert_entities([Entity(type="Company", properties={"kvk_number": "12345678"},
                                  provenance=Provenance(source="KvK", reference="r1"), reliability="A",
                                  credibility="1")])
    report = push(local, store, local_name="local.knp", remote_name="shared")
    assert report.entities.created == 6 and report.relations.created == 5
    assert store.counts() == local.counts()

    bouw_local, bouw_remote = local.get_entity(net.bouw), store.get_entity(net.bouw)
    assert bouw_remote.properties == bouw_local.properties
    assert (bouw_remote.provenance, bouw_remote.grading, bouw_remote.label) == (
        bouw_local.provenance, bouw_local.grading, bouw_local.label)
    assert [(s.source, s.reference, s.reliability) for s in store.sources(net.bouw)] == [
        (s.source, s.reference, s.reliability) for s in local.sources(net.bouw)]
    assert store.get_entity(net.geheim).label == "confidential"
    assert store.get_relation(net.rels["jan_bouw"]).valid_from == "2020-01-01"

    back = _local(tmp_path, "back")
    pulled = pull(store, back, [net.jan], depth=1, local_name="back.knp", remote_name="shared")
    assert {e.id for e in back.iter_entities()} == {net.jan, net.bouw, net.geheim}
    assert pulled.relations.created == 2
    assert back.get_entity(net.bouw).grading == bouw_local.grading


def test_push_twice_changes_nothing_and_merges_on_identity(tmp_path: Path, store: Store) -> None:
    local = _local(tmp_path, "local")
    build(local)
    push(local, store)
    again = push(local, store)
    assert again.entities.created == again.entities.updated == 0
    assert again.relations.created == again.relations.updated == 0
    # a second analyst's project knows the same company under another source: merged, not duplicated
    other = _local(tmp_path, "other")
    other.upsert_entities([Entity(type="Company", properties={"kvk_number": "12345678", "employees": 4},
                                  provenance=Provenance(source="Bibob-dossier", reference="b9"))])
    push(other, store)
    assert store.counts()["Company"] == 2
    merged = store.search("muller bouw")[0]
    assert merged.properties["employees"] == 4
    assert "Bibob-dossier" in [s.source for s in store.sources(merged.id)]


def test_hidden_records_never_leave_and_both_ends_are_audited(tmp_path: Path, make_store: StoreFactory) -> None:
    shared = make_store()
    local = _local(tmp_path, "local")
    net = build(local)
    push(local, shared, local_name="local.knp", remote_name="shared")
    low_local = _local(tmp_path, "low", caller=OPEN_ONLY)
    report = pull(shared.with_caller(OPEN_ONLY), low_local, local_name="low.knp", remote_name="shared")  # type: ignore[attr-defined]
    assert net.geheim not in {e.id for e in low_local.iter_entities()}
    assert report.entities.total == 5 and report.relations.total == 4
    shared_actions = [e.action for e in shared.audit_entries()]
    assert shared_actions[-2:] == ["push.received", "pull.sent"]
    assert local.audit_entries()[-1].action == "push"
    entry = low_local.audit_entries()[-1]
    assert entry.action == "pull" and json.loads(entry.details)["entities"] == 5
