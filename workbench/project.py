"""Opening and creating projects: the one place that turns a path into a store.

Every front end (CLI, GUI, scripts) goes through here, so the access rules that the
project carries (encryption, members, audit) apply whichever door is used. What comes
back is a `graph.access.guarded.GuardedStore`: the whole store protocol, with the
acting member's role and clearance enforced and their activity audited.

Secrets are found as CONVENTIONS.md says (keyring entry from `unlock --remember`,
`--passphrase-file`, KNOOPPUNT_PASSPHRASE, prompt without echo); see
`workbench.context.unlock_secret`. The `knooppunt demo` command needs no special case:
non-interactively it takes its passphrase from KNOOPPUNT_PASSPHRASE like any script.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from graph.access import keyring_store, keyslots, session, signing
from graph.access.guarded import GuardedStore
from graph.access.keyslots import KdfParams
from graph.errors import ProjectError

PROJECT_SUFFIX = ".knp"


def project_path(path: str | os.PathLike[str] | None) -> Path:
    """The project named by --project or KNOOPPUNT_PROJECT; ProjectError when neither is set."""
    chosen = path or os.environ.get("KNOOPPUNT_PROJECT")
    if not chosen:
        raise ProjectError("no project given: use --project PATH or set KNOOPPUNT_PROJECT")
    return Path(chosen).expanduser()


def create_project(path: Path, *, name: str | None = None, owner: str | None = None,
                   passphrase: str | None = None, kdf: KdfParams | None = None) -> GuardedStore:
    """A new encrypted project with `owner` as its only member.

    Without `passphrase` it is found like any other (`--passphrase-file`,
    KNOOPPUNT_PASSPHRASE, or a prompt asking twice). One exception: `knooppunt demo` run
    without any of these and without a terminal (CI, scripts) makes a plain, unencrypted
    project -- its data is synthetic -- and says so on stderr.
    """
    if path.exists():
        raise ProjectError(f"{path}: already exists")
    if passphrase is None:
        from workbench.context import new_passphrase
        if _is_demo_without_secret():
            import click
            click.echo("knooppunt: warning: no passphrase given and no terminal: the demo project (synthetic "
                       "data) is left unencrypted", err=True)
            return session.create_plain(path, owner=owner or "owner", name=name)
        passphrase = new_passphrase(f"Passphrase for {owner or 'owner'} (new project {path.name})")
    return session.create(path, owner=owner or "owner", passphrase=passphrase, name=name,
                          kdf=kdf or keyslots.DEFAULT_KDF)


def _is_demo_without_secret() -> bool:
    """`knooppunt demo` run by a script without any passphrase source: synthetic data may stay plain."""
    import sys

    import click

    from workbench.context import PASSPHRASE_ENV, opt
    ctx = click.get_current_context(silent=True)
    return (ctx is not None and ctx.command.name == "demo" and not opt("passphrase_file")
            and not os.environ.get(PASSPHRASE_ENV) and not sys.stdin.isatty())


def open_project(path: Path, *, user: str | None = None, passphrase: str | None = None,
                 data_key: bytes | None = None, signing_key: Any = None) -> GuardedStore:
    """Open a project for a member; unlocks an encrypted one with the first secret found.

    With `data_key`, pass the member's `signing_key` (from an earlier session's
    `store.signer.key`) too, or that session's audit entries are unsigned."""
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    if not session.is_encrypted(path):
        return session.open_plain(path, user=user)
    if data_key is not None:
        return session.open_with_key(path, user or session.default_member(path), data_key, how="data key",
                                     signing_key=signing_key)
    if passphrase is not None:
        return session.unlock(path, user or session.default_member(path), passphrase)
    remembered = keyring_store.recall(session.project_id(path))
    if remembered is not None and user in (None, remembered.member):
        try:
            return session.open_with_key(path, remembered.member, remembered.data_key, how="keyring",
                                         signing_key=_signing(remembered.signing_key))
        except ProjectError:
            keyring_store.forget(session.project_id(path))  # rotated since: ask for the passphrase
    member = user or session.default_member(path)
    from workbench.context import unlock_secret
    return session.unlock(path, member, unlock_secret(f"Passphrase for {member} ({path.name})"))


def remember(store: GuardedStore) -> None:
    """Keep the unlocked key in the OS keyring ("remember on this computer")."""
    keys = store.keys
    if keys is None:
        raise ProjectError(f"{store.path}: not encrypted, nothing to remember")
    signer = getattr(store, "signer", None)
    keyring_store.remember(keys.keyfile.project_id, store.member.name, keys.generation, keys.data_key,
                           signing.private_bytes(signer.key) if signer is not None else None)
    store.audit("remember key", where="OS keyring")


def _signing(raw: bytes | None) -> Any:
    if raw is None:
        return None
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    try:
        return Ed25519PrivateKey.from_private_bytes(raw)
    except ValueError:
        return None


def lock(path: Path) -> bool:
    """Forget the remembered key of this project; False when none was remembered."""
    if not session.is_encrypted(path):
        raise ProjectError(f"{path}: not an encrypted project")
    return keyring_store.forget(session.project_id(path))
