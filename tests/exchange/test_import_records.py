"""The shared step every exchange import ends in (`import_records`), tried with hand-made records.

Found by mutation testing (docs/mutation.md, group exports): a bad record must not end the import
of the good ones after it, a Knooppunt relation id must survive a round trip, the dry-run figures
must say what a real import would do, and repeated records must be reported to the progress bar.
"""

from __future__ import annotations

import json
from pathlib import Path

from graph.exchange.common import ImportReport, Incoming, import_records
from graph.exchange.service import export_file
from graph.model import Entity, Provenance, Relation
from graph.schema import format_id, key_of
from graph.stores.sqlite_store import SQLiteStore
from tests.exchange.conftest import open_owner

SRC = Provenance(source="Casus", reference="C-1", received="2024-01-01")


def _person(name: str) -> Entity:
    return Entity(type="Person", properties={"name": name}, provenance=SRC, label="open")


def _company(kvk: str) -> Entity:
    return Entity(type="Company", properties={"name": f"BV {kvk}", "kvk_number": kvk}, provenance=SRC, label="open")


def _rel(kind: str, a: str, b: str) -> Relation:
    return Relation(type=kind, source_id=a, target_id=b, provenance=SRC, label="open")


def _report(fmt: str = "graphml") -> ImportReport:
    return ImportReport(file="/in/netwerk.graphml", fmt=fmt)


def test_a_bad_record_does_not_stop_the_good_ones_after_it(empty_project: Path) -> None:
    incoming = [
        Incoming("n0", Entity(type="Spaceship", properties={"name": "X"}, label="open"), "node n0"),
        Incoming("n1", _person("Anna Jansen"), "node n1"),
        Incoming("n4", Entity(type="Person", properties={"name": "B", "shoe_size": 44}, label="open"), "node n4"),
        Incoming("n2", _company("68750110"), "node n2"),
        Incoming("e0", _rel("director_of", "n1", "n9"), "edge e0"),       # an end that is not there
        Incoming("e1", _rel("family_of", "n2", "n1"), "edge e1"),         # a company has no family
        Incoming("e2", _rel("director_of", "n1", "n2"), "edge e2"),
    ]
    with open_owner(empty_project) as store:
        report = import_records(store, incoming, _report(), label="open", dry_run=False)
        names = sorted(str(e.properties["name"]) for e in store.iter_entities())
        kinds = [r.type for r in store.iter_relations()]
    assert names == ["Anna Jansen", "BV 68750110"]
    assert kinds == ["director_of"]
    assert len(report.problems) == 4, report.problems
    assert report.problems[0].startswith("/in/netwerk.graphml: node n0: ")
    assert report.problems[1] == "/in/netwerk.graphml: node n4: Person: unknown property 'shoe_size'"
    assert report.problems[2].startswith("/in/netwerk.graphml: edge e1: ") and "Company" in report.problems[2]
    # said after the edges it concerns, in one line for them all (a two-mode file's 89 edges gave 89 lines)
    assert report.problems[3] == "/in/netwerk.graphml: edge e0: end 'n9' is not an imported entity"
    assert report.entities["rejected"] == 2 and report.relations["rejected"] == 2
    assert not report.dry_run


def test_a_knooppunt_relation_id_is_kept_and_another_tools_id_is_not(empty_project: Path) -> None:
    ours = format_id("rel", key_of("een relatie uit Knooppunt"))
    incoming = [Incoming("n1", _person("Anna Jansen"), "node n1"), Incoming("n2", _company("68750110"), "node n2"),
                Incoming(ours, _rel("director_of", "n1", "n2"), "edge 1"),
                Incoming("e7", _rel("shareholder_of", "n1", "n2"), "edge 2")]
    with open_owner(empty_project) as store:
        import_records(store, incoming, _report(), label="open", dry_run=False)
        ids = {r.type: r.id for r in store.iter_relations()}
    assert ids["director_of"] == ours
    assert ids["shareholder_of"] != "e7" and ids["shareholder_of"].startswith("rel-")


def test_the_same_node_id_from_two_formats_is_two_records(empty_project: Path) -> None:
    with open_owner(empty_project) as store:
        import_records(store, [Incoming("n1", _person("Anna Jansen"), "node n1")], _report("graphml"),
                       label="open", dry_run=False)
        import_records(store, [Incoming("n1", _person("Anna Jansen"), "node n1")], _report("gexf"),
                       label="open", dry_run=False)
        assert len(list(store.iter_entities())) == 2


def test_a_record_without_source_is_said_by_the_file_with_its_id_there(empty_project: Path) -> None:
    anna = Entity(type="Person", properties={"name": "Anna Jansen"}, label="open")
    with open_owner(empty_project) as store:
        import_records(store, [Incoming("n1", anna, "node n1")], _report(), label="open", dry_run=False)
        (stored,) = list(store.iter_entities())
    assert stored.provenance is not None
    assert (stored.provenance.source, stored.provenance.reference) == ("netwerk.graphml", "n1")


