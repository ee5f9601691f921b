"""Records by hand through the `knooppunt` command line: add, link, edit, delete, merge, notes, sources."""

from __future__ import annotations

import json

import pytest

from graph.errors import NotFound
from tests.records.conftest import Project
from workbench.cli import main
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

Capture = pytest.CaptureFixture[str]


def _id(out: str) -> str:
    """The record id that `add`/`link` print after created/exists."""
    return out.split()[1]


def test_add_edit_link_delete_merge(project: Project, capsys: Capture) -> None:
    a = project.alice()
    assert main(["add", "Person", "--set", "name=Jan de Vries", "--set", "birth_date=01-02-1980",
                 "--source", "melding 2026-114", "--grading", "B2", "--label", "confidential", *a]) == 0
    jan = _id(capsys.readouterr().out)
    assert main(["add", "Company", "--set", "kvk_number=1234567", "--set", "name=Bakkerij De Korrel BV", *a]) == 0
    company = _id(capsys.readouterr().out)
    # Same identity as imports: the KvK number (leading zero restored) yields that company.
    assert main(["add", "Company", "--set", "kvk_number=01234567", "--set", "trade_names=De Korrel", *a]) == 0
    out = capsys.readouterr().out
    assert out.startswith("exists") and _id(out) == company
    assert main(["link", jan, company, "--type", "director_of", "--from", "01-03-2021", *a]) == 0
    rel = _id(capsys.readouterr().out)

    store = project.open()
    e = store.get_entity(jan)
    assert e.properties["birth_date"] == "1980-02-01" and e.label == "confidential" and e.grading == "B2"
    assert e.provenance is not None and e.provenance.source == "melding 2026-114" and e.created_by == "alice"
    assert store.get_entity(company).properties["trade_names"] == ["De Korrel"]
    assert store.get_relation(rel).valid_from == "2021-03-01"
    store.close()

    # A correction of a wrong date is alice's statement beside the melding's; taking it back leaves
    # the melding's word (a hand edit never erases another source's); both audited with before and after.
    assert main(["edit", jan, "--set", "birth_date=02-02-1980", *a]) == 0
    store = project.open()
    assert store.get_entity(jan).properties["birth_date"] == "1980-02-02"
    assert sorted((s.value, s.source, s.reference) for s in store.statements(jan) if s.prop == "birth_date") == [
        ("1980-02-01", "melding 2026-114", ""), ("1980-02-02", "handmatige invoer", "alice")]
    store.close()
    assert main(["edit", jan, "--unset", "birth_date", *a]) == 0
    capsys.readouterr()
    assert main(["edit", jan, "--unset", "birth_date", *a]) == 2  # the melding's value is not alice's to erase
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "birth_date: '1980-02-01' is said by melding 2026-114 B2" in err
    store = project.open()
    assert store.get_entity(jan).properties["birth_date"] == "1980-02-01"
    assert [s.source for s in store.statements(jan) if s.prop == "birth_date"] == ["melding 2026-114"]
    assert [r.id for r in store.relations_of(jan)] == [rel]  # the replace kept the relation
    edits = [json.loads(store.unseal_ids(x.details)) for x in store.audit_entries() if x.action == "edit"]
    fix = next(d for d in edits if d.get("op") == "update" and d["id"] == jan)
    # jan is confidential and the log is in the main file every member decrypts: values as their length
    assert fix["before"]["properties"]["birth_date"] == "<10 characters, confidential>"
    assert fix["after"]["properties"]["birth_date"] == "<10 characters, confidential>"
    assert fix["before"]["label"] == "confidential"
    store.close()

    # Deleting an entity with relations needs an explicit choice.
    assert main(["delete", company, *a]) == 2
    err = capsys.readouterr().err
    assert "--with-relations or --keep-relations" in err and "has 1 relation (" in err  # not "1 relation(s)"
    assert main(["delete", company, *a, "--lang", "nl"]) == 2
    assert ": heeft 1 relatie (" in capsys.readouterr().err
    assert main(["delete", company, "--keep-relations", *a]) == 2
    capsys.readouterr()
    assert main(["add", "Company", "--set", "kvk_number=87654321", "--set", "name=Korrel Holding", *a]) == 0
    other = _id(capsys.readouterr().out)
    assert main(["link", jan, other, "--type", "shareholder_of", *a]) == 0
    capsys.readouterr()

    assert main(["merge", company, other, "--reason", "zelfde bakkerij", *a]) == 0
    out = capsys.readouterr().out
    merge_id = out.split(": ")[1].split()[0]
    store = project.open()
    assert {r.type for r in store.relations_of(company)} == {"director_of", "shareholder_of"}
    with pytest.raises(NotFound):
        store.get_entity(other)
    store.close()
    assert main(["resolve", "undo", merge_id, *a]) == 0  # the same reversible merge as entity resolution
    capsys.readouterr()

    assert main(["delete", company, "--with-relations", *a]) == 0
    assert "and 1 relation\n" in capsys.readouterr().out
    store = project.open()
    with pytest.raises(NotFound):
        store.get_relation(rel)
    assert store.get_entity(other).caption == "Korrel Holding"
    store.close()


