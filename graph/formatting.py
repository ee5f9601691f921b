"""Numbers and dates as an analyst reads them: Dutch `1.234,5` and `31-12-2024`, or English.

Qt-free so the CLI, exports and the GUI format alike. Inside, dates stay ISO 8601
(CONVENTIONS.md); only what is shown goes through here.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any


def format_number(value: Any, lang: str = "nl", kind: str = "auto") -> str:
    """A number for display: thousands grouped, Dutch decimal comma, rounded sensibly.

    kind: "int" (no decimals), "percent" (0.123 -> 12,3 %), "score" (3 significant digits,
    tiny values shown as 0, never 4.665e-17), or "auto" (int when whole, else a score).
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        return "–"
    if kind == "auto":
        kind = "int" if number == int(number) and abs(number) < 1e15 else "score"
    if kind == "percent":
        text = f"{number * 100:,.1f}"
        suffix = " %"
    elif kind == "int":
        text, suffix = f"{round(number):,d}", ""
    else:
        if abs(number) < 5e-4:
            number = 0.0
        digits = 0 if abs(number) >= 100 else (1 if abs(number) >= 10 else 3)
        text, suffix = f"{number:,.{digits}f}", ""
        if "." in text:
            text = text.rstrip("0").rstrip(".") if digits else text
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text + suffix


def format_date(value: Any, lang: str = "nl") -> str:
    """An ISO date (or date/datetime) as dd-mm-jjjj in Dutch, yyyy-mm-dd in English; other text unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    return day.strftime("%d-%m-%Y") if lang == "nl" else day.isoformat()
