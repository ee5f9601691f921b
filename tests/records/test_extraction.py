"""Text extraction per format and the identifiers found in it (Qt-free core)."""

from __future__ import annotations

import io

import docx
import openpyxl

from graph.documents import extract_text, find_identifiers


def test_word_and_spreadsheet_text() -> None:
    d = docx.Document()
    d.add_paragraph("Bibob-vragenlijst Horeca De Gouden Leeuw")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "KvK"
    table.rows[0].cells[1].text = "12345678"
    buf = io.BytesIO()
    d.save(buf)
    text, note = extract_text("vragenlijst.docx", buf.getvalue())
    assert note is None and "De Gouden Leeuw" in text and "KvK | 12345678" in text

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["rekening", "NL91ABNA0417164300"])
    buf = io.BytesIO()
    book.save(buf)
    text, note = extract_text("transacties.xlsx", buf.getvalue())
    assert note is None and "NL91ABNA0417164300" in text


def test_not_an_outlook_message() -> None:
    text, note = extract_text("bericht.msg", b"not an OLE file")
    assert text == "" and note is not None and note.startswith("bericht.msg: corrupt or unreadable MSG")


def test_identifiers_found_and_checked() -> None:
    found = {(kind, value) for kind, _, value, _ in find_identifiers(
        "KvK 8765 4321 en kvk-nr: 11223344. IBAN NL91 ABNA 0417 1643 00 en NL00 ABNA 0417 1643 00 (fout). "
        "Woont Burgemeester de Vlugtlaan 8, 1063 BS Amsterdam; 3511 AB, huisnummer 4. "
        "Auto XX-99-99 en kenteken 1ABC23; bel +31 (0)20 1234567 of 0612345678; mail a.b@c.nl")}
    assert ("Company", "87654321") in found and ("Company", "11223344") in found
    assert ("BankAccount", "NL91ABNA0417164300") in found
    assert not any(v.startswith("NL00") for _, v in found)  # a failing mod-97 check is no IBAN
    assert ("Address", "Burgemeester de Vlugtlaan 8, 1063 BS Amsterdam") in found
    assert ("Address", "3511 AB 4") in found
    assert ("Vehicle", "XX9999") in found and ("Vehicle", "1ABC23") in found
    assert ("PhoneNumber", "+31201234567") in found and ("PhoneNumber", "+31612345678") in found
    assert ("Email", "a.b@c.nl") in found


def test_identifier_parts_once_each_and_no_phone_inside_an_iban() -> None:
    """The finders share what earlier ones took: an IBAN's digits are no phone number, a repeat is one hit."""
    found = find_identifiers("Kerkstraat 12a-3, 1234 AB Utrecht. Rekening NL91ABNA0417164300, nogmaals "
                             "NL91 ABNA 0417 1643 00. kenteken AB-12-CD")
    assert [(kind, value) for kind, _, value, _ in found] == [
        ("BankAccount", "NL91ABNA0417164300"), ("Address", "Kerkstraat 12a, 1234 AB Utrecht"), ("Vehicle", "AB12CD")]
    assert found[1][1] == {"street": "Kerkstraat", "house_number": 12, "postcode": "1234 AB", "house_letter": "A",
                           "house_number_addition": "3", "city": "Utrecht"}
    assert "Rekening NL91ABNA0417164300" in found[0][3]  # the context around the hit
