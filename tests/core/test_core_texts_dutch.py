"""Every error text the core raises has a Dutch form (graph/data/core_phrases.yaml) or is on the allow-list.

The core speaks English and `graph.core_text.core_text` puts Dutch phrases in its place for a Dutch
interface. This walks every `raise SomethingError("...")` / f-string in graph/ and importers/ (ast),
fills each placeholder with a neutral token and checks that in Dutch no English word is left. A message
that stays English must be listed, with the reason, in tests/core/data/untranslated_core_errors.yaml;
the list may only shrink (an entry that is translated or gone fails too, so it is kept honest).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from graph.core_text import core_text
from tests.importers.test_cli_import import _run, project  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]
ALLOW = Path(__file__).parent / "data" / "untranslated_core_errors.yaml"
# words of English sentences that no Dutch sentence uses: one left means the message is (partly) English
ENGLISH = {"the", "not", "no", "must", "cannot", "use", "has", "have", "only", "with", "without", "does", "unknown",
           "needs", "already", "which", "when", "should", "than", "this", "there", "its", "their", "missing",
           "expected", "invalid", "empty", "found", "are", "nothing", "given", "such", "made", "update", "before",
           "after", "another", "nested", "deeply", "columns", "different", "instead", "belongs", "damaged",
           "unsupported", "below", "outside", "altered", "needed", "refused", "joins", "merged", "takes",
           "required", "makes"}
PLACEHOLDER = "X"


def _placeholder(value: ast.expr) -> str:
    """X, or 'X' for a `{value!r}` (the quotes a phrase may expect around a name)."""
    if isinstance(value, ast.Constant):
        return str(value.value)
    call = value.value if isinstance(value, ast.FormattedValue) else None
    if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "counted" and \
            isinstance(call.args[-1], ast.Constant):  # counted(n, "relation", "relations"): "X relations"
        return f"{PLACEHOLDER} {call.args[-1].value}"
    return f"'{PLACEHOLDER}'" if isinstance(value, ast.FormattedValue) and value.conversion == ord("r") else PLACEHOLDER


def _sample(node: ast.expr) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    assert isinstance(node, ast.JoinedStr)
    return "".join(_placeholder(v) for v in node.values)


def raise_sites(root: Path = ROOT) -> list[tuple[str, int, str]]:
    """(file, line, message with placeholders) of each exception raised with a literal text."""
    sites = []
    for package in ("graph", "importers"):
        for path in sorted((root / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args):
                    continue
                func = node.exc.func
                name = getattr(func, "id", getattr(func, "attr", ""))
                text = node.exc.args[0]
                # every exception class (KnooppuntError, PermissionDenied, NotFound, WrongPassphrase, ...)
                if name[:1].isupper() and isinstance(text, ast.Constant | ast.JoinedStr):
                    sites.append((path.relative_to(root).as_posix(), node.lineno, _sample(text)))
    return sites


# what a user types as it stands: `knooppunt members restore`, --with-relations (never translated)
VERBATIM = re.compile(r"`[^`]*`|--[a-z][a-z-]*")


def english_left(message: str) -> set[str]:
    """English words left in Dutch; the placeholders are tried as a word and as a number (a phrase may
    expect digits there: `row (\\d+)`), and the message counts as Dutch when either reads Dutch.
    Commands and options are typed as they are, so their words do not count."""
    left = [set(re.findall(r"[a-z']+", VERBATIM.sub(" ", core_text(sample, "nl")).lower())) & ENGLISH
            for sample in (message, message.replace(PLACEHOLDER, "1"))]
    return left[0] & left[1]


def _allowed() -> dict[str, set[str]]:
    """file -> the messages (with placeholders) that stay English, from the documented allow-list."""
    data = yaml.safe_load(ALLOW.read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {}
    for group in data.values():
        for file, messages in group["files"].items():
            out.setdefault(file, set()).update(messages)
    return out


def test_the_walk_finds_the_raise_sites() -> None:
    sites = raise_sites()
    assert len(sites) > 200
    assert ("graph/exchange/common.py", "no saved chart named 'X'") in {(f, m) for f, _, m in sites}


def test_every_core_error_has_a_dutch_form_or_is_allowed() -> None:
    allowed = _allowed()
    missing = [f"{file}:{line}: {message}  (English left: {', '.join(sorted(english_left(message)))})"
               for file, line, message in raise_sites()
               if english_left(message) and message not in allowed.get(file, set())]
    assert not missing, "no Dutch in graph/data/core_phrases.yaml for:\n" + "\n".join(missing)


def test_the_allow_list_only_holds_untranslated_messages_that_exist() -> None:
    sites = {(file, message) for file, _, message in raise_sites()}
    stale = [f"{file}: {message}" for file, messages in _allowed().items() for message in sorted(messages)
             if (file, message) not in sites or not english_left(message)]
    assert not stale, "translated or gone; take off the allow-list:\n" + "\n".join(stale)


def test_the_check_fails_on_an_english_message() -> None:
    """The check itself can fail: an untranslated sentence keeps English words, a translated one none."""
    assert english_left("X: this value has no place in the project")
    assert not english_left("no saved chart named 'X'")
    assert not english_left("zaak.csv: row 3: the file has no header row")
    assert not english_left("X: has X relations (X); choose --with-relations or --keep-relations")
    assert english_left("X: has X relations (X); choose the --with-relations option")


def test_counts_read_in_number_in_both_languages() -> None:
    """"1 relatie(s)" and "hoogstens 1 relaties" read wrong: the Dutch noun follows the count English gives."""
    from graph.editing import counted
    for n, nl in ((1, "heeft 1 relatie (rel-1); kies"), (3, "heeft 3 relaties (rel-1); kies"),
                  (1234, "heeft 1,234 relaties (rel-1); kies")):
        en = f"per-1: has {counted(n, 'relation', 'relations')} (rel-1); choose --with-relations or --keep-relations"
        assert "(s)" not in en and nl in core_text(en, "nl")
    assert core_text("per-1: has 1 relation above the clearance of 'bob' that would go with it; ask a member who "
                     "sees them", "nl").endswith("die mee zou verdwijnen; vraag een lid dat hem ziet")
    assert core_text("x.net: 1 node of the network has no tie and was not imported ('9'): a network file makes "
                     "entities from its ties only", "nl").startswith("x.net: 1 knoop van het netwerk heeft geen band "
                                                                     "en is niet geïmporteerd ('9')")


def test_export_notes_name_properties_in_dutch() -> None:
    """What an export left out reads as the analyst's words ("BSN van persoon"), not the codes Person.bsn."""
    from types import SimpleNamespace

    from graph.exchange.common import withheld_notes

    graph = SimpleNamespace(withheld={("Person", "bsn"): 1, ("Person", "identifications"): 3})
    assert [core_text(n, "nl") for n in withheld_notes(graph)] == [  # type: ignore[arg-type]
        "BSN van persoon (1 entiteit): gevoelig; nooit in een export",
        "Identiteitsbewijzen van persoon (3 entiteiten): gevoelig; nooit in een export"]
    assert core_text("attended.role (2 relations): no FollowTheMoney property; left out", "nl") == \
        "Rol van aanwezig bij (2 relaties): geen FollowTheMoney-eigenschap; weggelaten"
    assert core_text("Person.bogus (1 entity): no FollowTheMoney property; left out", "nl") == \
        "Person.bogus (1 entiteit): geen FollowTheMoney-eigenschap; weggelaten"  # a code the schema lacks stays


