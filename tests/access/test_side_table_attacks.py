"""Notes, evidence documents and VIK registers as the insider attacks them (issue 11, red team).

Vera is a viewer cleared for `open` only; all she has is her passphrase, her slot in the key
file and the project's files. Records above her clearance are in files she holds no key for
(tests/access/test_attacks.py); these tests show the same for everything else that carries a
label: a note, a document or a VIK meeting labelled `police-wpg` was kept in the main file,
under the `open` key every member holds, and `sqlcipher3` read it back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlite

from graph import documents, notes
from graph.access import session, signing
from graph.access.keyslots import KeyFile, key_file
from graph.stores.sqlite_store import partition_file, schema_of
from graph.vik import alerts, meetings
from tests.access.conftest import OWNER_PW, make_project
from tests.access.test_attacks import VERA_PW, _dump, _everything_of, _person
from tests.sandbox import FAST_KDF
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")

NOTE = "informant Kees: Piet witwast via de garage"
PV = b"proces-verbaal: Piet bekende de witwasconstructie"
VERSLAG = "Casustafel besloot Piet te laten observeren"
MALLORY_PW = "mallory: open and confidential"


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, str]:
    """Alice (owner) keeps a police-wpg note, document and meeting on Piet; vera and mallory are members."""
    path = tmp_path / "zaak.knp"
    owner = make_project(path)
    piet = _person("Piet Politiegeheim", "police-wpg")
    owner.upsert_entities([piet, _person("Olaf Openbaar", "open")])
    session.add_member(owner, "vera", role="viewer", passphrase=VERA_PW, clearance=frozenset({"open"}), kdf=FAST_KDF)
    session.add_member(owner, "mallory", role="analyst", passphrase=MALLORY_PW,
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    notes.add_note(owner, piet.id, NOTE)
    documents.attach_bytes(owner, piet.id, "pv-piet.txt", PV)
    meeting = meetings.add_meeting(owner, date="2026-12-01", title="Casustafel", label="police-wpg")
    meetings.edit_meeting(owner, meeting.id, verslag=VERSLAG)
    alerts.watch(owner, piet.id, reason="observatie Piet")
    owner.close()
    return path, piet.id


def _readable_by(path: Path, member: str, passphrase: str) -> str:
    """Everything the member can decrypt with sqlcipher3 and the keys in their own slot."""
    keys = _everything_of(path, member, passphrase)
    files = {label: partition_file(path, label) for label in keys if label in ("open", "confidential",
                                                                                "police-wpg", "fiod/tax")}
    return "\n".join(_dump(file, keys[label]) for label, file in files.items())


def test_a_viewer_reads_no_higher_labelled_note_document_or_vik_row_with_sqlcipher(
        project: tuple[Path, str]) -> None:
    path, _ = project
    for member, passphrase in (("vera", VERA_PW), ("mallory", MALLORY_PW)):
        seen = _readable_by(path, member, passphrase)
        for secret in (NOTE, PV.decode(), VERSLAG, "observatie Piet"):
            assert secret not in seen, f"{member} read {secret!r} with sqlcipher3"
    # the owner, who holds the police-wpg key, still reads them all through Knooppunt
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        piet = project[1]
        assert [n.text for n in notes.notes_of(owner, piet)] == [NOTE]
        assert documents.read_bytes(owner, documents.documents_of(owner, piet)[0].id) == PV
        assert [m.verslag for m in meetings.list_meetings(owner)] == [VERSLAG]
        assert [w.reason for w in alerts.watchlist(owner)] == ["observatie Piet"]
    finally:
        owner.close()
    assert NOTE in _dump(partition_file(path, "police-wpg"), _everything_of(path, "alice", OWNER_PW)["police-wpg"])


def test_the_cli_keeps_a_note_in_its_labels_file(project: tuple[Path, str], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path, piet = project
    pw = tmp_path / "alice.pw"
    pw.write_text(OWNER_PW + "\n")
    common = ["--project", str(path), "--passphrase-file", str(pw), "--as", "alice"]
    assert main(["note", "add", piet, "tweede tip over Piet via de cli", *common]) == 0
    assert main(["note", "list", piet, *common, "--format", "json"]) == 0
    assert "tweede tip over Piet" in capsys.readouterr().out
    assert "tweede tip" not in _readable_by(path, "vera", VERA_PW)
    vera_pw = tmp_path / "vera.pw"
    vera_pw.write_text(VERA_PW + "\n")
    assert main(["note", "list", piet, "--project", str(path), "--passphrase-file", str(vera_pw),
                 "--as", "vera"]) == 0
    assert "tweede tip" not in capsys.readouterr().out


def test_rows_an_earlier_version_kept_in_the_main_file_move_to_their_labels_file(
        project: tuple[Path, str]) -> None:
    """A project written before this fix: its police-wpg notes in the main file's own `notes` table, and a
    police-wpg file with no notes table of its own, nor the mark of a file made with one."""
    path, piet = project
    owner = session.unlock(path, "alice", OWNER_PW)
    conn = owner.inner.conn
    police = schema_of("police-wpg")
    with owner.inner.transaction():
        conn.execute("CREATE TABLE main.notes(id TEXT PRIMARY KEY, record_id TEXT NOT NULL, at TEXT NOT NULL, "
                     "author TEXT NOT NULL, label TEXT NOT NULL, text TEXT NOT NULL, folded TEXT NOT NULL, "
                     "edited_at TEXT)")
        conn.execute("INSERT INTO main.notes VALUES('not-old', ?, '2026-01-01T00:00:00Z', 'alice', 'police-wpg', "
                     "'oude tip over Piet', 'oude tip over piet', NULL)", (piet,))
        conn.execute(f"INSERT INTO main.notes SELECT * FROM {police}.notes__{police}")
        for table in ("notes", "documents"):
            conn.execute(f"DROP TABLE {police}.{table}__{police}")
        conn.execute(f"DROP TABLE {police}.side_tables_native")
        # nor were its rows signed: at level 1 (the main file's rows only), as an owner's open then finds it
        conn.execute(f"DROP TABLE {police}.row_signatures__{police}")
        conn.execute("UPDATE settings SET value = '1' WHERE key = 'access.rows_signed'")
        signing.sign_members(conn, owner.signer)
    owner.close()
    assert "oude tip" in _readable_by(path, "vera", VERA_PW)  # what an earlier version left readable
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert sorted(n.text for n in notes.notes_of(owner, piet)) == sorted([NOTE, "oude tip over Piet"])
    finally:
        owner.close()
    assert "oude tip" not in _readable_by(path, "vera", VERA_PW)


def test_a_viewer_cannot_write_a_row_into_a_file_they_hold_no_key_for(project: tuple[Path, str]) -> None:
    path, _ = project
    keys = KeyFile.load(key_file(path))
    vera = session.open_with_key(path, "vera", keys.unlock("vera", VERA_PW))
    try:
        conn = notes.attachments.connection(vera)
        with pytest.raises(Exception, match="no key is held"), vera.inner.transaction():
            conn.execute("INSERT INTO notes VALUES('not-x', 'per-1', 'now', 'vera', 'police-wpg', 'x', 'x', NULL)")
    finally:
        vera.close()


def test_a_row_planted_in_the_main_file_under_a_police_notes_id_receives_nothing(
        project: tuple[Path, str]) -> None:
    """Vera reads a police note's id in the audit log and puts rows of that id into the main file (she holds its
    key): one labelled `open`, one `police-wpg`. The owner then edits the police note: the new text must go to
    the police file only, and the planted rows must not show to the owner as notes of Piet."""
    path, piet = project
    keys = _everything_of(path, "vera", VERA_PW)
    main_db = sqlite.connect(str(path))
    main_db.execute(f"PRAGMA key = \"x'{keys['open'].hex()}'\"")
    added = main_db.execute("SELECT details FROM audit WHERE action = 'note add'").fetchone()[0]
    note_id = json.loads(added)["id"]
    for label in ("open", "police-wpg"):
        main_db.execute("INSERT OR REPLACE INTO notes__main VALUES(?, ?, 'now', 'vera', ?, 'geplant', 'geplant', NULL)",
                        (note_id, piet, label))
    main_db.commit()
    main_db.close()
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert [n.text for n in notes.notes_of(owner, piet)] == [NOTE]
        notes.edit_note(owner, note_id, "nieuwe tip: Piet verhuist naar Spanje")
        assert [n.text for n in notes.notes_of(owner, piet)] == ["nieuwe tip: Piet verhuist naar Spanje"]
    finally:
        owner.close()
    assert "Spanje" not in _readable_by(path, "vera", VERA_PW)
