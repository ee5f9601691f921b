"""`knooppunt export --audience` takes the audiences analysts name (driehoek, riec, bibob, openbaar), as briefings do.

The option offered label codes only (open, confidential, ...); an analyst sends an export to the RIEC
meeting or the Bibob team, the names of graph/briefing/data/audiences.yaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exchange.conftest import SECRET_NAME
from tests.sandbox import OWNER_PW
from workbench.cli import main


def _export(capsys: pytest.CaptureFixture[str], project: Path, out: Path, audience: str) -> tuple[int, str]:
    code = main(["export", "csv", "--audience", audience, "-o", str(out), "--project", str(project), "--as", "alice"])
    return code, capsys.readouterr().err


def test_an_export_for_a_named_audience(project: tuple[Path, dict[str, str]], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    monkeypatch.setenv("KNOOPPUNT_LANG", "nl")
    names = {}
    for audience in ("openbaar", "bibob", "riec"):
        out = tmp_path / f"{audience}.csv"
        code, err = _export(capsys, project[0], out, audience)
        assert code == 0, err
        names[audience] = out.read_text(encoding="utf-8")
    assert "Jan de Vries" not in names["openbaar"] and "Jan de Vries" in names["bibob"]  # confidential
    assert SECRET_NAME not in names["bibob"] and SECRET_NAME in names["riec"]  # police-wpg
    assert "RUBRICERING: OPEN" in names["openbaar"].splitlines()[0]


def test_an_unknown_audience_names_the_audiences_in_dutch(project: tuple[Path, dict[str, str]], tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    monkeypatch.setenv("KNOOPPUNT_LANG", "nl")
    out = tmp_path / "x.csv"
    code, err = _export(capsys, project[0], out, "gemeenteraad")
    assert code == 2 and not out.exists()
    assert "publiek 'gemeenteraad': onbekend publiek" in err and "driehoek, riec, bibob, openbaar" in err, err
    assert err.count("\n") == 1


def test_the_help_names_the_audiences(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "csv", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "driehoek, riec, bibob, openbaar" in text, text
