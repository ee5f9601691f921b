"""Canonical identifiers rule by rule: each test names the mistake it catches."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import identifiers as ids
from graph.errors import ValidationError


def test_shown_cuts_a_long_value_to_one_readable_line() -> None:
    assert ids._shown("12") == "'12'"
    long = "9" * 5000
    shown = ids._shown(long)
    assert shown == repr(long)[:188] + "...(5,002 chars)" and len(shown) == 204
    assert ids._shown("x" * 198) == repr("x" * 198)  # exactly 200 characters: whole


@pytest.mark.parametrize(("raw", "canonical"), [
    (1234567, "01234567"), (1234567.0, "01234567"), ("01234567", "01234567"), ("6912 3456", "69123456"),
    ("69.12.34.56", "69123456"), ("6912-3456", "69123456"), (" 69123456 ", "69123456"), ("1", "00000001"),
])
def test_kvk_number_keeps_leading_zeros(raw: object, canonical: str) -> None:
    assert ids.kvk_number(raw) == canonical


@pytest.mark.parametrize("raw", ["123456789", "", "abc", "6912x3456", "69_123456", "0x1234", 1234567.5])
def test_kvk_number_refuses_what_is_not_eight_digits(raw: object) -> None:
    with pytest.raises(ValidationError, match=r"^KvK number .* is not 8 digits$") as info:
        ids.kvk_number(raw)
    assert info.value.value == raw


def test_establishment_number_is_twelve_digits() -> None:
    assert ids.establishment_number("123") == "000000000123"
    assert ids.establishment_number("0000 0001 2345") == "000000012345"
    with pytest.raises(ValidationError, match=r"^establishment number '1234567890123' is not 12 digits$"):
        ids.establishment_number("1234567890123")


def test_kvk_eleven_test() -> None:
    assert ids.kvk_check_ok("69599084")  # 6*8+9*7+5*6+9*5+9*4+0*3+8*2+4*1 = 242 = 22*11
    assert not ids.kvk_check_ok("69599085")
    assert not ids.kvk_check_ok("6959908")  # seven digits
    assert not ids.kvk_check_ok("695990840")
    assert not ids.kvk_check_ok("6959908a")
    assert ids.kvk_check_ok("00000000")
    assert ids.kvk_check_ok("10000003")  # 8 + 3 = 11: the weights run 8 down to 1
    assert not ids.kvk_check_ok("30000001")


@pytest.mark.parametrize(("raw", "canonical"), [("7607ab", "7607 AB"), (" 1012  jk ", "1012 JK"),
                                                 ("9999 ZZ", "9999 ZZ"), ("1000AA", "1000 AA")])
def test_postcode_form(raw: str, canonical: str) -> None:
    assert ids.postcode(raw) == canonical


@pytest.mark.parametrize("raw", ["0123 AB", "123 AB", "12345 AB", "1234 A", "1234 ABC", "1234 A1", "AB 1234"])
def test_postcode_refuses_other_forms(raw: str) -> None:
    with pytest.raises(ValidationError, match=r"is not of the form 1234 AB$") as info:
        ids.postcode(raw)
    assert info.value.value == raw


def test_iban_mod_97() -> None:
    assert ids.iban("nl91 abna 0417 1643 00") == "NL91ABNA0417164300"
    assert ids.iban("NL91-ABNA-0417.1643.00") == "NL91ABNA0417164300"
    assert ids.iban_check_ok("NL91ABNA0417164300") and not ids.iban_check_ok("NL91ABNA0417164301")
    assert ids.iban_check_ok("GB82WEST12345698765432")
    for bad in ("NL91ABNA0417164301", "NL91ABNA04171", "91NLABNA0417164300"):
        with pytest.raises(ValidationError, match=r"^IBAN .* is not valid$"):
            ids.iban(bad)


def test_plate() -> None:
    assert ids.plate("12-abc-3") == "12ABC3" and ids.plate("ab 12 cd") == "AB12CD"
    assert ids.plate("1ABC") == "1ABC" and ids.plate("ABCD1234") == "ABCD1234"
    for bad in ("ABC", "ABCDE12345", "AB_12"):
        with pytest.raises(ValidationError, match=r"^licence plate .* is not valid$"):
            ids.plate(bad)


@pytest.mark.parametrize(("raw", "canonical"), [
    ("06-12345678", "+31612345678"), ("0031 20 1234567", "+31201234567"), ("+32 2 123 45 67", "+3221234567"),
    ("020 123 4567", "+31201234567"), ("+12345678", "+12345678"), ("+123456789012345", "+123456789012345"),
])
def test_phone_international_form(raw: str, canonical: str) -> None:
    assert ids.phone(raw) == canonical


def test_phone_errors_say_what_is_missing() -> None:
    with pytest.raises(ValidationError, match=r"^phone number '612345678' has no country or area code$"):
        ids.phone("612345678")
    with pytest.raises(ValidationError, match=r"^phone number '\+123456' has 6 digits$"):
        ids.phone("+123456")
    with pytest.raises(ValidationError, match=r"has 16 digits$"):
        ids.phone("+1234567890123456")


def test_email() -> None:
    assert ids.email(" Info@Example.NL ") == "info@example.nl"
    for bad in ("geen-adres", "a@b", "a b@c.nl", "a@@b.nl"):
        with pytest.raises(ValidationError, match=r"^e-mail address .* is not valid$"):
            ids.email(bad)


@pytest.mark.parametrize(("raw", "iso"), [
    ("2024-02-29", "2024-02-29"), ("31-12-2024", "2024-12-31"), ("1-2-2024", "2024-02-01"),
    ("01/02/2024", "2024-02-01"), ("01.02.2024", "2024-02-01"), ("20240105", "2024-01-05"),
    ("2024-01-05T10:00:00", "2024-01-05"), (" 2024-01-05 ", "2024-01-05"),
    (dt.datetime(2024, 3, 4, 23, 59), "2024-03-04"), (dt.date(2024, 3, 4), "2024-03-04"),
])
def test_date_forms(raw: object, iso: str) -> None:
    assert ids.date(raw) == iso


@pytest.mark.parametrize("raw", ["31-02-2024", "gisteren", "2024-13-01", "2023-02-29", "20241301", "2024-1-5x"])
def test_date_refuses_what_is_no_date(raw: str) -> None:
    with pytest.raises(ValidationError, match=r"is not a valid date \(yyyy-mm-dd or dd-mm-jjjj\)$"):
        ids.date(raw)


def test_country() -> None:
    assert ids.country("Nederland") == "NL" and ids.country(" NLD ") == "NL" and ids.country("België") == "BE"
    assert ids.country("be") == "BE" and ids.country("Atlantis") == "Atlantis" and ids.country("B1") == "B1"
    assert ids.country("Duitsland") == "DE" and ids.country("Curaçao") == "CW"


def test_sbi() -> None:
    assert ids.sbi("4711") == "4711" and ids.sbi(4711.0) == "4711" and ids.sbi("01131") == "01131"
    assert ids.sbi("47") == "47" and ids.sbi("471101") == "471101" and ids.sbi("47.11") == "4711"
    for bad in ("4", "4711011"):
        with pytest.raises(ValidationError, match=r"^SBI code .* is not 2 to 6 digits$"):
            ids.sbi(bad)


def test_number() -> None:
    assert ids.number(3) == 3 and isinstance(ids.number(3.0), int) and ids.number(2.5) == 2.5
    assert ids.number("1,5") == 1.5 and ids.number(" 12 ") == 12 and isinstance(ids.number("12.0"), int)
    for bad in (True, "twaalf"):
        with pytest.raises(ValidationError, match=r"is not a number$"):
            ids.number(bad)


@pytest.mark.parametrize("word", ["1", "true", "JA", "j", "yes", "y", "Waar", " ja "])
def test_boolean_yes(word: str) -> None:
    assert ids.boolean(word) is True


@pytest.mark.parametrize("word", ["0", "false", "Nee", "n", "no", "onwaar", ""])
def test_boolean_no(word: str) -> None:
    assert ids.boolean(word) is False


def test_boolean_passes_bools_and_refuses_the_rest() -> None:
    assert ids.boolean(True) is True and ids.boolean(False) is False
    with pytest.raises(ValidationError, match=r"^yes/no value 'misschien' is not understood$"):
        ids.boolean("misschien")


def test_text_and_the_normaliser_table() -> None:
    assert ids.text("  Jan \n de   Vries ") == "Jan de Vries"
    assert ids.NORMALISERS["postcode"] is ids.postcode and ids.NORMALISERS["kvk"] is ids.kvk_number
    assert ids.NORMALISERS["vestiging"] is ids.establishment_number and ids.NORMALISERS["sbi"] is ids.sbi


@pytest.mark.parametrize(("func", "bad"), [
    (ids.iban, "NL91ABNA0417164301"), (ids.plate, "AB_12"), (ids.email, "geen-adres"), (ids.phone, "12"),
    (ids.postcode, "1234"), (ids.date, "gisteren"), (ids.sbi, "4"), (ids.number, "twaalf"), (ids.boolean, "?"),
    (ids.kvk_number, "x"), (ids.phone, "612345678"), (ids.number, True),
])
def test_errors_carry_the_value_and_show_it(func, bad: object) -> None:
    """The importer names the field and shows the value: both come from the error."""
    with pytest.raises(ValidationError) as info:
        func(bad)
    assert info.value.value == bad and repr(bad) in str(info.value)
