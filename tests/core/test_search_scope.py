"""What the full-text index holds (issue 18): names, identifiers, addresses and free descriptions -- not
classification values or bookkeeping text (`search: false` in graph/schema.yaml), and of a KvK
establishment (`<number> <name>, ingeschreven <date>`) only its name (`search_pattern`).

A company's legal form, Bibob risk branch or the words of "ingeschreven <date>" find nothing; its name,
KvK number, RSIN, postcode (its address), establishment number and an establishment's name that is not
one of its trade names still do -- through `knooppunt search` and the store, by the importer's column
path and by Entity objects. Projects indexed before keep their old terms until a record is written again.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.errors import SchemaError
from graph.model import Entity, Provenance
from graph.prepared_entities import search_texts
from graph.schema import Schema, default_schema
from graph.stores import captions
from graph.stores.sqlite_store import SQLiteStore
from graph.text import fold
from importers.kvk import import_kvk_files
from tests.projects import Project, new_project
from workbench.cli import main
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")

DATA = Path(__file__).resolve().parent.parent / "importers" / "data"
# found: what an analyst types for the company or its address; not found: classification and bookkeeping
FOUND = ("Dagobert", "69599084", "858089678", "7607 AB", "7607AB", "000038509504", "Hoekje")
NOT_FOUND = ("besloten", "vennootschap", "hospitality", "beauty_care", "ingeschreven", "2017", "restaurants")


def _profile(tmp_path: Path) -> Path:
    """The Basisprofiel fixture, its main establishment trading under a name that is not among the
    company's trade names (the API allows it; the names in the real answers recorded all are)."""
    doc = json.loads((DATA / "kvk_basisprofiel.json").read_text(encoding="utf-8"))
    doc["_embedded"]["hoofdvestiging"]["eersteHandelsnaam"] = "Snackbar Het Hoekje"
    path = tmp_path / "basisprofiel.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return new_project(tmp_path / "kvk.knp", "kvk")


def _cli_hits(project: Project, query: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["search", *query.split(), "--format", "json", *project.alice()]) == 0
    return [row["name"] for row in read_json_rows(capsys.readouterr().out)]


def test_cli_search_finds_names_and_identifiers_not_classifications(project: Project, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "kvk", str(_profile(tmp_path)), *project.alice()]) == 0
    store = project.open()
    (company,) = store.iter_entities("Company")
    store.close()
    # kept in the record, shown and exported: only the index leaves them out
    assert company.properties["legal_form"] == "Besloten Vennootschap"
    assert company.properties["risk_branches"] == ["beauty_care", "hospitality"]
    assert company.properties["establishments"] == ["000038509504 Snackbar Het Hoekje, ingeschreven 2017-10-10"]
    assert "Snackbar Het Hoekje" not in company.properties["trade_names"]
    for query in FOUND:
        hits = _cli_hits(project, query, capsys)
        assert hits, query
        assert hits == ["Hoofdstraat 12A, 7607 AB Almelo"] if "7607" in query else company.caption in hits, query
    for query in NOT_FOUND:
        assert _cli_hits(project, query, capsys) == [], query


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "plain.knp", create=True) as opened:
        yield opened


def _store_hits(store: SQLiteStore) -> dict[str, list[str]]:
    return {q: sorted(e.type for e in store.search(q)) for q in (*FOUND, *NOT_FOUND)}


def test_the_store_finds_the_same_by_the_column_path_and_by_entity_objects(store: SQLiteStore,
                                                                          tmp_path: Path) -> None:
    import_kvk_files(store, [_profile(tmp_path)])  # the importer's column path (graph.prepared_entities)
    by_columns = _store_hits(store)
    assert {q: hits for q, hits in by_columns.items() if hits} == {
        "Dagobert": ["Company"], "69599084": ["Company"], "858089678": ["Company"], "7607 AB": ["Address"],
        "7607AB": ["Address"], "000038509504": ["Company"], "Hoekje": ["Company"]}
    with SQLiteStore(tmp_path / "objects.knp", create=True) as other:  # Entity objects: Schema.search_text
        other.upsert_entities([Entity(type=e.type, properties=e.properties,
                                      provenance=Provenance(source="KvK Handelsregister", reference="b/1"))
                               for e in store.iter_entities()])
        assert _store_hits(other) == by_columns


