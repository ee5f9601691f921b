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

from graph.access.guarded import GuardedStore
from graph.access.roles import check
from graph.errors import KnooppuntError

SETTING = "retention.days"


@dataclass(frozen=True, slots=True)
class Overdue:
    id: str
    kind: str  # entity | relation
    type: str
    caption: str
    reference_date: str
    days_over: int


def retention_days(store: GuardedStore) -> int | None:
    value = store.get_setting(SETTING)
    return int(value) if value else None


def set_retention(store: GuardedStore, days: int) -> None:
    if days <= 0:
        raise KnooppuntError(f"retention must be a positive number of days, not {days}")
    check(store, "settings")
    store.set_setting(SETTING, str(days))


def report(store: GuardedStore, *, today: dt.date | None = None) -> list[Overdue]:
    """Records (visible to the caller) whose reference date is older than the period."""
    days = retention_days(store)
    if days is None:
        raise KnooppuntError("no retention period set: knooppunt retention set --days N")
    today = today or dt.date.today()
    cutoff = (today - dt.timedelta(days=days)).isoformat()
    out = []
    for record_id, kind, rtype, caption, ref in store.delivered_before(cutoff):
        over = (today - dt.date.fromisoformat(ref[:10])).days - days if ref else days
        out.append(Overdue(record_id, kind, rtype, caption, ref, over))
    return out


def purge(store: GuardedStore, *, today: dt.date | None = None) -> list[Overdue]:
    """Delete every overdue record; audited as one `purge` entry. Owner only."""
    check(store, "purge")
    overdue = report(store, today=today)
    if not overdue:
        return []
    store.purge([o.id for o in overdue], retention_days=retention_days(store))
    return overdue
