"""Dutch address normalisation on real-world notations: the same address, one spelling."""

from __future__ import annotations

import pytest

from importers.addresses import expand_street, format_address, parse_address, split_street_number
from importers.errors import AddressError

# text -> (street, number, letter, addition, postcode, city, po_box, country)
NOTATIONS = [
    ('Hoofdstraat 12-A bis, 7607 AB Almelo', ('Hoofdstraat', 12, 'A', 'BIS', '7607 AB', 'Almelo', None, None)),
    ('Hoofdstr. 12a', ('Hoofdstraat', 12, 'A', None, None, None, None, None)),
    ('postbus 123', (None, None, None, None, None, None, 123, None)),
    ('Postbus 123, 1000 AA Amsterdam', (None, None, None, None, '1000 AA', 'Amsterdam', 123, None)),
    ('1e Jan Steenstraat 45-III', ('1e Jan Steenstraat', 45, None, 'III', None, None, None, None)),
    ('Van Nijenrodeweg 887 hs', ('Van Nijenrodeweg', 887, None, 'HS', None, None, None, None)),
    ('Laan van Meerdervoort 1234 A', ('Laan van Meerdervoort', 1234, 'A', None, None, None, None, None)),
    ('Plein 1944 nr 5', ('Plein 1944', 5, None, None, None, None, None, None)),
    ('Straat 10 t/m 14', ('Straat', 10, None, 't/m 14', None, None, None, None)),
    ('2e Hugo de Grootstraat 5 huis', ('2e Hugo de Grootstraat', 5, None, 'HUIS', None, None, None, None)),
    ('Hoofdstraat 12, 7607 AB Almelo', ('Hoofdstraat', 12, None, None, '7607 AB', 'Almelo', None, None)),
    ('Hoofdstraat 12 7607 AB Almelo', ('Hoofdstraat', 12, None, None, '7607 AB', 'Almelo', None, None)),
    ('Hoofdstraat 12 7607AB Almelo', ('Hoofdstraat', 12, None, None, '7607 AB', 'Almelo', None, None)),
    ('HOOFDSTRAAT 12 7607AB ALMELO', ('Hoofdstraat', 12, None, None, '7607 AB', 'Almelo', None, None)),
    ('hoofdstraat 12 7607ab almelo', ('Hoofdstraat', 12, None, None, '7607 AB', 'Almelo', None, None)),
    ('Hoofdstraat 12A, 7607 AB Almelo', ('Hoofdstraat', 12, 'A', None, '7607 AB', 'Almelo', None, None)),
    ('Hoofdstraat 12 A, 7607 AB Almelo', ('Hoofdstraat', 12, 'A', None, '7607 AB', 'Almelo', None, None)),
    ('Hoofdstraat 12-A, 7607 AB Almelo', ('Hoofdstraat', 12, 'A', None, '7607 AB', 'Almelo', None, None)),
    ('Hoofdstraat 12a bis, 7607 AB Almelo', ('Hoofdstraat', 12, 'A', 'BIS', '7607 AB', 'Almelo', None, None)),
    ('Hoofdstraat 12\n7607 AB  Almelo', ('Hoofdstraat', 12, None, None, '7607 AB', 'Almelo', None, None)),
    ('Keizersgracht 123-B, 1015 CJ Amsterdam, Nederland',
     ('Keizersgracht', 123, 'B', None, '1015 CJ', 'Amsterdam', None, None)),
    ('Keizersgracht 123 B 2, 1015 CJ Amsterdam', ('Keizersgracht', 123, 'B', '2', '1015 CJ', 'Amsterdam', None, None)),
    ('Keizersgracht 123-2, 1015 CJ Amsterdam', ('Keizersgracht', 123, None, '2', '1015 CJ', 'Amsterdam', None, None)),
    ('Keizersgracht 123 II, 1015 CJ Amsterdam', ('Keizersgracht', 123, None, 'II', '1015 CJ', 'Amsterdam', None, None)),
    ('Keizersgracht 123 3hg, 1015 CJ Amsterdam',
     ('Keizersgracht', 123, None, '3HG', '1015 CJ', 'Amsterdam', None, None)),
    ('Keizersgracht 123-3 hoog', ('Keizersgracht', 123, None, '3 HOOG', None, None, None, None)),
    ('Jan van Galenstraat 10-bv', ('Jan van Galenstraat', 10, None, 'BV', None, None, None, None)),
    ('Marnixstraat 5 boven', ('Marnixstraat', 5, None, 'BOVEN', None, None, None, None)),
    ('Marnixstraat 5-rd', ('Marnixstraat', 5, None, 'RD', None, None, None, None)),
    ('Bilderdijkstraat 100 zw', ('Bilderdijkstraat', 100, None, 'ZW', None, None, None, None)),
    ('Ferdinand Bolstraat 7 1e verd', ('Ferdinand Bolstraat', 7, None, '1E VERD', None, None, None, None)),
    ('Overtoom 300-H', ('Overtoom', 300, 'H', None, None, None, None, None)),
    ('18 Septemberplein 3, 5611 AL Eindhoven',
     ('18 Septemberplein', 3, None, None, '5611 AL', 'Eindhoven', None, None)),
    ('Laan 1940-1945 12', ('Laan 1940-1945', 12, None, None, None, None, None, None)),
    ('Burg. Jansenlaan 5, Almelo', ('Burgemeester Jansenlaan', 5, None, None, None, 'Almelo', None, None)),
    ('Hoofdstraat 12 Almelo', ('Hoofdstraat', 12, None, None, None, 'Almelo', None, None)),
    ('Almelo, Hoofdstraat 12', ('Hoofdstraat', 12, None, None, None, 'Almelo', None, None)),
    ('7607 AB Almelo, Hoofdstraat 12', ('Hoofdstraat', 12, None, None, '7607 AB', 'Almelo', None, None)),
    ('P.O. Box 5000, 3000 AA Rotterdam', (None, None, None, None, '3000 AA', 'Rotterdam', 5000, None)),
    ('Postbus 5000 3000 AA Rotterdam', (None, None, None, None, '3000 AA', 'Rotterdam', 5000, None)),
    ('Pb 77, 7600 AB Almelo', (None, None, None, None, '7600 AB', 'Almelo', 77, None)),
    ('Postbus: 88 7600 AC Almelo', (None, None, None, None, '7600 AC', 'Almelo', 88, None)),
    ('Antwoordnummer 1234, 7600 VB Almelo', (None, None, None, None, '7600 VB', 'Almelo', 1234, None)),
    ("'s-Gravendijkwal 12, 3014 EE Rotterdam",
     ("'s-Gravendijkwal", 12, None, None, '3014 EE', 'Rotterdam', None, None)),
    ("Stationsplein 1, 's-Hertogenbosch", ('Stationsplein', 1, None, None, None, "'s-Hertogenbosch", None, None)),
    ('Oude Gracht 100 bis', ('Oude Gracht', 100, None, 'BIS', None, None, None, None)),
    ('Stationsweg 1 bus 3', ('Stationsweg', 1, None, 'BUS 3', None, None, None, None)),
    ('Rue de la Loi 16, 1000 Brussel, België', ('Rue de la Loi', 16, None, None, None, 'Brussel', None, 'BE')),
    ('Königsallee 92, 40212 Düsseldorf, Duitsland', ('Königsallee', 92, None, None, None, 'Düsseldorf', None, 'DE')),
    ('Wierdensestraat 5-7, 7607 GH Almelo', ('Wierdensestraat', 5, None, '7', '7607 GH', 'Almelo', None, None)),
    ('Grotestraat 1 t/m 3 Almelo', ('Grotestraat', 1, None, 't/m 3', None, 'Almelo', None, None)),
    ('Dorpsstraat 1 unit 4', ('Dorpsstraat', 1, None, 'UNIT 4', None, None, None, None)),
    ('Kerkweg 8 K 2', ('Kerkweg', 8, 'K', '2', None, None, None, None)),
    ('Kerkweg 8 app. 12', ('Kerkweg', 8, None, 'APP. 12', None, None, None, None)),
    ('Stationsstr 9', ('Stationsstraat', 9, None, None, None, None, None, None)),
    ('Molenstr. 3-C', ('Molenstraat', 3, 'C', None, None, None, None, None)),
    ('Schoolpad 2 rood', ('Schoolpad', 2, None, 'ROOD', None, None, None, None)),
    ('Heerengracht 1, 1015 BK, Amsterdam', ('Heerengracht', 1, None, None, '1015 BK', 'Amsterdam', None, None)),
    ('Nieuwe Binnenweg 4-A 2', ('Nieuwe Binnenweg', 4, 'A', '2', None, None, None, None)),
    ('Hoofdstraat 12 t/o', ('Hoofdstraat', 12, None, 'T/O', None, None, None, None)),
    ('Prins Hendrikkade 20a', ('Prins Hendrikkade', 20, 'A', None, None, None, None, None)),
    ('Lange Voorhout 9, 2514 EA Den Haag', ('Lange Voorhout', 9, None, None, '2514 EA', 'Den Haag', None, None)),
    ('Coolsingel 40 3011 AD Rotterdam NL', ('Coolsingel', 40, None, None, '3011 AD', 'Rotterdam', None, None)),
    ('Weg naar Rhijnauwen 17, 3981 HD Bunnik',
     ('Weg naar Rhijnauwen', 17, None, None, '3981 HD', 'Bunnik', None, None)),
    ('Vijzelstraat 2 - 4', ('Vijzelstraat', 2, None, '4', None, None, None, None)),
    ('Hoofdweg 1009 K', ('Hoofdweg', 1009, 'K', None, None, None, None, None)),
]


