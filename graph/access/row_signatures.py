"""Signatures over the rows members write in the main file: notes, documents, VIK registers (red team 3).

Every member holds the main file's key, so with `sqlcipher3` a member can write any row there:
an `open` note "by alice" on a company whose id she computes from its KvK number, an action or a
watch-list entry in another member's name. Rows above `open` are in their label's file, out of
her reach without its key (`side_tables`); the main file's are signed:

* each row of a signed table in the main file has a row in `row_signatures`: the signature of
  the member who last wrote it over ``["knooppunt row", project id, table, id, content]`` (the
  content is SQLite's `json_array` of every column but a document's bytes, whose sha256 column
  is signed and checked when they are read: `graph.documents.read_bytes`), and the author's own
  signature over ``["knooppunt row author", project id, table, id, author]`` for a table whose
  rows name their author (`SIGNED`). The table and project are in both, so a signature cannot be
  moved to another row, table or project; the author's stays when another member edits the row.
  Both are made inside the write, by the TEMP triggers that send it to the main file
  (`side_tables._route`), from the session's signing key (`RowCheck.sign`); never in another
  member's name.
* a read through the side tables' view checks both (`knp_row_ok`, a SQL function) against the
  owner-signed members table (and the keys of members since removed, from the owner-signed `member
  add` entries): a row that is unsigned, mis-signed, signed by someone else than its author, or
  whose last writer may not edit (a viewer) is treated as absent and reported (the session's
  warnings, `audit verify`).
* the settings that steer what a reader sees (`CHECKED_SETTINGS`: saved charts and their list, merges, their
  notes and aliases, rejected pairs) are signed by their writer the same way (`SQLiteStore.set_setting`) and
  read as absent when the signature does not hold (`RowCheck.settings`): an alias or rejection not read hides
  nothing. A signature says who wrote a value, not that it is the latest: deleting a setting or putting back an
  older signed value of it is not noticed.
* a project made before (rows without signatures) is not checked until an owner opens it: their
  Knooppunt signs the rows it finds there as carried over, in their name (`carry_over`, a signed
  `rows signed` audit entry), and sets the mark `access.rows_signed`, which the owners' members
  signature covers -- so removing the mark makes the project refuse to open. Rows a member put in
  the main file before that owner's open are carried over with the others (README, Security).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from graph.access import generations, roles, signing

# the side tables whose main-file rows are signed, and the column naming each row's author (None: no author)
SIGNED: dict[str, str | None] = {"notes": "author", "documents": "added_by", "vik_meetings": "created_by",
                                 "vik_agenda": None, "vik_actions": "created_by", "vik_watch": "created_by",
                                 "vik_alerts": None}
UNSIGNED_COLUMNS = frozenset({"data"})  # a document's bytes: its signed sha256 column stands for them
FLAG = signing.ROWS_SIGNED  # "1": the main file's signed rows are checked (covered by the members signature)
TABLE = "row_signatures"
DDL = (f"CREATE TABLE IF NOT EXISTS main.{TABLE}(tbl TEXT NOT NULL, id TEXT NOT NULL, author TEXT, "
       "author_sig BLOB, signer TEXT, sig BLOB, PRIMARY KEY(tbl, id)) WITHOUT ROWID")
# settings of the main file that are signed and checked: what a reader sees through them (saved charts and their
# list, merges and their notes, rejected pairs); one without a valid signature counts as absent
CHECKED_SETTINGS = ("chart.", "charts", "merge.", "resolution.rejected")
CARRIED = "carried"  # an owner's signature for an author's, over a row an earlier Knooppunt wrote


def install(conn: Any) -> None:
    conn.execute(DDL)


def enforced(conn: Any) -> bool:
    return signing.rows_signed(conn)


def _message(kind: str, project_id: str, table: str, row_id: str, value: Any) -> bytes:
    return json.dumps([f"knooppunt row{kind}", project_id, table, row_id, value], ensure_ascii=False,
                      separators=(",", ":")).encode()


def content_sql(table: str, columns: Iterable[str], alias: str) -> str:
    """The signed content of a row: SQLite's JSON array of its columns (the same text at write and read)."""
    return "json_array(" + ", ".join(f"{alias}.{c}" for c in columns if c not in UNSIGNED_COLUMNS) + ")"


