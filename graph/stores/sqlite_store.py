"""The embedded store: one project = one SQLite file (WAL, FTS5), no server needed.

Partitioned (encrypted projects, issue 11): the records of each security label live in
their own SQLCipher file under their own key -- `open` in the main file `name.knp`
(beside settings, members and the audit log), the others in `name.knp.<label>` -- and
the files of the labels a member holds keys for are checked at open and ATTACHed at the
first statement that reads records (`_Connection`); a search leaves out (and does not attach) a label file
whose summary says it cannot hit (`graph.stores.file_summary`). Reads go through
TEMP views that UNION ALL the attached partitions (so every query, count, path and
analysis spans what the member can decrypt and nothing else); writes go to the
partition of the record's label (a relation: the highest label of itself and its ends).
Record rids are offset per partition (label index << 40) so FTS rowids stay unique.
Partitioned projects use a rollback journal: SQLite commits a transaction over several
attached files atomically (super-journal) only outside WAL mode.

The file is opened through SQLCipher's binding (`sqlcipher3`): without a key it is a
plain SQLite database; with a key (the access layer supplies it) every page is
encrypted. Temporary tables and sorts stay in memory so nothing leaks to temp files.

Ids are derived from identity by the schema, so an upsert is a lookup by primary key:
no separate identity index is needed to merge, which keeps bulk imports fast.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as sqlite

from graph.errors import KnooppuntError, NotFound, PermissionDenied, ProjectError, SchemaError, ValidationError
from graph.model import SECURITY_LABELS, Entity, Record, Relation, now_iso
from graph.prepared import RelationRows, check_end_types, is_relation_rows
from graph.prepared_entities import EntityRows, is_entity_rows
from graph.schema import Schema, default_schema, format_id, parse_id, type_prefix
from graph.store import GENESIS_HASH, AuditEntry, Caller, SourceRecord, Statement, UpsertStats, entry_hash
from graph.stores import captions, file_summary, lean_writes, sealed_ids
from graph.stores.fresh import FreshKeys
from graph.stores.lean import (
    CLAIMS,
    CODED_FORMAT,
    FINE_FORMAT,
    FORMAT,
    KEYLESS_FORMAT,
    LABEL_CODE,
    LEAN_FORMAT,
    ROWS,
    SAID_COLS,
    SLICED_FORMAT,
    SRC_COLS,
    TRIGGERLESS_FORMAT,
    TYPE_CODE,
    TYPE_OF_CODE,
    VIEWLESS_FORMAT,
    coded_tables,
    drop_triggers_sql,
    drop_views_sql,
    entity_type_name,
    entity_type_values,
    lean_ddl,
    lean_select,
    record_views,
    ref_column,
    resplit_sql,
    said_key,
    split_ref,
    upgrade_sql,
)
from graph.stores.records import (
    META_FIELDS,
    RECORD_MARK,
    SEARCH_CANDIDATES,
    Fold,
    StatementRow,
    batched,
    canonical_json,
    edge_attrs,
    file_part,
    fold_statements,
    implied_by_row,
    is_new_source,
    legacy_rows,
    meta_kwargs,
    meta_values,
    node_attrs,
    props_column,
    props_of,
    props_text,
    rank_hits,
    stored_props,
    stored_props_column,
)
from graph.stores.written import WrittenEntities
from graph.text import fold

if TYPE_CHECKING:
    import networkx as nx  # loaded where a graph is built: the CLI starts without it


def _as_is(value: bytes | None) -> bytes | None:
    """The adapter of None and bytes: the value itself, bound as NULL or a BLOB as before (see below)."""
    return value


# The driver binds a parameter that is not an int, float, str or bytearray only after looking for an adapter:
# for None or bytes, without one registered, it fails to find `__adapt__` and `__conform__` (two AttributeErrors
# made and dropped), ~1.3-1.8 us a parameter -- a third of the time a bulk import's relation row took to bind,
# with its two NULL validity dates, and as much again for an entity's compressed props (issue 18;
# tests/core/test_bind_adapters.py). Found in the registry, it costs a call.
sqlite.register_adapter(type(None), _as_is)
sqlite.register_adapter(bytes, _as_is)

# 1: every statement stored. 2: a record only one source ever spoke of keeps its statements
# implicit in its own row (derived by `legacy_rows` when read or when a second source speaks),
# and a row never updated stores no updated_by/at. 3: format 2 in lean rows (graph.stores.lean):
# who said it when interned per partition, no identity text. 4: format 3 without the INSTEAD OF
# triggers on its views (the store writes the rows, graph.stores.lean_writes). 5: format 4 with
# a reference split at its first '/' after the ':' too (graph.stores.lean.split_ref). 6: format 5
# with no record views in the file (read through graph.stores.lean.lean_select). 7: format 6 whose rows
# may hold props in codec 2 (graph.stores.records: no key names, no caption twice) and a reference's number as
# an integer (graph.stores.lean.ref_column). 8: format 7 whose rows may hold props in codec 3 (no text that
# stands in the caption). 9: format 8 whose relation rows may hold type codes and interned props (`rprops`).
# 10: format 9 whose entity rows may hold type codes (graph.stores.lean.entity_type_values).
# Format 1 projects open and keep format 1; a format 2 to 9 file (or partition) is upgraded to 10 when opened (one
# transaction).
SCHEMA_VERSION = FORMAT
SIDE_TABLES_NATIVE = "side_tables_native"  # in a label file made with its side tables (graph.access.side_tables)
APPLICATION_ID = 0x4B4E5050  # "KNPP": marks the file as a Knooppunt project
BATCH = 5000
BULK_MIN = 50_000  # a load of fewer records keeps its indexes up to date as it goes
BULK_CACHE_KIB = 32_768  # page cache during a bulk load (256 MiB otherwise): keeps a large import's memory flat
# (64 MiB before the case import's mapping child: with the child beside it, 32 MiB kept a wide 1M-row import
# ~30 MiB lower at the same CPU, bench_bulk)
REBUILD_CACHE_KIB = 16_384  # page cache (and in-memory sort) while the indexes are rebuilt: keeps the end's peak low
WRITTEN_MAX = 200_000  # entities remembered per transaction for the relations that follow (~200 B each)
WRITTEN_KEPT = 4_000_000  # ... and then folded into arrays (10 B each, graph.stores.written)
# A record that many sources name (a trust office's address stated by thousands of profiles) keeps its
# statements in memory for the transaction, so a load does not read them back for every batch; at most
# MEMO_MAX statement rows (~250 B each) are kept, and only those of records with at least MEMO_MIN.
MEMO_MIN = 64
MEMO_MAX = 200_000
BULK_REBUILD = 0.5  # ... and so does one of less than half the records a partition holds
# A label file of at most this many entities (relations) keeps their keys (the keys they start or end at) in
# memory while it is unchanged (~100 B a key), so that `neighbours` asks it only about keys it holds.
KEYS_KEPT = 20_000
KEYS_PER_ASKED = 16  # ... and at most this many rows per key asked (reading them costs about what asking did)
KEYS_READ_PER_RECORD = 2  # a load reads the stored keys (not looking each up) into partitions of at most 2x its size
BUSY_TIMEOUT_MS = 30_000
# Read events whose audit entry may wait (in memory, in order) while another connection writes.
DEFERRABLE_AUDIT = frozenset({"search", "view", "load graph", "analyse"})
_META_COLS = META_FIELDS

MAIN_DDL = """
CREATE TABLE IF NOT EXISTS main.settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Append-only, hash-chained: each entry's hash covers the previous entry's hash.
CREATE TABLE IF NOT EXISTS main.audit(
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)
"""
# The record tables: once in the main file, once in each partition file ({s} = schema).
# Sources beyond the first, statements and the full-text index: the same in every format.
# The index keeps a prefix index for one-letter prefixes only (issue 18; projects made before keep
# '1 2 3'): KvK 100k, 310k records, interleaved (bench_kvk_disk QUERIES): '1 2 3' takes 127 B/record,
# '1' 78, none 48; without '1' a word with a one-letter prefix ("kerkstraat 4", "b.v.") took 2-7x as
# long, without '2 3' a two- or three-letter prefix 0-35% longer, the rest the same. Without word positions
# (detail=none: a search only ANDs one-token prefixes) it took 34 B/record instead of 68, but FTS5 reads a
# prefix's rows slower then: KvK 30k profiles, CPU ms, 2-4+ letters 19-39% and a word with a short one 114%
# longer (format 7 was tried with it and kept detail=full).
COMMON_DDL = """
-- Sources beyond the first (which the record's own row holds).
CREATE TABLE IF NOT EXISTS {s}.provenance(
  record_id INTEGER NOT NULL, source TEXT NOT NULL, reference TEXT NOT NULL,
  received TEXT, reliability TEXT, credibility TEXT, added_by TEXT, added_at TEXT,
  PRIMARY KEY(record_id, source, reference)) WITHOUT ROWID;
-- What each source said (issue 19): one row per value per source, in the partition of the
-- higher of its own label and its record's, and the record's row holds the view derived from them.
CREATE TABLE IF NOT EXISTS {s}.statements(
  record_id INTEGER NOT NULL, prop TEXT NOT NULL, value TEXT NOT NULL, source TEXT NOT NULL,
  reference TEXT NOT NULL, received TEXT, reliability TEXT, credibility TEXT, label TEXT NOT NULL,
  added_by TEXT, added_at TEXT,
  PRIMARY KEY(record_id, prop, value, source, reference)) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS {s}.entity_search USING fts5(
  text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2',
  prefix='1')
"""
# Formats 1 and 2: every record's metadata as text in its own row (files made before format 3; the
# upgrade reads these tables, nothing creates them any more).
WIDE_DDL = """
CREATE TABLE IF NOT EXISTS {s}.entities(
  rid INTEGER PRIMARY KEY,          -- insertion order: keeps the full-text index compact
  key INTEGER NOT NULL UNIQUE,      -- the record id's number, derived from identity
  type TEXT NOT NULL,
  caption TEXT NOT NULL,
  props TEXT NOT NULL,
  identity TEXT,
  source TEXT, source_ref TEXT, received TEXT, reliability TEXT, credibility TEXT,
  valid_from TEXT, valid_to TEXT, label TEXT NOT NULL DEFAULT 'open',
  created_by TEXT, created_at TEXT, updated_by TEXT, updated_at TEXT);
CREATE INDEX IF NOT EXISTS {s}.entities_type ON entities(type);
CREATE INDEX IF NOT EXISTS {s}.entities_identity ON entities(identity) WHERE identity IS NOT NULL;
CREATE TABLE IF NOT EXISTS {s}.relations(
  rid INTEGER PRIMARY KEY,
  key INTEGER NOT NULL UNIQUE,
  type TEXT NOT NULL,
  src INTEGER NOT NULL,
  dst INTEGER NOT NULL,
  src_type TEXT NOT NULL,
  dst_type TEXT NOT NULL,
  props TEXT NOT NULL,
  source TEXT, source_ref TEXT, received TEXT, reliability TEXT, credibility TEXT,
  valid_from TEXT, valid_to TEXT, label TEXT NOT NULL DEFAULT 'open',
  created_by TEXT, created_at TEXT, updated_by TEXT, updated_at TEXT);
CREATE INDEX IF NOT EXISTS {s}.relations_src ON relations(src);
CREATE INDEX IF NOT EXISTS {s}.relations_dst ON relations(dst);
CREATE INDEX IF NOT EXISTS {s}.relations_type ON relations(type)
"""
RECORD_TABLES = ("entities", "relations", "provenance", "statements")
STATEMENT_COLS = ("prop", "value", "source", "reference", "received", "reliability", "credibility", "label",
                  "added_by", "added_at")
# The size of a full-text index leaf in an encrypted file (FTS5's `pgsz`; 4050 by default, for a plain file's 4096-byte
# page). SQLCipher keeps 80 bytes of each page (IV and HMAC), so a row of 4050 bytes did not fit in a page (at most
# 4016 - 35 bytes of a row stay in it): each leaf took one page and most of another, 479 bytes in one and the
# rest in an overflow page. 3936 (+ a few bytes a leaf may run over, + its row header) fits: KvK 10,000
# profiles, encrypted, 237.7 -> 232.9 B/record; a plain file keeps the default (3936 there: +1.6 B/record).
FTS_PAGE_ENCRYPTED = 3936
FTS_DDL = COMMON_DDL[COMMON_DDL.index("CREATE VIRTUAL TABLE"):]  # format 3 has its own claim tables
STATEMENTS_DDL = COMMON_DDL[COMMON_DDL.index("CREATE TABLE IF NOT EXISTS {s}.statements"):
                            COMMON_DDL.index("CREATE VIRTUAL TABLE")]
_OWN = {"entities": ("rid", "key", "type", "caption", "props", "identity"),
        "relations": ("rid", "key", "type", "src", "dst", "src_type", "dst_type", "props")}
# Each label file's write generation (one row): advanced by every write transaction that changed the file,
# the new number recorded in a signed audit entry (`SQLiteStore._advance_generations`).
GENERATION_DDL = "CREATE TABLE IF NOT EXISTS {s}.generation(n INTEGER NOT NULL)"
GENERATIONS_ACTION = "label files written"
RID_SHIFT = 40  # a partition's rids start at (label index << RID_SHIFT)
_UPGRADED = (2, LEAN_FORMAT, TRIGGERLESS_FORMAT, FINE_FORMAT, VIEWLESS_FORMAT, KEYLESS_FORMAT,
             SLICED_FORMAT, CODED_FORMAT)  # upgraded when opened
# "none" while every write of records came from a connection holding every label key: only a
# writer who cannot see a higher partition can add a twin (see `SQLiteStore._define_views`).
# Still written and cleared for an earlier Knooppunt that opens the project, which skipped the
# search for twins on it; this one no longer reads it: it is in the main file, which every member
# can write, so it cannot tell a reader to skip looking (README, Security).
TWINS_SETTING = "storage.twins"
NO_TWINS = "none"


@functools.cache
def schema_of(label: str) -> str:
    """The attached schema name of a label's partition (`open` is the main file)."""
    return "main" if label == SECURITY_LABELS[0] else "p_" + "".join(c if c.isalnum() else "_" for c in label)


@functools.lru_cache(maxsize=256)
def partition_file(path: Path, label: str) -> Path:
    """The file holding a label's records: the project file itself for `open`. (Kept per path and label: an
    open and its first read name each file three times, at 3-5 us a pathlib name.)"""
    if label == SECURITY_LABELS[0]:
        return path
    return path.with_name(f"{path.name}.{label.replace('/', '-')}")


def label_rank(label: str) -> int:
    return SECURITY_LABELS.index(label) if label in SECURITY_LABELS else len(SECURITY_LABELS)


def _sql_key(key: bytes) -> str:
    return f"\"x'{key.hex()}'\""



def _meta_select(alias: str) -> str:
    """The META_FIELDS columns as read: a row never updated stores no updated_by/at (format 2),
    they are its created_by/at."""
    cols = {c: f"{alias}.{c}" for c in _META_COLS}
    for c in ("by", "at"):
        cols[f"updated_{c}"] = f"coalesce({alias}.updated_{c}, {alias}.created_{c})"
    return ", ".join(cols.values())


_ENTITY_SELECT = ("SELECT e.key, e.type, e.caption, e.props, e.identity, "
                  + _meta_select("e") + ", e.rid FROM entities e")
_RELATION_SELECT = ("SELECT r.key, r.type, r.src, r.dst, r.src_type, r.dst_type, r.props, "
                    + _meta_select("r") + ", r.rid FROM relations r")
_ENTITY_PROPS = 3  # where an entity row read by _ENTITY_SELECT holds its props (its caption just before)
_ROWID = 5 + len(_META_COLS)  # where an entity row read by _ENTITY_SELECT holds its rid
_REL_ROWID = 7 + len(_META_COLS)  # where a relation row read by _RELATION_SELECT holds its rid
_IN = " IN (SELECT value FROM json_each(?))"
_LEAN_ENTITY_COLS = "rid, key, type, caption, props, said, ref, valid_from, valid_to, label"
_LEAN_RELATION_COLS = "rid, key, type, src, dst, src_type, dst_type, props, said, ref, valid_from, valid_to, label"
_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")  # a rollback journal that may still be hot
_PAGE = 2000  # rows per statement for lazy readers of a partitioned project

if TYPE_CHECKING:
    import networkx as nx  # loaded where a graph is built: the CLI starts without it


def _keys(ids: Iterable[str]) -> list[int]:
    """Integer keys of well-formed ids; malformed ids cannot name a record and are skipped."""
    out = []
    for i in ids:
        try:
            out.append(parse_id(i))
        except ValidationError:
            continue
    return out


def _key(record_id: str, kind: str) -> int:
    try:
        return parse_id(record_id)
    except ValidationError:
        raise NotFound(f"no {kind} {record_id!r} in the project") from None


# what records held before a batch, per record key: (prop, value, source, reference) -> its row
StoredStatements = dict[int, dict[tuple[str, ...], StatementRow]]


@dataclass(slots=True)
class _KeptKeys:
    """The keys a label file holds of a table (`SQLiteStore._file_keys`), as of `seen`."""

    seen: tuple[int, int]  # (the file's data_version, the connection's total_changes) when read
    span: int  # its rid range: at most this many rows
    keys: frozenset[int] | None = None  # read when first wanted (`KEYS_PER_ASKED`)


@dataclass(slots=True)
class _Shadows:
    """How the views hide twins (see `SQLiteStore._define_views`); shared with with_caller()
    clones, which share the connection and so its views."""

    schemas: list[str]  # the attached schemas, lowest label first
    ready: bool = False  # twins found once (or none can exist): the views use the temp tables below
    found: dict[tuple[str, str], bool] = field(default_factory=dict)  # (table, schema) -> has twins


class _StatementMemo:
    """The stored statements of records that many sources name, kept for one transaction (MEMO_MIN).

    Only the store writes statements, all through `_write_statements`, which tells the memo what
    each fold wrote and deleted: the memo stays what the tables hold. The end of the transaction
    (commit or rollback) and a delete forget it.
    """

    __slots__ = ("rows", "size")

    def __init__(self) -> None:
        self.rows: StoredStatements = {}
        self.size = 0

    def clear(self) -> None:
        self.rows.clear()
        self.size = 0

    def after(self, key: int, before: dict[tuple[str, ...], StatementRow] | None, sf: Fold) -> None:
        """Record `key`'s statements once `sf` is written over `before` (what it held)."""
        had = self.rows.pop(key, None)
        if had is not None:
            self.size -= len(had)
        if len(before or ()) + len(sf.writes) < MEMO_MIN:
            return
        now = had if had is not None and had is before else dict(before or {})  # the memo's own: changed in place
        for ident in sf.deletes:
            now.pop(ident, None)
        now.update(sf.writes)
        if len(now) >= MEMO_MIN and self.size + len(now) <= MEMO_MAX:
            self.rows[key] = now
            self.size += len(now)


@dataclass(slots=True)
class _TxDepth:
    """How deep in `transaction()` the connection is; one per connection, not per caller view."""

    depth: int = 0


# What a statement that may read or write records (or a label file) names; anything else
# (settings, members, audit) touches the main file alone. See `_Connection`.
_RECORD_MARKS = ("entities", "relations", "provenance", "statements", "entity_search", "p_", "integrity_check",
                 "quick_check", "database_list")
# A record table named without a schema (`FROM entities`, not `FROM p_x.entities`): it reads the
# TEMP view over every attached file. Conservative: anything but a dot or a letter before the
# name counts as unqualified, so a view is never missing where one is read.
_UNQUALIFIED = re.compile(r"(?<![\w.])(?:entities|relations|provenance|statements)\b")


def _needs(sql: str) -> tuple[bool, frozenset[str]]:
    """What statement `sql` needs first: the label files attached (it names a record table, a label file's
    schema or a whole-database pragma), and the TEMP views of the record tables it names without a schema.

    Once per statement text (up to 16 KB; a longer one is scanned each time, not kept): the store runs the
    same texts again and again, in every open, and the scan of a long one (a search over four files) was
    10-20 us a statement, on every statement of a session whose views are never all defined (a search
    names each file's tables itself)."""
    return _scan(sql) if len(sql) > 16384 else _scan_cached(sql)


def _scan(sql: str) -> tuple[bool, frozenset[str]]:
    named = frozenset(_UNQUALIFIED.findall(sql)) if any(t in sql for t in RECORD_TABLES) else frozenset()
    return bool(named) or any(mark in sql for mark in _RECORD_MARKS), named


_scan_cached = functools.lru_cache(maxsize=1024)(_scan)


class _Connection(sqlite.Connection):
    """A connection that attaches a partitioned project's label files at the first statement needing them.

    Attaching a file costs a file open and a read of its schema (about 0.5 ms each in format 4,
    half of it parsing the record views; 1.5 ms in format 3, whose INSTEAD OF triggers were three
    quarters of the schema: bench/bench_attach.py), and an open that only checks members, reads the
    audit log or writes its entry needs none of them (`knooppunt members`, `audit`, `unlock`...).
    So `SQLiteStore` leaves `deferred` set, and the first statement naming a record table,
    a label file's schema or a whole-database pragma runs it first; `views` likewise waits
    for the first statement naming a record table without a schema, and defines the views
    it names (a search or a count reads each file by name and needs no view; a record's
    details need `entities` and `statements`, not all four). Every record query names its table, so no
    read ever sees the main file alone as if it were everything. (A bare `cursor()` is not
    hooked -- `execute` itself goes through it -- so the store's own cursors are taken
    inside transactions, which prepare everything first.)
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deferred: Callable[[], None] | None = None  # attach the label files
        # define the TEMP views named (None: all of them) over them; True once all are defined
        self.views: Callable[[frozenset[str] | None], bool] | None = None
        self._running = False
        self._hook_lock = threading.RLock()  # another thread's statement waits until the hook is done
        self._partial: int | None = None  # the thread reading some label files only (`only_attached`)

    def attach_deferred(self, *, views: bool = False) -> None:
        """Run the deferred attach (and with `views` the view definition) now: before a transaction.

        A hook is cleared only once it succeeded: a statement of another thread waits for
        it, the hook's own statements pass, and after a failure (a key that does not open a
        label file) every later record statement fails the same way. Neither runs inside a
        transaction: ATTACH is refused there, and a rollback would take the views back.
        """
        self._run("deferred")
        if views:
            self._run("views")

    def _run(self, name: str, tables: frozenset[str] | None = None) -> None:
        if getattr(self, name) is None:
            return
        with self._hook_lock:
            hook = getattr(self, name)
            if hook is None or self._running:
                return
            if self.in_transaction:  # a caller forgot to attach before its transaction
                raise KnooppuntError(f"internal error: label files prepared ({name}) inside a transaction")
            self._running = True
            try:
                done = hook() if name == "deferred" else hook(tables)
            finally:
                self._running = False
            if done is not False:
                setattr(self, name, None)

    @contextmanager
    def only_attached(self) -> Iterator[None]:
        """This thread's statements read the label files attached so far, and attach no others: a search that
        left some files out by their summaries (`graph.stores.file_summary`) names the others by schema. Another
        thread's statements still attach every file first."""
        outer, self._partial = self._partial, threading.get_ident()
        try:
            yield
        finally:
            self._partial = outer

    def _before(self, sql: str) -> None:
        attach, named = _needs(sql)
        if attach and self.deferred is not None and self._partial != threading.get_ident():
            self._run("deferred")
        if named and self.views is not None:
            self._run("views", named)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        if self.deferred is not None or self.views is not None:
            self._before(sql)
        return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        if self.deferred is not None or self.views is not None:
            self._before(sql)
        return super().executemany(sql, parameters)


