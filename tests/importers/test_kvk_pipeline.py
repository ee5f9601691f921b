"""KvK pipeline (issue 18): a large input is mapped in a child process while this one stores. The project
that results is the one the single process stores; a bad document or a child that dies is an error
naming the file (and record, field), with nothing written; what was not kept is still reported."""

from __future__ import annotations

import copy
import io
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

import importers.kvk_pipeline as kvk_pipeline
from graph.access import session
from graph.schema import default_schema
from graph.stores import records
from graph.stores.records import stored_props_column
from graph.stores.sqlite_store import SQLiteStore
from importers.errors import ImportDataError
from importers.kvk import import_kvk_files
from importers.kvk_json import KvkRows, MapCache
from importers.limits import DEFAULT_LIMITS
from tests.importers.test_kvk_bulk import _stored
from tests.importers.test_kvk_rows import DATA, _data, _search_terms
from workbench.cli import main


def _import(tmp_path: Path, data: Path, name: str, pipeline: bool, monkeypatch: pytest.MonkeyPatch,
            documents: int = 5000) -> tuple[Path, Any, list[int]]:
    monkeypatch.setattr(kvk_pipeline, "PIPELINE_BYTES", 0 if pipeline else 1 << 60)
    monkeypatch.setattr("importers.kvk.BATCH_DOCUMENTS", documents)
    started = []
    real = kvk_pipeline.subprocess.Popen
    monkeypatch.setattr(kvk_pipeline.subprocess, "Popen", lambda *a, **k: started.append(1) or real(*a, **k))
    path = tmp_path / f"{name}.knp"
    store = SQLiteStore(path, create=True)
    steps: list[int] = []
    (result,) = import_kvk_files(store, [data], received="2026-01-02", progress=steps.append)
    found = {q: [e.id for e in store.search(q)] for q in ("Dagobert", "7607 AB", "Brussel", "Zonder", "Almelo")}
    store.close()
    assert len(started) == pipeline  # the child ran (or not) as asked
    return path, (result.rows, result.entities, result.relations, sorted(result.records_by_type.items()),
                  result.warnings, found), steps


@pytest.mark.parametrize("documents", [5000, 7])
def test_the_pipeline_stores_what_one_process_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     documents: int) -> None:
    data = _data(tmp_path)  # every shape, the awkward documents, repeats, fields no property keeps
    one, by_one, steps_one = _import(tmp_path, data, "one", False, monkeypatch, documents)
    two, by_two, steps_two = _import(tmp_path, data, "two", True, monkeypatch, documents)
    assert by_two == by_one
    assert any("not kept" in w for w in by_two[4])  # the child's count of fields not kept came back
    assert _stored(two) == _stored(one)
    assert _search_terms(two) == _search_terms(one)
    assert steps_two == steps_one and sum(steps_two) == by_two[0]
    assert len(steps_two) > 1 or documents == 5000


