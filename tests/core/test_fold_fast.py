"""`graph.text.fold`'s shortcuts (issue 18's KvK mapping child folds two texts a profile) give the words the rule
gives: casefold, diacritics and punctuation out, words one space apart. The ASCII path is one bytes.translate;
a text with an accent is translated for the special letters only when it holds one. The reference is fold as
it was written before them."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.text import _SPECIAL, fold

_NON_WORD = re.compile(r"[^0-9a-z]+")


def reference(text: str) -> str:
    """fold as it was written before the ASCII path: NFKD for non-ASCII, casefold, every non-word run a space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text.casefold()).strip()


def test_known_texts() -> None:
    assert fold("  Onderneming 12 B.V.\t(Almelo)--www.x.example ") == "onderneming 12 b v almelo www x example"
    assert fold("Hoofdstraat 12A-BIS, 7607 AB ALMELO") == "hoofdstraat 12a bis 7607 ab almelo"
    assert fold("Müller & Zn., Øresund, Straße") == "muller zn oresund strasse"
    assert fold("Ĳzerhandel ﬁnance") == "ijzerhandel finance"  # NFKD makes these ASCII: the fast path then
    assert fold("Москва 5") == "5"  # other scripts: not words of [0-9a-z]
    assert fold("") == "" and fold(" .,;\x00\x7f ") == ""


@settings(max_examples=600)
@given(st.text(st.characters(max_codepoint=127)))
def test_ascii_as_the_rule(text: str) -> None:
    assert fold(text) == reference(text)


@settings(max_examples=400)
@given(st.text(st.sampled_from("aZ9 .-/\t\n\x0b\x0c\r_|éÉßẞſøŒĳﬁÅÆþ\u0301\u0327\u00a0\u2028Жк")))
def test_mixed_as_the_rule(text: str) -> None:
    assert fold(text) == reference(text)
