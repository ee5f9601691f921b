"""A briefing of police records leaves no title, dossier or file name in the main file (red team, issue 11).

The `briefing` audit entry is in the main file, which vera (a viewer cleared for `open`) decrypts with
her own key: a briefing for the driehoek named its title and dossier there as typed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.stores.sqlite_store import partition_file
from tests.access.test_attacks import _dump, _everything_of
from tests.briefing.conftest import CHART, VERA_PW, Case
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")


def test_a_police_briefing_names_nothing_in_the_main_file(case: Case, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["briefing", "make", CHART, "--audience", "driehoek", "--to", "Burgemeester",
                 "-o", str(tmp_path / "henk-verborgen.pdf"), "--title", "Casus Henk Verborgen",
                 "--dossier", "WPG-HENK-77", *case.args()]) == 0
    capsys.readouterr()
    seen = _dump(partition_file(case.path, "open"), _everything_of(case.path, "vera", VERA_PW)["open"])
    assert "Henk" not in seen and "henk" not in seen and "WPG-HENK-77" not in seen
    assert main(["briefing", "verify", str(tmp_path / "henk-verborgen.pdf"), *case.args()]) == 0
