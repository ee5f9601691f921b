"""The rules every export shares, one by one: marking, audience, safe cells, owner-only atomic files."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph.errors import KnooppuntError
from graph.exchange import common, tables
from graph.exportfile import safe_text, write_private
from graph.model import Entity, Provenance, Relation
from graph.schema import default_schema


@pytest.mark.parametrize(("raw", "safe"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+31", "'+31"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("\rx", "'\\x0dx"), ("a=b", "a=b"), ("bel\x07l", "bel\\x07l"), ("del\x7f", "del\\x7f"), ("a\nb", "a\nb"),
    ("esc\x1b", "esc\\x1b"), ("nul\x00", "nul\\x00"), ("", ""),
])
def test_safe_text(raw: str, safe: str) -> None:
    assert safe_text(raw) == safe


def test_safe_cell_joins_lists_and_blanks_none() -> None:
    assert tables.safe_cell(None) == "" and tables.safe_cell(["a", "=b"]) == "a; =b"
    assert tables.safe_cell(["=a", "b"]) == "'=a; b" and tables.safe_cell(12) == "12"


def test_write_private_is_owner_only_atomic_and_audited_before_it_appears(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    order: list[str] = []

    def write(tmp: Path) -> None:
        assert tmp.parent == tmp_path and tmp.suffix == ".csv" and tmp != target
        assert stat.S_IMODE(tmp.stat().st_mode) == 0o600
        tmp.write_text("x")
        os.chmod(tmp, 0o644)  # a writer that widens the file (Qt, openpyxl replace it)
        order.append("write")

    def written() -> None:
        assert not target.exists()  # audited before the file appears
        order.append("audit")

    old = os.umask(0)
    try:
        write_private(target, write, written)
    finally:
        os.umask(old)
    assert order == ["write", "audit"] and target.read_text() == "x"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.parametrize("fail_in", ["write", "audit"])
def test_write_private_leaves_nothing_when_it_fails(tmp_path: Path, fail_in: str) -> None:
    def write(tmp: Path) -> None:
        tmp.write_text("half")
        if fail_in == "write":
            raise OSError("disk full")

    def written() -> None:
        raise KnooppuntError("audit failed")

    with pytest.raises((OSError, KnooppuntError)):
        write_private(tmp_path / "out.xlsx", write, written)
    assert list(tmp_path.iterdir()) == []


def test_marking_names_the_labels_present_in_order() -> None:
    def rec(label: str) -> Entity:
        return Entity(type="Person", properties={"name": "x"}, label=label)

    assert common.marking_labels([]) == ["open"]
    assert common.marking_labels([rec("open")]) == ["open"]
    assert common.marking_labels([rec("fiod/tax"), rec("open"), rec("confidential")]) == ["confidential",
                                                                                         "fiod/tax"]
    assert common.marking_line(["open"]) == "RUBRICERING: OPEN"
    assert common.marking_line(["police-wpg", "fiod/tax"]) == (
        "RUBRICERING: POLITIEGEGEVENS (WPG) + FIOD / FISCAAL GEHEIM")
    assert common.marking_line(["confidential"]) == "RUBRICERING: VERTROUWELIJK"
    assert common.marking_line(["other"]) == "RUBRICERING: OTHER"


def test_audience_clearance() -> None:
    assert common.audience_clearance("open") == {"open"}
    assert common.audience_clearance("confidential") == {"open", "confidential"}
    assert common.audience_clearance("police-wpg") == {"open", "confidential", "police-wpg"}
    assert common.audience_clearance("fiod/tax") == {"open", "confidential", "fiod/tax"}
    assert common.audience_clearance(" open , fiod/tax ,") == {"open", "fiod/tax"}
    with pytest.raises(KnooppuntError, match=r"^audience 'geheim': unknown label\(s\) geheim \(use one of open, "):
        common.audience_clearance("geheim")
    with pytest.raises(KnooppuntError, match=r"unknown label\(s\) \(none\)"):
        common.audience_clearance(" , ")


def _graph() -> common.ExchangeGraph:
    people = [Entity(id="per-1", type="Person", properties={"name": "=Jan", "aliases": ["a", "b"]},
                     label="confidential", reliability="B", credibility="2",
                     provenance=Provenance(source="zaak", reference="Z-1"), valid_from="2024-01-01"),
              Entity(id="per-2", type="Person", properties={"name": "Piet", "birth_date": "1980-01-01"})]
    return common.ExchangeGraph(people, [], default_schema(), "confidential")


def test_graph_marking_and_classification() -> None:
    g = _graph()
    assert g.labels == ["confidential"] and g.marking == "RUBRICERING: VERTROUWELIJK"
    g.entities[1].label = "fiod/tax"
    assert g.classification == "confidential+fiod/tax"


def test_csv_carries_the_marking_first_then_safe_cells(tmp_path: Path) -> None:
    out = tmp_path / "lijst.csv"
    tables.write_csv(_graph(), out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# RUBRICERING: VERTROUWELIJK"
    rows = list(csv.reader(lines[1:]))
    assert rows[0] == [*tables.BASE_COLUMNS, "aliases", "birth_date", "name"]
    assert rows[1] == ["per-1", "Person", "", "confidential", "B", "2", "zaak", "Z-1", "2024-01-01", "", "a; b", "",
                       "'=Jan"]
    assert rows[2][:2] == ["per-2", "Person"] and rows[2][6:8] == ["", ""] and rows[2][-2:] == ["1980-01-01", "Piet"]


def test_xlsx_carries_the_marking_in_row_one_header_and_footer(tmp_path: Path) -> None:
    out = tmp_path / "lijst.xlsx"
    tables.write_xlsx(_graph(), out)
    sheet = load_workbook(out).active
    assert sheet is not None and sheet.title == "Entiteiten"
    assert sheet["A1"].value == "RUBRICERING: VERTROUWELIJK"
    assert sheet.oddHeader.center.text == "RUBRICERING: VERTROUWELIJK"
    assert sheet.oddFooter.center.text == "RUBRICERING: VERTROUWELIJK"  # the bottom of every printed page
    assert [c.value for c in sheet[2]][:3] == ["id", "type", "caption"] and sheet["M3"].value == "'=Jan"
    assert sheet.max_row == 4


def test_meta_attributes_round_trip() -> None:
    e = Entity(type="Person", properties={}, label="confidential", reliability="B", credibility="2",
               provenance=Provenance(source="zaak", reference="Z-1", received="2024-02-01"),
               valid_from="2024-01-01", valid_to="2024-12-31")
    attrs = common.meta_attrs(e)
    assert attrs == {"kn_type": "Person", "kn_label": "confidential", "kn_reliability": "B", "kn_credibility": "2",
                     "kn_source": "zaak", "kn_reference": "Z-1", "kn_received": "2024-02-01",
                     "kn_valid_from": "2024-01-01", "kn_valid_to": "2024-12-31"}
    back = common.apply_meta({**attrs, "kn_credibility": 2})
    assert back["label"] == "confidential" and back["reliability"] == "B" and back["credibility"] == "2"
    assert back["valid_from"] == "2024-01-01" and back["valid_to"] == "2024-12-31"
    assert back["provenance"] == Provenance(source="zaak", reference="Z-1", received="2024-02-01")
    bare = common.apply_meta({"kn_reliability": "", "kn_credibility": ""})
    assert bare == {"reliability": None, "credibility": None, "valid_from": None, "valid_to": None,
                    "provenance": None}
    assert "kn_source" not in common.meta_attrs(Entity(type="Person", properties={}))
    assert "kn_valid_to" not in common.meta_attrs(Entity(type="Person", properties={}, valid_to=""))


def test_attribute_types_ids_and_xml_text() -> None:
    assert common.attribute_type("number") == "double" and common.attribute_type("bool") == "boolean"
    assert common.attribute_type("date") == "string"
    schema = default_schema()
    pid = schema.entity_id(schema.entities["Person"], Entity(type="Person", properties={"name": "Jan"},
                                                             provenance=Provenance(source="zaak", reference="Z-1")))
    assert common.is_knooppunt_id(pid, "per") and not common.is_knooppunt_id(pid, "com")
    assert not common.is_knooppunt_id("n3", "per") and common.looks_like_id(pid) and not common.looks_like_id("Jan")
    assert common.xml_text(["a", 1]) == "a; 1" and common.xml_text(True) == "true"
    assert common.xml_text(False) == "false" and common.xml_text("a\x00b\tc\nd\re\x1f") == "ab\tc\nd\re"


def test_first_and_more_splits_repeats_into_rounds() -> None:
    rels = [Relation(id=i, type="associate_of", source_id="a", target_id="b") for i in ("r1", "r2", "r1", "r1")]
    first, more = common._first_and_more(rels)
    assert [r.id for r in first] == ["r1", "r2"] and [[r.id for r in b] for b in more] == [["r1"], ["r1"]]
    assert common._first_and_more([]) == ([], [])


def test_import_report_rows() -> None:
    report = common.ImportReport(file="/tmp/x/zaak.anx", fmt="anx", entities={"new": 2, "merged": 1,
                                                                                "unchanged": 4},
                                 relations={"rejected": 3})
    assert report.rows() == [
        {"file": "zaak.anx", "what": "entities", "new": 2, "merged": 1, "unchanged": 4, "rejected": 0},
        {"file": "zaak.anx", "what": "relations", "new": 0, "merged": 0, "unchanged": 0, "rejected": 3}]


def test_safe_xml_parser_expands_no_entity_and_drops_blank_text(tmp_path: Path) -> None:
    from lxml import etree

    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    doc = (f'<!DOCTYPE a [<!ENTITY x "boem"><!ENTITY f SYSTEM "file://{secret}">]>'
           "<a>\n  <b>&x;</b>\n  <c>&f;</c>\n</a>").encode()
    root = etree.fromstring(doc, common.safe_xml_parser())
    assert root.text is None  # blank text between elements dropped
    assert "boem" not in etree.tostring(root).decode() and "geheim" not in etree.tostring(root).decode()


@pytest.mark.parametrize(("shown", "marked"), [
    ([], ["open"]),
    (["open", "open"], ["open"]),
    (["open", "confidential"], ["confidential"]),
    (["confidential", "police-wpg", "open"], ["police-wpg"]),  # confidential is under police data
    (["fiod/tax", "confidential"], ["fiod/tax"]),
    (["fiod/tax", "open", "police-wpg"], ["police-wpg", "fiod/tax"]),  # two compartments: both, in label order
    (["geheim", "open"], ["geheim"]),  # a hand-set classification Knooppunt does not know is never dropped
    (["police-wpg", "geheim", "confidential"], ["police-wpg", "geheim"]),
])
def test_a_chart_is_marked_with_every_highest_label(shown: list[str], marked: list[str]) -> None:
    assert common.highest_labels(shown) == marked
