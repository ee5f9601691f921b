"""Analysis cells as people read them: formatting plus the schema's titles for type codes.

The analyses return schema codes (Person, director_of) so that CSV/JSON files and scripts
keep working; a table for people (CLI table, GUI panel) shows the titles in the interface
language instead (Persoon, bestuurder van). Column kinds beyond graph.formatting's:
entity_type (one code), type_counts ("Person: 3; Company: 2"), relation_hops
("director_of →; ← owner_of"), period ("2021-01-01..…"; in Dutch "vanaf 01-01-2021", "a t/m b"), and
indicator / indicators (red-flag codes such as crowded_address, by the schema's indicator titles).
"""

from __future__ import annotations

import re
from typing import Any

from graph.formatting import format_date, format_value, is_missing

_ARROWS = re.compile(r"^(← )?(.*?)( →)?$")
_ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _entity(code: str, lang: str, schema: Any) -> str:
    et = schema.entities.get(code)
    return str(et.title(lang)) if et is not None else code


def _relation(code: str, lang: str, schema: Any) -> str:
    rt = schema.relations.get(code)
    return str(rt.title(lang)) if rt is not None else code


def _hop(part: str, lang: str, schema: Any) -> str:
    m = _ARROWS.match(part)
    if not m:
        return part
    return f"{m.group(1) or ''}{_relation(m.group(2), lang, schema)}{m.group(3) or ''}"


def _count(part: str, lang: str, schema: Any) -> str:
    code, sep, n = part.partition(": ")
    return f"{_entity(code, lang, schema)}{sep}{n}"


def _period(part: str, lang: str) -> str:
    """'01-01-2021..31-12-2022' as a Dutch reader writes it: '01-01-2021 t/m 31-12-2022', 'vanaf …', 't/m …'."""
    start, sep, end = part.partition("..")
    if not sep:
        return part
    start, end = start.strip(), end.strip()
    if start in ("", "…"):
        return f"t/m {end}" if end not in ("", "…") else "…"
    return f"{start} t/m {end}" if end not in ("", "…") else f"vanaf {start}"


def display_cell(value: Any, kind: str, lang: str, schema: Any) -> str:
    """One cell for people; schema codes by their title in `lang`, unknown codes as they are."""
    if is_missing(value):
        return ""
    if kind == "entity_type":
        return _entity(str(value), lang, schema)
    if kind == "type_counts":
        return "; ".join(_count(p, lang, schema) for p in str(value).split("; ") if p)
    if kind == "relation_hops":
        return "; ".join(_hop(p, lang, schema) for p in str(value).split("; ") if p)
    if kind == "indicator":
        return str(schema.indicator_title(str(value), lang))
    if kind == "indicators":
        items = value.tolist() if hasattr(value, "tolist") else value
        if isinstance(items, list | tuple | set):
            return "; ".join(str(schema.indicator_title(str(v), lang)) for v in items)
        return str(schema.indicator_title(str(value), lang))
    if kind == "risk_branches":  # codes in files, the branch's name for people
        from graph.risk import branch_title

        items = value.tolist() if hasattr(value, "tolist") else value
        items = items if isinstance(items, list | tuple | set) else [items]
        return "; ".join(branch_title(str(v), lang) for v in items)
    if kind == "period":
        dated = _ISO_DAY.sub(lambda m: format_date(m.group(0), lang), str(value))
        return "; ".join(_period(p, lang) for p in dated.split("; ")) if lang == "nl" else dated
    return format_value(value, lang, kind)
