"""Canonical forms of Dutch identifiers (CONVENTIONS.md): one spelling, so two sources merge.

KvK number 8 digits, establishment number 12 digits, postcode `1234 AB`, IBAN upper-case
without spaces, licence plate upper-case without dashes, dates ISO 8601 (Dutch
`dd-mm-jjjj` accepted on input).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from graph.errors import ValidationError

_DIGITS = re.compile(r"\D")
_GROUPING = re.compile(r"[\s.-]")
_POSTCODE = re.compile(r"^\s*([1-9]\d{3})\s*([A-Za-z]{2})\s*$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
_PLATE = re.compile(r"^[A-Z0-9]{4,8}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# PostNL never issues these letter pairs (SS, SD and SA had a wartime meaning); text showing them is no postcode.
UNISSUED_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})


def _shown(value: Any, width: int = 200) -> str:
    """`repr` cut short: an error about a 5,000-digit "KvK number" stays one readable line."""
    text = repr(value)
    return text if len(text) <= width else f"{text[:width - 12]}...({len(text):,} chars)"


def _zero_padded(value: Any, width: int, what: str) -> str:
    """Digits (spaces, dots and dashes allowed between them) left-padded to `width`.

    Excel turns `01234567` into the number 1234567.0; the zeros come back here.
    """
    if isinstance(value, float):  # a spreadsheet number: 1234567.0 is a number, 1234567.5 is not
        if not value.is_integer():
            raise ValidationError(f"{what} {_shown(value)} is not {width} digits", value=value)
        value = int(value)
    text = str(value).strip().removesuffix(".0")
    digits = _DIGITS.sub("", text)
    if not digits or len(digits) > width or _GROUPING.sub("", text) != digits:
        raise ValidationError(f"{what} {_shown(value)} is not {width} digits", value=value)
    return digits.zfill(width)


def kvk_number(value: Any) -> str:
    """8 digits, leading zeros kept."""
    return _zero_padded(value, 8, "KvK number")


def kvk_check_ok(number: str) -> bool:
    """The eleven test (elfproef) that KvK numbers issued before 2024 satisfy."""
    if len(number) != 8 or not number.isdigit():
        return False
    return sum(int(d) * w for d, w in zip(number, range(8, 0, -1), strict=True)) % 11 == 0


def establishment_number(value: Any) -> str:
    """12 digits, leading zeros kept."""
    return _zero_padded(value, 12, "establishment number")


def postcode(value: Any) -> str:
    """`1234 AB`; raises on anything that is not a Dutch postcode."""
    m = _POSTCODE.match(str(value))
    if not m:
        raise ValidationError(f"postcode {_shown(value)} is not of the form 1234 AB", value=value)
    letters = m.group(2).upper()
    if letters in UNISSUED_POSTCODE_LETTERS:
        raise ValidationError(f"postcode {_shown(value)}: the letters {letters} are never issued", value=value)
    return f"{m.group(1)} {letters}"


def iban(value: Any) -> str:
    """Upper-case without spaces, ISO 13616 mod-97 checked."""
    text = re.sub(r"[\s.-]", "", str(value)).upper()
    if not _IBAN.match(text) or not iban_check_ok(text):
        raise ValidationError(f"IBAN {_shown(value)} is not valid", value=value)
    return text


def iban_check_ok(text: str) -> bool:
    rearranged = text[4:] + text[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def plate(value: Any) -> str:
    """Dutch licence plate (kenteken): upper-case letters and digits, no dashes or spaces."""
    text = re.sub(r"[\s-]", "", str(value)).upper()
    if not _PLATE.match(text):
        raise ValidationError(f"licence plate {_shown(value)} is not valid", value=value)
    return text


def phone(value: Any) -> str:
    """International form `+31612345678`; Dutch national numbers get +31."""
    text = str(value).strip()
    plus = text.startswith("+") or text.startswith("00")
    digits = _DIGITS.sub("", text)
    if text.startswith("00"):
        digits = digits[2:]
    if not plus:
        if not digits.startswith("0"):
            raise ValidationError(f"phone number {_shown(value)} has no country or area code", value=value)
        digits = "31" + digits[1:]
    if not 8 <= len(digits) <= 15:
        raise ValidationError(f"phone number {_shown(value)} has {len(digits)} digits", value=value)
    return "+" + digits


def email(value: Any) -> str:
    text = str(value).strip().lower()
    if not _EMAIL.match(text):
        raise ValidationError(f"e-mail address {_shown(value)} is not valid", value=value)
    return text


def date(value: Any) -> str:
    """ISO `yyyy-mm-dd` from ISO, Dutch `dd-mm-jjjj`, `yyyymmdd` (KvK) or a date object."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # fast path: already ISO
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_DUTCH_DATE, (3, 2, 1)), (_COMPACT_DATE, (1, 2, 3))):
        m = pattern.match(text)
        if m:
            y, mo, d = (int(m.group(i)) for i in order)
            try:
                return dt.date(y, mo, d).isoformat()
            except ValueError:
                break
    raise ValidationError(f"date {_shown(value)} is not a valid date (yyyy-mm-dd or dd-mm-jjjj)", value=value)


def country(value: Any) -> str:
    """ISO 3166 alpha-2 where we know it; `Nederland`/`NLD` become `NL`."""
    text = str(value).strip()
    known = {"nederland": "NL", "netherlands": "NL", "nld": "NL", "the netherlands": "NL",
             "belgie": "BE", "belgië": "BE", "belgium": "BE", "bel": "BE", "duitsland": "DE",
             "germany": "DE", "deu": "DE", "frankrijk": "FR", "france": "FR",
             "verenigd koninkrijk": "GB", "united kingdom": "GB", "marokko": "MA",
             "turkije": "TR", "polen": "PL", "spanje": "ES", "curaçao": "CW", "suriname": "SR"}
    if text.lower() in known:
        return known[text.lower()]
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return text


def sbi(value: Any) -> str:
    """SBI activity code: digits only, as the KvK writes it (`4711`, `56101`, `01131`)."""
    text = str(value).strip().removesuffix(".0")
    digits = _DIGITS.sub("", text)
    if not 2 <= len(digits) <= 6:
        raise ValidationError(f"SBI code {_shown(value)} is not 2 to 6 digits", value=value)
    return digits


def number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise ValidationError(f"number {_shown(value)} is not a number", value=value)
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else float(value)
    text = str(value).strip().replace(",", ".")
    try:
        f = float(text)
    except ValueError:
        raise ValidationError(f"number {_shown(value)} is not a number", value=value) from None
    return int(f) if f.is_integer() else f


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "ja", "j", "yes", "y", "waar"}:
        return True
    if text in {"0", "false", "nee", "n", "no", "onwaar", ""}:
        return False
    raise ValidationError(f"yes/no value {_shown(value)} is not understood", value=value)


def text(value: Any) -> str:
    return " ".join(str(value).split())


# property type (schema.yaml) -> canonical form
NORMALISERS: dict[str, Callable[[Any], Any]] = {
    "text": text, "name": text, "identifier": text, "url": text,
    "date": date, "number": number, "bool": boolean,
    "kvk": kvk_number, "vestiging": establishment_number, "postcode": postcode,
    "iban": iban, "plate": plate, "phone": phone, "email": email,
    "country": country, "sbi": sbi,
}
