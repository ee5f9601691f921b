"""Display formatting shared by the CLI tables and the GUI: numbers and dates per language.

Dutch shows `1.234,5` and dd-mm-jjjj, English `1,234.5` and yyyy-mm-dd. Only two languages
and a handful of kinds, so this is written out rather than pulling in Babel (which would
also slow the CLI's start). Values the analyses return (numpy scalars, NaN, tiny floating
point noise such as 4.665e-17) all come out as something an analyst can read.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any

# Column kinds an analysis declares (graph.analysis.catalogue.Column.kind).
KINDS = ("text", "id", "ids", "integer", "number", "score", "date", "bool", "list",
         "entity_type", "type_counts", "relation_hops", "period",
         "indicator", "indicators", "risk_branches")  # the last seven: graph.analysis.display

_SEPARATORS = {"nl": (",", "."), "en": (".", ",")}  # (decimal, thousands)
_DECIMALS = {"number": 2, "score": 4}


def _plain(value: Any) -> Any:
    """numpy scalars as Python values."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            return value.item()
        except (ValueError, TypeError):
            return value
    return value


def is_missing(value: Any) -> bool:
    value = _plain(value)
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: Any, lang: str, kind: str = "number") -> str:
    """A number for people: grouped thousands, the language's decimal mark, no exponent.

    kind "integer" rounds to whole numbers, "number" shows 2 decimals, "score" 4 (centrality
    values are small); trailing zeros after the decimal mark are dropped, so 3.0 shows as 3.
    """
    value = _plain(value)
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "-∞"
    decimal, thousands = _SEPARATORS.get(lang, _SEPARATORS["en"])
    digits = 0 if kind == "integer" else _DECIMALS.get(kind, 2)
    text = f"{value:,.{digits}f}"
    if digits:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def format_significant(value: float, lang: str, digits: int = 3) -> str:
    """A score to `digits` significant digits in the language, no exponent: 0,123 for 0.123456789, 0,0000123
    for a betweenness the table's four decimals show as 0; from 1 up, `digits` decimals (1.234,568)."""
    if math.isnan(value) or math.isinf(value) or abs(value) < 1e-9:  # 4.7e-17: floating point noise, 0
        return format_number(value, lang, "score")
    decimals = digits if abs(value) >= 1 else digits - 1 - math.floor(math.log10(abs(value)))
    decimal, thousands = _SEPARATORS.get(lang, _SEPARATORS["en"])
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def format_date(value: object, lang: str) -> str:
    """An ISO date (or datetime) as dd-mm-jjjj in Dutch, unchanged ISO in English; other text as is."""
    value = _plain(value)
    if is_missing(value) or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    else:
        text = str(value)
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            return text
    return day.strftime("%d-%m-%Y") if lang == "nl" else day.isoformat()


def format_timestamp(value: object, lang: str) -> str:
    """A date or timestamp for people: dd-mm-jjjj (hh:mm) in Dutch, yyyy-mm-dd (hh:mm) in English; a text
    that is no date stays as it is. One rule for the details panel, the audit log and the CLI."""
    text = "" if value is None else str(value)
    day = format_date(text, lang)
    return f"{day} {text[11:16]}" if len(text) >= 16 and text[10] in "T " and day != text else day


def format_value(value: Any, lang: str, kind: str = "text") -> str:
    """Any analysis cell by its declared kind: numbers, dates, yes/no, lists joined with `; `."""
    value = _plain(value)
    if is_missing(value):
        return ""
    if kind in ("integer", "number", "score"):
        return format_number(value, lang, kind)
    if kind == "date":
        return format_date(value, lang)
    if kind == "bool" or isinstance(value, bool):
        return {"nl": ("ja", "nee"), "en": ("yes", "no")}.get(lang, ("yes", "no"))[0 if value else 1]
    if isinstance(value, list | tuple | set) or (hasattr(value, "tolist") and not isinstance(value, str)):
        items: Iterable[Any] = value.tolist() if hasattr(value, "tolist") else value
        return "; ".join(str(v) for v in items)
    if isinstance(value, float):
        return format_number(value, lang, "number")
    return str(value)


_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def format_property(kind: str, name: str, value: Any, lang: str, entity_type: str = "") -> str:
    """A record's property value as a reader sees it (CLI `show`, detail panel, browse tables).

    Dates dd-mm-jjjj in Dutch (also inside a composed text such as "…, ingeschreven 2017-10-10"),
    yes/no instead of True/False, Bibob risk branches by their name, a VIK list's key by its label when
    the entity type is given (a Melding's Kanaal `mma`: Meld Misdaad Anoniem). Numbers stay as they are:
    a house number or PO box is no quantity to group with dots.
    """
    if isinstance(value, list | tuple):
        return "; ".join(format_property(kind, name, v, lang, entity_type) for v in value)
    if entity_type:
        from graph.vik.lists import property_label

        listed = property_label(entity_type, name, value, lang)
        if listed is not None:
            return listed
    if kind == "date":
        return format_date(value, lang)
    if kind == "bool" or isinstance(value, bool):
        return format_value(bool(value), lang, "bool")
    if name == "risk_branches":
        from graph.risk import branch_title

        return branch_title(str(value), lang)
    if kind == "text" and lang == "nl":
        return _ISO_DAY.sub(lambda m: f"{m[3]}-{m[2]}-{m[1]}", str(value))
    return str(value)
