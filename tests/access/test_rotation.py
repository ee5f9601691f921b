"""Key rotation over several label files: crash half-way, then whoever can finishes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.access import session
from graph.access.keyslots import KeyFile, key_file, pending_file
from graph.model import SECURITY_LABELS, Entity, Provenance
from graph.stores.sqlite_store import SQLiteStore, partition_file
from tests.access.conftest import FAST_KDF, OWNER_PW, make_project


class Crash(Exception):
    """Stands in for the process dying between two re-keys."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "rot.knp"
    owner = make_project(path)
    owner.upsert_entities([Entity(type="Person", properties={"name": f"Persoon {label}"}, label=label,
                                  provenance=Provenance(source="t", reference=label)) for label in SECURITY_LABELS])
    session.add_member(owner, "vera", role="viewer", passphrase="vera's passphrase",
                       clearance=frozenset({"open"}), kdf=FAST_KDF)
    owner.close()
    return path


def test_rotation_interrupted_between_files_is_finished_by_the_owner(project: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    real = SQLiteStore.rekey
    done: list[str] = []

    def rekey_then_die(self: SQLiteStore, new_key: bytes, label: str = "open") -> None:
        if len(done) == 2:
            raise Crash(label)
        real(self, new_key, label)
        done.append(label)

    owner = session.unlock(project, "alice", OWNER_PW)
    monkeypatch.setattr(SQLiteStore, "rekey", rekey_then_die)
    with pytest.raises(Crash):
        session.rotate(owner)
    owner.inner.conn.close()
    monkeypatch.setattr(SQLiteStore, "rekey", real)
    assert done == ["open", "confidential"] and pending_file(project).exists()

    # vera holds only the open key: she gets in (her new open key fits) but cannot finish.
    vera = session.unlock(project, "vera", "vera's passphrase")
    assert [e.caption for e in vera.search("Persoon")] == ["Persoon open"]
    vera.close()
    assert pending_file(project).exists()

    # The owner holds every replaced key: her open finishes the rotation.
    owner = session.unlock(project, "alice", OWNER_PW)
    assert owner.keys.generation == 2 and not pending_file(project).exists()
    assert len(owner.search("Persoon")) == len(SECURITY_LABELS)
    keys = owner.keys.label_keys
    owner.close()
    store = SQLiteStore(partition_file(project, "open"), key=keys["open"],
                        partitions={lab: keys[lab] for lab in SECURITY_LABELS[1:]})
    for name in ("main", "p_confidential", "p_police_wpg", "p_fiod_tax"):
        assert store.conn.execute(f"PRAGMA {name}.integrity_check").fetchone()[0] == "ok"
    store.close()
    assert KeyFile.load(key_file(project)).generation == 2
    session.unlock(project, "vera", "vera's passphrase").close()
