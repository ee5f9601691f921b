"""Search ranks the same whichever layout holds the records (issue 11).

The benchmark's one-file layout (every label in the main file, bench/bench_access.py) and
the project's file per label are filled with the same records through the same session
code; every query then returns the same records in the same order, through the store and
through `knooppunt search`. Equal ranks (the same name twice) follow the records' keys,
not which file a record is in.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from bench import bench_access
from graph.access import session
from graph.demo import DemoData
from graph.model import Entity, Provenance
from graph.stores.sqlite_store import partition_file
from tests.sandbox import OWNER_PW
from workbench.cli import main

from .conftest import make_project


def _queries(data: DemoData) -> list[str]:
    people = [e for e in data.entities if e.type == "Person"]
    names = [e.caption for e in data.entities[::40]]
    return [*names, *(p.properties["last_name"] for p in people[:30]), "de", "ja", "van d", "b", "zwaan"]


def _twins() -> list[Entity]:
    """Two people of one name in two labels: equal ranks, one file or two."""
    return [Entity(type="Person", properties={"name": "Zwaan Gelijk", "bsn": bsn}, label=label,
                   provenance=Provenance(source="test", reference=bsn))
            for bsn, label in (("111222333", "fiod/tax"), ("444555666", "open"), ("777888999", "confidential"))]


@pytest.fixture
def layouts(tmp_path: Path, demo_data: DemoData) -> tuple[Path, Path]:
    """(one file, a file per label) holding the demo records and three namesakes."""
    with bench_access._one_file():
        one = make_project(tmp_path / "one.knp", demo_data)
        one.upsert_entities(_twins())
        one.close()
    per_label = make_project(tmp_path / "labels.knp", demo_data)
    per_label.upsert_entities(_twins())
    per_label.close()
    assert not partition_file(tmp_path / "one.knp", "fiod/tax").exists()
    assert partition_file(tmp_path / "labels.knp", "fiod/tax").exists()
    return tmp_path / "one.knp", tmp_path / "labels.knp"


def test_search_ranks_alike_in_one_file_and_per_label(layouts: tuple[Path, Path], demo_data: DemoData) -> None:
    one_path, labels_path = layouts
    queries = _queries(demo_data)
    with bench_access._one_file():
        one = session.unlock(one_path, "alice", OWNER_PW)
        expected = {q: [e.id for e in one.search(q, limit=25)] for q in queries}
        one.close()
    labels = session.unlock(labels_path, "alice", OWNER_PW)
    found = {q: [e.id for e in labels.search(q, limit=25)] for q in queries}
    labels.close()
    assert sum(1 for ids in expected.values() if len(ids) > 1) > 10  # rankings, not single hits
    assert len(expected["zwaan"]) == 3
    assert found == expected


def test_cli_search_prints_alike_in_one_file_and_per_label(layouts: tuple[Path, Path], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    pw = tmp_path / "alice.pw"
    pw.write_text(OWNER_PW + "\n")
    out = {}
    for name, path in zip(("one", "labels"), layouts, strict=True):
        with bench_access._one_file() if name == "one" else contextlib.nullcontext():
            assert main(["search", "zwaan", "--format", "json", "--project", str(path),
                         "--passphrase-file", str(pw)]) == 0
        out[name] = json.loads(capsys.readouterr().out)
    assert out["labels"] == out["one"] and len(out["one"]["rows"]) == 3

