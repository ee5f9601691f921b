"""CLI for access control: unlock/lock, members, audit log, retention.

    knooppunt unlock [--remember]        knooppunt lock           (also under `project`)
    knooppunt members add NAME --role analyst [--clearance open,confidential]
    knooppunt members remove NAME        (removes the slot and rotates the data key)
    knooppunt members list | role NAME ROLE [--clearance ...] | passphrase | rotate
    knooppunt members restore            (an owner: the members table they last signed, after a rewrite)
    knooppunt project migrate            (an owner: a project of an earlier Knooppunt, key file v1)
    knooppunt audit show [--action A] [--actor M] [--limit N]
    knooppunt audit verify               (who signed what; exit 1 naming the first broken entry)
    knooppunt audit accept-label LABEL --reason TEXT   (an owner keeps a label file put back to an older copy)
    knooppunt retention set --days N | report | purge --yes

A new member's passphrase comes from `--new-passphrase-file FILE`, the environment
variable KNOOPPUNT_NEW_PASSPHRASE, or a prompt asked twice -- never from an argument.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from typing import Any

import click

from graph.access import audit as audit_log
from graph.access import keyring_store, keyslots, retention, roles, session, signing, untrusted
from graph.access.guarded import GuardedStore
from graph.access.session import ProjectKeys
from graph.errors import KnooppuntError
from graph.project import lock as forget_key
from graph.project import project_path, remember
from workbench.context import common_options, emit_rows, new_passphrase, open_store, opt, unlock_secret
from workbench.output import core_text, day_time, say

NEW_PASSPHRASE_ENV = "KNOOPPUNT_NEW_PASSPHRASE"


def _store_new_file(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value:
        ctx.meta["knooppunt.new_passphrase_file"] = value
    return value


_new_passphrase_file = click.option(
    "--new-passphrase-file", type=click.Path(exists=True, dir_okay=False), expose_value=False,
    callback=_store_new_file, help=f"Read the new passphrase from FILE (or {NEW_PASSPHRASE_ENV}).")


# -- unlock / lock ------------------------------------------------------------------------------
@click.command("unlock")
@common_options
@click.option("--remember", "remember_key", is_flag=True, help="Keep the key in the OS keyring on this computer.")
def unlock_cmd(remember_key: bool) -> None:
    """Check the passphrase; with --remember, no passphrase is asked here again until `lock`."""
    store = open_store()
    try:
        if remember_key:
            remember(store)
        click.echo(say("unlocked", path=store.path, member=store.member.name, role=store.member.role)
                   + (say("key_remembered") if remember_key else ""))
    finally:
        store.close()


@click.command("lock")
@common_options
def lock_cmd() -> None:
    """Forget the key remembered on this computer for the project."""
    path = project_path(opt("project"))
    if forget_key(path):
        click.echo(say("locked", path=path))
    else:
        click.echo(say("nothing_remembered", path=path))


# -- members ------------------------------------------------------------------------------------
@click.group("members")
def members_group() -> None:
    """Members, roles and clearances of an encrypted project."""


@members_group.command("list")
@common_options
def members_list() -> None:
    """Every member with role and clearance."""
    store = open_store()
    human = opt("fmt") in (None, "table") and not opt("output")  # files keep ISO times for scripts
    rows = [{"name": m.name, "role": m.role, "clearance": ",".join(sorted(m.clearance)),
             "added_by": m.added_by, "added_at": day_time(m.added_at) if human else m.added_at}
            for m in store.members()]
    emit_rows(rows, ["name", "role", "clearance", "added_by", "added_at"], export=False)
    store.close()


@members_group.command("add")
@common_options
@_new_passphrase_file
@click.argument("name")
@click.option("--role", type=click.Choice(sorted(roles.ROLES)), required=True)
@click.option("--clearance", help="Comma-separated labels the member may see (default: open only).")
def members_add(name: str, role: str, clearance: str | None) -> None:
    """Add a member with their own passphrase (a new key slot)."""
    store = open_store()
    try:
        roles.check(store, "members")
        passphrase = new_passphrase(say("new_passphrase_for", member=name), file_option="new_passphrase_file",
                                    env=NEW_PASSPHRASE_ENV)
        member = session.add_member(store, name, role=role, passphrase=passphrase,
                                    clearance=None if clearance is None else roles.parse_clearance(clearance),
                                    kdf=keyslots.DEFAULT_KDF)
        click.echo(say("member_added", member=member.name, role=member.role,
                       clearance=",".join(sorted(member.clearance))))
    finally:
        store.close()


@members_group.command("remove")
@common_options
@click.argument("name")
def members_remove(name: str) -> None:
    """Remove a member: their slot goes and the data key is rotated (the file is re-encrypted)."""
    store = open_store()
    try:
        seconds = session.remove_member(store, name)
        keys = _refresh_remembered(store)
        click.echo(say("member_removed", member=name, generation=keys.generation, seconds=f"{seconds:.2f}"))
    finally:
        store.close()


def _refresh_remembered(store: GuardedStore) -> ProjectKeys:
    """After a rotation: keep this computer's keyring entry usable if it is ours, else drop it."""
    keys = store.keys
    if keys is None:
        raise KnooppuntError(f"{store.path}: not encrypted, no key to refresh")
    remembered = keyring_store.recall(keys.keyfile.project_id)
    if remembered is not None:
        if remembered.member == store.member.name:
            keyring_store.remember(keys.keyfile.project_id, store.member.name, keys.generation, keys.data_key,
                                   signing.private_bytes(store.signer.key) if store.signer else None)
        else:
            keyring_store.forget(keys.keyfile.project_id)
    return keys


