"""An owner accepts a label file that was put back to an older copy (issue 11, follow-up).

Alice, the owner, lost a disk and restored the confidential file from last week's backup on purpose: the
put-back warning is right, but there must be a way to say "this is the copy we keep, what was written
after it is lost". `knooppunt audit accept-label LABEL --reason TEXT` writes her signed acceptance; opens
and `audit verify` stop warning, verify lists it, and a copy put back later below the accepted write is
noticed again. Only an owner's signed acceptance counts: an analyst who holds the key and signs one of
her own (outside the CLI's refusal) is not honoured.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.access import generations, session
from graph.store import Caller
from graph.stores.sqlite_store import partition_file
from tests.access.conftest import OWNER_PW
from tests.access.test_attacks import MALLORY_PW, VERA_PW, _person
from tests.access.test_label_rollback import (
    PUT_BACK_EN,
    PUT_BACK_NL,
    _add,
    _cli,
    _generation,
    _put_back,
    _verify,
    _warnings,
    three_members,
)
from workbench.cli import main


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return three_members(tmp_path)  # owner alice, analyst mallory, viewer vera; one confidential person


REASON = "schijf defect, back-up van 1 december teruggezet"


def _restored_from_backup(path: Path, tmp_path: Path) -> tuple[int, int]:
    """A backup of the confidential file, a write after it, the backup put back: (its write, the log's)."""
    shutil.copy(partition_file(path, "confidential"), tmp_path / "backup")
    kept = _generation(path)
    _add(path, _person("Carla Nieuw", "confidential"))
    recorded = _generation(path)
    _put_back(path, tmp_path / "backup")
    return kept, recorded


def _accept(tmp_path: Path, path: Path, capsys: pytest.CaptureFixture[str], label: str = "confidential",
            **who: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(_cli(tmp_path, path, "audit", "accept-label", label, "--reason", REASON, **who))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_owner_accepts_a_copy_restored_from_a_backup(path: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    kept, recorded = _restored_from_backup(path, tmp_path)
    assert kept < recorded and any(PUT_BACK_EN in w for w in _warnings(path))
    code, out, err = _accept(tmp_path, path, capsys)
    assert code == 0
    assert PUT_BACK_NL in err  # the open still said so, once
    assert (f"het bestand voor label confidential is aanvaard zoals het is (schrijfbeurt {kept}, in plaats van de "
            f"genoteerde schrijfbeurt {recorded})") in out
    # from now on: no warning at open (CLI, core) nor in verify, which lists the acceptance
    capsys.readouterr()
    assert main(_cli(tmp_path, path, "stats")) == 0
    assert capsys.readouterr().err == ""
    assert _warnings(path) == [] and _warnings(path, "mallory", MALLORY_PW) == []
    code, out, err = _verify(tmp_path, path, capsys)
    assert code == 0 and err == ""
    assert (f"het bestand voor label confidential is aanvaard bij schrijfbeurt {kept} in plaats van {recorded}, "
            f"door alice op ") in out and f"reden: {REASON}" in out
    capsys.readouterr()
    assert main(_cli(tmp_path, path, "audit", "verify", lang="en")) == 0
    assert (f"the file for label confidential was accepted at write {kept} in place of {recorded}, by alice"
            in capsys.readouterr().out)
    # writing on from the kept copy is normal again: its numbers rise from the accepted one
    _add(path, _person("Na Herstel", "confidential"), member="mallory", password=MALLORY_PW)
    assert _generation(path) == kept + 1
    assert _warnings(path) == []
    code, _, err = _verify(tmp_path, path, capsys)
    assert code == 0, err
    # the acceptance is an ordinary signed audit entry of the owner
    store = session.unlock(path, "alice", OWNER_PW)
    try:
        entry = [e for e in store.audit_entries() if e.action == generations.ACCEPT_ACTION]
        assert [e.actor for e in entry] == ["alice"] and store.verify_signatures().ok  # type: ignore[union-attr]
    finally:
        store.close()


def test_an_analyst_holding_the_key_is_refused(path: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _restored_from_backup(path, tmp_path)
    code, out, err = _accept(tmp_path, path, capsys, member="mallory", password=MALLORY_PW)
    assert code == 2 and out == ""
    refusal = [line for line in err.splitlines() if PUT_BACK_NL not in line]
    assert refusal == ["knooppunt: lid 'mallory' (analyst) mag een naar een oudere kopie teruggezet "
                       "labelbestand niet aanvaarden: alleen een eigenaar mag dat"], err
    capsys.readouterr()
    assert main(_cli(tmp_path, path, "audit", "accept-label", "confidential", "--reason", REASON,
                     member="mallory", password=MALLORY_PW, lang="en")) == 2
    assert "may not accept a label file put back to an older copy: only an owner may" in capsys.readouterr().err
    assert any(PUT_BACK_EN in w for w in _warnings(path))  # nothing was accepted


def test_a_viewer_without_the_key_is_refused(path: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _restored_from_backup(path, tmp_path)
    code, out, err = _accept(tmp_path, path, capsys, member="vera", password=VERA_PW)
    assert code == 2 and out == ""
    assert err.splitlines() == ["knooppunt: u hebt geen sleutel voor label Vertrouwelijk (confidential): u kunt "
                                "het bestand ervan niet controleren of aanvaarden"]
    assert any(PUT_BACK_EN in w for w in _warnings(path))


def test_there_is_nothing_to_accept_in_a_file_not_put_back(path: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _accept(tmp_path, path, capsys)
    assert code == 2 and out == ""
    assert "er is niets te aanvaarden" in err and len(err.splitlines()) == 1
    code, _, err = _accept(tmp_path, path, capsys, label="geheim")
    assert code == 2 and "onbekende rubricering 'geheim'" in err


def test_a_copy_put_back_below_the_accepted_write_is_noticed_again(path: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(partition_file(path, "confidential"), tmp_path / "older")  # mallory's copy, from before
    _add(path, _person("Bert Tussendoor", "confidential"))
    kept, _ = _restored_from_backup(path, tmp_path)
    assert _accept(tmp_path, path, capsys)[0] == 0
    assert _warnings(path) == []
    _put_back(path, tmp_path / "older")  # later, an even older copy
    older = _generation(path)
    assert older < kept
    assert any(f"it holds write {older}, the signed audit log recorded write {kept}" in w for w in _warnings(path))
    code, _, err = _verify(tmp_path, path, capsys)
    assert code == 1 and PUT_BACK_NL in err
    # and the kept copy itself, put back after it was written to, is noticed too
    _put_back(path, tmp_path / "backup")
    _add(path, _person("Na Herstel", "confidential"))
    shutil.copy(partition_file(path, "confidential"), tmp_path / "after")
    _add(path, _person("Nog Later", "confidential"))
    _put_back(path, tmp_path / "after")
    assert any(PUT_BACK_EN in w for w in _warnings(path))


def test_an_analysts_own_signed_acceptance_is_not_honoured(path: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Mallory holds the key and her own signing key: past the CLI's refusal, she writes the entry herself
    (signed by her, and one in alice's name, which her program cannot sign). Neither counts."""
    kept, recorded = _restored_from_backup(path, tmp_path)
    store = session.unlock(path, "mallory", MALLORY_PW)
    try:
        inner = store.inner
        with inner.transaction():
            inner.audit(generations.ACCEPT_ACTION, label="confidential", accepted=kept, replaced=recorded,
                        reason="niemand merkt het")
            inner.with_caller(Caller(user="alice")).audit(generations.ACCEPT_ACTION, label="confidential",
                                                          accepted=kept, replaced=recorded, reason="namens alice")
    finally:
        store.close()
    assert any(PUT_BACK_EN in w for w in _warnings(path))
    assert any(PUT_BACK_EN in w for w in _warnings(path, "mallory", MALLORY_PW))
    code, out, err = _verify(tmp_path, path, capsys)
    assert code == 1 and PUT_BACK_NL in err
    assert "een aanvaarding van een teruggezet labelbestand door mallory telt niet" in err
    assert "aanvaard bij schrijfbeurt" not in out


def test_a_put_back_copy_written_to_since_can_be_accepted(path: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The copy was put back and then written to (its numbers passed the log's again): only `audit verify`
    still fails, on the log's numbers going down. The owner's acceptance excuses that too."""
    _restored_from_backup(path, tmp_path)
    for name in ("Anna", "Bert"):
        _add(path, _person(f"{name} Later", "confidential"), member="mallory", password=MALLORY_PW)
    code, _, err = _verify(tmp_path, path, capsys)
    assert code == 1 and "nadat schrijfbeurt" in err
    assert _accept(tmp_path, path, capsys)[0] == 0
    code, out, err = _verify(tmp_path, path, capsys)
    assert code == 0 and err == "" and "aanvaard bij schrijfbeurt" in out


def test_an_accepted_copy_is_accepted_with_its_signed_rows(path: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The backup lacks a confidential note written after it: its signed rows do not sum to what the log
    recorded (graph.access.row_digests) -- told with the put-back -- and the owner's acceptance accepts them too."""
    from graph import notes
    shutil.copy(partition_file(path, "confidential"), tmp_path / "backup")
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        carla = owner.search("Carla")[0].id
        notes.add_note(owner, carla, "Carla kent de eigenaar", label="confidential")
    finally:
        owner.close()
    _put_back(path, tmp_path / "backup")
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        notes.notes_of(owner, carla)
        assert any("signed rows of the file for label confidential" in w for w in owner.warnings), owner.warnings
    finally:
        owner.close()
    code, _, err = _accept(tmp_path, path, capsys)
    assert code == 0, err
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert notes.notes_of(owner, carla) == [] and owner.warnings == []
    finally:
        owner.close()
    code, _, err = _verify(tmp_path, path, capsys)
    assert code == 0, err
