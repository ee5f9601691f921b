"""Fuzz tests (hypothesis) of every parser: whatever the input, it imports or raises the project's
own error (a KnooppuntError) that names where the problem is. Bounded example counts keep it fast."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import KnooppuntError, ValidationError
from graph.schema import default_schema
from graph.stores.sqlite_store import SQLiteStore
from importers.addresses import format_address, parse_address
from importers.case_import import _date, import_table_file
from importers.errors import ImportDataError, SpecError
from importers.kvk import _Where, import_kvk_files, kvk_date, records_from_document
from importers.spec import load_spec, loads_spec, parse_spec

DATA = Path(__file__).parent / "data"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_address_alphabet = st.sampled_from([*"abcdehkmnorstvABCDHKMNRSTZ0123456789 ,.-/'\n", "straat", "postbus ",
                                    " t/m ", " bis", " hs", "str.", " nr ", "1e ", "Nederland", "België", "III"])


@FAST
@given(st.one_of(st.text(max_size=80), st.lists(_address_alphabet, max_size=25).map("".join)))
def test_address_parser_never_crashes(text: str) -> None:
    try:
        p = parse_address(text)
    except KnooppuntError as exc:
        assert (isinstance(exc, ValidationError) and text in str(exc)) or repr(text) in str(exc)
        return
    if p.postcode is not None:
        assert len(p.postcode) == 7 and p.postcode[4] == " " and p.postcode[5:].isupper()
    if p.house_number is not None:
        assert 0 < p.house_number < 100_000
    assert p.properties()  # something came out of it


_streets = st.sampled_from(["Hoofdstraat", "Laan van Meerdervoort", "1e Jan Steenstraat", "Plein 1944",
                            "Van Nijenrodeweg", "'s-Gravendijkwal", "Oude Gracht", "Kerkstraat", "Laan 1940-1945"])
_cities = st.sampled_from(["Almelo", "Amsterdam", "'s-Hertogenbosch", "Den Haag", "Alphen aan den Rijn", None])


@FAST
@given(street=_streets, number=st.integers(1, 99999), letter=st.sampled_from([None, "A", "B", "K"]),
       addition=st.sampled_from([None, "BIS", "HS", "III", "2", "1HG"]),
       postcode=st.one_of(st.none(), st.from_regex(r"[1-9][0-9]{3} [A-RT-Z][A-Z]", fullmatch=True)),
       city=_cities)
def test_formatted_address_parses_back(street: str, number: int, letter: str | None, addition: str | None,
                                       postcode: str | None, city: str | None) -> None:
    """format -> parse is the identity: the canonical spelling is stable, so one address stays one."""
    text = format_address(street, number, letter, addition, postcode, city)
    p = parse_address(text)
    assert (p.street, p.house_number, p.house_letter, p.house_number_addition, p.postcode, p.city) == (
        street, number, letter, addition, postcode, city)
    assert p.full == text


@FAST
@given(st.one_of(st.text(max_size=14), st.from_regex(r"[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}", fullmatch=True),
                 st.dates().map(lambda d: d.strftime("%d-%m-%Y"))),
       st.sampled_from(["auto", "%d-%m-%Y", "%Y%m%d", "%d/%m/%Y"]))
def test_date_parser(text: str, fmt: str) -> None:
    try:
        iso = _date(text, fmt)
    except ValidationError as exc:
        assert repr(text) in str(exc)
        return
    assert len(iso) == 10 and iso[4] == "-" and iso[7] == "-"


@FAST
@given(st.one_of(st.none(), st.text(max_size=10), st.integers(), st.from_regex(r"[0-9]{8}", fullmatch=True)))
def test_kvk_date_parser(value: Any) -> None:
    try:
        iso = kvk_date(value, _Where(Path("p.json"), 3), "formeleRegistratiedatum")
    except ImportDataError as exc:
        assert exc.row == 3 and exc.field == "formeleRegistratiedatum" and exc.file == "p.json"
        return
    assert iso is None or len(iso) == 10


_yaml_leaf = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=8),
                       st.sampled_from(["Person", "Address", "Company", "name", "kvk_number", "Naam", "located_at",
                                        "p", "a", "woonadres", "dd-mm-jjjj", "B", "2", ";"]))
_yaml_keys = st.sampled_from(["source", "entities", "relations", "tables", "type", "properties", "address", "from",
                              "to", "column", "value", "split", "map", "default", "sheet", "reference", "label",
                              "date_format", "reliability", "credibility", "csv", "p", "a", "name", "kvk_number",
                              "postcode", "kind", "required", "header_row", "valid_from", "x"])
_yaml = st.recursive(_yaml_leaf, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(_yaml_keys, inner, max_size=4)), max_leaves=25)


@FAST
@given(_yaml)
def test_spec_parser(data: Any) -> None:
    try:
        spec = parse_spec(data, origin="fuzz.yaml")
    except SpecError as exc:
        assert str(exc).startswith("fuzz.yaml: ")
        return
    assert spec.tables and spec.source


@FAST
@given(st.sampled_from(list(load_spec("meldingen").raw)), _yaml)
def test_spec_parser_on_mutated_real_spec(key: str, value: Any) -> None:
    raw = copy.deepcopy(load_spec("meldingen").raw)
    raw[key] = value
    try:
        parse_spec(raw, origin="fuzz.yaml")
    except SpecError as exc:
        assert str(exc).startswith("fuzz.yaml: ")


_HEADER = ("Meldingsnummer;Ontvangen;Omschrijving;Categorie;Naam;Geboortedatum;BSN;Adres;Rol;KvK-nummer;Bedrijfsnaam;"
           "SBI;Functie;Casusnummer")
_cell = st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
                  st.sampled_from(["", "12-07-1975", "31-02-2024", "12345678", "1234567890", "Hoofdstraat 12",
                                   "postbus", "bestuurder", "kok", "56101,4778", "x,y", '"', ";", "\r\n"]))


def _store(folder: str) -> SQLiteStore:
    return SQLiteStore(Path(folder) / "p.knp", create=True)


@SLOW
@given(st.lists(st.lists(_cell, min_size=0, max_size=16), min_size=0, max_size=5),
       st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]))
def test_csv_rows(rows: list[list[str]], encoding: str) -> None:
    spec = load_spec("meldingen")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        text = _HEADER + "\n" + "\n".join(";".join(r) for r in rows) + "\n"
        path.write_bytes(text.encode(encoding, errors="replace"))
        store = _store(folder)
        try:
            import_table_file(store, path, spec)
        except ImportDataError as exc:
            assert exc.file == str(path)
            assert store.counts() == {}  # nothing half-imported
        finally:
            store.close()


def _import_or_located_error(folder: str, path: Path, spec: Any) -> None:
    """Import the file; the only failure allowed is the project's own error naming that file."""
    store = _store(folder)
    try:
        import_table_file(store, path, spec)
    except ImportDataError as exc:
        assert exc.file == str(path)
    finally:
        store.close()


