from __future__ import annotations

import pytest

from graph.errors import NotFound, SchemaError, ValidationError
from graph.model import Entity, Provenance, Relation
from graph.store import Caller, Store
from graph.stores.sqlite_store import SQLiteStore


def person(name: str, ref: str, **kw) -> Entity:
    return Entity(type="Person", properties={"name": name}, provenance=Provenance(source="test", reference=ref), **kw)


def company(kvk: str, name: str, source: str = "KvK", **props) -> Entity:
    return Entity(type="Company", properties={"kvk_number": kvk, "name": name, **props},
                  provenance=Provenance(source=source, reference=kvk, received="01-10-2026"),
                  reliability="A", credibility="1")


def test_sqlite_store_fits_the_protocol(store: SQLiteStore) -> None:
    assert isinstance(store, Store)


def test_upsert_is_idempotent(store: SQLiteStore) -> None:
    def data():
        p = person("Jan de Vries", "P1")
        c = company("12345678", "De Vries Holding B.V.", trade_names=["DV Holding"])
        return [p, c], [Relation(type="director_of", source_id=store.schema.prepare_entity(p).id,
                                 target_id=store.schema.prepare_entity(c).id, valid_from="2020-01-01",
                                 properties={"role": "bestuurder"}, provenance=Provenance(source="KvK"))]
    ents, rels = data()
    first = store.upsert_entities(ents)
    first_r = store.upsert_relations(rels)
    assert (first.created, first_r.created) == (2, 1)
    before = [(e.id, e.properties, e.updated_at) for e in store.iter_entities()]
    ents, rels = data()
    again = store.upsert_entities(ents)
    again_r = store.upsert_relations(rels)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (again_r.created, again_r.updated, again_r.unchanged) == (0, 0, 1)
    assert [(e.id, e.properties, e.updated_at) for e in store.iter_entities()] == before
    assert store.counts() == {"Company": 1, "Person": 1, "director_of": 1}


def test_identity_keys_merge_records_from_two_sources(store: SQLiteStore) -> None:
    store.upsert_entities([company("1234567", "Bakkerij Jansen", trade_names=["Jansen Brood"])])
    stats = store.upsert_entities([company("01234567", "Bakkerij Jansen B.V.", source="Casus 2024-17",
                                           trade_names=["Broodje Jansen"], sbi_codes=["1071"])])
    assert (stats.created, stats.updated, stats.sources_added) == (0, 1, 1)
    [merged] = list(store.iter_entities("Company"))
    assert merged.properties["kvk_number"] == "01234567"
    assert merged.properties["trade_names"] == ["Broodje Jansen", "Jansen Brood"]
    assert merged.properties["name"] == "Bakkerij Jansen B.V."  # newer single value wins
    assert [s.source for s in store.sources(merged.id)] == ["KvK", "Casus 2024-17"]
    assert merged.provenance and merged.provenance.received == "2026-10-01"


def test_address_written_two_ways_is_one_entity(store: SQLiteStore) -> None:
    a = Entity(type="Address", properties={"street": "Hoofdstraat", "house_number": "12", "house_letter": "a",
                                           "postcode": "7607ab", "city": "Almelo"})
    b = Entity(type="Address", properties={"house_number": 12, "house_letter": "A", "postcode": "7607 AB"})
    store.upsert_entities([a])
    store.upsert_entities([b])
    assert store.counts() == {"Address": 1}


def test_search_ignores_case_and_diacritics(store: SQLiteStore) -> None:
    store.upsert_entities([person("Jürgen Müller", "1"), person("Anna Muller", "2"), person("Zoë Çelik", "3"),
                           person("Peter Smit", "4")])
    assert {e.caption for e in store.search("Müller")} == {"Jürgen Müller", "Anna Muller"}
    assert {e.caption for e in store.search("muller")} == {"Jürgen Müller", "Anna Muller"}
    assert {e.caption for e in store.search("MÜL")} == {"Jürgen Müller", "Anna Muller"}
    assert [e.caption for e in store.search("zoe celik")] == ["Zoë Çelik"]
    assert [e.caption for e in store.search("jurg")] == ["Jürgen Müller"]
    assert store.search("   ") == []
    assert store.search("xyzzy") == []


