"""Dutch address normalisation: free text -> street, number, letter, addition, postcode, city.

The same address arrives as `Hoofdstraat 12-A bis, 7607 AB Almelo` from one source and
as `HOOFDSTR. 12A BIS 7607AB ALMELO` from another; both must become one Address entity.
The schema identifies a Dutch address by postcode + house number + letter + addition
(or PO box), so the parser's job is to find those parts reliably and spell them the way
the BAG does (letter one upper-case character, addition upper-case).

Rules, in order:
1. a trailing country (`Nederland`, `België`, ...) is split off; abroad the postcode before
   (or after) the city is kept as written in `postal_code` (`1000` of `1000 Brussel`), since
   `postcode` holds only the Dutch `1234 AB` the schema checks;
2. a postcode `1234 AB` is found (not when a number follows it, as in `Plein 1944 nr 5`);
   text before it is the street part, text after it the city;
3. `postbus 123` / `P.O. Box 123` / `antwoordnummer 123` make a PO box address;
4. the street part splits at the first token that starts with digits *and* is followed
   only by what can follow a house number (a letter, `bis`, `hs`, `III`, `-2`, `2 hoog`,
   `t/m 14`); so `1e Jan Steenstraat 45-III`, `18 Septemberplein 3` and
   `Laan 1940-1945 12` keep the numbers that belong to the street name;
5. abbreviations that are unambiguous at the end of a street name are expanded
   (`Hoofdstr.` -> `Hoofdstraat`); ambiguous ones (`St.`, `Kon.`) are left alone;
6. letter and addition follow ONE rule, `house_parts`, shared with the KvK importer and
   the case importer's structured columns, so `3A` in free text, `huisnummerToevoeging: "A"`
   from the KvK and a CSV column `Toevoeging = A` give the same Address id.

The letter/addition rule. The BAG keeps a one-letter `huisletter` apart from a
`huisnummertoevoeging` of up to four characters, but sources do not: the KvK test
environment returns `huisnummer: 3, huisnummerToevoeging: "A"` for the address it spells
`3A` in `volledigAdres`, and free text (`3A`, `3-A`, `3 A`, `3A1`) cannot say which is
meant. So: an addition that *starts with one letter* (alone or followed only by digits:
`A`, `A1`, `A-1`) while no letter is given is read as that letter plus the rest as the
addition (`A` + `1`). A multi-letter addition (`BIS`, `HS`, `III`) stays an addition.
Two sources that name the same postcode + number then agree whenever one of them lacks
the letter or the addition. What this gives up: the rare BAG pair `3A` and `3-A` at one
postcode is one Address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graph.identifiers import UNISSUED_POSTCODE_LETTERS
from graph.identifiers import country as canonical_country
from importers.errors import AddressError

_POSTCODE = re.compile(r"(?<![\w])([1-9]\d{3})\s?([A-Za-z]{2})(?![\w])")
_NUMBER_AFTER = re.compile(r"^\s*(?:nr\.?|no\.?|nummer)?\s*\d")
_PO_BOX = re.compile(r"^(?:postbus|post\s*bus|pb\.?|p\.?\s*o\.?\s*box|postbox|antwoordnummer)\s*[:.]?\s*"
                     r"(?:nr\.?\s*)?(\d{1,6})\b\s*(.*)$", re.I)
_PO_BOX_WORD = re.compile(r"^(?:postbus|p\.?\s*o\.?\s*box|antwoordnummer)\b", re.I)
_ROMAN = r"(?:iv|ix|x{1,2}|v?i{1,3}|v)"
_FLOOR = r"\d{1,2}\s*(?:e|ste|de)?\s*(?:hg|hoog|verd(?:ieping)?|et(?:age)?)"
_WORDS = (r"t/o|bis|ter|hs|huis|bg|beg|begane\s*grond|boven|bov|bv|bg|rd|rechts|links|li|re|zw|achter|voor|"
          r"sous|souterrain|zolder|unit\s*\d{1,4}|bus\s*\d{1,4}|app\.?\s*\d{1,4}|kamer\s*\d{1,4}|k\s*\d{1,4}")
_ADDITION = rf"(?:{_FLOOR}|{_ROMAN}|{_WORDS}|[a-z0-9]{{1,4}})"
# What may follow the digits of a house number, and nothing else.
_TAIL = re.compile(
    rf"^(?:\s*[-/]?\s*(?P<letter>[a-z])(?![a-z0-9]|/[a-z]))?"
    rf"(?:\s*[-/.]?\s*(?P<range>t/m|tot\s+en\s+met)\s*(?P<upto>\d{{1,5}})"
    rf"|\s*[-/]?\s*(?P<add>{_ADDITION})(?![a-z0-9]))?"
    rf"\s*$", re.I)
_NUMBER = re.compile(r"^(\d{1,5})(.*)$", re.S)
_ORDINAL = re.compile(r"^\d{1,2}(?:e|ste|de|ste)$", re.I)
_YEAR = re.compile(r"^(?:18|19|20)\d\d$")
_NR_MARKER = re.compile(r"\s+(?:nr\.?|no\.?|nummer)$", re.I)
_CITY_LIKE = re.compile(r"^[^\W\d_][\w' .-]*[^\W\d_]$|^[^\W\d_]{2,}$")
_SPACES = re.compile(r"\s+")
_FOREIGN_POSTCODE = re.compile(r"^(?:[A-Z]{1,2}-?)?\d{4,6}\s+|\s+\d{4,6}$", re.I)

# End-of-street-name abbreviations whose expansion is unambiguous (`str` also without a dot).
_SUFFIX_WORDS = {"str": "straat", "ln": "laan", "pl": "plein", "gr": "gracht", "wg": "weg", "kd": "kade",
                 "sngl": "singel"}
_SUFFIX = re.compile(r"(?<=\w\w)(str)\.?$|(?<=\w)(?:(ln|pl|gr|kd)\.|(wg|sngl)\.?)$", re.I)
_PREFIXES = {"burg.": "Burgemeester", "gebr.": "Gebroeders", "prof.": "Professor", "pres.": "President",
             "past.": "Pastoor", "wethr.": "Wethouder", "weth.": "Wethouder", "gen.": "Generaal"}
_COUNTRY_WORDS = {"nederland", "the netherlands", "netherlands", "nl", "holland", "belgië", "belgie",
                  "belgium", "duitsland", "deutschland", "germany", "frankrijk", "france", "spanje",
                  "spain", "españa", "verenigd koninkrijk", "united kingdom", "marokko", "turkije", "polen",
                  "curaçao", "suriname", "luxemburg", "luxembourg"}


_TRAILING_COUNTRY = re.compile(
    r"[\s,;](" + "|".join(re.escape(w) for w in sorted((w for w in _COUNTRY_WORDS if len(w) > 2),
                                                            key=len, reverse=True)) + r")\s*$", re.I)
# The last word of each trailing country (what a text ends with when _TRAILING_COUNTRY finds one)
_COUNTRY_ENDS = frozenset(w.rpartition(" ")[2] for w in _COUNTRY_WORDS if len(w) > 2)


def _trailing_country(cleaned: str) -> bool:
    """`_TRAILING_COUNTRY.search(cleaned)` (a `_clean` text: one space between words), without the search
    when the last word is plain ASCII and ends no country's name (most texts: the search cost 1.6 us)."""
    last = cleaned[max(cleaned.rfind(" "), cleaned.rfind(","), cleaned.rfind(";")) + 1:]
    if last.isascii() and last.lower() not in _COUNTRY_ENDS:
        return False
    return _TRAILING_COUNTRY.search(cleaned) is not None


