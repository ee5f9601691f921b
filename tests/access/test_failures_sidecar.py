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
