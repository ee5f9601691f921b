"""Entity resolution: exact merges by identifier, candidate pairs for persons without one.

Exact merges need no code here: the schema derives an entity's id from its identifying
properties (KvK number, BSN, IBAN, plate, postcode + house number), so two sources that
name the same company or address write to the same entity.

Persons without an identifier are different: `J. de Vries, 12-07-1975` in a case file and
`Jan de Vries, 1975-07-12` from the KvK are probably one person, but only the analyst may
decide that. `person_candidates` lists such pairs, scored by name similarity within blocks
of equal date of birth or of a similar surname; `importers.names` makes `Nabil al-Marabh`
meet `Nabil Almarabh`, `van der Berg` meet `Vd Berg`, `Mohammed` meet `Muhammad` and `J. de
Vries` meet `Jan de Vries` (the reason says which). Nothing is merged until the analyst confirms
(`confirm`), and a confirmed merge can be undone (`graph.merge.undo_merge`). Pairs the
analyst rejected are remembered and not proposed again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from graph.access import labelled_settings
from graph.errors import KnooppuntError
from graph.merge import merge_entities
from graph.model import Entity
from graph.store import Store
from graph.stores.records import label_rank
from graph.text import fold
from importers.names import INITIALS_WEIGHT, SKELETON_WEIGHT, name_forms, similarity

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


def _shares(store: Store) -> dict[str, str]:
    return {k: v for k, (_, v) in labelled_settings.shares(store, REJECTED_KEY).items()}


def rejected_pairs(store: Store) -> set[tuple[str, str]]:
    """The pairs rejected, of every label the caller's files hold (one list per label: the ids of records
    above `open` are kept in their label's file, graph.access.labelled_settings)."""
    return {pair for raw in _shares(store).values() for pair in _pairs(raw)}


def _pairs(raw: str) -> set[tuple[str, str]]:
    """A list of rejected pairs; one changed outside Knooppunt into something else (a member holding the `open`
    key can write the main file) counts as empty, rather than end every list of candidates in a traceback."""
    try:
        value = json.loads(raw)
    except ValueError:
        return set()
    if not isinstance(value, list):
        return set()
    return {_pair(p[0], p[1]) for p in value
            if isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], str)}


def reject(store: Store, a: str, b: str) -> None:
    """The analyst says: not the same person. Remembered so the pair is not proposed again."""
    labels = labelled_settings.labels_of(store, [a, b])
    key = labelled_settings.per_label(REJECTED_KEY, max(labels.values(), key=label_rank, default="open"))
    pairs = _pairs(_shares(store).get(key) or "[]") | {_pair(a, b)}
    with store.transaction():
        labelled_settings.put(store, key, json.dumps(sorted(pairs)))
        store.audit("resolution reject", a=a, b=b)


def _name(e: Entity) -> str:
    return fold(e.caption or str(e.properties.get("name") or ""))


_REASONS = {"spelling": "similar name", "particles": "similar name (particles: al-, van der)",
            "transliteration": "similar name (transliteration)", "initials": "same initials and surname"}


def _scores(names: list[str]) -> np.ndarray:
    """Best agreement of the name forms for every pair of a block (C speed: rapidfuzz cdist per form)."""
    forms = [name_forms(n) for n in names]

    def dist(attr: str) -> np.ndarray:
        values = [getattr(f, attr) for f in forms]
        return np.asarray(process.cdist(values, values, scorer=fuzz.token_sort_ratio, workers=1), dtype=float)

    best = np.maximum(dist("plain"), dist("joined"))
    best = np.maximum(best, np.maximum(dist("skeleton"), dist("joined_skeleton")) * SKELETON_WEIGHT)
    return np.maximum(best, dist("initials") * INITIALS_WEIGHT)  # checked pairwise by `similarity` after


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
        for key in name_forms(_name(p)).block_keys():
            by_name[key].append(p)
    found: dict[tuple[str, str], Candidate] = {}

    def compare(block: list[Entity], same_dob: bool) -> None:
        if len(block) < 2:
            return
        names = [_name(p) for p in block]
        cutoff = threshold if same_dob else min(100.0, threshold + _NO_DOB_PENALTY)
        rough = _scores(names)
        for i, j in zip(*np.nonzero(np.triu(rough >= cutoff, k=1)), strict=True):
            score, form = similarity(names[i], names[j])  # exact, and which form agreed
            if score < cutoff:
                continue
            a, b = block[int(i)], block[int(j)]
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
            if same_dob:
                same = score >= 100 and form == "spelling"
                reason = "same date of birth" if same else f"same date of birth, {_REASONS[form]}"
            else:
                reason = f"{_REASONS[form]}, no date of birth on one side"
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
