"""Case pipeline (issue 18): a large case table is mapped in a child process while this one stores. The
project that results is the one the single process stores (records, statements, sources, audit counts,
warnings, progress); a bad row is the same one-line error with nothing written and the child ended; a
reject file, a dry run's list, a workbook's sheets, KvK tables (`prepare`) and old-rule ids work the same.
The child is asked for with `pipeline_bytes=0` (every file is then large enough)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from graph.core_text import core_text
from graph.model import Entity, Provenance
from graph.progress import Cancelled
from graph.stores import records
from graph.stores.sqlite_store import SQLiteStore
from importers import case_import, case_pipeline, kvk_pipeline
from importers.case_import import TableStart, import_table_file
from importers.errors import ImportDataError
from importers.kvk import prepare_kvk_frame, table_kind
from importers.spec import ImportSpec, load_spec
from tests.importers.test_chunk_references import _said

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).parents[2] / "examples"
ONE, TWO = 1 << 60, 0  # pipeline_bytes: one process, two


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """The mapping processes started (real ones: the list only keeps them, to see that they ran and ended)."""
    started: list[subprocess.Popen[bytes]] = []
    real = subprocess.Popen

    def keep(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        started.append(real(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(kvk_pipeline.subprocess, "Popen", keep)
    return started


def _narrow(path: Path, rows: int) -> Path:
    """A narrow table (betrokkenen) whose people, addresses and cases repeat across chunks."""
    lines = [f"Persoon {i % 7};0{i % 9 + 1}-02-1980;Dorpsstraat {i % 5 + 1}, 1234 AB Urk;C-{i % 3};"
             f"{('melder', 'verdachte')[i % 2]}\r\n" for i in range(rows)]
    path.write_text("Naam;Geboortedatum;Woonadres;Casusnummer;Rol\r\n" + "".join(lines), encoding="cp1252")
    return path


def _project(tmp_path: Path, name: str, data: Path, spec: ImportSpec, pipeline_bytes: int,
             **kwargs: Any) -> tuple[Any, ...]:
    """What an import into a new project leaves: result, progress steps, records and their statements, audit."""
    steps: list[int] = []
    with SQLiteStore(tmp_path / f"{name}.knp", create=True) as store:
        result = import_table_file(store, data, spec, progress=steps.append, pipeline_bytes=pipeline_bytes, **kwargs)
        audit = [{k: v for k, v in json.loads(e.details).items()} for e in store.audit_entries()]
        return (result.rows, result.rejected, result.entities, result.relations,
                sorted(result.records_by_type.items()), result.warnings, result.errors), steps, _said(store), audit


CASES = [("meldingen", EXAMPLES / "meldingen.csv", 50_000), ("meldingen", EXAMPLES / "meldingen.csv", 1),
         ("betrokkenen", None, 4), ("betrokkenen", None, 50_000)]


@pytest.mark.parametrize(("spec_name", "data", "chunk_rows"), CASES)
def test_the_child_stores_what_one_process_stores(tmp_path: Path, children: list[subprocess.Popen[bytes]],
                                                  spec_name: str, data: Path | None, chunk_rows: int) -> None:
    data = data or _narrow(tmp_path / "b.csv", 40)
    spec = load_spec(spec_name)
    one = _project(tmp_path, "one", data, spec, ONE, chunk_rows=chunk_rows)
    assert not children
    two = _project(tmp_path, "two", data, spec, TWO, chunk_rows=chunk_rows)
    assert len(children) == 1 and children[0].returncode == 0  # mapped in a child, which ended
    assert two == one
    steps = two[1]
    assert sum(steps) == two[0][0] and (len(steps) > 1 or chunk_rows == 50_000)  # progress per chunk
    assert two[3] and two[3][0]["rows"] == two[0][0]


@pytest.mark.parametrize(("spec_name", "wait"), [("meldingen", -1.0), ("betrokkenen", -1.0), ("betrokkenen", 1e9)])
def test_the_child_makes_the_stored_props(tmp_path: Path, children: list[subprocess.Popen[bytes]],
                                         monkeypatch: pytest.MonkeyPatch, spec_name: str, wait: float) -> None:
    """The entities' props are packed (zstd, `_pack`: the storing side's CPU) in the mapping process when it had
    to wait for this one (case_pipeline.PACK_WAIT; -1: always); this one writes the forms it is handed, and the
    project is the one a single process stores. A child that did not wait leaves them to this side."""
    data = EXAMPLES / "meldingen.csv" if spec_name == "meldingen" else _narrow(tmp_path / "b.csv", 40)
    spec = load_spec(spec_name)
    one = _project(tmp_path, "one", data, spec, ONE)
    monkeypatch.setattr(case_pipeline, "PACK_WAIT", wait)
    packed: list[int] = []
    real = records._pack
    monkeypatch.setattr(records, "_pack", lambda *args: packed.append(1) or real(*args))
    two = _project(tmp_path, "two", data, spec, TWO)
    assert len(children) == 1 and children[0].returncode == 0
    assert two == one
    assert bool(packed) == (wait > 0)  # nothing packed here when the child did


def test_a_bad_row_in_the_child_is_the_same_error_and_nothing_is_written(
        tmp_path: Path, children: list[subprocess.Popen[bytes]]) -> None:
    spec = load_spec("meldingen")
    errors = []
    for name, pipeline_bytes in (("one", ONE), ("two", TWO)):
        with SQLiteStore(tmp_path / f"{name}.knp", create=True) as store:
            with pytest.raises(ImportDataError) as err:  # row 2 stored first (chunks of one row), then rolled back
                import_table_file(store, DATA / "meldingen_bad_date.csv", spec, chunk_rows=1,
                                  pipeline_bytes=pipeline_bytes)
            assert store.counts() == {} and store.audit_entries() == []
            errors.append((str(err.value), err.value.row, err.value.field))
    assert errors[1] == errors[0]
    message, row, field = errors[1]
    assert (row, field) == (3, "Ontvangen") and "meldingen_bad_date.csv" in message and "\n" not in message
    assert len(children) == 1 and children[0].poll() is not None  # the child is gone


def test_reject_file_and_dry_run_through_the_child(tmp_path: Path, children: list[subprocess.Popen[bytes]]) -> None:
    spec = load_spec("meldingen")
    bad = DATA / "meldingen_bad_date.csv"
    rejected = []
    for name, pipeline_bytes in (("one", ONE), ("two", TWO)):
        rejects = tmp_path / f"afgekeurd-{name}.csv"
        kept = _project(tmp_path, f"rejects-{name}", bad, spec, pipeline_bytes, reject_path=rejects, chunk_rows=2)
        dry = _project(tmp_path, f"dry-{name}", bad, spec, pipeline_bytes, dry_run=True, chunk_rows=2)
        rejected.append((kept, rejects.read_text(encoding="utf-8-sig"), dry))
    assert rejected[1] == rejected[0]
    kept, text, dry = rejected[1]
    assert kept[0][1] == 1 and "31-02-2024" in text and "M-2024-002" in text
    assert dry[0][1] == 1 and "row 3, column 'Ontvangen'" in dry[0][6][0] and dry[3] == []  # listed, not written
    assert len(children) == 2


def test_a_workbook_of_two_sheets_through_the_child(tmp_path: Path, children: list[subprocess.Popen[bytes]]) -> None:
    spec = load_spec(DATA / "casus_xlsx.yaml")
    data = DATA / "casus_twee_tabbladen.xlsx"
    one = _project(tmp_path, "one", data, spec, ONE, chunk_rows=1)
    two = _project(tmp_path, "two", data, spec, TWO, chunk_rows=1)
    assert two == one and one[0][0] == 5 and len(children) == 1




def test_kvk_tables_prepare_in_the_child(tmp_path: Path, children: list[subprocess.Popen[bytes]]) -> None:
    """`prepare` (a module's function: the child imports it by name) runs in the child; one that cannot be
    sent (a lambda) keeps the import in this process."""
    data = DATA / "kvk_bedrijven.csv"
    spec = load_spec(f"kvk_{table_kind(data.read_text(encoding='utf-8').splitlines()[0].split(';'))}")
    one = _project(tmp_path, "one", data, spec, ONE, prepare=prepare_kvk_frame, chunk_rows=1)
    two = _project(tmp_path, "two", data, spec, TWO, prepare=prepare_kvk_frame, chunk_rows=1)
    assert two == one and one[1] == [1, 1] and one[0][2].created >= 2 and len(children) == 1
    local: Callable[[pd.DataFrame], pd.DataFrame] = lambda frame: prepare_kvk_frame(frame)  # noqa: E731
    assert _project(tmp_path, "three", data, spec, TWO, prepare=local, chunk_rows=1) == one
    assert len(children) == 1


def test_an_old_rule_id_is_followed_when_the_child_maps(tmp_path: Path, children: list[subprocess.Popen[bytes]]
                                                        ) -> None:
    """A person stored under the id rule of old: the child takes them as made after the first chunk (it cannot
    wait to hear that the store found them under their old id); the relations of every later chunk still
    end at the old id."""
    digest = hashlib.blake2b(b"Person|src=KvK|ref=U-1", digest_size=8).digest()
    old_id = f"per-{int.from_bytes(digest, 'big') >> 1:016x}"
    (tmp_path / "spec.yaml").write_text(
        "name: uittreksel\nsource: KvK\ncsv: {delimiter: ';'}\nentities:\n  p:\n    type: Person\n"
        "    reference: [Dossier]\n    properties:\n      name: Naam\n  c:\n    type: Case\n"
        "    properties:\n      case_number: Zaak\nrelations:\n  - {type: involved_in, from: p, to: c}\n",
        encoding="utf-8")
    (tmp_path / "rows.csv").write_text("Dossier;Naam;Zaak\n" + "".join(f"U-1;Jan de Vries;Z-{i}\n" for i in range(4)),
                                       encoding="utf-8")
    found = []
    for name, pipeline_bytes in (("one", ONE), ("two", TWO)):
        with SQLiteStore(tmp_path / f"{name}.knp", create=True) as store:
            store.upsert_entities([Entity(id=old_id, type="Person", properties={"name": "Jan de Vries"},
                                          provenance=Provenance(source="KvK", reference="U-1"))])
            result = import_table_file(store, tmp_path / "rows.csv", load_spec(str(tmp_path / "spec.yaml")),
                                       chunk_rows=1, pipeline_bytes=pipeline_bytes)
            assert result.relations.created == 4 and store.counts()["Person"] == 1
            assert len(store.relations_of(old_id)) == 4
            found.append((result.entities, result.relations, _said(store)))
    assert found[1] == found[0] and len(children) == 1


def test_a_cancel_ends_the_child_and_writes_nothing(tmp_path: Path, children: list[subprocess.Popen[bytes]]) -> None:
    data = _narrow(tmp_path / "b.csv", 40)

    def cancel(rows: int) -> None:
        raise Cancelled

    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        with pytest.raises(Cancelled):
            import_table_file(store, data, load_spec("betrokkenen"), chunk_rows=4, progress=cancel, pipeline_bytes=0)
        assert store.counts() == {} and store.audit_entries() == []
    assert len(children) == 1 and children[0].poll() is not None


def test_a_small_file_maps_in_this_process(tmp_path: Path, children: list[subprocess.Popen[bytes]]) -> None:
    """Below PIPELINE_BYTES the child's start costs more than it saves."""
    assert (EXAMPLES / "meldingen.csv").stat().st_size < case_pipeline.PIPELINE_BYTES
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        import_table_file(store, EXAMPLES / "meldingen.csv", load_spec("meldingen"))
    assert not children


def test_a_prepare_of_the_running_script_keeps_the_import_here(tmp_path: Path) -> None:
    """A script's own function pickles by name (`__main__.prepare`), but the child's `__main__` is another:
    such an import maps in the script's process instead of failing in the child."""
    script = tmp_path / "script.py"
    script.write_text(
        "import sys\nfrom pathlib import Path\nfrom graph.stores.sqlite_store import SQLiteStore\n"
        "from importers.case_import import import_table_file\nfrom importers.spec import load_spec\n\n"
        "def prepare(frame):\n    return frame\n\n"
        "with SQLiteStore(Path(sys.argv[2]), create=True) as store:\n"
        "    result = import_table_file(store, Path(sys.argv[1]), load_spec('meldingen'), prepare=prepare,\n"
        "                               pipeline_bytes=0)\n"
        "print(result.rows)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(EXAMPLES / "meldingen.csv"), str(tmp_path / "p.knp")],
                          capture_output=True, text=True, check=False, cwd=EXAMPLES.parent,
                          env={**os.environ, "PYTHONPATH": str(EXAMPLES.parent)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "6"


def test_a_child_that_ends_early_is_an_error(tmp_path: Path) -> None:
    """The stream of parts stops without its last message (the child killed, out of memory): refused, in Dutch
    too, and the import rolls back as for any error."""
    stream = io.BytesIO(pickle.dumps(("part", TableStart(None))))
    got = case_pipeline._received(stream, Path("b.csv"), [])
    assert next(got) == TableStart(None)
    with pytest.raises(ImportDataError, match=r"b\.csv: the mapping process ended before the last row") as err:
        next(got)
    assert core_text(str(err.value), "nl") == "b.csv: het verwerkingsproces stopte voor de laatste rij"


@pytest.mark.parametrize(("records", "steps"), [(15, [3] * 13 + [1]), (80, [2, 4, 8, 16, 10])])
def test_the_childs_smaller_chunks_store_the_same_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          children: list[subprocess.Popen[bytes]], records: int,
                                                          steps: list[int]) -> None:
    """The child's chunks make fewer records (PIPELINE_CHUNK_RECORDS), its first ones of a CSV fewer still
    (PIPELINE_FIRST_PART, doubling; when a chunk has rows enough): the same records, statements and audit counts
    (new, merged); only the count of mentions found unchanged grows, as with any smaller chunk."""
    monkeypatch.setattr(case_import, "PIPELINE_CHUNK_RECORDS", records)  # 5 maps: 3 or 16 rows a chunk
    data = _narrow(tmp_path / "b.csv", 40)
    spec = load_spec("betrokkenen")
    one = _project(tmp_path, "one", data, spec, ONE)
    two = _project(tmp_path, "two", data, spec, TWO)
    assert len(children) == 1 and one[1] == [40] and two[1] == steps  # progress, chunk by chunk
    assert two[2:] == one[2:]  # records, statements, sources, audit entry
    for made_one, made_two in ((one[0][2], two[0][2]), (one[0][3], two[0][3])):  # entities, relations
        assert (made_two.created, made_two.updated) == (made_one.created, made_one.updated)
        assert made_two.unchanged >= made_one.unchanged


def test_the_child_is_given_no_passphrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mapping process opens no project: a passphrase a script gave the import (KNOOPPUNT_PASSPHRASE) is
    not in its environment."""
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", "correct horse battery")
    environments: list[dict[str, str]] = []
    real = subprocess.Popen

    def keep(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        environments.append(kwargs["env"])
        return real(*args, **kwargs)

    monkeypatch.setattr(kvk_pipeline.subprocess, "Popen", keep)
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        assert import_table_file(store, EXAMPLES / "meldingen.csv", load_spec("meldingen"), pipeline_bytes=0).rows == 6
    assert len(environments) == 1 and "KNOOPPUNT_PASSPHRASE" not in environments[0]
    assert environments[0]["PATH"] == os.environ["PATH"]  # the rest is as it was