def test_at_least_sixty_notations() -> None:
    assert len(NOTATIONS) >= 60
    assert len({text for text, _ in NOTATIONS}) == len(NOTATIONS)


@pytest.mark.parametrize(("text", "expected"), NOTATIONS, ids=[t for t, _ in NOTATIONS])
def test_notation(text: str, expected: tuple[object, ...]) -> None:
    p = parse_address(text)
    got = (p.street, p.house_number, p.house_letter, p.house_number_addition, p.postcode, p.city, p.po_box,
           p.country)
    assert got == expected


@pytest.mark.parametrize("variant", [
    "Hoofdstraat 12-A bis, 7607 AB Almelo", "HOOFDSTR. 12A BIS 7607AB ALMELO", "hoofdstr 12 a-bis, 7607ab almelo",
    "Hoofdstraat 12a bis\n7607 AB Almelo", "7607 AB Almelo, Hoofdstraat 12 A BIS",
])
def test_variants_become_one_address(variant: str) -> None:
    reference = parse_address("Hoofdstraat 12-A bis, 7607 AB Almelo")
    assert parse_address(variant).properties() == reference.properties()
    assert reference.full == "Hoofdstraat 12A-BIS, 7607 AB Almelo"


def test_po_box_is_marked_and_has_no_street() -> None:
    p = parse_address("Postbus 123, 1000 AA Amsterdam").properties()
    assert p["po_box"] == 123 and "street" not in p and "house_number" not in p
    assert p["full"] == "Postbus 123, 1000 AA Amsterdam"


