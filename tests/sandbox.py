"""What tests of encrypted projects share: a cheap KDF and a keyring confined to tmp_path.

The Argon2id cost is lowered for speed (its real cost is measured in bench/bench_access.py);
everything else -- SQLCipher files, key slots, the keyring backend -- is the real thing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from graph.access import keyslots

FAST_KDF = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)
OWNER = "alice"
OWNER_PW = "alice: correct horse battery"


def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Fast KDF, no passphrase/project/user from the environment, a keyring file in tmp_path."""
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", FAST_KDF)
    for var in ("KNOOPPUNT_PASSPHRASE", "KNOOPPUNT_NEW_PASSPHRASE", "KNOOPPUNT_USER", "KNOOPPUNT_PROJECT"):
        monkeypatch.delenv(var, raising=False)
    previous = keyring.get_keyring()
    ring = PlaintextKeyring()
    ring.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")  # type: ignore[misc]
    keyring.set_keyring(ring)
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def copy_project(template: Path, target: Path) -> Path:
    """A fresh copy of an encrypted project: the database and its key file travel together."""
    for suffix in ("", ".keys"):
        shutil.copy(str(template) + suffix, str(target) + suffix)
    return target
