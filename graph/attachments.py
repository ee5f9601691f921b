"""Where notes and evidence documents live: tables inside the project's own database.

They sit in the same SQLite file as the records, so SQLCipher encrypts them with the
project's key; a document is never a plain file beside the project. The tables are made
on first use (older projects get them then), in the caller's transaction.

Each note or document carries a security label like a record; every read here filters
on the caller's clearance, as the store does for records. The Neo4j store does not hold
them (a shared server has no place for evidence blobs yet): there the functions refuse
with one line instead of silently keeping them elsewhere.
"""

from __future__ import annotations

import json
from typing import Any

from graph.errors import KnooppuntError, PermissionDenied
from graph.model import SECURITY_LABELS
from graph.store import Store

DDL = """
CREATE TABLE IF NOT EXISTS notes(
  id TEXT PRIMARY KEY, record_id TEXT NOT NULL, at TEXT NOT NULL, author TEXT NOT NULL,
  label TEXT NOT NULL, text TEXT NOT NULL, folded TEXT NOT NULL, edited_at TEXT);
CREATE INDEX IF NOT EXISTS notes_record ON notes(record_id);
CREATE TABLE IF NOT EXISTS documents(
  id TEXT PRIMARY KEY, record_id TEXT NOT NULL, name TEXT NOT NULL, mime TEXT NOT NULL,
  size INTEGER NOT NULL, sha256 TEXT NOT NULL, label TEXT NOT NULL, added_by TEXT NOT NULL,
  added_at TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', text TEXT NOT NULL DEFAULT '',
  folded TEXT NOT NULL DEFAULT '', extract_note TEXT, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS documents_record ON documents(record_id);
"""


def connection(store: Store) -> Any:
    """The project database connection (embedded store only), with the tables in place."""
    return tables(store, DDL)


def tables(store: Store, ddl: str) -> Any:
    """The connection with the side tables of `ddl` in place: in a partitioned project one per label
    file held, each row in the file of its label (graph.access.side_tables)."""
    from graph.access import side_tables
    from graph.access.guarded import GuardedStore
    from graph.stores.sqlite_store import SQLiteStore
    if isinstance(store, GuardedStore):
        return store.side_tables(ddl)
    if isinstance(store, SQLiteStore):
        return side_tables.prepare(store, ddl)
    raise KnooppuntError("notes and documents are kept in an embedded (.knp) project; this shared Neo4j "
                         "project does not hold them")


def visible_labels(store: Store) -> str:
    """The caller's clearance as a JSON list, for `label IN (SELECT value FROM json_each(?))`."""
    return json.dumps(sorted(store.caller.clearance))


def require_edit(store: Store) -> None:
    """The acting member's role must allow editing (a guarded store checks; a plain one may)."""
    require = getattr(store, "require", None)
    if require is not None:
        require("edit")


def check_label(store: Store, label: str, record_label: str, what: str) -> None:
    """A label must be known, within the clearance, and not below the record it belongs to.

    A note labelled `open` on a `police-wpg` record would tell an open-cleared member that
    the record exists and what it says, so it takes the record's label unless that is open.
    """
    if label not in SECURITY_LABELS:
        raise KnooppuntError(f"label: {label!r} is not one of {', '.join(SECURITY_LABELS)}")
    if label not in store.caller.clearance:
        denied = getattr(store, "audit_denied", None)
        if denied is not None:
            denied(f"write a {what} labelled {label!r}")
        raise PermissionDenied(f"label: member {store.caller.user!r} may not write a {what} labelled {label!r} "
                               f"(clearance: {', '.join(sorted(store.caller.clearance))})")
    if record_label != "open" and label != record_label:
        raise KnooppuntError(f"label: a {what} on a record labelled {record_label!r} takes that label, "
                             f"not {label!r}")


def move(store: Store, old_id: str, new_id: str) -> None:
    """Re-attach notes and documents of a record whose id changed."""
    try:
        conn = connection(store)
    except KnooppuntError:  # a shared Neo4j project holds no notes or documents
        return
    conn.execute("UPDATE notes SET record_id = ? WHERE record_id = ?", (new_id, old_id))
    conn.execute("UPDATE documents SET record_id = ? WHERE record_id = ?", (new_id, old_id))


def audited(label: str, value: Any) -> Any:
    """What an audit entry may say of a side row's text (`graph.access.audit.masked`): the log is in the
    main file, under the `open` key every member holds, so text above `open` is given as its length."""
    from graph.access.audit import masked
    return masked(label, value)


MAX_HITS = 10_000  # the most rows one search hands back, whatever a caller asks


def literal_limit(limit: int) -> str:
    """`LIMIT n` written into the statement, never bound: a bound LIMIT (like a bound LIKE pattern) makes
    SQLite re-prepare the statement at every call. Only a whole number >= 0 gets in, capped at MAX_HITS."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"limit must be a whole number of at least 0, not {limit!r}")
    return f"LIMIT {min(limit, MAX_HITS)}"


def words_clause(words: list[str]) -> str:
    """Every folded word in the folded column: instr(), not `LIKE ?`, whose bound pattern makes SQLite
    re-prepare the statement at each call (folded text holds only [0-9a-z ], so nothing needs escaping)."""
    return " AND ".join("instr(folded, ?) > 0" for _ in words) or "1"
