"""Rows a member plants in the main file, and what an owner's later action writes there (red team 3).

Vera, a viewer cleared for `open`, holds the key of the main file: she can write any row there
with `sqlcipher3`. Mallory, an analyst cleared for `open` and `confidential`, can do the same to the
confidential file. Neither can write the `police-wpg` file -- unless the owner's Knooppunt does it for
them. And what the owner does to a police chart (a note, a briefing, an export) must not leave the
chart's name or the note's text in the main file, where vera reads it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlite

from graph import notes
from graph.access import session
from graph.errors import NotFound
from graph.model import Entity, Provenance, Relation
from graph.schema import format_id, identity_text, key_of, type_prefix
from graph.stores.sqlite_store import partition_file
from tests.access.conftest import OWNER_PW, make_project
from tests.access.test_attacks import MALLORY_PW, VERA_PW, _dump, _everything_of, _person
from tests.sandbox import FAST_KDF
from views.chart.storage import chart_names

pytestmark = pytest.mark.usefixtures("english_cli")
KVK = "00004242"  # a company police-wpg keeps an eye on: its KvK number is public, its file is not


def _company(name: str, kvk: str, label: str) -> Entity:
    return Entity(type="Company", properties={"name": name, "kvk_number": kvk}, label=label,
                  provenance=Provenance(source="test", reference=name))


def _company_id(kvk: str) -> str:
    """What anyone computes from a KvK number: record ids are unkeyed hashes of the identity."""
    return format_id(type_prefix("Company"), key_of(identity_text("Company", ["kvk_number"], {"kvk_number": kvk})))


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "zaak.knp"
    owner = make_project(path)
    records = {"holding": _company("Geheime Holding BV", KVK, "police-wpg"),
               "piet": _person("Piet Politiegeheim", "police-wpg"),
               "olaf": _person("Olaf Openbaar", "open"), "otto": _person("Otto Openbaar", "open")}
    owner.upsert_entities(list(records.values()))
    rel = Relation(type="director_of", source_id=records["piet"].id, target_id=records["holding"].id,
                   provenance=Provenance(source="test", reference="KvK"))
    owner.upsert_relations([rel])
    session.add_member(owner, "vera", role="viewer", passphrase=VERA_PW, clearance=frozenset({"open"}), kdf=FAST_KDF)
    session.add_member(owner, "mallory", role="analyst", passphrase=MALLORY_PW,
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    owner.close()
    return path, {**{k: v.id for k, v in records.items()}, "rel": rel.id}


def _write_as(path: Path, member: str, passphrase: str, label: str, *statements: tuple[str, tuple[Any, ...]]) -> None:
    """A member's sqlcipher3 shell on one file they hold the key of."""
    conn = sqlite.connect(str(partition_file(path, label)), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{_everything_of(path, member, passphrase)[label].hex()}'\"")
    try:
        for sql, args in statements:
            conn.execute(sql, args)
    finally:
        conn.close()


def _police_file(path: Path) -> str:
    return _dump(partition_file(path, "police-wpg"), _everything_of(path, "alice", OWNER_PW)["police-wpg"])


def unsigned_rows(path: Path) -> None:
    """The project as a Knooppunt of before 2026-12-07 left it: the main file's rows unsigned, no mark that they
    are, the members table signed without it (an owner's next open signs them, as carried over)."""
    from graph.access import row_signatures, signing
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        conn = owner.inner.conn
        with owner.inner.transaction():
            conn.execute("DELETE FROM row_signatures")
            conn.execute("DELETE FROM settings WHERE key = ?", (row_signatures.FLAG,))
            signing.sign_members(conn, owner.signer)
    finally:
        owner.close()


NOTES_DDL = ("CREATE TABLE IF NOT EXISTS notes(id TEXT PRIMARY KEY, record_id TEXT NOT NULL, at TEXT NOT NULL, "
             "author TEXT NOT NULL, label TEXT NOT NULL, text TEXT NOT NULL, folded TEXT NOT NULL, edited_at TEXT)", ())
SETTINGS_DDL = ("CREATE TABLE IF NOT EXISTS labelled_settings(id TEXT PRIMARY KEY, label TEXT NOT NULL, "
                "value TEXT NOT NULL)", ())


@pytest.mark.parametrize("made", ["today", "earlier"])
def test_vera_cannot_plant_a_police_note_or_alias_through_the_owners_open(
        project: tuple[Path, dict[str, str]], made: str) -> None:
    """Vera makes the tables an earlier Knooppunt kept in the main file and fills them with rows labelled
    `police-wpg`: a note "by alice" on the holding (its id from its public KvK number) and an alias that
    hides the holding inside Olaf. The owner's Knooppunt must not carry them into the police file she
    cannot write herself."""
    path, ids = project
    holding = _company_id(KVK)
    assert holding == ids["holding"]
    if made == "earlier":  # a project made before label files were marked: the owner used notes and charts since
        _write_as(path, "alice", OWNER_PW, "police-wpg", ("DROP TABLE IF EXISTS side_tables_native", ()))
        owner = session.unlock(path, "alice", OWNER_PW)
        try:
            assert not notes.notes_of(owner, holding) and chart_names(owner) == []
        finally:
            owner.close()
    _write_as(path, "vera", VERA_PW, "open", NOTES_DDL, SETTINGS_DDL,
              ("INSERT INTO notes VALUES(?,?,?,?,?,?,?,NULL)",
               ("not-00000000000000aa", holding, "2026-12-01T09:00:00+00:00", "alice", "police-wpg",
                "CIE: Holding is schoon, dossier sluiten", "cie: holding is schoon, dossier sluiten")),
              ("INSERT INTO labelled_settings VALUES(?,?,?)",
               ("merge.aliases@police-wpg", "police-wpg", json.dumps({holding: ids["olaf"]}))),
              ("INSERT OR REPLACE INTO settings(key, value) VALUES('merge.aliases.labelled', '1')", ()))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert owner.get_entity(holding).properties["name"] == "Geheime Holding BV", "the holding hid in Olaf"
        assert not notes.notes_of(owner, holding), "the owner reads a note alice never wrote"
    finally:
        owner.close()
    police = _police_file(path)
    assert "dossier sluiten" not in police and ids["olaf"] not in police




def test_an_alias_vera_puts_in_the_main_file_does_not_hide_a_police_record(
        project: tuple[Path, dict[str, str]]) -> None:
    """An alias naming a police record is kept in the police file (`graph.access.aliases`): one in the main file,
    under the key of the open share or of the police one, was put there by hand -- by a member who may not even
    see the record -- and would hide the holding inside Olaf for the owner, unnoticed by `audit verify`."""
    path, ids = project
    forged = json.dumps({_company_id(KVK): ids["olaf"]})
    plant = "INSERT OR REPLACE INTO settings(key, value) VALUES(?, ?)"
    _write_as(path, "vera", VERA_PW, "open", *[(plant, kv) for kv in (
        ("merge.aliases", forged), ("merge.aliases@police-wpg", forged), ("merge.aliases.labelled", "1"))])
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert owner.get_entity(ids["holding"]).properties["name"] == "Geheime Holding BV", "the holding hid in Olaf"
        assert "Geheime Holding BV" not in str(owner.get_entity(ids["olaf"]).properties)
    finally:
        owner.close()


@pytest.mark.parametrize(("key", "value"), [("merge.aliases", "geen json"), ("merge.aliases", "[1, 2]"),
                                            ("merge.aliases", '{"per-0000000000000001": 5}'),
                                            ("resolution.rejected", "{kapot"), ("merge.index", "{kapot")])
def test_a_malformed_setting_vera_puts_in_the_main_file_does_not_end_the_owners_work_in_a_traceback(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        key: str, value: str) -> None:
    from tests.access.test_label_leaks import _as_alice
    from workbench.cli import main
    path, ids = project
    _write_as(path, "vera", VERA_PW, "open", ("INSERT OR REPLACE INTO settings(key, value) VALUES(?, ?)", (key, value)))
    alice = _as_alice(path, tmp_path)
    for command in (["show", ids["holding"]], ["search", "Openbaar"], ["resolve", "list"], ["resolve", "merges"]):
        assert main([*command, *alice]) == 0, capsys.readouterr().err


def test_an_alias_an_earlier_knooppunt_kept_in_the_main_file_still_counts(
        project: tuple[Path, dict[str, str]]) -> None:
    """Before 2026-12-07 every alias was in the main file: in a project of then (its label files unmarked) a
    police merge there still applies -- and so would one a member put there by hand (README, Security)."""
    path, ids = project
    _write_as(path, "alice", OWNER_PW, "police-wpg", ("DROP TABLE IF EXISTS side_tables_native", ()))
    unsigned_rows(path)  # nor did it sign the main file's rows (graph.access.row_signatures)
    _write_as(path, "alice", OWNER_PW, "open", ("INSERT OR REPLACE INTO settings(key, value) VALUES(?, ?)",
                                                ("merge.aliases", json.dumps({ids["piet"]: ids["olaf"]}))))
    _owner_sees_piet_merged(path, ids)


def _owner_sees_piet_merged(path: Path, ids: dict[str, str]) -> None:
    """The owner's read of Piet still finds him merged into Olaf (the police merge holds)."""
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        with pytest.raises(NotFound, match="merged into"):
            owner.get_entity(ids["piet"])
    finally:
        owner.close()


def test_vera_cannot_undo_a_police_merge_for_the_owner(project: tuple[Path, dict[str, str]]) -> None:
    from graph.merge import merge_entities
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        merge_entities(owner, ids["olaf"], ids["piet"], reason="zelfde persoon")
    finally:
        owner.close()
    _write_as(path, "vera", VERA_PW, "open",
              ("UPDATE settings SET value = '' WHERE key = ?", ("merge.aliases.labelled",)))
    _owner_sees_piet_merged(path, ids)


def test_vera_cannot_write_an_open_note_in_alices_name(project: tuple[Path, dict[str, str]]) -> None:
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        notes.notes_of(owner, ids["olaf"])  # the side tables are made
    finally:
        owner.close()
    _write_as(path, "vera", VERA_PW, "open", ("INSERT INTO notes__main VALUES(?,?,?,?,?,?,?,NULL)",
                                              ("not-00000000000000bb", _company_id(KVK), "2026-12-01T09:00:00+00:00",
                                               "alice", "open", "Holding is schoon", "holding is schoon")))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert not [n for n in notes.notes_of(owner, ids["holding"]) if n.author == "alice"]
    finally:
        owner.close()


def _confidential_twin(path: Path, name: str) -> None:
    """Mallory imports the police company's KvK number under `confidential`: its id is the same (she cannot see
    that it exists)."""
    mallory = session.unlock(path, "mallory", MALLORY_PW)
    try:
        mallory.upsert_entities([_company(name, KVK, "confidential")])
    finally:
        mallory.close()


def test_mallory_cannot_hide_a_police_company_behind_a_confidential_twin(project: tuple[Path, dict[str, str]]) -> None:
    """Mallory imports the police company's KvK number under `confidential` (its id is the same: she cannot see
    that it exists), then marks the project as having no twins: the owner saw 'Mallory BV, confidential'."""
    path, ids = project
    _confidential_twin(path, "Mallory BV")
    _write_as(path, "mallory", MALLORY_PW, "open",
              ("INSERT OR REPLACE INTO settings(key, value) VALUES('storage.twins', 'none')", ()))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        shown = owner.get_entity(ids["holding"])
        assert (shown.label, shown.properties["name"]) == ("police-wpg", "Geheime Holding BV")
    finally:
        owner.close()


def test_the_owners_first_search_shows_the_police_company_not_mallorys_twin(
        project: tuple[Path, dict[str, str]]) -> None:
    """The same twin met by a search, the first read of a session (before the twins are found once): the hit
    of the confidential file is looked up in the files above it and hidden there."""
    path, ids = project
    _confidential_twin(path, "Geheime Holding Mallory")
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        found = [(e.id, e.label, e.properties["name"]) for e in owner.search("geheime holding")]
        assert found == [(ids["holding"], "police-wpg", "Geheime Holding BV")]
        shown = owner.get_entity(ids["holding"])
        assert (shown.label, shown.properties["name"]) == ("police-wpg", "Geheime Holding BV")
    finally:
        owner.close()