@members_group.command("rotate")
@common_options
def members_rotate() -> None:
    """Rotate the data key now (e.g. after a laptop was lost): every page is re-encrypted."""
    store = open_store()
    try:
        seconds = session.rotate(store)
        keys = _refresh_remembered(store)
        click.echo(say("key_rotated", generation=keys.generation, seconds=f"{seconds:.2f}"))
    finally:
        store.close()


@members_group.command("role")
@common_options
@click.argument("name")
@click.argument("role", type=click.Choice(sorted(roles.ROLES)))
@click.option("--clearance", help="Comma-separated labels (default: unchanged).")
def members_role(name: str, role: str, clearance: str | None) -> None:
    """Change a member's role (and optionally clearance)."""
    store = open_store()
    try:
        member = session.set_role(store, name, role=role,
                                  clearance=None if clearance is None else roles.parse_clearance(clearance))
        click.echo(say("member_role", member=member.name, role=member.role,
                       clearance=",".join(sorted(member.clearance))))
    finally:
        store.close()


@members_group.command("passphrase")
@common_options
@_new_passphrase_file
def members_passphrase() -> None:
    """Change your own passphrase (the old one from the usual sources, the new one asked twice)."""
    path = project_path(opt("project"))
    member = opt("acting") or session.default_member(path)
    old = unlock_secret(say("current_passphrase_for", member=member))
    new = new_passphrase(say("new_passphrase_for", member=member), file_option="new_passphrase_file",
                         env=NEW_PASSPHRASE_ENV)
    session.change_passphrase(path, member, old, new, keyslots.DEFAULT_KDF)
    click.echo(say("passphrase_changed", member=member))


@members_group.command("restore")
@common_options
def members_restore() -> None:
    """Put back the members table you (an owner) last signed, after it was changed outside Knooppunt."""
    from graph.access import restore

    path = project_path(opt("project"))
    member = opt("acting") or session.default_member(path)
    result = restore.restore(path, member, unlock_secret(say("passphrase_for", member=member, file=path.name)))
    if not result.source:
        click.echo(say("members_intact", path=path))
        return
    click.echo(say("members_restored", path=path, source=result.source))
    for change in result.changes:
        click.echo(f"  {core_text(change)}")
    if result.slots_removed:
        click.echo(say("slots_removed", slots=", ".join(result.slots_removed)))