# The common notation `Street 12A, 1234 AB City` in one match; anything else takes the general path.
_FAST = re.compile(r"^(?P<street>[^\W\d_][^\d,;]*?)\s+(?P<num>[1-9]\d{0,4})(?P<letter>[A-Za-z])?\s*,?\s+"
                   r"(?P<pc>[1-9]\d{3})\s?(?P<pcl>[A-Za-z]{2})\s+(?P<city>[^\W\d_][^\d,;]*)$")


_LETTER_FIRST = re.compile(r"^([A-Z])(?:[-/ ]?(\d{1,4}))?$")


def house_parts(letter: Any, addition: Any) -> tuple[str | None, str | None]:
    """(letter, addition) by the one rule above: upper-case, a letter-led addition without a letter split."""
    let = " ".join(str(letter).split()).upper() if letter not in (None, "") else ""
    add = " ".join(str(addition).split()).upper().strip("-/ ") if addition not in (None, "") else ""
    if not let and add:
        m = _LETTER_FIRST.match(add)
        if m:
            let, add = m.group(1), m.group(2) or ""
    return let or None, add or None


@dataclass(frozen=True, slots=True)
class ParsedAddress:
    """The parts of an address, canonically spelled; None where the text did not say."""

    street: str | None = None
    house_number: int | None = None
    house_letter: str | None = None
    house_number_addition: str | None = None
    postcode: str | None = None
    city: str | None = None
    po_box: int | None = None
    country: str | None = None
    postal_code: str | None = None  # abroad: the postcode as written (`1000`, `B-1000`, `40212`)

    @property
    def full(self) -> str:
        return format_address(self.street, self.house_number, self.house_letter, self.house_number_addition,
                              self.postcode, self.city, self.po_box, self.country, self.postal_code)

    def properties(self) -> dict[str, Any]:
        """Address entity properties (schema names), empty parts left out."""
        props = {"street": self.street, "house_number": self.house_number, "house_letter": self.house_letter,
                 "house_number_addition": self.house_number_addition, "postcode": self.postcode,
                 "city": self.city, "po_box": self.po_box, "country": self.country, "postal_code": self.postal_code,
                 "full": self.full}
        return {k: v for k, v in props.items() if v not in (None, "")}


