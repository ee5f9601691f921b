"""Text folding for search: analysts type `Muller` and expect `Müller`, `MÜLLER`, `muller`."""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not decompose into base + combining mark.
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe",
                          "Œ": "oe", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i",
                          "ĳ": "ij", "Ĳ": "ij", "þ": "th"})
_NON_WORD = re.compile(r"[^0-9a-z]+")
_SEP = "\x1f"  # between the parts `fold_parts` folds at once (no value holds it, as a rule)
_NON_WORD_SEP = re.compile(r"[^0-9a-z\x1f]+")


def _decompose(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text


def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation; words separated by one space."""
    return _NON_WORD.sub(" ", _decompose(text).casefold()).strip()


def fold_parts(parts: list[str]) -> str:
    """fold(" ".join(parts)) with each part's words indexed once (issue 18): a part whose folded words
    run, in order, inside another part's (a street inside the full address, a trade name inside the
    statutory name, a postcode said twice) is left out.

    A search is a word prefix per word typed (a typed word of several folded words, `b.v.`, a phrase of
    them), so every query that found a left-out part's words finds them in the part they run in; the
    full-text index holds fewer positions (KvK: 17.3 -> 13.6 words an entity, bench/bench_kvk_disk.py).
    """
    text = _SEP.join(parts)
    if text.count(_SEP) == len(parts) - 1:
        folded = _NON_WORD_SEP.sub(" ", _decompose(text).casefold()).replace(" " + _SEP, _SEP).replace(_SEP + " ", _SEP)
        kept = dict.fromkeys(folded.strip(" ").split(_SEP))
    else:  # a value holding the separator: fold each part on its own
        kept = dict.fromkeys(fold(p) for p in parts)
    kept.pop("", None)
    if len(kept) > 1:
        spaced = " " + f" {_SEP} ".join(kept) + " "
        for p in [p for p in kept if spaced.count(p) > 1]:  # most parts occur once even as a substring
            if spaced.count(f" {p} ") > 1:  # its own and, as whole words, inside another part
                del kept[p]
    return " ".join(kept)


def tokens(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return fold(text).split()
