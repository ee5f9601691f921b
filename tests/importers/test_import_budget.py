"""One memory budget in bytes for what an import keeps between chunks (importers.budget)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from graph.stores.sqlite_store import SQLiteStore
from importers import budget, case_import
from importers.addresses import parse_address
from importers.budget import ADDRESS_ENTRY_BYTES, ImportBudget
from importers.case_import import _AddressColumn, _date, import_table_file
from importers.spec import ColumnMap, load_spec
from tests.importers.conftest import counted_address_parses
from tests.sandbox import as_anna
from workbench.cli import main

ROWS = "".join(f"Persoon {i};01-02-1980;Dorpsstraat {i % 3 + 1}, 1234 AB Urk;C-1;melder\r\n" for i in range(12))


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "b.csv"
    path.write_text("Naam;Geboortedatum;Woonadres;Casusnummer;Rol\r\n" + ROWS, encoding="cp1252")
    return path


def test_room_is_what_the_charged_memories_leave(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "ADDRESS_MIN", 1)
    held = [0]
    b = ImportBudget(total=1000 * ADDRESS_ENTRY_BYTES)
    b.charge(lambda: held[0])
    assert b.room(ADDRESS_ENTRY_BYTES) == 1000
    held[0] = 400 * ADDRESS_ENTRY_BYTES  # digests and keys grew: the caches give entries back
    assert b.room(ADDRESS_ENTRY_BYTES) == 600
    assert b.room(ADDRESS_ENTRY_BYTES, sharers=2) == 300  # two address columns share what is left
    held[0] = 10**12
    assert b.room(ADDRESS_ENTRY_BYTES) == 1  # the minimum, however much the rest holds


def test_the_default_budget_is_read_when_a_budget_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "IMPORT_CACHE_BYTES", 12345)
    assert ImportBudget().total == 12345


def test_an_import_charges_its_digests_and_the_stores_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the mapper's budget counts grows with the load: its digests and the store's key memories."""
    seen: list[int] = []
    real = case_import._AddressColumn.values

    def spying(self: Any, frame: Any) -> Any:
        seen.append(self.budget.held())
        return real(self, frame)

    monkeypatch.setattr(case_import._AddressColumn, "values", spying)
    with SQLiteStore(tmp_path / "p.knp", create=True) as store:
        import_table_file(store, _csv(tmp_path), load_spec("betrokkenen"), chunk_rows=2)
    assert len(seen) == 6 and seen[0] < seen[1] < seen[-1]



def test_cli_import_address_cache_yields_to_the_stores_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """`knooppunt import case`: addresses parsed once while the budget has room; when the store's key
    memories fill it, the cache keeps its minimum and parses again; the project is the same either way."""
    monkeypatch.setattr(case_import, "CHUNK_RECORDS", 10)  # 5 maps: 2 rows a chunk, 6 chunks
    monkeypatch.setattr(budget, "ADDRESS_MIN", 1)
    parsed = counted_address_parses(monkeypatch)
    csv_path = _csv(tmp_path)
    counts = []
    with as_anna(monkeypatch, "anna: correct horse battery"):
        for name in ("roomy", "full"):
            if name == "full":
                monkeypatch.setattr(SQLiteStore, "load_memory_bytes", lambda self: 2**40)
            project = ["--project", str(tmp_path / f"{name}.knp")]
            assert main(["project", "create", "--owner", "anna", *project]) == 0
            assert main(["import", "case", str(csv_path), "--spec", "betrokkenen", *project]) == 0
            counts.append(len(parsed))
            parsed.clear()
            capsys.readouterr()
            assert main(["stats", "--format", "json", *project]) == 0
            counts.append(capsys.readouterr().out)  # type: ignore[arg-type]
    assert counts[0] == 3  # three texts, each parsed once in six chunks
    assert counts[2] > 3  # no room: the newest text kept only
    assert counts[1] == counts[3]


def test_a_canonical_address_text_is_its_own_full_spelling() -> None:
    """The cache keeps the text once: as its key and, when spelled canonically, as `full`."""
    col = _AddressColumn(ColumnMap(column="Adres"))
    raw = "Dorpsstraat 1, 1234 AB Urk"
    assert col.packed(raw)[-1] is raw
    other = "DORPSSTR. 1 1234AB URK"
    assert col.packed(other)[-1] == parse_address(other).full != other


@pytest.mark.parametrize("text", ["05-03-1980", "31-12-2020", "29-02-2020", "5-3-1980", "31-02-2020", "05-13-1980",
                                  "00-01-2000", "05-03-80", " 05-03-1980", "٠٥-٠٣-١٩٨٠"])
def test_dutch_dates_read_as_strptime_reads_them(text: str) -> None:
    try:
        want = dt.datetime.strptime(text, "%d-%m-%Y").date().isoformat()
    except ValueError:
        with pytest.raises(Exception, match="does not match the format"):
            _date(text, "%d-%m-%Y")
    else:
        assert _date(text, "%d-%m-%Y") == want
