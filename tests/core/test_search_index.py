"""The full-text index of issue 18 (a one-letter prefix index, each value once) finds and ranks what the
index of older projects (prefix indexes of one, two and three letters, repeated values) finds and ranks."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.model import Entity
from graph.schema import default_schema
from graph.stores.lean import entity_type_name
from graph.stores.records import props_of
from graph.stores.sqlite_store import SQLiteStore
from graph.text import fold, runs_in
from workbench.cli import main
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")

# Each kind of query: one to four letters, words, numbers, a word and a short one, dotted abbreviations,
# a postcode with and without its space, a street and a house number.
QUERIES = ("j", "d", "4", "ja", "de", "19", "jan", "van", "bv", "jans", "vries", "massagesalon", "onderneming",
           "jan de", "de v", "van d", "b.v.", "b.v", "v.o.f", "6305 em", "6305em", "ceylinsingel 4", "0", "zz")
OLD_OPTIONS = "prefix='1 2 3'"


def _old_search_text(entity: Entity) -> str:
    """What the index held for an entity before issue 18: a value said twice was indexed twice."""
    schema = default_schema()
    et = schema.entities[entity.type]
    parts = [entity.caption]
    for name in et.search_properties:
        v = entity.properties.get(name)
        if v is None:
            continue
        for item in v if isinstance(v, list) else [v]:
            s = str(item)
            parts.append(s)
            if " " in s and et.properties[name].type not in ("name", "text"):
                parts.append(s.replace(" ", ""))
    return " ".join(parts)


def _as_older_projects_index(path: Path) -> None:
    """Rebuild every partition's full-text index the way projects made before issue 18 hold it."""
    with SQLiteStore(path) as store:
        for name in dict.fromkeys(store.held.values()):
            sql = store.conn.execute(f"SELECT sql FROM {name}.sqlite_master WHERE name = 'entity_search'").fetchone()[0]
            assert "prefix='1')" in sql  # what a new project gets
            rows = [(rid, fold(_old_search_text(Entity(type=entity_type_name(t), caption=c,
                                                       properties=props_of(p, c)))))
                    for rid, t, c, p in store.conn.execute(f"SELECT rid, type, caption, props FROM {name}.entities")]
            store.conn.execute(f"DROP TABLE {name}.entity_search")
            store.conn.execute(sql.replace("prefix='1')", OLD_OPTIONS + ")").replace(
                "CREATE VIRTUAL TABLE entity_search", f"CREATE VIRTUAL TABLE {name}.entity_search"))
            store.conn.executemany(f"INSERT INTO {name}.entity_search(rowid, text) VALUES(?, ?)", rows)
            store.conn.commit()


def _hits(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, list[str]]:
    out = {}
    for q in QUERIES:
        capsys.readouterr()
        assert main(["search", *q.split(), "--project", str(path), "--limit", "40", "--format", "json"]) == 0
        out[q] = [h["id"] for h in read_json_rows(capsys.readouterr().out)]
    return out


def test_every_kind_of_query_finds_and_ranks_as_in_older_projects(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.knp"
    assert main(["demo", "--size", "1500", "--seed", "7", "--project", str(path)]) == 0
    new = _hits(path, capsys)
    assert sum(1 for hits in new.values() if hits) == len(QUERIES)  # every query finds something
    assert new["b.v."] and new["jan de"]
    _as_older_projects_index(path)
    assert _hits(path, capsys) == new


def test_a_value_said_twice_is_indexed_once() -> None:
    schema = default_schema()
    company = Entity(type="Company", caption="Alfa B.V.", properties={
        "name": "Alfa B.V.", "sbi_codes": ["4311", "5610"], "main_sbi": "4311", "kvk_number": "12345678"})
    assert schema.search_text(company) == "alfa b v 12345678 4311 5610"


def test_a_value_standing_in_the_caption_as_whole_words_is_indexed_once() -> None:
    schema = default_schema()
    address = Entity(type="Address", caption="Kerkstraat 47, 6915 CN Rotterdam", properties={
        "full": "Kerkstraat 47, 6915 CN Rotterdam", "street": "Kerkstraat", "house_number": 47,
        "postcode": "6915 CN", "city": "Rotterdam"})
    # street, number, postcode and city stand in the full address; the postcode without its space does not
    assert schema.search_text(address) == "kerkstraat 47 6915 cn rotterdam 6915cn"
    company = Entity(type="Company", caption="Alfa Bouw B.V.", properties={
        "name": "Alfa Bouw B.V.", "trade_names": ["Alfa Bouw", "Alfa B.V.", "Bouw Alfa", "Alfa Bo", "fa Bouw"]})
    # a trade name is left out only when it stands in the caption as whole words, in order
    assert schema.search_text(company) == "alfa bouw b v alfa b v bouw alfa alfa bo fa bouw"


@pytest.mark.parametrize(("value", "caption", "inside"), [
    ("Kerkstraat", "Kerkstraat 47, 6915 CN Rotterdam", True), ("47", "Kerkstraat 47, 6915 CN Rotterdam", True),
    ("Rotterdam", "Kerkstraat 47, 6915 CN Rotterdam", True), ("Kerk", "Kerkstraat 47", False),
    ("straat", "Kerkstraat 47", False), ("4", "Kerkstraat 47", False), ("B.V.", "Alfa B.V.", True),
    ("B", "Alfa B.V.", True), ("V", "Alfa B.V.", True), ("Müller", "Zoon & Müller", True),
    ("Mülle", "Zoon & Müller", False), ("e", "Café", False), ("Caf", "Café", False),  # é folds to a word letter
    ("12", "12 12a", True), ("12", "12a 12", True), ("12", "12a", False),
])
def test_runs_in_is_whole_words_only(value: str, caption: str, inside: bool) -> None:
    assert runs_in(value, caption) is inside
    if inside:  # then the folded words run inside the folded caption: a search finds them there
        assert f" {fold(value)} " in f" {fold(caption)} "


@given(st.text(alphabet="abAB1 .,-é\u0301ßø", max_size=20), st.text(alphabet="abAB1 .,-é\u0301ßø", max_size=8))
def test_a_value_left_out_is_found_in_the_caption_whatever_the_text(caption: str, value: str) -> None:
    if value in caption and runs_in(value, caption):
        assert f" {fold(value)} " in f" {fold(caption)} " or not fold(value)
