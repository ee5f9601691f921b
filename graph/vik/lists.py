"""The VIK's editable lists (data/vik.yaml): phenomena, measure types, statuses and transitions."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

from graph.errors import ValidationError


@functools.cache
def lists() -> dict[str, Any]:
    """The parsed data/vik.yaml (read once per process)."""
    text = resources.files("graph.vik").joinpath("data/vik.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def label(kind: str, key: str, lang: str = "nl") -> str:
    """The shown text of a list entry (`phenomena`, `decisions`, `measure_types`, a `*_status`)."""
    section = lists()[kind]
    entry = section.get("labels", section).get(key) if kind.endswith("_status") else section.get(key)
    if entry is None:
        return key
    if "label" in entry:
        entry = entry["label"]
    return str(entry.get(lang, key))


# Record properties whose values are keys of a list above: shown by the list's label (the details panel,
# the browse tables, `show`), stored as the key. A Melding read 'Kanaal: mma', 'Status: in_behandeling'.
PROPERTY_LISTS = {("Signal", "channel"): "signal_sources", ("Signal", "phenomenon"): "phenomena",
                  ("Signal", "status"): "signal_status", ("Measure", "kind"): "measure_types",
                  ("Measure", "status"): "measure_status"}


def property_label(entity_type: str, name: str, value: object, lang: str = "nl") -> str | None:
    """The label of a list-valued property's key (`mma` -> Meld Misdaad Anoniem); None for other properties."""
    kind = PROPERTY_LISTS.get((entity_type, name))
    if kind is None or not isinstance(value, str) or not value:
        return None
    return label(kind, value, lang)


def choose(kind: str, key: str, field: str) -> str:
    """`key` when it is on the list `kind`, else a one-line error naming the field and the choices."""
    section = lists()[kind]
    keys = list(section.get("labels", section)) if kind.endswith("_status") else list(section)
    if key not in keys:
        raise ValidationError(f"{field}: {key!r} is not one of {', '.join(keys)}", field=field)
    return key


def initial(workflow: str) -> str:
    return str(lists()[workflow]["initial"])


def check_transition(workflow: str, old: str | None, new: str, field: str = "status") -> None:
    """Refuse a status change the workflow does not allow, naming what is allowed."""
    choose(workflow, new, field)
    if old is None or old == new:
        return
    allowed = lists()[workflow]["transitions"].get(old, [])
    if new not in allowed:
        raise ValidationError(f"{field}: {old!r} -> {new!r} is not allowed (from {old!r}: "
                              f"{', '.join(allowed) or 'no further status'})", field=field)


def measure_type(key: str) -> dict[str, Any]:
    entry: dict[str, Any] = lists()["measure_types"][choose("measure_types", key, "type")]
    return entry