class RowCheck:
    """One session's signing and checking of main-file rows, registered as SQL functions on its connection."""

    def __init__(self, store: Any, project_id: str, warnings: list[str] | None = None) -> None:
        self.store = store  # the SQLiteStore: its `audit_signer` is the session's signing key (or None)
        self.project_id = project_id
        self.warnings = warnings if warnings is not None else []
        self.enforced = False
        self._version: tuple[Any, ...] | None = None
        self._keys: dict[str, str] = {}
        self._roles: dict[str, str] = {}
        self._seen: dict[tuple[Any, ...], bool] = {}
        self.refused: dict[tuple[str, str], str] = {}  # (table, id) -> why, of rows treated as absent
        conn = store.conn
        conn.create_function("knp_row_signer", 0, self.signer)
        conn.create_function("knp_row_author", 3, self.sign_author)
        conn.create_function("knp_row_sign", 3, self.sign)
        conn.create_function("knp_row_ok", 8, self.ok)
        self.refresh()

    # -- outside any statement: what the checks need from the database --------------------------------
    def refresh(self) -> None:
        """Re-read the mark, members and their keys when the members table's signed version changed (a
        settings read; called before each side-table statement, never inside one)."""
        conn = self.store.conn
        version = (signing.members_version(conn), enforced(conn),
                   conn.execute("SELECT count(*) FROM members").fetchone()[0])
        if version == self._version:
            return
        self._version, self.enforced = version, version[1]
        self._roles = {m.name: m.role for m in roles.list_members(conn)}
        self._keys = roles.signing_keys(conn)
        # the keys of members since removed come from the owner-signed `member add` entries (a scan of the log):
        # read only when a row of the main file was signed by someone no longer a member
        if conn.execute(f"SELECT 1 FROM {TABLE} WHERE signer NOT IN (SELECT name FROM members) LIMIT 1").fetchone():
            self._keys = generations.signing_keys(conn, self.project_id)
        self._seen.clear()

    # -- SQL functions ---------------------------------------------------------------------------------
    def signer(self) -> str | None:
        s = self.store.audit_signer
        return None if s is None else str(s.member)

    def sign(self, table: str, row_id: str, content: str) -> bytes | None:
        s = self.store.audit_signer
        return None if s is None else bytes(s.key.sign(_message("", self.project_id, table, row_id, content)))

    def sign_author(self, table: str, row_id: str, author: str | None) -> bytes | None:
        """The author's signature, only when the session's member is the author (never in another's name)."""
        s = self.store.audit_signer
        if s is None or author is None or author != s.member:
            return None
        return bytes(s.key.sign(_message(" author", self.project_id, table, row_id, author)))

    def ok(self, table: str, row_id: str, author: str | None, content: str, by: str | None,
           author_sig: bytes | None, signer: str | None, sig: bytes | None) -> int:
        if not self.enforced:
            return 1
        key = (table, row_id, author, content, by, author_sig, signer, sig)
        found = self._seen.get(key)
        if found is None:
            why = self.problem(table, row_id, author, content, by, author_sig, signer, sig)
            found = self._seen[key] = not why
            if why:
                self._refuse(table, row_id, why)
        return int(found)

    def _refuse(self, table: str, row_id: str, why: str) -> None:
        if (table, row_id) in self.refused:
            return
        self.refused[(table, row_id)] = why
        message = refused_message(table, row_id, why)
        if message not in self.warnings:
            self.warnings.append(message)

    def problem(self, table: str, row_id: str, author: str | None, content: str, by: str | None,
                author_sig: bytes | None, signer: str | None, sig: bytes | None) -> str:
        """Why a main-file row does not count ('' when it does)."""
        if sig is None or signer is None:
            return "not signed"
        key = self._keys.get(signer)
        if key is None or not signing.verifies(bytes.fromhex(key), bytes(sig),
                                               _message("", self.project_id, table, row_id, content)):
            return f"the signature of {signer!r} does not match the row"
        if SIGNED.get(table) is None:
            return ""
        if signer == author:  # the content, author column included, is signed by the author: one check suffices
            return ""
        if author is None or author_sig is None or by is None:
            return f"not signed by its author {author!r}"
        if by == author:
            kind, signed_by = " author", author
        elif self._roles.get(by) == "owner":
            kind, signed_by = " " + CARRIED, by
        else:
            return f"not signed by its author {author!r}"
        by_key = self._keys.get(signed_by)
        if by_key is None or not signing.verifies(bytes.fromhex(by_key), bytes(author_sig),
                                                  _message(kind, self.project_id, table, row_id, author)):
            return f"not signed by its author {author!r}"
        if signer != author and signer in self._roles and not roles.ROLES.get(self._roles[signer], frozenset()) \
                & {"edit"}:
            return f"changed by {signer!r}, who may not edit"
        return ""


    # -- settings that steer what a reader sees (saved charts, merges, rejected pairs) -----------------------
    def sign_setting(self, key: str, value: str) -> None:
        """Sign a checked setting as it is written (`SQLiteStore.set_setting`, inside the writer's statement)."""
        s = self.store.audit_signer
        if s is None or not key.startswith(CHECKED_SETTINGS):
            return
        self.store.conn.execute(
            f"INSERT INTO {TABLE}(tbl, id, signer, sig) VALUES('settings', ?, ?, ?) ON CONFLICT(tbl, id) DO UPDATE "
            "SET signer = excluded.signer, sig = excluded.sig",
            (key, s.member, s.key.sign(_message("", self.project_id, "settings", key, value))))

    def settings(self, found: dict[str, str]) -> dict[str, str]:
        """`found` (main-file settings) without the checked ones whose signature does not hold: read as absent --
        an alias or a rejected pair not shown hides nothing, a chart not shown is reported."""
        checked = [k for k in found if k.startswith(CHECKED_SETTINGS)]
        if not checked or not self.enforced:
            return found
        sigs = {str(r[0]): (r[1], r[2]) for r in self.store.conn.execute(
            f"SELECT id, signer, sig FROM {TABLE} WHERE tbl = 'settings' AND id IN (SELECT value FROM json_each(?))",
            (json.dumps(checked),))}
        if any(v[0] not in self._keys for v in sigs.values()):
            self.refresh()  # a member added since this session read the members table
        out = dict(found)
        for k in checked:
            signer, sig = sigs.get(k, (None, None))
            key = ("settings", k, found[k], signer, sig)
            ok = self._seen.get(key)
            if ok is None:
                why = self.setting_problem(k, found[k], signer, sig)
                ok = self._seen[key] = not why
                if why:
                    self._refuse("settings", k, why)
            if not ok:
                del out[k]
        return out

    def setting_problem(self, key: str, value: str, signer: str | None, sig: bytes | None) -> str:
        if sig is None or signer is None:
            return "not signed"
        public = self._keys.get(signer)
        if public is None or not signing.verifies(bytes.fromhex(public), bytes(sig),
                                                  _message("", self.project_id, "settings", key, value)):
            return f"the signature of {signer!r} does not match the row"
        if signer in self._roles and "edit" not in roles.ROLES.get(self._roles[signer], frozenset()):
            return f"changed by {signer!r}, who may not edit"
        return ""