@pytest.mark.parametrize(("args", "named"), [
    (["add", "Person", "--set", "birth_date=31-02-1980"], "birth_date:"),
    (["add", "Company", "--set", "kvk_number=1234567890"], "kvk_number:"),
    (["add", "Address", "--set", "postcode=12345"], "postcode:"),
    (["add", "BankAccount", "--set", "iban=NL00ABNA0417164300"], "iban:"),
    (["add", "Vehicle", "--set", "plate=A-1"], "plate:"),
    (["add", "Person", "--set", "nam=Jan"], "nam:"),
    (["add", "Person", "--set", "name"], "--set 'name'"),
    (["add", "Person", "--set", "name=Jan", "--grading", "G7"], "grading:"),
    (["add", "Person", "--set", "name=Jan", "--from", "01-13-2020"], "valid_from:"),
    (["add", "Person", "--set", "name=Jan", "--from", "01-01-2021", "--to", "01-01-2020"], "valid_to:"),
    (["add", "Persoon", "--set", "name=Jan"], "unknown entity type 'Persoon'"),
])
def test_validation_errors_name_the_field(project: Project, capsys: Capture, args: list[str], named: str) -> None:
    assert main([*args, *project.alice()]) == 2
    err = capsys.readouterr().err
    assert err.startswith("knooppunt: ") and named in err and err.count("\n") == 1 and "Traceback" not in err


def test_clearance_refuses_a_record_above_it(project: Project, capsys: Capture) -> None:
    c = project.clara()
    assert main(["add", "Person", "--set", "name=Piet Geheim", "--label", "police-wpg", *c]) == 2
    err = capsys.readouterr().err
    assert "label:" in err and "police-wpg" in err and "clara" in err
    assert main(["add", "Person", "--set", "name=Piet Open", "--label", "confidential", *c]) == 0
    piet = _id(capsys.readouterr().out)
    assert main(["edit", piet, "--label", "fiod/tax", *c]) == 2  # nor raise one above it
    assert "fiod/tax" in capsys.readouterr().err
    store = project.open()
    assert store.search("Geheim") == []
    denied = [json.loads(e.details) for e in store.audit_entries() if e.action == "denied"]
    assert any("police-wpg" in d["permission"] for d in denied)
    store.close()


def test_link_checks_ends(project: Project, capsys: Capture) -> None:
    a = project.alice()
    assert main(["add", "Vehicle", "--set", "plate=12-abc-3", *a]) == 0
    car = _id(capsys.readouterr().out)
    assert main(["add", "Person", "--set", "name=Els", *a]) == 0
    els = _id(capsys.readouterr().out)
    assert main(["link", car, els, "--type", "director_of", *a]) == 2
    assert "source: director_of cannot start at a Vehicle" in capsys.readouterr().err
    assert main(["link", els, "per-0000000000000000", "--type", "family_of", *a]) == 2
    assert "target: no entity" in capsys.readouterr().err


def test_notes_and_sources(project: Project, capsys: Capture) -> None:
    a = project.alice()
    assert main(["add", "Person", "--set", "name=Jan de Vries", "--source", "melding 7", "--grading", "B2",
                 "--label", "confidential", *a]) == 0
    jan = _id(capsys.readouterr().out)
    assert main(["add", "Person", "--set", "name=Karel", "--source", "melding 7", "--grading", "C3", *a]) == 0
    capsys.readouterr()
    assert main(["note", "add", jan, "Overleg 12-03: wijkagent bevestigt dat Jan stroman is", *a]) == 0
    assert "[confidential]" in capsys.readouterr().out  # takes the record's label
    assert main(["note", "add", jan, "lager", "--label", "open", *a]) == 2  # never below the record
    assert "label:" in capsys.readouterr().err
    assert main(["note", "search", "STROMAN", "wijkagent", "--format", "json", *a]) == 0
    hits = read_json_rows(capsys.readouterr().out)
    assert [h["record"] for h in hits] == [jan] and hits[0]["author"] == "alice"
    assert main(["note", "list", jan, "--format", "json", *a]) == 0
    assert len(read_json_rows(capsys.readouterr().out)) == 1
    assert main(["sources", "--format", "json", *a]) == 0
    rows = {r["source"]: r for r in read_json_rows(capsys.readouterr().out)}
    assert rows["melding 7"]["entities"] == 2 and rows["melding 7"]["grading"] == "B2 ×1, C3 ×1"
    # Clara may see confidential: the note; a member without it would not (labels filter reads).
    assert main(["note", "search", "stroman", "--format", "json", *project.clara()]) == 0
    assert len(read_json_rows(capsys.readouterr().out)) == 1


def test_a_delete_never_takes_relations_the_member_cannot_see(project: Project, capsys: Capture) -> None:
    a, c = project.alice(), project.clara()
    assert main(["add", "Person", "--set", "name=Open Persoon", *c]) == 0
    person = _id(capsys.readouterr().out)
    assert main(["add", "Person", "--set", "name=Geheime Bron", "--label", "police-wpg", *a]) == 0
    secret = _id(capsys.readouterr().out)
    assert main(["link", person, secret, "--type", "associate_of", "--label", "police-wpg", *a]) == 0
    capsys.readouterr()
    # To clara the person has no relations, but deleting it would silently take the hidden one.
    assert main(["delete", person, *c]) == 2
    refused = capsys.readouterr().err
    assert "cannot open" in refused and "Geheime" not in refused and secret not in refused
    store = project.open()
    assert len(store.relations_of(person)) == 1
    store.close()
    # The refusal is the same where nothing is hidden: it is no oracle for records clara cannot read.
    assert main(["add", "Person", "--set", "name=Andere Persoon", *c]) == 0
    other = _id(capsys.readouterr().out)
    assert main(["delete", other, *c]) == 2
    assert capsys.readouterr().err.replace(other, person) == refused
