"""Each file format against an oracle that is not our own reader: networkx, the official GEXF 1.3 grammars,
followthemoney's model, and an Analyst's Notebook chart in the shape ANB 7 saves."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from graph.exchange.service import export_file, import_file
from tests.exchange.conftest import open_owner

DATA = Path(__file__).parent / "data"
WIDE = "open,confidential"


def _export(project: tuple[Path, dict[str, str]], fmt: str, tmp_path: Path, **kw: object) -> Path:
    out = tmp_path / f"zaak.{fmt}"
    with open_owner(project[0]) as store:
        export_file(store, fmt, out, audience=WIDE, **kw)  # type: ignore[arg-type]
    return out


def test_graphml_read_by_networkx_with_types(project: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    ids = project[1]
    g = nx.read_graphml(_export(project, "graphml", tmp_path), edge_key_type=str, force_multigraph=True)
    assert g.graph["classification"] == "confidential"
    jan, holding = g.nodes[ids["jan"]], g.nodes[ids["holding"]]
    assert jan["kn_type"] == "Person" and jan["birth_date"] == "1979-02-16" and jan["kn_label"] == "confidential"
    assert jan["aliases"] == "J. de Vries; Johnny" and "bsn" not in jan
    # the record's grading is the best any source gave it (KvK A1; the second source's B2 stays its own)
    assert holding["employees"] == 12.0 and holding["kn_reliability"] == "A" and holding["kn_credibility"] == 1
    edges = {d["kn_type"]: d for _, _, d in g.edges(data=True)}
    assert edges["director_of"]["kn_valid_to"] == "2023-06-30" and edges["director_of"]["kn_directed"] is True
    assert edges["family_of"]["kn_directed"] is False
    assert edges["shareholder_of"]["share"] == 40.0


GEXF_NS, VIZ_NS = "http://gexf.net/1.3", "http://gexf.net/1.3/viz"


def _official_gexf_check(doc: etree._ElementTree) -> list[str]:
    """Errors of a GEXF document against the official 1.3 grammars (tests/exchange/data/gexf-1.3).

    The RelaxNG is used unchanged. The XSD is used unchanged too, on a copy of the document whose
    viz elements sit in the namespace the published XSD (wrongly) gives them -- see the README there.
    """
    rng = etree.RelaxNG(etree.parse(str(DATA / "gexf-1.3" / "gexf.rng")))
    xsd = etree.XMLSchema(etree.parse(str(DATA / "gexf-1.3" / "gexf.xsd")))
    errors = [] if rng.validate(doc) else [f"rng: {e.line}: {e.message}" for e in rng.error_log]
    for_xsd = copy.deepcopy(doc)
    for el in for_xsd.getroot().iter(f"{{{VIZ_NS}}}*"):
        el.tag = f"{{{GEXF_NS}}}{etree.QName(el).localname}"
    if not xsd.validate(for_xsd):
        errors += [f"xsd: {e.line}: {e.message}" for e in xsd.error_log]
    return errors


def test_gexf_valid_against_the_official_schema_and_read_by_networkx(
        project: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    ids = project[1]
    out = _export(project, "gexf", tmp_path, chart="Holding")
    doc = etree.parse(str(out))
    assert _official_gexf_check(doc) == []
    assert doc.getroot().find(f"{{{GEXF_NS}}}graph/{{{GEXF_NS}}}nodes/{{{GEXF_NS}}}node/{{{VIZ_NS}}}color") is not None
    g = nx.read_gexf(out, version="1.3")
    edge = next(d for _, _, d in g.edges(data=True) if d.get("kn_type") == "director_of")
    assert edge["start"] == "2021-03-01" and edge["end"] == "2023-06-30"  # Gephi's timeline
    jan = g.nodes[ids["jan"]]
    assert jan["viz"]["position"]["x"] == 100.0 and jan["viz"]["color"]["r"] == 214
    assert g.nodes[ids["holding"]]["start"] == "2019-05-01"


@pytest.mark.parametrize(("where", "attribute", "value", "grammar"), [
    ("graph", "mode", "sometimes", "rng"),  # both grammars know the graph modes
    ("graph", "mode", "sometimes", "xsd"),
    (f"graph/{{{GEXF_NS}}}nodes/{{{GEXF_NS}}}node/{{{VIZ_NS}}}color", "r", "300", "rng"),  # a channel is 0-255
    (f"graph/{{{GEXF_NS}}}nodes/{{{GEXF_NS}}}node/{{{VIZ_NS}}}color", "r", "300", "xsd"),
    (f"graph/{{{GEXF_NS}}}edges/{{{GEXF_NS}}}edge", "type", "sideways", "xsd"),
])
def test_the_official_gexf_check_catches_a_broken_file(project: tuple[Path, dict[str, str]], tmp_path: Path,
                                                       where: str, attribute: str, value: str, grammar: str) -> None:
    doc = etree.parse(str(_export(project, "gexf", tmp_path, chart="Holding")))
    path = where if where.startswith("{") else f"{{{GEXF_NS}}}{where}"
    doc.getroot().find(path).set(attribute, value)
    assert any(e.startswith(grammar) for e in _official_gexf_check(doc))


def test_ftm_lines_valid_for_followthemoney(project: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    model = pytest.importorskip("followthemoney").model
    out = _export(project, "ftm", tmp_path)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    ids = {item["id"] for item in lines}
    schemata = set()
    for item in lines:
        schema = model.get(item["schema"])
        assert schema is not None, item
        schema.validate(item)  # raises on unknown properties, missing required ones, bad values
        proxy = model.get_proxy(item, cleaned=False)
        schemata.add(item["schema"])
        for prop, values in item["properties"].items():
            if schema.properties[prop].type.name == "entity":
                assert set(values) <= ids, (item["id"], prop)
        assert proxy.id == item["id"]
    assert {"Person", "Company", "Address", "Vehicle", "BankAccount", "Directorship", "Ownership",
            "Family"} <= schemata
    jan = next(i for i in lines if i["properties"].get("name") == ["Jan de Vries"])
    assert jan["properties"]["phone"] == ["+31612345678"] and jan["properties"]["email"] == ["jan@example.nl"]
    assert "Betrouwbaarheid B2" in jan["properties"]["summary"]


def test_anx_well_formed_and_consistent(project: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    root = etree.parse(str(_export(project, "anx", tmp_path, chart="Holding"))).getroot()
    assert root.tag == "Chart" and root.get("IdReferenceLinking") == "false"
    entity_ids = {e.get("EntityId") for e in root.iter("Entity")}
    for link in root.iter("Link"):
        assert {link.get("End1Id"), link.get("End2Id")} <= entity_ids
    classes = {c.get("Name") for c in root.iter("AttributeClass")}
    assert all(a.get("AttributeClass") in classes for a in root.iter("Attribute"))
    assert {c.get("Type") for c in root.iter("AttributeClass")} <= {"AttText", "AttNumber", "AttTime", "AttFlag"}
    grades = [s.get("Text") for s in root.find("GradeThree").iter("String")]
    assert grades == ["open", "confidential"]  # the audience's labels, nothing above
    holding = next(ci for ci in root.iter("ChartItem") if ci.get("Label") == "Voorbeeld Holding B.V.")
    assert holding.find("End").get("X") == "400"
    cards = list(holding.iter("Card"))
    assert [c.get("SourceType") for c in cards] == ["KvK uittreksel"] and cards[0].get("GradeOneIndex") == "1"
    jan = next(ci for ci in root.iter("ChartItem") if ci.get("Label") == "Jan de Vries")
    assert jan.find(".//FrameStyle").get("Colour") == str(0x2827D6)  # #d62728 as COLORREF
    family = next(ci for ci in root.iter("ChartItem") if ci.get("Label") == "familie van")
    assert family.find(".//LinkStyle").get("ArrowStyle") == "ArrowNone"


def test_anx_cards_come_back_as_sources(project: tuple[Path, dict[str, str]], empty_project: Path,
                                        tmp_path: Path) -> None:
    out = _export(project, "anx", tmp_path)
    holding = project[1]["holding"]
    with open_owner(project[0]) as store:
        before = {(s.source, s.reference, s.reliability, s.credibility) for s in store.sources(holding)}
    with open_owner(empty_project) as store:
        import_file(store, "anx", out)
        after = {(s.source, s.reference, s.reliability, s.credibility) for s in store.sources(holding)}
    assert ("KvK uittreksel", "UIT-1", "B", "2") in after
    assert after == before


def test_chart_in_the_shape_anb_saves_it(empty_project: Path) -> None:
    with open_owner(empty_project) as store:
        report = import_file(store, "anx", DATA / "anb7_style_chart.anx")
        people = {e.caption: e for e in store.iter_entities("Person")}
        assert set(people) == {"Kees Bakker", "Henk Bakker", "Els Bakker"}
        family = list(store.iter_relations("family_of"))
        assert len(family) == 2 and all(r.label == "open" for r in family)
        # ANB saved no sources: the chart file itself is the source, never "by hand"
        for record in [*people.values(), *family]:
            assert record.provenance is not None and record.provenance.source == "anb7_style_chart.anx"
            assert record.provenance.received is not None
        kees = people["Kees Bakker"]
        assert [s.source for s in store.statements(kees.id)] == ["anb7_style_chart.anx"] * len(
            store.statements(kees.id))
    problems = "\n".join(report.problems)
    assert "ANB entity type 'Ship' is not in the mapping" in problems
    assert "label '12/7' is not in the mapping" in problems
    assert "end 'n3' is not an imported entity" in problems
    assert report.entities == {"rejected": 0, "new": 3, "merged": 0, "unchanged": 0}
    assert report.relations["new"] == 2 and report.relations["rejected"] == 1


def test_own_mapping_file(empty_project: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "partner.yaml"
    mapping.write_text("entities:\n  Person: Person\n  woman: Person\n  SHIP: Case\nlinks:\n  '12/7': associate_of\n")
    with open_owner(empty_project) as store:
        report = import_file(store, "anx", DATA / "anb7_style_chart.anx", mapping=str(mapping))
        assert {e.caption for e in store.iter_entities("Case")} == {"De Zeemeeuw"}
        assert len(list(store.iter_relations("associate_of"))) == 1
    assert any("owner_of cannot end at a Case" in p for p in report.problems)


def test_chart_written_by_a_public_anb9_writer_utf16(empty_project: Path) -> None:
    """anxwritter's ANB 9 element order, UTF-16 with a BOM, ids as ChartItem Ids and numeric EntityIds,
    grade lists with a "-" entry, cards inside the Entity, validity as attributes (see data/README.md)."""
    with open_owner(empty_project) as store:
        report = import_file(store, "anx", DATA / "anxwritter_chart.anx")
        people = {e.caption: e for e in store.iter_entities("Person")}
        assert set(people) == {"Kees Bakker", "Els Bakker"}  # "Woman" is a person by the mapping
        kees = people["Kees Bakker"]
        assert kees.properties == {"name": "Kees Bakker", "birth_date": "1970-05-04", "nationality": ["NL"]}
        assert kees.label == "confidential" and kees.grading == "B2"  # grades by their text, not their index
        assert [(s.source, s.reference, s.reliability, s.credibility, s.received) for s in store.sources(kees.id)] == [
            ("Politie BVH", "PL-2023-001", "B", "2", None), ("Meldpunt", "M-17", "C", "3", "2023-01-10")]
        assert people["Els Bakker"].label == "open" and people["Els Bakker"].grading == "--"  # "-": no grade
        (company,) = store.iter_entities("Company")
        assert company.properties == {"name": "Bakker Transport B.V.", "kvk_number": "12345678", "legal_form": "BV"}
        assert company.grading == "A1" and company.provenance is not None
        assert company.provenance.source == "KvK Handelsregister"
        (address,) = store.iter_entities("Address")
        rels = {r.type: r for r in store.iter_relations()}
        assert set(rels) == {"director_of", "family_of", "located_at"}
        director = rels["director_of"]
        assert (director.source_id, director.target_id) == (kees.id, company.id)
        assert (director.valid_from, director.valid_to, director.grading) == ("2021-03-01", "2023-06-30", "A1")
        assert rels["located_at"].valid_from == "2019-05-01" and rels["located_at"].target_id == address.id
        assert {rels["family_of"].source_id, rels["family_of"].target_id} == {kees.id, people["Els Bakker"].id}
    assert report.entities["new"] == 4 and report.relations == {"rejected": 1, "new": 3, "merged": 0,
                                                                 "unchanged": 0}
    problems = "\n".join(report.problems)
    for expected in ("attribute 'Lengte' has no property in Person; left out",
                     "attribute 'Schoenmaat' has no property in Person; left out",
                     "ANB entity type 'Ship' is not in the mapping",
                     "ANB link type 'Called' / label '' is not in the mapping",
                     "end '5' is not an imported entity",
                     "date/time 1970-05-04T00:00:00.000 of a Person has no place; left out",
                     "text of card 'Melding' ('Gezien bij de loods') left out"):
        assert expected in problems
    assert len(report.problems) == 7