def test_plein_1944_is_not_a_postcode() -> None:
    assert parse_address("Plein 1944 nr 5").postcode is None


@pytest.mark.parametrize("text", ["", "   ", ",,;", "postbus", "Postbus zonder nummer, Almelo", "12"])
def test_unreadable_text_raises_address_error(text: str) -> None:
    with pytest.raises(AddressError):
        parse_address(text)


def test_expand_street_only_where_safe() -> None:
    assert expand_street("Hoofdstr.") == "Hoofdstraat"
    assert expand_street("Burg. Jansenlaan") == "Burgemeester Jansenlaan"
    assert expand_street("St. Jansstraat") == "St. Jansstraat"  # Sint or Station: left alone
    assert expand_street("Kon. Julianaweg") == "Kon. Julianaweg"  # Koning or Koningin: left alone


def test_split_street_number_for_foreign_fields() -> None:
    assert split_street_number("Rue de la Loi 16") == ("Rue de la Loi", 16, None, None)
    assert split_street_number("Königsallee") == ("Königsallee", None, None, None)


def test_format_address() -> None:
    assert format_address("Rue de la Loi", 16, None, None, None, "Brussel", None, "BE") == (
        "Rue de la Loi 16, Brussel, BE")
    assert format_address("Straat", 10, None, "t/m 14", None, None) == "Straat 10 t/m 14"