def format_address(street: str | None, house_number: Any, house_letter: str | None, addition: str | None,
                   postcode: str | None, city: str | None, po_box: Any = None, country: str | None = None,
                   postal_code: str | None = None) -> str:
    """One spelling for display: `Hoofdstraat 12A-BIS, 7607 AB Almelo`; `Postbus 123, ...`;
    abroad `Rue de la Loi 16, 1000 Brussel, BE` (`postal_code`: a foreign postcode as written)."""
    if po_box not in (None, ""):
        first = f"Postbus {po_box}"
    else:
        number = "" if house_number in (None, "") else str(house_number)
        number += house_letter or ""
        if addition:
            number += f"-{addition}" if not addition.lower().startswith("t/m") else f" {addition}"
        first = " ".join(p for p in (street or "", number) if p)
    second = " ".join(p for p in (postcode or postal_code or "", city or "") if p)
    parts = [p for p in (first, second) if p]
    if country and country != "NL":
        parts.append(country)
    return ", ".join(parts)


def expand_street(street: str) -> str:
    """`Hoofdstr.` -> `Hoofdstraat`, `Burg. Jansenlaan` -> `Burgemeester Jansenlaan`."""
    words = street.split(" ")
    if len(words) > 1 and words[0].lower() in _PREFIXES:
        words[0] = _PREFIXES[words[0].lower()]
    last = words[-1]
    m = _SUFFIX.search(last)
    if m:
        full = _SUFFIX_WORDS[next(g for g in m.groups() if g).lower()]
        words[-1] = last[: m.start()] + (full.upper() if last.isupper() and len(last) > 1 else full)
    return " ".join(words).strip()


def _clean(text: str) -> str:
    if "\n" in text:
        text = text.replace("\n", ", ")
    return " ".join(text.split()).strip(" ,;")  # str.split's whitespace is `\s`'s (and both ends go anyway)


def _split_country(text: str) -> tuple[str, str | None]:
    m = _TRAILING_COUNTRY.search(text)
    if m:
        return text[: m.start()].strip(" ,"), canonical_country(m.group(1))
    if text.endswith((" NL", ",NL")) and not re.search(r"\d{4}\s?NL$", text):  # `1000 NL` is a postcode
        return text[:-3].strip(" ,"), "NL"
    return text, None


def split_foreign_postcode(city_part: str) -> tuple[str, str | None]:
    """`1000 Brussel` -> (`Brussel`, `1000`): a foreign postcode before or after the city, kept as written."""
    m = _FOREIGN_POSTCODE.search(city_part)
    if not m:
        return city_part, None
    city = (city_part[: m.start()] + city_part[m.end():]).strip()
    return (city, m.group(0).strip().upper()) if city else (city_part, None)


def _find_postcode(text: str) -> re.Match[str] | None:
    found = None
    for m in _POSTCODE.finditer(text):
        if m.group(2).upper() in UNISSUED_POSTCODE_LETTERS:
            continue
        if _NUMBER_AFTER.match(text[m.end():]):
            continue  # `Plein 1944 nr 5`, `Laan 1940 AB 12`: a number follows, so not a postcode
        found = m
    return found


