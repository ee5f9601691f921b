"""FollowTheMoney export keeps every address/company field FtM has a property for, and names the rest.

Through `knooppunt export ftm` (the entry point a user touches) and back through `knooppunt import ftm`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.exchange.ftm import to_ftm
from graph.model import Entity, Provenance
from tests.exchange.conftest import open_owner
from tests.sandbox import OWNER_PW
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")

KVK = Provenance(source="KvK Handelsregister", reference="KVK-1", received="2024-03-01")


def _add_records(path: Path) -> None:
    with open_owner(path) as store, store.activity("import", source="fixture"):
        store.upsert_entities([
            Entity(type="Address", properties={"street": "Rue de la Loi", "house_number": 16, "postal_code": "1000",
                                               "city": "Brussel", "country": "BE", "bag_id": "0363010000000001",
                                               "full": "Rue de la Loi 16, 1000 Brussel, BE"},
                   provenance=KVK, label="open"),
            Entity(type="Company", properties={"name": "Buitenland Trading B.V.", "kvk_number": "12345678",
                                               "aliases": ["BT"], "former_names": ["Oud Trading B.V."],
                                               "employees": 3, "active": True},
                   provenance=KVK, label="open"),
        ])


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _export_open(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test records added by hand, exported with `knooppunt export ftm --audience open`."""
    _add_records(path)
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    out = tmp_path / "open.ftm"
    assert main(["export", "ftm", "--audience", "open", "-o", str(out), "--project", str(path)]) == 0
    return out


