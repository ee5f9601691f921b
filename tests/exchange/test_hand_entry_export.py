"""A record typed by hand is `handmatige invoer` with the member as reference inside the project (the team
sees who said it, `knooppunt show`); an export for others names the source, not the member (as a briefing
shows only the source), in every format. The audit log keeps who made the record and who exported it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph.editing import MANUAL_SOURCE
from tests.exchange.conftest import open_owner
from tests.sandbox import OWNER_PW
from workbench.cli import main

FORMATS = ["anx", "graphml", "gexf", "ftm", "csv", "xlsx"]


def _text(path: Path) -> str:
    if path.suffix == ".xlsx":
        sheet = load_workbook(path).active
        assert sheet is not None
        return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_names_hand_entry_without_the_member(fmt: str, project: tuple[Path, dict[str, str]], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path, ids = project
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    at = ["--project", str(path), "--as", "alice"]
    assert main(["add", "Person", "--set", "name=Karel Handmatig", *at]) == 0
    assert main(["link", ids["piet"], ids["holding"], "--type", "employed_by", *at]) == 0
    capsys.readouterr()
    with open_owner(path) as store:  # inside the project the member is the reference
        karel = next(e for e in store.iter_entities() if e.caption == "Karel Handmatig")
        assert karel.provenance is not None and (karel.provenance.source, karel.provenance.reference) == (
            MANUAL_SOURCE, "alice")
    out = tmp_path / f"uit.{fmt}"
    assert main(["export", fmt, "--audience", "open", "-o", str(out), *at]) == 0, capsys.readouterr().err
    text = _text(out)
    assert "Karel Handmatig" in text and MANUAL_SOURCE in text
    assert "alice" not in text, f"the member who typed it leaked into the {fmt} export"
    with open_owner(path) as store:
        assert store.get_entity(karel.id).provenance.reference == "alice"  # the project keeps who said it
        entry = json.loads([e for e in store.audit_entries() if e.action == "export"][-1].details)
        assert entry["format"] == fmt
