"""The analysis catalogue: complete declarations, declared columns in every result, checked parameters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.analysis.catalogue import CATALOGUE, PARAM_KINDS, Scope, run
from graph.demo import generate
from graph.errors import KnooppuntError
from graph.formatting import KINDS
from graph.progress import Cancelled, Progress
from graph.stores.sqlite_store import SQLiteStore


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("catalogue") / "demo.knp"
    data = generate(1500, 7)
    store = SQLiteStore(path, create=True)
    with store.transaction():
        store.upsert_entities(data.entities)
        store.upsert_relations(data.relations)
    yield store, data.planted
    store.close()


def _selection(key: str, planted: Any) -> dict[str, str]:
    return {"co_occupants": {"address": planted.hotspot_address}, "neighbourhood": {"node": planted.strawman},
            "connection": {"a": planted.group_a[2], "b": planted.group_b[2]}}.get(key, {})


def test_every_analysis_is_declared_completely() -> None:
    for key, spec in CATALOGUE.items():
        assert spec.key == key
        for texts in (spec.titles, spec.descriptions):
            assert texts.get("nl") and texts.get("en"), key
        for p in spec.params:
            assert p.kind in PARAM_KINDS and p.labels.get("nl") and p.labels.get("en"), (key, p.name)
            assert p.helps.get("nl") and p.helps.get("en"), (key, p.name)
            assert p.default is None or p.check(key, p.default) == p.default, (key, p.name)
        names = [c.name for c in spec.columns]
        assert len(names) == len(set(names)), key
        for c in spec.columns:
            assert c.kind in KINDS and c.labels.get("nl") and c.labels.get("en"), (key, c.name)
        for declared in (*spec.id_columns, spec.score, spec.group, spec.evidence):
            assert declared is None or declared in names, (key, declared)
        assert all(spec.param(s).kind == "id" for s in spec.selection), key


@pytest.mark.parametrize("key", list(CATALOGUE))
def test_every_result_has_exactly_the_declared_columns(demo: Any, key: str) -> None:
    store, planted = demo
    spec = CATALOGUE[key]
    df = run(store, key, **_selection(key, planted))
    declared = {c.name for c in spec.columns}
    missing = declared - set(df.columns)
    assert not missing, f"{key}: declared but not returned: {sorted(missing)}"
    assert set(df.columns) <= declared, f"{key}: returned but not declared: {sorted(set(df.columns) - declared)}"
    if spec.evidence and len(df):
        assert all(isinstance(v, list) for v in df[spec.evidence]), key


def test_run_audits_every_parameter_with_its_default(demo: Any) -> None:
    store, _ = demo
    run(store, "directors", Scope(start="2020-01-01"), top=3, min_directorships=2)
    details = json.loads([e for e in store.audit_entries() if e.action == "analyse"][-1].details)
    assert details == {"start": "2020-01-01", "short_lived_days": 730, "min_directorships": 2,
                       "analysis": "directors", "rows": 3, "entities": details["entities"], "top": 3}


@pytest.mark.parametrize(("key", "options", "message"), [
    ("directors", {"minimum": 2}, "directors: unknown parameter 'minimum'"),
    ("directors", {"min_directorships": 0}, "directors: min_directorships: 0 is below the minimum 1"),
    ("neighbourhood", {"node": "per-1", "depth": "ver"}, "neighbourhood: depth: 'ver' is not a number"),
    ("clusters", {"method": "kmeans"}, "clusters: method: unknown 'kmeans'"),
    ("centrality", {"measures": ["degree", "fame"]}, "centrality: measures: unknown 'fame'"),
    ("connection", {"a": "per-1"}, "connection: b is required"),
])
def test_bad_parameters_are_one_line_errors(demo: Any, key: str, options: dict[str, Any], message: str) -> None:
    store, _ = demo
    before = len(store.audit_entries())
    with pytest.raises(KnooppuntError) as caught:
        run(store, key, **options)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)
    assert len(store.audit_entries()) == before


def test_progress_sees_the_stages_and_a_cancel_stops_before_the_audit(demo: Any) -> None:
    store, _ = demo
    seen: list[tuple[int, int, str]] = []

    class Watched(Progress):
        def report(self, done: int, total: int, text: str) -> None:
            seen.append((done, total, text))

    run(store, "clusters", progress=Watched(), ui_lang="nl")
    assert seen == [(0, 3, "Netwerk laden…"), (1, 3, "Analyseren…"), (2, 3, ""), (3, 3, "")]
    before = len(store.audit_entries())
    stop = Watched()
    stop.cancel()
    with pytest.raises(Cancelled):
        run(store, "clusters", progress=stop)
    assert len(store.audit_entries()) == before


def test_the_old_runner_name_is_the_catalogue() -> None:
    from graph.analysis import runner
    assert runner.ANALYSES is CATALOGUE and runner.run is run
    assert Path(runner.__file__).read_text(encoding="utf-8").count("\n") < 15  # no second copy of anything
