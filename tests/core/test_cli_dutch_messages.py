"""In Dutch mode (the default) every line the main commands print is Dutch: confirmations on stdout,
warnings and error lines ("file, row, field") on stderr, not only the tables.

The commands run through `knooppunt`'s entry point as an analyst meets them; the output (with the
test's own folder names taken out) must hold none of a list of tell-tale English words, while ids,
file names and codes stay as they are. With --lang en the same messages are English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.sandbox import as_anna
from workbench.cli import main

DATA = Path(__file__).resolve().parents[1] / "importers" / "data"
PW = "anna: correct horse battery"
VERA = "vera: a viewer's passphrase"
ENGLISH = ("created", "added", "updated", "deleted", "removed", "unlocked", "locked", "rows", "written", "warning",
           "rejected", "entities", "relations", "merged", "note", "error", "wrong", "passphrase", "member",
           "clearance", "column", "row", "value", "file", "such", "not", "may", "with", "and", "the", "from",
           "to", "no", "into", "undo", "key", "encrypted", "slots", "entity", "relation", "signed",
           "name", "aborted", "output", "missing", "option", "remembered", "none", "results", "entries", "does",
           "match", "date", "format", "choose", "log", "chain", "head", "or", "first", "use")
IDS = re.compile(r"\b[a-z]{3}-[0-9a-f]{16}\b")  # record ids (a note is not-…): identifiers, not words
OPTIONS = re.compile(r"--[a-z][a-z-]*")  # --passphrase-file: an option's name, as the user types it
WORDS = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)


@pytest.fixture
def dutch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("KNOOPPUNT_LANG", raising=False)
    monkeypatch.chdir(tmp_path)
    with as_anna(monkeypatch, PW):
        yield tmp_path


class Run:
    """`knooppunt ARGS` with its exit code and output, the test's folder names taken out."""

    def __init__(self, capsys: pytest.CaptureFixture[str], folder: Path):
        self.capsys, self.folder, self.lines = capsys, folder, []

    def __call__(self, *args: str, code: int = 0) -> str:
        self.capsys.readouterr()
        got = main(list(args))
        out = self.capsys.readouterr()
        text = (out.out + out.err).replace(str(self.folder), "MAP")
        assert got == code, text
        self.lines.append((" ".join(args), text))
        return text

    def english(self) -> list[tuple[str, list[str]]]:
        found = [(cmd, WORDS.findall(OPTIONS.sub("OPT", IDS.sub("ID", text)))) for cmd, text in self.lines]
        return [(cmd, words) for cmd, words in found if words]


def _main_commands(run: Run, folder: Path) -> dict[str, str]:
    """The main commands, each once, in Dutch; what some of them print, for closer checks."""
    got = {"create": run("project", "create", "zaak.knp", "--owner", "anna")}
    p = ["--project", "zaak.knp"]
    got["unlock"] = run("unlock", *p)
    got["unlock_remember"] = run("unlock", "--remember", *p)
    got["lock"] = run("lock", *p)
    got["lock_again"] = run("lock", *p)
    got["members_add"] = _with_env(run, "KNOOPPUNT_NEW_PASSPHRASE", VERA, "members", "add", "vera", "--role", "viewer",
                                   *p)
    run("members", "list", *p)
    got["add"] = run("add", "Person", "--set", "name=Jan de Vries", "--set", "birth_date=12-07-1975", *p)
    person = got["add"].split()[1]
    company = run("add", "Company", "--set", "name=Hoekje B.V.", "--set", "kvk_number=12345678", *p).split()[1]
    got["add_again"] = run("add", "Company", "--set", "name=Hoekje", "--set", "kvk_number=12345678", *p)
    got["link"] = run("link", person, company, "--type", "director_of", "--from", "01-02-2020", *p)
    relation = got["link"].split()[1]
    got["edit"] = run("edit", person, "--set", "name=J. de Vries", *p)
    got["note"] = run("note", "add", person, "Gezien bij het pand", *p)
    run("stats", *p)
    run("search", "Vries", *p)
    run("show", person, *p)
    got["import"] = run("import", "case", str(DATA / "meldingen_bad_date.csv"), "--spec", "meldingen",
                        "--reject-file", "afgewezen.csv", *p)
    got["import_bad"] = run("import", "case", str(DATA / "meldingen_bad_date.csv"), "--spec", "meldingen", *p,
                            code=2)
    got["export"] = run("export", "graphml", "--audience", "open", "-o", "netwerk.graphml", *p)
    got["output"] = run("search", "Vries", "--output", "gevonden.csv", *p)
    got["unknown"] = run("show", "per-0000000000000000", *p, code=2)
    got["delete"] = run("delete", relation, *p)
    got["audit"] = run("audit", "verify", *p)
    got["wrong"] = run("edit", person, "--set", "name=X", "--as", "vera", *p, code=2)
    got["viewer"] = _with_env(run, "KNOOPPUNT_PASSPHRASE", VERA, "edit", person, "--set", "name=X", "--as", "vera",
                              *p, code=2)
    got["missing"] = run("stats", "--project", "weg.knp", code=2)
    got["usage"] = run("members", "add", "piet", *p, code=2)
    got["no_passphrase"] = _with_env(run, "KNOOPPUNT_PASSPHRASE", "", "stats", *p, code=2)  # a script, no terminal
    return got