def test_ftm_export_keeps_postal_code_street_number_and_company_names(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = _export_open(project[0], tmp_path, monkeypatch)
    err = capsys.readouterr().err
    items = _lines(out)
    addresses = {i["properties"]["city"][0]: i["properties"] for i in items if i["schema"] == "Address"}
    brussel, dutch = addresses["Brussel"], addresses["Voorbeeldstad"]
    assert brussel["postalCode"] == ["1000"] and brussel["street"] == ["Rue de la Loi 16"]
    assert dutch["postalCode"] == ["1234 AB"] and dutch["street"] == ["Voorbeeldstraat 12A"]
    company = next(i["properties"] for i in items if i["properties"].get("name") == ["Buitenland Trading B.V."])
    assert company["alias"] == ["BT"] and company["previousName"] == ["Oud Trading B.V."]
    assert company["status"] == ["actief"]
    # what FtM has no property for is named, once per type and property, not dropped silently
    assert "Company.employees (2 entities): no FollowTheMoney property; left out" in err
    assert "Address.bag_id (1 entity): no FollowTheMoney property; left out" in err
    assert "house_number" not in err  # kept inside `street`
    model = pytest.importorskip("followthemoney").model
    for item in items:
        model.get(item["schema"]).validate(item)


def test_ftm_foreign_postal_code_comes_back_as_postal_code(project: tuple[Path, dict[str, str]], empty_project: Path,
                                                           tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out = _export_open(project[0], tmp_path, monkeypatch)
    assert main(["import", "ftm", str(out), "--project", str(empty_project)]) == 0, capsys.readouterr().err
    with open_owner(empty_project) as store:
        by_city = {e.get("city"): e for e in store.iter_entities() if e.type == "Address"}
    brussel, dutch = by_city["Brussel"], by_city["Voorbeeldstad"]
    assert brussel.get("postal_code") == "1000" and brussel.get("postcode") is None
    assert (brussel.get("street"), brussel.get("house_number")) == ("Rue de la Loi", 16)
    # the street line comes back in parts: the address is identified by postcode + house number again
    assert (dutch.get("street"), dutch.get("house_number"), dutch.get("house_letter")) == ("Voorbeeldstraat", 12, "A")


def test_every_mapped_property_exists_in_followthemoney() -> None:
    """Each FtM property the export writes is one the FtM schema has (a typo would fail validation late)."""
    model = pytest.importorskip("followthemoney").model
    from graph.exchange import ftm

    for kind, mapping in ftm._PROPS.items():
        schema = model.get(ftm._NODE[kind])
        for name in [*mapping.values(), *ftm._EXTRA.get(kind, {}).values()]:
            assert name in schema.properties, (kind, name)


def test_to_ftm_reports_each_dropped_property_once(project: tuple[Path, dict[str, str]]) -> None:
    from graph.exchange.common import collect

    path, _ = project
    _add_records(path)
    with open_owner(path) as store:
        graph = collect(store, audience="open")
    _, left_out = to_ftm(graph)
    dropped = [line for line in left_out if "no FollowTheMoney property" in line]
    assert len(dropped) == len(set(dropped)) and any(line.startswith("Company.employees ") for line in dropped)



def _valid_and_read_back(items: list[dict[str, object]], out: Path, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> Path:
    """Each exported item valid FtM (when followthemoney is installed), and the file imported with
    `knooppunt import ftm` into a new project, returned."""
    try:
        from followthemoney import model
    except ImportError:
        model = None
    for item in items if model is not None else ():
        model.get(item["schema"]).validate(item)
    back = tmp_path / "back.knp"
    assert main(["project", "create", str(back), "--owner", "alice"]) == 0, capsys.readouterr().err
    assert main(["import", "ftm", str(out), "--project", str(back)]) == 0, capsys.readouterr().err
    return back


COMPANY_CODES = ["529900EXAMPLE0000042 (LEI, DE)", "HRB 45678 (registration number, DE, Amtsgericht Hamburg)",
                 "X-1"]


def test_register_numbers_go_out_as_identifications_and_come_back_the_same(
        empty_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A company's foreign register numbers (read from an OpenSanctions file as `identifications`) were left out
    of an FtM export ("no FollowTheMoney property"); now each is an FtM Identification of the company, valid FtM,
    and an import gives the same texts. A person's identity documents are sensitive: left out, and said so."""
    with open_owner(empty_project) as store, store.activity("import", source="fixture"):
        store.upsert_entities([
            Entity(type="Person", properties={"name": "Rustam Aliev",
                                              "identifications": ["EK765432 (passport, UA)"]},
                   provenance=KVK, label="open"),
            Entity(type="Company", properties={"name": "Nordsee Bunker Services", "identifications": COMPANY_CODES},
                   provenance=KVK, label="open")])
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    out = tmp_path / "documents.ftm"
    assert main(["export", "ftm", "--audience", "open", "-o", str(out), "--project", str(empty_project)]) == 0
    err = capsys.readouterr().err
    assert "Company.identifications" not in err
    assert "left out: Person.identifications (1 entity): sensitive; never in an export" in err
    items = _lines(out)
    assert "EK765432" not in out.read_text(encoding="utf-8")
    documents = {i["properties"]["number"][0]: i["properties"] for i in items if i["schema"] == "Identification"}
    assert documents["HRB 45678"] == {"holder": documents["X-1"]["holder"], "number": ["HRB 45678"],
                                      "type": ["registration number"], "country": ["de"],
                                      "authority": ["Amtsgericht Hamburg"], "publisher": ["KvK Handelsregister"],
                                      "description": ["Bronkenmerk: KVK-1"], "retrievedAt": ["2024-03-01"]}
    assert sorted(documents) == ["529900EXAMPLE0000042", "HRB 45678", "X-1"]
    back = _valid_and_read_back(items, out, tmp_path, capsys)
    with open_owner(back) as store:
        read = {e.type: sorted(e.get("identifications") or []) for e in store.iter_entities()}
    assert read == {"Company": sorted(COMPANY_CODES), "Person": []}


def test_who_attended_a_meeting_goes_out_as_the_events_involved_and_comes_back(
        empty_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An Event (a meeting of a two-mode network) and who attended it: FtM has no link for that, but an Event
    with `involved` persons; it was left out ("no FollowTheMoney form"). Now it goes out as an FtM Event and
    comes back as the same event with its `attended` relations; a relation's role has no place and is said."""
    from graph.model import Relation

    with open_owner(empty_project) as store, store.activity("import", source="fixture"):
        people = store.upsert_entities([Entity(type="Person", properties={"name": n}, provenance=KVK, label="open")
                                        for n in ("Evelyn Jefferson", "Theresa Anderson")]).ids
        (meeting,) = store.upsert_entities([Entity(type="Event", properties={
            "name": "Bijeenkomst Zuidas", "date": "2024-05-17", "place": "Amsterdam", "kind": "ontmoeting",
            "description": "Gezien door de wijkagent"}, provenance=KVK, label="open")]).ids
        store.upsert_relations([Relation(type="attended", source_id=p, target_id=meeting, provenance=KVK,
                                         properties={"role": "gastheer"} if i == 0 else {}, label="open")
                                for i, p in enumerate(people)])
        (host,) = store.upsert_entities([Entity(type="Company", properties={"name": "Zuidas Events B.V."},
                                                provenance=KVK, label="open")]).ids
        store.upsert_relations([Relation(type="attended", source_id=host, target_id=meeting, provenance=KVK,
                                         properties={"role": "organisator"}, label="open")])
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    out = tmp_path / "meeting.ftm"
    assert main(["export", "ftm", "--audience", "open", "-o", str(out), "--project", str(empty_project)]) == 0
    err = capsys.readouterr().err
    assert "left out: attended.role (1 relation): no FollowTheMoney property; left out" in err
    assert "(Event)" not in err and "(attended)" not in err
    items = _lines(out)
    (event,) = [i for i in items if i["schema"] == "Event"]
    assert event["properties"]["involved"] == [f"kn-{p}" for p in people]
    assert event["properties"]["organizer"] == [f"kn-{host}"]  # FtM's organiser, not one more guest
    assert (event["properties"]["date"], event["properties"]["location"]) == (["2024-05-17"], ["Amsterdam"])
    back = _valid_and_read_back(items, out, tmp_path, capsys)
    with open_owner(back) as store:
        (read,) = store.iter_entities("Event")
        names = {e.id: e.caption for e in store.iter_entities("Person")}
        names |= {e.id: e.caption for e in store.iter_entities("Company")}
        attended = sorted((names[r.source_id], r.properties.get("role")) for r in store.iter_relations("attended")
                          if r.target_id == read.id)
    assert read.properties == {"name": "Bijeenkomst Zuidas", "date": "2024-05-17", "place": "Amsterdam",
                               "kind": "ontmoeting", "description": "Gezien door de wijkagent"}
    assert attended == [("Evelyn Jefferson", None), ("Theresa Anderson", None), ("Zuidas Events B.V.", "organisator")]