def _label_codes(labels: list[str]) -> list[Any]:
    """The label column of new rows: each label's code (a bulk batch mostly has one label: one look-up)."""
    first = labels[0] if labels else "open"
    if labels.count(first) == len(labels):
        return [LABEL_CODE.get(first, first)] * len(labels)
    return [LABEL_CODE.get(label, label) for label in labels]


@functools.cache
def _type_label(type_name: str, label: str) -> tuple[str, str]:
    """One shared (type, label) tuple per pair: `_written` holds one for each entity of a bulk load,
    and 150,000 tuples of their own a chunk pinned memory the import had freed (bench_bulk_memory)."""
    return (type_name, label)


def connect(path: str | Path, key: bytes | None = None, *, journal: str = "WAL") -> _Connection:
    """Open a project database file with the project's pragmas.

    With `key` (32 raw bytes) the file is SQLCipher-encrypted; the key is applied before
    anything is read, as SQLCipher requires. `journal` is WAL for a single file and
    DELETE (rollback journal) for a partitioned project, whose commits span files.
    PERSIST and TRUNCATE keep that all-or-nothing commit too, but save nothing on Linux:
    SQLite closes the journal after every transaction and syncs the folder when it opens it
    again, and resetting the kept journal costs one more sync than deleting it (measured:
    four syncs and an unlink per commit with DELETE, five syncs with either). FULL stays on:
    NORMAL would drop the sync that makes a journal durable before its header says how many
    pages it holds, and a power cut could then roll garbage into a file.
    """
    new = not os.path.exists(path) or os.path.getsize(path) == 0
    conn = sqlite.connect(str(path), isolation_level=None, check_same_thread=False,
                          timeout=BUSY_TIMEOUT_MS / 1000, factory=_Connection)
    if key is not None:
        conn.execute(f"PRAGMA key = {_sql_key(key)}")
    if new:  # before WAL mode writes the file's first page, after which only a VACUUM changes it
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # see SQLiteStore._give_back_pages
    conn.execute("PRAGMA temp_store = MEMORY")
    try:
        conn.execute(f"PRAGMA journal_mode = {journal}").fetchone()
    except sqlite.DatabaseError as exc:
        conn.close()
        raise ProjectError(f"{path}: not a Knooppunt project or wrong key ({exc})") from None
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MiB page cache
    return conn


