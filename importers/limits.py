"""Size and shape limits on what an import accepts, so one bad file cannot bloat or stall a project.

A 50 MB "name" pasted into a cell, a NUL byte, JSON nested 10,000 deep, a YAML alias bomb:
each is refused with a one-line error naming file, row and field, and nothing is written.
The cell and name limits are configurable (an import specification's `limits:` block, the
CLI's `--max-cell-chars` / `--max-name-chars`); the nesting limits are not, because no
real KvK document or import specification comes near them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

CELL_CHARS = 32_767  # what one Excel cell can hold: no analyst's table has more in a cell
NAME_CHARS = 1_000  # the longest statutory names in the Handelsregister are a few hundred characters
JSON_DEPTH = 64  # KvK documents nest 4 deep
YAML_DEPTH = 32  # an import specification nests 6 deep
YAML_ALIASES = 50  # specifications need no aliases; a few are harmless, thousands are a bomb
SPEC_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """How long a cell and a name may be (characters)."""

    cell_chars: int = CELL_CHARS
    name_chars: int = NAME_CHARS

    def problem(self, text: str, *, is_name: bool = False) -> str | None:
        """Why `text` may not be imported (too long, a NUL byte), or None."""
        limit = self.name_chars if is_name else self.cell_chars
        if len(text) > limit:
            what = "name" if is_name else "cell"
            return (f"{what} of {len(text):,} characters is longer than the limit of {limit:,} "
                    f"(limits.{'name' if is_name else 'cell'}_chars)")
        if "\x00" in text:
            return f"contains a NUL byte at character {text.index(chr(0)) + 1}"
        return None


DEFAULT_LIMITS = Limits()


def shown(value: Any, width: int = 200) -> str:
    """`repr` of a value cut to `width` characters, so an error about a 50 MB cell stays one short line."""
    text = repr(value)
    return text if len(text) <= width else f"{text[:width - 12]}...({len(text):,} chars)"


def json_depth(value: Any, limit: int = JSON_DEPTH) -> int | None:
    """The nesting depth of parsed JSON when it exceeds `limit` (iteratively: no recursion), else None."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return depth
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return None


def yaml_shape_problem(text: str) -> str | None:
    """Why a YAML text is refused before it is built into objects (too deep, too many aliases), or None.

    PyYAML's event parser keeps its own stack (no recursion), so walking the events is safe
    where `safe_load` would recurse 10,000 deep or expand an alias bomb.
    """
    depth = aliases = 0
    events: Iterator[yaml.Event] = yaml.parse(text, Loader=yaml.SafeLoader)
    try:
        for event in events:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > YAML_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else "?"
                    return f"line {line}: nested more than {YAML_DEPTH} levels deep"
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > YAML_ALIASES:
                    line = event.start_mark.line + 1 if event.start_mark else "?"
                    return f"line {line}: more than {YAML_ALIASES} aliases (*name)"
    except yaml.YAMLError:
        return None  # safe_load reports the syntax error with its line
    return None
