"""Members, roles and permissions, kept INSIDE the encrypted database.

Roles (issue 3):

* ``owner``   -- everything: members, project settings, retention purge, the audit log;
* ``analyst`` -- read, edit, delete, import, export;
* ``viewer``  -- read only: no edits, no imports, no exports.

Importers, exporters and GUI helpers ask before they act::

    from graph.access.roles import check
    check(store, "export")          # raises graph.errors.PermissionDenied for a viewer

`check` accepts a guarded store (what `graph.project.open_project` returns) or any
other store: a plain `SQLiteStore` opened directly (tests, internal tools) carries no
member and is trusted. Writes through a guarded store are checked anyway; an explicit
`check` is for actions the store cannot see (writing a file, printing a report). For an
export also call ``store.record_export(target, count)`` so it lands in the audit log.

Permissions: read, edit, import, export, settings, members, purge, audit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from graph.access import untrusted
from graph.errors import KnooppuntError, PermissionDenied, SchemaError
from graph.model import SECURITY_LABELS, now_iso

ROLES: dict[str, frozenset[str]] = {
    "owner": frozenset({"read", "edit", "import", "export", "settings", "members", "purge", "audit"}),
    "analyst": frozenset({"read", "edit", "import", "export"}),
    "viewer": frozenset({"read"}),
}
PERMISSIONS = frozenset().union(*ROLES.values())
_PHRASES = {"read": "read this project", "edit": "edit records", "import": "import", "export": "export",
            "settings": "change project settings", "members": "manage members", "purge": "purge records",
            "audit": "read the audit log"}

MEMBERS_DDL = """
CREATE TABLE IF NOT EXISTS members(
  name TEXT PRIMARY KEY, role TEXT NOT NULL, clearance TEXT NOT NULL, public_key BLOB NOT NULL,
  added_by TEXT, added_at TEXT, updated_at TEXT, signing_key BLOB)
"""


@dataclass(frozen=True, slots=True)
class Member:
    """A project member: name, role and the security labels they may see."""

    name: str
    role: str
    clearance: frozenset[str]
    added_by: str | None = None
    added_at: str | None = None

    def may(self, permission: str) -> bool:
        return permission in ROLES[self.role]


def parse_role(role: str) -> str:
    if role not in ROLES:
        raise KnooppuntError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    return role


def parse_clearance(labels: str | list[str] | frozenset[str] | None) -> frozenset[str]:
    """A clearance from 'open,confidential' (or a list); default (None): `open` only -- least privilege."""
    if labels is None:
        return frozenset({"open"})
    items = [x.strip() for x in labels.split(",")] if isinstance(labels, str) else list(labels)
    out = frozenset(x for x in items if x)
    unknown = sorted(out - set(SECURITY_LABELS))
    if unknown:
        raise SchemaError(f"unknown security label {unknown[0]!r}: choose from {', '.join(SECURITY_LABELS)}")
    return out


@runtime_checkable
class Acting(Protocol):
    """A store that acts for one member (the guarded store): it has rights to check."""

    member: Member

    def audit_denied(self, permission: str) -> None: ...


def check(store: object, permission: str) -> None:
    """Raise PermissionDenied unless the store's acting member may do `permission`.

    Only a guarded store (`Acting`) has an acting member; a plain store is internal use, trusted.
    """
    if permission not in PERMISSIONS:
        raise KnooppuntError(f"unknown permission {permission!r}")
    if not isinstance(store, Acting):
        return
    member = store.member
    if not member.may(permission):
        store.audit_denied(permission)
        raise PermissionDenied(f"member {member.name!r} ({member.role}) may not {_PHRASES[permission]}")


# -- the members table (inside the encrypted database) ----------------------------------------
def ensure_table(conn: Any) -> None:
    conn.execute(MEMBERS_DDL)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(members)")}
    if "signing_key" not in columns:  # projects made before members had signing keys
        conn.execute("ALTER TABLE members ADD COLUMN signing_key BLOB")


def _row_to_member(row: Any) -> Member:
    return Member(row[0], row[1], _clearance(row[2]), row[3], row[4])


def _clearance(text: str) -> frozenset[str]:
    """A member's labels; a clearance changed outside Knooppunt into anything but a list of labels is none (the
    owners' signature over the members table then fails too, and the open is refused in one line)."""
    try:
        value = untrusted.loads(text)
    except ValueError:
        return frozenset()
    return frozenset(value) if isinstance(value, list) and all(isinstance(v, str) for v in value) else frozenset()


def get_member(conn: Any, name: str) -> Member | None:
    row = conn.execute("SELECT name, role, clearance, added_by, added_at FROM members WHERE name = ?",
                       (name,)).fetchone()
    return _row_to_member(row) if row else None


def list_members(conn: Any) -> list[Member]:
    return [_row_to_member(r) for r in conn.execute(
        "SELECT name, role, clearance, added_by, added_at FROM members ORDER BY name")]


def signing_keys(conn: Any) -> dict[str, str]:
    """Member name -> Ed25519 public key (hex) for members that have one."""
    return {r[0]: bytes(r[1]).hex() for r in conn.execute(
        "SELECT name, signing_key FROM members WHERE signing_key IS NOT NULL")}


def public_keys(conn: Any) -> dict[str, bytes]:
    return {r[0]: bytes(r[1]) for r in conn.execute("SELECT name, public_key FROM members")}


def put_member(conn: Any, member: Member, public_key: bytes | None = None, signing_key: bytes | None = None) -> None:
    """Insert a member (with their public keys) or, without `public_key`, change role and clearance."""
    now = now_iso()
    if public_key is None:
        conn.execute("UPDATE members SET role = ?, clearance = ?, updated_at = ? WHERE name = ?",
                     (member.role, json.dumps(sorted(member.clearance)), now, member.name))
        return
    conn.execute("INSERT INTO members(name, role, clearance, public_key, added_by, added_at, updated_at, "
                 "signing_key) VALUES(?,?,?,?,?,?,?,?)",
                 (member.name, member.role, json.dumps(sorted(member.clearance)), public_key, member.added_by,
                  member.added_at or now, now, signing_key))


def delete_member(conn: Any, name: str) -> None:
    conn.execute("DELETE FROM members WHERE name = ?", (name,))
