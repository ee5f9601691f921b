"""The VIK side tables inside the project database (encrypted with it), made on first use.

Rows carry a security label like notes do; every read filters on the caller's clearance
(`graph.attachments.visible_labels`).
"""

from __future__ import annotations

import secrets
from typing import Any

from graph import attachments
from graph.errors import NotFound
from graph.store import Store

DDL = """
CREATE TABLE IF NOT EXISTS vik_meetings(
  id TEXT PRIMARY KEY, date TEXT NOT NULL, title TEXT NOT NULL, chair TEXT NOT NULL DEFAULT '',
  participants TEXT NOT NULL DEFAULT '[]', partners TEXT NOT NULL DEFAULT '[]', verslag TEXT NOT NULL DEFAULT '',
  label TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vik_agenda(
  id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, position INTEGER NOT NULL, record_id TEXT NOT NULL,
  decision TEXT, note TEXT NOT NULL DEFAULT '', label TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vik_actions(
  id TEXT PRIMARY KEY, meeting_id TEXT, record_id TEXT, text TEXT NOT NULL, owner TEXT NOT NULL,
  deadline TEXT NOT NULL, status TEXT NOT NULL, label TEXT NOT NULL, created_by TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT);
CREATE TABLE IF NOT EXISTS vik_watch(
  id TEXT PRIMARY KEY, record_id TEXT NOT NULL UNIQUE, reason TEXT NOT NULL DEFAULT '', since TEXT NOT NULL,
  label TEXT NOT NULL, created_by TEXT NOT NULL, known TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS vik_alerts(
  id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, record_id TEXT NOT NULL,
  cause_id TEXT NOT NULL, raised_at TEXT NOT NULL, message TEXT NOT NULL, evidence TEXT NOT NULL,
  label TEXT NOT NULL, seen INTEGER NOT NULL DEFAULT 0);
"""
TABLES = ("vik_meetings", "vik_agenda", "vik_actions", "vik_watch", "vik_alerts")


def connection(store: Store) -> Any:
    """The project database with the VIK tables in place (the embedded store only)."""
    attachments.connection(store)
    return attachments.tables(store, DDL)


def new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(6)}"


def visible(store: Store) -> str:
    """For `label IN (SELECT value FROM json_each(?))`: the caller's clearance."""
    return attachments.visible_labels(store)


def one(store: Store, select: str, row_id: str, what: str) -> Any:
    """The row `row_id` of `select` within the caller's clearance; NotFound naming it otherwise."""
    row = connection(store).execute(select + " WHERE id = ? AND label IN (SELECT value FROM json_each(?))",
                                    (row_id, visible(store))).fetchone()
    if row is None:
        raise NotFound(f"no {what} {row_id!r} in the project (or above your clearance)")
    return row
