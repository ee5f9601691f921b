"""Rows of the main file are signed by who wrote them (graph.access.row_signatures, red team 3).

Vera (viewer, `open` only) holds the main file's key and a `sqlcipher3` shell: she can write any row
there. What she writes in another member's name, or changes in a row another member signed, is
treated as absent by every reader and named by `audit verify`; the mark that turns the checks on is
covered by the owners' members signature.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph import documents, notes
from graph.access import row_signatures, session
from graph.errors import KnooppuntError, ProjectError
from graph.vik import meetings
from tests.access.conftest import OWNER_PW
from tests.access.test_attacks import MALLORY_PW, VERA_PW
from tests.access.test_insider_plants import _write_as, project, unsigned_rows  # noqa: F401 -- the fixture
from tests.access.test_label_leaks import _as_alice
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")


def _open_note(path: Path, member: str, password: str, record: str, text: str) -> str:
    store = session.unlock(path, member, password)
    try:
        return notes.add_note(store, record, text).id
    finally:
        store.close()


def _notes(path: Path, record: str, member: str = "alice", password: str = OWNER_PW) -> tuple[list[str], list[str]]:
    store = session.unlock(path, member, password)
    try:
        return [n.text for n in notes.notes_of(store, record)], list(store.warnings)
    finally:
        store.close()


def test_a_note_vera_changes_in_alices_name_is_not_shown_and_verify_names_it(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    path, ids = project
    note = _open_note(path, "alice", OWNER_PW, ids["olaf"], "Olaf kent de eigenaar")
    assert _notes(path, ids["olaf"], "vera", VERA_PW)[0] == ["Olaf kent de eigenaar"]
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 0, capsys.readouterr().err
    _write_as(path, "vera", VERA_PW, "open", ("UPDATE notes__main SET text = 'Olaf is schoon' WHERE id = ?", (note,)))
    shown, warnings = _notes(path, ids["olaf"])
    assert shown == [] and any(note in w and "does not match" in w for w in warnings), warnings
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 1
    assert f"a row of notes in the main file ({note}) is not shown" in capsys.readouterr().err


def test_a_note_mallory_wrote_and_alice_edited_stays_mallorys(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    path, ids = project
    note = _open_note(path, "mallory", MALLORY_PW, ids["otto"], "Otto huurt het pand")
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        notes.edit_note(owner, note, "Otto huurt het pand sinds 2024")
    finally:
        owner.close()
    store = session.unlock(path, "vera", VERA_PW)
    try:
        assert [(n.author, n.text) for n in notes.notes_of(store, ids["otto"])] == [
            ("mallory", "Otto huurt het pand sinds 2024")]
    finally:
        store.close()
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 0, capsys.readouterr().err


def test_vera_cannot_give_her_own_note_to_alice(project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    """Her own Knooppunt in a Python shell, past the role check, signs a note as hers; put in alice's name it
    no longer counts (the author's signature is over the author)."""
    path, ids = project
    vera = session.unlock(path, "vera", VERA_PW)
    try:
        note = notes.add_note(vera.inner, ids["olaf"], "gezien bij de holding").id
    finally:
        vera.close()
    assert _notes(path, ids["olaf"])[0] == ["gezien bij de holding"]  # hers, signed as hers (a viewer's: the app's
    # role check is what refuses it in Knooppunt)
    _write_as(path, "vera", VERA_PW, "open", ("UPDATE notes__main SET author = 'alice' WHERE id = ?", (note,)))
    shown, warnings = _notes(path, ids["olaf"])
    assert shown == [] and any(note in w for w in warnings)


def test_vera_cannot_plant_a_vik_action_in_alices_name(project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        kept = meetings.add_action(owner, text="Bel de verhuurder", owner="alice", deadline="2026-12-31",
                                   record_id=ids["olaf"]).id
        row = owner.inner.conn.execute("SELECT * FROM vik_actions__main WHERE id = ?", (kept,)).fetchone()
    finally:
        owner.close()
    planted = ("act-00000000000000ff", *row[1:3], "Sluit het dossier over de holding", *row[4:])
    _write_as(path, "vera", VERA_PW, "open",
              (f"INSERT INTO vik_actions__main VALUES({','.join('?' * len(row))})", planted))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert [a.id for a in meetings.list_actions(owner)] == [kept]
    finally:
        owner.close()


def test_removing_the_mark_refuses_the_open_until_an_owner_restores(
        project: tuple[Path, dict[str, str]], tmp_path: Path) -> None:  # noqa: F811
    """Without the mark the rows would not be checked: it is in the owners' members signature."""
    path, ids = project
    _open_note(path, "alice", OWNER_PW, ids["olaf"], "Olaf kent de eigenaar")
    _write_as(path, "vera", VERA_PW, "open", ("DELETE FROM settings WHERE key = ?", (row_signatures.FLAG,)),
              ("INSERT INTO notes__main SELECT 'not-00000000000000cc', record_id, at, author, label, "
               "'Olaf is schoon', 'olaf is schoon', NULL FROM notes__main", ()))
    with pytest.raises(ProjectError, match="members table was changed outside Knooppunt"):
        session.unlock(path, "vera", VERA_PW)
    assert main(["members", "restore", *_as_alice(path, tmp_path)]) == 0
    assert _notes(path, ids["olaf"], "vera", VERA_PW)[0] == ["Olaf kent de eigenaar"]


def test_a_document_whose_bytes_vera_swapped_is_refused(project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        doc = documents.attach_bytes(owner, ids["olaf"], "verslag.txt", b"Olaf kent de eigenaar").id
    finally:
        owner.close()
    _write_as(path, "vera", VERA_PW, "open", ("UPDATE documents__main SET data = ? WHERE id = ?",
                                              (b"Olaf is schoon", doc)))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        with pytest.raises(KnooppuntError, match="do not match its checksum"):
            documents.read_bytes(owner, doc)
    finally:
        owner.close()


def test_an_earlier_projects_rows_are_carried_over_by_an_owners_open(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    """A project whose rows an earlier Knooppunt wrote unsigned: they show until an owner opens it, whose
    Knooppunt signs them as carried over (a signed entry says how many); from then on a plant is not shown."""
    path, ids = project
    note = _open_note(path, "mallory", MALLORY_PW, ids["olaf"], "Olaf kent de eigenaar")
    unsigned_rows(path)
    assert _notes(path, ids["olaf"], "mallory", MALLORY_PW)[0] == ["Olaf kent de eigenaar"]  # not checked yet
    assert _notes(path, ids["olaf"])[0] == ["Olaf kent de eigenaar"]  # the owner's open carried it over
    store = session.unlock(path, "alice", OWNER_PW)
    try:
        carried = [e for e in store.audit_entries() if e.action == "rows signed"]
        # the note, and the settings signed from level 2 (name, owner, created_at)
        assert len(carried) == 1 and '"rows":4' in carried[0].details.replace(" ", "")
    finally:
        store.close()
    _write_as(path, "vera", VERA_PW, "open",
              ("INSERT INTO notes__main SELECT 'not-00000000000000dd', record_id, at, 'alice', label, "
               "'Olaf is schoon', 'olaf is schoon', NULL FROM notes__main WHERE id = ?", (note,)))
    assert _notes(path, ids["olaf"], "mallory", MALLORY_PW)[0] == ["Olaf kent de eigenaar"]
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 1
    assert "not-00000000000000dd" in capsys.readouterr().err


def test_vera_cannot_merge_two_open_records_or_save_a_chart_for_the_owner(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    """Settings that steer what a reader sees are signed too: an alias she writes makes Olaf disappear into Otto
    no more, and a chart she saves in the main file is not offered."""
    from views.chart.storage import chart_names
    path, ids = project
    plant = "INSERT OR REPLACE INTO settings(key, value) VALUES(?, ?)"
    _write_as(path, "vera", VERA_PW, "open", (plant, ("merge.aliases", json.dumps({ids["olaf"]: ids["otto"]}))),
              (plant, ("chart.Verdachten", json.dumps({"nodes": [ids["olaf"]]}))),
              (plant, ("charts", json.dumps(["Verdachten"]))))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert owner.get_entity(ids["olaf"]).properties["name"] == "Olaf Openbaar"
        assert chart_names(owner) == []
        assert any("merge.aliases" in w and "not signed" in w for w in owner.warnings), owner.warnings
    finally:
        owner.close()
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 1
    err = capsys.readouterr().err
    assert all(f"a row of settings in the main file ({key}) is not shown" in err
               for key in ("merge.aliases", "chart.Verdachten", "charts")), err


def test_the_owners_merges_and_charts_still_count(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    from graph.errors import NotFound
    from graph.merge import merge_entities
    from views.chart.storage import chart_names, save_chart
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        merge_entities(owner, ids["otto"], ids["olaf"], reason="zelfde persoon")
        save_chart(owner, "Openbaar", {"nodes": [ids["otto"]]})
    finally:
        owner.close()
    store = session.unlock(path, "vera", VERA_PW)
    try:
        with pytest.raises(NotFound, match="merged into"):
            store.get_entity(ids["olaf"])
        assert chart_names(store) == ["Openbaar"]
    finally:
        store.close()
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 0, capsys.readouterr().err


def test_a_planted_row_is_told_at_the_open_on_the_command_line(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    """Told as the project opens (no row read yet), as a put-back label file is: in Dutch by default."""
    path, ids = project
    _open_note(path, "alice", OWNER_PW, ids["olaf"], "Olaf kent de eigenaar")
    _write_as(path, "vera", VERA_PW, "open",
              ("INSERT INTO notes__main SELECT 'not-00000000000000ee', record_id, at, author, label, "
               "'Olaf is schoon', 'olaf is schoon', NULL FROM notes__main", ()))
    capsys.readouterr()
    assert main(["stats", *_as_alice(path, tmp_path), "--lang", "nl"]) == 0
    assert "1 rijen in het hoofdbestand zijn niet ondertekend" in capsys.readouterr().err


def test_the_notes_of_a_member_since_removed_still_count(project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    """Her key is no longer in the members table: the owner-signed `member add` entry vouches for it."""
    path, ids = project
    _open_note(path, "mallory", MALLORY_PW, ids["otto"], "Otto huurt het pand")
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        session.remove_member(owner, "mallory")
    finally:
        owner.close()
    assert _notes(path, ids["otto"], "vera", VERA_PW) == (["Otto huurt het pand"], [])


def test_vera_deleting_alices_signed_note_is_noticed(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    """A signature says who wrote a row, not that it is the latest: each write's signed entry records how it changed
    the file's signed rows (graph.access.row_digests), so a row deleted by hand is noticed at the next open."""
    path, ids = project
    note = _open_note(path, "alice", OWNER_PW, ids["olaf"], "Olaf kent de eigenaar")
    _write_as(path, "vera", VERA_PW, "open", ("DELETE FROM notes__main WHERE id = ?", (note,)))
    shown, warnings = _notes(path, ids["olaf"], "mallory", MALLORY_PW)
    # (the main file's signed rows: the note and three signed settings -- name, owner, created_at)
    assert shown == [] and any("signed rows of the main file are not what the signed audit log recorded "
                               "(it holds 3, the log recorded 4)" in w for w in warnings), warnings
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path), "--lang", "nl"]) == 1
    assert "de ondertekende rijen van het hoofdbestand zijn niet wat het ondertekende auditlog noteerde" in \
        capsys.readouterr().err


def test_vera_putting_back_an_older_signed_note_is_noticed(project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    path, ids = project
    note = _open_note(path, "alice", OWNER_PW, ids["olaf"], "Olaf kent de eigenaar")
    store = session.unlock(path, "alice", OWNER_PW)
    try:
        old = store.inner.conn.execute("SELECT * FROM notes__main WHERE id = ?", (note,)).fetchone()
        old_sig = store.inner.conn.execute("SELECT * FROM row_signatures WHERE id = ?", (note,)).fetchone()
        notes.edit_note(store, note, "Olaf kent de eigenaar niet: zijn broer wel")
    finally:
        store.close()
    _write_as(path, "vera", VERA_PW, "open",
              (f"INSERT OR REPLACE INTO notes__main VALUES({','.join('?' * len(old))})", tuple(old)),
              (f"INSERT OR REPLACE INTO row_signatures VALUES({','.join('?' * len(old_sig))})", tuple(old_sig)))
    shown, warnings = _notes(path, ids["olaf"], "mallory", MALLORY_PW)
    assert shown == ["Olaf kent de eigenaar"]  # signed by alice: shown, and the put-back told
    assert any("changed back to an older copy" in w for w in warnings), warnings


def test_vera_deleting_the_owners_merge_is_noticed(project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    """An alias share deleted undoes the merge for every reader: told at the open (settings are in the digest)."""
    from graph.merge import merge_entities
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        merge_entities(owner, ids["otto"], ids["olaf"], reason="zelfde persoon")
    finally:
        owner.close()
    _write_as(path, "vera", VERA_PW, "open", ("DELETE FROM settings WHERE key = 'merge.aliases'", ()))
    store = session.unlock(path, "mallory", MALLORY_PW)
    try:
        assert any("signed rows of the main file are not what" in w for w in store.warnings), store.warnings
    finally:
        store.close()


def test_the_owners_own_writes_and_deletes_are_not_told(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    from graph.merge import merge_entities, undo_merge
    from views.chart.storage import save_chart
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        note = notes.add_note(owner, ids["olaf"], "Olaf kent de eigenaar").id
        notes.edit_note(owner, note, "Olaf kent de eigenaar goed")
        secret = notes.add_note(owner, ids["olaf"], "vertrouwelijk", label="confidential").id
        notes.delete_note(owner, secret)
        undo_merge(owner, merge_entities(owner, ids["otto"], ids["olaf"], reason="zelfde persoon"))
        save_chart(owner, "Politie", {"nodes": [ids["holding"]]})  # kept in the police file
        notes.delete_note(owner, note)
    finally:
        owner.close()
    for member, pw in (("mallory", MALLORY_PW), ("alice", OWNER_PW)):
        assert _notes(path, ids["olaf"], member, pw) == ([], [])
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 0, capsys.readouterr().err
