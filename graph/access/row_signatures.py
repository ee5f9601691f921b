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
  nothing. A signature says who wrote a value, not that it is the latest: that a setting was deleted or an older
  signed value put back is told by the digests (below).
* the rows of the label files are signed and checked the same way (level 2 of the mark, since sign5): each file
  keeps its signatures in its own `row_signatures__<schema>`, under its key, and a signature names the table with
  the label (`notes@confidential`, `signed_name`), so a member holding one label's key cannot write rows "by alice"
  there, nor move a signature to another label's file. From level 2 the settings that steer an import, a purge, a
  marking or what the owner reads are checked too (`signed_setting`); the owner-only ones count only when an owner
  signed them, an autosaved chart only when its member did.
* a signed row deleted, or its older signed copy put back, is noticed through the per-file digests each write's
  signed entry changes (`graph.access.row_digests`; `RowCheck.add`/`drop`, called by the triggers).
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

from graph.access import generations, roles, row_digests, signing

# the side tables whose main-file rows are signed, and the column naming each row's author (None: no author)
SIGNED: dict[str, str | None] = {"notes": "author", "documents": "added_by", "vik_meetings": "created_by",
                                 "vik_agenda": None, "vik_actions": "created_by", "vik_watch": "created_by",
                                 "vik_alerts": None, "labelled_settings": None}
UNSIGNED_COLUMNS = frozenset({"data"})  # a document's bytes: its signed sha256 column stands for them
FLAG = signing.ROWS_SIGNED  # "1": the main file's signed rows are checked, "2": the label files' too (covered by
# the members signature)
TABLE = "row_signatures"
_COLUMNS = "(tbl TEXT NOT NULL, id TEXT NOT NULL, author TEXT, author_sig BLOB, signer TEXT, sig BLOB, " \
           "PRIMARY KEY(tbl, id)) WITHOUT ROWID"
DDL = f"CREATE TABLE IF NOT EXISTS main.{TABLE}{_COLUMNS}"
# settings of the main file that are signed and checked: what a reader sees through them (saved charts and their
# list, merges and their notes, rejected pairs); one without a valid signature counts as absent
CHECKED_SETTINGS = ("chart.", "charts", "merge.", "resolution.rejected")
# from level 2 also the settings that steer what an import does (saved import specifications), what a purge deletes
# (the retention period), how exports and the window are marked (classification), what the owner reads of the
# project (name, owner, created) and the document size limit, and each member's autosaved chart; an unsigned one
# reads as not set (its default) and is reported
SETTINGS_LEVEL2 = frozenset({"name", "owner", "created_at", "classification", "import_specs", "documents.max_mb"})
PREFIXES_LEVEL2 = ("retention.", "import_spec.", "chart_autosave.")
# count only when an owner signed them, as only owners may write them (`GuardedStore.set_setting`); the last a prefix
OWNER_SETTINGS = ("name", "owner", "created_at", "retention.")
AUTOSAVE = "chart_autosave."  # + member: counts only when that member signed it
CARRIED = "carried"  # an owner's signature for an author's, over a row an earlier Knooppunt wrote


def install(conn: Any) -> None:
    conn.execute(DDL)


def sig_table(schema: str) -> str:
    """The signatures' table in one file: `row_signatures` in the main file, `row_signatures__p_confidential` in a
    label file (unique over the files: the TEMP triggers, which may not name a schema, reach it by its name)."""
    return TABLE if schema == "main" else f"{TABLE}__{schema}"


