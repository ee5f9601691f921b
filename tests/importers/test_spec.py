"""Import specifications: the YAML format, the packaged specs, and errors that name the key at fault."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.core_text import core_text
from importers.errors import SpecError
from importers.spec import load_spec, loads_spec

SPECS = sorted((Path(__file__).parents[2] / "importers" / "specs").glob("*.yaml"))


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_packaged_specs_load(path: Path) -> None:
    spec = load_spec(path)
    assert spec.source and spec.tables


def test_example_spec_has_the_documented_parts() -> None:
    spec = load_spec("meldingen")
    assert (spec.source, spec.reliability, spec.credibility, spec.label, spec.date_format) == (
        "Meldpunt Ondermijning", "B", "2", "confidential", "%d-%m-%Y")
    table = spec.tables[0]
    assert set(table.entities) == {"signal", "person", "address", "company", "case"}
    assert table.entities["person"].reference == ("Naam", "Geboortedatum")
    assert table.entities["company"].properties["sbi_codes"].split == ","
    assert table.relations[-1].type.map == {"bestuurder": "director_of", "directeur": "director_of",
                                            "eigenaar": "owner_of", "aandeelhouder": "shareholder_of",
                                            "werknemer": "employed_by"}
    assert "Meldingsnummer" in table.columns()


MALFORMED = [
    ("[1, 2]", "top level: expected a mapping"),
    ("source: x\nentities: {p: {type: Persoon, properties: {name: Naam}}}", "entities.p.type: unknown entity type"),
    ("source: x\nentities: {p: {type: Person, properties: {naam: Naam}}}", "properties.naam: Person has no property"),
    ("source: x\nentities: {p: {type: Person}}", "maps no column"),
    ("entities: {p: {type: Person, properties: {name: Naam}}}", "source: expected text"),
    ("source: x\nreliability: G\nentities: {p: {type: Person, properties: {name: N}}}", "reliability: 'G'"),
    ("source: x\ncredibility: 7\nentities: {p: {type: Person, properties: {name: N}}}", "credibility: 7"),
    ("source: x\nlabel: geheim\nentities: {p: {type: Person, properties: {name: N}}}", "label: 'geheim'"),
    ("source: x\ndate_format: mm/dd\nentities: {p: {type: Person, properties: {name: N}}}", "date_format"),
    ("source: x\nentities: {p: {type: Person, properties: {name: N}}}\nrelations: [{type: owns, from: p, to: p}]",
     "relations[0].type: unknown relation type 'owns'"),
    ("source: x\nentities: {p: {type: Person, properties: {name: N}}}\nrelations: [{type: family_of, from: p, to: q}]",
     "relations[0].to: 'q' is not an entity"),
    ("source: x\nentities: {p: {type: Person, properties: {name: N}}, c: {type: Case, properties: "
     "{case_number: C}}}\nrelations: [{type: located_at, from: p, to: c}]", "located_at cannot start at Person"),
    ("source: x\nentities: {p: {type: Person, properties: {name: {column: N, value: x}}}}",
     "exactly one of `column` or `value`"),
    ("source: x\nentities: {p: {type: Person, properties: {name: {column: N, colour: red}}}}", "unknown key(s) colour"),
    ("source: x\nentities: {p: {type: Person, address: A}}", "only an Address entity"),
    ("source: x\ncsv: {delimiter: ';;'}\nentities: {p: {type: Person, properties: {name: N}}}", "csv.delimiter"),
    ("source: x\ncsv: {encoding: klingon}\nentities: {p: {type: Person, properties: {name: N}}}", "unknown encoding"),
    ("source: x\ntables: []", "tables: expected a non-empty list"),
    ("source: [x\n", "line 2, column 1: not valid YAML"),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_specs(text: str, message: str) -> None:
    with pytest.raises(SpecError) as info:
        loads_spec(text, origin="mijnspec.yaml")
    assert str(info.value).startswith("mijnspec.yaml: ")
    assert message in str(info.value)


_P = "source: x\nentities: {p: {type: Person, properties: {name: N}}}\n"


MALFORMED_PARTS = [
    (_P + "relations: [{type: family_of, from: p, to: p, properties: {colour: K}}]",
     "relations[0].properties.colour: relation property 'colour' is not declared for family_of"),
    (_P + "relations: [{from: p, to: p}]", "relations[0]: missing `type`"),
    (_P + "relations: [{type: family_of, from: p, to: []}]", "relations[0].to: expected an entity key"),
    (_P + "relations: [{type: family_of, from: p, to: p, label: geheim}]", "relations[0].label: 'geheim'"),
    ("source: x\nentities: {p: {type: Person, properties: {name: N}, label: geheim}}", "entities.p.label: 'geheim'"),
    (_P + "limits: {cell_chars: 0}", "limits.cell_chars: expected a number of characters >= 1, got 0"),
    (_P + "limits: {rows: 5}", "limits: unknown key(s) rows"),
    (_P + "received: gisteren", "received: "),
    (_P + "header_row: -1", "header_row: expected a row number >= 0"),
    (_P + "tables: [{entities: {p: {type: Person, properties: {name: N}}}}]", "give either `tables` or top-level"),
    ("source: x\nmatrix: {entity: Person, relation: family_of}\nentities: {p: {type: Person, properties: {name: N}}}",
     "matrix: a matrix makes its own entities and relations"),
    ("source: x\nmatrix: {entity: Person, columns: Event, relation: associate_of}",
     "matrix.relation: associate_of cannot link Person to Event"),
    ("source: x\nmatrix: {entity: Person, columns: Evenement, relation: attended}",
     "matrix.columns: unknown entity type 'Evenement'"),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED_PARTS)
def test_malformed_relation_and_top_level_parts(text: str, message: str) -> None:
    """The branches of `relation` and `parse_spec` split into helpers each still name the key at fault."""
    with pytest.raises(SpecError) as info:
        loads_spec(text, origin="mijnspec.yaml")
    assert str(info.value).startswith("mijnspec.yaml: ")
    assert message in str(info.value)


def test_top_level_options_reach_the_spec() -> None:
    spec = loads_spec(_P + "csv: {delimiter: tab, encoding: cp1252}\nlimits: {cell_chars: 9}\n"
                      "received: 06-03-2024\nreliability: A\ncredibility: 1\n"
                      "relations: [{type: {column: Soort, map: {broer: family_of}}, from: p, to: p, "
                      "label: confidential}]")
    assert (spec.delimiter, spec.encoding, spec.limits.cell_chars, spec.received) == ("\t", "cp1252", 9, "2024-03-06")
    assert (spec.reliability, spec.credibility, spec.label) == ("A", "1", "open")
    rel = spec.tables[0].relations[0]
    assert (rel.type.column, rel.type.map, rel.sources, rel.targets, rel.label) == (
        "Soort", {"broer": "family_of"}, ("p",), ("p",), "confidential")


def test_missing_spec_file(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="no such import specification"):
        load_spec(tmp_path / "nope.yaml")


def test_every_example_in_the_import_spec_guide_is_a_valid_spec() -> None:
    """docs/import-specs.md: each YAML block that names a `source` is a whole spec, and it must load."""
    import re

    guide = (Path(__file__).resolve().parents[2] / "docs" / "import-specs.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", guide, re.S)
              if re.search(r"^source:", b, re.M) and ": ..." not in b]  # not the outline with its `...`
    assert len(blocks) >= 4
    for block in blocks:
        loads_spec(block, origin="docs/import-specs.md")


# words no Dutch sentence holds (YAML keys such as `column`, `value`, `entities` are quoted with backticks)
_ENGLISH = re.compile(r"\b(expected|got|unknown|known|allowed|give|missing|list|names|maps|only|cannot|"
                      r"declared|exactly|header|top|level|key|text|entity|relation|property|the|a|or|not)\b")


@pytest.mark.parametrize(("text", "message"), MALFORMED + MALFORMED_PARTS)
def test_a_malformed_spec_is_named_in_dutch(text: str, message: str) -> None:
    """In Dutch mode (the default) the error says what is wrong in Dutch: most of these stayed English
    ("top level: expected a mapping, got list"); keys, types and values are kept as written."""
    with pytest.raises(SpecError) as info:
        loads_spec(text, origin="mijnspec.yaml")
    dutch = core_text(str(info.value), "nl")
    _origin, where, what = dutch.split(": ", 2)
    assert not re.search(r"\b(top|level|line|column)\b", where), dutch  # the keys themselves stay as written
    what = re.sub(r"\(expected .*\)$", "", what)  # PyYAML's own words on what it read
    words = _ENGLISH.findall(re.sub(r"`[^`]*`|'[^']*'|\([^()]*: [^()]*\)", "", what))
    assert not words, (words, dutch)
