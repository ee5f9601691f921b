"""Storage format 3: a record row holds what is its own, and one integer for who said it when.

A bulk import writes a million records that share a handful of (source, date received,
grading, importer, time) combinations: stored as text in every row (format 2) they were
a quarter of the file. Here each partition keeps them once, in `said`, and the record
rows (`entity_rows`, `relation_rows`) point at them; the part of a reference up to its
first `:` (the file name, `meldingen.csv:`) goes with them, the row keeps the rest (`12`).
The identity text (derivable from the properties, never queried) is not stored, a known
security label is stored as its number (LABEL_CODES), and relations have no type index
(no query looks relations up by type alone: a type filter comes with an end or a full scan).

Everything that reads records keeps reading `entities` and `relations`: per partition
those are views with exactly the columns of format 2. Format 3 also had INSTEAD OF triggers
on them to turn a write through a view into writes of the rows and `said`; format 4 has
none: a label file's schema is parsed at every attach, and the triggers were three quarters
of its text (13.4 of 17.7 KB). The store writes the rows itself (graph.stores.lean_writes),
with `said` ids it caches per transaction; a format 3 file drops its triggers when opened.

Format 5 (issue 18) moves more of a reference into `said`/`srcs`: after the first ':' (or from
the start, when there is none) also the part up to the next '/'. A KvK record's reference
`basisprofiel/10000000` kept all 21 bytes in its row (no ':'); now the row keeps `10000000`
(a search result's `zoeken/<kvk>/<branch>` keeps `<kvk>/<branch>`: the first '/', not the last,
so that `said` stays one row per kind of document). A format 4 file is re-split at open
(`resplit_sql`); one that cannot be written then keeps the format-4 split, and the store
splits references per file (`split_ref(ref, fine)`), so reads and writes on a mixed project agree.

Format 6 (issue 11) keeps no record views in a file. SQLite parses a file's whole schema when it
is attached (and the main file's when it is opened), and the four views were half of a label
file's schema text (2.3 of 4.3 KB; 0.17 of 0.34 ms per ATTACH, bench/bench_attach.py) though an
open and its first search read none of them. The store reads a format-6 schema through
`lean_select` instead: the same SELECT as a subquery (`SQLiteStore._src`), and the TEMP views that
span the attached files are made of those subqueries, each when a statement first names it. A
file of format 2 to 5 drops its views when opened (`drop_views_sql`); one that cannot be written
then keeps them, and the store reads it through them.

Format 7 (issue 18) is format 6 whose rows may hold their properties in props codec 2 (graph.stores.records:
no key names, and no value that is also the row's caption) and the rest of a reference that is a number as an
integer (`ref_column`, in a `ref` column without a type): rows of codec 1 and text references read as before,
so a format 6 file only changes its number (a Knooppunt that knows format 6 only refuses the file at
open, not at the first record it cannot read).

Format 8 (issue 18) is format 7 whose rows may hold their properties in props codec 3: also without a text that
stands in the caption (an address's street, postcode and city in its full address). A format 7 file only changes
its number, as a format 6 file did for format 7.

Format 9 (issue 18) is format 8 whose relation rows may hold their type and their ends' types as one character each
(TYPE_CODES: `located_at` in 1 byte instead of 10, `Company` in 1 instead of 7) and their properties as the id of a
row of `rprops` (props many relations share, a KvK `{"kind": "bezoekadres"}`, stored once per file). KvK 100k
profiles: 253.5 -> 240.7 B/record; case CSV 100k rows: wide 145.5 -> 124.6, narrow 151.0 -> 126.9 (bench_bulk). Reads
decode both (`_select`; the end types in Python, `SQLiteStore._relation_from_row`), so rows written before read as
they are: a format 8 file gets the `rprops` table (a single-file project its views again) and its new number,
nothing else. Entity types stayed text: the entity browser and type searches find them through the `entities_type`
index, which a decoded column would not use (relations have no type index).

Format 10 (issue 18) is format 9 whose entity rows may hold their type as its TYPE_CODES character too (`Company` in 1
byte instead of 7, and so in the `entities_type` index). The column is not decoded in SQL (nor in the views): a read
gets it as the row holds it, and the store names it in Python where it reads a type (`entity_type_name`:
`_entity_from_row`, the neighbours' ids, counts, the label-file summaries), as it does a relation's end types; a
filter on entity type asks for the names and their codes (`entity_type_values`: `type IN ('Company', '#', ...)`),
which the index answers as before. KvK 10,000 profiles (bench_kvk_disk): entity_rows.type 4.5 -> 0.6 B/record,
entities_type 10.7 -> 6.7, the file 228 -> 221. A format 9 file only changes its number (its rows keep their names,
read and found the same way; a listing of one type, which follows the index, gives the rows written since the upgrade,
coded, before the older ones).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

LEAN_FORMAT = 3  # records in lean rows (formats 3 and 4)
TRIGGERLESS_FORMAT = 4  # ... with no INSTEAD OF triggers on the views: the store writes the rows
FINE_FORMAT = 5  # ... and a reference split at its first '/' after the ':' too (`split_ref`)
VIEWLESS_FORMAT = 6  # ... and no record views in the file (read through `lean_select`)
KEYLESS_FORMAT = 7  # ... whose rows may hold props codec 2 (graph.stores.records)
SLICED_FORMAT = 8  # ... or codec 3 (no value that stands in the caption)
CODED_FORMAT = 9  # ... and relation rows with type codes and interned props (`TYPE_CODES`, `rprops`)
FORMAT = 10  # ... and entity rows with type codes (`entity_type_values`)
# Who said it when: NOT NULL ('' for none) so that the UNIQUE constraint interns NULLs too.
SAID_COLS = ("source", "ref_base", "received", "reliability", "credibility", "created_by", "created_at",
             "updated_by", "updated_at")
ROWS = {"entities": "entity_rows", "relations": "relation_rows"}
# A lean row's label: its number here (fixed for format 3, whatever graph.model adds later), else its text.
LABEL_CODES = ("open", "confidential", "police-wpg", "fiod/tax")
LABEL_CODE = {label: i for i, label in enumerate(LABEL_CODES)}
# A relation row's type and end types in format 9: the character of a name here (fixed for format 9, whatever the
# schema adds later: a new type is stored as its name). Each is one character that is no letter, and a type name
# begins with one, so a row tells which it holds; no quote among them, so they stand in SQL literals as they are.
TYPE_CODES = ("Person", "Company", "Address", "Vehicle", "PhoneNumber", "Email", "BankAccount", "Case", "Signal",
              "Measure", "Event", "Document", "registered_at", "located_at", "director_of", "owner_of",
              "shareholder_of", "ubo_of", "employed_by", "family_of", "associate_of", "contacted", "uses", "attended",
              "involved_in", "subject_of", "part_of", "mentions")
_CODE_CHARS = "!#$%&()*+,-./0123456789:;<=>?@"
TYPE_CODE = {name: _CODE_CHARS[i] for i, name in enumerate(TYPE_CODES)}
TYPE_OF_CODE = {code: name for name, code in TYPE_CODE.items()}
# A read decodes a code with a CASE, which tries its WHENs in order: the types most rows hold first (a KvK extract's
# relations are all located_at, from a Company to an Address). A CASE took 0.4 us a column on 110,000 rows, an
# instr/substr over one string of the names 0.8 and a join with a table of them more.
_RELATION_ORDER = ("located_at", "director_of", "registered_at", "owner_of", "shareholder_of", "ubo_of", "employed_by",
                   "family_of", "associate_of", "contacted", "uses", "attended", "involved_in", "subject_of", "part_of",
                   "mentions")
_ENTITY_ORDER = ("Company", "Address", "Person", "BankAccount", "PhoneNumber", "Email", "Vehicle", "Case", "Signal",
                 "Measure", "Event", "Document")
# The columns of each table as read (format 2 order) and, per column, where a lean row keeps it.
_ENTITY_OWN = ("rid", "key", "type", "caption", "props")
_RELATION_OWN = ("rid", "key", "type", "src", "dst", "src_type", "dst_type", "props")


def entity_type_name(stored: str) -> str:
    """The name of the entity type an entity row holds (format 10: a code, or a name the codes do not know; a row
    written before: the name)."""
    return TYPE_OF_CODE.get(stored, stored)


def entity_type_values(names: Iterable[str]) -> list[str]:
    """What an entity row of any format holds for each of the type `names`: the name and, for a type the codes
    know, its code. A filter `type IN (these)` finds both kinds of row through the `entities_type` index."""
    return [v for n in names for v in ((n, TYPE_CODE[n]) if n in TYPE_CODE else (n,))]


def _label_code(label: str) -> str:
    whens = "".join(f" WHEN '{lab}' THEN {i}" for i, lab in enumerate(LABEL_CODES))
    return f"CASE {label}{whens} ELSE {label} END"


def _label_text(code: str) -> str:
    whens = "".join(f" WHEN {i} THEN '{lab}'" for i, lab in enumerate(LABEL_CODES))
    return f"CASE {code}{whens} ELSE {code} END"


def _type_name(col: str, order: tuple[str, ...]) -> str:
    """SQL for the type name a format-9 relation row's column `col` holds (its code's name, or the name itself), the
    names of `order` tried in that order."""
    return f"CASE {col}" + "".join(f" WHEN '{TYPE_CODE[n]}' THEN '{n}'" for n in order) + f" ELSE {col} END"


def _props_of(col: str, q: str) -> str:
    """SQL for the props a format-9 relation row's column `col` holds: its `rprops` row's when it holds that row's
    id (a number: stored as its digits, in a column of TEXT affinity), else the text or BLOB itself (stored props
    text is a JSON object, '{...}', and a BLOB sorts after every text)."""
    return f"CASE WHEN {col} < '{{' THEN (SELECT p.props FROM {q}rprops p WHERE p.id = {col}) ELSE {col} END"


def _base(ref: str) -> str:
    return f"CASE WHEN instr({ref}, ':') > 0 THEN substr({ref}, 1, instr({ref}, ':')) ELSE '' END"


def _said_values(new: str, ref: str = "source_ref") -> list[str]:
    """SQL for the said columns of the format-2 row `new` (the upgrade from format 2)."""
    return [_base(f"{new}.{ref}") if c == "ref_base" else f"coalesce({new}.{c}, '')" for c in SAID_COLS]


def _said_of_claim(new: str) -> list[str]:
    """SQL for the said columns of a statement or extra source: received, grading, added by/at (no source:
    that is part of its identity, in `srcs`)."""
    by = {"received": f"coalesce({new}.received, '')", "reliability": f"coalesce({new}.reliability, '')",
          "credibility": f"coalesce({new}.credibility, '')", "created_by": f"coalesce({new}.added_by, '')",
          "created_at": f"coalesce({new}.added_at, '')"}
    return [by.get(c, "''") for c in SAID_COLS]


def _match(cols: tuple[str, ...], vals: list[str], alias: str = "") -> str:
    return " AND ".join(f"{alias}{c} = {v}" for c, v in zip(cols, vals, strict=True))


def _ref_rest(new: str, ref: str = "source_ref") -> str:
    return f"substr({new}.{ref}, length({_base(new + '.' + ref)}) + 1)"


def _view(table: str, own: tuple[str, ...], s: str, coded: bool = True) -> str:
    return f"CREATE VIEW IF NOT EXISTS {s}.{table} AS " + _select(table, own, "", coded)


# A relation's end types are read by the store alone (`SQLiteStore._relation_from_row`, which names them: a dict
# look-up, where two CASEs cost 0.8 us a row), so a read gives them as the row holds them, code or name.
_CODED = {"type": _type_name("r.type", _RELATION_ORDER) + " AS type"}


def _select(table: str, own: tuple[str, ...], q: str, coded: bool = True) -> str:
    """The format-2 columns of `table` over the lean rows; `q` qualifies the tables ('' or 'schema.'); `coded`: the
    file is in format 9 (a relation row may hold type codes and an `rprops` id)."""
    cols = [f"r.{c}" for c in own]
    if coded and table == "relations":
        cols = [_CODED.get(c) or (_props_of("r.props", q) + " AS props" if c == "props" else f"r.{c}") for c in own]
    if table == "entities":
        cols.append("NULL AS identity")
    said = {c: f"nullif(d.{c}, '') AS {c}" for c in SAID_COLS if c != "ref_base"}
    cols += [said["source"], "CASE WHEN r.ref IS NULL THEN NULL ELSE d.ref_base || r.ref END AS source_ref",
             said["received"], said["reliability"], said["credibility"], "r.valid_from", "r.valid_to",
             _label_text("r.label") + " AS label",
             said["created_by"], said["created_at"], said["updated_by"], said["updated_at"]]
    return f"SELECT {', '.join(cols)} FROM {q}{ROWS[table]} r LEFT JOIN {q}said d ON d.id = r.said"


# Statements and extra sources: (source, reference) is part of their identity (interned in `srcs`, the
# part of the reference up to its first ':' with it); received, grading and added by/at go to `said`.
SRC_COLS = ("source", "ref_base")
CLAIMS = {"statements": "statement_rows", "provenance": "provenance_rows"}
_CLAIM_OWN = {"statements": ("record_id", "prop", "value"), "provenance": ("record_id",)}


def _claim_view(table: str, s: str) -> str:
    return f"CREATE VIEW IF NOT EXISTS {s}.{table} AS " + _claim_select(table, "")


def _claim_select(table: str, q: str) -> str:
    own = [f"c.{c}" for c in _CLAIM_OWN[table]]
    said = [f"nullif(d.{c}, '') AS {c}" for c in ("received", "reliability", "credibility")]
    tail = ["nullif(d.created_by, '') AS added_by", "nullif(d.created_at, '') AS added_at"]
    label = [_label_text("c.label") + " AS label"] if table == "statements" else []
    cols = [*own, "k.source AS source", "k.ref_base || c.ref AS reference", *said, *label, *tail]
    return (f"SELECT {', '.join(cols)} FROM {q}{CLAIMS[table]} c "
            f"LEFT JOIN {q}srcs k ON k.id = c.src LEFT JOIN {q}said d ON d.id = c.said")


@functools.cache
def lean_select(table: str, s: str, coded: bool = True) -> str:
    """What the record view `table` (entities, relations, statements, provenance) of formats 3-5 selected,
    over schema `s`'s lean rows: a format-6 file keeps no views, its reads name this as a subquery. `coded`: the
    file is in format 9 (relation rows with type codes and interned props)."""
    if table in ROWS:
        return _select(table, _ENTITY_OWN if table == "entities" else _RELATION_OWN, f"{s}.", coded)
    return _claim_select(table, f"{s}.")


def record_views(s: str, coded: bool = True) -> list[str]:
    """The record views of formats 3-5 in schema `s` (format 6 has none; a single-file project's main file keeps
    them), `coded`: format 9's, which decode relation rows (a benchmark makes format 5's without)."""
    return [_view("entities", _ENTITY_OWN, s, coded), _view("relations", _RELATION_OWN, s, coded),
            *(_claim_view(table, s) for table in CLAIMS)]


def drop_views_sql(s: str) -> list[str]:
    """Format 5 -> 6 for schema `s`: its record views go (the rows stay as they are)."""
    return [f"DROP VIEW IF EXISTS {s}.{table}" for table in (*ROWS, *CLAIMS)]


def lean_ddl(s: str) -> list[str]:
    """The format-6 record tables and indexes of schema `s` (one statement each)."""
    return lean_tables(s) + lean_rest(s)


def lean_tables(s: str) -> list[str]:
    said_cols = ", ".join(f"{c} TEXT NOT NULL" for c in SAID_COLS)
    return [
        f"CREATE TABLE IF NOT EXISTS {s}.said(id INTEGER PRIMARY KEY, {said_cols}, UNIQUE({', '.join(SAID_COLS)}))",
        f"CREATE TABLE IF NOT EXISTS {s}.srcs(id INTEGER PRIMARY KEY, source TEXT NOT NULL, ref_base TEXT NOT NULL, "
        "UNIQUE(source, ref_base))",
        f"CREATE TABLE IF NOT EXISTS {s}.entity_rows(rid INTEGER PRIMARY KEY, key INTEGER NOT NULL UNIQUE, "
        "type TEXT NOT NULL, caption TEXT NOT NULL, props TEXT NOT NULL, said INTEGER NOT NULL, ref, "
        "valid_from TEXT, valid_to TEXT, label NOT NULL DEFAULT 0)",
        f"CREATE TABLE IF NOT EXISTS {s}.relation_rows(rid INTEGER PRIMARY KEY, key INTEGER NOT NULL UNIQUE, "
        "type TEXT NOT NULL, src INTEGER NOT NULL, dst INTEGER NOT NULL, src_type TEXT NOT NULL, "
        "dst_type TEXT NOT NULL, props TEXT NOT NULL, said INTEGER NOT NULL, ref, valid_from TEXT, "
        "valid_to TEXT, label NOT NULL DEFAULT 0)",
        *coded_tables(s),
        f"CREATE TABLE IF NOT EXISTS {s}.statement_rows(record_id INTEGER NOT NULL, prop TEXT NOT NULL, "
        "value TEXT NOT NULL, src INTEGER NOT NULL, ref TEXT NOT NULL, said INTEGER NOT NULL, label NOT NULL, "
        "PRIMARY KEY(record_id, prop, value, src, ref)) WITHOUT ROWID",
        f"CREATE TABLE IF NOT EXISTS {s}.provenance_rows(record_id INTEGER NOT NULL, src INTEGER NOT NULL, "
        "ref TEXT NOT NULL, said INTEGER NOT NULL, PRIMARY KEY(record_id, src, ref)) WITHOUT ROWID",
    ]


def coded_tables(s: str) -> list[str]:
    """What format 9 adds to format 8 in schema `s` (a format 8 file's upgrade): the interned relation props."""
    return [f"CREATE TABLE IF NOT EXISTS {s}.rprops(id INTEGER PRIMARY KEY, props NOT NULL UNIQUE)"]


def lean_rest(s: str) -> list[str]:
    """Indexes (after the tables; in an upgrade, after the old tables went). No views: format 6."""
    return [
        f"CREATE INDEX IF NOT EXISTS {s}.entities_type ON entity_rows(type)",
        f"CREATE INDEX IF NOT EXISTS {s}.relations_src ON relation_rows(src)",
        f"CREATE INDEX IF NOT EXISTS {s}.relations_dst ON relation_rows(dst)",
    ]


def drop_triggers_sql(s: str) -> list[str]:
    """Format 3 -> 4 for schema `s`: its views lose their INSTEAD OF triggers (the rows stay as they are)."""
    return [f"DROP TRIGGER IF EXISTS {s}.{table}_{verb}" for table in ("entities", "relations", *CLAIMS)
            for verb in ("insert", "update", "delete")]


def upgrade_sql(s: str) -> list[str]:
    """Format 2 -> 4 for schema `s`, inside the caller's transaction: rows and said from the old tables
    (with no views: the caller re-splits the references, and the file is in format 6)."""
    out = lean_tables(s)
    for table, own in (("entities", _ENTITY_OWN), ("relations", _RELATION_OWN)):
        said = _said_values("o")
        out.append(f"INSERT OR IGNORE INTO {s}.said({', '.join(SAID_COLS)}) SELECT {', '.join(said)} "
                   f"FROM {s}.{table} o")
        out.append(f"INSERT INTO {s}.{ROWS[table]}({', '.join(own)}, said, ref, valid_from, valid_to, label) "
                   f"SELECT {', '.join('o.' + c for c in own)}, (SELECT d.id FROM {s}.said d WHERE "
                   f"{_match(SAID_COLS, said, 'd.')}), {_ref_rest('o')}, o.valid_from, o.valid_to, "
                   f"{_label_code('o.label')} FROM {s}.{table} o ORDER BY o.rid")
    for table, claim_own in _CLAIM_OWN.items():
        said, src = _said_of_claim("o"), ["o.source", _base("o.reference")]
        out.append(f"INSERT OR IGNORE INTO {s}.said({', '.join(SAID_COLS)}) SELECT {', '.join(said)} "
                   f"FROM {s}.{table} o")
        out.append(f"INSERT OR IGNORE INTO {s}.srcs(source, ref_base) SELECT {', '.join(src)} FROM {s}.{table} o")
        label = f", {_label_code('o.label')}" if table == "statements" else ""
        out.append(f"INSERT OR IGNORE INTO {s}.{CLAIMS[table]} SELECT {', '.join('o.' + c for c in claim_own)}, "
                   f"(SELECT k.id FROM {s}.srcs k WHERE {_match(SRC_COLS, src, 'k.')}), "
                   f"{_ref_rest('o', 'reference')}, (SELECT d.id FROM {s}.said d WHERE "
                   f"{_match(SAID_COLS, said, 'd.')}){label} FROM {s}.{table} o")
    out += [f"DROP TABLE {s}.{t}" for t in ("entities", "relations", "statements", "provenance")]
    return out + lean_rest(s)


def split_ref(ref: str | None, fine: bool = True) -> tuple[str, str | None]:
    """(the part up to and including the first ':', the rest): how a lean row stores a reference; `fine`
    (format 5) moves the rest's part up to its first '/' to the first part too."""
    if ref is None:
        return "", None
    i = ref.find(":") + 1
    if fine:
        j = ref.find("/", i)
        i = j + 1 if j >= 0 else i
    return ref[:i], ref[i:]


def _resplit(table: str, parent: str, cols: tuple[str, ...], link: str, s: str) -> list[str]:
    """Rows of `table` whose ref has a '/': its part up to there joins the `parent` row (said or srcs) it points
    at through column `link`, interned as a new parent row."""
    head, tail = f"substr({table}.ref, 1, instr({table}.ref, '/'))", f"substr({table}.ref, instr({table}.ref, '/') + 1)"
    values = [f"p.{c} || {head}" if c == "ref_base" else f"p.{c}" for c in cols]
    match = " AND ".join(f"n.{c} = {v}" for c, v in zip(cols, values, strict=True))
    return [f"INSERT OR IGNORE INTO {s}.{parent}({', '.join(cols)}) SELECT {', '.join(values)} FROM {s}.{table} "
            f"JOIN {s}.{parent} p ON p.id = {table}.{link} WHERE instr({table}.ref, '/') > 0",
            f"UPDATE {s}.{table} SET {link} = (SELECT n.id FROM {s}.{parent} p JOIN {s}.{parent} n ON {match} "
            f"WHERE p.id = {table}.{link}), ref = {tail} WHERE instr(ref, '/') > 0"]


def resplit_sql(s: str) -> list[str]:
    """Format 4 -> 5 for schema `s`, inside the caller's transaction: every row's reference split the format-5
    way (a format-4 `ref_base` is '' or ends at the first ':', so each new said/srcs row is new: no row's new
    key can meet another's)."""
    out = [sql for table in ROWS.values() for sql in _resplit(table, "said", SAID_COLS, "said", s)]
    out += [sql for table in CLAIMS.values() for sql in _resplit(table, "srcs", SRC_COLS, "src", s)]
    return out


def ref_column(rest: str | None) -> str | int | None:
    """What a record row's `ref` holds for the rest of its reference (`split_ref`): a number in canonical form
    (no sign, no leading zero, at most 18 digits: a KvK number, a file's row) as an integer, which SQLite
    stores in 1-8 bytes (`10000000`: 4 instead of 8); anything else as the text. A read joins it to its said
    part with `||` (`_select`), which spells an integer as those digits again. Format 7 declares the column
    without a type (no affinity turns the integer back into text); a file upgraded from before keeps `ref
    TEXT` and so the text, read the same."""
    if rest and len(rest) <= 18 and rest.isascii() and rest.isdigit() and (rest[0] != "0" or rest == "0"):
        return int(rest)
    return rest


def said_key(meta: tuple[Any, ...], base: str) -> tuple[str, ...]:
    """The said values of META_FIELDS values (source, ref, received, rel, cred, vf, vt, label, by, at, by, at)."""
    return (meta[0] or "", base, meta[2] or "", meta[3] or "", meta[4] or "", meta[8] or "", meta[9] or "",
            meta[10] or "", meta[11] or "")
