"""No id of a record above `open` in the main file: a viewer cannot try KvK numbers against it.

A record id is an unkeyed hash of the identity (`com-` + a hash of the KvK number), so an id of a
`police-wpg` company read in the main file (readable with the `open` key every member holds) gives
its KvK number to vera, a viewer cleared for `open`, who tries all 10^8 numbers (minutes). The owner
works on police records through the CLI (show, edit, merge, reject, delete) and saves a chart; vera
then reads every value of the main file with sqlcipher3 and her own key.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from graph.access import session
from graph.errors import NotFound
from graph.merge import list_merges
from graph.model import Entity, Provenance, Relation
from graph.schema import format_id, identity_text, key_of, type_prefix
from graph.stores.sealed_ids import RECORD_ID, TOKEN
from graph.vik import alerts
from tests.access.conftest import OWNER_PW, make_project
from tests.access.test_attacks import VERA_PW, _person
from tests.access.test_label_leaks import _as_alice, _main_file_for_vera
from tests.sandbox import FAST_KDF
from views.chart.storage import chart_names, load_chart, save_chart
from workbench.cli import main
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")
KVK = "00004242"


def _company(name: str, kvk: str, label: str) -> Entity:
    return Entity(type="Company", properties={"name": name, "kvk_number": kvk}, label=label,
                  provenance=Provenance(source="test", reference=name))


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "zaak.knp"
    owner = make_project(path)
    records = {"holding": _company("Geheime Holding BV", KVK, "police-wpg"),
               "holding2": _company("Geheime Holding B.V.", "00004243", "police-wpg"),
               "piet": _person("Piet Politiegeheim", "police-wpg"),
               "pieter": _person("Pieter Politiegeheim", "police-wpg"),
               "kees": _person("Kees Klaar", "police-wpg"), "olaf": _person("Olaf Openbaar", "open"),
               "otto": _person("Otto Openbaar", "open")}
    owner.upsert_entities(list(records.values()))
    rel = Relation(type="director_of", source_id=records["piet"].id, target_id=records["holding"].id,
                   provenance=Provenance(source="test", reference="KvK"))
    owner.upsert_relations([rel])
    session.add_member(owner, "vera", role="viewer", passphrase=VERA_PW, clearance=frozenset({"open"}), kdf=FAST_KDF)
    owner.close()
    return path, {**{k: v.id for k, v in records.items()}, "rel": rel.id}


def _work_on_police_records(path: Path, ids: dict[str, str], tmp_path: Path) -> None:
    """What an owner does in a day on police records, through the commands she uses."""
    alice = _as_alice(path, tmp_path)
    assert main(["show", ids["holding"], *alice]) == 0
    assert main(["edit", ids["holding"], "--set", "name=Geheime Holding Nieuw BV", *alice]) == 0
    assert main(["resolve", "confirm", ids["piet"], ids["pieter"], "--reason", "zelfde", *alice]) == 0
    assert main(["resolve", "reject", ids["holding"], ids["holding2"], *alice]) == 0
    assert main(["merge", ids["olaf"], ids["otto"], *alice]) == 0
    assert main(["delete", ids["kees"], *alice]) == 0
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        save_chart(owner, "Onderzoek Geheime Holding", {"nodes": [{"id": ids["holding"], "x": 0, "y": 0},
                                                                  {"id": ids["piet"], "x": 50, "y": 0}],
                                                        "edges": [ids["rel"]]})
        save_chart(owner, "Openbaar overzicht", {"nodes": [{"id": ids["olaf"], "x": 0, "y": 0}], "edges": []})
    finally:
        owner.close()


def test_no_id_of_a_police_record_is_in_the_main_file(project: tuple[Path, dict[str, str]], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = project
    _work_on_police_records(path, ids, tmp_path)
    capsys.readouterr()
    seen = _main_file_for_vera(path)
    police = {v for k, v in ids.items() if k not in ("olaf", "otto")}
    assert not police & set(RECORD_ID.findall(seen)), "vera read a police record's id in the main file"
    assert ids["olaf"] in seen and ids["otto"] in seen  # open records are logged as they were
    assert "Onderzoek Geheime Holding" not in seen and "Openbaar overzicht" in seen
    assert TOKEN.search(seen), "the log still says that police records were viewed and edited"
    # the attack itself: every KvK number around the real one against every id in the file
    tried = {format_id(type_prefix("Company"), key_of(identity_text(
        "Company", ["kvk_number"], {"kvk_number": f"{n:08d}"}))) for n in range(4000, 4500)}
    assert not tried & set(RECORD_ID.findall(seen))


def test_the_owner_reads_the_ids_back_and_vera_sees_a_record_of_a_label(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = project
    _work_on_police_records(path, ids, tmp_path)
    capsys.readouterr()
    assert main(["audit", "show", "--action", "view", "--format", "json", *_as_alice(path, tmp_path)]) == 0
    shown = capsys.readouterr().out
    assert ids["holding"] in shown and not TOKEN.search(shown)
    session.add_member(session.unlock(path, "alice", OWNER_PW), "walter", role="owner",
                       passphrase="walter: open only, audits", clearance=frozenset({"open"}), kdf=FAST_KDF)
    pw = tmp_path / "walter.pw"
    pw.write_text("walter: open only, audits\n")
    assert main(["audit", "show", "--action", "view", "--format", "json", "--project", str(path),
                 "--passphrase-file", str(pw), "--as", "walter"]) == 0
    walter = capsys.readouterr().out
    assert ids["holding"] not in walter and "[police-wpg record " in walter


def test_merges_charts_and_rejections_above_open_still_work_for_the_owner_and_stay_hidden_from_vera(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = project
    _work_on_police_records(path, ids, tmp_path)
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        with pytest.raises(NotFound, match="merged into"):  # the police merge applies after a re-open
            owner.get_entity(ids["pieter"])
        assert "Pieter Politiegeheim" in owner.get_entity(ids["piet"]).properties["aliases"]
        with pytest.raises(NotFound, match="merged into"):
            owner.get_entity(ids["otto"])
        assert chart_names(owner) == ["Openbaar overzicht", "Onderzoek Geheime Holding"]
        nodes = load_chart(owner, "Onderzoek Geheime Holding")["nodes"]
        assert [n["id"] for n in nodes] == [ids["holding"], ids["piet"]]
    finally:
        owner.close()
    store = session.unlock(path, "vera", VERA_PW)
    try:
        assert chart_names(store) == ["Openbaar overzicht"]
        assert [m["kept"] for m in list_merges(store)] == [ids["olaf"]]
        with pytest.raises(NotFound, match="merged into"):  # the open merge applies for her too
            store.get_entity(ids["otto"])
    finally:
        store.close()
    alice = _as_alice(path, tmp_path)
    merge_id = next(m["merge"] for m in _merges(path) if m["kept"] == ids["piet"])
    assert main(["resolve", "undo", merge_id, *alice]) == 0
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert owner.get_entity(ids["pieter"]).id == ids["pieter"]  # undone: both as before
        with pytest.raises(NotFound, match="merged into"):
            owner.get_entity(ids["otto"])
    finally:
        owner.close()
    assert not {ids["piet"], ids["pieter"]} & set(re.findall(r"per-[0-9a-f]{16}", _main_file_for_vera(path)))


def _merges(path: Path) -> list[dict[str, str]]:
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        return list_merges(owner)
    finally:
        owner.close()


def test_audit_show_record_lists_who_saw_changed_and_merged_one_record(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The AVG/WPG question "who looked at this person?": `audit show --record ID` finds the entries naming
    the record, sealed in the main file, and those of the record merged into it."""
    path, ids = project
    _work_on_police_records(path, ids, tmp_path)
    capsys.readouterr()
    alice = _as_alice(path, tmp_path)
    assert main(["audit", "show", "--record", ids["holding"], "--format", "json", *alice]) == 0
    rows = read_json_rows(capsys.readouterr().out)
    actions = [r["action"] for r in rows]  # created (fixture), shown, edited by hand, a pair rejected
    assert actions[0] == "edit" and "created=7" in rows[0]["details"]
    assert {"view", "edit", "resolution reject"} == set(actions) and actions.count("edit") == 2
    assert all(ids["holding"] in r["details"] for r in rows)
    owner = session.unlock(path, "alice", OWNER_PW)
    owner.inner.audit("view", id=ids["pieter"])  # seen before the merge (as the workbench logs a view)
    owner.close()
    assert main(["audit", "show", "--record", ids["piet"], "--format", "json", *alice]) == 0
    piet = read_json_rows(capsys.readouterr().out)
    assert [r["action"] for r in piet].count("merge") == 1
    assert any(r["details"] == f'id="{ids["pieter"]}"' for r in piet)  # the record merged into piet is followed
    assert main(["audit", "show", "--record", ids["pieter"], "--format", "json", *alice]) == 0
    assert read_json_rows(capsys.readouterr().out) == piet
    assert main(["audit", "show", "--record", ids["olaf"], "--format", "json", *alice]) == 0
    assert not any(r["action"] == "view" and ids["holding"] in r["details"]
                   for r in read_json_rows(capsys.readouterr().out))


