"""The core's English messages in the interface language: one table for the CLI and the workbench.

The core (graph/, importers/) raises English one-liners that scripts and logs match on; a Dutch
interface shows them with the phrases of graph/data/core_phrases.yaml put in their place. The table
lives in the core so that views/ (which may not import the CLI) and workbench/ use the same one.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import yaml


@functools.cache
def _phrases() -> list[tuple[re.Pattern[str], str]]:
    text = resources.files("graph").joinpath("data/core_phrases.yaml").read_text(encoding="utf-8")
    table = (yaml.safe_load(text) or {}).get("core_phrases") or []
    return [(re.compile(item["en"]), str(item["nl"])) for item in table]


def core_text(text: str, lang: str) -> str:
    """`text` (an error, an import warning) in `lang`: Dutch phrases in place of English ones, in order.
    Ids, file names, values and codes are matched, never translated."""
    if lang != "nl":
        return text
    for pattern, dutch in _phrases():
        text = pattern.sub(dutch, text)
    return text
