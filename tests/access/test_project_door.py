"""The project door (`graph.project`): one way in for the CLI and the GUI.

Real encrypted projects, a real keyring backend in tmp_path; the passphrase source is the
callable a front end hands over, so these tests pass the simplest honest one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph import project
from graph.access import keyslots
from graph.access.guarded import GuardedStore
from graph.access.keyslots import WrongPassphrase
from graph.errors import ProjectError
from tests.sandbox import OWNER, OWNER_PW

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match


class Asked:
    """A passphrase source that notes every prompt it gets."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return self.answer


def _opens(store: GuardedStore) -> list[str]:
    return [json.loads(e.details).get("how") for e in store.audit_entries() if e.action == "open"]


def test_create_asks_the_source_once_and_open_asks_only_without_a_remembered_key(tmp_path: Path) -> None:
    path = tmp_path / "casus.knp"
    ask = Asked(OWNER_PW)
    project.create_project(path, owner=OWNER, passphrase=ask).close()
    assert ask.prompts == [f"Passphrase for {OWNER} (new project casus.knp)"] and project.is_encrypted(path)
    assert project.members(path) == [OWNER]

    ask = Asked(OWNER_PW)
    store = project.open_project(path, passphrase=ask)
    assert ask.prompts == [f"Passphrase for {OWNER} (casus.knp)"] and store.member.name == OWNER
    project.remember(store)
    store.close()

    ask = Asked("not asked")
    store = project.open_project(path, passphrase=ask)
    assert ask.prompts == [] and _opens(store)[-1] == "keyring"
    store.close()
    assert project.lock(path) is True
    with pytest.raises(WrongPassphrase):
        project.open_project(path, passphrase=Asked("wrong passphrase"))


def test_create_refuses_a_taken_path_before_asking(tmp_path: Path) -> None:
    path = tmp_path / "casus.knp"
    path.write_bytes(b"")
    ask = Asked(OWNER_PW)
    with pytest.raises(ProjectError, match="already exists"):
        project.create_project(path, owner=OWNER, passphrase=ask)
    assert ask.prompts == []


def test_open_without_any_secret_names_the_member(tmp_path: Path) -> None:
    path = tmp_path / "casus.knp"
    project.create_project(path, owner=OWNER, passphrase=OWNER_PW).close()
    with pytest.raises(ProjectError, match=f"no passphrase given and no key remembered for {OWNER}"):
        project.open_project(path)


def test_the_key_file_is_read_once_per_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "casus.knp"
    project.create_project(path, owner=OWNER, passphrase=OWNER_PW).close()
    reads: list[Path] = []
    load = keyslots.KeyFile.load.__func__  # type: ignore[attr-defined]

    def counted(cls: type[keyslots.KeyFile], file: Path) -> keyslots.KeyFile:
        reads.append(file)
        return load(cls, file)  # type: ignore[no-any-return]

    monkeypatch.setattr(keyslots.KeyFile, "load", classmethod(counted))
    project.open_project(path, passphrase=Asked(OWNER_PW)).close()
    assert len(reads) == 1
    project.open_project(path, passphrase=OWNER_PW).close()
    assert len(reads) == 2


def test_a_neo4j_descriptor_is_named_not_misread(tmp_path: Path) -> None:
    from graph.stores.neo4j_project import DESCRIPTOR_SUFFIX

    assert project.NEO4J_SUFFIX == DESCRIPTOR_SUFFIX
    descriptor = tmp_path / f"riec{DESCRIPTOR_SUFFIX}"
    descriptor.write_text("{}")
    with pytest.raises(ProjectError, match="a shared Neo4j project"):
        project.open_project(descriptor, passphrase=Asked(OWNER_PW))


def test_a_plain_project_opens_without_a_secret(tmp_path: Path) -> None:
    path = tmp_path / "demo.knp"
    project.create_plain_project(path, owner="demo").close()
    store = project.open_project(path)
    assert not project.is_encrypted(path) and store.member.role == "owner" and project.members(path) == []
    store.close()


def test_the_guard_has_no_fall_through_to_the_raw_store(tmp_path: Path) -> None:
    path = tmp_path / "casus.knp"
    store = project.create_project(path, owner=OWNER, passphrase=OWNER_PW)
    for raw in ("conn", "rekey", "_elabel"):
        with pytest.raises(AttributeError):
            getattr(store, raw)
    assert store.path == path and [m.name for m in store.members()] == [OWNER]
    assert store.verify_audit().ok and store.integrity_check() == "ok"
    store.close()


def test_the_gui_shell_unlocks_quietly_through_the_door(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`knooppunt gui`: keyring, --passphrase-file, KNOOPPUNT_PASSPHRASE, else the dialog (None)."""
    from workbench.app import _quiet_unlock

    path = tmp_path / "casus.knp"
    project.create_project(path, owner=OWNER, passphrase=OWNER_PW).close()
    assert _quiet_unlock(path, None, None) is None
    secret = tmp_path / "pw"
    secret.write_text(OWNER_PW + "\n")
    session = _quiet_unlock(path, None, str(secret))
    assert session is not None and session.user == OWNER and session.role == "owner"
    project.remember(session.store)
    session.lock()
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", "not the passphrase")
    session = _quiet_unlock(path, None, None)  # the remembered key comes first
    assert session is not None and _opens(session.store)[-1] == "keyring (GUI)"
    session.lock()
    project.lock(path)
    assert _quiet_unlock(path, None, None) is None  # the wrong one from the environment: the dialog asks


def test_cli_demo_stays_plain_only_without_any_secret(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo exception: no passphrase source and no terminal (as here) -> plain, with a warning."""
    from workbench.cli import main

    plain, sealed = tmp_path / "plain.knp", tmp_path / "sealed.knp"
    assert main(["demo", "--size", "300", "--project", str(plain)]) == 0
    assert "left unencrypted" in capsys.readouterr().err and not project.is_encrypted(plain)
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", OWNER_PW)
    assert main(["demo", "--size", "300", "--project", str(sealed)]) == 0
    assert "left unencrypted" not in capsys.readouterr().err and project.members(sealed) == ["demo"]
    monkeypatch.delenv("KNOOPPUNT_PASSPHRASE")
    assert main(["project", "create", str(tmp_path / "casus.knp"), "--owner", OWNER]) == 2  # no secret, no terminal
    assert "no passphrase and no terminal" in capsys.readouterr().err
