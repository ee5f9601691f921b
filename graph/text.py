"""Text folding for search: analysts type `Muller` and expect `Müller`, `MÜLLER`, `muller`."""

from __future__ import annotations

import re
import unicodedata
from itertools import filterfalse

# Letters that NFKD does not decompose into base + combining mark.
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe",
                          "Œ": "oe", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i",
                          "ĳ": "ij", "Ĳ": "ij", "þ": "th"})
# Whether a text holds one: str.translate looks up every character in the table, and one not in it costs a
# KeyError raised and caught (most of the time of folding a name with an accent, before this check).
_HAS_SPECIAL = re.compile("[" + "".join(map(chr, _SPECIAL)) + "]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# What `_NON_WORD.sub(" ", text.casefold())` makes of an ASCII byte: A-Z lower-cased, 0-9 and a-z kept, any other
# a space. One bytes.translate and split: 5x faster than the regex on a record's search text (the KvK mapping
# child folds two a profile; issue 18), the same words.
_ASCII_WORDS = bytes(c | 0x20 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))
# Characters that fold to a word boundary wherever they stand (ASCII, so no folding can join them to a word).
_BOUNDARY = frozenset(" \t\n\r,.;:!?-/\\()[]{}'\"&+*#|_@<>=~`^%$")


def counted(n: int, one: str, many: str) -> str:
    """`1 relation`, `3 relations`, `1,234 relations`: a count with its noun in number. "relation(s)" read
    wrong to analysts in both languages (graph/core_text.py picks the Dutch noun by the same count)."""
    return f"{n:,} {one if n == 1 else many}"


def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation; words separated by one space."""
    if not text.isascii():
        if _HAS_SPECIAL.search(text):
            text = text.translate(_SPECIAL)
        text = "".join(filterfalse(unicodedata.combining, unicodedata.normalize("NFKD", text)))
        if not text.isascii():  # letters of other scripts: what casefold makes of them, then the non-words out
            return _NON_WORD.sub(" ", text.casefold()).strip()
    return b" ".join(text.encode().translate(_ASCII_WORDS).split()).decode()


def runs_in(value: str, caption: str) -> bool:
    """Whether `value` stands in `caption` as whole words (bounded by its ends or by punctuation and spaces):
    then fold(value)'s words run, in order, inside fold(caption)'s, and a search finds them there.

    The search text of an entity leaves such a value out (a street, postcode, city or house number in the
    full address, a trade name in the name; issue 18): the full-text index holds fewer positions, and
    every word prefix and every run of words typed finds the same records. Cheap first: most values are
    no substring of the caption at all (`value in caption`, before this is called)."""
    i = caption.find(value)
    while i >= 0:
        j = i + len(value)
        if (i == 0 or caption[i - 1] in _BOUNDARY) and (j == len(caption) or caption[j] in _BOUNDARY):
            return True
        i = caption.find(value, i + 1)
    return False


def tokens(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return fold(text).split()