def install_in(conn: Any, schema: str) -> None:
    """The signatures' table in a label file (inside the write that makes its side tables, or an owner's carry-over)."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS {schema}.{sig_table(schema)}{_COLUMNS}")


def has_sig_table(conn: Any, schema: str) -> bool:
    return conn.execute(f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?",
                        (sig_table(schema),)).fetchone() is not None


def signed_name(table: str, label: str | None) -> str:
    """What a signature names as the row's table: the table (main file), `table@label` in a label file -- so a
    signature is bound to the label file too: a row signed in one label's file does not count in another's."""
    return table if label in (None, "open") else f"{table}@{label}"


def enforced(conn: Any) -> bool:
    return signing.rows_signed(conn)


def _message(kind: str, project_id: str, table: str, row_id: str, value: Any) -> bytes:
    return json.dumps([f"knooppunt row{kind}", project_id, table, row_id, value], ensure_ascii=False,
                      separators=(",", ":")).encode()


def signed_setting(key: str, level: int = signing.LABEL_ROWS) -> bool:
    """Whether a main-file setting is signed and checked at `level`."""
    return key.startswith(CHECKED_SETTINGS) or (level >= signing.LABEL_ROWS and (
        key in SETTINGS_LEVEL2 or key.startswith(PREFIXES_LEVEL2)))


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
        self.labels_enforced = False  # the label files' rows are checked too (level 2)
        self._all_keys: dict[str, str] | None = None  # every signing key the signed log vouches for (removed members')
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
        conn.create_function("knp_row_add", 2, self.add)
        conn.create_function("knp_row_drop", 2, self.drop)
        self.delta: dict[str, tuple[int, int]] = {}  # label -> the change of its file's digest in this transaction
        self.digests_checked: set[str] = set()  # the labels whose files' digests this session compared
        self.refresh()

    # -- outside any statement: what the checks need from the database --------------------------------
    def refresh(self) -> None:
        """Re-read the mark, members and their keys when the members table's signed version changed (a
        settings read; called before each side-table statement, never inside one)."""
        conn = self.store.conn
        version = (signing.members_version(conn), signing.rows_level(conn),
                   conn.execute("SELECT count(*) FROM members").fetchone()[0])
        if version == self._version:
            return
        self._version, self.enforced = version, version[1] >= 1
        self.labels_enforced = version[1] >= signing.LABEL_ROWS
        self._all_keys = None
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
        if not self.enforced or ("@" in table and not self.labels_enforced):
            return 1
        key = (table, row_id, author, content, by, author_sig, signer, sig)
        found = self._seen.get(key)
        if found is None:
            why = self.problem(table, row_id, author, content, by, author_sig, signer, sig)
            found = self._seen[key] = not why
            if why:
                self._refuse(table, row_id, why)
        return int(found)

    # -- digests (row_digests): what each write transaction changed in the signed rows of each file ------------
    def add(self, label: str, sig: bytes | None) -> None:
        if sig is not None:
            row_digests.add(self.delta, {label: (1, row_digests.part(sig))})

    def drop(self, label: str, sig: bytes | None) -> None:
        if sig is not None:
            row_digests.add(self.delta, {label: (-1, -row_digests.part(sig))})

    def reset(self) -> None:
        """A rolled-back transaction: what it changed is gone."""
        self.delta = {}

    def before_commit(self, store: Any) -> None:
        """Record this transaction's changes of the files' digests in a signed entry of it (`store`: the
        SQLiteStore committing, its caller the acting member)."""
        changes = {k: v for k, v in self.delta.items() if v != (0, 0)}
        self.delta = {}
        signer = store.audit_signer
        if not changes or not self.labels_enforced or signer is None or signer.member != store.caller.user:
            return
        from graph.model import now_iso
        from graph.stores.records import canonical_json
        store._append_audit([(now_iso(), store.caller.user, row_digests.ACTION,
                              canonical_json(row_digests.details(changes)))])

    def check_digests(self, labels: Iterable[str]) -> None:
        """Compare the digests of the files of `labels` (held, attached) with what the signed log recorded, once a
        session: a mismatch is a signed row deleted, put back or added outside Knooppunt (a warning)."""
        todo = [label for label in labels if label not in self.digests_checked]
        if not todo or not self.labels_enforced:
            return
        self.digests_checked.update(todo)
        wanted = row_digests.expected(self.store.conn, self.project_id)
        row_digests.add(wanted, self.delta)  # this transaction's own changes, not recorded yet
        for label in todo:
            message = self.digest_problem(label, wanted)
            if message and message not in self.warnings:
                self.warnings.append(message)

    def digest_problem(self, label: str, wanted: dict[str, tuple[int, int]]) -> str:
        schema = self.store.held.get(label)
        if schema is None:
            return ""
        holds = row_digests.actual(self.store.conn, schema, SIGNED, sig_table(schema))
        recorded = wanted.get(label, (0, 0))
        return "" if holds == recorded else row_digests.mismatch_message(label, holds[0], recorded[0])

    def accept_digest(self, store: Any, label: str) -> None:
        """An owner keeps a label file put back from a backup (`GuardedStore.accept_label_file`): its signed rows
        as they are become the ones expected -- a signed entry records the change from what the log said."""
        schema = self.store.held.get(label)
        if schema is None or not self.labels_enforced:
            return
        holds = row_digests.actual(self.store.conn, schema, SIGNED, sig_table(schema))
        count, total = row_digests.expected(self.store.conn, self.project_id, everything=True).get(label, (0, 0))
        if holds != (count, total):
            store.audit(row_digests.ACTION, **row_digests.details({label: (holds[0] - count, holds[1] - total)}))

    def _refuse(self, table: str, row_id: str, why: str) -> None:
        if (table, row_id) in self.refused:
            return
        self.refused[(table, row_id)] = why
        message = refused_message(table, row_id, why)
        if message not in self.warnings:
            self.warnings.append(message)

    def _key(self, member: str) -> str | None:
        """A member's signing key: the members table's, else (a member since removed) the one the owner-signed
        `member add` entries give (a scan of the log, once a session, only when such a signer turns up)."""
        found = self._keys.get(member)
        if found is None and member not in self._roles:
            if self._all_keys is None:
                self._all_keys = generations.signing_keys(self.store.conn, self.project_id)
            found = self._all_keys.get(member)
        return found

    def problem(self, table: str, row_id: str, author: str | None, content: str, by: str | None,
                author_sig: bytes | None, signer: str | None, sig: bytes | None) -> str:
        """Why a row does not count ('' when it does); `table` is `signed_name`'s (`notes@confidential`)."""
        if sig is None or signer is None:
            return "not signed"
        key = self._key(signer)
        if key is None or not signing.verifies(bytes.fromhex(key), bytes(sig),
                                               _message("", self.project_id, table, row_id, content)):
            return f"the signature of {signer!r} does not match the row"
        if SIGNED.get(table.split("@")[0]) is None:
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
        by_key = self._key(signed_by)
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
        if s is None or not signed_setting(key):
            return
        old = self.store.conn.execute(f"SELECT sig FROM {TABLE} WHERE tbl = 'settings' AND id = ?", (key,)).fetchone()
        if old is not None:
            self.drop("open", old[0])
        sig = s.key.sign(_message("", self.project_id, "settings", key, value))
        self.store.conn.execute(
            f"INSERT INTO {TABLE}(tbl, id, signer, sig) VALUES('settings', ?, ?, ?) ON CONFLICT(tbl, id) DO UPDATE "
            "SET signer = excluded.signer, sig = excluded.sig", (key, s.member, sig))
        self.add("open", bytes(sig))

    def setting_gone(self, key: str) -> None:
        """A checked setting deleted from the main file (by Knooppunt): its signature goes with it."""
        old = self.store.conn.execute(f"SELECT sig FROM {TABLE} WHERE tbl = 'settings' AND id = ?", (key,)).fetchone()
        if old is not None:
            self.drop("open", old[0])
            self.store.conn.execute(f"DELETE FROM {TABLE} WHERE tbl = 'settings' AND id = ?", (key,))

    def settings(self, found: dict[str, str]) -> dict[str, str]:
        """`found` (main-file settings) without the checked ones whose signature does not hold: read as absent --
        an alias or a rejected pair not shown hides nothing, a chart not shown is reported."""
        level = signing.LABEL_ROWS if self.labels_enforced else 1
        checked = [k for k in found if signed_setting(k, level)]
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
        if key in OWNER_SETTINGS or key.startswith(OWNER_SETTINGS[-1]):
            if self._roles.get(signer) != "owner":
                return f"changed by {signer!r}, who is not an owner"
            return ""
        if key.startswith(AUTOSAVE):
            return "" if key[len(AUTOSAVE):] == signer else f"changed by {signer!r}, not by its member"
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
    where = _CHECKED_WHERE + (_LEVEL2_WHERE if signing.rows_level(conn) >= signing.LABEL_ROWS else [])
    parts.append(f"(SELECT count(*) FROM main.settings x WHERE ({' OR '.join(where)}) AND NOT EXISTS("
                 f"SELECT 1 FROM {TABLE} s WHERE s.tbl = 'settings' AND s.id = x.key))")
    return int(conn.execute("SELECT " + " + ".join(parts)).fetchone()[0])