def unsigned_message(count: int) -> str:
    return (f"{count} rows of the main file are not signed (written outside Knooppunt?) and are not shown; "
            "`knooppunt audit verify` lists them")


def unsigned_at_open(conn: Any) -> int:
    """How many rows of the signed tables and checked settings in the main file have no signature at all: what a
    member put there with `sqlcipher3`, told at the open (one statement, no signature checked; a signed row
    changed since is told when it is read, and by `audit verify`). 0 when the rows are not checked yet."""
    if not enforced(conn):
        return 0
    present = {str(r[0]) for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    parts = [f"(SELECT count(*) FROM main.{t}__main x WHERE x.label = 'open' AND NOT EXISTS(SELECT 1 FROM {TABLE} s "
             f"WHERE s.tbl = '{t}' AND s.id = x.id))" for t in SIGNED if f"{t}__main" in present]
    parts.append(f"(SELECT count(*) FROM main.settings x WHERE ({' OR '.join(_CHECKED_WHERE)}) AND NOT EXISTS("
                 f"SELECT 1 FROM {TABLE} s WHERE s.tbl = 'settings' AND s.id = x.key))")
    return int(conn.execute("SELECT " + " + ".join(parts)).fetchone()[0])


_CHECKED_WHERE = [f"substr(x.key, 1, {len(p)}) = '{p}'" for p in CHECKED_SETTINGS]


def refused_message(table: str, row_id: str, why: str) -> str:
    return (f"a row of {table} in the main file ({row_id}) is not shown: {why} (written outside Knooppunt?); "
            "`knooppunt audit verify` lists such rows")


def check_of(store: Any) -> RowCheck | None:
    """The session's row check on a SQLiteStore (None: a plain or unpartitioned store, or one opened raw)."""
    found = store.__dict__.get("row_check")
    return found if isinstance(found, RowCheck) else None


def attach(store: Any, project_id: str, warnings: list[str]) -> RowCheck:
    """Sign and check this session's main-file rows (an encrypted, partitioned project)."""
    check = RowCheck(store, project_id, warnings)
    store.__dict__["row_check"] = check
    return check


def view_part(table: str, columns: list[str], where: str) -> str:
    """The main file's part of a side table's view: only rows whose signatures hold (`RowCheck.ok`)."""
    who = SIGNED.get(table)
    author = f"x.{who}" if who else "NULL"
    names = ", ".join(f"x.{c}" for c in columns)
    return (f"SELECT {names} FROM main.{table}__main x LEFT JOIN {TABLE} s ON s.tbl = '{table}' AND s.id = x.id "
            f"WHERE {where} AND knp_row_ok('{table}', x.id, {author}, {content_sql(table, columns, 'x')}, "
            "s.author, s.author_sig, s.signer, s.sig)")


def write_sql(table: str, columns: list[str], when: str) -> str:
    """In a TEMP trigger: sign the row NEW just wrote to the main file (kept: the author's signature of an
    edit by someone else)."""
    who = SIGNED.get(table)
    author = f"NEW.{who}" if who else "NULL"
    return (f"INSERT INTO {TABLE}(tbl, id, author, author_sig, signer, sig) SELECT '{table}', NEW.id, "
            f"knp_row_signer(), knp_row_author('{table}', NEW.id, {author}), knp_row_signer(), "
            f"knp_row_sign('{table}', NEW.id, {content_sql(table, columns, 'NEW')}) WHERE {when} "
            "ON CONFLICT(tbl, id) DO UPDATE SET signer = excluded.signer, sig = excluded.sig, "
            "author = CASE WHEN excluded.author_sig IS NULL THEN author ELSE excluded.author END, "
            "author_sig = coalesce(excluded.author_sig, author_sig); ")


def _columns(conn: Any, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f"PRAGMA main.table_info({table}__main)")]