@pytest.mark.parametrize("letters", ["SA", "SD", "SS", "sa", "ss"])
@pytest.mark.parametrize("template", [
    "Hoofdstraat 1, 7607 {} Almelo",  # the common notation (the fast path)
    "Hoofdstraat 1 7607 {} Almelo",  # the general path
    "Postbus 5, 7607 {} Almelo",
    "7607 {} Almelo, Hoofdstraat 1",
])
def test_letters_never_issued_are_no_postcode(template: str, letters: str) -> None:
    """PostNL issues no SA, SD or SS; the same text with SB has a postcode, so the check is the letters."""
    assert parse_address(template.format(letters)).postcode is None
    assert parse_address(template.format("SB")).postcode == "7607 SB"


@pytest.mark.parametrize("letters", ["SA", "SD", "SS", "ss"])
def test_canonical_postcode_refuses_letters_never_issued(letters: str) -> None:
    from graph.errors import ValidationError
    from graph.identifiers import postcode
    from graph.model import Entity
    from graph.schema import default_schema

    assert postcode("7607 SB") == "7607 SB" and postcode("7607 RZ") == "7607 RZ" and postcode("7607 ST") == "7607 ST"
    with pytest.raises(ValidationError, match=f"letters {letters.upper()} are never issued"):
        postcode(f"7607 {letters}")
    with pytest.raises(ValidationError) as info:
        default_schema().prepare_entity(Entity(type="Address", properties={"postcode": f"7607{letters}",
                                                                             "house_number": 1}))
    assert info.value.field == "postcode"


def test_split_street_number_drops_words_after_the_number() -> None:
    assert split_street_number("Rue de la Loi 16 Brussel") == ("Rue de la Loi", 16, None, None)
    assert split_street_number("hoofdstr. 12a") == ("Hoofdstraat", 12, "A", None)
    assert split_street_number(" , ") == (None, None, None, None)


def test_address_properties_of_free_text() -> None:
    from importers.addresses import address_properties

    assert address_properties("Hoofdstraat 12, 7607 AB Almelo") == {
        "street": "Hoofdstraat", "house_number": 12, "postcode": "7607 AB", "city": "Almelo",
        "full": "Hoofdstraat 12, 7607 AB Almelo"}


def test_address_properties_of_a_foreign_address_and_a_po_box() -> None:
    """The country and the PO box reach the Address record (mutation survivors of `properties`)."""
    from importers.addresses import address_properties

    assert address_properties("Hauptstrasse 5, 10115 Berlin, Duitsland") == {
        "street": "Hauptstrasse", "house_number": 5, "city": "Berlin", "country": "DE", "postal_code": "10115",
        "full": "Hauptstrasse 5, 10115 Berlin, DE"}
    assert address_properties("Postbus 123, 7600 AC Almelo") == {
        "po_box": 123, "postcode": "7600 AC", "city": "Almelo", "full": "Postbus 123, 7600 AC Almelo"}
    assert address_properties("Hoofdstraat 12a-2, 7607 AB Almelo") == {
        "street": "Hoofdstraat", "house_number": 12, "house_letter": "A", "house_number_addition": "2",
        "postcode": "7607 AB", "city": "Almelo", "full": "Hoofdstraat 12A-2, 7607 AB Almelo"}