_CHECKED_WHERE = [f"substr(x.key, 1, {len(p)}) = '{p}'" for p in CHECKED_SETTINGS]
_LEVEL2_WHERE = [f"substr(x.key, 1, {len(p)}) = '{p}'" for p in PREFIXES_LEVEL2] + [
    f"x.key IN ({', '.join(repr(k) for k in sorted(SETTINGS_LEVEL2))})"]


def refused_message(table: str, row_id: str, why: str) -> str:
    base, _, label = table.partition("@")
    where = f"the file for label {label}" if label else "the main file"
    return (f"a row of {base} in {where} ({row_id}) is not shown: {why} (written outside Knooppunt?); "
            "`knooppunt audit verify` lists such rows")


def sign_present(store: Any, check: RowCheck) -> None:
    """Sign the checked settings a new project's store wrote before its row check was attached (created_at)."""
    with store.transaction():
        for key, value in store.conn.execute("SELECT key, value FROM main.settings").fetchall():
            if signed_setting(str(key)):
                check.sign_setting(str(key), str(value))


def check_of(store: Any) -> RowCheck | None:
    """The session's row check on a SQLiteStore (None: a plain or unpartitioned store, or one opened raw)."""
    found = store.__dict__.get("row_check")
    return found if isinstance(found, RowCheck) else None