# -- project migrate -----------------------------------------------------------------------------
@click.command("migrate")
@common_options
def project_migrate() -> None:
    """Bring a project of an earlier Knooppunt to one key per label, signed members and audit log (owner)."""
    from graph.access import migrate

    path = project_path(opt("project"))
    data = migrate.legacy_keys(path)
    members = sorted(data.get("slots", {})) if isinstance(data, dict) else []
    member = opt("acting") or (members[0] if len(members) == 1 else None)
    if member is None and data is not None:
        raise KnooppuntError(f"{path}: the project has {len(members)} members; say which owner migrates it "
                             "with --as NAME or KNOOPPUNT_USER")
    secret = unlock_secret(say("passphrase_for", member=member, file=path.name)) if data is not None else ""
    result = migrate.migrate(path, member or "", secret)
    if result.resumed:
        click.echo(say("migration_resumed", path=path))
        return
    labels = ", ".join(f"{label} {n}" for label, n in sorted(result.records.items()))
    click.echo(say("migrated", path=path, labels=labels or say("no_records"), members=", ".join(result.members)))
    if result.dropped:
        click.echo(say("migration_dropped", names=", ".join(result.dropped)))
    click.echo(say("migration_history", count=result.unsigned_history,
                   chain=say("chain_intact" if result.history_intact else "chain_broken")))
    click.echo(say("old_copies"))


# -- audit --------------------------------------------------------------------------------------
@click.group("audit")
def audit_group() -> None:
    """The project's hash-chained audit log."""


@audit_group.command("show")
@common_options
@click.option("--action", "actions", multiple=True, help="Only these actions (repeatable).")
@click.option("--actor", help="Only this member.")
@click.option("--limit", type=int, help="Only the last N entries.")
@click.option("--record", "record_id", metavar="ID",
              help="Only entries that name this record (or one merged into it): who saw, changed or exported it.")
def audit_show(actions: tuple[str, ...], actor: str | None, limit: int | None, record_id: str | None) -> None:
    """Who did what, when: open, search, view, import, edit, delete, export, members, failures."""
    store = open_store()
    path = store.path
    entries = [replace(e, details=audit_log.readable_details(store, e.details)) for e in store.audit_entries()]
    if record_id is not None:
        entries = [e for e in entries if _names_record(e.details, _record_and_merged(store, record_id))]
    human = opt("fmt") in (None, "table") and not opt("output")  # files keep ISO times for scripts
    rows: list[dict[str, Any]] = [{"seq": e.seq, "at": day_time(e.at) if human else e.at, "actor": e.actor,
                                   "action": e.action, "details": _short(e.details)} for e in entries]
    rows += [{"seq": "pending", "at": audit_log.report_text(r.get("at")), "actor": "(unverified)",
              "action": "unlock failure report",
              "details": f"claimed_member={audit_log.report_text(r.get('member'))!r} "
                         f"reason={audit_log.report_text(r.get('reason'))!r}"
                         " (unauthenticated: anyone could have written this line)"}
             for r in audit_log.read_failures(path)]
    if record_id is not None:
        rows = [r for r in rows if r["seq"] != "pending"]  # failed unlocks name no record
    if actions:
        rows = [r for r in rows if r["action"] in actions]
    if actor:
        rows = [r for r in rows if r["actor"] == actor]
    if limit:
        rows = rows[-limit:]
    emit_rows(rows, ["seq", "at", "actor", "action", "details"], export=False)
    store.close()


def _record_and_merged(store: Any, record_id: str) -> set[str]:
    """The record and every record merged into it or it into, undone merges too (the log names both ids)."""
    from graph.merge import list_merges
    pairs = [(m["merged"], m["kept"]) for m in list_merges(store)]
    ids, grown = {record_id}, True
    while grown:
        more = {d for d, k in pairs if k in ids} | {k for d, k in pairs if d in ids}
        grown = not more <= ids
        ids |= more
    return ids


def _names_record(details: str, ids: set[str]) -> bool:
    return any(f'"{i}"' in details for i in ids)


def _short(details: str) -> str:
    try:
        data = untrusted.loads(details)  # any member can write an entry (nested too deep: ValueError)
    except ValueError:
        return details
    if not isinstance(data, dict):
        return details
    return " ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in data.items())


