"""Label isolation on Neo4j (issue 11 item 1): values above `open` sealed client-side, without a server.

The sealing layer is plain Python between the store and the driver; these tests look at
exactly what the store would send (a recording transaction) and at what a server could
hand back (altered, moved, relabelled ciphertext), as an administrator or a member with
their own Bolt credentials would see it.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from graph.model import Entity, Provenance, Relation
from graph.schema import default_schema
from graph.store import Caller
from graph.stores import neo4j_cypher as cy
from graph.stores.neo4j_seal import SEAL_KEYS, LabelSeal, SealError, statements_key
from graph.stores.neo4j_store import entity_row
from tests.neo4j.recording import recording_store

ALL = frozenset({"open", "confidential", "police-wpg", "fiod/tax"})
KEYS = {label: os.urandom(32) for label in ALL}
SECRET = ("Geheim Transport", "87654321", "Kerkstraat")


def _seal(labels: frozenset[str] = ALL, project: str = "test") -> LabelSeal:
    return LabelSeal({lab: KEYS[lab] for lab in labels}, project)


def _company(label: str = "confidential", source: str = "Politie", **props: Any) -> Entity:
    return Entity(id="", type="Company", label=label,
                  properties={"name": "Geheim Transport B.V.", "kvk_number": "87654321", **props},
                  provenance=Provenance(source=source, reference="PV-2024-1" if source == "Politie" else "u-1"))


def _row(e: Entity) -> dict[str, Any]:
    schema = default_schema()
    schema.prepare_entity(e)
    return entity_row(schema, "test", e, [])


def _sealed_store(labels: frozenset[str] = ALL, user: str = "anna") -> tuple[Any, Any]:
    return recording_store(caller=Caller(user=user, clearance=labels), seal=_seal(labels))


def _sent_text(tx: Any) -> str:
    return json.dumps([params for _, params in tx.sent], ensure_ascii=False, default=str)


# -- what leaves the member's computer ---------------------------------------------------------------
def test_a_confidential_record_leaves_only_as_ciphertext() -> None:
    store, tx = _sealed_store()
    store.upsert_entities([_company()])
    text = _sent_text(tx)
    for secret in (*SECRET[:2], "geheim", "Politie", "PV-2024-1"):
        assert secret not in text, secret
    rows = next(p["rows"] for s, p in tx.sent if s == cy.render_upsert_entities("Company"))
    node = rows[0]
    clear = {"project", "id", "type", "label", "reliability", "credibility", "created_by", "created_at",
             "updated_by", "updated_at", "sealed", "seal_label", "search", statements_key("confidential")}
    assert set(node) <= clear and {"sealed", "seal_label", "search", "id", "label"} <= set(node)
    assert node["label"] == node["seal_label"] == "confidential"
    assert all(t.startswith("kx") and len(t) == 22 for t in node["search"].split())


def test_open_records_stay_in_clear_and_queryable() -> None:
    store, tx = _sealed_store()
    store.upsert_entities([_company(label="open", source="KvK")])
    node = next(p["rows"] for s, p in tx.sent if s == cy.render_upsert_entities("Company"))[0]
    assert node["caption"].startswith("Geheim Transport") and node["p_kvk_number"] == "87654321"
    assert "sealed" not in node and "geheim" in node["search"]


def test_round_trip_through_the_seal() -> None:
    seal = _seal()
    row = _row(_company())
    opened = seal.open_map(seal.seal_entity(row))
    assert opened is not None
    assert {k: v for k, v in opened.items() if k != "search"} == {k: v for k, v in row.items() if k != "search"}


def test_each_write_uses_a_fresh_nonce() -> None:
    seal = _seal()
    row = _row(_company())
    assert seal.seal_entity(row)["sealed"] != seal.seal_entity(row)["sealed"]


# -- what a member without the key, and the server, can do with it ----------------------------------------
def test_a_member_without_the_label_key_cannot_open_it() -> None:
    sealed = _seal().seal_entity(_row(_company(label="police-wpg")))
    viewer = _seal(frozenset({"open", "confidential"}))
    assert viewer.open_map(sealed) is None  # invisible: not an error, not a value
    with pytest.raises(KeyError):
        viewer.open_value(sealed["sealed"], sealed["id"], "police-wpg", "record")


def test_another_projects_key_does_not_open_it() -> None:
    sealed = _seal().seal_entity(_row(_company()))
    with pytest.raises(SealError):
        _seal(project="other").open_map(sealed)


@pytest.mark.parametrize("attack", ["move", "relabel", "downgrade", "strip", "flip"])
def test_server_side_tampering_is_refused(attack: str) -> None:
    seal = _seal()
    a = seal.seal_entity(_row(_company()))
    b = seal.seal_entity(_row(_company(kvk_number="12345678", name="Ander B.V.")))
    if attack == "move":  # a ciphertext copied onto another record
        b["sealed"] = a["sealed"]
        target = b
    elif attack == "relabel":  # sealed under confidential, relabelled fiod/tax on the server
        a["label"] = a["seal_label"] = "fiod/tax"
        target = a
    elif attack == "downgrade":  # made open so every member's filter lets it through
        a["label"] = a["seal_label"] = "open"
        target = a
    elif attack == "strip":  # the seal removed, clear values planted
        for key in ("sealed", "seal_label"):
            a.pop(key)
        a["props"] = json.dumps({"name": "Nep B.V."})
        target = a
    else:  # one bit of the ciphertext flipped
        raw = bytearray(a["sealed"].encode())
        raw[20] = ord("A") if raw[20] != ord("A") else ord("B")
        a["sealed"] = raw.decode()
        target = a
    with pytest.raises(SealError, match=target["id"]):
        seal.open_map(target)


# -- statements keep their own labels --------------------------------------------------------------------
def test_a_police_statement_about_an_open_company_is_sealed_under_police() -> None:
    store, tx = _sealed_store()
    store.upsert_entities([_company(label="open", source="KvK")])
    # the same company named by a police source: its statement is police-wpg, the company stays open
    tx.answers[cy.LOCK_ENTITIES] = [{"n": next(p["rows"] for s, p in tx.sent
                                           if s == cy.render_upsert_entities("Company"))[0]}]
    tx.sent.clear()
    store.upsert_entities([_company(label="police-wpg", source="Politie", trade_names=["Schuilnaam"])])
    node = [p["rows"] for s, p in tx.sent if s == cy.render_upsert_entities("Company")][-1][0]
    assert "Schuilnaam" not in json.dumps(node) and "Politie" not in json.dumps(node)
    assert statements_key("police-wpg") in node and node["label"] == "open"
    opened = _seal().open_map(node)
    assert opened is not None and any(r[2] == "Politie" for r in json.loads(opened["statements"]))
    open_only = _seal(frozenset({"open"})).open_map(node)
    assert open_only is not None and "Politie" not in open_only.get("statements", "")
    assert open_only["kept"] == {statements_key("police-wpg"): node[statements_key("police-wpg")]}


def test_a_writer_without_a_key_keeps_the_statements_they_cannot_read() -> None:
    full = _seal()
    row = _row(_company(label="open", source="KvK"))
    row["statements"] = json.dumps([["name", '"Geheim"', "Politie", "PV", None, "B", "2", "police-wpg", "x", "t"]])
    stored = full.seal_entity(row)
    analyst = _seal(frozenset({"open"}))
    opened = analyst.open_map(stored)
    assert opened is not None
    rewritten = analyst.seal_entity({k: v for k, v in opened.items() if k != "kept"}, opened["kept"])
    back = full.open_map(rewritten)
    assert back is not None and "Politie" in back["statements"]


# -- relations -----------------------------------------------------------------------------------------
def test_a_relation_is_sealed_at_the_highest_label_of_itself_and_its_ends() -> None:
    seal = _seal()
    props = {"project": "test", "id": "rel-1", "type": "director_of", "src": "per-1", "dst": "com-1",
             "props": json.dumps({"role": "katvanger"}), "label": "open", "valid_from": "2020-01-01"}
    sealed = seal.seal_relation(props, ["open", "police-wpg"])
    assert sealed["seal_label"] == "police-wpg" and sealed["label"] == "open"
    assert "katvanger" not in json.dumps(sealed) and "2020-01-01" not in json.dumps(sealed)
    assert sealed["src"] == "per-1" and sealed["dst"] == "com-1"  # the structure stays in clear (documented)
    assert seal.open_map(sealed) == props
    assert _seal(frozenset({"open", "confidential"})).open_map(sealed) is None


def test_store_seals_relations_with_their_ends_labels() -> None:
    store, tx = _sealed_store()
    tx.answers[cy.ENTITY_TYPES_BY_ID] = [{"id": "per-00000000000000a1", "type": "Person", "label": "police-wpg"},
                                         {"id": "com-00000000000000b2", "type": "Company", "label": "open"}]
    rel = Relation(id="", type="director_of", source_id="per-00000000000000a1", target_id="com-00000000000000b2",
                   properties={"role": "katvanger"}, provenance=Provenance(source="Politie"))
    store.upsert_relations([rel])
    rows = next(p["rows"] for s, p in tx.sent if s == cy.UPSERT_RELATIONS)
    assert rows[0]["props"]["seal_label"] == "police-wpg" and "katvanger" not in _sent_text(tx)


# -- search: a keyed blind index -------------------------------------------------------------------------
def test_blind_index_matches_words_and_prefixes_per_label() -> None:
    seal = _seal()
    tokens = set(seal.blind_tokens("Geheim Transport B.V.", "confidential").split())
    exact, prefix = (t.removesuffix("^2") for t in seal.query_terms("transport")[0:2])
    assert {exact, prefix} <= tokens  # the confidential pair (labels sorted: confidential first)
    assert seal.query_terms("trans")[1] in tokens  # a prefix finds it
    assert seal.query_terms("transportx")[1] not in tokens
    other = set(seal.blind_tokens("Geheim Transport B.V.", "police-wpg").split())
    assert not tokens & other  # each label its own key: nothing to correlate across labels
    assert not any("trans" in t or "geheim" in t for t in tokens)


def test_search_finds_sealed_records_for_members_with_the_key() -> None:
    store, tx = _sealed_store()
    store.upsert_entities([_company()])
    node = next(p["rows"] for s, p in tx.sent if s == cy.render_upsert_entities("Company"))[0]
    tx.answers[cy.SEARCH] = [{"id": node["id"], "caption": None, "label": node["label"],
                              "seal_label": node["seal_label"], "sealed": node["sealed"]}]
    tx.answers[cy.ENTITIES_BY_ID] = [{"n": node}]
    hits = store.search("geheim trans")
    assert [h.properties["kvk_number"] for h in hits] == ["87654321"]
    query = next(p["query"] for s, p in tx.sent if s == cy.SEARCH)
    assert "geheim^2" in query and "trans*" in query  # open records: as before
    tokens = set(node["search"].split())
    assert sum(term.removesuffix("^2") in tokens for term in query.replace("(", " ").replace(")", " ").split()) >= 2
    # a member whose slot lacks the key gets no caption, hence no hit, even if the server hands it over
    viewer, vtx = _sealed_store(frozenset({"open"}), user="vera")
    vtx.answers[cy.SEARCH] = tx.answers[cy.SEARCH]
    vtx.answers[cy.ENTITIES_BY_ID] = tx.answers[cy.ENTITIES_BY_ID]
    assert viewer.search("geheim") == []
    assert next(p["clearance"] for s, p in vtx.sent if s == cy.SEARCH) == ["open"]


def test_clearance_on_the_server_is_what_the_member_can_decrypt() -> None:
    store, _ = recording_store(caller=Caller(user="bob", clearance=ALL),
                               seal=_seal(frozenset({"open", "confidential"})))
    assert store._clearance == ["confidential", "open"]


def test_writing_a_label_without_its_key_is_refused() -> None:
    store, tx = _sealed_store(frozenset({"open", "confidential"}))
    with pytest.raises(Exception, match="fiod/tax"):
        store.upsert_entities([_company(label="fiod/tax")])
    assert not [s for s, _ in tx.sent if s.startswith("UNWIND $rows")]


def test_seal_keys_are_declared_to_the_cypher_linter() -> None:
    keys = cy.lint_schema(default_schema())["propertyKeys"]
    assert set(SEAL_KEYS) <= set(keys)


def test_reads_open_what_the_server_hands_back() -> None:
    writer, wtx = _sealed_store()
    writer.upsert_entities([_company(label="open", source="KvK")])
    node = next(p["rows"] for s, p in wtx.sent if s == cy.render_upsert_entities("Company"))[0]
    wtx.answers[cy.LOCK_ENTITIES] = [{"n": node}]
    writer.upsert_entities([_company(label="police-wpg", source="Politie", trade_names=["Schuilnaam"])])
    node = [p["rows"] for s, p in wtx.sent if s == cy.render_upsert_entities("Company")][-1][0]
    rel_props = _seal().seal_relation({"project": "test", "id": "rel-1", "type": "director_of", "src": "per-1",
                                       "dst": node["id"], "props": json.dumps({"role": "katvanger"}),
                                       "label": "confidential", "source": "Politie"}, ["open", "open"])
    for labels, sees_police in ((ALL, True), (frozenset({"open", "confidential"}), False)):
        reader, rtx = _sealed_store(labels, user="bob")
        rtx.answers[cy.ENTITY_BY_ID] = [{"n": node}]
        rtx.answers[cy.RELATIONS_OF] = [{"r": rel_props, "src": "per-1", "dst": node["id"]}]
        assert reader.get_entity(node["id"]).properties["kvk_number"] == "87654321"
        said = {s.source for s in reader.statements(node["id"])}
        assert ("Politie" in said) is sees_police and "KvK" in said
        assert ("Politie" in {s.source for s in reader.sources(node["id"])}) is sees_police
        [rel] = reader.relations_of(node["id"])
        assert rel.properties == {"role": "katvanger"} and rel.provenance is not None