def _data(edit: Any = None) -> dict[str, Any]:
    data = yaml.safe_load(resources.files("graph").joinpath("schema.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    if edit:
        edit(data)
    return data


def test_both_search_text_paths_read_the_attributes_from_the_schema_file() -> None:
    """Not a list in code: a property edited to `search: false`, or given a `search_pattern`, in the schema's
    data leaves both paths (Schema.search_text and the importers' search_texts) alike."""
    def edit(data: dict[str, Any]) -> None:
        props = data["entities"]["Person"]["properties"]
        props["notes"]["search"] = False
        props["aliases"]["search_pattern"] = r"alias: (?P<text>.*)"
        del data["entities"]["Company"]["properties"]["legal_form"]["search"]

    schema, packaged = Schema(_data(edit)), default_schema()
    person = Entity(type="Person", caption="Jan de Vries", properties={
        "name": "Jan de Vries", "notes": "verhuisd naar Spanje", "aliases": ["alias: De Lange", "Jantje"]})
    company = Entity(type="Company", caption="Alfa B.V.", properties={
        "name": "Alfa B.V.", "legal_form": "Besloten Vennootschap", "risk_branches": ["hospitality"],
        "establishments": ["000012345678 Snackbar Noord, ingeschreven 2020-01-02", "000012345679",
                           "000012345680, ingeschreven 2021-03-04", "Filiaal Urk"],
        "establishment_number": ["000012345678"], "kvk_number": "12345678", "rsin": "800000001",
        "sbi_descriptions": ["5610 Restaurants"], "sbi_codes": ["5610"]})
    texts = search_texts(schema)
    assert schema.search_text(person) == texts("Person", person.caption, person.properties) == \
        "jan de vries de lange jantje"
    assert schema.search_text(company) == texts("Company", company.caption, company.properties) == \
        "alfa b v 12345678 800000001 000012345678 besloten vennootschap 5610 snackbar noord filiaal urk"
    packaged_texts = search_texts(packaged)
    assert packaged.search_text(company) == packaged_texts("Company", company.caption, company.properties) == \
        "alfa b v 12345678 800000001 000012345678 5610 snackbar noord filiaal urk"
    assert packaged.search_text(person) == fold("Jan de Vries alias: De Lange Jantje verhuisd naar Spanje")


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["entities"]["Company"]["properties"]["legal_form"].update(search="no"), "true or false"),
    (lambda d: d["entities"]["Company"]["properties"]["establishments"].update(search_pattern=r"\d+ (.*)"),
     "group (?P<text>"),
    (lambda d: d["entities"]["Company"]["properties"]["establishments"].update(search_pattern="(?P<text>"),
     "search_pattern"),
    (lambda d: d["relations"]["director_of"]["properties"]["role"].update(search=False), "entity properties only"),
])
def test_a_bad_search_attribute_is_refused(edit: Any, message: str) -> None:
    with pytest.raises(SchemaError, match=message.replace("(", r"\(").replace("?", r"\?")):
        Schema(_data(edit))


def _without_search_attributes(data: dict[str, Any]) -> None:
    for et in data["entities"].values():
        for spec in (et.get("properties") or {}).values():
            spec.pop("search", None)
            spec.pop("search_pattern", None)


def test_an_index_made_before_keeps_its_terms_until_a_record_is_written_again(
        store: SQLiteStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A project indexed when every text property was searched is not rewritten at open (no storage change,
    no recompute): a search finds a record too many until the record is written again, never too few."""
    older = Schema(_data(_without_search_attributes))
    assert captions.wider_rules_hash(default_schema()) == captions.rules_hash(older) != \
        captions.rules_hash(default_schema())
    path = tmp_path / "older.knp"
    firm = Entity(type="Company", properties={"kvk_number": "12345678", "name": "Alfa B.V.",
                                              "legal_form": "Besloten Vennootschap"},
                  provenance=Provenance(source="KvK Handelsregister", reference="basisprofiel/12345678"))
    with monkeypatch.context() as m:
        m.setattr("graph.stores.sqlite_store.default_schema", lambda: older)
        with SQLiteStore(path, create=True) as made:
            made.upsert_entities([copy.deepcopy(firm)])
            assert [e.caption for e in made.search("besloten")] == ["Alfa B.V."]
    with SQLiteStore(path) as opened:
        assert captions.recomputed(opened) == []  # nothing rewritten at the open
        assert [e.caption for e in opened.search("besloten")] == ["Alfa B.V."]  # the old term, kept
        assert [e.caption for e in opened.search("alfa")] == ["Alfa B.V."]
        firm.properties["trade_names"] = ["Alfa Bouw"]
        opened.upsert_entities([firm])  # written again: its index row by the current rules
        assert opened.search("besloten") == []
        assert [e.caption for e in opened.search("alfa bouw")] == ["Alfa B.V."]