def test_search_by_identifier_and_type(store: SQLiteStore) -> None:
    store.upsert_entities([company("69123456", "Autohandel Oost"),
                           Entity(type="Address", properties={"postcode": "1012 JK", "house_number": 5,
                                                              "street": "Damstraat"}),
                           Entity(type="Vehicle", properties={"plate": "12-ABC-3"})])
    assert [e.caption for e in store.search("69123456")] == ["Autohandel Oost"]
    assert [e.type for e in store.search("1012JK")] == ["Address"]
    assert [e.type for e in store.search("1012 jk")] == ["Address"]
    assert [e.type for e in store.search("12abc3")] == ["Vehicle"]
    assert store.search("oost", types=["Person"]) == []
    with pytest.raises(SchemaError):
        store.search("oost", types=["Spaceship"])


def chain(store: SQLiteStore, n: int) -> list[str]:
    people = [person(f"Persoon {i}", f"P{i}") for i in range(n)]
    store.upsert_entities(people)
    store.upsert_relations([Relation(type="associate_of", source_id=people[i].id, target_id=people[i + 1].id)
                            for i in range(n - 1)])
    return [p.id for p in people]


def test_neighbours_to_depth(store: SQLiteStore) -> None:
    ids = chain(store, 6)
    assert store.neighbours([ids[0]], 1) == set(ids[:2])
    assert store.neighbours([ids[0]], 2) == set(ids[:3])
    assert store.neighbours([ids[2]], 2) == set(ids[:5])
    assert store.neighbours([ids[0]], 10) == set(ids)
    assert store.neighbours([ids[0]], 2, relation_types=["director_of"]) == {ids[0]}
    assert len(store.neighbours([ids[0]], 10, max_nodes=3)) == 3


def test_subgraph_is_networkx_with_attributes(store: SQLiteStore) -> None:
    ids = chain(store, 4)
    g = store.subgraph(ids[:3])
    assert set(g.nodes) == set(ids[:3])
    assert g.number_of_edges() == 2
    assert g.nodes[ids[0]]["type"] == "Person"
    (_, _, key, data), *_ = g.edges(keys=True, data=True)
    assert key.startswith("rel-") and data["type"] == "associate_of"


def test_delete_removes_relations_and_search_entry(store: SQLiteStore) -> None:
    ids = chain(store, 3)
    assert store.delete([ids[1]]) == 3  # the entity and its two relations
    assert store.counts() == {"Person": 2}
    assert store.search("Persoon 1") == []
    assert {e.id for e in store.search("Persoon")} == {ids[0], ids[2]}
    with pytest.raises(NotFound):
        store.get_entity(ids[1])


def test_failed_batch_writes_nothing(store: SQLiteStore) -> None:
    good = person("Goed", "G")
    store.upsert_entities([good])
    bad = Entity(type="Company", properties={"kvk_number": "not a number"})
    with pytest.raises(ValidationError), store.transaction():
        store.upsert_entities([person("Nieuw", "N")])
        store.upsert_entities([bad])
    assert store.counts() == {"Person": 1}
    with pytest.raises(NotFound, match="no entity"):
        store.upsert_relations([Relation(type="associate_of", source_id=good.id,
                                         target_id="per-00000000000000ff")])
    assert store.counts() == {"Person": 1}


def test_relation_endpoint_types_are_enforced(store: SQLiteStore) -> None:
    p = person("A", "A")
    a = Entity(type="Address", properties={"postcode": "1234 AB", "house_number": 1})
    store.upsert_entities([p, a])
    with pytest.raises(SchemaError, match="director_of cannot end at a Address"):
        store.upsert_relations([Relation(type="director_of", source_id=p.id, target_id=a.id)])


