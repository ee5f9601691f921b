"""The core's English messages in the interface language: one table for the CLI and the workbench.

The core (graph/, importers/) raises English one-liners that scripts and logs match on; a Dutch
interface shows them with the phrases of graph/data/core_phrases.yaml put in their place. The table
lives in the core so that views/ (which may not import the CLI) and workbench/ use the same one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from importlib import resources

import yaml

Replacement = str | Callable[[re.Match[str]], str]


@functools.cache
def _phrases() -> list[tuple[re.Pattern[str], Replacement]]:
    text = resources.files("graph").joinpath("data/core_phrases.yaml").read_text(encoding="utf-8")
    table = (yaml.safe_load(text) or {}).get("core_phrases") or []
    return [(re.compile(item["en"]), _with_words(str(item["nl"]), item.get("types") or [], item.get("labels") or [],
                                                 item.get("properties") or [])
             if item.get("types") or item.get("labels") or item.get("properties") or _PLURAL.search(str(item["nl"]))
             else str(item["nl"]))
            for item in table]


# `{\2|relatie|relaties}` in a Dutch phrase: the first noun when group 2 is the count 1, else the second
# (English says "1 relation", "3 relations"; the phrase matches both with `relations?`).
_PLURAL = re.compile(r"\{\\(\d)\|([^|{}]*)\|([^|{}]*)\}")


def _one(count: str) -> bool:
    return count.replace(",", "").replace(".", "").strip() == "1"


@functools.cache
def _type_words() -> dict[str, str]:
    """Entity and relation type codes by their Dutch names, as a sentence reads them (Person: persoon)."""
    from graph.schema import default_schema
    schema = default_schema()
    words = {name: t.title("nl").lower() for name, t in schema.relations.items()}
    return {**words, **{name: t.title("nl").lower() for name, t in schema.entities.items()}}


@functools.cache
def _property_words() -> dict[str, str]:
    """`Type.property` codes by their Dutch reading ("Person.bsn": "BSN van persoon"), for notes that name a
    property of a type (what an export left out)."""
    from graph.schema import default_schema
    schema = default_schema()
    words: dict[str, str] = {}
    for kinds in (schema.relations, schema.entities):
        for name, t in kinds.items():
            for prop, spec in t.properties.items():
                words[f"{name}.{prop}"] = f"{spec.label.get('nl') or prop} van {t.title('nl').lower()}"
    return words


# Security labels by their Dutch names, with the code a command takes (`audit accept-label confidential`).
_LABEL_WORDS = {"open": "Open", "confidential": "Vertrouwelijk", "police-wpg": "Politie (WPG)",
                "fiod/tax": "FIOD/Belastingdienst"}


def _with_words(dutch: str, types: list[int], labels: list[int],
                properties: list[int] | None = None) -> Callable[[re.Match[str]], str]:
    """A replacement whose `types` groups are type codes, shown by their Dutch names ("geen Person" read as
    code), whose `labels` groups are security label codes, shown as "Vertrouwelijk (confidential)", and whose
    `properties` groups are `Type.property` codes, shown as "BSN van persoon"."""
    def replace(match: re.Match[str]) -> str:
        values = {i: match.group(i) or "" for i in range(1, (match.re.groups or 0) + 1)}
        for i in types:
            values[i] = _type_words().get(values[i], values[i])
        for i in properties or ():
            values[i] = _property_words().get(values[i], values[i])
        for i in labels:
            if values[i] in _LABEL_WORDS:
                values[i] = f"{_LABEL_WORDS[values[i]]} ({values[i]})"
        text = _PLURAL.sub(lambda p: p.group(2) if _one(match.group(int(p.group(1))) or "") else p.group(3), dutch)
        return re.sub(r"\\(\d)", lambda ref: values.get(int(ref.group(1)), ""), text)
    return replace


def core_text(text: str, lang: str) -> str:
    """`text` (an error, an import warning) in `lang`: Dutch phrases in place of English ones, in order.
    Ids, file names, values and codes are matched, never translated (only type codes a phrase marks)."""
    if lang != "nl":
        return text
    for pattern, dutch in _phrases():
        text = pattern.sub(dutch, text)
    return text