@audit_group.command("verify")
@common_options
def audit_verify() -> None:
    """Check the chain, every entry's signature and the head this computer saw last.

    Prints who signed how many entries; exits 1 naming the first unsigned, mis-signed,
    changed, removed or reordered entry, or a log shorter than when this computer last saw it.
    """
    store = open_store()
    problems: list[str] = list(getattr(store, "warnings", []))
    try:
        verdict = store.verify_audit()
        if not verdict.ok:
            problems.append(verdict.message())
        report = store.verify_signatures()
        if report is not None and not report.ok:
            problems.append(say("audit_entry_broken", seq=report.broken_seq, reason=report.reason))
        problems += [p for p in store.verify_rows() if p not in problems]  # main-file rows not signed as written
        put_back, unchecked = store.verify_label_files()
        problems += [p for p in put_back if p not in problems]  # the open's warning names it already
        accepted = store.label_file_acceptances()
    finally:
        store.close()
    for label in unchecked:
        click.echo(say("label_file_not_checked", label=label))
    for a in accepted:
        click.echo(say("label_file_accepted_entry", seq=a.seq, label=a.label, accepted=a.accepted,
                       replaced=a.replaced, actor=a.actor, at=day_time(a.at), reason=a.reason))
    if report is not None:
        signed = ", ".join(f"{name}: {n}" for name, n in sorted(report.signed_by.items())) or say("none")
        click.echo(say("signed_by", signed=signed))
        if report.unsigned_history:
            click.echo(say("unsigned_history", count=report.unsigned_history))
    else:
        click.echo(say("not_signed"))
    if not problems:
        click.echo(core_text(verdict.message()) + (say("every_entry_signed") if report is not None else ""))
        return
    for problem in problems:
        click.echo(say("error", message=f"{store.path}: {core_text(problem)}"), err=True)
    click.get_current_context().exit(1)


@audit_group.command("accept-label")
@common_options
@click.argument("label")
@click.option("--reason", required=True, help="Why this copy is the one kept (every member can read it in the log).")
def audit_accept_label(label: str, reason: str) -> None:
    """Keep a label file that was put back to an older copy (owner): e.g. restored from a backup after a
    disk failure. What was written to it after that copy is lost; opens and `audit verify` stop reporting it
    and list the acceptance. A copy put back later, below the accepted write, is reported again."""
    store = open_store()
    a = store.accept_label_file(label, reason)
    click.echo(say("label_file_accepted", label=a.label, accepted=a.accepted, replaced=a.replaced))


# -- retention ----------------------------------------------------------------------------------
@click.group("retention")
def retention_group() -> None:
    """Bewaartermijn: records past the project's retention period."""


@retention_group.command("set")
@common_options
@click.option("--days", type=int, required=True, help="Retention period in days.")
def retention_set(days: int) -> None:
    """Set the retention period (owner)."""
    store = open_store()
    try:
        retention.set_retention(store, days)
        click.echo(say("retention_set", days=days))
    finally:
        store.close()


_OVERDUE_COLUMNS = ["id", "kind", "type", "caption", "reference_date", "days_over"]


@retention_group.command("report")
@common_options
def retention_report() -> None:
    """Records whose latest source delivery (else creation) is older than the period."""
    store = open_store()
    try:
        rows = [asdict(o) for o in retention.report(store)]
        emit_rows(rows, _OVERDUE_COLUMNS)
    finally:
        store.close()


@retention_group.command("purge")
@common_options
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def retention_purge(yes: bool) -> None:
    """Delete every record past the retention period (owner; audited)."""
    store = open_store()
    try:
        overdue = retention.report(store)
        if not overdue:
            click.echo(say("nothing_overdue"))
            return
        if not yes and not click.confirm(say("purge_confirm", count=len(overdue)), err=True):
            raise KnooppuntError(say("purge_cancelled"))
        purged = retention.purge(store)
        click.echo(say("purged", count=len(purged)))
    finally:
        store.close()