def test_real_admin_and_member_messages_read_dutch() -> None:
    """The phrases fit the messages as raised (values filled in, a message inside another one)."""
    cases = {
        "e-1: its sealed statements does not open under the 'geheim' key: altered, moved from another record "
        "or relabelled on the server": "e-1: de verzegelde beweringen gaan niet open met de sleutel van 'geheim'",
        "no Knooppunt project 'p' on the server": "geen Knooppunt-project 'p' op de server",
        "x.knp: the members table is not signed by an owner (altered outside Knooppunt?); an owner can put back "
        "the members table they last signed with `knooppunt members restore`":
            "x.knp: de ledentabel is niet ondertekend door een eigenaar (buiten Knooppunt gewijzigd?); een "
            "eigenaar kan de ledentabel die hij het laatst ondertekende terugzetten met `knooppunt members restore`",
        "source: owns cannot start at a Vehicle (allowed: Person)": "source: owns kan niet beginnen bij een Vehicle",
        "S-0001: a Signal, not a measure": "S-0001: een Signal, geen maatregel",
        "kvk.csv: no such file": "kvk.csv: bestand bestaat niet",
    }
    for english, dutch in cases.items():
        assert core_text(english, "nl").startswith(dutch), english
        assert core_text(english, "en") == english


def test_the_cli_shows_a_neo4j_error_in_dutch(capsys, monkeypatch) -> None:
    """Through the entry point: a wrong Neo4j address in Dutch (the default) and in English."""
    from workbench.cli import main

    monkeypatch.delenv("KNOOPPUNT_LANG", raising=False)
    assert main(["neo4j", "login", "--uri", "foo://x", "--user", "neo4j"]) == 2
    assert "foo://x: geen Neo4j-adres (gebruik een van bolt://" in capsys.readouterr().err
    assert main(["neo4j", "login", "--uri", "foo://x", "--user", "neo4j", "--lang", "en"]) == 2
    assert "foo://x: not a Neo4j URI" in capsys.readouterr().err


