"""Every analysis on the command line speaks the interface language: Dutch by default, English with --lang en.

The method lines on stderr and every table cell are checked for English words, and the type
columns must show the schema's titles (Persoon, Onderneming) in tables for people while
--format csv keeps the codes (Person, Company) for scripts.
"""

from __future__ import annotations

import re

import pytest

from graph.analysis.catalogue import CATALOGUE
from tests.analysis.conftest import demo_file
from workbench.cli import main
from workbench.output import read_csv_rows

ENGLISH = ("relations", "entities", "sampled", "direction", "ignored", "random", "seed", "within",
           "probability", "dissolved", "registration", "appointments", "departures", "occupants", "skipped",
           "until", "weights", "resolution", "shortest", "neighbours", "weighted", "undirected", "damping",
           "between", "companies", "sharing", "method", "true", "false")
WORDS = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return demo_file(tmp_path_factory.mktemp("nl"))


def _invocations(p) -> dict[str, list[str]]:
    """One command line per catalogue analysis."""
    return {
        "centrality": ["centrality", "--method", "sampled", "--exact-limit", "10"],
        "addresses": ["addresses"], "address_pairs": ["addresses", "--pairs"], "co_attendance": ["events"],
        "co_occupants": ["addresses", "--address", p.hotspot_address],
        "directors": ["directors"], "director_churn": ["directors", "--view", "churn"],
        "ownership_chains": ["directors", "--view", "chains"],
        "connection": ["path", p.strawman, p.strawman_companies[0]], "neighbourhood": ["path", p.strawman],
        "clusters": ["clusters"], "cluster_members": ["clusters", "--view", "members"],
        "cluster_bridges": ["clusters", "--view", "bridges"],
        "flags": ["flags"], "flag_summary": ["flags", "--summary"],
    }


def _run(capsys, path, args: list[str], *extra: str):
    capsys.readouterr()
    assert main(["analyse", *args, "--project", str(path), "--top", "20", *extra]) == 0
    return capsys.readouterr()


def test_every_analysis_has_a_command_line_here(project) -> None:
    assert set(_invocations(project[1])) == set(CATALOGUE)


@pytest.mark.parametrize("key", list(CATALOGUE))
def test_dutch_by_default_no_english_words(project, capsys, monkeypatch, key) -> None:
    monkeypatch.delenv("KNOOPPUNT_LANG", raising=False)
    path, planted = project
    out = _run(capsys, path, _invocations(planted)[key])
    method = [line for line in out.err.splitlines() if line.startswith("# ")]
    assert not WORDS.findall("\n".join(method)), method
    assert not re.search(r"\b(Person|Company|Address|director_of|registered_at|owner_of)\b", "\n".join(method))
    assert not WORDS.findall(out.out), out.out[:2000]
    if any(c.kind == "entity_type" for c in CATALOGUE[key].columns) and out.out.strip() != "(geen resultaten)":
        assert re.search(r"\b(Persoon|Onderneming|Adres)\b", out.out)
        assert not re.search(r"\b(Person|Company|Address)\b", out.out)


def test_sampled_centrality_in_dutch_and_english(project, capsys, monkeypatch) -> None:
    monkeypatch.delenv("KNOOPPUNT_LANG", raising=False)
    path, planted = project
    args = _invocations(planted)["centrality"]
    nl = _run(capsys, path, args)
    assert "# methode tussenpositie: steekproef (Riondato-Kornaropoulos)" in nl.err
    assert "Persoon" in nl.out and "Onderneming" in nl.out
    en = _run(capsys, path, args, "--lang", "en")
    assert "# method betweenness: sampled (Riondato-Kornaropoulos)" in en.err
    assert "# method pagerank" not in en.err and "# method PageRank: igraph, damping 0.85, undirected" in en.err
    assert re.search(r"\bPerson\b", en.out) and "Persoon" not in en.out


def test_machine_output_keeps_type_codes(project, capsys) -> None:
    path, planted = project
    out = _run(capsys, path, _invocations(planted)["neighbourhood"], "--format", "csv")
    types = {r["type"] for r in read_csv_rows(out.out)}
    assert types >= {"Person", "Company"} and not types & {"Persoon", "Onderneming"}


def test_flags_reference_date_is_dd_mm_jjjj(project, capsys) -> None:
    path, _ = project
    out = _run(capsys, path, ["flags", "--reference-date", "2025-03-01"])
    assert "# methode peildatum: 01-03-2025" in out.err


def test_relations_types_and_periods_for_people(project, capsys) -> None:
    path, planted = project
    hops = _run(capsys, path, _invocations(planted)["connection"]).out
    assert "bestuurder van →" in hops and "director_of" not in hops
    assert re.search(r"\b(vanaf \d{2}-\d{2}-\d{4}|\d{2}-\d{2}-\d{4} t/m )", hops)  # not 'a..b'
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\.\.", hops)
    clusters = _run(capsys, path, ["clusters"]).out
    assert "Persoon: " in clusters and "Person: " not in clusters
    english = _run(capsys, path, _invocations(planted)["connection"], "--lang", "en").out
    assert "director_of" not in english and re.search(r"\d{4}-\d{2}-\d{2}\.\.", english)
    raw = read_csv_rows(_run(capsys, path, _invocations(planted)["connection"], "--format", "csv").out)
    assert raw[0]["relation"].startswith("director_of") and raw[0]["from_type"] == "Person"


def test_indicator_codes_show_as_their_dutch_titles(project, capsys, monkeypatch) -> None:
    """The flags tables for people name each indicator by its title (schema.yaml `indicators`);
    --format csv keeps the codes scripts match on."""
    monkeypatch.delenv("KNOOPPUNT_LANG", raising=False)
    path, _ = project
    for args in (["flags", "--summary"], ["flags"]):
        out = _run(capsys, path, args).out
        assert "Veel bedrijven op één adres" in out and "Mogelijke katvanger (stroman)" in out, out[:2000]
        assert not re.search(r"\b(crowded_address|strawman_director|risk_branch_concentration|bridging_position|"
                             r"recent_churn)\b", out), out[:2000]
    rows = read_csv_rows(_run(capsys, path, ["flags", "--summary"], "--format", "csv").out)
    assert any("crowded_address" in r["indicators"] for r in rows)
    english = _run(capsys, path, ["flags", "--summary"], "--lang", "en").out
    assert "Many companies at one address" in english


def test_every_indicator_has_a_title_in_both_languages() -> None:
    from graph.analysis.indicators import INDICATORS, load_indicators
    from graph.schema import default_schema

    schema = default_schema()
    for code in INDICATORS:
        assert set(schema.indicators[code]) == {"nl", "en"}, code
        assert schema.indicator_title(code, "nl") == load_indicators()[code]["label"]["nl"]  # one name per flag
