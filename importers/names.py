"""Person names in the forms that let variants meet: Dutch particles, Arabic/Turkish transliteration, initials.

One person reaches a project spelled many ways: `Nabil al-Marabh` and `Nabil Almarabh`,
`van der Berg` and `Vd Berg`, `Mohammed` and `Muhammad`, `Yılmaz` and `Yilmaz`, `J. de Vries`
and `Jan de Vries`. `NameForms` holds a name in several folded forms and `similarity` scores
two names as the best agreement of those forms (rapidfuzz), so any one kind of variation is
enough to bring a pair to the analyst. It only proposes: `importers.resolution` lists the
pairs and nothing is merged until the analyst confirms.

The forms:
- `plain`: transliterated to ASCII (`anyascii`: Turkish `ı ş ğ`, Arabic script, accents),
  lower case, particles (`van`, `der`, `de`, `ter`, `al`, `el`, `bin`, `ibn`, `abu`, ...) left
  out, abbreviations expanded first (`vd`, `v.d.`, `v/d` -> `van der`);
- `joined`: the particles glued to the word they precede (`al marabh` -> `almarabh`,
  `van der berg` -> `vanderberg`), which meets a source that writes them as one word;
- `skeleton` (and `joined_skeleton`, of the joined form): each word reduced to its
  consonants after Dutch spelling of Arabic names is undone (`oe` -> `u`, `j` -> `y`,
  `dj` -> `j`, `kh` -> `k`, `ph` -> `f`) and a final `d` read as `t`, so `Mohammed`,
  `Muhammad`, `Mohamed` and `Mehmet` are all `mhmt`, `Youssef` and `Joesoef` both `ysf`;
- `initials`: the first letter of each given name and the surname (`j vries`), which meets
  `J. de Vries`; it scores a little lower (`INITIALS_WEIGHT`), as `Jan` and `Joop` share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

DUTCH_PARTICLES = {"van", "der", "den", "de", "het", "ter", "ten", "te", "op", "in", "t", "s", "d", "la", "le", "du",
                   "von", "zu", "vom", "auf", "aan"}
ARABIC_PARTICLES = {"al", "el", "ul", "bin", "ben", "ibn", "abu", "abou", "bint", "ould", "ait"}
PARTICLES = DUTCH_PARTICLES | ARABIC_PARTICLES
_ABBREVIATIONS = {"vd": "van der", "vdn": "van den", "v": "van", "vd.": "van der", "v.d.": "van der",
                  "v/d": "van der", "v.": "van", "vd..": "van der", "v.d": "van der", "v.d.n.": "van den"}
_SPLIT = re.compile(r"[\s,;.\-'’`/]+")
_SKELETON_STEPS = (("oe", "u"), ("ou", "u"), ("dj", "j"), ("j", "y"), ("kh", "k"), ("ph", "f"), ("sch", "s"),
                   ("ch", "s"), ("sh", "s"), ("q", "k"), ("c", "k"), ("z", "s"), ("w", "v"))
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")
INITIALS_WEIGHT = 0.9  # `J. de Vries` ~ `Jan de Vries` scores 90 at best: Joop de Vries has the same initials
SKELETON_WEIGHT = 0.95  # consonants alone are a little less sure than the spelled name


@dataclass(frozen=True, slots=True)
class NameForms:
    """One name in the forms `similarity` compares (see the module docstring)."""

    plain: str
    joined: str
    skeleton: str
    joined_skeleton: str
    initials: str

    def block_keys(self) -> set[str]:
        """Keys for blocking: a pair is compared when they share one (the surname's start, in two forms)."""
        keys = set()
        for form in (self.plain, self.joined):
            words = form.split()
            if words:
                keys.add(_skeleton_word(words[-1])[:3])
        return {k for k in keys if k}


def _words(name: str) -> list[str]:
    """ASCII lower-case words, abbreviations of particles expanded (`Vd Berg` -> van der berg)."""
    text = anyascii(name).lower()
    raw = text.replace(",", " , ").split()
    if "," in raw:  # `Vries, Jan de`: the part after the comma comes first
        i = raw.index(",")
        raw = raw[i + 1:] + raw[:i]
    out: list[str] = []
    for token in raw:
        if token in _ABBREVIATIONS:
            out += _ABBREVIATIONS[token].split()
            continue
        out += [w for w in _SPLIT.split(token) if w]
    return out


def _skeleton_word(word: str) -> str:
    for old, new in _SKELETON_STEPS:
        word = word.replace(old, new)
    head, tail = word[:1], _VOWELS.sub("", word[1:])
    out = _DOUBLES.sub(r"\1", head + tail)
    return out[:-1] + "t" if len(out) > 1 and out.endswith("d") else out  # Ahmed ~ Ahmet, Mohamed ~ Mehmet


@lru_cache(maxsize=100_000)
def name_forms(name: str) -> NameForms:
    """The forms of one name (cached: a project repeats names)."""
    words = _words(name)
    plain = [w for w in words if w not in PARTICLES] or words
    joined: list[str] = []
    pending = ""
    for w in words:
        if w in PARTICLES:
            pending += w
            continue
        joined.append(pending + w)
        pending = ""
    if pending:
        joined.append(pending)
    given = plain[:-1]
    initials = " ".join([w[0] for w in given] + plain[-1:])
    return NameForms(plain=" ".join(plain), joined=" ".join(joined),
                     skeleton=" ".join(_skeleton_word(w) for w in plain),
                     joined_skeleton=" ".join(_skeleton_word(w) for w in joined), initials=initials)


def similarity(a: str, b: str) -> tuple[float, str]:
    """0-100 and which form agreed best (`spelling`, `particles`, `transliteration`, `initials`)."""
    fa, fb = name_forms(a), name_forms(b)
    scores = {
        "spelling": fuzz.token_sort_ratio(fa.plain, fb.plain),
        "particles": fuzz.token_sort_ratio(fa.joined, fb.joined),
        "transliteration": max(fuzz.token_sort_ratio(fa.skeleton, fb.skeleton),
                               fuzz.token_sort_ratio(fa.joined_skeleton, fb.joined_skeleton)) * SKELETON_WEIGHT,
        "initials": (fuzz.token_sort_ratio(fa.initials, fb.initials) * INITIALS_WEIGHT
                     if _initials_apply(fa, fb) else 0.0),
    }
    best = max(scores, key=lambda k: scores[k])
    return float(scores[best]), best


def _initials_apply(fa: NameForms, fb: NameForms) -> bool:
    """Only when one side writes its given names as initials (one letter each)."""
    def abbreviated(f: NameForms) -> bool:
        given = f.plain.split()[:-1]
        return bool(given) and all(len(w) == 1 for w in given)
    return abbreviated(fa) != abbreviated(fb) or (abbreviated(fa) and abbreviated(fb))