def _with_env(run: Run, name: str, value: str, *args: str, code: int = 0) -> str:
    import os
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        return run(*args, code=code)
    finally:
        if before is None:
            del os.environ[name]
        else:
            os.environ[name] = before


def test_main_commands_say_everything_in_dutch(dutch: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    run = Run(capsys, dutch)
    got = _main_commands(run, dutch)
    assert run.english() == [], "\n".join(t for _, t in run.lines)
    # identifiers, file names and codes are kept as they are
    assert got["create"].startswith("zaak.knp aangemaakt (versleuteld") and "met eigenaar anna" in got["create"]
    assert "ontgrendeld als anna (owner)" in got["unlock"]
    assert "vera toegevoegd als viewer, autorisatie open" in got["members_add"]
    assert "meldingen_bad_date.csv: rij 3, kolom 'Ontvangen'" in got["import_bad"]
    assert got["import_bad"].count("\n") == 1
    assert "1 afgewezen rij geschreven naar afgewezen.csv" in got["import"]  # one row: "rij", not "rijen"
    assert "Persoon 'J. de Vries'" in got["edit"]
    assert "van 01-02-2020 tot …" in got["link"]
    assert "geen entiteit 'per-0000000000000000' in het project" in got["unknown"]
    assert "verkeerde wachtwoordzin voor lid 'vera'" in got["wrong"]
    assert "auditlog intact" in got["audit"]
    assert "lid 'vera' (viewer) mag geen records wijzigen" in got["viewer"]
    assert "weg.knp: projectbestand bestaat niet" in got["missing"]
    assert "rijen geschreven naar gevonden.csv" in got["output"]
    assert got["no_passphrase"].endswith("gebruik --passphrase-file BESTAND, KNOOPPUNT_PASSPHRASE of eerst "
                                         "`knooppunt unlock --remember`\n"), got["no_passphrase"]


def test_the_same_messages_in_english(dutch: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOOPPUNT_LANG", "en")
    run = Run(capsys, dutch)
    assert "created zaak.knp (encrypted" in run("project", "create", "zaak.knp", "--owner", "anna")
    err = run("import", "case", str(DATA / "meldingen_bad_date.csv"), "--spec", "meldingen", "--project",
              "zaak.knp", code=2)
    assert "meldingen_bad_date.csv: row 3, column 'Ontvangen'" in err
    monkeypatch.delenv("KNOOPPUNT_LANG")
    assert "no such project file" in run("stats", "--project", "weg.knp", "--lang", "en", code=2)
    assert "projectbestand bestaat niet" in run("stats", "--project", "weg.knp", code=2)


def test_a_refusal_for_a_lower_clearance_says_why_in_dutch(dutch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Taking back one's own value rewrites the record from every source's statements: an analyst who
    does not see every label is refused, and told why, in Dutch."""
    run = Run(capsys, dutch)
    p = ["--project", "zaak.knp"]
    run("project", "create", "zaak.knp", "--owner", "anna")
    _with_env(run, "KNOOPPUNT_NEW_PASSPHRASE", VERA, "members", "add", "vera", "--role", "analyst", *p)
    as_vera = ("KNOOPPUNT_PASSPHRASE", VERA)
    person = _with_env(run, *as_vera, "add", "Person", "--set", "name=Jan de Vries", "--as", "vera", *p).split()[1]
    _with_env(run, *as_vera, "edit", person, "--set", "birth_date=12-07-1975", "--as", "vera", *p)
    err = _with_env(run, *as_vera, "edit", person, "--unset", "birth_date", "--as", "vera", *p, code=2)
    assert f"{person}: een waarde terugnemen, een rubricering verlagen" in err
    assert "vraagt een lid dat elke rubricering ziet" in err and "'vera'" in err
    assert run.english() == [], err


def test_one_row_written_is_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`--output` of one row says "1 rij geschreven" (was "1 rijen"); two rows "2 rijen"."""
    from workbench.output import emit

    monkeypatch.setenv("KNOOPPUNT_LANG", "nl")
    emit([{"id": "per-1"}], ["id"], output=str(tmp_path / "een.csv"))
    assert capsys.readouterr().err.startswith(f"1 rij geschreven naar {tmp_path / 'een.csv'}")
    emit([{"id": "per-1"}, {"id": "per-2"}], ["id"], output=str(tmp_path / "twee.csv"))
    assert capsys.readouterr().err.startswith(f"2 rijen geschreven naar {tmp_path / 'twee.csv'}")