def test_whole_address_identifies_a_place() -> None:
    from importers.addresses import is_whole_address

    assert is_whole_address({"postcode": "7607 AB", "house_number": 12})
    assert is_whole_address({"street": "Hoofdstraat", "house_number": 12, "city": "Almelo"})
    assert not is_whole_address({"street": "Hoofdstraat", "house_number": 12})  # which Hoofdstraat?
    assert not is_whole_address({"house_number": 12, "city": "Almelo"})
    assert not is_whole_address({"street": "Hoofdstraat", "city": "Almelo"})  # no number: not a place
    assert not is_whole_address({"postcode": "7607 AB", "house_number": ""})
    assert is_whole_address({"po_box": 123, "city": "Almelo"})
    assert is_whole_address({"po_box": 1, "postcode": "7600 AB"})
    assert not is_whole_address({"po_box": 123}) and not is_whole_address({"po_box": "", "city": "Almelo"})


@pytest.mark.parametrize(("letter", "addition", "parts"), [
    ("a", None, ("A", None)), (None, "a", ("A", None)), (None, "A1", ("A", "1")), ("", "a-1", ("A", "1")),
    (None, "A/2", ("A", "2")), (None, "A 3", ("A", "3")), (None, "bis", (None, "BIS")), ("b", "2", ("B", "2")),
    ("b", "a", ("B", "A")), (None, " -hs/ ", (None, "HS")), (None, None, (None, None)), ("", "", (None, None)),
    (None, "A12345", (None, "A12345")), (None, "1", (None, "1")), ("  c ", None, ("C", None)),
    ("a", "x", ("A", "X")), ("b", "2-x", ("B", "2-X")),  # an addition X (a mutant stripped it)
])
def test_house_parts_one_rule(letter: object, addition: object, parts: tuple[object, object]) -> None:
    from importers.addresses import house_parts

    assert house_parts(letter, addition) == parts


def test_format_address_spellings() -> None:
    assert format_address("Hoofdstraat", 12, "A", "BIS", "7607 AB", "Almelo") == "Hoofdstraat 12A-BIS, 7607 AB Almelo"
    assert format_address(None, None, None, None, "7607 AB", "Almelo", po_box=5) == "Postbus 5, 7607 AB Almelo"
    assert format_address("Hoofdstraat", None, None, None, None, "Almelo", "", "NL") == "Hoofdstraat, Almelo"
    assert format_address("Hoofdstraat", "", None, None, None, None) == "Hoofdstraat"
    assert format_address(None, None, None, None, None, None, None, "DE") == "DE"
    assert format_address("Straat", 10, None, "T/M 14", None, None) == "Straat 10 T/M 14"


@pytest.mark.parametrize(("raw", "street"), [
    ("Hoofdstr", "Hoofdstraat"), ("HOOFDSTR.", "HOOFDSTRAAT"), ("Dorpsln.", "Dorpslaan"), ("Marktpl.", "Marktplein"),
    ("Oudegr.", "Oudegracht"), ("Havenkd.", "Havenkade"), ("Zandwg", "Zandweg"), ("Zandwg.", "Zandweg"),
    ("Oostsngl", "Oostsingel"), ("Dorpsln", "Dorpsln"), ("Str.", "Str."), ("gebr. Grimmstr.", "Gebroeders Grimmstraat"),
    ("Prof. Lorentzln.", "Professor Lorentzlaan"), ("Weth. Jansenstr", "Wethouder Jansenstraat"), ("Burg.", "Burg."),
])
def test_expand_street_abbreviations(raw: str, street: str) -> None:
    assert expand_street(raw) == street


@pytest.mark.parametrize(("raw", "city"), [
    ("ALMELO", "Almelo"), ("den haag", "Den Haag"), ("BERGEN OP ZOOM", "Bergen op Zoom"),
    ("ALPHEN AAN DEN RIJN", "Alphen aan den Rijn"), ("WIJK BIJ DUURSTEDE", "Wijk bij Duurstede"),
    ("ETTEN-LEUR", "Etten-Leur"), ("Den Bosch", "Den Bosch"), ("'S-HERTOGENBOSCH", "'s-Hertogenbosch"),
])
def test_city_spelling(raw: str, city: str) -> None:
    assert parse_address(f"Hoofdstraat 1, 7607 AB {raw}").city == city


