"""Audiences of a briefing: named clearances from an editable YAML file, and the marking a label asks for.

An audience is nothing but a set of security labels (`driehoek` sees police WPG data, a municipal
Bibob official does not). The briefing narrows the project to it with `store.with_caller(...)`, so
redaction is the store's own clearance rule, not a filter written again here.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graph.errors import KnooppuntError
from graph.model import SECURITY_LABELS

LEVELS = {label: i for i, label in enumerate(SECURITY_LABELS)}


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a briefing is for: a name, a Dutch title for the document, and the labels they may see."""

    name: str
    title: str
    labels: frozenset[str]

    def label_text(self) -> str:
        return ", ".join(sorted(self.labels, key=LEVELS.__getitem__))


@dataclass(frozen=True, slots=True)
class Marking:
    label: str
    marking: str
    handling: str


@dataclass(frozen=True, slots=True)
class AudienceBook:
    """The audiences and markings of one YAML file."""

    audiences: dict[str, Audience]
    markings: dict[str, Marking]
    minimum: str

    def audience(self, level: str) -> Audience:
        """A named audience, or a comma list of labels (`open,confidential`) for a one-off clearance."""
        if level in self.audiences:
            return self.audiences[level]
        labels = frozenset(x.strip() for x in level.split(",") if x.strip())
        unknown = sorted(labels - set(SECURITY_LABELS))
        if not labels or unknown:
            raise KnooppuntError(f"audience {level!r}: not a named audience ({', '.join(self.audiences)}) "
                                 f"nor a list of labels ({', '.join(SECURITY_LABELS)})")
        return Audience(level, f"Labels: {', '.join(sorted(labels, key=LEVELS.__getitem__))}", labels)

    def marking_for(self, labels: set[str]) -> Marking:
        """The marking of the highest label present, never below the minimum."""
        top = max([self.minimum, *labels], key=lambda lab: LEVELS.get(lab, 0))
        return self.markings[top]


def load_audiences(path: str | Path | None = None) -> AudienceBook:
    """The packaged `data/audiences.yaml` or an analyst's own file; one-line errors name file and field."""
    name = str(path or "graph/briefing/data/audiences.yaml")
    try:
        text = (Path(path).read_text(encoding="utf-8") if path is not None
                else resources.files("graph.briefing").joinpath("data/audiences.yaml").read_text(encoding="utf-8"))
        raw: Any = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise KnooppuntError(f"{name}: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("audiences"), dict):
        raise KnooppuntError(f"{name}: needs a mapping `audiences`")
    audiences: dict[str, Audience] = {}
    for key, spec in raw["audiences"].items():
        labels = frozenset((spec or {}).get("labels") or ())
        bad = sorted(labels - set(SECURITY_LABELS))
        if not labels or bad:
            raise KnooppuntError(f"{name}: audiences.{key}.labels: {'unknown ' + ', '.join(bad) if bad else 'empty'}")
        audiences[str(key)] = Audience(str(key), str(spec.get("title") or key), labels)
    markings: dict[str, Marking] = {}
    for label in SECURITY_LABELS:
        spec = (raw.get("markings") or {}).get(label)
        if not isinstance(spec, dict) or not spec.get("marking"):
            raise KnooppuntError(f"{name}: markings.{label}.marking: missing")
        markings[label] = Marking(label, str(spec["marking"]), str(spec.get("handling") or ""))
    minimum = str(raw.get("minimum") or "open")
    if minimum not in LEVELS:
        raise KnooppuntError(f"{name}: minimum: unknown label {minimum!r}")
    return AudienceBook(audiences, markings, minimum)