def _split_number(street_part: str) -> tuple[str, int | None, str | None, str | None, str]:
    """(street, number, letter, addition, leftover) at the first token that can start a house number."""
    tokens = street_part.replace(",", " , ").split()
    best: tuple[str, int | None, str | None, str | None, str] | None = None
    for i in range(1, len(tokens)):
        token = tokens[i]
        if not token[0].isdigit() or _ORDINAL.match(token):
            continue
        if _YEAR.match(token) and i + 1 < len(tokens) and tokens[i + 1][0].isdigit():
            continue  # `Plein 1944 1`: a year in the street name, then the house number
        street = " ".join(tokens[:i]).strip(" ,")
        street = _NR_MARKER.sub("", street).strip(" ,")
        if not street:
            continue
        rest_tokens = tokens[i:]
        # Try the whole rest as number + tail, then leave words at the end for the city.
        for cut in range(len(rest_tokens), 0, -1):
            head = " ".join(rest_tokens[:cut])
            leftover = " ".join(rest_tokens[cut:]).strip(" ,")
            if leftover and not _CITY_LIKE.match(leftover):
                continue
            parsed = _parse_number(head)
            if parsed is not None:
                number, letter, addition = parsed
                candidate = (street, number, letter, addition, leftover)
                if not leftover:
                    return candidate
                if best is None:
                    best = candidate
                break
    if best is not None:
        return best
    return street_part.strip(" ,"), None, None, None, ""


def _parse_number(head: str) -> tuple[int, str | None, str | None] | None:
    m = _NUMBER.match(head.strip(" ,"))
    if not m:
        return None
    tail = _TAIL.match(m.group(2).strip(" ,"))
    if not tail:
        return None
    number = int(m.group(1))
    if number == 0:
        return None
    letter = tail.group("letter")
    addition: str | None
    if tail.group("range"):
        addition = f"t/m {int(tail.group('upto'))}"
    else:
        addition = tail.group("add")
        if addition:
            addition = _SPACES.sub(" ", addition).upper()
        if addition and not addition.lower().startswith("t/m"):
            return (number, *house_parts(letter, addition))
    return number, letter.upper() if letter else None, addition


# Streets and cities repeat across addresses (a town has a few hundred streets): each spelling is
# tidied once (a fifth of an address's parse in a narrow import, bench_bulk). Strings only: small.
PART_CACHE = 8192


@lru_cache(maxsize=PART_CACHE)
def _city(text: str) -> str | None:
    city = text.strip(" ,.;")
    if not city:
        return None
    if city.isupper() or city.islower():
        city = "-".join(" ".join(w[:1].upper() + w[1:].lower() if w.lower() not in {"aan", "den", "de", "op", "en",
                                                                                     "van", "a/d", "bij"}
                                 else w.lower() for w in part.split(" ")) for part in city.split("-"))
        city = city[:1].upper() + city[1:]
    return city


@lru_cache(maxsize=PART_CACHE)
def _street(text: str) -> str | None:
    street = text.strip(" ,.;-")
    if not street:
        return None
    if street.isupper() and len(street) > 3:
        street = " ".join(w.capitalize() if w.isalpha() else w for w in street.split(" "))
    elif street.islower() and street[0].isalpha():
        street = street[0].upper() + street[1:]
    return expand_street(street)


# Bounded small: an importer's column cache already holds each distinct address it read (raw -> parts),
# so this cache only serves callers that parse one at a time (KvK profiles, the GUI). An entry costs
# ~470 bytes (ParsedAddress + key), so 200,000 held ~90 MiB in a 1M-row import (bench/bench_bulk_memory.py).
ADDRESS_CACHE = 16_384


@lru_cache(maxsize=ADDRESS_CACHE)
def parse_address(text: str) -> ParsedAddress:
    """Read one free-text Dutch (or foreign) address; AddressError when there is nothing to read."""
    if not isinstance(text, str):
        raise AddressError(f"address {text!r} is not text", value=text)
    cleaned = _clean(text)
    fast = _fast_parts(cleaned)
    if fast is not None:
        street, number, letter, postcode, city = fast
        return ParsedAddress(street=street, house_number=number, house_letter=letter, postcode=postcode, city=city)
    if not cleaned or not any(ch.isalnum() for ch in cleaned):
        raise AddressError(f"address {text!r} is empty", value=text)
    return _parse_general(text, cleaned)


FastParts = tuple[str, int, str | None, str, str]  # street, house number, letter, postcode, city