def test_the_child_packs_the_props_when_it_waited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The entities' props are packed (zstd, `_pack`: the storing side's CPU) in the mapping process after a batch
    that waited for this one (kvk_pipeline.PACK_WAIT; -1: always); this one writes the forms it is handed, and the
    project is the one a single process stores. A child that did not wait leaves them to this side. (This side
    still packs what a batch merges into a record stored before: the documents repeat some.)"""
    data = _data(tmp_path)
    one, by_one, _ = _import(tmp_path, data, "one", False, monkeypatch, 7)
    real = records._pack
    packed: dict[float, list[str]] = {-1.0: [], 1e9: []}  # the captions of the props this process packed
    for wait, here in packed.items():
        monkeypatch.setattr(kvk_pipeline, "PACK_WAIT", wait)
        monkeypatch.setattr(records, "_pack", lambda *args, here=here: here.append(args[2]) or real(*args))
        two, by_two, _ = _import(tmp_path, data, f"two{wait}", True, monkeypatch, 7)
        assert by_two == by_one and _stored(two) == _stored(one) and _search_terms(two) == _search_terms(one)
    assert len(packed[-1.0]) * 4 < len(packed[1e9])  # most packed by the child when it waited
    assert "Test EMZ Dagobert B.V." in packed[1e9]


def _bad_file(tmp_path: Path) -> Path:
    good = json.loads((DATA / "kvk_basisprofiel.json").read_text(encoding="utf-8"))
    lines = []
    for i in range(30):
        doc = copy.deepcopy(good)
        doc["kvkNummer"] = f"{90000000 + i}"
        lines.append(json.dumps(doc))
    bad = json.loads(lines[24])
    bad["_embedded"]["hoofdvestiging"]["adressen"][0]["huisnummer"] = "twaalf"
    lines[24] = json.dumps(bad)
    data = tmp_path / "k.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


def test_a_bad_document_in_the_child_is_the_import_error_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = _bad_file(tmp_path)
    monkeypatch.setattr(kvk_pipeline, "PIPELINE_BYTES", 0)
    monkeypatch.setattr("importers.kvk.BATCH_DOCUMENTS", 10)  # two batches stored before the bad one
    store = SQLiteStore(tmp_path / "p.knp", create=True)
    with pytest.raises(ImportDataError) as err:
        import_kvk_files(store, [data])
    assert err.value.row == 25 and "adressen[0].huisnummer" in str(err.value.field)
    assert not any(store.counts().values())
    store.close()
    project = tmp_path / "cli.knp"  # the command an analyst runs: one line naming file, row and field; exit 2
    session.create_plain(project, owner="anna").close()
    assert main(["import", "kvk", str(data), "--project", str(project)]) == 2
    message = capsys.readouterr().err.strip()
    assert "k.jsonl" in message and "25" in message and "huisnummer" in message and "\n" not in message


def test_a_child_that_ends_early_is_an_error() -> None:
    """The stream of batches stops without its last message (the child killed, out of memory): refused."""
    stream = io.BytesIO(pickle.dumps(("rows", 3, KvkRows(), None)))
    got = kvk_pipeline._received(stream, Path("k.jsonl"), MapCache(default_schema()), lambda rows, stored: rows)
    assert next(got)[0] == 3
    with pytest.raises(ImportDataError, match=r"k\.jsonl: the KvK mapping process ended"):
        next(got)


def test_small_inputs_stay_in_this_process(tmp_path: Path) -> None:
    """Below PIPELINE_BYTES the child's start costs more than it saves."""
    meta: dict[str, Any] = {"limits": None}
    with kvk_pipeline.batches(DATA / "kvk_basisprofiel.json", default_schema(), meta, 10) as mapped:
        assert mapped.__name__ == "mapped_batches"  # type: ignore[attr-defined]
    assert Path(kvk_pipeline.__file__).resolve().parent.parent == kvk_pipeline._CODE


def test_the_rows_a_child_sends_come_back_sealed_and_whole(tmp_path: Path) -> None:
    """What crosses the pipe is the store's bulk rows: every column, the legacy ids, still accepted by the store."""
    from graph.prepared_entities import is_entity_rows

    meta: dict[str, Any] = {"limits": DEFAULT_LIMITS, "source": "KvK", "received": "2026-01-02",
                            "reliability": "A", "credibility": "1", "label": "open",
                            "cache": MapCache(default_schema())}
    ((n, (entities, relations, counts, forms)),) = list(kvk_pipeline.mapped_batches(_data(tmp_path) / "g.jsonl",
                                                                             default_schema(), meta, 10_000))
    again, rel_again, counts_again = pickle.loads(pickle.dumps((entities, relations, counts)))
    assert is_entity_rows(again) and type(rel_again).__name__ == "RelationRows"
    for name in entities.__slots__:
        if name != "seal":
            assert getattr(again, name) == getattr(entities, name), name
    for name in relations.__slots__:
        if name != "seal":
            assert getattr(rel_again, name) == getattr(relations, name), name
    assert counts_again == counts and sum(counts.values()) == len(entities) + len(relations) and n > 70
    assert forms == {}  # mapped in this process: nothing packed beforehand
    store = SQLiteStore(tmp_path / "p.knp", create=True)
    assert store.upsert_entity_rows(again).created > 0
    store.close()


