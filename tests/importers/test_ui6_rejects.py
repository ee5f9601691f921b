"""A rejected row says which entity it lacks in the analyst's words (ui6): through `knooppunt import case`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.test_cli_import import _run, project  # noqa: F401  (the fixture)


def test_a_row_without_a_required_person_names_the_type_and_its_empty_columns(
        project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """It read "de rij levert geen person op (Person)": the spec's key and the type code, English, doubled."""
    monkeypatch.delenv("KNOOPPUNT_LANG", raising=False)
    path = tmp_path / "zaak.csv"
    path.write_text("Naam;BSN;Plaats\nJan de Vries;;Almelo\n;;Hengelo\n", encoding="utf-8")
    spec = tmp_path / "zaak.yaml"
    spec.write_text("source: x\nentities:\n  person: {type: Person, required: true, reference: [Naam],\n"
                    "           properties: {name: Naam, bsn: BSN}}\n", encoding="utf-8")
    code, _, err = _run(capsys, "import", "case", str(path), "--spec", str(spec), "--project", str(project))
    assert code == 2 and err.count("\n") == 1, err
    assert "zaak.csv: rij 3: de rij levert geen persoon op (kolommen Naam en BSN zijn leeg)" in err, err
    code, _, err = _run(capsys, "--lang", "en", "import", "case", str(path), "--spec", str(spec),
                        "--project", str(project))
    assert "zaak.csv: row 3: the row makes no Person (columns Naam and BSN are empty)" in err, err
