"""Neo4j writes in UNWIND batches of a configurable size (issue 18 item 3), without a server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import KnooppuntError, ProjectError
from graph.model import Entity, Provenance
from graph.stores import neo4j_cypher as cy
from graph.stores.neo4j_project import KIND, Neo4jProject
from graph.stores.neo4j_store import check_batch
from tests.neo4j.recording import recording_store
from workbench.cli import main


def _companies(n: int) -> list[Entity]:
    src = Provenance(source="KvK")
    return [Entity(id="", type="Company", properties={"kvk_number": f"{10_000_000 + i}", "name": f"Bedrijf {i}"},
                   provenance=src) for i in range(n)]


@pytest.mark.parametrize(("batch", "parts"), [(1000, [1000, 1000, 500]), (300, [300] * 8 + [100]),
                                              (5000, [2500])])
def test_upserts_go_in_unwind_batches_of_the_chosen_size(batch: int, parts: list[int]) -> None:
    store, tx = recording_store(batch=batch)
    stats = store.upsert_entities(_companies(2500))
    assert stats.created == 2500
    upsert = cy.render_upsert_entities("Company")
    sent = [len(params["rows"]) for statement, params in tx.sent if statement == upsert]
    assert sent == parts
    assert all(statement.startswith("UNWIND $rows") or statement.startswith("UNWIND $ids")
               for statement, _ in tx.sent)
    locks = [len(params["ids"]) for statement, params in tx.sent if statement == cy.LOCK_ENTITIES]
    assert sum(locks) == 2500 and max(locks) <= batch * 5  # records are locked in chunks, before writing


def test_batch_size_bounds() -> None:
    assert check_batch(1) == 1 and check_batch(100_000) == 100_000
    for bad in (0, -1, 100_001, True):
        with pytest.raises(KnooppuntError, match="batch size"):
            check_batch(bad)


def _descriptor(tmp_path: Path, **extra: object) -> Path:
    path = tmp_path / "riec.kn4j"
    path.write_text(json.dumps({"kind": KIND, "uri": "bolt://localhost:7687", "user": "neo4j",
                                "project": "riec", **extra}), encoding="utf-8")
    return path


def test_descriptor_carries_the_batch_size(tmp_path: Path) -> None:
    assert Neo4jProject.load(_descriptor(tmp_path, batch=5000)).batch == 5000
    (tmp_path / "b").mkdir()
    assert Neo4jProject.load(_descriptor(tmp_path / "b", batch=0)).batch == 0  # the default (BATCH)
    (tmp_path / "c").mkdir()
    with pytest.raises(ProjectError) as bad:
        Neo4jProject.load(_descriptor(tmp_path / "c", batch=-3))
    assert str(bad.value).startswith(str(tmp_path / "c" / "riec.kn4j")) and "batch size" in str(bad.value)


def test_push_refuses_a_bad_batch_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    descriptor = _descriptor(tmp_path)
    assert main(["neo4j", "push", "--to", str(descriptor), "--batch", "0", "--project", str(tmp_path / "x.knp")]) == 2
    assert "--batch" in capsys.readouterr().err


def test_grant_refuses_an_unknown_label_before_connecting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    descriptor = _descriptor(tmp_path)
    assert main(["neo4j", "grant", "bob", "--to", str(descriptor), "--clearance", "open,geheim", "--as", "anna"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown label 'geheim'" in err
