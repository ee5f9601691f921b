"""FollowTheMoney files as OpenSanctions and others publish them, through `knooppunt import ftm`: a
Sanction becomes a Measure the sanctioned entity is subject of (with its program, authority, dates and
the lists it came from), addresses become Address entities, links named by role become associate_of,
and every schema without a Knooppunt type is named once with its count. Sources: data/real/README.md."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.access import session
from tests.sandbox import FAST_KDF, cli_project
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")

REAL = Path(__file__).parent / "data" / "real"
PW = "anna: correct horse battery"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from cli_project(tmp_path, monkeypatch, PW)


def _import(capsys: pytest.CaptureFixture[str], project: Path, name: str, *more: str) -> str:
    code = main(["import", "ftm", str(REAL / name), "--project", str(project), *more])
    _, err = capsys.readouterr()
    assert code == 0, err
    return err


class _Read:
    """The project's entities by caption and its relations as (type, from caption, to caption)."""

    def __init__(self, project: Path):
        store = session.unlock(project, "anna", PW)
        try:
            entities = list(store.iter_entities())
            self.by_id = {e.id: e for e in entities}
            self.relations = list(store.iter_relations())
        finally:
            store.close()
        self.names = {e.caption: e for e in entities}

    def ties(self, rtype: str) -> dict[tuple[str, str], Any]:
        return {(self.by_id[r.source_id].caption, self.by_id[r.target_id].caption): r
                for r in self.relations if r.type == rtype}

    def of_type(self, etype: str) -> list[Any]:
        return [e for e in self.by_id.values() if e.type == etype]