@pytest.mark.parametrize(("text", "street", "postcode"), [
    ("Plein 1944 nr 5, 7607 AB Almelo", "Plein 1944", "7607 AB"),  # `1944 nr` looks like one, a number follows
    ("Laan 1940 AB 12, 7607 CD Almelo", "Laan 1940 AB", "7607 CD"),
    ("Hoofdstraat 1, 1234 SS, 7607 AB Almelo", None, "7607 AB"),  # letters never issued: look further
])
def test_the_postcode_search_goes_on_past_what_is_no_postcode(text: str, street: str | None, postcode: str) -> None:
    parsed = parse_address(text)
    assert parsed.postcode == postcode and parsed.city == "Almelo"
    assert street is None or parsed.street == street


@pytest.mark.parametrize(("text", "postal_code", "city", "full"), [
    ("Rue de la Loi 16, 1000 Brussel, België", "1000", "Brussel", "Rue de la Loi 16, 1000 Brussel, BE"),
    ("Königsallee 92, 40212 Düsseldorf, Duitsland", "40212", "Düsseldorf", "Königsallee 92, 40212 Düsseldorf, DE"),
    ("Rue Neuve 1, B-1000 Brussel, België", "B-1000", "Brussel", "Rue Neuve 1, B-1000 Brussel, BE"),
    ("Rue Neuve 1, Brussel 1000, België", "1000", "Brussel", "Rue Neuve 1, 1000 Brussel, BE"),
    ("Postbus 5, 1000 Brussel, België", "1000", "Brussel", "Postbus 5, 1000 Brussel, BE"),
    ("Rue Neuve 1, Brussel, België", None, "Brussel", "Rue Neuve 1, Brussel, BE"),
])
def test_a_foreign_postcode_is_kept(text: str, postal_code: str | None, city: str, full: str) -> None:
    """Abroad the postcode is kept as written (`postal_code`), not dropped; `postcode` stays the Dutch one."""
    p = parse_address(text)
    assert (p.postal_code, p.city, p.postcode, p.full) == (postal_code, city, None, full)


def test_a_foreign_postcode_reaches_the_address_record_through_the_cli(tmp_path, capsys, monkeypatch) -> None:
    """What the analyst meets: `knooppunt import case` of a table with a Belgian address, then `show`."""
    from tests.sandbox import as_anna
    from workbench.cli import main

    monkeypatch.setenv("KNOOPPUNT_LANG", "nl")
    (tmp_path / "adressen.csv").write_text("Naam;Adres\nJan Peeters;Rue de la Loi 16, 1000 Brussel, België\n",
                                           encoding="utf-8")
    (tmp_path / "adressen.yaml").write_text(
        "source: test\nentities:\n  person: {type: Person, reference: [Naam], properties: {name: Naam}}\n"
        "  address: {type: Address, address: Adres}\n"
        "relations:\n  - {type: registered_at, from: person, to: address}\n", encoding="utf-8")
    with as_anna(monkeypatch, "anna: correct horse battery"):
        project = ["--project", str(tmp_path / "zaak.knp")]
        assert main(["project", "create", "--owner", "anna", *project]) == 0
        assert main(["import", "case", str(tmp_path / "adressen.csv"), "--spec", str(tmp_path / "adressen.yaml"),
                     *project]) == 0
        capsys.readouterr()
        assert main(["search", "Brussel", "--format", "json", *project]) == 0
        from workbench.output import read_json_rows
        [address] = read_json_rows(capsys.readouterr().out)
        assert main(["show", address["id"], *project]) == 0
        shown = capsys.readouterr().out
    assert "Rue de la Loi 16, 1000 Brussel, BE" in shown
    assert "Postcode buitenland" in shown and " 1000" in shown