@SLOW
@given(st.binary(max_size=200))
def test_csv_bytes(data: bytes) -> None:
    spec = load_spec("meldingen")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(_HEADER.encode() + b"\n" + data)
        _import_or_located_error(folder, path, spec)


_json = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                               st.text(max_size=10), st.sampled_from(["Ja", "Nee", "bezoekadres", "postadres",
                                                                      "7607AB", "20171010", "69599084", "Nederland",
                                                                      "België"])),
                     lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner,
                                                                                           max_size=3)),
                     max_leaves=15)
_DOCS = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in
         (DATA / "kvk_basisprofiel.json", DATA / "kvk_zoeken.json", DATA / "kvk_vestigingsprofiel.json",
          DATA / "kvk_naamgeving.json", DATA / "kvk_zoeken_v1.json", DATA / "kvk_basisprofiel_toevoeging.json")}


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def _mutated_kvk(draw: st.DrawFn) -> Any:
    name = draw(st.sampled_from(sorted(_DOCS)))
    doc = copy.deepcopy(_DOCS[name])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(doc)))
        if not path:
            return draw(_json)
        holder = doc
        for step in path[:-1]:
            holder = holder[step]
        holder[path[-1]] = draw(_json)
    return doc


@SLOW
@given(st.one_of(_mutated_kvk(), _json))
def test_kvk_json(doc: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kvk.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        store = _store(folder)
        try:
            import_kvk_files(store, [path])
        except ImportDataError as exc:
            assert exc.file == str(path) and exc.row is not None
            assert store.counts() == {}
        finally:
            store.close()


@FAST
@given(_mutated_kvk())
def test_kvk_records_are_canonical_as_made(doc: Any) -> None:
    """The KvK mapper hands the store records it does not normalise again: preparing them changes nothing."""
    schema = default_schema()
    meta = {"source": "KvK", "reliability": "B", "credibility": "2", "label": "open", "received": "2026-12-06"}
    try:
        recs = records_from_document(doc, schema, _Where(Path("p.json"), 1), meta)
    except ImportDataError:
        return
    for entity in recs.entities:
        again = copy.deepcopy(entity)
        again.id = again.caption = ""
        schema.prepare_entity(again)
        assert (again.id, again.caption, again.properties) == (entity.id, entity.caption, entity.properties)


@FAST
@given(street=_streets.filter(lambda s: not s[0].isdigit()), number=st.integers(1, 99999),
       letter=st.sampled_from([None, "A", "b"]), comma=st.sampled_from([", ", " ", ",  "]),
       postcode=st.from_regex(r"[1-9][0-9]{3} ?[A-Za-z]{2}", fullmatch=True),
       city=st.sampled_from(["Almelo", "ALMELO", "den haag", "Alphen aan den Rijn", "Hengelo Ov"]))
def test_address_shortcut_agrees_with_the_general_parser(street: str, number: int, letter: str | None, comma: str,
                                                         postcode: str, city: str) -> None:
    from importers.addresses import _clean, _parse_general

    text = f"{street} {number}{letter or ''}{comma}{postcode} {city}"
    try:
        general = _parse_general(text, _clean(text))
    except KnooppuntError:
        general = None
    try:
        fast = parse_address(text)
    except KnooppuntError:
        fast = None
    assert fast == general


@SLOW
@given(st.lists(st.lists(st.sampled_from(["", "0", "1", "3", "2,5", "x", "-", " ", "Jan", "Piet", '"']),
                         min_size=1, max_size=5), min_size=1, max_size=5))
def test_matrix_cells(rows: list[list[str]]) -> None:
    """Whatever an adjacency matrix's cells hold: it imports, or a located error and nothing written."""
    spec = loads_spec("source: x\nmatrix: {entity: Person, relation: associate_of, value: weight}\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "matrix.csv"
        header = ";" + ";".join(f"P{i}" for i in range(max(len(r) for r in rows)))
        path.write_text(header + "\n" + "\n".join(f"P{i};" + ";".join(r) for i, r in enumerate(rows)) + "\n",
                        encoding="utf-8")
        store = _store(folder)
        try:
            import_table_file(store, path, spec)
        except ImportDataError as exc:
            assert exc.file == str(path)
            assert store.counts() == {}
        finally:
            store.close()


@SLOW
@given(st.binary(max_size=300))
def test_xlsx_bytes(data: bytes) -> None:
    """A damaged or fake workbook is an error naming the file, never a crash."""
    spec = load_spec(DATA / "casus_xlsx.yaml")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.xlsx"
        path.write_bytes(b"PK\x03\x04" + data)
        _import_or_located_error(folder, path, spec)


# -- issue 12 point 6: the inputs that bloated or stalled a project, each a one-line located error ---------------
_NAMED_SPEC = """
source: Casusregistratie
entities:
  person: {type: Person, reference: [Naam], properties: {name: Naam}}
  address: {type: Address, address: Adres}
relations: [{type: registered_at, from: person, to: address}]
"""


def _csv_case(folder: str, name: str, data: bytes, spec_text: str = _NAMED_SPEC) -> str:
    """The error message of importing `data`; asserts it is one line naming the file and nothing was written."""
    path = Path(folder) / name
    path.write_bytes(data)
    store = _store(folder)
    try:
        import_table_file(store, path, loads_spec(spec_text))
    except ImportDataError as exc:
        assert exc.file == str(path) and "\n" not in str(exc) and len(str(exc)) < 400
        assert store.counts() == {}
        return str(exc)
    finally:
        store.close()
    raise AssertionError("imported without an error")


def test_named_bad_inputs_are_located_errors() -> None:
    big_name = "Jan " + "x" * 5_000_000
    with tempfile.TemporaryDirectory() as folder:
        assert "row 2, column 'Naam': name of 5,000,004 characters is longer than the limit of 1,000" in _csv_case(
            folder, "naam.csv", f"Naam;Adres\n{big_name};Hoofdstraat 1, 7607 AB Almelo\n".encode())
        cell = "Hoofdstraat 1, 7607 AB Almelo " + "y" * 1_048_576
        assert "row 3, column 'Adres': cell of 1,048,606 characters is longer than the limit of 32,767" in _csv_case(
            folder, "cel.csv", f"Naam;Adres\nJan;Kerkstraat 2, 7607 AB Almelo\nPiet;{cell}\n".encode())
        assert "row 2, column 'Naam': contains a NUL byte at character 4" in _csv_case(
            folder, "nul.csv", b"Naam;Adres\nJan\x00 de Vries;Hoofdstraat 1, 7607 AB Almelo\n")
        mixed = "Naam;Adres\nZoë Kraan;Hoofdstraat 1, 7607 AB Almelo\n".encode() + \
            "Chloë Smit;Kerkstraat 2, 7607 AB Almelo\n".encode("cp1252")
        assert "row 3: mixes encodings: this line is not UTF-8 but line 2 is" in _csv_case(folder, "mix.csv", mixed)
        assert "row 1, column 'Naam': the header names column 'Naam' twice" in _csv_case(
            folder, "dubbel.csv", b"Naam;Naam;Adres\nJan;Piet;Hoofdstraat 1, 7607 AB Almelo\n")
        # the limits are the spec's to set
        roomy = _NAMED_SPEC + "limits: {name_chars: 6000000, cell_chars: 6000000}\n"
        path = Path(folder) / "ruim.csv"
        path.write_text(f"Naam;Adres\n{big_name[:10_000]};Hoofdstraat 1, 7607 AB Almelo\n", encoding="utf-8")
        store = SQLiteStore(Path(folder) / "ruim.knp", create=True)
        try:
            assert import_table_file(store, path, loads_spec(roomy)).rejected == 0
        finally:
            store.close()


def test_deep_json_and_long_kvk_number_are_located_errors() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, text in (("diep.json", "[" * 10_000 + "]" * 10_000),
                           ("diep.jsonl", '{"kvkNummer": "69599084"}\n' + "[" * 10_000 + "]" * 10_000 + "\n"),
                           ("matig.json", json.dumps(_nested(100))),
                           ("lang.json", json.dumps({"kvkNummer": "1" * 5000, "naam": "x"}))):
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            store = _store(folder)
            try:
                import_kvk_files(store, [path])
                raise AssertionError(f"{name} imported")
            except ImportDataError as exc:
                assert exc.file == str(path) and exc.row is not None and len(str(exc)) < 400, str(exc)
                assert store.counts() == {}
            finally:
                store.close()
                (Path(folder) / "p.knp").unlink()


def _nested(depth: int) -> Any:
    doc: Any = {"kvkNummer": "69599084"}
    for _ in range(depth):
        doc = {"resultaten": [doc]}
    return doc


def test_deep_yaml_and_alias_bomb_are_refused_quickly() -> None:
    deep = "source: x\nentities: " + "[" * 10_000 + "]" * 10_000 + "\n"
    with pytest.raises(SpecError, match=r"line 2: nested more than 32 levels deep; refused"):
        loads_spec(deep, origin="diep.yaml")
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
    with pytest.raises(SpecError, match=r"more than 50 aliases"):
        loads_spec(bomb + "source: x\n", origin="bom.yaml")
    with pytest.raises(SpecError, match="characters; an import specification is at most"):
        loads_spec("source: x\n# " + "x" * (2 << 20), origin="groot.yaml")