def test_a_dry_run_counts_what_would_be_new_and_merged_and_writes_nothing(empty_project: Path) -> None:
    with open_owner(empty_project) as store:
        import_records(store, [Incoming("n2", _company("68750110"), "node n2")], _report(), label="open",
                       dry_run=False)
        incoming = [Incoming("n1", _person("Anna Jansen"), "node n1"), Incoming("n2", _company("68750110"), "node n2"),
                    Incoming("n3", _person("Bert Bakker"), "node n3"),
                    Incoming("e1", _rel("director_of", "n1", "n2"), "edge e1")]
        report = import_records(store, incoming, _report(), label="open", dry_run=True)
        assert len(list(store.iter_entities())) == 1 and not list(store.iter_relations())
    assert report.dry_run is True
    assert report.entities == {"rejected": 0, "new": 2, "merged": 1}
    assert report.relations == {"rejected": 0, "new": 1}


def test_records_read_twice_are_written_and_reported_to_the_progress_bar(empty_project: Path) -> None:
    told: list[int] = []
    second = Provenance(source="Uittreksel", reference="U-2", received="2024-02-02")
    again = _company("68750110")
    again.provenance = second
    twice = _rel("director_of", "n1", "n2")
    twice.provenance = second
    incoming = [Incoming("n1", _person("Anna Jansen"), "node n1"), Incoming("n2", _company("68750110"), "node n2"),
                Incoming("n2b", again, "card n2b"), Incoming("e1", _rel("director_of", "n1", "n2"), "edge e1"),
                Incoming("e1b", twice, "card e1b")]
    with open_owner(empty_project) as store:
        import_records(store, incoming, _report(), label="open", dry_run=False, progress=told.append)
        assert len(list(store.iter_relations())) == 1
    assert told == [2, 1, 1, 1]  # first round: entities, relations; then the repeats


def _last_export(entries: list) -> dict:  # type: ignore[type-arg]
    (entry,) = [e for e in entries if e.action == "export"][-1:]
    return dict(json.loads(entry.details))


def test_an_export_is_audited_with_format_audience_and_marking(project: tuple[Path, dict[str, str]],
                                                              tmp_path: Path) -> None:
    path, _ = project
    out = tmp_path / "uit.csv"
    with open_owner(path) as store:
        result = export_file(store, "csv", out, audience="open")
        details = _last_export(store.audit_entries())
    assert details["target"] == str(out) and details["count"] == result["entities"]
    assert (details["format"], details["audience"], details["marking"]) == ("csv", "open", "open")
    assert details["relations"] == result["relations"] == 4  # not jan's open relations: jan is confidential


def test_an_export_from_an_unguarded_store_is_audited_too(store: SQLiteStore, tmp_path: Path) -> None:
    """A plain store (tests, scripts) has no `record_export`: the export is audited all the same."""
    store.upsert_entities([_person("Anna Jansen")])
    out = tmp_path / "uit.graphml"
    export_file(store, "graphml", out, audience="open")
    details = _last_export(store.audit_entries())
    assert details["target"] == str(out) and details["count"] == 1
    assert (details["format"], details["audience"], details["marking"]) == ("graphml", "open", "open")


def test_an_export_of_some_records_carries_only_the_relations_among_them(project: tuple[Path, dict[str, str]],
                                                                         tmp_path: Path) -> None:
    path, ids = project
    with open_owner(path) as store:
        result = export_file(store, "graphml", tmp_path / "deel.graphml", audience="open",
                             ids=[ids["piet"], ids["holding"]])
        details = _last_export(store.audit_entries())
    assert (result["entities"], result["relations"]) == (2, 1)  # shareholder_of; not the holding's address, car, bank
    assert details["relations"] == 1 and details["chart"] is None


def test_a_chart_export_is_audited_with_the_charts_name(project: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """The name as its length: the chart names a police-wpg record, so it (and its name) is kept in the police
    file, and the log is in the main file every member reads -- also for an export of its open part."""
    path, _ = project
    with open_owner(path) as store:
        export_file(store, "gexf", tmp_path / "plaat.gexf", audience="open", chart="Holding")
        assert _last_export(store.audit_entries())["chart"] == "<7 characters, police-wpg>"


def test_an_import_is_audited_with_its_counts(store: SQLiteStore) -> None:
    incoming = [Incoming("n1", _person("Anna Jansen"), "node n1"), Incoming("n2", _company("68750110"), "node n2"),
                Incoming("e0", _rel("director_of", "n1", "n9"), "edge e0"),
                Incoming("e1", _rel("director_of", "n1", "n2"), "edge e1")]
    import_records(store, incoming, _report(), label="open", dry_run=False)
    (entry,) = [e for e in store.audit_entries() if e.action == "import"][-1:]
    details = json.loads(entry.details)
    assert (details["entities"], details["relations"], details["problems"]) == (2, 1, 1)


def test_a_chart_export_leaves_out_the_nodes_hidden_on_the_chart(project: tuple[Path, dict[str, str]],
                                                                 tmp_path: Path) -> None:
    from views.chart.storage import save_chart

    path, ids = project
    with open_owner(path) as store:
        save_chart(store, "Verborgen", {"nodes": [{"id": ids["holding"], "x": 0.0, "y": 0.0},
                                                  {"id": ids["piet"], "x": 9.0, "y": 9.0, "hidden": True}],
                                        "edges": [], "style": {}})
        result = export_file(store, "graphml", tmp_path / "v.graphml", audience="open", chart="Verborgen")
    assert (result["entities"], result["relations"]) == (1, 0)