def attach(store: Any, project_id: str, warnings: list[str]) -> RowCheck:
    """Sign and check this session's main-file rows (an encrypted, partitioned project)."""
    check = RowCheck(store, project_id, warnings)
    store.__dict__["row_check"] = check
    return check


def _name_sql(table: str, schema: str, alias: str) -> str:
    """In SQL: `signed_name` of a row of `table` in `schema`."""
    return f"'{table}'" if schema == "main" else f"'{table}@' || {alias}.label"


def checked_sql(table: str, columns: list[str], schema: str, signed_here: bool = True) -> tuple[str, str]:
    """(join, condition) that keep only the rows of `schema`'s `table` (alias x) whose signatures hold; without a
    signatures' table in the file (`signed_here` False: an earlier Knooppunt's label file) every row is unsigned."""
    who = SIGNED.get(table)
    author = f"x.{who}" if who else "NULL"
    if signed_here:
        join = f" LEFT JOIN {schema}.{sig_table(schema)} s ON s.tbl = '{table}' AND s.id = x.id"
        sigs = "s.author, s.author_sig, s.signer, s.sig"
    else:
        join, sigs = "", "NULL, NULL, NULL, NULL"
    return join, (f"knp_row_ok({_name_sql(table, schema, 'x')}, x.id, {author}, "
                  f"{content_sql(table, columns, 'x')}, {sigs})")


def view_part(table: str, columns: list[str], where: str, schema: str = "main", signed_here: bool = True) -> str:
    """One file's part of a side table's view: only rows whose signatures hold (`RowCheck.ok`)."""
    names = ", ".join(f"x.{c}" for c in columns)
    join, ok = checked_sql(table, columns, schema, signed_here)
    return f"SELECT {names} FROM {schema}.{table}__{schema} x{join} WHERE {where} AND {ok}"


def _label_sql(schema: str, alias: str) -> str:
    return "'open'" if schema == "main" else f"{alias}.label"


def drop_sql(table: str, when: str, schema: str = "main") -> str:
    """In a TEMP trigger: take the signature of the row OLD away from its file's digest (`row_digests`)."""
    return (f"SELECT knp_row_drop({_label_sql(schema, 'OLD')}, (SELECT sig FROM {sig_table(schema)} WHERE "
            f"tbl = '{table}' AND id = OLD.id)) WHERE {when}; ")