def test_clearance_hides_records_everywhere(store: SQLiteStore) -> None:
    ids = chain(store, 3)
    secret = person("Geheime Bron", "S", label="police-wpg")
    store.upsert_entities([secret])
    store.upsert_relations([Relation(type="associate_of", source_id=ids[0], target_id=secret.id)])
    viewer = store.with_caller(Caller(user="v", clearance=frozenset({"open"})))
    assert viewer.search("Geheime") == []
    assert secret.id not in viewer.neighbours([ids[0]], 3)
    assert viewer.subgraph([*ids, secret.id]).number_of_nodes() == 3
    assert len(viewer.relations_of(ids[0])) == 1 and len(store.relations_of(ids[0])) == 2
    assert viewer.counts() == {"Person": 3, "associate_of": 2}
    assert secret.id not in viewer.graph()
    with pytest.raises(NotFound):
        viewer.get_entity(secret.id)
    assert store.search("Geheime")[0].id == secret.id


def test_reopen_keeps_everything(tmp_path) -> None:
    path = tmp_path / "p.knp"
    s = SQLiteStore(path, create=True)
    s.upsert_entities([company("12345678", "Blijft B.V.")])
    s.set_setting("name", "Casus Blijft")
    s.close()
    s = SQLiteStore(path)
    assert s.get_setting("name") == "Casus Blijft"
    assert s.search("blijft")[0].properties["kvk_number"] == "12345678"
    assert s.integrity_check() == "ok"
    s.close()


def test_not_a_project_is_refused(tmp_path) -> None:
    from graph.errors import ProjectError
    junk = tmp_path / "junk.knp"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ProjectError):
        SQLiteStore(junk)
    with pytest.raises(ProjectError, match="no such project"):
        SQLiteStore(tmp_path / "missing.knp")


def test_whole_words_rank_before_prefixes(store: SQLiteStore) -> None:
    store.upsert_entities([person("Dex Jansen", "1"), person("Jan de Vries", "2"), person("Janneke Dekker", "3")])
    hits = [e.caption for e in store.search("jan de")]
    assert hits[0] == "Jan de Vries" and set(hits) == {"Dex Jansen", "Jan de Vries", "Janneke Dekker"}


def test_read_audit_does_not_wait_for_another_writer(tmp_path) -> None:
    """A search while an import holds the write lock: logged later, in order, chain intact."""
    import time

    from graph.store import entry_hash

    path = tmp_path / "busy.knp"
    writer = SQLiteStore(path, create=True)
    reader = SQLiteStore(path)
    with writer.transaction():
        writer.upsert_entities([person("Bezig", "B")])
        t = time.perf_counter()
        reader.audit("search", query="jan")
        reader.audit("view", id="per-0000000000000001")
        assert time.perf_counter() - t < 1.0
        assert reader.audit_entries() == []  # not yet written: the writer holds the lock
    reader.audit("search", query="piet")  # the writer is done: all three are written now
    entries = reader.audit_entries()
    assert [(e.action, e.details) for e in entries] == [("search", '{"query":"jan"}'),
                                                         ("view", '{"id":"per-0000000000000001"}'),
                                                         ("search", '{"query":"piet"}')]
    assert entries[0].at <= entries[1].at <= entries[2].at
    prev = "0" * 64
    for e in entries:
        assert e.prev_hash == prev and e.hash == entry_hash(e)
        prev = e.hash
    writer.close()
    reader.close()


def test_kept_audit_entries_are_written_on_close(tmp_path) -> None:
    path = tmp_path / "close.knp"
    writer = SQLiteStore(path, create=True)
    reader = SQLiteStore(path)
    with writer.transaction():
        writer.set_setting("x", "1")
        reader.audit("view", id="per-0000000000000002")
    reader.close()
    assert [e.action for e in writer.audit_entries()] == ["view"]
    writer.close()


def test_caller_views_share_one_transaction(store: SQLiteStore) -> None:
    """A view for another caller shares the connection, so it joins (and rolls back with) the open transaction."""
    viewer = store.with_caller(Caller(user="bram"))
    with pytest.raises(ValidationError), store.transaction():
        viewer.upsert_entities([person("Binnen", "I")])
        store.upsert_entities([Entity(type="Company", properties={"kvk_number": "fout"})])
    assert store.counts() == {}
    with viewer.transaction():
        store.upsert_entities([person("Samen", "S")])
    assert viewer.counts() == {"Person": 1}
