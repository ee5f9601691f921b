"""What every store does the same way: merge rules, search ranking, networkx attributes.

The embedded and the Neo4j store must give the same answers for the same data
(tests/contract proves it); the rules that decide those answers live here, once.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from graph.model import DEFAULT_LABEL, Entity, Provenance, Record, Relation
from graph.schema import Schema
from graph.text import fold

T = TypeVar("T")
# At most this many search candidates are ranked (see rank_hits); a more common prefix
# ("de") ranks only the first ones found and the analyst types on to narrow it.
SEARCH_CANDIDATES = 2000
# A record's metadata as flat fields, in this order: the SQLite columns and the Neo4j
# properties of the same names.
META_FIELDS = ("source", "source_ref", "received", "reliability", "credibility", "valid_from", "valid_to",
               "label", "created_by", "created_at", "updated_by", "updated_at")


def meta_values(rec: Record) -> tuple[Any, ...]:
    """The record's provenance, grading, validity, label and audit fields, in META_FIELDS order."""
    p = rec.provenance
    return (p.source if p else None, p.reference if p else None, p.received if p else None,
            rec.reliability, rec.credibility, rec.valid_from, rec.valid_to, rec.label,
            rec.created_by, rec.created_at, rec.updated_by, rec.updated_at)


def meta_kwargs(values: Sequence[Any]) -> dict[str, Any]:
    """Record constructor arguments from values in META_FIELDS order (the inverse of meta_values)."""
    source, ref, received = values[0], values[1], values[2]
    return dict(provenance=Provenance(source=source, reference=ref, received=received) if source else None,
                reliability=values[3], credibility=values[4], valid_from=values[5], valid_to=values[6],
                label=values[7] or DEFAULT_LABEL, created_by=values[8], created_at=values[9],
                updated_by=values[10], updated_at=values[11])


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def rank_hits(words: list[str], candidates: Sequence[tuple[int, str]]) -> list[int]:
    """Order search candidates as an analyst expects when typing a name.

    Whole-word matches first ("jan de" puts Jan de Vries before Dex Jansen), then names that
    start with what was typed, then shorter names, then alphabetically.
    """
    wanted = set(words)
    typed = " ".join(words)

    def score(hit: tuple[int, str]) -> tuple[int, int, int, str]:
        folded = fold(hit[1])
        exact = len(wanted.intersection(folded.split()))
        return (-exact, 0 if folded.startswith(typed) else 1, len(folded), folded)

    return [rid for rid, _ in sorted(candidates, key=score)]


def is_new_source(old: Record, new: Record) -> bool:
    if new.provenance is None:
        return False
    if old.provenance is None:
        return True
    return (new.provenance.source, new.provenance.reference) != (old.provenance.source, old.provenance.reference)


def node_attrs(e: Entity) -> dict[str, Any]:
    return {"type": e.type, "caption": e.caption, "label": e.label, "properties": e.properties,
            "valid_from": e.valid_from, "valid_to": e.valid_to}


def edge_attrs(r: Relation) -> dict[str, Any]:
    return {"type": r.type, "label": r.label, "properties": r.properties, "valid_from": r.valid_from,
            "valid_to": r.valid_to, "grading": r.grading}


def merge_into(schema: Schema, old: Any, new: Any) -> tuple[Any, bool]:
    """Merge a newer record into a stored one; returns (merged, changed).

    Multi-valued properties gather every value seen; a single value is replaced by the
    newer source's. Validity and grading take the newer source's where it gives them; a
    restricted security label is never lowered to `open` by a later source. The first
    source stays on the record; later ones are listed in `sources()`.
    """
    specs = (schema.entities[old.type].properties if isinstance(old, Entity)
             else schema.relations[old.type].properties)
    props = dict(old.properties)
    for name, value in new.properties.items():
        props[name] = sorted(set(props.get(name, [])) | set(value), key=str) if specs[name].multi else value
    merged = old.evolve(properties=props)
    if merged.provenance is None:
        merged.provenance = new.provenance
    for attr in ("reliability", "credibility", "valid_from", "valid_to"):
        if getattr(new, attr) is not None:
            setattr(merged, attr, getattr(new, attr))
    if new.label != "open" and old.label == "open":
        merged.label = new.label
    changed = (props != old.properties or merged.label != old.label or merged.provenance != old.provenance
               or any(getattr(merged, a) != getattr(old, a) for a in ("reliability", "credibility", "valid_from",
                                                                      "valid_to")))
    return merged, changed