def write_sql(table: str, columns: list[str], when: str, schema: str = "main", update: bool = False) -> str:
    """In a TEMP trigger: sign the row NEW just wrote to `schema`'s file (kept: the author's signature of an
    edit by someone else), and count the change in the file's digest (`update`: the old row's signature out)."""
    who = SIGNED.get(table)
    author = f"NEW.{who}" if who else "NULL"
    name = _name_sql(table, schema, "NEW")
    old = drop_sql(table, when.replace("NEW.", "OLD."), schema) if update else ""
    return old + (f"INSERT INTO {sig_table(schema)}(tbl, id, author, author_sig, signer, sig) SELECT '{table}', "
            "NEW.id, "
            f"knp_row_signer(), knp_row_author({name}, NEW.id, {author}), knp_row_signer(), "
            f"knp_row_sign({name}, NEW.id, {content_sql(table, columns, 'NEW')}) WHERE {when} "
            "ON CONFLICT(tbl, id) DO UPDATE SET signer = excluded.signer, sig = excluded.sig, "
            "author = CASE WHEN excluded.author_sig IS NULL THEN author ELSE excluded.author END, "
            "author_sig = coalesce(excluded.author_sig, author_sig); "
            f"SELECT knp_row_add({_label_sql(schema, 'NEW')}, (SELECT sig FROM {sig_table(schema)} WHERE "
            f"tbl = '{table}' AND id = NEW.id)) WHERE {when}; ")


def _columns(conn: Any, table: str, schema: str = "main") -> list[str]:
    return [str(r[1]) for r in conn.execute(f"PRAGMA {schema}.table_info({table}__{schema})")]


def _label_schemas(store: Any) -> dict[str, str]:
    """Schema -> label of each label file this connection holds (not the main file)."""
    return {schema: label for label, schema in store.held.items() if schema != "main"}


def due(store: Any, check: RowCheck) -> int:
    """The level an owner's open carries the project's rows to (0: nothing to do): the label files' rows only when
    the owner holds the key of every label (a file they cannot open they cannot sign)."""
    from graph.model import SECURITY_LABELS
    level = signing.rows_level(store.conn)
    want = signing.LABEL_ROWS if set(SECURITY_LABELS) <= set(store.held) else 1
    return want if want > level else 0


def _forget_routes(conn: Any) -> None:
    """Drop the TEMP views and triggers of the signed tables: the next `side_tables.prepare` makes them again,
    signing and checking in the label files whose signatures' table is now there."""
    for table in SIGNED:
        for kind in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER IF EXISTS temp.side_{table}_{kind}")
        conn.execute(f"DROP VIEW IF EXISTS temp.{table}")


