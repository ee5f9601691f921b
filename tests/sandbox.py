"""What tests of encrypted projects share: a cheap KDF and a keyring of the test's own.

The Argon2id cost is lowered for speed (its real cost is measured in bench/bench_access.py);
everything else -- SQLCipher files, key slots, the keyring API -- is the real thing. The
keyring backend is an in-memory one registered per test (`MemoryKeyring`): the product
refuses plain-text backends such as `keyrings.alt`, which is therefore not installed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

from graph.access import keyslots
from graph.model import SECURITY_LABELS
from graph.stores.sqlite_store import partition_file

FAST_KDF = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)
OWNER = "alice"
OWNER_PW = "alice: correct horse battery"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring held in this process only: what a test's "OS keyring" is."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(f"no entry for {service}/{username}")


def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Fast KDF, no passphrase/project/user from the environment, a fresh in-memory keyring."""
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", FAST_KDF)
    for var in ("KNOOPPUNT_PASSPHRASE", "KNOOPPUNT_NEW_PASSPHRASE", "KNOOPPUNT_USER", "KNOOPPUNT_PROJECT"):
        monkeypatch.delenv(var, raising=False)
    with memory_keyring():
        yield


@contextmanager
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A fresh in-memory keyring as the OS keyring for the block; the previous one after it."""
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(previous)


def copy_project(template: Path, target: Path) -> Path:
    """A fresh copy of an encrypted project: its partition files and key file travel together."""
    for label in SECURITY_LABELS:
        source = partition_file(template, label)
        if source.exists():
            shutil.copy(source, partition_file(target, label))
    shutil.copy(str(template) + ".keys", str(target) + ".keys")
    return target



def old_project(tmp_path: Path, fixture: Path) -> Path:
    """A copy of a committed project of an older storage format (`oud.knp`), for an upgrade to open."""
    (tmp_path / "old").mkdir()
    return copy_project(fixture, tmp_path / "old" / "oud.knp")


def new_project(tmp_path: Path, build: Callable[[Path], object]) -> Path:
    """The same project built by today's store (`vers.knp`, by the fixture's own script): what an upgrade must equal."""
    path = tmp_path / "fresh" / "vers.knp"
    build(path)
    return path

def cli_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrase: str) -> Iterator[Path]:
    """A project `zaak.knp` of owner anna that the CLI opens from the environment (user, passphrase),
    with an in-memory keyring: the fixture body of the suites that drive `knooppunt` as anna."""
    from graph.access import session

    with as_anna(monkeypatch, passphrase):
        path = tmp_path / "zaak.knp"
        session.create(path, owner="anna", passphrase=passphrase, name="zaak", kdf=FAST_KDF).close()
        yield path


@contextmanager
def as_anna(monkeypatch: pytest.MonkeyPatch, passphrase: str) -> Iterator[None]:
    """The CLI acts as anna with `passphrase` from the environment, fast KDF, an in-memory keyring."""
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", FAST_KDF)
    monkeypatch.delenv("KNOOPPUNT_PROJECT", raising=False)
    monkeypatch.setenv("KNOOPPUNT_USER", "anna")
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", passphrase)
    with memory_keyring():
        yield


def key_opens(file: Path, key: bytes) -> bool:
    """Whether a raw key opens a SQLCipher file: the attacker's own few lines (sqlcipher3 directly),
    independent of the product's key check, for tests written as attacks by a member."""
    import sqlcipher3.dbapi2 as sqlite

    conn = sqlite.connect(str(file))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite.DatabaseError:
        return False
    finally:
        conn.close()
