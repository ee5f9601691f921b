"""Rows in label files are signed by who wrote them, as the main file's are (graph.access.row_signatures).

Mallory, an analyst cleared for `open` and `confidential`, holds the confidential file's key and a
`sqlcipher3` shell: she can write any row there. A confidential note "by alice", or a merge alias in
the confidential file that makes Olaf disappear into Otto, must be treated as absent by every reader and
named by `audit verify`, as a plant in the main file is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph import notes
from graph.access import session
from graph.stores.sqlite_store import partition_file
from tests.access.conftest import OWNER_PW
from tests.access.test_attacks import MALLORY_PW, _person
from tests.access.test_insider_plants import _write_as, project  # noqa: F401 -- the fixture
from tests.access.test_label_leaks import _as_alice
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")


def _schema(path: Path, label: str) -> str:
    """The name the label's file goes by on a connection (`notes__p_confidential`)."""
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        return str(owner.inner.held[label])
    finally:
        owner.close()


def _confidential_note(path: Path, record: str, text: str) -> str:
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        return notes.add_note(owner, record, text, label="confidential").id
    finally:
        owner.close()


def test_mallory_cannot_plant_a_confidential_note_by_alice(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    path, ids = project
    kept = _confidential_note(path, ids["olaf"], "Olaf kent de eigenaar")
    table = f"notes__{_schema(path, 'confidential')}"
    _write_as(path, "mallory", MALLORY_PW, "confidential",
              (f"INSERT INTO {table} SELECT 'not-00000000000000c1', record_id, at, 'alice', label, "
               "'Olaf is schoon, dossier sluiten', 'olaf is schoon, dossier sluiten', NULL FROM "
               f"{table} WHERE id = ?", (kept,)))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert [n.id for n in notes.notes_of(owner, ids["olaf"])] == [kept], "alice reads a note she never wrote"
        assert any("not-00000000000000c1" in w for w in owner.warnings), owner.warnings
    finally:
        owner.close()
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 1
    assert "not-00000000000000c1" in capsys.readouterr().err


def test_the_cli_says_a_changed_note_it_met_after_the_open(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    """`note list` reads the confidential file's notes after the open: the row mallory rewrote was left out
    and the warning went only into `store.warnings` -- the command said nothing. Now said at its end."""
    path, ids = project
    kept = _confidential_note(path, ids["olaf"], "Olaf kent de eigenaar")
    table = f"notes__{_schema(path, 'confidential')}"
    _write_as(path, "mallory", MALLORY_PW, "confidential",
              (f"UPDATE {table} SET text = 'Olaf is schoon, dossier sluiten' WHERE id = ?", (kept,)))
    capsys.readouterr()
    assert main(["note", "list", ids["olaf"], *_as_alice(path, tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "dossier sluiten" not in out and kept not in out
    assert f"a row of notes in the file for label confidential ({kept}) is not shown" in err, err
    assert err.count(kept) == 1


def test_mallory_cannot_change_alices_confidential_note(
        project: tuple[Path, dict[str, str]], tmp_path: Path) -> None:  # noqa: F811
    path, ids = project
    kept = _confidential_note(path, ids["olaf"], "Olaf kent de eigenaar")
    table = f"notes__{_schema(path, 'confidential')}"
    _write_as(path, "mallory", MALLORY_PW, "confidential",
              (f"UPDATE {table} SET text = 'Olaf is schoon' WHERE id = ?", (kept,)))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert notes.notes_of(owner, ids["olaf"]) == []
        assert any(kept in w and "does not match" in w for w in owner.warnings), owner.warnings
    finally:
        owner.close()


def test_mallory_cannot_hide_olaf_in_otto_with_a_confidential_alias(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    path, ids = project
    _confidential_note(path, ids["olaf"], "Olaf kent de eigenaar")  # the confidential file in use
    table = f"labelled_settings__{_schema(path, 'confidential')}"
    _write_as(path, "mallory", MALLORY_PW, "confidential",
              (f"CREATE TABLE IF NOT EXISTS {table}(id TEXT PRIMARY KEY, label TEXT NOT NULL, value TEXT NOT NULL)",
               ()),
              (f"INSERT OR REPLACE INTO {table} VALUES(?, ?, ?)",
               ("merge.aliases@confidential", "confidential", json.dumps({ids["olaf"]: ids["otto"]}))))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert owner.get_entity(ids["olaf"]).properties["name"] == "Olaf Openbaar", "Olaf hid in Otto"
    finally:
        owner.close()
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path), "--lang", "nl"]) == 1
    err = capsys.readouterr().err
    assert "een rij van labelled_settings in het bestand voor label " in err, err
    assert "(merge.aliases@confidential) wordt niet getoond: niet ondertekend" in err, err


def test_the_owners_confidential_notes_and_merges_still_count(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    from graph.errors import NotFound
    from graph.merge import merge_entities
    path, ids = project
    kept = _confidential_note(path, ids["olaf"], "Olaf kent de eigenaar")
    store = session.unlock(path, "mallory", MALLORY_PW)
    try:
        mine = notes.add_note(store, ids["otto"], "Otto huurt het pand", label="confidential").id
        notes.edit_note(store, kept, "Olaf kent de eigenaar sinds 2024")
    finally:
        store.close()
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert [(n.author, n.text) for n in notes.notes_of(owner, ids["olaf"])] == [
            ("alice", "Olaf kent de eigenaar sinds 2024")]
        assert [n.id for n in notes.notes_of(owner, ids["otto"])] == [mine]
        carla = _person("Carla Vertrouwelijk", "confidential")
        owner.upsert_entities([carla])
        merge_entities(owner, carla.id, ids["otto"], reason="zelfde persoon")
    finally:
        owner.close()
    store = session.unlock(path, "mallory", MALLORY_PW)
    try:
        with pytest.raises(NotFound):
            store.get_entity(ids["otto"])
        assert store.warnings == []
    finally:
        store.close()
    assert partition_file(path, "confidential").exists()
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 0, capsys.readouterr().err


def _as_before_label_rows_were_signed(path: Path) -> None:
    """The project as a Knooppunt of before 2026-12-07 (evening) left it: the label files' rows unsigned, the
    mark at level 1, the members table signed with it (an owner's next open signs them, as carried over)."""
    from graph.access import row_signatures, signing
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        conn = owner.inner.conn
        conn.attach_deferred()
        with owner.inner.transaction():
            for schema in owner.inner.held.values():
                if schema != "main":
                    conn.execute(f"DROP TABLE IF EXISTS {schema}.{row_signatures.sig_table(schema)}")
            conn.execute("UPDATE settings SET value = '1' WHERE key = ?", (row_signatures.FLAG,))
            signing.sign_members(conn, owner.signer)
    finally:
        owner.close()


def test_an_earlier_projects_label_rows_are_carried_over_by_an_owners_open(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    path, ids = project
    store = session.unlock(path, "mallory", MALLORY_PW)
    try:
        mine = notes.add_note(store, ids["otto"], "Otto huurt het pand", label="confidential").id
    finally:
        store.close()
    _as_before_label_rows_were_signed(path)
    store = session.unlock(path, "mallory", MALLORY_PW)  # not checked yet: hers shows, and she can still write
    try:
        assert [n.id for n in notes.notes_of(store, ids["otto"])] == [mine]
    finally:
        store.close()
    owner = session.unlock(path, "alice", OWNER_PW)  # carries them over
    try:
        assert [(n.author, n.id) for n in notes.notes_of(owner, ids["otto"])] == [("mallory", mine)]
        carried = [e for e in owner.audit_entries() if e.action == "rows signed"]
        assert len(carried) == 1 and "confidential" in carried[0].details
    finally:
        owner.close()
    table = f"notes__{_schema(path, 'confidential')}"
    _write_as(path, "mallory", MALLORY_PW, "confidential",
              (f"INSERT INTO {table} SELECT 'not-00000000000000c2', record_id, at, 'alice', label, "
               "'Otto is schoon', 'otto is schoon', NULL FROM {table} WHERE id = ?".replace("{table}", table), (mine,)))
    store = session.unlock(path, "mallory", MALLORY_PW)
    try:
        assert [n.id for n in notes.notes_of(store, ids["otto"])] == [mine]
    finally:
        store.close()
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "not-00000000000000c2" in err and mine not in err, err


def test_removing_the_label_level_refuses_the_open(project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    """Back at level 1 the label files' rows would not be checked: the level is in the owners' members signature."""
    from graph.access import row_signatures
    from graph.errors import ProjectError
    from tests.access.test_attacks import VERA_PW
    path, _ = project
    _write_as(path, "vera", VERA_PW, "open", ("UPDATE settings SET value = '1' WHERE key = ?", (row_signatures.FLAG,)))
    with pytest.raises(ProjectError, match="members table was changed outside Knooppunt"):
        session.unlock(path, "mallory", MALLORY_PW)


def test_mallory_deleting_alices_confidential_note_is_noticed(project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    path, ids = project
    kept = _confidential_note(path, ids["olaf"], "Olaf kent de eigenaar")
    table = f"notes__{_schema(path, 'confidential')}"
    _write_as(path, "mallory", MALLORY_PW, "confidential", (f"DELETE FROM {table} WHERE id = ?", (kept,)))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert notes.notes_of(owner, ids["olaf"]) == []
        assert any("signed rows of the file for label confidential are not what" in w for w in owner.warnings), \
            owner.warnings
    finally:
        owner.close()