def _carry_rows(conn: Any, check: RowCheck, signer: Any, schema: str) -> int:
    """Sign every row of the signed tables in one file as carried over by `signer` (an owner)."""
    count = 0
    present = {str(r[0]) for r in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")}
    for table, who in SIGNED.items():
        if f"{table}__{schema}" not in present:
            continue
        columns = _columns(conn, table, schema)
        rows = conn.execute(f"SELECT x.id, {f'x.{who}' if who else 'NULL'}, x.label, "
                            f"{content_sql(table, columns, 'x')} FROM {schema}.{table}__{schema} x").fetchall()
        for row_id, author, label, content in rows:
            name = table if schema == "main" else signed_name(table, str(label))
            author_sig = None if author is None else signer.key.sign(
                _message(" " + CARRIED, check.project_id, name, row_id, author))
            conn.execute(f"INSERT OR REPLACE INTO {schema}.{sig_table(schema)}(tbl, id, author, author_sig, signer, "
                         "sig) VALUES(?,?,?,?,?,?)",
                         (table, row_id, None if author is None else signer.member, author_sig, signer.member,
                          signer.key.sign(_message("", check.project_id, name, row_id, content))))
            count += 1
    return count


def carry_over(store: Any, check: RowCheck, prepare: Callable[[], None], level: int = 1) -> int:
    """An owner's first open of a project whose rows are not signed yet (up to `level`, see `due`): sign each as
    carried over (in their name), set the mark and sign the members table with it. Returns the number of rows signed.

    `prepare` makes the signed tables in every held file first (`side_tables.prepare` of their modules' DDL), which
    moves the rows an earlier Knooppunt kept in the main file's own tables to where they are read."""
    signer = store.audit_signer
    conn = store.conn
    before = signing.rows_level(conn)
    labels = _label_schemas(store) if level >= signing.LABEL_ROWS else {}
    if labels:
        if not conn.in_transaction:
            conn.attach_deferred()
        with store.transaction():
            for schema in labels:
                install_in(conn, schema)
        _forget_routes(conn)
    prepare()
    count = 0
    with store.transaction():
        if before < 1:
            count += _carry_rows(conn, check, signer, "main")
        for key, value in conn.execute("SELECT key, value FROM main.settings").fetchall():
            if signed_setting(str(key), level) and (before < 1 or not signed_setting(str(key), before)):
                check.sign_setting(str(key), str(value))  # (an autosaved chart: read as not saved, nothing lost)
                count += 1
        for schema in labels:
            count += _carry_rows(conn, check, signer, schema)
        check.delta = {}  # the settings just signed: in the digests below, whole
        if labels:  # from now on each write records what it changed (row_digests): the start, every file's whole
            store.audit(row_digests.ACTION, **row_digests.details(
                {label: row_digests.actual(conn, schema, SIGNED, sig_table(schema))
                 for label, schema in store.held.items()}))
        conn.execute("INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                     "excluded.value", (FLAG, str(level)))
        signing.sign_members(conn, signer)
        store.audit("rows signed", rows=count, **({"labels": sorted(labels.values())} if labels else {}))
    check.refresh()
    return count


def verify(store: Any, check: RowCheck) -> list[str]:
    """Every row of a held file that does not count, for `audit verify` (reads every signed table's rows)."""
    conn = store.conn
    check.refresh()
    if not check.enforced:
        return []
    if not conn.in_transaction:
        conn.attach_deferred()
    out: list[str] = []
    files = {"main": "open", **(_label_schemas(store) if check.labels_enforced else {})}
    for schema, label in files.items():
        present = {str(r[0]) for r in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")}
        signed_here = sig_table(schema) in present
        for table, who in SIGNED.items():
            if f"{table}__{schema}" not in present:
                continue
            columns = _columns(conn, table, schema)
            join = (f"LEFT JOIN {schema}.{sig_table(schema)} s ON s.tbl = '{table}' AND s.id = x.id" if signed_here
                    else "LEFT JOIN (SELECT NULL AS author, NULL AS author_sig, NULL AS signer, NULL AS sig) s")
            where = "x.label = 'open'" if schema == "main" else "x.label = ?"
            rows = conn.execute(
                f"SELECT x.id, {f'x.{who}' if who else 'NULL'}, {content_sql(table, columns, 'x')}, s.author, "
                f"s.author_sig, s.signer, s.sig FROM {schema}.{table}__{schema} x {join} WHERE {where} ORDER BY x.id",
                () if schema == "main" else (label,)).fetchall()
            name = signed_name(table, label)
            for row_id, author, content, by, author_sig, signer, sig in rows:
                why = check.problem(name, row_id, author, content, by, author_sig, signer, sig)
                if why:
                    out.append(refused_message(name, row_id, why))
    if check.labels_enforced:  # a signed row deleted or put back: each file against the whole log's changes
        wanted = row_digests.expected(conn, check.project_id, everything=True)
        out += [m for m in (check.digest_problem(label, wanted) for label in store.held) if m]
    sigs = {str(r[0]): (r[1], r[2])
            for r in conn.execute(f"SELECT id, signer, sig FROM {TABLE} WHERE tbl = 'settings'")}
    level = signing.LABEL_ROWS if check.labels_enforced else 1
    for key, value in conn.execute("SELECT key, value FROM main.settings ORDER BY key").fetchall():
        if signed_setting(str(key), level):
            why = check.setting_problem(str(key), str(value), *sigs.get(str(key), (None, None)))
            if why:
                out.append(refused_message("settings", str(key), why))
    return out
