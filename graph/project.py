"""The one door to a project: create, open and unlock it, whichever front end asks.

Every front end (CLI, GUI, scripts) comes through here, so the access rules a project
carries (encryption, members, roles, audit) apply whichever door is used. What comes
back is a `graph.access.guarded.GuardedStore`: the store protocol with the acting
member's role and clearance enforced and their activity audited.

The door does not know how a passphrase is obtained: callers pass either the passphrase
itself or a `PassphraseSource`, a callable that gets a prompt and returns the secret (or
raises). The CLI passes its `--passphrase-file` / KNOOPPUNT_PASSPHRASE / prompt chain
(`workbench.context`), the GUI a function that sends the analyst to its unlock dialog.
The key remembered in the OS keyring (`unlock --remember`) is tried before the source is
called, as CONVENTIONS.md orders. The key file is read once per open.

Shared Neo4j projects (`NAME.kn4j` descriptors) are created here too; they are opened by
the commands that sync with them (`knooppunt neo4j push --to`, `pull --from`), not as a guarded store.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from graph.access import keyring_store, keyslots, session, signing
from graph.access.guarded import GuardedStore, ProjectStore
from graph.access.keyslots import KdfParams, KeyFile, key_file
from graph.errors import ProjectError

if TYPE_CHECKING:
    from graph.stores.neo4j_project import Neo4jProject
    from graph.stores.neo4j_store import Neo4jStore

PROJECT_SUFFIX = ".knp"
NEO4J_SUFFIX = ".kn4j"  # graph.stores.neo4j_project.DESCRIPTOR_SUFFIX, without importing the driver

PassphraseSource = Callable[[str], str]
"""Given a prompt ("Passphrase for anna (casus.knp)"), the passphrase; raises when there is none."""


def project_path(path: str | os.PathLike[str] | None) -> Path:
    """The project named by the caller or KNOOPPUNT_PROJECT; ProjectError when neither is set."""
    chosen = path or os.environ.get("KNOOPPUNT_PROJECT")
    if not chosen:
        raise ProjectError("no project given: use --project PATH or set KNOOPPUNT_PROJECT")
    return Path(chosen).expanduser()


def is_encrypted(path: Path) -> bool:
    """Whether the project has key slots (and so needs a passphrase or a remembered key)."""
    return session.is_encrypted(path)


def members(path: Path) -> list[str]:
    """The member names an unlock may choose from (readable before unlocking); none when plain."""
    return session.slot_members(path) if session.is_encrypted(path) else []


def create_project(path: Path, *, passphrase: str | PassphraseSource, name: str | None = None,
                   owner: str | None = None, kdf: KdfParams | None = None) -> GuardedStore:
    """A new encrypted project with `owner` as its only member.

    A `PassphraseSource` is asked only after the path proved free, so nobody types a
    passphrase for a project that can not be made.
    """
    if path.exists():
        raise ProjectError(f"{path}: already exists")
    owner = owner or "owner"
    secret = passphrase if isinstance(passphrase, str) else passphrase(
        f"Passphrase for {owner} (new project {path.name})")
    if not secret:
        raise ProjectError("a new project needs a passphrase")
    return session.create(path, owner=owner, passphrase=secret, name=name, kdf=kdf or keyslots.DEFAULT_KDF)


def create_plain_project(path: Path, *, name: str | None = None, owner: str | None = None) -> GuardedStore:
    """An unencrypted project: for synthetic demo data only (`knooppunt demo` in a script)."""
    if path.exists():
        raise ProjectError(f"{path}: already exists")
    return session.create_plain(path, owner=owner or "owner", name=name)


def open_project(path: Path, *, user: str | None = None, passphrase: str | PassphraseSource | None = None,
                 data_key: bytes | None = None, keyring_how: str = "keyring",
                 signing_key: Ed25519PrivateKey | None = None, open_entry_with_next: bool = False) -> GuardedStore:
    """Open a project for a member; an encrypted one is unlocked with the first secret found.

    Order: `data_key` (a second connection of an unlocked session); a passphrase given as a
    string (typed in a dialog); the key remembered in the OS keyring; a `PassphraseSource`.
    A remembered key that no longer fits (the data key was rotated since) is forgotten.
    `keyring_how` names the front end in the audit entry of a keyring open. With `data_key`,
    pass the member's `signing_key` (the first session's `store.signer.key`) too, or that
    connection's audit entries are unsigned (which `audit verify` reports).
    `open_entry_with_next`: the `open` audit entry goes with the session's next entry or its close
    (`session.open_with_key`): for a command that closes the project when it is done.
    """
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    if path.suffix == NEO4J_SUFFIX:
        raise ProjectError(f"{path}: a shared Neo4j project; sync a local project with it "
                           f"(`knooppunt neo4j pull --from {path.name}`, `push --to`)")
    if not session.is_encrypted(path):
        return session.open_plain(path, user=user)
    keys = KeyFile.load(key_file(path))  # the one read of the key file for this open
    if data_key is not None:
        return session.open_with_key(path, user or session.default_member(path, keys), data_key, keys,
                                     how="data key", signing_key=signing_key, open_entry_with_next=open_entry_with_next)
    if isinstance(passphrase, str):
        return session.unlock(path, user or session.default_member(path, keys), passphrase, keys,
                              open_entry_with_next=open_entry_with_next)
    remembered = keyring_store.recall(keys.project_id)
    if remembered is not None and user in (None, remembered.member):
        try:
            return session.open_with_key(path, remembered.member, remembered.data_key, keys, how=keyring_how,
                                         signing_key=_signing(remembered.signing_key),
                                         open_entry_with_next=open_entry_with_next)
        except ProjectError:
            keyring_store.forget(keys.project_id)  # rotated since: ask for the passphrase
    member = user or session.default_member(path, keys)
    if passphrase is None:
        raise ProjectError(f"{path.name}: encrypted; no passphrase given and no key remembered for {member}")
    return session.unlock(path, member, passphrase(f"Passphrase for {member} ({path.name})"), keys,
                          open_entry_with_next=open_entry_with_next)


def remember(store: ProjectStore) -> None:
    """Keep the unlocked key in the OS keyring ("remember on this computer")."""
    keys = store.keys
    if keys is None:
        raise ProjectError(f"{store.path}: not encrypted, nothing to remember")
    signer = store.signer
    keyring_store.remember(keys.keyfile.project_id, store.member.name, keys.generation, keys.data_key,
                           signing.private_bytes(signer.key) if signer is not None else None)
    store.audit("remember key", where="OS keyring")


def _signing(raw: bytes | None) -> Ed25519PrivateKey | None:
    """The member's signing key from a keyring entry (None: an entry from before signing keys)."""
    if raw is None:
        return None
    try:
        return Ed25519PrivateKey.from_private_bytes(raw)
    except ValueError:
        return None


def lock(path: Path) -> bool:
    """Forget the remembered key of this project; False when none was remembered."""
    if not session.is_encrypted(path):
        raise ProjectError(f"{path}: not an encrypted project")
    return keyring_store.forget(session.project_id(path))


def create_shared_project(uri: str, user: str, name: str, *, descriptor: Path, mode: str = "auto",
                          owner: str | None = None, password: str | None = None,
                          passphrase: Callable[[], str] | None = None) -> tuple[Neo4jProject, Neo4jStore]:
    """A project on a Neo4j server and its `.kn4j` descriptor (the driver is loaded only here);
    with `passphrase` sealed (values above `open` encrypted client-side, docs/neo4j.md)."""
    from graph.stores.neo4j_project import create_neo4j_project

    return create_neo4j_project(uri, user, name, descriptor=descriptor, mode=mode, owner=owner, password=password,
                                passphrase=passphrase)
