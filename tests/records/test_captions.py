"""Stored display names follow the schema's name rules: a project saved under an older rule is
brought up to date (names and the search index) when it is opened, not when each record is edited."""

from __future__ import annotations

import copy

import pytest
import yaml

from graph.model import Entity
from graph.schema import Schema, default_schema
from graph.stores import captions
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
