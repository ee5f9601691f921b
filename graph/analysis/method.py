"""Method notes of an analysis in both interface languages, kept as data.

An analysis says how it computed its table (exact or sampled, which relations count) in
`DataFrame.attrs`. Scripts and tests read `attrs["method"]` (English text per key, as
before); people read `attrs["method_texts"]`: the same keys with {nl, en} texts (or plain
values such as a date or a number that the interface formats), so the CLI and the GUI
show the note in the interface language without translating English sentences afterwards.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

Texts = dict[str, str]


def t(nl: str, en: str) -> Texts:
    return {"nl": nl, "en": en}


def set_method(df: pd.DataFrame, notes: dict[str, Any]) -> None:
    """Record the notes: {nl, en} texts or plain values (numbers, dates, flags)."""
    df.attrs["method"] = {k: v["en"] if isinstance(v, dict) else v for k, v in notes.items()}
    df.attrs["method_texts"] = dict(notes)


def nl_number(number: str) -> str:
    """An English-formatted number in Dutch notation: 26,691.5 -> 26.691,5."""
    return number.translate(str.maketrans(",.", ".,"))


def open_range(start: str | None, end: str | None) -> Texts:
    """A period whose ends may be open (ISO days), in both languages: "vanaf 01-03-2019", "hele looptijd".

    An analyst read "open t/m open" and "2019-03-01 t/m open" in a Dutch method note."""
    from graph.formatting import format_date
    nl_start, nl_end = format_date(start, "nl"), format_date(end, "nl")
    if start and end:
        return t(f"{nl_start} t/m {nl_end}", f"{start} to {end}")
    if start:
        return t(f"vanaf {nl_start}", f"from {start}")
    if end:
        return t(f"t/m {nl_end}", f"until {end}")
    return t("hele looptijd", "all time")


def titles(codes: Any, kind: str, lang: str) -> str:
    """Schema codes (Person, director_of) as their titles in the language, joined: for notes people read."""
    from graph.schema import default_schema
    schema = default_schema()
    types = schema.entities if kind == "entity" else schema.relations
    return ", ".join(str(types[c].title(lang)) if c in types else str(c) for c in sorted(codes))