def test_store_import_and_bulk_messages_read_dutch() -> None:
    """The store's, the case and KvK importers' and the bulk rows' messages as raised, values filled in."""
    cases = {
        "p.knp: not a Knooppunt project or wrong key (file is not a database)":
            "p.knp: geen Knooppunt-project of verkeerde sleutel (het bestand is geen database)",
        "p.knp.confidential: the key does not open the partition of label 'confidential'":
            "p.knp.confidential: de sleutel opent de partitie van rubricering 'confidential' niet",
        "p.knp: made by a newer Knooppunt (format 9; this version reads formats up to 5): update Knooppunt to open it":
            "p.knp: gemaakt door een nieuwere versie van Knooppunt (formaat 9; deze versie leest formaten tot en "
            "met 5): werk Knooppunt bij om het te openen",
        "zaak.csv: row 1, column 'Naam': column 'Naam' named in the import specification is not in the file "
        "(columns: a, b)": "zaak.csv: rij 1, kolom 'Naam': kolom 'Naam' uit de importspecificatie staat niet in het "
                           "bestand (kolommen: a, b)",
        "zaak.csv: the specification 'meldpunt' maps 2 sheets; a CSV file holds one table (use an .xlsx or a "
        "one-table spec)": "zaak.csv: de specificatie 'meldpunt' beschrijft 2 werkbladen; een CSV-bestand bevat één",
        "kvk.json: row 1: not valid JSON (Expecting value, line 1 column 2)":
            "kvk.json: rij 1: geen geldige JSON (waarde verwacht, regel 1 kolom 2)",
        "kvk.json: not UTF-8 JSON (invalid start byte at byte 0)":
            "kvk.json: geen UTF-8-JSON (ongeldige beginbyte bij byte 0)",
        "kvk.json: row 3: JSON nested more than 64 levels deep (KvK documents nest 4)":
            "kvk.json: rij 3: JSON dieper genest dan 64 niveaus (KvK-documenten hebben er 4)",
        "entity_rows: columns of different lengths": "entity_rows: kolommen van verschillende lengte",
        "kvk.csv: row 4, column 'kvkNummer': kvk_number is required":
            "kvk.csv: rij 4, kolom 'kvkNummer': verplichte waarde ontbreekt",
        "zaak.csv: row 2: the row makes no Person (columns Naam and BSN are empty)":
            "zaak.csv: rij 2: de rij levert geen persoon op (kolommen Naam en BSN zijn leeg)",
        "centrality: source, target is required": "centrality: source, target is verplicht",
        "signal_number is required": "verplichte waarde ontbreekt",  # the wizard puts the column in front
        "row 3, column 'Geboortedatum': date '31-02-1988' does not match the format %d-%m-%Y":
            "rij 3, kolom 'Geboortedatum': datum '31-02-1988' past niet in het formaat dd-mm-jjjj",
        "date '2024/13/01' does not match the format %Y/%m/%d":
            "datum '2024/13/01' past niet in het formaat jjjj/mm/dd",
    }
    for english, dutch in cases.items():
        assert core_text(english, "nl").startswith(dutch), core_text(english, "nl")
        assert core_text(english, "en") == english


def test_the_cli_shows_a_bad_kvk_json_in_dutch(project: Path, capsys, monkeypatch, tmp_path: Path) -> None:  # noqa: F811
    """Through the entry point: a broken KvK JSON file named in Dutch (the default), English with --lang en."""
    monkeypatch.delenv("KNOOPPUNT_LANG", raising=False)
    bad = tmp_path / "kapot.json"
    bad.write_text('{"kvkNummer": }', encoding="utf-8")
    code, _, err = _run(capsys, "import", "kvk", str(bad), "--project", str(project))
    assert code == 2 and "kapot.json" in err and "geen geldige JSON (waarde verwacht, regel 1 kolom 15)" in err, err
    code, _, err = _run(capsys, "--lang", "en", "import", "kvk", str(bad), "--project", str(project))
    assert code == 2 and "not valid JSON (Expecting value, line 1 column 15)" in err, err
