"""The `.unlock-failures` sidecar as vera writes it (red team 3).

Anyone who can write the project's folder writes the sidecar, and its lines are read at every open and
at every failed unlock: no line of it may end either in a traceback, or make them hang.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.access import audit, session
from graph.access.keyslots import WrongPassphrase
from tests.access.conftest import OWNER_PW
from tests.access.test_insider_plants import project  # noqa: F401 -- the fixture

HOSTILE = {"deeply nested": "[" * 200_000 + "\n",
           "nested object": '{"member": ' + "[" * 200_000 + "\n",
           "a record without a hash": '{"member": "alice", "reason": "x"}\n',
           "a hash that is not text": '{"member": "alice", "reason": "x", "hash": [1]}\n'}


@pytest.mark.parametrize("line", list(HOSTILE))
def test_a_hostile_sidecar_line_neither_breaks_an_open_nor_a_failed_unlock(
        project: tuple[Path, dict[str, str]], line: str) -> None:  # noqa: F811
    path, _ = project
    audit.failures_file(path).write_text(HOSTILE[line], encoding="utf-8")
    with pytest.raises(WrongPassphrase):  # a mistyped passphrase is reported as one, and appended
        session.unlock(path, "alice", "niet het goede wachtwoord")
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        reports = [e for e in owner.audit_entries() if e.action == "unlock failure report"]
        assert len(reports) == 2  # the hostile line as an unreadable report, and the failed unlock
    finally:
        owner.close()


def test_a_sidecar_of_many_megabytes_is_read_only_up_to_its_limit(project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    """A file of gigabytes made every open read and parse all of it; the first MiB is read, and the rest
    reported as not read."""
    path, _ = project
    line = '{"member": "alice", "reason": "' + "x" * 200 + '"}\n'
    audit.failures_file(path).write_text(line * (3 * audit.MAX_FAILURE_BYTES // len(line)), encoding="utf-8")
    records = audit.read_failures(path)
    assert len(records) <= audit.MAX_FAILURE_BYTES // len(line) + 1
    assert "the rest was not read" in records[-1]["reason"]
    owner = session.unlock(path, "alice", OWNER_PW)
    owner.close()
    assert not audit.failures_file(path).exists()
