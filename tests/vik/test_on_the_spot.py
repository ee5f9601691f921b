"""Subjects made on the spot with a signal (issue 17 item 1): through `knooppunt signal add --new-...`,
in the signal's transaction, with its provenance and label, linked to it; bad input writes nothing."""

from __future__ import annotations

import pytest

from tests.vik.conftest import Project
from workbench.cli import main

Capture = pytest.CaptureFixture[str]


def _signals(project: Project) -> list[str]:
    store = project.open()
    try:
        return [e.id for e in store.iter_entities("Signal")]
    finally:
        store.close()


def test_new_person_company_and_address_with_the_signal(project: Project, capsys: Capture) -> None:
    a = project.alice()
    assert main(["add", "Company", "--set", "kvk_number=69599084", "--set", "name=Shisha Lounge BV", *a]) == 0
    company = capsys.readouterr().out.split()[1]
    assert main(["signal", "add", "Eerdere melding", "--phenomenon", "drugs", "--source", "mma",
                 "--subject", company, *a]) == 0
    capsys.readouterr()
    assert main(["signal", "add", "Bewoner ziet busjes laden", "--phenomenon", "drugs", "--source", "bewoner",
                 "--received", "03-11-2026", "--grading", "C3", "--label", "confidential",
                 "--new-person", "Jan de Vries;01-02-1980", "--new-address", "Hoofdstraat 12, 7607 AB Almelo",
                 "--new-company", "Shisha Lounge;69599084", *a]) == 0
    out = capsys.readouterr().out
    signal_id = out.split()[1]
    # What the project already knows: the company (same KvK number) has the earlier signal; the new ones nothing.
    assert "Shisha Lounge BV (Company): 1 eerdere meldingen" in out
    assert "Jan de Vries (Person): 0 eerdere meldingen" in out
    store = project.open()
    try:
        signal = store.get_entity(signal_id)
        linked = {r.source_id for r in store.relations_of(signal_id, ["involved_in"])}
        found = store.get_entities(linked)
        assert sorted(e.type for e in found.values()) == ["Address", "Company", "Person"]
        assert company in linked  # the KvK number the project holds: that company, not a second one
        person = next(e for e in found.values() if e.type == "Person")
        address = next(e for e in found.values() if e.type == "Address")
        assert person.get("birth_date") == "1980-02-01"
        assert address.get("postcode") == "7607 AB" and address.get("house_number") == 12
        for made in (person, address):  # the signal's provenance, grading and label
            assert made.label == "confidential" and made.grading == "C3"
            source = store.sources(made.id)[0]
            assert source.reference == signal.get("signal_number") and source.source == "Bewoner"
            assert str(source.received).startswith("2026-11-03")
    finally:
        store.close()


def test_bad_subject_on_the_spot_writes_nothing(project: Project, capsys: Capture) -> None:
    a = project.alice()
    before = _signals(project)
    assert main(["signal", "add", "x", "--phenomenon", "drugs", "--source", "mma",
                 "--new-person", "Piet;31-02-1980", *a]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "new person 1" in err and "birth_date" in err
    assert main(["signal", "add", "x", "--phenomenon", "drugs", "--source", "mma",
                 "--new-person", ";01-01-1980", *a]) == 2
    assert "--new-person" in capsys.readouterr().err
    assert main(["signal", "add", "x", "--phenomenon", "drugs", "--source", "mma", "--new-person", "Piet",
                 "--new-company", "Fout BV;12AB", *a]) == 2
    assert "new company 1" in capsys.readouterr().err
    assert _signals(project) == before
    store = project.open()
    try:
        assert not list(store.iter_entities("Person"))
    finally:
        store.close()
    # Bob, cleared for open only, cannot make a subject above his clearance with the signal.
    assert main(["signal", "add", "x", "--phenomenon", "drugs", "--source", "mma", "--new-person", "Piet",
                 "--label", "confidential", *project.bob()]) == 2
    assert _signals(project) == before