class SQLiteStore:
    """A project in one SQLite file. See `graph.store.Store` for the contract."""

    def __init__(self, path: str | Path, *, create: bool = False, key: bytes | None = None,
                 caller: Caller | None = None, schema: Schema | None = None,
                 partitions: Mapping[str, bytes] | None = None):
        """Open (or create) a project file.

        `partitions` maps the labels other than `open` whose keys the caller holds to
        those keys: their files are attached (created with `create`). Without it the
        project is one file holding every label (plain projects, internal tools).
        """
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ProjectError(f"{self.path}: no such project file")
        self.schema = schema or default_schema()
        self.caller = caller or Caller()
        self.partitioned = partitions is not None
        if create and not self.path.exists():
            _touch_private(self.path)
        self.conn = connect(self.path, key, journal="DELETE" if self.partitioned else "WAL")
        self._main_encrypted = key is not None  # a label file always is (`_attach`)
        self._tx = _TxDepth()  # shared with with_caller() clones: they share the connection
        self._pending_audit: list[tuple[str, str, str, str]] = []
        # label -> schema of every partition attached (all labels -> main when not partitioned)
        self.format = SCHEMA_VERSION  # the project's storage format (read from the file when it exists)
        self.lean: set[str] = set()  # the attached schemas in format 3 or later (records in lean rows)
        self.fine: set[str] = set()  # ... of them in format 5 or later (references split at the first '/' too)
        self.viewless: set[str] = set()  # ... of them in format 6 (no record views: read through `_src`)
        self.coded: set[str] = set()  # ... of them in format 9 (relation rows with type codes, `rprops`)
        self.typed: set[str] = set()  # ... of them in format 10 (entity rows with type codes)
        self._rprops: dict[tuple[str, str | bytes], int] = {}  # (schema, stored props) -> rprops id, as `_said`
        self._viewed: set[str] = set()  # the TEMP record views defined on this connection (`_define_views`)
        self._said: dict[tuple[str, tuple[str, ...]], int] = {}  # (schema, said values) -> id, this transaction
        self._written = WrittenEntities(WRITTEN_MAX, WRITTEN_KEPT)  # key -> (type, label) written in this transaction
        self._memo = _StatementMemo()  # the stored statements of hub records, this transaction
        self._fresh = FreshKeys()  # during a load into empty partitions: the keys it wrote (the rest are new)
        self._label_keys = dict(partitions or {})  # for the ids above `open` an audit entry names (sealed_ids)
        self._ciphers: dict[str, Any] = {}
        # label -> (its file's first page, the summary read or made for it: None when none opens) (`_summary`)
        self._summaries: dict[str, tuple[bytes, file_summary.Summary | None]] = {}
        self._summary_ciphers: dict[str, Any] = {}
        self._checked: set[str] = {"main"}  # the schemas attached and checked (`_check_attached`)
        self._kept_keys: dict[tuple[str, str], _KeptKeys] = {}  # (label schema, table) -> `_file_keys`
        self._gone: dict[str, str] = {}  # id -> label of records deleted in this transaction, for its entry
        self.held: dict[str, str] = ({SECURITY_LABELS[0]: "main"} if self.partitioned
                                     else dict.fromkeys(SECURITY_LABELS, "main"))
        try:
            self._init_db(create)
            self._creating = create
            self._made: set[str] = set()  # label files made by this open (`_attach` sets them up)
            self._deferred = self._check_partitions(partitions or {}, create)
            self._unchecked: list[str] = []  # label files attached and not yet checked (`_check_attached`)
            # One read of the settings an open needs: the captions' rules hashes.
            opened = dict(self.conn.execute("SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?",
                                            (len(captions.PREFIX), captions.PREFIX)).fetchall())
            if len(set(self.held.values())) > 1:
                # in label order, lowest first. The twins are looked for at every open, whatever the main file's
                # mark says: a member holding the `open` key can set it back after a twin was made (or make one
                # with sqlcipher3 without clearing it), and the records are not signed (README, Security)
                self._shadows = _Shadows(list(dict.fromkeys(self.held.values())))
            self.conn.deferred = self._attach_partitions
            if self.__dict__.get("_shadows") is not None or "main" in self.viewless:
                self.conn.views = self._define_views
            # One listing of the folder per open (it may be a large one): with no super-journal beside
            # the project, one appearing from now on is a live writer's, never an orphan to judge.
            left_behind = self._super_journals()
            if create or left_behind:
                self.conn.attach_deferred()
            if left_behind:
                self._drop_orphan_super_journals()
            captions.refresh(self, opened)  # stored names follow the schema's name rules (once per change)
        except BaseException:
            self.conn.close()
            raise
        self._set_clearance_sql()

    # -- set-up ---------------------------------------------------------------------------
    def _init_db(self, create: bool) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables, views = self.conn.execute("SELECT count(*), count(*) FILTER (WHERE type = 'view' AND name = "
                                              "'entities') FROM sqlite_master").fetchone()
        if app_id == 0 and not has_tables:
            if not create:
                raise ProjectError(f"{self.path}: empty file, not a Knooppunt project")
            with self.transaction():
                self._ddl(MAIN_DDL)
                self._create_records("main")
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                self.set_setting("created_at", now_iso())
                if self.partitioned:
                    self.set_setting("storage.partitions", canonical_json(list(SECURITY_LABELS[1:])))
                    self.set_setting(TWINS_SETTING, NO_TWINS)
        elif app_id != APPLICATION_ID:
            raise ProjectError(f"{self.path}: not a Knooppunt project")
        else:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise ProjectError(f"{self.path}: made by a newer Knooppunt (format {version}; this version "
                                   f"reads formats up to {SCHEMA_VERSION}): update Knooppunt to open it")
            self._add_statements_table("main", int(version))
            self.format = self._open_format("main", int(version), bool(views))

    def _check_partitions(self, partitions: Mapping[str, bytes], create: bool) -> dict[str, bytes]:
        """The label files to attach, lowest label first, each checked to exist (made with `create`).

        A file the caller holds a key for must be there: a deleted label file is reported at
        open, never read as an empty partition. The keys are tried when the files are attached
        (`_attach_partitions`, at the first statement that needs them).
        """
        out: dict[str, bytes] = {}
        for label, key in sorted(partitions.items(), key=lambda kv: label_rank(kv[0])):
            if label not in SECURITY_LABELS[1:]:
                raise SchemaError(f"unknown security label {label!r} for a partition")
            file = partition_file(self.path, label)
            if not file.exists():
                if not create:
                    raise ProjectError(f"{file}: the partition of label {label!r} is missing")
                _touch_private(file)
                self._made.add(label)
            out[label] = key
            self.held[label] = schema_of(label)
        return out

    def _attach_partitions(self) -> None:
        """Attach the label files not attached yet (see `_Connection`; the views follow when first read), then
        check them together (`_check_attached`)."""
        while self._deferred:
            label, key = next(iter(self._deferred.items()))
            self._attach(label, key)
            del self._deferred[label]  # a failure leaves it (and the rest) to fail again, not to vanish
            self._unchecked.append(label)
        if self._unchecked:
            self._check_attached()

    def _attach_labels(self, labels: Iterable[str]) -> None:
        """Attach and check these label files only (a search that leaves the others out by their summaries); the
        rest stay deferred. Outside a transaction, as the hook."""
        with self.conn._hook_lock, self.conn.only_attached():
            for label in labels:
                key = self._deferred.get(label)
                if key is None:
                    continue
                self._attach(label, key)
                del self._deferred[label]
                self._unchecked.append(label)
            if self._unchecked:
                self._check_attached()

    def _attach(self, label: str, key: bytes) -> None:
        """Attach a label's partition file under its own key; a wrong key is a one-line error."""
        file, name = partition_file(self.path, label), schema_of(label)
        try:
            self.conn.execute(f"ATTACH DATABASE ? AS {name} KEY {_sql_key(key)}", (str(file),))  # reads its schema
        except sqlite.DatabaseError:
            with contextlib.suppress(sqlite.DatabaseError):  # attached, and then a page did not decrypt
                self.conn.execute(f"DETACH DATABASE {name}")
            raise ProjectError(f"{file}: the key does not open the partition of label {label!r}") from None
        if label in self._made:  # before its first write transaction fixes it (see `_give_back_pages`)
            self.conn.execute(f"PRAGMA {name}.auto_vacuum = INCREMENTAL")

    def _check_attached(self) -> None:
        """Check the label files attached since the last check: each one's journal (a file switched to WAL
        would commit apart from the others: it goes back to DELETE, or the read is refused), and its
        application id and format, read in one read transaction -- one lock of each file, not one per pragma
        (each lock also looks for a hot journal and a WAL file: eight system calls). A new file is made here,
        an old one upgraded (`_open_format`), a failure leaves the file to be checked again."""
        names = {label: schema_of(label) for label in self._unchecked}
        try:
            self.conn.execute("PRAGMA journal_mode = DELETE").fetchone()  # every attached file, one statement
        except sqlite.OperationalError:  # a file in WAL mode that another program has open
            wal = [partition_file(self.path, lab) for lab, name in names.items()
                   if self.conn.execute(f"PRAGMA {name}.journal_mode").fetchone()[0] == "wal"]
            raise ProjectError(f"{wal[0] if wal else self.path}: a label file in WAL mode, and in use by another "
                               "program; close that and open the project again") from None
        self.conn.execute("BEGIN")
        try:
            found = {label: self._generation(name) for label, name in names.items()}  # within the same read
            heads = {label: (self.conn.execute(f"PRAGMA {name}.application_id").fetchone()[0],
                             self.conn.execute(f"PRAGMA {name}.user_version").fetchone()[0])
                     for label, name in names.items()}
        finally:
            self.conn.execute("COMMIT")
        while self._unchecked:
            label = self._unchecked[0]
            self._open_partition(label, *heads[label])
            self._unchecked.pop(0)
            self._checked.add(names[label])
        if self.on_generations is not None:
            self.on_generations(found)

    def _summary(self, label: str) -> file_summary.Summary | None:
        """The summary of a label file as it is stored now (`graph.stores.file_summary`), or None: none was
        made for it as it is, or this connection is inside a transaction (its own writes are not in the
        file yet). The file's first page is read each time (one read): a commit since changes it."""
        if self._tx.depth or self.conn.in_transaction or label not in self._label_keys:
            return None
        file = partition_file(self.path, label)
        page = file_summary.first_page(file)
        if page is None:
            return None
        kept = self._summaries.get(label)
        if kept is not None and kept[0] == page:
            return kept[1]
        found = file_summary.read(file, label, self._summary_cipher(label), page, SCHEMA_VERSION)
        self._summaries[label] = (page, found)
        return found

    def _summary_cipher(self, label: str) -> Any:
        if label not in self._summary_ciphers:
            self._summary_ciphers[label] = file_summary.cipher(self._label_keys[label])
        return self._summary_ciphers[label]

    def _summarize(self) -> None:
        """At close, make the summary of each label file this session attached that has none for what it holds
        now (after an import, or the first session after another's): its entity types (one index look-up per
        type), its index terms (up to TERMS_KEPT + 1) and its first page, read in one read transaction -- no
        commit can change the file meanwhile. At close, not at the attach: the session that wrote the file
        pays it once, and the first search after an open reads only the indexes it searches."""
        if self._creating:  # a project being made or migrated (staged files): its first reader summarises it
            return
        stale = [label for label, name in self.held.items()
                 if name in self._checked and name != "main" and self._summary(label) is None]
        if not stale or self.conn.in_transaction:
            return
        made: dict[str, tuple[bytes, file_summary.Summary]] = {}
        with self.conn.only_attached():
            self._read_summaries(stale, made)
        for label, (page, summary) in made.items():
            file_summary.write(partition_file(self.path, label), label, self._summary_cipher(label), page,
                               SCHEMA_VERSION, summary)
            self._summaries[label] = (page, summary)

    def _read_summaries(self, stale: list[str], made: dict[str, tuple[bytes, file_summary.Summary]]) -> None:
        """`_summarize`'s reads, into `made`: each file's summary, then its first page, in one read transaction."""
        self.conn.execute("BEGIN")
        try:
            for label in stale:
                summary = self._what_file_holds(schema_of(label))
                page = file_summary.first_page(partition_file(self.path, label))
                if page is not None:
                    made[label] = (page, summary)
        finally:
            self.conn.execute("COMMIT")

    def _what_file_holds(self, name: str) -> file_summary.Summary:
        """The entity types label schema `name` holds (one index look-up each) and, when it holds at most
        TERMS_ENTITIES entities (its rid range), its index terms up to TERMS_KEPT: listing the terms of a
        large file's index took 36 ms for the first 8,192 of a 100,000-record file, at every close after
        a write; a small file's take a millisecond or less."""
        rows = f"{name}.{self._rows(name, 'entities')}"
        types: set[str] = set()
        found = self.conn.execute(f"SELECT min(type) FROM {rows}").fetchone()[0]
        while found is not None:
            types.add(entity_type_name(found))  # a code or a name (format 10), either one index look-up
            found = self.conn.execute(f"SELECT min(type) FROM {rows} WHERE type > ?", (found,)).fetchone()[0]
        first, last = self.conn.execute(f"SELECT (SELECT min(rid) FROM {rows}), "
                                        f"(SELECT max(rid) FROM {rows})").fetchone()
        if first is not None and last - first >= file_summary.TERMS_ENTITIES:
            return file_summary.Summary(frozenset(types), None)
        self.conn.execute(f"CREATE VIRTUAL TABLE temp.knp_terms USING fts5vocab({name}, entity_search, row)")
        try:
            terms = [t for (t,) in self.conn.execute("SELECT term FROM temp.knp_terms LIMIT ?",
                                                     (file_summary.TERMS_KEPT + 1,))]
        finally:
            self.conn.execute("DROP TABLE temp.knp_terms")
        return file_summary.Summary(frozenset(types), tuple(sorted(terms)) if len(terms) <= file_summary.TERMS_KEPT
                                    else None)

    # Called with the write generations of the label files just attached and checked: the access layer
    # compares them with what the signed audit log recorded (graph.access.generations).
    on_generations: Callable[[dict[str, int]], None] | None = None

    def _open_partition(self, label: str, app_id: int, version: int) -> None:
        """A label file attached and checked: made (when the project is being created), refused, or noted
        (and upgraded) by its format."""
        file, name = partition_file(self.path, label), schema_of(label)
        if app_id == 0 and self._creating:
            with self.transaction():
                self._create_records(name)
                # side tables (notes, documents, registers) are kept here from the start: none of this label's
                # rows is ever in the main file, to be moved here (graph.access.side_tables)
                self.conn.execute(f"CREATE TABLE {name}.{SIDE_TABLES_NATIVE}(since TEXT)")
                self.conn.execute(f"PRAGMA {name}.application_id = {APPLICATION_ID}")
                self.conn.execute(f"PRAGMA {name}.user_version = {SCHEMA_VERSION}")
        elif app_id != APPLICATION_ID:
            raise ProjectError(f"{file}: not a Knooppunt partition")
        elif version > SCHEMA_VERSION:
            raise ProjectError(f"{file}: made by a newer Knooppunt (format {version}): update Knooppunt")
        else:
            self._add_statements_table(name, int(version))
            self._open_format(name, int(version))

    def _give_back_pages(self) -> None:
        """The free pages of every file held, given back to the file system at the end of a load. A load frees pages
        where the full-text index merges its segments: a KvK import of 10,000 profiles ended with 1.1 MB free, 35
        bytes a record. A new file keeps its free pages at its end for this (auto_vacuum INCREMENTAL, set by
        `_connect` and `_attach` before its first write transaction, after which only a VACUUM changes it); a
        file made before keeps them, as it did."""
        self.conn.execute("SAVEPOINT give_back")  # FTS5 writes what it holds in memory (and merges) at a savepoint
        try:
            for name in dict.fromkeys(self.held.values()):
                self.conn.execute(f"PRAGMA {name}.incremental_vacuum").fetchall()  # a row per page: step through
        finally:
            self.conn.execute("RELEASE give_back")

    def _create_records(self, name: str) -> None:
        """The record tables of a new file (the newest format)."""
        self._ddl(FTS_DDL.format(s=name))
        if name != "main" or self._main_encrypted:
            self.conn.execute(f"INSERT INTO {name}.entity_search(entity_search, rank) "
                              f"VALUES('pgsz', {FTS_PAGE_ENCRYPTED})")
        for statement in lean_ddl(name) + self._views_sql(name):
            self.conn.execute(statement)
        self.lean.add(name)
        self.fine.add(name)
        self.coded.add(name)
        self.typed.add(name)
        if self._viewless_file(name):
            self.viewless.add(name)

    def _viewless_file(self, name: str) -> bool:
        """Whether schema `name` keeps no record views (format 6): a label file, and the main file of a
        partitioned project, are read through `_src` and the TEMP views. The file of a single-file project
        keeps its views: its unqualified reads go through them with no TEMP view on the connection (TEMP
        objects keep a bulk load's temporary data in memory, `_temp_on_disk`)."""
        return name != "main" or self.partitioned

    def _views_sql(self, name: str) -> list[str]:
        """What a new or upgraded file of the newest format does with the record views of formats 3-5: they go, and
        a single-file project's are made again (the newest format's SELECT: format 9's decodes relation rows)."""
        return drop_views_sql(name) + ([] if self._viewless_file(name) else record_views(name))

    def _open_format(self, name: str, version: int, views: bool = False) -> int:
        """Note a file's layout; a format 2 file (to lean rows), 3 (its triggers dropped), 4 (its references
        re-split), 5 (its views dropped), 6, 7 or 8 (the `rprops` table added: nothing else changes) or 9 (its number
        only) is upgraded to format 10 in one transaction. A file that cannot be
        written now (read-only, busy) keeps its format, which reads and writes as well (the store writes rows,
        not through the views, splits references the way each file does, and reads through the views it has).
        `views`: the file has them (a label file of format 6 has none)."""
        if version in _UPGRADED:
            try:
                with self.transaction():
                    self._upgrade(name)
                version, views = FORMAT, not self._viewless_file(name)
            except sqlite.OperationalError:
                pass
        if version >= LEAN_FORMAT:
            self.lean.add(name)
        if version >= FINE_FORMAT:
            self.fine.add(name)
        if version >= VIEWLESS_FORMAT and not views:
            self.viewless.add(name)
        if version >= CODED_FORMAT:
            self.coded.add(name)
        if version >= FORMAT:
            self.typed.add(name)
        return version

    def _upgrade(self, name: str) -> None:
        """Format 2 to 9 -> 10 (inside the caller's transaction); another process may have done it while this one
        waited for the lock. Rows written before keep their type names (format 10 reads and finds both)."""
        version = self.conn.execute(f"PRAGMA {name}.user_version").fetchone()[0]
        if version not in _UPGRADED:
            return
        steps = {2: upgrade_sql, LEAN_FORMAT: drop_triggers_sql}.get(version, lambda _: [])(name)
        if version < FINE_FORMAT:
            steps += resplit_sql(name)
        for statement in steps + coded_tables(name) + self._views_sql(name):
            self.conn.execute(statement)
        self.conn.execute(f"PRAGMA {name}.user_version = {FORMAT}")

    def _src(self, name: str, table: str) -> str:
        """What a read of schema `name`'s `table` (entities, relations, statements, provenance: the columns of
        format 2) names in its FROM: in format 6 the SELECT over the lean rows (the file keeps no views),
        else its view (formats 3 to 5) or table. A label file's format is known once it is attached."""
        if name not in self._checked:
            self.conn.attach_deferred()
        return f"({lean_select(table, name, name in self.coded)})" if name in self.viewless else f"{name}.{table}"

    def _rows(self, name: str, table: str) -> str:
        """The table that holds a schema's records of `table` (entities, relations, statements, provenance):
        the lean rows from format 3 on."""
        if name not in self._checked:
            self.conn.attach_deferred()  # a label file's format is known once it is attached
        return (ROWS.get(table) or CLAIMS[table]) if name in self.lean else table

    def _add_statements_table(self, name: str, version: int) -> None:
        """A project made before statements existed gets their table; its records get their
        statements from their stored values the first time a source speaks about them again.
        A lean file (format 3 on) has them by construction: no read of its schema table (one
        statement per file at the first search of an open)."""
        if version >= LEAN_FORMAT:
            return
        if not self.conn.execute(f"SELECT 1 FROM {name}.sqlite_master WHERE name = 'statements'").fetchone():
            with self.transaction():
                self._ddl(STATEMENTS_DDL.format(s=name))

    def _super_journals(self) -> list[Path]:
        """Super-journals beside the project: with one, every label file is attached (and its hot
        journal rolled back) at open, before `_drop_orphan_super_journals` judges them."""
        if not self.partitioned:
            return []
        # A listing, not a glob: a '[' in the project's name is no pattern, and a glob cost 3x as much.
        prefix, folder = self.path.name + "-mj", self.path.parent
        return [folder / name for name in os.listdir(folder) if name.startswith(prefix)]

    def _drop_orphan_super_journals(self) -> None:
        """Delete super-journals a killed writer left behind (they hold file names only).

        A super-journal is needed while a hot journal names it; the first read above rolled
        every hot journal of the attached files back. Under BEGIN IMMEDIATE (a RESERVED lock
        on every attached file) no other process can be committing, so any super-journal
        left with no journal beside it is an orphan.
        """
        orphans = self._super_journals()
        if not orphans:
            return
        with self.transaction():
            for label in SECURITY_LABELS:
                journal = partition_file(self.path, label)
                journal = journal.with_name(journal.name + "-journal")
                with contextlib.suppress(FileNotFoundError), open(journal, "rb") as fh:
                    if fh.read(8) == _JOURNAL_MAGIC:  # a live journal: leave its super-journal alone
                        return
            for orphan in orphans:
                orphan.unlink(missing_ok=True)

    def _define_views(self, tables: frozenset[str] | None = None) -> bool:
        """TEMP views named like the tables (`tables`, default all): unqualified reads span every attached
        partition (and read a format-6 file, which keeps no views of its own). True once all four are.

        A member below a record's label cannot see it, so an import of theirs can add a
        twin with the same identity (hence the same id) in a lower partition. For a member
        who holds both, the higher-labelled record is the one shown; the twin stays stored
        and is never overwritten. Finding the twins means reading every key of the lower
        partitions (tens of ms at 100k records), so the open does not: the views first
        shadow row by row (NOT EXISTS in each higher partition's key index: exact, and cheap
        for the point reads of a search or a record view). The first full scan (graph,
        counts, lazy readers) finds the twins once (`_materialize_shadows`) and the views
        then cost nothing when there are none, as is usual.
        """
        shadows: _Shadows | None = self.__dict__.get("_shadows")
        schemas = shadows.schemas if shadows is not None else ["main"]
        hook, self.conn.views = self.conn.views, None  # its own CREATE statements name the tables: no hook now
        try:
            for table in RECORD_TABLES:
                if table in self._viewed or (tables is not None and table not in tables):
                    continue
                parts = [f"SELECT * FROM {self._src(name, table)} x WHERE 1" + self._shadow_sql(table, name, "x")
                         for name in schemas]
                self.conn.execute(f"DROP VIEW IF EXISTS temp.{table}")
                self.conn.execute(f"CREATE TEMP VIEW {table} AS " + " UNION ALL ".join(parts))
                self._viewed.add(table)
        except BaseException:
            self.conn.views = self._define_views  # not all defined: the next unqualified read tries again
            raise
        done = len(self._viewed) == len(RECORD_TABLES)
        self.conn.views = None if done else (hook or self._define_views)
        return done

    def _materialize_shadows(self) -> None:
        """Find the twins once (see `_define_views`), before a full scan; not inside a transaction
        (a rollback would take the temp tables and views back with it)."""
        shadows: _Shadows | None = self.__dict__.get("_shadows")
        if shadows is None or shadows.ready or self._tx.depth:
            return
        schemas = shadows.schemas
        for table in ("entities", "relations"):
            self.conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS shadow_{table}(part TEXT NOT NULL, "
                              "key INTEGER NOT NULL, PRIMARY KEY(part, key)) WITHOUT ROWID")
            self.conn.execute(f"DELETE FROM temp.shadow_{table}")
            for i, low in enumerate(schemas):
                for high in schemas[i + 1:]:
                    self.conn.execute(f"INSERT OR IGNORE INTO temp.shadow_{table}(part, key) SELECT ?, h.key "
                                      f"FROM {high}.{self._rows(high, table)} h CROSS JOIN "
                                      f"{low}.{self._rows(low, table)} o ON o.key = h.key", (low,))
                shadows.found[(table, low)] = bool(self.conn.execute(
                    f"SELECT 1 FROM temp.shadow_{table} WHERE part = ? LIMIT 1", (low,)).fetchone())
        shadows.ready = True
        redo = frozenset(self._viewed)  # the views defined so far hide twins the new way
        self._viewed.clear()
        if redo:
            self._define_views(redo)

    def _shadow_sql(self, table: str, name: str, alias: str, among: set[str] | None = None) -> str:
        """The condition that hides `name`'s twins of records in higher partitions ('' when none can be); `among`:
        the higher partitions that may hold one (default all)."""
        shadows: _Shadows | None = self.__dict__.get("_shadows")
        if shadows is None or table not in ("entities", "relations"):
            return ""
        if shadows.ready:
            if not shadows.found.get((table, name)):
                return ""
            return f" AND {alias}.key NOT IN (SELECT key FROM temp.shadow_{table} WHERE part = '{name}')"
        higher = [h for h in shadows.schemas[shadows.schemas.index(name) + 1:] if among is None or h in among]
        return "".join(f" AND NOT EXISTS(SELECT 1 FROM {h}.{self._rows(h, table)} hi WHERE hi.key = {alias}.key)"
                       for h in higher)

    def _ddl(self, ddl: str) -> None:
        for statement in ddl.split(";"):
            if statement.strip():
                self.conn.execute(statement)

    def part_for(self, label: str, what: str = "record") -> str:
        """The schema a record of `label` is written to; refused when its key is not held."""
        name = self.held.get(label)
        if name is None:
            if label not in SECURITY_LABELS:
                raise SchemaError(f"{what}: unknown security label {label!r}")
            raise PermissionDenied(f"{what}: labelled {label!r}, which your clearance does not include "
                                   f"(you hold no key for it)")
        return name

    def _rid_base(self, name: str) -> int:
        if not self.partitioned:
            return 0
        label = next(lab for lab, sch in self.held.items() if sch == name)
        return label_rank(label) << RID_SHIFT

    def _label_of_schema(self, name: str) -> str:
        """The highest label whose records live in schema `name` (`main` holds all when not partitioned)."""
        return max((lab for lab, sch in self.held.items() if sch == name), key=label_rank)

    def _schema_of_rid(self, rid: int) -> str:
        if not self.partitioned:
            return "main"
        return self.held[SECURITY_LABELS[rid >> RID_SHIFT]]

    def labels_held(self) -> frozenset[str]:
        """The labels whose records this connection can decrypt."""
        return frozenset(self.held)

    def _set_clearance_sql(self) -> None:
        labels = self.caller.clearance
        for label in labels:
            if label not in SECURITY_LABELS:
                raise SchemaError(f"unknown security label {label!r} in clearance")
        held = list(self.held)
        if self.caller.sees_all() or (self.partitioned and set(held) <= labels
                                      and held == list(SECURITY_LABELS[:len(held)])):
            # Everything stored in the files this connection decrypts is within the clearance:
            # each entity lives at its label, each relation at the highest of its own and its
            # ends', and the labels held are the lowest ones -- no filter to add.
            self._elabel = self._rlabel = ""
        else:
            inside = ",".join(f"'{lab}'" for lab in sorted(labels)) or "''"
            self._elabel = f" AND e.label IN ({inside})"
            # A relation is visible when it and both its ends are.
            self._rlabel = (f" AND r.label IN ({inside})"
                            f" AND EXISTS(SELECT 1 FROM entities s WHERE s.key = r.src AND s.label IN ({inside}))"
                            f" AND EXISTS(SELECT 1 FROM entities t WHERE t.key = r.dst AND t.label IN ({inside}))")

    def with_caller(self, caller: Caller) -> SQLiteStore:
        """The same open project seen by another caller (shares the connection)."""
        clone = object.__new__(SQLiteStore)
        clone.__dict__.update(self.__dict__)
        clone.caller = caller
        clone._set_clearance_sql()
        return clone

    def close(self) -> None:
        try:
            self._flush_audit(wait=True)
            with contextlib.suppress(sqlite.Error):  # closed already; a summary is never worth a failed close
                self._summarize()
        finally:
            self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions -----------------------------------------------------------------------
    @contextmanager
    def transaction(self, *, main_only: bool = False) -> Iterator[None]:
        """One write transaction; nested calls join the outer one.

        `main_only`: the writes touch only the main file (audit entries, settings), so only
        its write lock is taken. BEGIN IMMEDIATE locks every attached file, and a commit
        over several locked files goes through a super-journal (several more fsyncs) even
        when one file changed: for an audit entry that was most of an open's time.
        """
        if self._tx.depth:
            self._tx.depth += 1
            try:
                yield
            finally:
                self._tx.depth -= 1
            return
        if not main_only:
            self.conn.attach_deferred(views=True)  # not inside: ATTACH is refused there, a rollback drops views
        self._flush_audit(wait=True)  # entries kept while another connection wrote come first
        self._begin_write(main_only)
        self._tx.depth = 1
        try:
            yield
        except BaseException:
            self._tx.depth = 0
            self._said.clear()  # said rows written in it are gone
            self._rprops.clear()
            self._written.clear()
            self._memo.clear()
            self._gone.clear()
            self._rows_rolled_back()
            self.conn.execute("ROLLBACK")
            raise
        self._tx.depth = 0
        self._written.clear()  # another connection may write next
        self._memo.clear()
        self._gone.clear()
        try:
            if self.partitioned and not main_only:
                self._advance_generations()
            if (rows := self.__dict__.get("row_check")) is not None:
                rows.before_commit(self)  # the signed rows it changed, in its signed entry (graph.access.row_digests)
            self.conn.execute("COMMIT")
        except BaseException:
            self._said.clear()
            self._rprops.clear()
            self._rows_rolled_back()
            self.conn.execute("ROLLBACK")  # never leave the connection inside a failed transaction
            raise

    def _rows_rolled_back(self) -> None:
        if (rows := self.__dict__.get("row_check")) is not None:
            rows.reset()

    def _begin_write(self, main_only: bool) -> None:
        """BEGIN IMMEDIATE, or with `main_only` the main file's write lock alone (see `transaction`)."""
        if not (main_only and self.partitioned):
            self.conn.execute("BEGIN IMMEDIATE")
            return
        self.conn.execute("BEGIN")
        try:
            self.conn.execute("DELETE FROM main.settings WHERE 0")  # a write statement: RESERVED on main only
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _advance_generations(self) -> None:
        """Advance the write generation of every label file this transaction changed, and record the new
        numbers in a signed audit entry of the same transaction (see `graph.access.generations`).

        A file was changed exactly when SQLite keeps a rollback journal for it: every attached file is
        in journal mode DELETE (`_check_attached`), whose journal is made at a transaction's first page
        write and deleted at its commit, and this connection holds the write lock. One stat per label
        file and one row per changed file a transaction -- not per record -- so a bulk load pays nothing
        measurable. Without the acting member's signer (a project being created or migrated, a session
        opened with a bare secret, a format upgrade at attach) the numbers advance unrecorded: a file
        ahead of the log is never an alarm."""
        advanced: dict[str, int] = {}
        for label, name in self.held.items():
            if name == "main" or not os.path.exists(f"{partition_file(self.path, label)}-journal"):
                continue
            self.conn.execute(GENERATION_DDL.format(s=name))
            if self.conn.execute(f"UPDATE {name}.generation SET n = n + 1").rowcount == 0:
                self.conn.execute(f"INSERT INTO {name}.generation(n) VALUES(1)")
            advanced[label] = self._generation(name)
        if advanced and self.audit_signer is not None and self.audit_signer.member == self.caller.user:
            self._append_audit([(now_iso(), self.caller.user, GENERATIONS_ACTION,
                                 canonical_json({"generations": advanced}))])

    def labels_written(self) -> set[str]:
        """The labels above `open` whose files this transaction has changed so far (each has a rollback journal,
        as in `_advance_generations`): what an import's audit entry may say of its file's name."""
        if not self.partitioned or not self._tx.depth:
            return set()
        return {label for label, name in self.held.items()
                if name != "main" and os.path.exists(f"{partition_file(self.path, label)}-journal")}

    def file_generations(self) -> dict[str, int]:
        """The write generation each label file this connection holds a key for has now (0: none yet -- a
        file of an earlier Knooppunt). Attaches the files (naming their schema does)."""
        return {label: self._generation(name) for label, name in self.held.items() if name != "main"}

    def _generation(self, name: str) -> int:
        """The write generation of the label file attached as `name` (0 when it keeps none yet)."""
        try:
            row = self.conn.execute(f"SELECT max(n) FROM {name}.generation").fetchone()
        except sqlite.OperationalError:  # no such table: a file no write of this version changed yet
            return 0
        return int(row[0] or 0)

    @contextmanager
    def bulk_load(self, expected: int = 0) -> Iterator[None]:
        """A large load (an import of `expected` records): secondary indexes dropped and rebuilt at the end.

        Building an index once from sorted keys beats keeping it up to date row by row, so when
        the load is large next to what a partition holds (BULK_REBUILD) its secondary indexes
        (type, identity, relation ends) go for the load. It all happens in ONE transaction (the
        caller's, when one is open): a failure or a kill rolls back the drop with the rows, and
        no reader ever sees the project without its indexes. Upserts never use these indexes.
        """
        with self.transaction(), self._cache_kib(BULK_CACHE_KIB), self._temp_on_disk(), self._known_new(expected):
            dropped = []
            for name in dict.fromkeys(self.held.values()):
                held = max(self._next_rid(name, t) - self._rid_base(name) - 1 for t in ("entities", "relations"))
                if expected < BULK_MIN or expected < held * BULK_REBUILD:
                    continue
                for index, sql in self.conn.execute(
                        f"SELECT name, sql FROM {name}.sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                        "AND tbl_name IN ('entities', 'relations', 'entity_rows', 'relation_rows')").fetchall():
                    self.conn.execute(f"DROP INDEX {name}.{index}")
                    dropped.append(sql.replace("CREATE INDEX ", f"CREATE INDEX {name}.", 1))
            yield
            self._fresh.clear()  # the load's key memories go before the rebuild's sort (a wide 1M import peaked
            self._written.clear()  # there); a write after it in the caller's transaction looks keys up again
            if dropped:  # the rebuild sorts in memory up to the page cache's size, then in temp files
                self.conn.execute(f"PRAGMA cache_size = -{REBUILD_CACHE_KIB}")
            for sql in dropped:
                self.conn.execute(sql)
            self.bulk_rebuilt = len(dropped)
            self._give_back_pages()

    bulk_rebuilt = 0  # indexes the last bulk load rebuilt (figures for the benchmark and tests)

    def load_memory_bytes(self) -> int:
        """About the memory this transaction's key memories hold (fresh keys, written ends): an import's
        budget for what it keeps between chunks counts them (importers.budget)."""
        return self._fresh.nbytes() + self._written.nbytes()

    @contextmanager
    def _known_new(self, expected: int) -> Iterator[None]:
        """Keys a load did not write and that were not stored when it began are new: not looked up
        (graph.stores.fresh). Partitions holding no records need no read; ones holding at most
        KEYS_READ_PER_RECORD x `expected` records have their keys read once (8 bytes each; reading
        one cost ~0.9 us, looking one up 2-4 us: wide 100k rows, a loaded machine). Inside the load's
        transaction: no other connection writes meanwhile."""
        fresh = self._fresh
        stored = self._stored_records()
        if fresh.active or (stored and stored > KEYS_READ_PER_RECORD * expected):
            yield
            return
        fresh.start()
        try:
            if stored:
                self._read_stored_keys()
            yield
        finally:
            fresh.clear()

    def _stored_records(self) -> int:
        """About how many entity and relation rows the partitions this connection holds have (rid ranges);
        0 exactly when they have none."""
        return sum(self._next_rid(name, table) - self._rid_base(name) - 1
                   for name in dict.fromkeys(self.held.values()) for table in ("entities", "relations"))

    def _read_stored_keys(self) -> None:
        """Every entity and relation key of the held partitions into the load's memory (graph.stores.fresh)."""
        for name in dict.fromkeys(self.held.values()):
            for table in ("entities", "relations"):
                cur = self.conn.execute(f"SELECT key FROM {name}.{self._rows(name, table)}")
                while chunk := cur.fetchmany(100_000):
                    self._fresh.wrote(table, (k for (k,) in chunk))

    @contextmanager
    def _cache_kib(self, kib: int) -> Iterator[None]:
        """A smaller page cache for a load: its pages are written once, so the memory buys little."""
        before = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = -{kib}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {before}")

    @contextmanager
    def _temp_on_disk(self) -> Iterator[None]:
        """Temporary data (statement journals, spilled sorts of the index rebuild) in files for a load:
        in memory they grow with the load. SQLite refuses the switch while temporary tables are open
        in a transaction; then the load keeps the setting it has."""
        before = self.conn.execute("PRAGMA temp_store").fetchone()[0]
        try:
            self.conn.execute("PRAGMA temp_store = FILE")
        except sqlite.OperationalError:
            yield
            return
        try:
            yield
        finally:
            with contextlib.suppress(sqlite.OperationalError):
                self.conn.execute(f"PRAGMA temp_store = {before}")

    # -- settings ---------------------------------------------------------------------------
    # An encrypted project's session signs the settings that steer what a reader sees and reads one whose
    # signature does not hold as absent (`row_check`: graph.access.row_signatures.RowCheck; None otherwise).
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        check = self.__dict__.get("row_check")
        if check is not None and key not in check.settings({key: row[0]}):
            return default
        return str(row[0])

    def settings_like(self, prefix: str) -> dict[str, str]:
        """Every setting whose key starts with `prefix` (one statement)."""
        found = dict(self.conn.execute("SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?",
                                       (len(prefix), prefix)).fetchall())
        check = self.__dict__.get("row_check")
        return found if check is None else check.settings(found)

    def set_setting(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO settings(key, value) VALUES(?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
        check = self.__dict__.get("row_check")
        if check is not None:
            check.sign_setting(key, value)

    # -- audit ------------------------------------------------------------------------------
    def audit(self, action: str, **details: Any) -> None:
        """Append an entry to the project's hash-chained audit log (who did what, when).

        Inside a write transaction the entry is part of it. Outside one, a read event
        (search, view, graph load, analysis) does not wait for another connection's long
        write (an import in the background): it is kept, with its own time, and written
        before this connection's next write or on close, so the window never freezes.
        """
        entry = (now_iso(), self.caller.user, action, self._sealed(canonical_json(details)))
        if self._tx.depth:
            self._append_audit([entry])
            return
        self._pending_audit.append(entry)
        self._flush_audit(wait=action not in DEFERRABLE_AUDIT)

    def audit_with_next(self, action: str, **details: Any) -> None:
        """Keep an entry (with its own time) to be written with this connection's next entry, its next
        write or its close, whichever comes first: one commit instead of two.

        For the `open` entry of a command-line session, whose command's own entry follows within
        milliseconds (or the close does): a commit of a partitioned project syncs four times (rollback
        journal, folder, journal header, main file), most of what `knooppunt search` spends on files.
        """
        self._pending_audit.append((now_iso(), self.caller.user, action, self._sealed(canonical_json(details))))

    def _sealed(self, text: str) -> str:
        """An entry's details with the ids of records above `open` sealed under their label's key: the log is
        in the main file, readable with the `open` key, and an id gives away the KvK number or BSN it was
        made of to a member who tries them all (graph.stores.sealed_ids)."""
        if not self.partitioned:
            return text
        return sealed_ids.seal_text(text, self.labels_of, self._cipher)

    def _cipher(self, label: str) -> Any:
        if label not in self._ciphers and label in self._label_keys:
            self._ciphers[label] = sealed_ids.seal_key(self._label_keys[label])
        return self._ciphers.get(label)

    def unseal_ids(self, text: str) -> str:
        """Audit details with the sealed ids of the labels this connection holds read back."""
        return sealed_ids.unseal_text(text, self._cipher) if self.partitioned else text

    def labels_of(self, ids: Iterable[str]) -> dict[str, str]:
        """The label of each of `ids` that names a stored record (entity or relation) in the files held,
        or one deleted in this transaction. Not a read of the records: nothing is audited."""
        keys: dict[int, str] = {}
        for i in ids:
            with contextlib.suppress(ValidationError):
                keys[parse_id(i)] = i
        if not keys:
            return {}
        arg = canonical_json(list(keys))
        rows = self.conn.execute(  # a relation lives at the highest label of itself and its ends
            "SELECT key, label, NULL, NULL FROM entities WHERE key" + _IN + " UNION ALL "
            "SELECT r.key, r.label, s.label, d.label FROM relations r LEFT JOIN entities s ON s.key = r.src "
            "LEFT JOIN entities d ON d.key = r.dst WHERE r.key" + _IN, (arg, arg)).fetchall()
        found = {keys[k]: max((str(x) for x in labels if x), key=label_rank) for k, *labels in rows}
        return {**{i: self._gone[i] for i in keys.values() if i in self._gone}, **found}

    def _flush_audit(self, *, wait: bool) -> None:
        if not self._pending_audit:
            return
        if not wait:
            self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            self._begin_write(main_only=True)
        except sqlite.OperationalError:
            if wait:
                raise
            return  # another connection is writing: the entries wait for the next chance
        finally:
            if not wait:
                self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            self._append_audit(self._pending_audit)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        self._pending_audit.clear()

    def _append_audit(self, entries: list[tuple[str, str, str, str]]) -> None:
        last = self.conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0], last[1]) if last else (0, GENESIS_HASH)
        for at, actor, action, details in entries:
            seq += 1
            entry = AuditEntry(seq, at, actor, action, details, prev, "")
            prev = entry_hash(entry)
            self.conn.execute("INSERT INTO audit(seq, at, actor, action, details, prev_hash, hash) "
                              "VALUES(?,?,?,?,?,?,?)", (*astuple(entry)[:6], prev))
            if self.audit_signer is not None:  # graph.access.signing.Signer: the acting member signs
                self.audit_signer(self.conn, seq, actor, prev)

    audit_signer: Any = None  # set by graph.access.session when a member's signing key is unlocked

    def audit_entries(self) -> list[AuditEntry]:
        self._flush_audit(wait=False)  # kept entries (`audit_with_next`) first, unless another connection writes
        return [AuditEntry(*row) for row in self.conn.execute(
            "SELECT seq, at, actor, action, details, prev_hash, hash FROM audit ORDER BY seq")]

    # -- writes -----------------------------------------------------------------------------
    def upsert_entities(self, entities: Iterable[Entity], *, canonical: bool = False) -> UpsertStats:
        stats = UpsertStats()
        prepare = _check_canonical if canonical else self.schema.prepare_entity
        with self.transaction():
            self._note_blind_write()
            for chunk in batched(entities, BATCH):
                stats.add(self._upsert_entity_batch(chunk, prepare))
        return stats

    def upsert_entity_rows(self, rows: EntityRows) -> UpsertStats:
        """Entities the schema prepared as columns (`graph.prepared_entities`): the bulk path of an import.

        Same semantics as `upsert_entities`: an entity new to the project and named once in its
        batch is written straight from the columns (row, full-text entry); one that is stored
        already, or named twice, goes through `_upsert_entity_batch` as an Entity.
        """
        if not is_entity_rows(rows):
            raise TypeError("upsert_entity_rows takes EntityRows made by graph.prepared_entities.entity_rows")
        return self._in_batches(rows, self._upsert_entity_rows_batch)

    def _in_batches(self, rows: Any, batch: Callable[[Any], UpsertStats]) -> UpsertStats:
        """Sealed rows (EntityRows, RelationRows) written BATCH at a time in one transaction."""
        stats = UpsertStats()
        with self.transaction():
            self._note_blind_write()
            for start in range(0, len(rows), BATCH):
                stats.add(batch(rows.part(start, start + BATCH)))
        return stats

    def _upsert_entity_rows_batch(self, part: EntityRows) -> UpsertStats:
        counts = Counter(part.keys)
        existing = self._stored_rows("entities", counts)
        stored = set(existing)
        fresh = self.format >= 2
        restated = self._restated_rows(part, existing, counts) if fresh and existing else set()
        slow: list[int] = []
        inserts: dict[str, list[tuple[Any, ...]]] = {}
        fts_rows: dict[str, list[tuple[Any, ...]]] = {}
        rids = self._rid_counter("entities")
        written = self._written_now()
        homes: dict[str, str] = {}
        new: dict[str, list[int]] = {}  # the rows written straight from the columns, by schema
        types, labels = part.types, part.labels
        one = self._one_entity_home(part) if fresh and not existing and len(counts) == len(part) else None
        if one is not None:  # most batches of an import: all new, one label (`_one_entity_home`)
            new[one] = list(range(len(part)))
            pair = {t: _type_label(t, labels[0]) for t in set(types)}
            written.update(part.keys, [pair[t] for t in types])
        for i, key in enumerate(part.keys if one is None else ()):
            label = labels[i]
            name = homes.get(label) or homes.setdefault(label, self.part_for(label, part.ids[i]))
            if not fresh or key in stored or counts[key] > 1 or name not in self.lean:
                if key in restated:  # its own source again, word for word (`_restated`)
                    written[key] = _type_label(types[i], existing[key][12])
                    continue
                slow.append(i)
                continue
            new.setdefault(name, []).append(i)
            written[key] = _type_label(types[i], label)
        said: dict[tuple[str, str], int] = {}
        for name, rows_at in new.items():
            inserts[name], fts_rows[name] = self._new_entity_rows(said, name, part, rows_at, rids[name])
            rids[name] += len(rows_at)
        stats = UpsertStats(created=len(part) - len(slow) - len(restated), unchanged=len(restated))
        cur = self.conn.cursor()
        for name, rows in inserts.items():
            cur.executemany(f"INSERT INTO {name}.entity_rows({_LEAN_ENTITY_COLS}) VALUES(" + ",".join("?" * 10) + ")",
                            rows)
            self._fresh.wrote("entities", (row[1] for row in rows))
        for name, rows in fts_rows.items():
            cur.executemany(f"INSERT INTO {name}.entity_search(rowid, text) VALUES(?, ?)", rows)
        if slow:
            merged = self._upsert_entity_batch([part.record(i) for i in slow], _check_canonical)
            merged.created += stats.created
            merged.unchanged += stats.unchanged
            stats = merged
        stats.ids = list(part.ids)
        return stats

    def _one_entity_home(self, part: EntityRows) -> str | None:
        """The lean schema every row of `part` lives in when they share one label held here, else None: then
        a batch of entities all new to the project is written from its columns without a step a row."""
        labels = part.labels
        name = self.held.get(labels[0]) if labels else None
        if name is None or name not in self.lean or labels.count(labels[0]) != len(labels):
            return None
        return name

    def _restated_rows(self, part: EntityRows, existing: dict[int, Any], counts: Counter[int]) -> set[int]:
        """Keys of stored entities that one row of `part` restates word for word from their only source
        (`_restated`: unchanged, nothing to write), found from the columns without an Entity."""
        once = [k for k in existing if counts[k] == 1]
        if not once:
            return set()
        held = self._stored_statements(once)
        out = set()
        for i, key in enumerate(part.keys):
            row = existing.get(key)
            if row is None or key in held or counts[key] > 1:
                continue
            meta = (part.reliability, part.credibility, part.valid_from[i], part.valid_to[i], part.labels[i])
            said = ((part.source, part.refs[i], part.received) if part.source is not None else (None, None, None))
            if _restates(row, 3, 5, part.types[i], part.props_json[i], (*said, *meta)):
                out.add(key)
        return out

    def _new_row_said(self, said: dict[tuple[str, str], int], name: str, part: Any, i: int, user: str | None,
                      now: str) -> tuple[int, str | int | None]:
        """(said id, the rest of the reference) of new row i of sealed rows `part` in lean schema `name`:
        the said id looked up once per file name of the reference (`said` caches it for the batch)."""
        base, rest = split_ref(part.refs[i], name in self.fine)
        sid = said.get((name, base))
        if sid is None:
            values = said_key((part.source, None, part.received, part.reliability, part.credibility, None, None,
                               None, user, now, None, None), base)
            sid = said[(name, base)] = self._intern(name, "said", SAID_COLS, values)
        return sid, ref_column(rest)

    def _new_entity_rows(self, said: dict[tuple[str, str], int], name: str, part: EntityRows, at: list[int],
                         rid: int) -> tuple[list[tuple[Any, ...]], list[tuple[int, str]]]:
        """Rows `at` of `part` as lean schema `name` stores new entities, rids from `rid` on, and their full-text
        entries: built column by column (one zip, no call per row but the props' `stored_props`; a bulk
        import's batches are mostly all new, in one schema: then the columns are taken as they are)."""
        def col(values: list[Any]) -> list[Any]:
            return values if whole else [values[i] for i in at]

        whole = len(at) == len(part)
        rids = range(rid, rid + len(at))
        sids, rests = self._said_columns(said, name, part, col(part.refs))
        codes = _label_codes(col(part.labels))
        captions = col(part.captions)
        rows = list(zip(rids, col(part.keys), self._stored_types(name, col(part.types)), captions,
                        stored_props_column(col(part.props_json), captions),
                        sids, rests, col(part.valid_from),
                        col(part.valid_to), codes, strict=True))
        return rows, list(zip(rids, col(part.search), strict=True))

    def _stored_types(self, name: str, types: list[str]) -> list[str]:
        """What the entity rows of schema `name` hold for `types` (names): in format 10 their codes (TYPE_CODE; a
        type the codes do not know as its name), each worked out once for the column; before, the names."""
        if name not in self.typed:
            return types
        code = {t: TYPE_CODE.get(t, t) for t in set(types)}
        return [code[t] for t in types]

    def _said_columns(self, said: dict[tuple[str, str], int], name: str, part: Any,
                      refs: list[str | None]) -> tuple[list[int], list[str | int | None]]:
        """(said id, the rest of the reference) of new rows of sealed rows `part` with references `refs` in lean
        schema `name`, as two columns (`_new_row_said` for many rows: `split_ref` inline). Worked out once per
        distinct reference: the records of one table row share its reference (a wide case row: ~8 of them),
        and the columns are then two look-ups a row (issue 18: the storing side's CPU a record)."""
        fine = name in self.fine
        sid_of: dict[str | None, int] = {}
        rest_of: dict[str | None, str | int | None] = {}
        user = now = None
        for ref in dict.fromkeys(refs):
            if ref is None:
                base, rest = "", None
            else:
                i = ref.find(":") + 1
                if fine:
                    j = ref.find("/", i)
                    if j >= 0:
                        i = j + 1
                base, rest = ref[:i], ref[i:]
            sid = said.get((name, base))
            if sid is None:
                if now is None:
                    now, user = now_iso(), self.caller.user
                values = said_key((part.source, None, part.received, part.reliability, part.credibility, None,
                                   None, None, user, now, None, None), base)
                sid = said[(name, base)] = self._intern(name, "said", SAID_COLS, values)
            sid_of[ref] = sid
            rest_of[ref] = ref_column(rest)
        if len(sid_of) == 1:  # one reference (a document's records), or one file part: the columns repeat it
            (ref,) = sid_of
            return [sid_of[ref]] * len(refs), [rest_of[ref]] * len(refs)
        return [sid_of[ref] for ref in refs], [rest_of[ref] for ref in refs]

    def _note_blind_write(self) -> None:
        """A write by a connection lacking some label key may add a twin: from now on opens look for them."""
        if self.partitioned and len(self.held) < len(SECURITY_LABELS) and self.get_setting(TWINS_SETTING) is not None:
            self.conn.execute("DELETE FROM main.settings WHERE key = ?", (TWINS_SETTING,))

    def _next_rid(self, name: str, table: str) -> int:
        row = self.conn.execute(f"SELECT max(rid) FROM {name}.{self._rows(name, table)}").fetchone()
        return int(row[0] if row[0] is not None else self._rid_base(name)) + 1

    def _rid_counter(self, table: str) -> dict[str, int]:
        """Next free rid per attached schema."""
        return {name: self._next_rid(name, table) for name in dict.fromkeys(self.held.values())}

    def _stored_statements(self, keys: Iterable[int]) -> StoredStatements:
        """The stored statements of records by key (every partition this connection holds); a hub's from
        this transaction's memo (see `_StatementMemo`), the others read. The caller may not change them."""
        memo = self._memo.rows
        out = {k: memo[k] for k in keys if k in memo}
        rest = [k for k in keys if k not in out]
        if not rest:
            return out
        for key, *row in self.conn.execute("SELECT record_id, " + ", ".join(STATEMENT_COLS)
                                           + " FROM statements WHERE record_id" + _IN, (canonical_json(rest),)):
            out.setdefault(key, {})[tuple(row[:4])] = tuple(row)
        return out

    def _fold(self, old: Record | None, incoming: list[Any], stored: dict[tuple[str, ...], StatementRow],
              user: str, now: str) -> Fold:
        return fold_statements(self.schema, old, incoming, stored, user, now)

    def _write_statements(self, cur: sqlite.Cursor, folds: list[tuple[int, Fold, str]],
                          stored: StoredStatements) -> None:
        """Write folds' statements, each in the partition of the higher of its label and its record's home.
        `stored`: what the records held before (`_stored_statements`), for the memo of hub records."""
        rows: dict[str, list[tuple[Any, ...]]] = {}
        for key, sf, home_label in folds:
            self._memo.after(key, stored.get(key), sf)
            for ident in sf.deletes:
                for name in dict.fromkeys(self.held.values()):
                    lean_writes.delete_statement(self, cur, name, key, ident)
            for row in sf.writes.values():
                top = home_label if row[7] == home_label else max(row[7], home_label, key=label_rank)
                name = self.held.get(top) or self.part_for(top, f"statement of {format_id('rec', key)}")
                rows.setdefault(name, []).append((key, *row))
        for name, part in rows.items():
            lean_writes.insert_claims(self, cur, name, "statements", part, "INSERT OR REPLACE")

    def _claim(self, name: str, source: str, reference: str, received: str | None, reliability: str | None,
               credibility: str | None, added_by: str | None, added_at: str | None) -> tuple[int, str, int]:
        """A statement's or extra source's (src id, rest of the reference, said id) in lean schema `name`."""
        base, rest = split_ref(reference, name in self.fine)
        src = self._intern(name, "srcs", SRC_COLS, (source, base))
        said = self._intern(name, "said", SAID_COLS, ("", "", received or "", reliability or "", credibility or "",
                                                      added_by or "", added_at or "", "", ""))
        return src, rest or "", said

    def _add_source_rows(self, out: dict[str, list[tuple[Any, ...]]], old: Record, sf: Fold, key: int,
                         record_id: str, user: str, now: str) -> None:
        """The provenance rows of sources new to a stored record, each in the partition it must live in."""
        for rec in sf.new_sources:
            if is_new_source(old, rec):
                there = self.part_for(max(rec.label, sf.label, key=label_rank), record_id)
                out.setdefault(there, []).append(_source_row(key, rec, user, now))

    def _upsert_entity_batch(self, chunk: list[Entity], prepare: Callable[[Entity], Any]) -> UpsertStats:
        schema = self.schema
        stats = UpsertStats()
        batch: dict[int, list[Entity]] = {}
        for entity in chunk:
            prepare(entity)
            stats.ids.append(entity.id)
            batch.setdefault(parse_id(entity.id), []).append(entity)
        existing = self._stored_rows("entities", batch)
        stored = self._stored_statements(existing)
        now, user = now_iso(), self.caller.user
        rids = self._rid_counter("entities")
        inserts: dict[str, list[tuple[Any, ...]]] = {}
        fts_rows: dict[str, list[tuple[Any, ...]]] = {}
        updates: dict[str, list[tuple[Any, ...]]] = {}
        fts_deletes: dict[str, list[tuple[Any, ...]]] = {}
        extra_sources: dict[str, list[tuple[Any, ...]]] = {}
        folds: list[tuple[int, Fold, str]] = []
        moved: list[tuple[int, str, str]] = []  # key, from schema, to schema
        implicit = self.format >= 2
        written = self._written_now()
        for key, entities in batch.items():
            entity = entities[0]
            et = schema.entities[entity.type]
            row = existing.get(key)
            if row is None and implicit and len(entities) == 1:  # most of a bulk import: no fold needed
                name = self.part_for(entity.label, entity.id)
                inserts.setdefault(name, []).append(_new_entity_row(schema, et, entity, rids[name], key, user, now,
                                                                    name in self.lean))
                written[key] = _type_label(entity.type, entity.label)
                fts_rows.setdefault(name, []).append((rids[name], schema.search_text(entity)))
                rids[name] += 1
                stats.created += 1
                continue
            if (row is not None and implicit and len(entities) == 1 and key not in stored
                    and _restated(row, 3, 5, entity)):
                written[key] = _type_label(entity.type, row[12])  # its own source again, word for word
                stats.unchanged += 1
                continue
            old = None if row is None else _entity_from_row(row)
            _refuse_other_identity(schema, et, entities, old, row)
            sf = self._fold(old, list(entities), stored.get(key, {}), user, now)
            stats.conflicts += sf.conflicts
            merged = sf.view
            assert isinstance(merged, Entity)
            written[key] = _type_label(merged.type, merged.label)
            if old is None:
                name = self.part_for(merged.label, merged.id)
                self._new_from_fold(folds, extra_sources, key, sf, merged, sf.label, user, now)
                merged.caption = schema.caption(et, merged.properties) or merged.caption
                rid = rids[name]
                rids[name] += 1
                inserts.setdefault(name, []).append((rid, key, merged.type, merged.caption,
                                                     props_column(merged.properties, merged.caption),
                                                     schema.identity_key(et, merged.properties),
                                                     *meta_values(merged)))
                fts_rows.setdefault(name, []).append((rid, schema.search_text(merged)))
                stats.created += 1
                continue
            assert row is not None
            folds.append((key, sf, sf.label))
            here = self._schema_of_rid(row[_ROWID])
            self._add_source_rows(extra_sources, old, sf, key, merged.id, user, now)
            if not sf.changed:
                stats.unchanged += 1
                continue
            merged.caption = schema.caption(et, merged.properties) or merged.caption
            merged.updated_by, merged.updated_at = user, now
            values = (merged.caption, props_column(merged.properties, merged.caption),
                      schema.identity_key(et, merged.properties), *meta_values(merged))
            there = self.part_for(merged.label, merged.id)
            fts_deletes.setdefault(here, []).append((row[_ROWID],))
            if there == here:
                updates.setdefault(here, []).append((*values, key))
                fts_rows.setdefault(here, []).append((row[_ROWID], schema.search_text(merged)))
            else:  # relabelled: the record moves to the partition of its new label
                rid = rids[there]
                rids[there] += 1
                inserts.setdefault(there, []).append((rid, key, merged.type, *values))
                fts_rows.setdefault(there, []).append((rid, schema.search_text(merged)))
                moved.append((key, here, there))
            stats.updated += 1
        self._write_entity_batch(moved, fts_deletes, inserts, updates, fts_rows, extra_sources, (folds, stored), stats)
        return stats

    def _write_entity_batch(self, moved: list[tuple[int, str, str]], fts_deletes: dict[str, list[tuple[Any, ...]]],
                            inserts: dict[str, list[tuple[Any, ...]]], updates: dict[str, list[tuple[Any, ...]]],
                            fts_rows: dict[str, list[tuple[Any, ...]]],
                            extra_sources: dict[str, list[tuple[Any, ...]]],
                            statements: tuple[list[tuple[int, Fold, str]], StoredStatements],
                            stats: UpsertStats) -> None:
        """What `_upsert_entity_batch` decided, written: moves, rows, full-text entries, sources, statements
        (`statements`: the folds and what their records held before, see `_write_statements`)."""
        cur = self.conn.cursor()
        for key, here, _there in moved:
            lean_writes.delete_rows(self, here, "entities", [key])
        for name, fts in fts_deletes.items():
            cur.executemany(f"DELETE FROM {name}.entity_search WHERE rowid = ?", fts)
        for name, rows in inserts.items():
            self._insert_records(cur, name, "entities", rows)
        for name, rows in updates.items():
            lean_writes.update_records(self, cur, name, "entities", rows)
        for name, rows in fts_rows.items():
            cur.executemany(f"INSERT INTO {name}.entity_search(rowid, text) VALUES(?, ?)", rows)
        for name, rows in extra_sources.items():
            stats.sources_added += self._add_sources(cur, name, rows)
        for key, here, there in moved:
            lean_writes.move_claims(self, "provenance", [key], here, there)
            lean_writes.move_claims(self, "statements", [key], here, there)
        self._write_statements(cur, *statements)
        if moved:
            self._rehome_relations([key for key, _, _ in moved])

    def _insert_records(self, cur: sqlite.Cursor, name: str, table: str, rows: list[tuple[Any, ...]]) -> None:
        """New records' rows (format 2 columns: own columns, then META_FIELDS) into schema `name`.

        Format 3: straight into the lean rows, with said ids from the per-transaction cache (the
        bulk path: no trigger per row)."""
        own = 6 if table == "entities" else 8  # an entity row's identity is not stored in format 3
        self._fresh.wrote(table, (row[1] for row in rows))
        if table == "relations" and name not in self.coded:  # a row read from a format-9 file (a relation moved)
            rows = [(*r[:5], TYPE_OF_CODE.get(r[5], r[5]), TYPE_OF_CODE.get(r[6], r[6]), *r[7:]) for r in rows]
        if table == "entities":  # a type named (an entity's, or a migrated row's), coded for a format-10 file
            types = self._stored_types(name, [entity_type_name(r[2]) for r in rows])
            rows = [(*r[:2], t, *r[3:]) for r, t in zip(rows, types, strict=True)]
        if name not in self.lean:
            cur.executemany(f"INSERT INTO {name}.{table}(" + ", ".join(_OWN[table]) + ", " + ", ".join(_META_COLS)
                            + ") VALUES(" + ",".join("?" * (own + len(_META_COLS))) + ")", rows)
            return
        keep = 5 if table == "entities" else 8
        said, out = self._said, []
        for row in rows:
            meta = row[own:]
            base, rest = split_ref(meta[1], name in self.fine)
            values = said_key(meta, base)
            sid = said.get((name, values))
            if sid is None:
                sid = self._intern(name, "said", SAID_COLS, values)
            label = meta[7] or "open"
            out.append((*row[:keep], sid, ref_column(rest), meta[5], meta[6], LABEL_CODE.get(label, label)))
        if table == "relations":
            out = self._coded_relations(name, out)
        cur.executemany(f"INSERT INTO {name}.{ROWS[table]}(" + ", ".join(_OWN[table][:keep])
                        + ", said, ref, valid_from, valid_to, label) VALUES(" + ",".join("?" * (keep + 5)) + ")", out)

    def _coded_relations(self, name: str, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Lean relation rows (`_LEAN_RELATION_COLS`) as schema `name` stores them: in format 9 the type and the
        ends' types as their codes (TYPE_CODE; a type the codes do not know as its name) and props that two rows of
        `rows` share, or that this transaction interned already, as the id of their `rprops` row (a props value
        said once stays in its row: a table row and its UNIQUE entry would cost more than it saves)."""
        if name not in self.coded:
            return rows
        pids = self._rprops_ids(name, Counter(row[7] for row in rows))
        code = TYPE_CODE.get
        return [(r[0], r[1], code(r[2], r[2]), r[3], r[4], code(r[5], r[5]), code(r[6], r[6]), pids[r[7]], *r[8:])
                for r in rows]

    def _rprops_ids(self, name: str, counts: Mapping[Any, int]) -> dict[Any, Any]:
        """What the props column of format-9 schema `name` holds for each stored props value of `counts` (how
        many new rows hold it): the id of its `rprops` row when two rows share it or this transaction interned
        it already, else the value itself (`_coded_relations`)."""
        pids: dict[Any, Any] = {}  # stored props -> what the row holds: its rprops id, or itself
        for props, n in counts.items():
            pid = self._rprops.get((name, props))
            if pid is None and n > 1:
                self.conn.execute(f"INSERT OR IGNORE INTO {name}.rprops(props) VALUES(?)", (props,))
                pid = self._rprops[(name, props)] = int(self.conn.execute(
                    f"SELECT id FROM {name}.rprops WHERE props = ?", (props,)).fetchone()[0])
            pids[props] = props if pid is None else pid
        return pids

    def _intern(self, name: str, table: str, cols: tuple[str, ...], values: tuple[str, ...]) -> int:
        """The id of a row of an intern table (said, srcs) of schema `name`, added when new; cached per transaction."""
        cached = self._said.get((name, values))
        if cached is not None:
            return cached
        self.conn.execute(f"INSERT OR IGNORE INTO {name}.{table}({', '.join(cols)}) "
                          f"VALUES({','.join('?' * len(cols))})", values)
        row = self.conn.execute(f"SELECT id FROM {name}.{table} WHERE " + " AND ".join(f"{c} = ?" for c in cols),
                                values).fetchone()
        self._said[(name, values)] = int(row[0])
        return int(row[0])

    def _relation_home(self, label: str, src_label: str, dst_label: str, what: str) -> str:
        """A relation lives at the highest label of itself and its ends."""
        if label == src_label == dst_label and label in self.held:  # most relations of an import
            return self.held[label]
        top = max((label, src_label, dst_label), key=label_rank)
        return self.part_for(top, what)

    def _rehome_relations(self, entity_keys: list[int]) -> None:
        """After entities moved: move their relations to the partition their labels now call for."""
        arg = canonical_json(entity_keys)
        rows = self.conn.execute(
            "SELECT r.rid, r.key, r.label, s.label, t.label FROM relations r "
            "JOIN entities s ON s.key = r.src JOIN entities t ON t.key = r.dst "
            "WHERE r.src" + _IN + " OR r.dst" + _IN, (arg, arg)).fetchall()
        rids = self._rid_counter("relations")
        for rid, key, label, src_label, dst_label in rows:
            here = self._schema_of_rid(rid)
            there = self._relation_home(label, src_label, dst_label, format_id("rel", key))
            if here == there:
                continue
            new_rid = rids[there]
            rids[there] += 1
            lean_writes.move_relation(self, self.conn, key, here, there, new_rid)
            lean_writes.move_claims(self, "provenance", [key], here, there)

    def _add_sources(self, cur: sqlite.Cursor, name: str, rows: list[tuple[Any, ...]]) -> int:
        return lean_writes.insert_claims(self, cur, name, "provenance", rows)

    def upsert_relations(self, relations: Iterable[Relation]) -> UpsertStats:
        stats = UpsertStats()
        with self.transaction():
            self._note_blind_write()
            for chunk in batched(relations, BATCH):
                stats.add(self._upsert_relation_batch(chunk))
        return stats

    def upsert_relation_rows(self, rows: RelationRows) -> UpsertStats:
        """Relations the schema prepared as columns (`graph.prepared`): the bulk path of an import.

        Same semantics as `upsert_relations`: a relation new to the project and named once in
        its batch is written straight from the columns; one that is stored already, or named
        twice, goes through the merge of `_upsert_relation_batch` as a Relation.
        """
        if not is_relation_rows(rows):
            raise TypeError("upsert_relation_rows takes RelationRows made by graph.prepared.relation_rows")
        return self._in_batches(rows, self._upsert_rows_batch)

    def _upsert_rows_batch(self, part: RelationRows) -> UpsertStats:
        keys = set(part.src_keys) | set(part.dst_keys)
        found = self._entity_types_labels(keys)
        ends = self._check_row_ends(part, found, keys)
        counts = Counter(part.keys)
        maybe = self._fresh.maybe_stored("relations", counts)
        stored = {k for (k,) in self.conn.execute("SELECT key FROM relations WHERE key" + _IN,
                                                  (canonical_json(maybe),))} if maybe else set()
        fresh = self.format >= 2
        slow: list[int] = []
        inserts: dict[str, list[tuple[Any, ...]]] = {}
        rids = self._rid_counter("relations")
        new = self._one_home(part, found, ends) if fresh and not stored and len(counts) == len(part) else None
        if new is None:
            new = self._homes(part, found, stored, counts, slow)
        said: dict[tuple[str, str], int] = {}
        for name, (at, src_types, dst_types) in new.items():
            if name in self.lean:
                inserts[name] = self._new_relation_rows(said, name, part, at, rids[name], src_types, dst_types)
            else:
                row_of = self._row_maker(part)
                inserts[name] = [row_of(name, rids[name] + j, i, s, d)
                                 for j, (i, s, d) in enumerate(zip(at, src_types, dst_types, strict=True))]
            rids[name] += len(at)
        stats = UpsertStats(created=len(part) - len(slow))
        slow_set = set(slow)
        stats.ids = [rid for i, rid in enumerate(part.ids) if i not in slow_set] if slow else list(part.ids)
        cur = self.conn.cursor()
        for name, rows in inserts.items():
            if name in self.lean:  # `_new_relation_rows` made them as the schema stores them
                cur.executemany(f"INSERT INTO {name}.relation_rows({_LEAN_RELATION_COLS}) VALUES("
                                + ",".join("?" * 13) + ")", rows)
                self._fresh.wrote("relations", (row[1] for row in rows))
            else:
                self._insert_records(cur, name, "relations", rows)
        if slow:
            stats.add(self._upsert_relation_batch([part.record(i) for i in slow]))
        return stats

    def _one_home(self, part: RelationRows, found: dict[int, tuple[str, str]], ends: tuple[list[str], list[str]]
                  ) -> dict[str, tuple[list[int], list[str], list[str]]] | None:
        """`_homes` of a batch of new relations (none stored, none named twice) that all live in one held
        partition -- one label, theirs and their ends' (most batches of an import) -- made column-wise (`ends`:
        the types of their ends, `_check_row_ends`); None for any other batch."""
        labels = part.labels
        label = labels[0] if labels else None
        if label not in self.held or labels.count(label) != len(labels):
            return None
        if any(end[1] != label for end in found.values()):  # `found` holds the ends of this batch only
            return None
        return {self.held[label]: (list(range(len(part))), *ends)}

    def _homes(self, part: RelationRows, found: dict[int, tuple[str, str]], stored: set[int],
               counts: Counter[int], slow: list[int]) -> dict[str, tuple[list[int], list[str], list[str]]]:
        """The rows of `part` written from the columns, by the schema they live in (`_relation_home`), with their
        ends' types; rows stored already or named twice (or all, before format 2) added to `slow`."""
        fresh = self.format >= 2
        new: dict[str, tuple[list[int], list[str], list[str]]] = {}
        src_keys, dst_keys, labels, held = part.src_keys, part.dst_keys, part.labels, self.held
        for i, key in enumerate(part.keys):
            if not fresh or key in stored or counts[key] > 1:
                slow.append(i)
                continue
            src, dst = found[src_keys[i]], found[dst_keys[i]]
            label = labels[i]
            name = (held[label] if label == src[1] == dst[1] and label in held  # `_relation_home`, inline
                    else self._relation_home(label, src[1], dst[1], part.ids[i]))
            slot = new.get(name)
            if slot is None:
                slot = new[name] = ([], [], [])
            slot[0].append(i)
            slot[1].append(src[0])
            slot[2].append(dst[0])
        return new

    def _new_relation_rows(self, said: dict[tuple[str, str], int], name: str, part: RelationRows, at: list[int],
                           rid: int, src_types: list[str], dst_types: list[str]) -> list[tuple[Any, ...]]:
        """Rows `at` of `part` as lean schema `name` stores new relations (`_coded_relations`' form in format 9),
        rids from `rid` on, their ends' types given: built column by column, as `_new_entity_rows` does, each
        value that many rows share (a props text: a role, a kind; a type) worked out once, not once a row."""
        def col(values: list[Any]) -> list[Any]:
            return values if whole else [values[i] for i in at]

        whole = len(at) == len(part)
        texts = col(part.props_json)
        counts = Counter(texts)
        stored = {text: stored_props(text) for text in counts}
        types = col(part.types)
        if name in self.coded:
            held: Counter[Any] = Counter()
            for text, n in counts.items():
                held[stored[text]] += n
            pids = self._rprops_ids(name, held)
            stored = {text: pids[value] for text, value in stored.items()}
            code = {t: TYPE_CODE.get(t, t) for t in {*types, *src_types, *dst_types}}
            types, src_types, dst_types = ([code[t] for t in c] for c in (types, src_types, dst_types))
        sids, rests = self._said_columns(said, name, part, col(part.refs))
        codes = _label_codes(col(part.labels))
        return list(zip(range(rid, rid + len(at)), col(part.keys), types, col(part.src_keys),
                        col(part.dst_keys), src_types, dst_types, [stored[text] for text in texts], sids, rests,
                        col(part.valid_from), col(part.valid_to), codes, strict=True))

    def _row_maker(self, part: RelationRows) -> Callable[[str, int, int, str, str], tuple[Any, ...]]:
        """Row i of `part` as schema `name` stores a new relation: a lean row (its said id looked up once
        per file name in its reference), or the format-2 columns `_insert_records` takes (a schema not in
        format 3 or later: `_new_relation_rows` makes the lean rows of a bulk load)."""
        now, user = now_iso(), self.caller.user
        said: dict[tuple[str, str], int] = {}
        stored: dict[str, str | bytes] = {}  # many rows share their properties (a role, a kind)

        def row(name: str, rid: int, i: int, src_type: str, dst_type: str) -> tuple[Any, ...]:
            text = part.props_json[i]
            props = stored.get(text)
            if props is None:
                props = stored[text] = stored_props(text)
            own = (rid, part.keys[i], part.types[i], part.src_keys[i], part.dst_keys[i], src_type, dst_type, props)
            if name not in self.lean:
                return (*own, *part.meta(i), user, now, None, None)
            sid, rest = self._new_row_said(said, name, part, i, user, now)
            label = part.labels[i]
            return (*own, sid, rest, part.valid_from[i], part.valid_to[i], LABEL_CODE.get(label, label))

        return row

    def _check_row_ends(self, part: RelationRows, found: dict[int, tuple[str, str]], keys: set[int]
                        ) -> tuple[list[str], list[str]]:
        """Both ends exist and have types the relation type allows (`Schema.prepare_relation`'s messages, for the
        first row at fault); returns the ends' types, a column each. `keys`: the ends' keys, `found` what exists of
        them. Each (type, start type, end type) is checked once, and a row is looked at only to say which is bad."""
        if not keys <= found.keys():  # an end missing: row by row, what the first row at fault lacks
            combos: set[tuple[str, str, str]] = set()
            for i, (t, s, d) in enumerate(zip(part.types, part.src_keys, part.dst_keys, strict=True)):
                if s not in found or d not in found:
                    end = part.src[i] if s not in found else part.dst[i]
                    raise NotFound(f"{t} {part.src[i]} -> {part.dst[i]}: no entity {end!r} in the project")
                if (t, found[s][0], found[d][0]) not in combos:
                    check_end_types(self.schema.relations[t], f"{t} {part.src[i]}->{part.dst[i]}", found[s][0],
                                    found[d][0])
                    combos.add((t, found[s][0], found[d][0]))
        type_of = {k: end[0] for k, end in found.items()}
        src_types, dst_types = [type_of[k] for k in part.src_keys], [type_of[k] for k in part.dst_keys]
        rows = list(zip(part.types, src_types, dst_types, strict=True))
        first = dict(zip(reversed(rows), range(len(rows) - 1, -1, -1), strict=True))  # each combo's first row
        for (rtype, src_type, dst_type), i in sorted(first.items(), key=lambda item: item[1]):
            check_end_types(self.schema.relations[rtype], f"{rtype} {part.src[i]}->{part.dst[i]}", src_type, dst_type)
        return src_types, dst_types

    def _relations_by_key(self, chunk: list[Relation], ends: dict[str, int], types: dict[int, str],
                          stats: UpsertStats) -> dict[int, tuple[list[Relation], int, int, str, str]]:
        """The batch grouped by relation key, each with its ends' keys and types (undirected ends ordered)."""
        batch: dict[int, tuple[list[Relation], int, int, str, str]] = {}
        for rel in chunk:
            src, dst = ends[rel.source_id], ends[rel.target_id]
            if src not in types or dst not in types:
                end = rel.source_id if src not in types else rel.target_id
                raise NotFound(f"{rel.type} {rel.source_id} -> {rel.target_id}: no entity {end!r} in the project")
            src_type, dst_type = types[src], types[dst]
            named_first = rel.source_id
            self.schema.prepare_relation(rel, src_type, dst_type)
            if rel.source_id != named_first:  # undirected: ends were swapped
                src, dst, src_type, dst_type = dst, src, dst_type, src_type
            stats.ids.append(rel.id)
            key = parse_id(rel.id)
            if key in batch:
                batch[key][0].append(rel)
            else:
                batch[key] = ([rel], src, dst, src_type, dst_type)
        return batch

    def _written_now(self) -> WrittenEntities:
        """The entities this transaction wrote, (type, label) by key; past WRITTEN_MAX folded into arrays (see
        graph.stores.written: 10 bytes an entity, the oldest forgotten past WRITTEN_KEPT)."""
        self._written.fold_if_full()
        return self._written

    def _stored_rows(self, table: str, keys: Iterable[int]) -> dict[int, Any]:
        """The stored rows (_ENTITY_SELECT / _RELATION_SELECT) of those of `keys` that exist, by key; keys a
        load into empty partitions knows to be new are not looked up (graph.stores.fresh)."""
        maybe = self._fresh.maybe_stored(table, keys)
        if not maybe:
            return {}
        select = (_ENTITY_SELECT + " WHERE e.key") if table == "entities" else (_RELATION_SELECT + " WHERE r.key")
        return {row[0]: row for row in self.conn.execute(select + _IN, (canonical_json(maybe),))}

    def _entity_types_labels(self, keys: set[int]) -> dict[int, tuple[str, str]]:
        """(type, label) of the entities with these keys that exist: those this transaction wrote from
        memory (a bulk import's relations name the entities it just upserted), the others read."""
        found = self._written.found(keys)
        rest = self._fresh.maybe_stored("entities", (k for k in keys if k not in found))
        if rest:
            found.update({k: (entity_type_name(t), lab) for k, t, lab in self.conn.execute(
                "SELECT key, type, label FROM entities WHERE key" + _IN, (canonical_json(rest),))})
        return found

    def _new_sources(self, out: dict[str, list[tuple[Any, ...]]], old: Record, sf: Fold, key: int,
                     home_label: str, user: str, now: str) -> None:
        """The provenance rows of sources new to a record stored (or stored now) at `home_label`."""
        for new in sf.new_sources:
            if is_new_source(old, new):
                top = max(new.label, home_label, key=label_rank)
                out.setdefault(self.part_for(top, old.id), []).append(_source_row(key, new, user, now))

    def _new_from_fold(self, folds: list[tuple[int, Fold, str]], extra: dict[str, list[tuple[Any, ...]]], key: int,
                       sf: Fold, rec: Record, home_label: str, user: str, now: str) -> None:
        """A new record that several rows of one batch named, stored as when those rows come batches apart:
        its statements, and a provenance row for each source after the first. One document naming it
        twice leaves what one row leaves: its own row, the statements implicit in it (format 2)."""
        rec.created_by, rec.created_at = user, now
        if self.format >= 2 and implied_by_row(sf.rows, rec):
            return
        rec.updated_by, rec.updated_at = user, now
        folds.append((key, sf, home_label))
        self._new_sources(extra, rec, sf, key, home_label, user, now)

    def _upsert_relation_batch(self, chunk: list[Relation]) -> UpsertStats:
        stats = UpsertStats()
        ends = {i: (_keys([i]) or [-1])[0] for i in {i for r in chunk for i in (r.source_id, r.target_id)}}
        found = self._entity_types_labels(set(ends.values()))
        types = {k: t for k, (t, _) in found.items()}
        batch = self._relations_by_key(chunk, ends, types, stats)
        existing = self._stored_rows("relations", batch)
        missing = {k for row in existing.values() for k in (row[2], row[3])} - set(found)
        if missing:  # ends of stored relations the batch did not name
            found.update({k: (entity_type_name(t), lab) for k, t, lab in self.conn.execute(
                "SELECT key, type, label FROM entities WHERE key" + _IN, (canonical_json(sorted(missing)),))})
        stored = self._stored_statements(existing)
        now, user = now_iso(), self.caller.user
        rids = self._rid_counter("relations")
        folds: list[tuple[int, Fold, str]] = []
        inserts: dict[str, list[tuple[Any, ...]]] = {}
        updates: dict[str, list[tuple[Any, ...]]] = {}
        extra_sources: dict[str, list[tuple[Any, ...]]] = {}
        moved: list[tuple[int, str, str]] = []
        implicit = self.format >= 2
        for key, (rels, src, dst, src_type, dst_type) in batch.items():
            row = existing.get(key)
            if row is None and implicit and len(rels) == 1:  # most of a bulk import: no fold needed
                rel = rels[0]
                name = self._relation_home(rel.label, found[src][1], found[dst][1], rel.id)
                inserts.setdefault(name, []).append((rids[name], key, rel.type, src, dst, src_type, dst_type,
                                                     props_column(rel.properties), *_created(rel, user, now)))
                rids[name] += 1
                stats.created += 1
                continue
            if (row is not None and implicit and len(rels) == 1 and key not in stored
                    and _restated(row, 6, 7, rels[0])):
                stats.unchanged += 1  # its own source again, word for word
                continue
            sf = self._fold(None if row is None else _relation_from_row(row), rels, stored.get(key, {}), user, now)
            rel = sf.view
            assert isinstance(rel, Relation)
            if row is None:
                name = self._relation_home(rel.label, found[src][1], found[dst][1], rel.id)
                self._new_from_fold(folds, extra_sources, key, sf, rel, self._label_of_schema(name), user, now)
                inserts.setdefault(name, []).append((rids[name], key, rel.type, src, dst, src_type, dst_type,
                                                     props_column(rel.properties), *meta_values(rel)))
                rids[name] += 1
                stats.created += 1
                continue
            here = self._schema_of_rid(row[_REL_ROWID])
            self._new_sources(extra_sources, _relation_from_row(row), sf, key, self._label_of_schema(here), user, now)
            merged = rel
            if not sf.changed:
                folds.append((key, sf, self._label_of_schema(here)))
                stats.unchanged += 1
                continue
            merged.updated_by, merged.updated_at = user, now
            if row[2] in found and row[3] in found:
                there = self._relation_home(merged.label, found[row[2]][1], found[row[3]][1], rel.id)
            else:  # an end this member cannot see: the relation stays where it is
                there = here
            folds.append((key, sf, self._label_of_schema(there)))
            updates.setdefault(here, []).append((props_column(merged.properties), *meta_values(merged), key))
            if there != here:
                moved.append((key, here, there))
            stats.updated += 1
        cur = self.conn.cursor()
        for name, rows in inserts.items():
            self._insert_records(cur, name, "relations", rows)
        for name, rows in updates.items():
            lean_writes.update_records(self, cur, name, "relations", rows)
        for name, rows in extra_sources.items():
            stats.sources_added += self._add_sources(cur, name, rows)
        for key, here, there in moved:  # relabelled upwards: into the partition of its new label
            lean_writes.move_relation(self, cur, key, here, there, rids[there])
            rids[there] += 1
            lean_writes.move_claims(self, "provenance", [key], here, there)
            lean_writes.move_claims(self, "statements", [key], here, there)
        self._write_statements(cur, folds, stored)
        return stats

    @staticmethod
    def _id_of(key: int, type_name: str) -> str:
        """An entity's id from its key and its type as a row holds it (a name, or a code: format 10)."""
        return format_id(type_prefix(entity_type_name(type_name)), key)

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        keys = _keys(ids)
        if not keys:
            return 0
        self._written.clear()
        self._memo.clear()
        with self.transaction():
            if self.partitioned:  # the transaction's audit entry names them after they went (`labels_of`)
                self._gone.update(self.labels_of(ids))
            arg = canonical_json(keys)
            ent = self.conn.execute("SELECT e.key, e.rid FROM entities e WHERE e.key" + _IN + self._elabel,
                                    (arg,)).fetchall()
            ent_arg = canonical_json([k for k, _ in ent])
            rels = [r[0] for r in self.conn.execute(
                "SELECT r.key FROM relations r WHERE (r.key" + _IN + self._rlabel + ") OR r.src" + _IN
                + " OR r.dst" + _IN, (arg, ent_arg, ent_arg))]
            for _k, rid in ent:
                self.conn.execute(f"DELETE FROM {self._schema_of_rid(rid)}.entity_search WHERE rowid = ?", (rid,))
            gone = [k for k, _ in ent] + rels
            for name in dict.fromkeys(self.held.values()):
                for table, which in (("entities", [k for k, _ in ent]), ("relations", rels),
                                     ("provenance", gone), ("statements", gone)):
                    lean_writes.delete_rows(self, name, table, which)
        return len(ent) + len(rels)

    # -- reads ------------------------------------------------------------------------------
    def get_entity(self, entity_id: str) -> Entity:
        row = self.conn.execute(_ENTITY_SELECT + " WHERE e.key = ?" + self._elabel,
                                (_key(entity_id, "entity"),)).fetchone()
        if row is None:
            raise NotFound(f"no entity {entity_id!r} in the project")
        return _entity_from_row(row)

    def get_entities(self, ids: Iterable[str]) -> dict[str, Entity]:
        rows = self.conn.execute(_ENTITY_SELECT + " WHERE e.key" + _IN + self._elabel, (canonical_json(_keys(ids)),))
        return {e.id: e for e in map(_entity_from_row, rows)}

    def get_relation(self, relation_id: str) -> Relation:
        row = self.conn.execute(_RELATION_SELECT + " WHERE r.key = ?" + self._rlabel,
                                (_key(relation_id, "relation"),)).fetchone()
        if row is None:
            raise NotFound(f"no relation {relation_id!r} in the project")
        return _relation_from_row(row)

    def sources(self, record_id: str) -> list[SourceRecord]:
        """Every source that said something about the record (its first source first), each with
        the grading it gave; sources above the caller's clearance are absent."""
        record: Record = (self.get_relation(record_id) if record_id.startswith("rel-")
                          else self.get_entity(record_id))
        marks = [s for s in self._statements(record_id) if s.prop == RECORD_MARK]
        if not marks:  # a record stored before statements existed
            return self._legacy_sources(record)
        own = (record.provenance.source, record.provenance.reference or "") if record.provenance else ("", "")
        marks.sort(key=lambda s: ((s.source, s.reference) != own, s.added_at or "", s.source, s.reference))
        return [SourceRecord(s.source, s.reference or None, s.received, s.reliability, s.credibility,
                             s.added_by, s.added_at) for s in marks if s.source]

    def _legacy_sources(self, record: Record) -> list[SourceRecord]:
        out = []
        if record.provenance is not None:
            out.append(SourceRecord(record.provenance.source, record.provenance.reference,
                                    record.provenance.received, record.reliability, record.credibility,
                                    record.created_by, record.created_at))
        rows = self.conn.execute("SELECT source, reference, received, reliability, credibility, added_by, "
                                 "added_at FROM provenance WHERE record_id = ? ORDER BY added_at, source",
                                 (parse_id(record.id),))
        out.extend(SourceRecord(r[0], r[1] or None, *r[2:]) for r in rows)
        return out

    def statements(self, record_id: str) -> list[Statement]:
        """What each source said about a visible record, property by property (issue 19).

        Statements whose label the caller may not see are absent. `@record` (the source named
        the record) is left out; validity shows as `@valid_from` / `@valid_to`.
        """
        record: Record = (self.get_relation(record_id) if record_id.startswith("rel-")
                          else self.get_entity(record_id))
        found = self._statements(record_id)
        if not found and self.format >= 2 and not self.conn.execute(
                "SELECT 1 FROM statements WHERE record_id = ? LIMIT 1", (parse_id(record_id),)).fetchone():
            # format 2: what its one source said is the record's own row
            found = [Statement(record_id, r[0], json.loads(r[1]), *r[2:])
                     for r in sorted(legacy_rows(record), key=lambda r: (r[0], r[2], r[3], r[1]))]
        return [s for s in found if s.prop != RECORD_MARK]

    def _statements(self, record_id: str) -> list[Statement]:
        clearance = "" if self.caller.sees_all() else (
            " AND label IN (" + ",".join(f"'{lab}'" for lab in sorted(self.caller.clearance)) + ")")
        rows = self.conn.execute("SELECT " + ", ".join(STATEMENT_COLS) + " FROM statements WHERE record_id = ?"
                                 + clearance + " ORDER BY prop, source, reference, value", (parse_id(record_id),))
        return [Statement(record_id, r[0], json.loads(r[1]), *r[2:]) for r in rows]

    def relations_of(self, entity_id: str, relation_types: Iterable[str] | None = None) -> list[Relation]:
        key = _key(entity_id, "entity")
        type_sql, params = self._type_filter("r", relation_types, "relation")
        rows = self.conn.execute(
            _RELATION_SELECT + " WHERE r.src = ?" + type_sql + self._rlabel + " UNION "
            + _RELATION_SELECT + " WHERE r.dst = ?" + type_sql + self._rlabel,
            (key, *params, key, *params))
        return sorted(map(_relation_from_row, rows), key=lambda r: (r.type, r.valid_from or "", r.id))

    def _type_filter(self, alias: str, names: Iterable[str] | None, kind: str) -> tuple[str, tuple[str, ...]]:
        if names is None:
            return "", ()
        names = tuple(names)
        self.schema.check_types(names, kind)
        # an entity row holds its type's name or code (format 10): asked for both, `entities_type` finds either
        values = entity_type_values(names) if kind == "entity" else list(names)
        return f" AND {alias}.type" + _IN, (canonical_json(values),)

    def search(self, query: str, *, types: Iterable[str] | None = None, limit: int = 25) -> list[Entity]:
        """Word-prefix search; see `rank_hits` for the order.

        The full-text index finds candidates unranked (fast even for a two-letter prefix in
        a million records); at most SEARCH_CANDIDATES of them are ranked, so a very common
        prefix ("de") ranks only the first ones found — the analyst types on to narrow it.
        """
        words = fold(query).split()
        if not words:
            return []
        match = " AND ".join(f'"{w}"*' for w in words)
        type_sql, params = self._type_filter("e", types, "entity")
        names = list(dict.fromkeys(self.held.values()))  # each partition has its own index: one statement
        summaries = self._file_summaries(names)
        if summaries:  # a file that cannot hold a hit is not searched, nor attached for it
            names = [n for n in names if n not in summaries or summaries[n].may_hit(words, types)]
        if not summaries:
            self.conn.attach_deferred()
        else:
            self._attach_labels([lab for lab in self._deferred if self.held[lab] in names])
        # Several files: one read transaction, so they are locked and checked once, not per statement.
        # The LIMIT of a compound SELECT bounds all of it (wrapping it in a subquery cost 0.1 ms a search).
        # A literal LIMIT: a bound one is pushed into the record views, so SQLite prepares the statement
        # again at every execution (0.05 ms per partition, most of a search's cost per extra label file).
        missing: list[str] = []
        with self.conn.only_attached(), self._read_snapshot(attach=not summaries) if len(names) > 1 \
                else contextlib.nullcontext():
            if len(names) > 1 and types is not None:
                names = self._holding(names, tuple(types))
            union = " UNION ALL ".join(self._search_branch(n, type_sql) for n in names)
            candidates = self.conn.execute(f"{union} LIMIT {int(SEARCH_CANDIDATES)}",
                                           (match, *params) * len(names)).fetchall() if names else []
            # Equal ranks in the order of the records' keys, not of the files: the same order whichever
            # layout (one file or a file per label) holds the records.
            candidates.sort()
            best = rank_hits(words, [(rid, caption) for _, rid, caption, _ in candidates])[:limit]
            chosen = set(best)
            twins = self._twin_files(summaries, {entity_type_name(t) for _, rid, _, t in candidates if rid in chosen})
            missing = [lab for lab in self._deferred if twins is not None and self.held[lab] in twins]
            if not missing:
                rows = {r[_ROWID]: r for r in self._entities_by_rid(best, twins)}
        if missing:  # a file left out may hold a twin of a hit: attached (not inside a read transaction)
            self._attach_labels(missing)
            with self.conn.only_attached():
                rows = {r[_ROWID]: r for r in self._entities_by_rid(best, twins)}
        return [_entity_from_row(rows[rid]) for rid in best if rid in rows]

    def _file_summaries(self, names: list[str]) -> dict[str, file_summary.Summary]:
        """The label files among `names` with a summary of what they hold now (`graph.stores.file_summary`),
        by schema: none inside a transaction, or in a project of one file."""
        if len(names) < 2 or self._tx.depth or self.conn.in_transaction:
            return {}
        out = {}
        for label, name in self.held.items():
            if name != "main" and name in names and (found := self._summary(label)) is not None:
                out[name] = found
        return out

    def _twin_files(self, summaries: dict[str, file_summary.Summary], types: set[str]) -> set[str] | None:
        """The label files where the hits (entities of `types`) may have twins to hide them (see
        `_define_views`): those with no summary, and those whose summary holds an entity of those types,
        to be attached if the search left them out (a twin need not match the words). None: every file."""
        if not summaries:
            return None
        return {n for n in dict.fromkeys(self.held.values())
                if n != "main" and (n not in summaries or summaries[n].may_hold(types))}

    def _holding(self, names: list[str], types: tuple[str, ...]) -> list[str]:
        """The schemas among `names` holding an entity of the searched types: one statement, in the search's
        read transaction (a file written meanwhile is judged as the search reads it).

        A file's full-text index costs its first read in a session whatever it holds (FTS5 reads its
        configuration twice, its structure record and a page of its index: about 0.1 ms a label file, a
        third of what it adds to a first search), and a type search (the type tabs, `search --type`) often
        names types a label file has none of: Person in a file of bank accounts. A branch joins its index to
        the file's entity rows of those types, so a file without one adds no hit. The probe is an index
        look-up (`entities_type`) and leaves a label filter to the search: a file whose entities are all
        outside a narrower clearance is searched, never scanned whole to find that out. Without types
        every file with a label is searched: the probe would cost what it saves (a label file holding
        relations only has an empty index, cheap to read; measured with bench_access).
        """
        if not types:
            return []
        types = tuple(entity_type_values(types))  # names and codes (format 10)
        marks = ", ".join("?" * len(types))  # a list, not json_each: a look-up of 3 us instead of 14 (a type tab)
        probes = ", ".join(f"EXISTS(SELECT 1 FROM {n}.{self._rows(n, 'entities')} WHERE type IN ({marks}))"
                           for n in names)
        found = self.conn.execute(f"SELECT {probes}", types * len(names)).fetchone()
        return [n for n, held in zip(names, found, strict=True) if held]

    def _search_branch(self, name: str, type_sql: str) -> str:
        """The full-text candidates of one schema: (key, rid, caption).

        Key, rid, caption and type are a lean row's own columns, so without a label filter a
        schema in format 3 or later is read from its rows, not through its `entities` view:
        preparing the view (a join with `said`, label and reference expressions) for every file
        was a quarter of a first search's cost (0.37 ms of 1.5 over four files, profiled).
        """
        table = f"{name}.entity_rows" if name in self.lean and not self._elabel else self._src(name, "entities")
        return (f"SELECT e.key, e.rid, e.caption, e.type FROM {name}.entity_search JOIN {table} e "
                "ON e.rid = entity_search.rowid WHERE entity_search MATCH ?" + type_sql + self._elabel)

    @contextmanager
    def _read_snapshot(self, *, attach: bool = True) -> Iterator[None]:
        """Several reads as one read transaction (nothing when a transaction is already open); with `attach`, of
        every label file held (else of those attached: a search that left some out)."""
        if self._tx.depth or self.conn.in_transaction:
            yield
            return
        if attach:
            self.conn.attach_deferred()
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def _entities_by_rid(self, rids: list[int], twins: set[str] | None = None) -> list[Any]:
        """Entity rows by rid, read from the partition each rid names (not through the views), twins hidden.

        Before the twins are found (see `_define_views`) each row is looked up in the higher
        partitions' key index in the same statement (NOT EXISTS: ~0.02 ms a search of 25 hits in
        three label files; reading every key those files hold, once a session, made the first
        search 1.5x as slow once the twins were looked for at every open).
        """
        by_schema: dict[str, list[int]] = {}
        for rid in rids:
            by_schema.setdefault(self._schema_of_rid(rid), []).append(rid)
        if not by_schema:
            return []
        sql = " UNION ALL ".join(_ENTITY_SELECT.replace("FROM entities e", f"FROM {self._src(n, 'entities')} e")
                                 + " WHERE e.rid"
                                 + _IN + self._shadow_sql("entities", n, "e", twins) for n in by_schema)
        return self.conn.execute(sql, [canonical_json(v) for v in by_schema.values()]).fetchall()

    def neighbours(self, ids: Iterable[str], depth: int = 1, *,
                   relation_types: Iterable[str] | None = None, max_nodes: int | None = None) -> set[str]:
        if self.partitioned and not (self._elabel or self._rlabel):
            with self._read_snapshot():
                return self._neighbours_by_file(_keys(ids), depth, relation_types, max_nodes)
        visible = self.conn.execute("SELECT e.key FROM entities e WHERE e.key" + _IN + self._elabel,
                                    (canonical_json(_keys(ids)),))
        seen = {k for (k,) in visible}
        frontier = set(seen)
        type_sql, params = self._type_filter("r", relation_types, "relation")
        for _ in range(depth):
            if not frontier:
                break
            arg = canonical_json(list(frontier))
            rows = self.conn.execute(
                "SELECT r.dst FROM relations r WHERE r.src" + _IN + type_sql + self._rlabel
                + " UNION SELECT r.src FROM relations r WHERE r.dst" + _IN + type_sql + self._rlabel,
                (arg, *params, arg, *params))
            found = {k for (k,) in rows} - seen
            if max_nodes is not None and len(seen) + len(found) > max_nodes:
                found = set(sorted(found)[: max(0, max_nodes - len(seen))])
            seen |= found
            frontier = found
        rows = self.conn.execute("SELECT key, type FROM entities WHERE key" + _IN, (canonical_json(list(seen)),))
        return {self._id_of(k, t) for k, t in rows}

    def _neighbours_by_file(self, keys: list[int], depth: int, relation_types: Iterable[str] | None,
                            max_nodes: int | None) -> set[str]:
        """`neighbours` of a partitioned project whose files hold nothing outside the clearance, in one read
        snapshot: each file read as the record views read it (twins hidden alike), a label file asked only
        about the keys it holds (`_file_keys`).

        Through the views every file was asked about every key (an index look-up per key, file and
        direction): three small label files made a neighbours call 1.2x the one file's (bench_access,
        at every commit since the bench was written), while the keys a label file holds are mostly few."""
        type_sql, params = self._type_filter("x", relation_types, "relation")
        seen = {k for k, _ in self._by_file("entities", set(keys), lambda src, shadow: [
            f"SELECT x.key, x.type FROM {src} x WHERE x.key" + _IN + shadow])}
        frontier = set(seen)
        for _ in range(depth):
            if not frontier:
                break
            found = {k for (k,) in self._by_file("relations", frontier, lambda src, shadow: [
                f"SELECT x.dst FROM {src} x WHERE x.src" + _IN + type_sql + shadow,
                f"SELECT x.src FROM {src} x WHERE x.dst" + _IN + type_sql + shadow], params)} - seen
            if max_nodes is not None and len(seen) + len(found) > max_nodes:
                found = set(sorted(found)[: max(0, max_nodes - len(seen))])
            seen |= found
            frontier = found
        rows = self._by_file("entities", seen, lambda src, shadow: [
            f"SELECT x.key, x.type FROM {src} x WHERE x.key" + _IN + shadow])
        return {self._id_of(k, t) for k, t in rows}

    def _by_file(self, table: str, keys: set[int], branches: Callable[[str, str], list[str]],
                 params: tuple[str, ...] = ()) -> list[Any]:
        """The rows of the SELECTs `branches(source, twins condition)` of `table` (each binding a list of keys,
        then `params`) over every held file, joined by UNION; each file is given only those of `keys` it
        holds, and a file holding none of them is not read."""
        parts: list[str] = []
        args: list[str] = []
        for name in dict.fromkeys(self.held.values()):
            held = None if name == "main" else self._file_keys(name, table, len(keys))
            some = keys if held is None else keys & held
            if not some:
                continue
            arg = canonical_json(sorted(some))
            for branch in branches(self._src(name, table), self._shadow_sql(table, name, "x")):
                parts.append(branch)
                args += [arg, *params]
        return self.conn.execute(" UNION ".join(parts), args).fetchall() if parts else []

    def _file_keys(self, name: str, table: str, asked: int) -> frozenset[int] | None:
        """The keys label schema `name` holds of `table`: its entities' keys, or the keys its relations start or
        end at (twins too: a superset only asks more); None when the file is to be asked about every key.

        Kept while the file is unchanged: another connection's commit changes its data_version, a write of this
        one the connection's total_changes (any write: coarse, and exact). Read only for a file of at most
        KEYS_PER_ASKED rows (its rid range) per key asked and KEYS_KEPT in all."""
        seen = (self.conn.execute(f"PRAGMA {name}.data_version").fetchone()[0], self.conn.total_changes)
        kept = self._kept_keys.get((name, table))
        rows = self._rows(name, table)
        if kept is None or kept.seen != seen:  # min and max in one SELECT would scan the table
            first, last = self.conn.execute(f"SELECT (SELECT min(rid) FROM {name}.{rows}), "
                                            f"(SELECT max(rid) FROM {name}.{rows})").fetchone()
            kept = self._kept_keys[(name, table)] = _KeptKeys(seen, 0 if first is None else last - first + 1)
        if kept.keys is None:
            if kept.span > min(KEYS_KEPT, KEYS_PER_ASKED * asked):
                return None
            sql = (f"SELECT key FROM {name}.{rows}" if table == "entities"  # each from its index, not the rows
                   else f"SELECT src FROM {name}.{rows} UNION ALL SELECT dst FROM {name}.{rows}")
            kept.keys = frozenset(k for (k,) in self.conn.execute(sql))
        return kept.keys

    def subgraph(self, ids: Iterable[str]) -> nx.MultiDiGraph:
        import networkx as nx

        g = nx.MultiDiGraph()
        keys = _keys(ids)
        for row in self.conn.execute(_ENTITY_SELECT + " WHERE e.key" + _IN + self._elabel, (canonical_json(keys),)):
            e = _entity_from_row(row)
            g.add_node(e.id, **node_attrs(e))
        arg = canonical_json(keys)
        for row in self.conn.execute(_RELATION_SELECT + " WHERE r.src" + _IN + " AND r.dst" + _IN + self._rlabel,
                                     (arg, arg)):
            rel = _relation_from_row(row)
            g.add_edge(rel.source_id, rel.target_id, key=rel.id, **edge_attrs(rel))
        return g

    def graph(self, *, entity_types: Iterable[str] | None = None,
              relation_types: Iterable[str] | None = None) -> nx.MultiDiGraph:
        import networkx as nx

        g = nx.MultiDiGraph()
        self._materialize_shadows()
        etype_sql, eparams = self._type_filter("e", entity_types, "entity")
        for row in self.conn.execute(_ENTITY_SELECT + " WHERE 1" + etype_sql + self._elabel, eparams):
            e = _entity_from_row(row)
            g.add_node(e.id, **node_attrs(e))
        rtype_sql, rparams = self._type_filter("r", relation_types, "relation")
        for row in self.conn.execute(_RELATION_SELECT + " WHERE 1" + rtype_sql + self._rlabel, rparams):
            rel = _relation_from_row(row)
            if rel.source_id in g and rel.target_id in g:
                g.add_edge(rel.source_id, rel.target_id, key=rel.id, **edge_attrs(rel))
        return g

    def iter_entities(self, entity_type: str | None = None) -> Iterator[Entity]:
        type_sql, params = self._type_filter("e", None if entity_type is None else [entity_type], "entity")
        for row in self._iter_rows(_ENTITY_SELECT, "entities e", "e", type_sql + self._elabel, params):
            yield _entity_from_row(row)

    def iter_relations(self, relation_type: str | None = None) -> Iterator[Relation]:
        type_sql, params = self._type_filter("r", None if relation_type is None else [relation_type], "relation")
        for row in self._iter_rows(_RELATION_SELECT, "relations r", "r", type_sql + self._rlabel, params):
            yield _relation_from_row(row)

    def _iter_rows(self, select: str, table: str, alias: str, where: str,
                   params: tuple[str, ...]) -> Iterator[Sequence[Any]]:
        """Rows for a lazy reader (a table that scrolls), in rid order (a single file's rows of one entity type in
        the order of `entities_type`: the same, but in a file upgraded from format 9, whose coded rows come first).

        A single file (WAL) streams from one cursor. A partitioned project uses a rollback
        journal, where a statement left open between fetches would hold a shared lock and
        stall every writer's commit: there each page is a finished statement (keyset on
        rid, partition by partition, twins shadowed as in the views).
        """
        if not self.partitioned:
            yield from self.conn.execute(select + " WHERE 1" + where, params)
            return
        name_of = table.split()[0]
        self._materialize_shadows()
        for name in dict.fromkeys(self.held.values()):
            shadow = self._shadow_sql(name_of, name, alias)
            sql = (select.replace(f"FROM {table}", f"FROM {self._src(name, name_of)} {alias}")
                   + f" WHERE {alias}.rid > ?" + shadow + where + f" ORDER BY {alias}.rid LIMIT {_PAGE}")
            last = -1
            while True:
                rows = self.conn.execute(sql, (last, *params)).fetchall()
                yield from rows
                if len(rows) < _PAGE:
                    break
                last = rows[-1][-1]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        self._materialize_shadows()
        if self.partitioned and not (self._elabel or self._rlabel):  # per file: each uses its type index
            for table, alias in (("entities", "e"), ("relations", "r")):
                for name in dict.fromkeys(self.held.values()):
                    rows = self._rows(name, table)  # type and key are a lean row's own columns
                    for t, n in self.conn.execute(f"SELECT {alias}.type, count(*) FROM {name}.{rows} {alias} "
                                                  "WHERE 1" + self._shadow_sql(table, name, alias)
                                                  + f" GROUP BY {alias}.type"):
                        t = TYPE_OF_CODE.get(t, t)  # a type code (format 9: a relation row's; 10: an entity row's)
                        out[t] = out.get(t, 0) + n
            return dict(sorted(out.items(), key=lambda kv: (kv[0] not in self.schema.entities, kv[0])))
        for t, n in self.conn.execute("SELECT e.type, count(*) FROM entities e WHERE 1" + self._elabel
                                      + " GROUP BY e.type"):
            t = entity_type_name(t)  # a code and a name of one type (format 10, a file upgraded from 9) add up
            out[t] = out.get(t, 0) + n
        out = dict(sorted(out.items()))
        for t, n in self.conn.execute("SELECT r.type, count(*) FROM relations r WHERE 1" + self._rlabel
                                      + " GROUP BY r.type ORDER BY r.type"):
            out[t] = n
        return out

    def delivered_before(self, cutoff: str) -> list[tuple[str, str, str, str, str]]:
        """Visible records whose latest delivery is before `cutoff` (ISO date), oldest first.

        A record's reference date is the most recent `received` among its own provenance and
        every later source, else the day it was created (the retention rule of
        `graph.access.retention`). Rows: (id, kind entity|relation, type, caption, reference date).
        """
        def sql(table: str, alias: str, caption: str, label_sql: str) -> str:
            return (f"SELECT {alias}.key, {alias}.type, {caption}, "
                    f"max(coalesce({alias}.received, substr({alias}.created_at, 1, 10)), "
                    f"coalesce((SELECT max(p.received) FROM provenance p WHERE p.record_id = {alias}.key), '')) "
                    f"AS ref FROM {table} {alias} WHERE 1{label_sql}")

        self._materialize_shadows()
        out = []
        for kind, query in (("entity", sql("entities", "e", "e.caption", self._elabel)),
                            ("relation", sql("relations", "r", "r.type", self._rlabel))):
            for key, rtype, caption, ref in self.conn.execute(
                    f"SELECT * FROM ({query}) WHERE ref < ? ORDER BY ref, key", (cutoff,)):
                rtype = entity_type_name(rtype) if kind == "entity" else rtype
                prefix = type_prefix(rtype) if kind == "entity" else "rel"
                out.append((format_id(prefix, key), kind, rtype, caption, ref or ""))
        return out

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def rekey(self, new_key: bytes, label: str = SECURITY_LABELS[0]) -> None:
        """Re-encrypt every page of one partition (default: the main file) under new_key.

        SQLCipher `PRAGMA rekey`; the old key stops working. The WAL (single-file projects)
        is checkpointed and truncated before and after, so no frame under the old key is
        left behind. Used by the access layer when a member is removed or loses clearance.
        """
        if self._tx.depth:
            raise KnooppuntError("cannot re-key inside a transaction")
        name = self.part_for(label, "re-key")
        self.conn.execute(f"PRAGMA {name}.wal_checkpoint(TRUNCATE)").fetchall()
        self.conn.execute(f"PRAGMA {name}.rekey = {_sql_key(new_key)}").fetchall()
        self.conn.execute(f"PRAGMA {name}.wal_checkpoint(TRUNCATE)").fetchall()


def _touch_private(path: Path) -> None:
    """Create an empty file with mode 600 before SQLite does (its journals copy the mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


# -- row <-> record ---------------------------------------------------------------------------
def _check_canonical(entity: Entity) -> Entity:
    """An entity a mapper made canonical (`upsert_entities(canonical=True)`): it needs its id, nothing else."""
    if not entity.id:
        raise ValidationError(f"{entity.type} {entity.caption!r}: a canonical entity comes with its id")
    return entity


def _source_row(key: int, rec: Record, user: str, now: str) -> tuple[Any, ...]:
    p = rec.provenance
    assert p is not None
    return (key, p.source, p.reference or "", p.received, rec.reliability, rec.credibility, user, now)


def _created(rec: Record, user: str, now: str) -> tuple[Any, ...]:
    """A new record's META_FIELDS values: created now by user, never updated (stored as NULL, format 2)."""
    return (*meta_values(rec)[:8], user, now, None, None)


def _new_entity_row(schema: Schema, et: Any, entity: Entity, rid: int, key: int, user: str,
                    now: str, lean: bool) -> tuple[Any, ...]:
    """The entities row of a new entity one source names (prepared: canonical properties, caption);
    format 3 stores no identity text."""
    caption = schema.caption(et, entity.properties) or entity.caption
    return (rid, key, entity.type, caption, props_column(entity.properties, caption),
            None if lean else schema.identity_key(et, entity.properties), *_created(entity, user, now))


def _restated(row: Sequence[Any], props_at: int, meta_at: int, rec: Record) -> bool:
    """The stored record's only source says it again with the same values, grading, validity and label:
    what `fold_statements` would find unchanged (a record a large file names in several chunks).

    Another row of the same file (`meldingen.csv:12`, then `meldingen.csv:50012`) is that source too: a
    record many rows of one file name is recorded once, with the first as its reference
    (docs/import-specs.md), however far apart the rows are and whatever the importer still remembers."""
    return _restates(row, props_at, meta_at, rec.type, canonical_json(rec.properties), meta_values(rec)[:8])


def _restates(row: Sequence[Any], props_at: int, meta_at: int, type_name: str, props_json: str,
              said: tuple[Any, ...]) -> bool:
    """`_restated` of a record given as its type, canonical properties and first eight META_FIELDS values."""
    caption = row[2] if props_at == _ENTITY_PROPS else None  # an entity's props may hold its caption (codec 2)
    if entity_type_name(row[1]) != type_name or props_text(row[props_at], caption) != props_json:
        return False
    stored = tuple(row[meta_at:meta_at + 8])
    return stored == said or (stored[:1] + stored[2:] == said[:1] + said[2:] and _same_file(stored[1], said[1]))


def _same_file(first: str | None, later: str | None) -> bool:
    """Two `file:row[:part]` references into one file and part (a KvK document or a hand entry has no row)."""
    a = file_part(first)
    return a is not None and a == file_part(later)


def _refuse_other_identity(schema: Any, et: Any, entities: list[Entity], old: Entity | None,
                           row: Any) -> None:
    """Entities that share an id must be one thing: same type, and the identity the stored one has."""
    first = entities[0]
    stored = None  # the stored one's identity: its row's (format 2) or derived from its properties (format 3)
    if old is not None and row is not None:
        stored = row[4] or (schema.identity_key(schema.entities[old.type], old.properties)
                            if old.type in schema.entities else None)
    for e in entities:
        identity = schema.identity_key(et, e.properties)
        if e.type != first.type or (old is not None and (old.type != e.type or (
                identity and stored and identity != stored))):
            have = f"{old.type} {stored or old.caption!r}" if old is not None and row is not None else first.type
            raise KnooppuntError(f"{e.id}: already holds {have}; refusing to merge {e.type} {identity or e.caption!r}")


def _entity_from_row(row: Sequence[Any]) -> Entity:
    """An entity read by _ENTITY_SELECT; its type as the row holds it (format 10: a code, named here)."""
    type_name = entity_type_name(row[1])
    return Entity(id=format_id(type_prefix(type_name), row[0]), type=type_name, caption=row[2],
                  properties=props_of(row[3], row[2]), **meta_kwargs(row[5:]))


def _relation_from_row(row: Sequence[Any]) -> Relation:
    """A relation read by _RELATION_SELECT; its end types as the row holds them (format 9: a code, named here)."""
    src_type, dst_type = TYPE_OF_CODE.get(row[4], row[4]), TYPE_OF_CODE.get(row[5], row[5])
    return Relation(id=format_id("rel", row[0]), type=row[1], source_id=format_id(type_prefix(src_type), row[2]),
                    target_id=format_id(type_prefix(dst_type), row[3]), properties=props_of(row[6]),
                    **meta_kwargs(row[7:]))


