"""The case importer's address column reads the common notation straight into its parts (`common_address`,
issue 18): whatever the text, what it keeps is what `parse_address(...).properties()` gives, packed."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers import addresses
from importers.case_import import _PACKED, _AddressColumn, _Bad
from importers.spec import ColumnMap

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_words = st.sampled_from([*"abcdehkmnorstvABCDHKMNRSTZ0123456789 ,;.-/'\n\t", "\xa0", "\u2009", "straat", "postbus ",
                          " t/m ", " bis", " hs", "str.", " nr ", "1e ", " Nederland", " België", " BELGIE",
                          " the Netherlands", " kingdom", " \u212aingdom", "III", "Hoofdstraat ", "12", "7607 ",
                          "AB", "SA", " Almelo", " ALMELO", "Laan van ", ", ", "  "])
_common = st.builds(lambda s, n, let, pc, c, sep: f"{s} {n}{let}{sep}{pc} {c}",
                    st.sampled_from(["Hoofdstraat", "Laan van Meerdervoort", "1e Jan Steenstraat", "Burg. Jansenln.",
                                     "HOOFDSTR", "kerkstraat", "'s-Gravendijkwal", "Oude Gracht 2e"]),
                    st.integers(0, 123456), st.sampled_from(["", "a", "B", " C", "bis"]),
                    st.from_regex(r"[0-9]{4} ?[A-Za-z]{2}", fullmatch=True), st.sampled_from(
                        ["Almelo", "DEN HAAG", "alphen aan den rijn", "Amsterdam, Nederland", "Brussel Belgie",
                         "Almelo NL", "Postbus"]), st.sampled_from([", ", " ", ",", " , "]))
_OLD_SPACES = re.compile(r"\s+")


def _slow(column: _AddressColumn, raw: str) -> object:
    """What the column kept before the shortcut: `one` (parse_address(...).properties()), packed."""
    props = column.one(raw)
    if props.__class__ is not dict:
        return props
    full = props.get("full")
    return (*(props.get(part) for part in _PACKED[:-1]), raw if full == raw else full)


@FAST
@given(st.one_of(_common, st.lists(_words, max_size=20).map("".join), st.text(max_size=60)))
def test_the_shortcut_keeps_what_parse_address_gives(text: str) -> None:
    column = _AddressColumn(ColumnMap(column="Adres"))
    got, want = column.packed(text), _slow(column, text)
    if isinstance(want, _Bad):
        assert isinstance(got, _Bad) and got.message == want.message
    else:
        assert got == want
        if isinstance(want, tuple):
            assert [type(v) for v in got] == [type(v) for v in want]  # type: ignore[union-attr]


@FAST
@given(st.one_of(st.lists(_words, max_size=20).map("".join), st.text(max_size=60)))
def test_clean_and_trailing_country_as_the_regular_expressions_read_them(text: str) -> None:
    old = _OLD_SPACES.sub(" ", text.replace("\n", ", ").replace("\r", " ").replace("\t", " ")).strip(" ,;")
    assert addresses._clean(text) == old
    assert addresses._trailing_country(old) == (addresses._TRAILING_COUNTRY.search(old) is not None)


def test_the_common_notation_takes_the_shortcut() -> None:
    parts, full = addresses.common_address("HOOFDSTR 12a, 7607ab ALMELO")  # type: ignore[misc]
    assert parts == ("Hoofdstraat", 12, "A", "7607 AB", "Almelo") and full == "Hoofdstraat 12A, 7607 AB Almelo"
    assert addresses.common_address("Postbus 12, 7607 AB Almelo") is None
    assert addresses.common_address("Hoofdstraat 12, 7607 AB Almelo, Nederland") is None
