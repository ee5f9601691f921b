"""Entity resolution: exact merges by identifier, candidate pairs for persons without one.

Exact merges need no code here: the schema derives an entity's id from its identifying
properties (KvK number, BSN, IBAN, plate, postcode + house number), so two sources that
name the same company or address write to the same entity.

Persons without an identifier are different: `J. de Vries, 12-07-1975` in a case file and
`Jan de Vries, 1975-07-12` from the KvK are probably one person, but only the analyst may
decide that. `person_candidates` lists such pairs, scored by name similarity (rapidfuzz)
within blocks of equal date of birth; nothing is merged until the analyst confirms
(`confirm`), and a confirmed merge can be undone (`graph.merge.undo_merge`). Pairs the
analyst rejected are remembered and not proposed again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph.errors import KnooppuntError
from graph.merge import merge_entities
from graph.model import Entity
from graph.store import Store
from graph.text import fold

REJECTED_KEY = "resolution.rejected"
DEFAULT_THRESHOLD = 85.0
_NO_DOB_PENALTY = 10.0  # a pair without a date of birth on one side needs a closer name


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two persons that may be one; `score` 0-100."""

    a: str
    b: str
    a_name: str
    b_name: str
    a_birth_date: str | None
    b_birth_date: str | None
    score: float
    reason: str

    def row(self) -> dict[str, object]:
        return {"score": round(self.score, 1), "a": self.a, "a_name": self.a_name, "a_birth": self.a_birth_date or "",
                "b": self.b, "b_name": self.b_name, "b_birth": self.b_birth_date or "", "reason": self.reason}


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def rejected_pairs(store: Store) -> set[tuple[str, str]]:
    return {_pair(a, b) for a, b in json.loads(store.get_setting(REJECTED_KEY) or "[]")}


def reject(store: Store, a: str, b: str) -> None:
    """The analyst says: not the same person. Remembered so the pair is not proposed again."""
    pairs = rejected_pairs(store) | {_pair(a, b)}
    with store.transaction():
        store.set_setting(REJECTED_KEY, json.dumps(sorted(pairs)))
        store.audit("resolution reject", a=a, b=b)


def _name(e: Entity) -> str:
    return fold(e.caption or str(e.properties.get("name") or ""))


def _name_key(name: str) -> str:
    """Blocking key for persons without a date of birth: the first letters of the longest word."""
    words = sorted(name.split(), key=len, reverse=True)
    return words[0][:3] if words else ""


def person_candidates(store: Store, *, threshold: float = DEFAULT_THRESHOLD, limit: int | None = None,
                      persons: Iterable[Entity] | None = None) -> list[Candidate]:
    """Pairs of persons that may be one, best first; never merges anything."""
    people = [p for p in (persons if persons is not None else store.iter_entities("Person")) if _name(p)]
    rejected = rejected_pairs(store)
    by_dob: dict[str, list[Entity]] = defaultdict(list)
    by_name: dict[str, list[Entity]] = defaultdict(list)
    for p in people:
        dob = p.properties.get("birth_date")
        if dob:
            by_dob[str(dob)].append(p)
        by_name[_name_key(_name(p))].append(p)
    found: dict[tuple[str, str], Candidate] = {}

    def compare(block: list[Entity], same_dob: bool) -> None:
        if len(block) < 2:
            return
        names = [_name(p) for p in block]
        cutoff = threshold if same_dob else min(100.0, threshold + _NO_DOB_PENALTY)
        scores = process.cdist(names, names, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, workers=1)
        for i in range(len(block)):
            for j in range(i + 1, len(block)):
                score = float(scores[i][j])
                if score < cutoff:
                    continue
                a, b = block[i], block[j]
                da, db = a.properties.get("birth_date"), b.properties.get("birth_date")
                if not same_dob and da and db:
                    continue  # both dated and different: not a candidate
                bsn_a, bsn_b = a.properties.get("bsn"), b.properties.get("bsn")
                if bsn_a and bsn_b and bsn_a != bsn_b:
                    continue
                key = _pair(a.id, b.id)
                if key in rejected or key in found:
                    continue
                if not same_dob:
                    score -= _NO_DOB_PENALTY
                reason = "same date of birth" if same_dob else "similar name, no date of birth on one side"
                first, second = (a, b) if a.id == key[0] else (b, a)
                found[key] = Candidate(first.id, second.id, first.caption, second.caption,
                                       first.properties.get("birth_date"), second.properties.get("birth_date"),
                                       score, reason)

    for block in by_dob.values():
        compare(block, True)
    for block in by_name.values():
        compare(block, False)
    out = sorted(found.values(), key=lambda c: (-c.score, c.a, c.b))
    return out[:limit] if limit is not None else out


def confirm(store: Store, keep_id: str, other_id: str, *, reason: str = "") -> str:
    """The analyst confirms two persons are one: a reversible, audited merge; returns the merge id."""
    keep = store.get_entity(keep_id)
    other = store.get_entity(other_id)
    if keep.type != other.type:
        raise KnooppuntError(f"{keep_id} is a {keep.type} and {other_id} a {other.type}: not the same entity")
    return merge_entities(store, keep_id, other_id, reason=reason or "confirmed resolution candidate")
