"""Dutch-mode leftovers of the CLI a reviewer found (stats headers, birth dates, labels, yes/no, codes).

Each check runs `knooppunt` through its entry point in Dutch (the default) on a small demo project
and looks at what the analyst reads; files and machine formats keep the codes scripts match on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli import main
from workbench.output import read_json_rows


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("leftovers") / "demo.knp"
    assert main(["demo", "--size", "600", "--seed", "3", "--project", str(path)]) == 0
    return path


@pytest.fixture
def run(demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("KNOOPPUNT_LANG", raising=False)

    def knooppunt(*args: str, code: int = 0, project: Path | None = None) -> str:
        capsys.readouterr()
        got = main([*args, "--project", str(project or demo)])
        out = capsys.readouterr()
        assert got == code, out.err
        return out.out + out.err
    return knooppunt


def test_stats_headers_name_the_title_column_not_a_security_label(run) -> None:
    header = run("stats").splitlines()[0].split()
    assert header == ["soort", "code", "titel", "aantal"]
    assert run("stats", "--lang", "en").splitlines()[0].split() == ["kind", "type", "title", "count"]
    rows = read_json_rows(run("stats", "--format", "json"))
    assert {"kind", "type", "label", "count"} <= set(rows[0])  # files keep the column names scripts read


def test_resolve_list_shows_dutch_birth_dates_and_reasons(run) -> None:
    for name in ("Johannes de Vries", "Johannes de Vriess"):
        run("add", "Person", "--set", f"name={name}", "--set", "birth_date=12-07-1975")
    table = run("resolve", "list")
    assert "12-07-1975" in table and "1975-07-12" not in table
    assert "zelfde geboortedatum" in table and "same date of birth" not in table
    rows = read_json_rows(run("resolve", "list", "--format", "json"))
    assert rows[0]["a_birth"] == "1975-07-12" and rows[0]["reason"].startswith("same date of birth")
