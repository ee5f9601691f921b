"""The store contract: every backend merges, finds, walks, hides, deletes and rolls back alike.

Each test runs once per backend (tests/contract/conftest.py): the embedded SQLite store
always, Neo4j when a server is configured.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pytest

from graph.errors import KnooppuntError, NotFound
from graph.model import Entity, Provenance, Relation
from graph.store import Caller, Store, entry_hash

OPEN_ONLY = Caller(user="gemeente", clearance=frozenset({"open"}))


def kvk(reference: str = "r1", source: str = "KvK") -> Provenance:
    return Provenance(source=source, reference=reference, received="2026-01-15")


@dataclass
class Net:
    """A small network: jan -director_of-> bouw -located_at-> pand <-located_at- handel <-director_of- piet;
    geheim (confidential person) -associate_of- jan."""

    jan: str
    piet: str
    geheim: str
    bouw: str
    handel: str
    pand: str
    rels: dict[str, str]


def build(store: Store) -> Net:
    people = [
        Entity(type="Person", properties={"name": "Jan Müller"}, provenance=kvk("p-jan", "BRP")),
        Entity(type="Person", properties={"name": "Piet de Vries"}, provenance=kvk("p-piet", "BRP")),
        Entity(type="Person", properties={"name": "Geheime Getuige"}, provenance=kvk("p-x", "Politie"),
               label="confidential"),
    ]
    companies = [
        Entity(type="Company", properties={"name": "Müller Bouw B.V.", "kvk_number": "12345678",
                                           "trade_names": ["Bouwbedrijf Müller"]},
               provenance=kvk(), reliability="A", credibility="1"),
        Entity(type="Company", properties={"name": "Handelsonderneming Çelik", "kvk_number": "87654321"},
               provenance=kvk("r2")),
        Entity(type="Address", properties={"street": "Kerkstraat", "house_number": 10, "postcode": "1234ab",
                                           "city": "Utrecht", "full": "Kerkstraat 10, 1234 AB Utrecht"},
               provenance=kvk("a1")),
    ]
    stats = store.upsert_entities(people + companies)
    jan, piet, geheim, bouw, handel, pand = stats.ids
    rel_stats = store.upsert_relations([
        Relation(type="director_of", source_id=jan, target_id=bouw, properties={"role": "bestuurder"},
                 valid_from="2020-01-01", provenance=kvk("d1")),
        Relation(type="located_at", source_id=bouw, target_id=pand, properties={"kind": "bezoekadres"},
                 provenance=kvk("l1")),
        Relation(type="located_at", source_id=handel, target_id=pand, properties={"kind": "bezoekadres"},
                 provenance=kvk("l2")),
        Relation(type="director_of", source_id=piet, target_id=handel, properties={"role": "bestuurder"},
                 provenance=kvk("d2")),
        Relation(type="associate_of", source_id=geheim, target_id=jan, provenance=kvk("x1", "Politie")),
    ])
    names = ["jan_bouw", "bouw_pand", "handel_pand", "piet_handel", "geheim_jan"]
    return Net(jan, piet, geheim, bouw, handel, pand, dict(zip(names, rel_stats.ids, strict=True)))


# -- identity merge and idempotence ----------------------------------------------------------------
def test_identity_merge_across_sources(store: Store) -> None:
    first = store.upsert_entities([Entity(type="Company", properties={"name": "Alfa B.V.", "kvk_number": "1234567",
                                                                      "trade_names": ["Alfa"]},
                                          provenance=kvk("r1"), reliability="A", credibility="1")])
    second = store.upsert_entities([Entity(type="Company", properties={"kvk_number": "01234567",
                                                                       "trade_names": ["Alfa Holding"]},
                                           provenance=Provenance(source="MMA", reference="m7"),
                                           reliability="C", credibility="3")])
    assert first.created == 1 and second.updated == 1 and second.sources_added == 1
    assert first.ids == second.ids
    company = store.get_entity(first.ids[0])
    assert company.properties["kvk_number"] == "01234567"
    assert company.properties["trade_names"] == ["Alfa", "Alfa Holding"]
    # Issue 19: the record's grading is the best a source gave it; each source keeps its own.
    assert company.grading == "A1"
    assert company.provenance is not None and company.provenance.source == "KvK"
    assert [(s.source, s.reference, s.reliability, s.credibility) for s in store.sources(company.id)] == [
        ("KvK", "r1", "A", "1"), ("MMA", "m7", "C", "3")]
    assert store.counts() == {"Company": 1}


def test_upsert_is_idempotent(store: Store) -> None:
    net = build(store)
    before = store.counts()
    again = build(store)
    assert again == net
    assert store.counts() == before
    stats = store.upsert_entities([Entity(type="Company", properties={"name": "Müller Bouw B.V.",
                                                                      "kvk_number": "12345678"},
                                          provenance=kvk(), reliability="A", credibility="1")])
    assert (stats.created, stats.updated, stats.unchanged, stats.sources_added) == (0, 0, 1, 0)
    company = store.get_entity(net.bouw)
    assert company.created_at == company.updated_at


def test_same_batch_duplicates_merge(store: Store) -> None:
    stats = store.upsert_entities([
        Entity(type="Vehicle", properties={"plate": "ab-12-cd", "make": "Audi"}),
        Entity(type="Vehicle", properties={"plate": "AB12CD", "color": "zwart"}),
    ])
    assert stats.created == 1 and len(set(stats.ids)) == 1
    assert store.get_entity(stats.ids[0]).properties == {"plate": "AB12CD", "make": "Audi", "color": "zwart"}


def test_identity_less_records_under_one_reference(store: Store) -> None:
    """Two persons in one extract are two records; one source's conflicting restatement at a higher
    label keeps both values (the record is never blanked) and is reported, on every backend."""
    src = kvk("uittreksel 1")
    stats = store.upsert_entities([Entity(type="Person", properties={"name": "Jan de Vries"}, provenance=src),
                                   Entity(type="Person", properties={"name": "Piet Bakker"}, provenance=src)])
    assert stats.created == 2 and len(set(stats.ids)) == 2 and not stats.conflicts
    names = {store.get_entity(i).properties["name"] for i in stats.ids}
    assert names == {"Jan de Vries", "Piet Bakker"}
    nameless = [Entity(type="Person", properties={"gender": g}, provenance=src, label=label)
                for g, label in (("man", "open"), ("vrouw", "confidential"))]
    stats = store.upsert_entities(nameless)
    (rid,) = set(stats.ids)
    assert store.get_entity(rid).properties == {"gender": "man"}
    assert {(s.value, s.label) for s in store.statements(rid) if s.prop == "gender"} == {
        ("man", "open"), ("vrouw", "confidential")}
    assert len(stats.conflicts) == 1 and "gender 'man' and 'vrouw'; kept both" in stats.conflicts[0]


def test_undirected_relation_has_one_id_either_way(store: Store) -> None:
    net = build(store)
    a = store.upsert_relations([Relation(type="family_of", source_id=net.jan, target_id=net.piet)])
    b = store.upsert_relations([Relation(type="family_of", source_id=net.piet, target_id=net.jan)])
    assert a.ids == b.ids and a.created == 1 and b.unchanged == 1
    rel = store.get_relation(a.ids[0])
    assert rel.source_id < rel.target_id


def test_relation_needs_both_ends(store: Store) -> None:
    net = build(store)
    with pytest.raises(NotFound, match="no entity"):
        store.upsert_relations([Relation(type="director_of", source_id=net.jan, target_id="com-00000000000000ff")])
    assert store.counts()["director_of"] == 2


# -- reads -------------------------------------------------------------------------------------------
def test_search_ignores_case_and_diacritics(store: Store) -> None:
    net = build(store)
    assert {e.id for e in store.search("Muller")} == {net.jan, net.bouw}
    assert {e.id for e in store.search("MÜLLER bouw")} == {net.bouw}
    assert {e.id for e in store.search("mull")} == {net.jan, net.bouw}  # word prefix
    assert {e.id for e in store.search("celik")} == {net.handel}
    assert [e.id for e in store.search("muller", types=["Person"])] == [net.jan]
    assert [e.id for e in store.search("1234AB")] == [net.pand]  # identifiers without their space
    assert [e.id for e in store.search("87654321")] == [net.handel]
    assert store.search("bouwbedrijf")[0].id == net.bouw  # a multi-valued trade name
    assert store.search("  ") == [] and store.search("zzzqqq") == []
    assert len(store.search("muller", limit=1)) == 1


def test_search_finds_updated_text(store: Store) -> None:
    net = build(store)
    store.upsert_entities([Entity(type="Company", properties={"kvk_number": "87654321",
                                                              "trade_names": ["Zoëtermeer Trading"]})])
    assert [e.id for e in store.search("zoetermeer")] == [net.handel]


def test_neighbours_to_depth_two(store: Store) -> None:
    net = build(store)
    assert store.neighbours([net.jan], 1) == {net.jan, net.bouw, net.geheim}
    assert store.neighbours([net.jan], 2) == {net.jan, net.bouw, net.geheim, net.pand}
    assert store.neighbours([net.jan], 3) == {net.jan, net.bouw, net.geheim, net.pand, net.handel}
    assert store.neighbours([net.pand], 1, relation_types=["director_of"]) == {net.pand}
    assert store.neighbours([net.piet], 2, relation_types=["director_of", "located_at"]) == {
        net.piet, net.handel, net.pand}
    assert len(store.neighbours([net.jan], 3, max_nodes=3)) == 3
    assert store.neighbours(["com-0000000000000abc", "not-an-id"], 2) == set()


def test_relations_of_and_get(store: Store) -> None:
    net = build(store)
    rels = store.relations_of(net.pand)
    assert {r.id for r in rels} == {net.rels["bouw_pand"], net.rels["handel_pand"]}
    assert [r.type for r in store.relations_of(net.jan, ["director_of"])] == ["director_of"]
    rel = store.get_relation(net.rels["jan_bouw"])
    assert (rel.type, rel.source_id, rel.target_id, rel.valid_from) == ("director_of", net.jan, net.bouw,
                                                                         "2020-01-01")
    assert rel.properties == {"role": "bestuurder"}
    assert rel.provenance == Provenance(source="KvK", reference="d1", received="2026-01-15")
    got = store.get_entities([net.jan, net.bouw, "per-0000000000000001"])
    assert set(got) == {net.jan, net.bouw}
    with pytest.raises(NotFound):
        store.get_entity("per-0000000000000001")
    with pytest.raises(NotFound):
        store.get_relation("rel-0000000000000001")


def test_subgraph_shape(store: Store) -> None:
    net = build(store)
    g = store.subgraph([net.jan, net.bouw, net.pand])
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == {net.jan, net.bouw, net.pand}
    assert set(g.edges(keys=True)) == {(net.jan, net.bouw, net.rels["jan_bouw"]),
                                       (net.bouw, net.pand, net.rels["bouw_pand"])}
    node = g.nodes[net.bouw]
    assert node["type"] == "Company" and node["caption"] == "Müller Bouw B.V." and node["label"] == "open"
    assert node["properties"]["kvk_number"] == "12345678"
    assert set(node) == {"type", "caption", "label", "properties", "valid_from", "valid_to"}
    edge = g.edges[net.jan, net.bouw, net.rels["jan_bouw"]]
    assert set(edge) == {"type", "label", "properties", "valid_from", "valid_to", "grading"}
    assert (edge["type"], edge["valid_from"], edge["grading"]) == ("director_of", "2020-01-01", "--")


def test_graph_by_type(store: Store) -> None:
    net = build(store)
    whole = store.graph()
    assert whole.number_of_nodes() == 6 and whole.number_of_edges() == 5
    companies = store.graph(entity_types=["Company", "Address"], relation_types=["located_at"])
    assert set(companies.nodes) == {net.bouw, net.handel, net.pand}
    assert companies.number_of_edges() == 2
    assert {e.id for e in store.iter_entities("Company")} == {net.bouw, net.handel}
    assert {r.id for r in store.iter_relations("located_at")} == {net.rels["bouw_pand"], net.rels["handel_pand"]}


# -- security labels -----------------------------------------------------------------------------------
def test_clearance_hides_records_everywhere(store: Store) -> None:
    net = build(store)
    low = store.with_caller(OPEN_ONLY)  # type: ignore[attr-defined]
    with pytest.raises(NotFound):
        low.get_entity(net.geheim)
    with pytest.raises(NotFound):
        low.get_relation(net.rels["geheim_jan"])  # its end is hidden
    assert low.search("geheime") == [] and store.search("geheime")[0].id == net.geheim
    assert net.geheim not in low.get_entities([net.geheim, net.jan])
    assert low.neighbours([net.jan], 1) == {net.jan, net.bouw}
    assert low.neighbours([net.geheim], 1) == set()
    assert net.geheim not in low.subgraph([net.jan, net.geheim])
    assert net.geheim not in low.graph()
    assert {r.id for r in low.relations_of(net.jan)} == {net.rels["jan_bouw"]}
    assert "associate_of" not in low.counts() and low.counts()["Person"] == 2
    assert store.counts()["Person"] == 3
    assert net.geheim not in {e.id for e in low.iter_entities()}
    assert net.rels["geheim_jan"] not in {r.id for r in low.iter_relations()}
    assert low.relations_of(net.geheim) == []
    with pytest.raises(NotFound):
        low.sources(net.geheim)
    assert low.delete([net.rels["geheim_jan"]]) == 0
    assert store.get_relation(net.rels["geheim_jan"]).type == "associate_of"
    # a hidden relation between visible ends is hidden too
    store.upsert_relations([Relation(type="associate_of", source_id=net.jan, target_id=net.piet,
                                     label="police-wpg")])
    assert low.neighbours([net.jan], 1) == {net.jan, net.bouw}
    assert net.piet in store.neighbours([net.jan], 1)


def test_label_is_never_lowered_by_a_later_open_source(store: Store) -> None:
    net = build(store)
    store.upsert_entities([Entity(type="Person", properties={"name": "Geheime Getuige", "notes": "x"},
                                  provenance=kvk("p-x", "Politie"))])
    assert store.get_entity(net.geheim).label == "confidential"


def test_low_clearance_cannot_delete_hidden_records(store: Store) -> None:
    net = build(store)
    low = store.with_caller(OPEN_ONLY)  # type: ignore[attr-defined]
    assert low.delete([net.geheim]) == 0
    assert store.get_entity(net.geheim).label == "confidential"


# -- deletes -------------------------------------------------------------------------------------------
def test_delete_entity_takes_its_relations(store: Store) -> None:
    net = build(store)
    assert store.delete([net.pand]) == 3  # the address and its two located_at
    with pytest.raises(NotFound):
        store.get_entity(net.pand)
    assert "located_at" not in store.counts()
    assert store.neighbours([net.jan], 2) == {net.jan, net.bouw, net.geheim}
    assert store.search("kerkstraat") == []


def test_delete_relation_by_id_and_unknown_ids(store: Store) -> None:
    net = build(store)
    assert store.delete([net.rels["jan_bouw"], "rel-0000000000000001", "garbage"]) == 1
    assert store.neighbours([net.jan], 1) == {net.jan, net.geheim}
    assert store.delete([]) == 0
    assert store.get_entity(net.bouw).id == net.bouw


# -- transactions --------------------------------------------------------------------------------------
def test_transaction_rolls_back_everything(store: Store) -> None:
    net = build(store)
    before = store.counts()
    with pytest.raises(RuntimeError), store.transaction():
        store.upsert_entities([Entity(type="Vehicle", properties={"plate": "XX999X"})])
        store.delete([net.bouw])
        store.set_setting("half", "done")
        with store.transaction():  # nested: joins the outer transaction
            store.upsert_entities([Entity(type="Vehicle", properties={"plate": "YY111Y"})])
        raise RuntimeError("abort")
    assert store.counts() == before
    assert store.get_setting("half") is None
    assert store.search("xx999x") == []


def test_failed_upsert_changes_nothing(store: Store) -> None:
    build(store)
    before = store.counts()
    with pytest.raises(KnooppuntError):
        store.upsert_entities([Entity(type="Vehicle", properties={"plate": "ZZ123Z"}),
                               Entity(type="Company", properties={"kvk_number": "not a number"})])
    assert store.counts() == before


def test_transaction_commits_and_reads_its_own_writes(store: Store) -> None:
    with store.transaction():
        ids = store.upsert_entities([Entity(type="Vehicle", properties={"plate": "AA11BB"})]).ids
        assert store.get_entity(ids[0]).properties["plate"] == "AA11BB"
    assert store.counts() == {"Vehicle": 1}


# -- settings and audit --------------------------------------------------------------------------------
def test_settings_and_hash_chained_audit(store: Store) -> None:
    store.set_setting("name", "RIEC casus 12")
    store.set_setting("name", "RIEC casus 12b")
    assert store.get_setting("name") == "RIEC casus 12b" and store.get_setting("nope", "d") == "d"
    store.audit("search", query="müller")
    store.audit("view", id="com-1")
    entries = store.audit_entries()
    assert [e.action for e in entries][-2:] == ["search", "view"]
    prev = "0" * 64
    for e in entries:
        assert e.prev_hash == prev and e.hash == entry_hash(e)
        prev = e.hash
    assert entries[-2].details == '{"query":"müller"}'


def test_search_ranks_whole_words_first(store: Store) -> None:
    ids = store.upsert_entities([Entity(type="Person", properties={"name": n}, provenance=kvk(n, "BRP"))
                                 for n in ("Dex Jansen", "Jannie Dekker", "Jan de Vries", "Jan de Vries-Özdemir")]).ids
    dex, jannie, jan, jan_oz = ids
    assert [e.id for e in store.search("jan de")] == [jan, jan_oz, dex, jannie]  # then shorter names
    assert [e.id for e in store.search("jan de", limit=2)] == [jan, jan_oz]


# -- hand edits as statements (issue 16 item 3): the same on every backend ---------------------------
def test_hand_edit_is_a_statement_and_undo_restores_every_source(store: Store) -> None:
    from graph import editing
    from graph.said import said_about

    net = build(store)
    store.upsert_entities([Entity(type="Company", properties={"kvk_number": "12345678", "name": "Müller Tip",
                                                              "employees": 4},
                                  provenance=Provenance(source="Tip", reference="t1", received="2026-02-01"),
                                  reliability="C", credibility="3")])

    def said(record_id: str) -> list[tuple[object, ...]]:
        return sorted(s.content() for s in said_about(store, editing.get_record(store, record_id)))

    before, director = said(net.bouw), said(net.rels["jan_bouw"])
    after, change = editing.update_record(store, net.bouw, {"name": "Müller Holding", "employees": "12"})
    # "KvK" here is not the authoritative "KvK Handelsregister": the member's newer word at the record's grading wins
    assert after.properties["name"] == "Müller Holding"
    assert after.properties["employees"] == 12
    assert [s for s in said(net.bouw) if s[0] != editing.MANUAL_SOURCE] == before
    _, taken_back = editing.update_record(store, net.bouw, {}, unset=["employees"])
    assert taken_back.action == "replace" and store.get_entity(net.bouw).properties["employees"] == 4
    assert said(net.rels["jan_bouw"]) == director  # its relation came back with its own statements
    editing.restore(store, taken_back)
    editing.restore(store, change)
    assert said(net.bouw) == before and said(net.rels["jan_bouw"]) == director
