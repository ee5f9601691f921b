"""Stored display names follow the schema's name rules: a project saved under an older rule is
brought up to date (names and the search index) when it is opened, not when each record is edited."""

from __future__ import annotations

import copy

import pytest
import yaml

from graph.model import Entity
from graph.schema import Schema, default_schema
from graph.stores import captions
from graph.stores.lean import entity_type_values
from graph.stores.records import PROPS_CODEC
from tests.records.conftest import Project
from workbench.cli import main
from workbench.output import read_json_rows


def _old_schema() -> Schema:
    """The schema as it was: a measure named by its list key, its reference not searched."""
    from importlib import resources

    data = yaml.safe_load(resources.files("graph").joinpath("schema.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["entities"]["Measure"]["caption"] = ["kind", "reference"]
    data["entities"]["Measure"]["properties"]["reference"]["sensitive"] = True
    return Schema(data)


def _stale_measure(project: Project, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as m:
        m.setattr("graph.stores.sqlite_store.default_schema", _old_schema)
        store = project.open()
        with store.activity("import", source="test"):
            store.upsert_entities([Entity(type="Measure", properties={"reference": "M-2026-013",
                                                                      "kind": "sluiting_13b"})])
        measure = next(store.iter_entities("Measure"))
        assert measure.caption == "sluiting_13b" and not store.search("M-2026-013")  # the old rule
        store.close()
    return measure.id


def test_stale_names_are_recomputed_on_open(project: Project, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    measure = _stale_measure(project, monkeypatch)
    # What the user meets: `knooppunt search` finds the reference and shows it as the name.
    assert main(["search", "M-2026-013", "--format", "json", *project.alice()]) == 0
    rows = read_json_rows(capsys.readouterr().out)
    assert [(r["id"], r["name"]) for r in rows] == [(measure, "M-2026-013")]
    store = project.open("clara")  # another member, once it is done: nothing left to recompute
    assert store.get_entity(measure).caption == "M-2026-013"
    store.close()


def test_rules_hash_follows_name_rules() -> None:
    assert captions.rules_hash(default_schema()) == captions.rules_hash(Schema.load())
    assert captions.rules_hash(_old_schema()) != captions.rules_hash(default_schema())


def _recompute_entries(project: Project) -> list[dict]:
    import json

    store = project.open()
    try:
        return [{"actor": e.actor, **json.loads(e.details)} for e in store.audit_entries()
                if e.action == "recompute captions"]
    finally:
        store.close()


def test_recompute_on_a_viewers_open_is_one_signed_audit_entry(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The recompute writes to the project, also when a viewer opens it: one audit entry says what was
    recomputed (labels, names changed) and why, signed by the member who opened it; `audit verify` holds."""
    from tests.projects import add_member

    add_member(project, "vera", "vera: a viewer's own passphrase", {"open"}, role="viewer")
    measure = _stale_measure(project, monkeypatch)
    assert main(["search", "M-2026-013", *project.args("vera")]) == 0  # the viewer's open (a table: no export)
    assert measure in capsys.readouterr().out
    # alice's open under the old rule (the set-up), vera's, then alice's open here for the labels only she holds
    entries = _recompute_entries(project)
    assert [e["actor"] for e in entries] == ["alice", "vera", "alice"], entries
    assert "open" not in entries[2]["partitions"][0]["labels"] and entries[2]["names_changed"] == 0
    entry = entries[1]
    assert entry["actor"] == "vera" and entry["names_changed"] == 1
    assert entry["partitions"][0]["labels"] == ["open"] and "name or search rules" in entry["reason"]
    assert entry["partitions"][0]["previous_rules"] == captions.rules_hash(_old_schema())
    assert main(["audit", "verify", *project.alice()]) == 0, capsys.readouterr().err  # signed like vera's others
    capsys.readouterr()
    assert main(["search", "M-2026-013", *project.args("vera")]) == 0
    assert len(_recompute_entries(project)) == 3  # once per change of the rules, not on every open
    from tests.projects import new_project

    fresh = new_project(project.path.parent / "nieuw.knp", "nieuw")
    assert _recompute_entries(fresh) == []  # a new project's first open only records the rules


def test_a_renamed_record_keeps_every_property(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Props codecs 2 and 3 leave out a value that is also the caption (the row holds it once): a new name rule
    changes the caption, so the recompute writes the properties again with it, or the old name is lost."""
    measure = _stale_measure(project, monkeypatch)
    with monkeypatch.context() as m:
        m.setattr("graph.stores.sqlite_store.default_schema", _old_schema)
        store = project.open()
        (props,) = store.inner.conn.execute("SELECT props FROM entity_rows WHERE type IN (?, ?)",
                                            entity_type_values(["Measure"])).fetchone()
        store.close()
    assert isinstance(props, bytes) and props[0] == PROPS_CODEC and props[1] & 0x80  # the caption left out of it
    store = project.open()
    entity = store.get_entity(measure)
    store.close()
    assert entity.caption == "M-2026-013"
    assert entity.properties == {"reference": "M-2026-013", "kind": "sluiting_13b"}


def test_a_renamed_record_keeps_a_property_that_stood_in_its_old_name(project: Project,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Props codec 3 keeps a text that stands in the caption as a start and a length in it: a new name rule
    changes the caption, so the recompute writes the properties again, or the text would be read from the new."""
    with monkeypatch.context() as m:
        m.setattr("graph.stores.sqlite_store.default_schema", _old_schema)
        store = project.open()
        with store.activity("import", source="test"):
            store.upsert_entities([Entity(type="Measure", properties={"reference": "13b", "kind": "sluiting_13b"})])
        (props,) = store.inner.conn.execute("SELECT props FROM entity_rows WHERE type IN (?, ?)",
                                            entity_type_values(["Measure"])).fetchone()
        measure = next(store.iter_entities("Measure")).id
        store.close()
    assert isinstance(props, bytes) and props[0] == PROPS_CODEC and props[1] & 0x20  # "13b" in "sluiting_13b"
    store = project.open()
    entity = store.get_entity(measure)
    store.close()
    assert entity.caption == "13b" and entity.properties == {"reference": "13b", "kind": "sluiting_13b"}
