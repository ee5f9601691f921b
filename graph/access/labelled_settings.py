"""Settings that name records (saved charts, merges, rejected pairs) kept under the key of what they name.

A saved chart, a merge note or a list of rejected pairs is a project setting, and settings
live in the main file under the `open` key every member holds. A chart of `police-wpg`
records kept there names their ids, and an id gives away the KvK number or BSN it was made
of to a member who tries them all (`graph.stores.sealed_ids`); a chart's name may say what
it is about. So a setting whose value names a record above `open` is written to a side
table (`graph.access.side_tables`) in the file of the highest label it names, and taken out
of the main file and the other files; read back, the copy in the highest file the reader
holds wins, else the main file's. A member who does not hold that label's key does not see
the setting at all, as they do not see the records it names.

Settings that hold many records' worth (aliases, rejected pairs) are split by their writers
into one setting per label (`per_label`), so no member's write hides another's.
Neo4j projects and unpartitioned files keep every setting in the plain settings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from graph.access.audit import masked
from graph.model import SECURITY_LABELS
from graph.store import Store
from graph.stores.records import label_rank
from graph.stores.sealed_ids import named_ids

CHART_KEY = "chart."  # a saved chart's setting, + its name (views.chart.storage.PREFIX; graph may not import views)
_COLUMNS = ("id", "label", "value")  # as DDL makes them: what a row's signature is over
DDL = """
CREATE TABLE IF NOT EXISTS labelled_settings(id TEXT PRIMARY KEY, label TEXT NOT NULL, value TEXT NOT NULL);
"""


def partitioned(store: Store) -> bool:
    """Whether settings that name records above `open` are kept apart (a partitioned embedded project)."""
    return _partitioned(store) is not None


def _partitioned(store: Store) -> Any:
    """The partitioned embedded store below `store`, or None (Neo4j, a one-file project)."""
    inner = getattr(store, "inner", store)
    return inner if getattr(inner, "partitioned", False) and hasattr(inner, "labels_of") else None


def _conn(inner: Any) -> Any:
    from graph.access import side_tables
    return side_tables.prepare(inner, DDL, legacy=False)  # never kept in the main file: nothing there to move


def labels_of(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """The label of each of `ids` naming a record in the files the caller holds (none without partitions)."""
    inner = _partitioned(store)
    return {} if inner is None else dict(inner.labels_of(ids))


def label_named(store: Store, value: str) -> str:
    """The highest label of a record `value` names (`open` when it names none above)."""
    return max(labels_of(store, named_ids(value)).values(), key=label_rank, default="open")


def label_of(store: Store, key: str) -> str:
    """The label of the file a setting is kept in, of the files the caller holds (`open`: the main file, or
    nowhere): what a note on a saved chart is labelled at least (`graph.notes`)."""
    inner = _partitioned(store)
    if inner is None:
        return SECURITY_LABELS[0]
    rows = _conn(inner).execute("SELECT label FROM labelled_settings WHERE id = ?", (key,)).fetchall()
    return max((str(r[0]) for r in rows), key=label_rank, default=SECURITY_LABELS[0])


def chart_label(store: Store, name: str) -> str:
    """The label of the file a saved chart is kept in (`open` for a chart in the main file or none saved):
    what its name, the user's text, is given as in the audit log of an export or briefing of it."""
    return label_of(store, CHART_KEY + name)


def get(store: Store, key: str, default: str | None = None) -> str | None:
    inner = _partitioned(store)
    if inner is not None:
        row = _conn(inner).execute("SELECT value FROM labelled_settings WHERE id = ? AND label <> ?",
                                   (key, SECURITY_LABELS[0])).fetchone()  # never the main file's table (`_read_like`)
        if row is not None:
            return str(row[0])
    return store.get_setting(key, default)


def like(store: Store, prefix: str) -> dict[str, str]:
    """Every setting whose key starts with `prefix`, the labelled ones over the main file's."""
    return {k: v for k, (_, v) in like_in_files(store, prefix).items()}


def like_in_files(store: Store, prefix: str) -> dict[str, tuple[str, str]]:
    """As `like`, each value with the label of the file it was read from (`open`: the main file's settings).

    The key says nothing: a member holding the `open` key can put `merge.aliases@police-wpg` in the main file.
    The file does: only members holding a label's key write its file (graph.access.side_tables).
    """
    base = SECURITY_LABELS[0]
    below = getattr(store, "inner", store)
    if hasattr(below, "settings_like"):
        out = {k: (base, str(v)) for k, v in below.settings_like(prefix).items()}
    else:  # a Neo4j project: the setting of that very key (the shares of a split setting are all in it there)
        out = {prefix: (base, value)} if (value := store.get_setting(prefix)) else {}
    inner = _partitioned(store)
    if inner is not None:
        out.update(_read_like(inner, prefix))
    return {k: lv for k, lv in out.items() if lv[1]}