def _fast_parts(cleaned: str) -> FastParts | None:
    """The parts of the common notation `Street 12A, 1234 AB City` (a cleaned text) in one match, or None
    when the text takes the general path (`_parse_general` gives the same parts for these)."""
    fast = _FAST.match(cleaned)
    if fast is None:
        return None
    street, pcl = fast.group("street"), fast.group("pcl").upper()
    if pcl in UNISSUED_POSTCODE_LETTERS or _PO_BOX.match(cleaned) or _trailing_country(cleaned) \
            or cleaned.endswith(" NL") or _ORDINAL.match(street.rpartition(" ")[2]):
        return None
    letter = fast.group("letter")
    return _street(street), int(fast.group("num")), letter.upper() if letter else None, \
        f"{fast.group('pc')} {pcl}", _city(fast.group("city"))  # type: ignore[return-value]


def common_address(text: str) -> tuple[FastParts, str] | None:
    """A stripped text in the common notation: its parts and its canonical spelling (`format_address`), without
    the objects `parse_address` makes (a bulk import reads ~250,000 distinct addresses per million rows); None
    for any other notation (then `parse_address`)."""
    parts = _fast_parts(_clean(text))
    if parts is None:
        return None
    street, number, letter, postcode, city = parts
    # format_address of these parts: street and city are never empty here (each starts with a letter)
    return parts, f"{street} {number}{letter or ''}, {postcode} {city}"


def _parse_general(text: str, cleaned: str) -> ParsedAddress:
    """Every notation; `parse_address` takes a shortcut for `Street 12A, 1234 AB City` (same result)."""
    body, country = _split_country(cleaned)
    if country == "NL":
        country = None
    postcode = None
    city_part = ""
    m = _find_postcode(body) if country is None else None
    if m:
        postcode = f"{m.group(1)} {m.group(2).upper()}"
        street_part = body[: m.start()].strip(" ,")
        city_part = body[m.end():].strip(" ,")
        if not street_part and "," in city_part:  # `7607 AB Almelo, Hoofdstraat 12`
            city_part, _, street_part = city_part.partition(",")
    else:
        street_part, sep, city_part = body.rpartition(",")
        if not sep:
            street_part, city_part = body, ""
        elif not re.search(r"\d", street_part) and re.search(r"\d", city_part):  # `Almelo, Hoofdstraat 12`
            street_part, city_part = city_part, street_part
    street_part, city_part = street_part.strip(" ,"), city_part.strip(" ,")
    postal_code = None
    if country is not None and city_part:
        city_part, postal_code = split_foreign_postcode(city_part)

    po = _PO_BOX.match(street_part)
    if po:
        leftover = po.group(2).strip(" ,")
        if leftover and not city_part:
            city_part = leftover
        return ParsedAddress(po_box=int(po.group(1)), postcode=postcode, city=_city(city_part), country=country,
                             postal_code=postal_code)
    if _PO_BOX_WORD.match(street_part):
        raise AddressError(f"address {text!r}: PO box without a number", value=text)

    street, number, letter, addition, leftover = _split_number(street_part)
    if number is None and re.fullmatch(r"\d{1,5}\s*[a-zA-Z]?", street or ""):
        raise AddressError(f"address {text!r}: a house number without a street", value=text)
    if leftover and not city_part:
        city_part = leftover
    return ParsedAddress(street=_street(street) if street else None, house_number=number, house_letter=letter,
                         house_number_addition=addition, postcode=postcode, city=_city(city_part),
                         country=country, postal_code=postal_code)


def is_whole_address(props: dict[str, Any]) -> bool:
    """Identifies a place others can share: postcode + house number, a PO box, or street + number + city.

    Anything less (a street and a city, a city alone) is a property of whoever is there,
    not an Address entity: two companies "in Almelo" do not share an address.
    """
    if props.get("po_box") not in (None, ""):
        return bool(props.get("postcode") or props.get("city"))
    if props.get("house_number") in (None, ""):
        return False
    return bool(props.get("postcode") or (props.get("street") and props.get("city")))


def address_properties(text: str) -> dict[str, Any]:
    """Address entity properties for a free-text address (cached; bulk imports repeat addresses)."""
    return parse_address(text).properties()


def split_street_number(text: str) -> tuple[str | None, int | None, str | None, str | None]:
    """`Rue de la Loi 16` -> (`Rue de la Loi`, 16, None, None): a street-and-number field alone."""
    cleaned = _clean(text)
    if not cleaned:
        return None, None, None, None
    street, number, letter, addition, _ = _split_number(cleaned)  # words after the number: a city, dropped
    return _street(street), number, letter, addition
