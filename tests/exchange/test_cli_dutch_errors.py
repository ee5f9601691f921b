"""Core errors a user meets in the CLI read Dutch in a Dutch interface (graph/data/core_phrases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sandbox import OWNER_PW
from workbench.cli import main


def test_export_of_an_unknown_chart_says_so_in_dutch(project: tuple[Path, dict[str, str]], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    monkeypatch.setenv("KNOOPPUNT_LANG", "nl")
    out = tmp_path / "x.csv"
    code = main(["export", "csv", "--audience", "open", "--chart", "Bestaat niet", "-o", str(out),
                 "--project", str(project[0])])
    err = capsys.readouterr().err
    assert code == 2 and "geen opgeslagen schema met de naam 'Bestaat niet'" in err and not out.exists()
    assert "no saved chart" not in err


def test_import_of_a_missing_file_says_so_in_dutch(empty_project: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    monkeypatch.setenv("KNOOPPUNT_LANG", "nl")
    code = main(["import", "ftm", str(tmp_path / "weg.ftm"), "--project", str(empty_project)])
    err = capsys.readouterr().err
    assert code == 2 and "weg.ftm: bestand bestaat niet" in err, err