def carry_over(store: Any, check: RowCheck, prepare: Callable[[], None]) -> int:
    """An owner's first open of a project whose main-file rows are not signed yet: sign each as carried over
    (in their name), set the mark and sign the members table with it. Returns the number of rows signed.

    `prepare` makes the signed tables in every held file first (`side_tables.prepare` of their modules' DDL), which
    moves the rows an earlier Knooppunt kept in the main file's own tables to where they are read."""
    signer = store.audit_signer
    conn = store.conn
    prepare()
    count = 0
    with store.transaction():
        for table, who in SIGNED.items():
            columns = _columns(conn, table)
            rows = conn.execute(f"SELECT x.id, {f'x.{who}' if who else 'NULL'}, {content_sql(table, columns, 'x')} "
                                f"FROM main.{table}__main x").fetchall()
            for row_id, author, content in rows:
                author_sig = None if author is None else signer.key.sign(
                    _message(" " + CARRIED, check.project_id, table, row_id, author))
                conn.execute(f"INSERT OR REPLACE INTO {TABLE}(tbl, id, author, author_sig, signer, sig) "
                             "VALUES(?,?,?,?,?,?)", (table, row_id, None if author is None else signer.member,
                                                     author_sig, signer.member,
                                                     signer.key.sign(_message("", check.project_id, table, row_id,
                                                                              content))))
                count += 1
        for key, value in conn.execute("SELECT key, value FROM main.settings").fetchall():
            if str(key).startswith(CHECKED_SETTINGS):
                check.sign_setting(str(key), str(value))
                count += 1
        conn.execute("INSERT INTO settings(key, value) VALUES(?, '1') ON CONFLICT(key) DO UPDATE SET value = '1'",
                     (FLAG,))
        signing.sign_members(conn, signer)
        store.audit("rows signed", rows=count)
    check.refresh()
    return count


def verify(store: Any, check: RowCheck) -> list[str]:
    """Every main-file row that does not count, for `audit verify` (reads every signed table's main rows)."""
    conn = store.conn
    check.refresh()
    if not check.enforced:
        return []
    out: list[str] = []
    for table, who in SIGNED.items():
        if not conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = ?", (f"{table}__main",)).fetchone():
            continue
        columns = _columns(conn, table)
        rows = conn.execute(
            f"SELECT x.id, {f'x.{who}' if who else 'NULL'}, {content_sql(table, columns, 'x')}, s.author, "
            f"s.author_sig, s.signer, s.sig FROM main.{table}__main x LEFT JOIN {TABLE} s ON s.tbl = ? AND "
            "s.id = x.id WHERE x.label = 'open' ORDER BY x.id", (table,)).fetchall()
        for row_id, author, content, by, author_sig, signer, sig in rows:
            why = check.problem(table, row_id, author, content, by, author_sig, signer, sig)
            if why:
                out.append(refused_message(table, row_id, why))
    sigs = {str(r[0]): (r[1], r[2])
            for r in conn.execute(f"SELECT id, signer, sig FROM {TABLE} WHERE tbl = 'settings'")}
    for key, value in conn.execute("SELECT key, value FROM main.settings ORDER BY key").fetchall():
        if str(key).startswith(CHECKED_SETTINGS):
            why = check.setting_problem(str(key), str(value), *sigs.get(str(key), (None, None)))
            if why:
                out.append(refused_message("settings", str(key), why))
    return out
