"""Rows vera writes into the main file to end the owner's every open in a traceback (red team 3).

Vera holds the `open` key: she can write any row of the main file. What she writes may be refused
(one line, exit 2: "altered outside Knooppunt") or reported; a JSON text nested 200,000 deep must not
make Python's parser give up with a RecursionError traceback instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.access.test_attacks import VERA_PW
from tests.access.test_insider_plants import _write_as, project  # noqa: F401 -- the fixture
from tests.access.test_label_leaks import _as_alice
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")
DEEP = "[" * 200_000
NEXT = "(SELECT max(seq) + 1 FROM audit)"
ROWS = {
    "audit entry": (f"INSERT INTO audit SELECT {NEXT}, '2026-12-07T10:00:00Z', 'vera', 'label files written', "
                    "?, 'x', 'y'", (DEEP,)),
    "acceptance": (f"INSERT INTO audit SELECT {NEXT}, '2026-12-07T10:00:00Z', 'vera', 'label file accepted', "
                   "?, 'x', 'y'", ('{"label": ' + DEEP,)),
    "members signature": ("UPDATE settings SET value = ? WHERE key = 'access.members_signature'", (DEEP,)),
    "a clearance": ("UPDATE members SET clearance = ? WHERE name = 'vera'", (DEEP,)),
    "migration record": ("INSERT OR REPLACE INTO settings(key, value) VALUES('access.migrated', ?)", (DEEP,)),
}


@pytest.mark.parametrize("row", list(ROWS))
def test_a_deeply_nested_row_is_refused_or_reported_not_a_traceback(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str],  # noqa: F811
        row: str) -> None:
    path, ids = project
    _write_as(path, "vera", VERA_PW, "open", ROWS[row])
    for command in (["show", ids["olaf"]], ["audit", "verify"], ["audit", "show"]):
        assert main([*command, *_as_alice(path, tmp_path)]) in (0, 1, 2)
        assert "Traceback" not in capsys.readouterr().err


def test_the_audit_window_shows_a_deeply_nested_entry_as_its_text() -> None:
    from views.audit_dialog import details_text, record_ids
    assert record_ids(DEEP) == set()
    assert details_text(DEEP) == DEEP


def test_a_deeply_nested_key_file_is_refused_in_one_line(project: tuple[Path, dict[str, str]], tmp_path: Path,  # noqa: F811
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from graph.access.keyslots import key_file
    path, ids = project
    key_file(path).write_text(DEEP, encoding="utf-8")  # anyone who can write the project's folder
    assert main(["show", ids["olaf"], *_as_alice(path, tmp_path)]) == 2
    assert "key file" in capsys.readouterr().err
