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
        return out.out if "--format" in args else out.out + out.err  # machine output: stdout alone
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


def test_search_and_show_name_the_label_in_dutch(run) -> None:
    [hit] = read_json_rows(run("search", "Johannes", "de", "Vries", "--format", "json", "--limit", "1"))
    run("edit", hit["id"], "--label", "confidential")
    table, shown = run("search", "Johannes", "de", "Vries"), run("show", hit["id"])
    assert "vertrouwelijk" in table and "confidential" not in table
    assert "Rubricering              vertrouwelijk" in shown and "confidential" not in shown
    assert "confidential" in run("search", "Johannes", "de", "Vries", "--lang", "en")  # English keeps the code
    assert {r["label"] for r in read_json_rows(run("search", "Johannes", "de", "Vries", "--format", "json"))} \
        >= {"confidential"}


def test_vik_alerts_and_actions_say_ja_nee_and_dutch_alert_kinds(run) -> None:
    alerts, actions = run("alerts"), run("action", "list")
    for text in (alerts, actions):
        assert "True" not in text and "False" not in text and ("nee" in text or "ja" in text)
    assert "closure" not in alerts and "penalty" not in alerts and "sluiting" in alerts
    rows = read_json_rows(run("alerts", "--format", "json"))
    assert {r["kind"] for r in rows} <= {"closure", "penalty", "watch"} and {type(r["seen"]) for r in rows} == {bool}
    assert "no" in run("alerts", "--lang", "en").split()


def test_risk_branches_and_indicators_by_their_dutch_titles(run) -> None:
    directors = run("analyse", "directors", "--top", "20")
    assert "Horeca" in directors or "Autobranche" in directors
    for code in ("hospitality", "automotive", "beauty_care", "drugs_related"):
        assert code not in directors
    flags = run("analyse", "flags")
    said = " ".join(r["explanation"] for r in read_json_rows(run("analyse", "flags", "--format", "json")))
    assert "Bibob-risicobranches (" in said and not any(code in said for code in ("hospitality", "automotive"))
    assert "crowded_address" not in flags and "Veel bedrijven op één adres" in flags  # the method line too
    assert "red flags" not in flags and "hospitality" not in flags
    rows = read_json_rows(run("analyse", "directors", "--format", "json"))
    assert any("hospitality" in (r["risk_branches"] or []) for r in rows)  # files keep the codes


def test_red_flags_analysis_has_a_dutch_title() -> None:
    from graph.analysis.catalogue import get

    assert get("flags").title("nl") == "Signalen" and get("flags").title("en") == "Red flags"


def test_centrality_components_count_from_one(run) -> None:
    rows = read_json_rows(run("analyse", "centrality", "--format", "json"))
    assert min(r["component"] for r in rows) == 1  # the largest; no component 0
    clusters = read_json_rows(run("analyse", "clusters", "--format", "json"))
    assert min(r["component"] for r in clusters) == 1


def test_meldingen_imported_by_the_spec_show_source_phenomenon_and_status(run) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    run("import", "case", str(examples / "meldingen.csv"), "--spec", "meldingen")
    lines = [line for line in run("signal", "list").splitlines() if "M-2024-" in line]
    assert len(lines) == 6
    for line in lines:
        assert "Meldpunt Ondermijning" in line and "  nieuw  " in line  # Bron, Status
    assert "Drugs" in next(line for line in lines if "M-2024-003" in line)  # Fenomeen, from Categorie
    assert "Witwassen" in next(line for line in lines if "M-2024-002" in line)
    new = read_json_rows(run("signal", "list", "--status", "nieuw", "--format", "json"))
    assert {r["number"] for r in new} >= {f"M-2024-00{i}" for i in range(1, 7)}  # the status filter agrees


def test_lock_without_a_keyring_says_there_is_nothing_to_forget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    import keyring
    from keyring.backends import fail

    from tests.sandbox import as_anna

    monkeypatch.delenv("KNOOPPUNT_LANG", raising=False)
    project = tmp_path / "zaak.knp"
    with as_anna(monkeypatch, "anna: correct horse battery"):
        assert main(["project", "create", str(project), "--owner", "anna"]) == 0
        keyring.set_keyring(fail.Keyring())  # this computer has no OS keyring (as_anna restores the old one)
        capsys.readouterr()
        assert main(["lock", "--project", str(project)]) == 0
        out = capsys.readouterr()
        assert "geen sleutel onthouden" in out.out and out.err == ""
        assert main(["lock", "--project", str(project), "--lang", "en"]) == 0
        assert "no key was remembered" in capsys.readouterr().out


def test_show_follows_the_interface_language(run) -> None:
    """`show` was Dutch-only: under --lang en its headings, dates and words are English, and
    in Dutch mode (the default) none of them are."""
    [hit] = read_json_rows(run("search", "B.V.", "--format", "json", "--limit", "1"))
    dutch, english = run("show", hit["id"]), run("show", hit["id"], "--lang", "en")
    for nl, en in (("Bronnen:", "Sources:"), ("Rubricering", "Classification"), ("Geldig", "Valid"),
                   ("ontvangen", "received"), ("betrouwbaarheid", "reliability"), ("Relaties (", "Relations (")):
        assert nl in dutch and en not in dutch, nl
        assert en in english and nl not in english, en
    assert "[Onderneming]" in dutch and "[Company]" in english
