"""What a loaded import specification means for the wizard's mapping page: each column's target and the
relations to tick.

A loaded spec filled only the YAML box: the mapping table kept its guesses from the column names
("Omschrijving" onto Casus · Omschrijving while the spec put it on the Melding) and the Relaties list
stayed unticked, so the page contradicted the specification that was about to be imported.
"""

from __future__ import annotations

import json
from typing import Any

RELATIONS = "@relations"  # the mapping target for the validity of every relation a row makes
RELPROP = "@relprop"  # the mapping target for a relation property of the ticked relations


def _column(value: Any) -> str | None:
    """The column a property reads: `Naam` or `{column: Naam, ...}`; None for a fixed value."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("column"), str):
        return str(value["column"])
    return None


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def column_targets(spec: dict[str, Any]) -> dict[str, str]:
    """Column -> "Type.property" (or a relation target) as the spec maps it; the first mention wins."""
    out: dict[str, str] = {}

    def put(column: str | None, target: str) -> None:
        if column is not None and column not in out:
            out[column] = target

    for em in _dict(spec.get("entities")).values():
        if not isinstance(em, dict) or not isinstance(em.get("type"), str):
            continue
        for prop, value in _dict(em.get("properties")).items():
            put(_column(value), f"{em['type']}.{prop}")
        put(_column(em.get("address")), "Address.address")
    for rel in _listed(spec.get("relations") or []):
        if not isinstance(rel, dict):
            continue
        for end in ("valid_from", "valid_to"):
            put(_column(rel.get(end)), f"{RELATIONS}.{end}")
        for prop, value in _dict(rel.get("properties")).items():
            put(_column(value), f"{RELPROP}.{prop}")
    return out


def relation_keys(spec: dict[str, Any]) -> set[str]:
    """The wizard's keys (`["director_of", "Person", "Company"]`) of every relation the spec makes;
    a type read from a column (`{column: Functie, map: {...}}`) stands for each type it maps to."""
    types = {key: em.get("type") for key, em in _dict(spec.get("entities")).items() if isinstance(em, dict)}
    out: set[str] = set()
    for rel in _listed(spec.get("relations") or []):
        if not isinstance(rel, dict):
            continue
        kind = rel.get("type")
        names = (list(kind["map"].values()) if isinstance(kind, dict) and isinstance(kind.get("map"), dict)
                 else [kind])
        for name in names:
            for a in _listed(rel.get("from")):
                for b in _listed(rel.get("to")):
                    if isinstance(name, str) and isinstance(types.get(a), str) and isinstance(types.get(b), str):
                        out.add(json.dumps([name, types[a], types[b]]))
    return out