def test_a_watch_on_an_open_record_names_none_of_its_police_relations(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`knooppunt watch add` on an open person with a tie to a police company kept the ids of the person's
    relations in the watch's row, in the main file: vera tried KvK numbers against the relation's id."""
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    tie = Relation(type="director_of", source_id=ids["olaf"], target_id=ids["holding"],
                   provenance=Provenance(source="test", reference="KvK 2"))
    owner.upsert_relations([tie])
    owner.close()
    assert main(["watch", "add", ids["olaf"], "--reason", "volgen", *_as_alice(path, tmp_path)]) == 0
    capsys.readouterr()
    assert tie.id not in _main_file_for_vera(path)
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert alerts.scan(owner) == []  # the tie it had raises no alert
        later = Relation(type="associate_of", source_id=ids["olaf"], target_id=ids["piet"],
                         provenance=Provenance(source="test", reference="CIE 3"), valid_from="2026-12-01")
        time.sleep(1.1)  # a relation of a later second than the watch
        owner.upsert_relations([later])
        assert [a.record_id for a in alerts.scan(owner)] == [ids["olaf"]]
    finally:
        owner.close()


def test_a_note_on_a_police_chart_takes_the_charts_label(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A note on `chart:NAME` was labelled open whatever the chart showed: its text, and the chart's name in
    the log, were in the main file."""
    path, ids = project
    _work_on_police_records(path, ids, tmp_path)
    alice = _as_alice(path, tmp_path)
    assert main(["note", "add", "chart:Onderzoek Geheime Holding", "Bespreken in de driehoek", *alice]) == 0
    assert main(["note", "add", "chart:Openbaar overzicht", "Kaart voor de wijkagent", *alice]) == 0
    capsys.readouterr()
    seen = _main_file_for_vera(path)
    assert "Bespreken in de driehoek" not in seen and "Onderzoek Geheime Holding" not in seen
    assert "Kaart voor de wijkagent" in seen  # a note on an open chart stays open
    assert main(["note", "list", "chart:Onderzoek Geheime Holding", *alice]) == 0
    assert "Bespreken in de driehoek" in capsys.readouterr().out
