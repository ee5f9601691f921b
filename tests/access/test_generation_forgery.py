"""A write number for a label file recorded by a member who holds no key for it (red team 3).

Each write transaction to a label file records the file's new write number in a signed audit entry
(`label files written`), and a file holding a lower number is reported as put back to an older copy.
Mallory (cleared for `open` and `confidential`) signs entries as herself: one recording write 999 of the
`police-wpg` file -- a file she cannot write -- raised a false alarm at the owner's every open, and made
`audit verify` fail, until an owner accepted a copy that was never put back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.access import session
from graph.core_text import core_text
from graph.stores.sqlite_store import GENERATIONS_ACTION
from tests.access.conftest import OWNER_PW
from tests.access.test_attacks import MALLORY_PW
from tests.access.test_insider_plants import project  # noqa: F401 -- the fixture
from tests.access.test_label_leaks import _as_alice
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")


def test_a_write_number_recorded_by_a_member_without_the_labels_key_does_not_count(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    path, _ = project
    mallory = session.unlock(path, "mallory", MALLORY_PW)
    try:  # her own Knooppunt in a Python shell: the entry is hers, signed with her key
        mallory.inner.audit(GENERATIONS_ACTION, generations={"police-wpg": 999, "confidential": 1})
    finally:
        mallory.close()
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert not [w for w in owner.warnings if "police-wpg" in w], owner.warnings
    finally:
        owner.close()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 1  # and verify names her entry
    out = capsys.readouterr()
    assert "police-wpg was put back" not in out.out + out.err
    said = next(line for line in (out.out + out.err).splitlines() if "for which they hold no key" in line)
    assert "waarvoor die geen sleutel heeft" in core_text(said[said.index("audit entry"):], "nl")


def test_the_write_numbers_a_removed_member_recorded_still_count(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    """She held the key when she wrote: an owner's signed `member add` says so."""
    from tests.access.test_attacks import _person
    path, _ = project
    mallory = session.unlock(path, "mallory", MALLORY_PW)
    try:
        mallory.upsert_entities([_person("Carla Vertrouwelijk", "confidential")])
    finally:
        mallory.close()
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        session.remove_member(owner, "mallory")
    finally:
        owner.close()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 0, capsys.readouterr().out


def test_an_unsigned_write_number_in_the_owners_name_raises_no_alarm(
        project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    from tests.access.test_attacks import VERA_PW
    from tests.access.test_insider_plants import _write_as
    path, _ = project
    _write_as(path, "vera", VERA_PW, "open", (
        "INSERT INTO audit SELECT max(seq) + 1, '2026-12-07T10:00:00Z', 'alice', ?, ?, 'x', 'y' FROM audit",
        (GENERATIONS_ACTION, '{"generations":{"police-wpg":999}}')))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert not [w for w in owner.warnings if "police-wpg" in w], owner.warnings
    finally:
        owner.close()
