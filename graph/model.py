"""Records: entities and relations with provenance, grading, validity and security label.

Every record carries the same metadata (CONVENTIONS.md "Data"), so it lives in one base.
Types and properties are not classes: `type` names an entry of `schema.yaml`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Self

RELIABILITY = ("A", "B", "C", "D", "E", "F")  # Admiralty code: source reliability
CREDIBILITY = ("1", "2", "3", "4", "5", "6")  # Admiralty code: information credibility
SECURITY_LABELS = ("open", "confidential", "police-wpg", "fiod/tax")
DEFAULT_LABEL = "open"

Value = str | int | float | bool
Props = dict[str, Any]  # a property name -> a Value, or a list of Values when multi


def now_iso() -> str:
    """UTC timestamp, second precision: what created_at/updated_at hold."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(slots=True, kw_only=True)
class Provenance:
    """Where a record came from: the source, its own reference, and when we received it."""

    source: str
    reference: str | None = None
    received: str | None = None  # ISO date


@dataclass(slots=True, kw_only=True)
class Record:
    """What entities and relations share."""

    type: str
    properties: Props = field(default_factory=dict)
    id: str = ""  # empty: the schema derives it from identity or provenance
    provenance: Provenance | None = None
    reliability: str | None = None  # A-F
    credibility: str | None = None  # 1-6
    valid_from: str | None = None
    valid_to: str | None = None
    label: str = DEFAULT_LABEL
    created_by: str | None = None
    created_at: str | None = None
    updated_by: str | None = None
    updated_at: str | None = None

    @property
    def grading(self) -> str:
        """Admiralty code as analysts write it, e.g. `B2`; `--` when ungraded."""
        return f"{self.reliability or '-'}{self.credibility or '-'}"

    def get(self, name: str, default: Any = None) -> Any:
        return self.properties.get(name, default)

    def first(self, name: str) -> Any:
        """The first value of a property, multi or not."""
        value = self.properties.get(name)
        if isinstance(value, list):
            return value[0] if value else None
        return value

    def evolve(self, **changes: Any) -> Self:
        return replace(self, **changes)


@dataclass(slots=True, kw_only=True)
class Entity(Record):
    """A subject, object, company, case... : a node in the network."""

    caption: str = ""  # display name; the schema fills it from the caption properties


@dataclass(slots=True, kw_only=True)
class Relation(Record):
    """A typed, dated link between two entities: an edge in the network."""

    source_id: str
    target_id: str
