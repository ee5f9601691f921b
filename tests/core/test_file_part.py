"""`file_part` splits a reference by hand (issue 18: the regex took twice as long per record); it must say
exactly what `_FILE_ROW.fullmatch` says, which the store and the importer compare references by."""

import random

from graph.stores.records import _FILE_ROW, file_part


def _by_regex(reference: str | None) -> tuple[str, str] | None:
    if not reference or ":" not in reference:
        return None
    m = _FILE_ROW.fullmatch(reference)
    return None if m is None else (m.group(1), m.group(2) or "")


def test_file_part_cases() -> None:
    assert file_part("meldingen.csv:12") == ("meldingen.csv", "")
    assert file_part("meldingen.csv:12:adres") == ("meldingen.csv", ":adres")
    assert file_part("C:/data/m.csv:3") == ("C:/data/m.csv", "")
    assert file_part("a:12:34") == ("a:12", "")  # the file as long as it can be
    assert file_part("a:12:") == ("a", ":")
    assert file_part("basisprofiel/10000000") is None
    assert file_part(":12") is None and file_part("a:b") is None and file_part("") is None
    assert file_part(None) is None
    assert file_part("a\nb:12") is None  # '.' stops at a line break
    assert file_part("a:12:x\ny") == ("a", ":x\ny")
    assert file_part("a:\u0663") == ("a", "")  # \d is any decimal digit


def test_file_part_is_the_regex() -> None:
    rnd = random.Random(18)
    alphabet = ["a", ":", "1", "2", "\n", "\u0663", "x", "/", "."]
    for _ in range(50_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 9)))
        assert file_part(text) == _by_regex(text), text