def _read_like(inner: Any, prefix: str) -> dict[str, tuple[str, str]]:
    """The labelled settings starting with `prefix`, read from the files that have the table, without making it
    in those that do not: a read must not write a label file (it would advance the file's write generation --
    of a copy put back, too, hiding it). As the side-table view reads them: a file's rows of its own labels, a
    higher file's row over a lower one's."""
    from graph.access import row_signatures, side_tables
    conn = inner.conn
    if not conn.in_transaction:
        conn.attach_deferred()
    check = row_signatures.check_of(inner)
    if check is not None:
        check.refresh()  # outside the statement: the members and their keys
    labels: dict[str, list[str]] = {}
    for label, schema in inner.held.items():
        labels.setdefault(schema, []).append(label)
    out: dict[str, tuple[str, str]] = {}
    for schema, mine in labels.items():  # lowest label first: a higher file's row wins
        if schema == "main":  # Knooppunt keeps an `open` value in the settings (signed), never in this table
            continue
        table = side_tables.stored_name("labelled_settings", schema)
        if not conn.execute(f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?",
                            (table,)).fetchone():
            continue
        join, ok = "", "1"  # only rows whose writer's signature holds (row_signatures): who holds a key can write
        if check is not None:
            join, ok = row_signatures.checked_sql("labelled_settings", list(_COLUMNS), schema,
                                                  row_signatures.has_sig_table(conn, schema))
        out.update((str(k), (str(label), str(v))) for k, label, v in conn.execute(
            f"SELECT x.id, x.label, x.value FROM {schema}.{table} x{join} WHERE substr(x.id, 1, ?) = ? AND x.label IN "
            f"(SELECT value FROM json_each(?)) AND {ok}", (len(prefix), prefix, json.dumps(mine))))
    return out


def made_before_labelled_settings(store: Store, label: str) -> bool:
    """Whether the file of `label` was made before settings naming its records were kept in it (its project's
    main file may hold such settings from then, written by Knooppunt); False for one made since, unpartitioned."""
    from graph.access import side_tables
    inner = _partitioned(store)
    if inner is None or label not in inner.held or inner.held[label] == "main":
        return False
    return not side_tables.native(_conn(inner), inner.held[label])


def put(store: Store, key: str, value: str, *, shown: str | None = None) -> str:
    """Write a setting in the file of the highest label its value names; returns that label.

    `shown` is the part of the key that is the user's text (a chart's name): the audit entry, in
    the main file, gives it as its length when the value is above `open`.
    """
    from graph.access import row_signatures
    inner = _partitioned(store)
    label = label_named(store, value)
    if inner is None or (label == "open" and label_of(store, key) == "open"):  # nor a copy in a label file
        store.set_setting(key, value)
        return label
    require = getattr(store, "require", None)  # the guarded store checks the role (graph.attachments.require_edit)
    if require is not None:
        require("edit")
    conn = _conn(inner)
    with store.transaction():
        conn.execute("DELETE FROM labelled_settings WHERE id = ?", (key,))
        if label == "open":
            inner.set_setting(key, value)
        else:
            if (check := row_signatures.check_of(inner)) is not None:
                check.setting_gone(key)  # its signature out of the main file's digest (row_digests)
            conn.execute("DELETE FROM main.settings WHERE key = ?", (key,))
            conn.execute("INSERT INTO labelled_settings(id, label, value) VALUES(?, ?, ?)", (key, label, value))
        named = key if shown is None else key[: len(key) - len(shown)] + str(masked(label, shown))
        store.audit("setting", key=named, value=f"{len(value)} characters", label=label)
    return label


def shares(store: Store, key: str) -> dict[str, tuple[str, str]]:
    """The shares of a setting split by label (`per_label`): the key's own and every `key@label`, each with the
    label of the file it was read from (a key that merely starts alike, `merge.aliases.labelled`, is not one)."""
    return {k: lv for k, lv in like_in_files(store, key).items() if k == key or k.startswith(key + "@")}


def per_label(key: str, label: str) -> str:
    """The key of one label's share of a split setting (`merge.aliases@police-wpg`); `open`'s is `key`."""
    return key if label == SECURITY_LABELS[0] else f"{key}@{label}"
