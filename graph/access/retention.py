"""Retention (bewaartermijn): which records are past the project's retention period.

The period is the project setting `retention.days` (owner only). A record's clock runs
from the **most recent date any source delivered it** -- the latest `received` date among
its own provenance and every later source (`provenance` table) -- because the AVG ties
keeping personal data to when it was gathered, and a fresh delivery renews the need.
A record with no received date at all falls back to its `created_at` (when it entered
the project). `updated_at` is not used: an analyst's edit does not make data newer.

`purge` deletes the overdue records (entities take their relations with them) through
the guarded store, and writes one `purge` entry with the ids to the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph.access.roles import check
from graph.errors import KnooppuntError
from graph.schema import format_id, type_prefix

SETTING = "retention.days"


@dataclass(frozen=True, slots=True)
class Overdue:
    id: str
    kind: str  # entity | relation
    type: str
    caption: str
    reference_date: str
    days_over: int


def retention_days(store: Any) -> int | None:
    value = store.get_setting(SETTING)
    return int(value) if value else None


def set_retention(store: Any, days: int) -> None:
    if days <= 0:
        raise KnooppuntError(f"retention must be a positive number of days, not {days}")
    check(store, "settings")
    store.set_setting(SETTING, str(days))


def _sql(table: str, alias: str, caption: str, label_sql: str) -> str:
    return (f"SELECT {alias}.key, {alias}.type, {caption}, "
            f"max(coalesce({alias}.received, substr({alias}.created_at, 1, 10)), "
            f"coalesce((SELECT max(p.received) FROM provenance p WHERE p.record_id = {alias}.key), '')) AS ref "
            f"FROM {table} {alias} WHERE 1{label_sql}")


def report(store: Any, *, today: dt.date | None = None) -> list[Overdue]:
    """Records (visible to the caller) whose reference date is older than the period."""
    days = retention_days(store)
    if days is None:
        raise KnooppuntError("no retention period set: knooppunt retention set --days N")
    today = today or dt.date.today()
    cutoff = (today - dt.timedelta(days=days)).isoformat()
    inner = getattr(store, "inner", store)
    conn = inner.conn
    out = []
    queries = (("entity", _sql("entities", "e", "e.caption", inner._elabel)),
               ("relation", _sql("relations", "r", "r.type", inner._rlabel)))
    for kind, sql in queries:
        for key, rtype, caption, ref in conn.execute(f"SELECT * FROM ({sql}) WHERE ref < ? ORDER BY ref, key",
                                                     (cutoff,)):
            prefix = type_prefix(rtype) if kind == "entity" else "rel"
            over = (today - dt.date.fromisoformat(ref[:10])).days - days if ref else days
            out.append(Overdue(format_id(prefix, key), kind, rtype, caption, ref or "", over))
    return out


def purge(store: Any, *, today: dt.date | None = None) -> list[Overdue]:
    """Delete every overdue record; audited as one `purge` entry. Owner only."""
    check(store, "purge")
    overdue = report(store, today=today)
    if not overdue:
        return []
    inner = getattr(store, "inner", store)
    ids = [o.id for o in overdue]
    with inner.transaction():
        deleted = inner.delete(ids)
        inner.audit("purge", retention_days=retention_days(store), records=len(ids), deleted=deleted,
                    ids=ids[:1000], **({"ids_total": len(ids)} if len(ids) > 1000 else {}))
    return overdue