def test_sanctions_become_measures_with_their_provenance(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _import(capsys, project, "opensanctions_schemata.ftm.json")
    read = _Read(project)
    measures = {m.properties["reference"]: m for m in read.of_type("Measure")}
    assert set(measures) == {"NK-S1", "NK-S2", "NK-S3"}
    eu = measures["NK-S1"]
    assert eu.properties["kind"] == "sanctie" and eu.properties["legal_basis"] == "EU.1234.56"
    assert eu.properties["description"] == ("Council of the European Union; Supports actions undermining the "
                                            "territorial integrity of Ukraine; Asset freeze")
    assert eu.properties["decided"] == "2022-03-15" and eu.properties["start"] == "2022-03-01"
    assert "FtM startDate is a partial date, read as a day (2022-03 -> 2022-03-01)" in err
    assert eu.provenance.source == "OpenSanctions: eu_fsf"
    assert eu.provenance.reference == "https://example.org/eu/fsf/1234"  # its sourceUrl
    uk = measures["NK-S2"].properties
    assert uk["description"] == "HM Treasury; authorityId: RUS1234" and uk["end"] == "2024-05-04"
    subject = read.ties("subject_of")
    assert set(subject) == {("Viktor Petrenko", "NK-S1"), ("Viktor Petrenko", "NK-S2")}
    assert subject[("Viktor Petrenko", "NK-S2")].valid_from == "2022-05-04"
    assert read.names["Viktor Petrenko"].provenance.source == "OpenSanctions: eu_fsf, gb_hmt_sanctions"
    assert read.names["Viktor Petrenko"].properties["topics"] == ["sanction"]  # the list's word on the person
    assert "topics" not in err
    # the vessel has no Knooppunt type: its sanction is kept, the missing subject said
    assert "line 7 (Sanction NK-S3): end 'NK-V1' is not an imported entity" in err


def test_addresses_links_and_schemata_without_a_type(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _import(capsys, project, "opensanctions_schemata.ftm.json")
    read = _Read(project)
    limassol = "Arch. Makariou III 155, 3026 Limassol, Cyprus"
    assert ("Viktor Petrenko", limassol) in read.ties("registered_at")
    assert ("Petrenko Shipping Ltd", limassol) in read.ties("located_at")
    (amsterdam,) = [a for a in read.of_type("Address") if a.properties.get("postcode") == "1015 CJ"]
    assert amsterdam.properties["house_number"] == 123  # a Dutch address text: identified as the KvK's is
    assert ("Ivan Koval", amsterdam.caption) in read.ties("registered_at")
    associates = {tuple(sorted(k)): r.properties.get("nature") for k, r in read.ties("associate_of").items()}
    assert associates == {("Ivan Koval", "Viktor Petrenko"): "business partner",  # Associate
                          ("Ivan Koval", "Petrenko Shipping Ltd"): "Nominee shareholder",  # UnknownLink
                          ("Olena Petrenko", "Petrenko Shipping Ltd"): "lawyer"}  # Representation
    assert read.ties("owner_of")[("Viktor Petrenko", "Petrenko Shipping Ltd")].properties == {"share": 75}
    (family,) = read.ties("family_of").values()
    assert family.properties == {"relationship": "spouse"}
    for schema in ("Vessel", "Position", "Occupancy"):
        assert err.count(f"FtM schema {schema!r} has no Knooppunt type; left out") == 1
    assert "'Identification'" not in err and "'Passport'" not in err  # onto their holders (the test below)
    assert read.names["Olena Petrenko"].properties["identifications"] == ["EK765432 (passport, UA)"]
    assert "FtM property 'sharesCount' ('750') has no owner_of property" in err


def test_senzing_watchlist_sanctions_shared_address_counted_schemata(project: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The Senzing workshop's FtM watchlist: a Sanction per person, free-text addresses two persons share,
    Identification records (counted in one line), a phone number without country code (one line, not two)."""
    err = _import(capsys, project, "senzing_watchlist.ftm.jsonl")
    read = _Read(project)
    assert len(read.of_type("Measure")) == 4
    status = {m.properties["reference"]: m.properties["description"] for m in read.of_type("Measure")}
    assert status["sanctions-sanction-1014"] == "Sanctions Authority; Category: Fraud; status: Inactive"
    at = read.ties("registered_at")
    assert ("Maria Sentosa", "638 Downey St, Salem, OR") in at and ("Maria Medina", "638 Downey St, Salem, OR") in at
    assert len([a for a in read.of_type("Address") if a.caption == "638 Downey St, Salem, OR"]) == 1
    assert "FtM Identification names holder 'corp-filings-org-2074', not an imported person or company" in err
    assert read.by_id[read.names["Maria Sentosa"].id].type == "Person"
    # a phone without country code, of a person of Pakistan: read with +92 (it was refused), said once
    assert "(42-7925774 -> +92427925774, PK)" in err and err.count("42-7925774") == 1
    assert ("فيصل صديقي", "+92427925774") in read.ties("uses")
    assert "Sanction" not in {e.type for e in read.by_id.values()}


def test_identity_documents_legal_entities_and_national_phone_numbers(project: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """OpenSanctions-shaped: Identification and Passport numbers go onto their holder with type and country (they
    were left out as schemata without a type), LegalEntity is a Company (it had no type), a register's codes are
    kept, and a phone written without country code takes its holder's country (it was refused, a line each)."""
    err = _import(capsys, project, "opensanctions_legal_entities.ftm.json")
    read = _Read(project)
    aliev = read.names["Rustam Aliev"]
    assert sorted(aliev.properties["identifications"]) == [
        "AZE 14682230 (national id, AZ, Ministry of Internal Affairs)", "C01234567 (passport, AZ)"]
    assert read.names["Leyla Aliyeva"].properties["identifications"] == ["U09876543 (passport, TR)"]
    assert {e.caption for e in read.of_type("Company")} == {"Caspian Trade Holding", "Nordsee Bunker Services"}
    nordsee = sorted(read.names["Nordsee Bunker Services"].properties["identifications"])
    assert nordsee == ["529900EXAMPLE0000042 (LEI, DE)", "HRB 45678 (registration number, DE)"]
    assert ("Rustam Aliev", "Caspian Trade Holding") in read.ties("owner_of")
    phones = {(s, t) for s, t in read.ties("uses")}
    assert phones == {("Caspian Trade Holding", "+97143215678"), ("Rustam Aliev", "+994124987766"),
                      ("Rustam Aliev", "+994502223344")}
    assert "(04 321 5678 -> +97143215678, AE)" in err and "((012) 498 7766 -> +994124987766, AZ)" in err
    # two nationalities, or none: no guess, said once with the count
    assert ("FtM phone number '532 111 2233' has no country code and its holder names no one country; left out "
            "(2 records, the first line 4 (Person NK-P11))") in err
    assert "FtM schema 'LegalEntity' imported as Company (2 records, the first line 1" in err
    assert "line 10 (Identification NK-ID12): FtM Identification names holder 'NK-V9', not an imported" in err
    assert "line 11 (Identification NK-ID13): FtM Identification without a number; left out" in err
    assert "line 7 (Passport NK-PP10): FtM property 'endDate' ('2031-01-31') has no Passport property" in err
    assert "has no Knooppunt type" not in err and "rejected" not in err
    # what is kept all the same is a note, not "not imported:" (a phone read with +971 was imported)
    lines = err.splitlines()
    assert [line for line in lines if "read with its holder's country" in line or "imported as Company" in line]
    assert all(line.startswith("note: ") for line in lines
               if "read with its holder's country" in line or "imported as Company" in line)


def test_identity_documents_and_phones_said_in_dutch(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _import(capsys, project, "opensanctions_legal_entities.ftm.json", "--lang", "nl")
    assert "FtM-schema 'LegalEntity' geïmporteerd als onderneming (2 records, het eerste regel 1" in err
    assert "FtM-telefoonnummer zonder landnummer gelezen met het land van de houder (04 321 5678 -> " in err
    assert "FtM Identification noemt houder 'NK-V9', geen geïmporteerde persoon of onderneming; weggelaten" in err
    assert "left out" not in err and "has no" not in err


def test_schemata_said_in_dutch(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _import(capsys, project, "opensanctions_schemata.ftm.json", "--lang", "nl")
    assert "FtM-schema 'Vessel' heeft geen Knooppunt-type; weggelaten" in err
    assert "has no" not in err and "left out" not in err


def test_sanctions_written_back_as_ftm_sanctions(project: Path, capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    """`export ftm` writes a sanctions-list Measure as a Sanction naming its subject (it was 'no FollowTheMoney
    form; left out'), and importing that file into another project gives the same measures and links."""
    _import(capsys, project, "opensanctions_schemata.ftm.json")
    out = tmp_path / "uit.ftm.json"
    assert main(["export", "ftm", "--audience", "open", "-o", str(out), "--project", str(project)]) == 0
    _, err = capsys.readouterr()
    assert "Measure" not in err
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    sanctions = {item["id"]: item["properties"] for item in written if item["schema"] == "Sanction"}
    assert set(sanctions) == {"kn-NK-S1", "kn-NK-S2", "kn-NK-S3"}
    persons = {item["id"] for item in written if item["schema"] == "Person"}
    assert sanctions["kn-NK-S1"]["entity"][0] in persons and sanctions["kn-NK-S1"]["program"] == ["EU.1234.56"]
    assert sanctions["kn-NK-S2"]["endDate"] == ["2024-05-04"]
    other = tmp_path / "ander.knp"
    session.create(other, owner="anna", passphrase=PW, name="ander", kdf=FAST_KDF).close()
    _import(capsys, other, str(out))
    again = _Read(other)
    assert {m.properties["reference"] for m in again.of_type("Measure")} == {"NK-S1", "NK-S2", "NK-S3"}
    assert set(again.ties("subject_of")) == {("Viktor Petrenko", "NK-S1"), ("Viktor Petrenko", "NK-S2")}