def test_one_core_maps_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kvk_pipeline, "PIPELINE_BYTES", 0)
    monkeypatch.setattr(kvk_pipeline, "_cores", lambda: 1)
    with kvk_pipeline.batches(DATA / "kvk_basisprofiel.json", default_schema(), {"limits": None}, 10) as mapped:
        assert mapped.__name__ == "mapped_batches"  # type: ignore[attr-defined]


def test_no_interpreter_to_start_maps_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An embedded Python (no `sys.executable`) or a start that fails: the import runs in one process."""
    monkeypatch.setattr(kvk_pipeline, "PIPELINE_BYTES", 0)
    monkeypatch.setattr(kvk_pipeline.sys, "executable", str(tmp_path / "no-python"))
    with kvk_pipeline.batches(DATA / "kvk_basisprofiel.json", default_schema(), {"limits": None}, 10) as mapped:
        assert mapped.__name__ == "mapped_batches"  # type: ignore[attr-defined]
    store = SQLiteStore(tmp_path / "p.knp", create=True)
    (result,) = import_kvk_files(store, [DATA / "kvk_basisprofiel.json"])
    assert result.rows == 1 and result.entities.created
    store.close()


def test_the_child_maps_with_this_code_whatever_folder_it_starts_in(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A bench or a shell in another checkout's folder: the child imports the code this process runs, not that
    folder's (bench_bulk --baseline measured the branch's mapping against the baseline's store before)."""
    data = _data(tmp_path)
    other = tmp_path / "other-checkout"
    (other / "importers").mkdir(parents=True)
    (other / "importers" / "__init__.py").write_text("")
    (other / "importers" / "kvk_pipeline.py").write_text("def child():\n    raise SystemExit(7)\n")
    monkeypatch.chdir(other)
    _, got, _ = _import(tmp_path, data, "elsewhere", True, monkeypatch)
    assert got[0] and got[1].created  # mapped and stored


def test_the_columns_a_child_sends_make_the_same_rows_here(tmp_path: Path) -> None:
    """The child sends the mapper's columns (`KvkRows`) and this process makes the store's rows of them: the
    same rows as mapping here, legacy ids and shared relation properties included."""
    meta: dict[str, Any] = {"limits": DEFAULT_LIMITS, "source": "KvK", "received": "2026-01-02",
                            "reliability": "A", "credibility": "1", "label": "open",
                            "cache": MapCache(default_schema())}
    schema = default_schema()
    ((n, columns),) = list(kvk_pipeline._mapped(_data(tmp_path) / "g.jsonl", schema, meta, 10_000))
    stored = stored_props_column(columns.props_json, columns.captions)  # what a child that waited sends
    sent = io.BytesIO(pickle.dumps(("rows", n, columns, stored), protocol=pickle.HIGHEST_PROTOCOL)
                      + pickle.dumps(("done", {}, {})))
    ((m, (entities, relations, counts, forms)),) = list(kvk_pipeline._received(
        sent, Path("g.jsonl"), meta["cache"], lambda rows, packed: kvk_pipeline.prepared(schema, rows, meta, packed)))
    here, rel_here, counts_here, none = kvk_pipeline.prepared(schema, columns, meta)
    assert none == {} and len(forms) == len(set(zip(entities.props_json, entities.captions, strict=True)))
    assert list(forms.values()) == stored_props_column([t for t, _ in forms], [c for _, c in forms])  # as stored
    assert m == n > 70 and counts == counts_here and len(relations) > 0
    for name in ("ids", "keys", "types", "captions", "props_json", "search", "refs", "legacy"):
        assert getattr(entities, name) == getattr(here, name), name
    for name in ("ids", "src", "dst", "props_json", "refs"):
        assert getattr(relations, name) == getattr(rel_here, name), name
