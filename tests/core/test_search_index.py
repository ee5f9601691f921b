"""The full-text index of issue 18 (a one-letter prefix index, each value once) finds and ranks what the
index of older projects (prefix indexes of one, two and three letters, repeated values) finds and ranks."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.model import Entity
from graph.schema import default_schema
from graph.stores.records import props_of
from graph.stores.sqlite_store import SQLiteStore
from graph.text import fold, fold_parts
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
            rows = [(rid, fold(_old_search_text(Entity(type=t, caption=c, properties=props_of(p)))))
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


def test_a_value_whose_words_run_inside_another_is_indexed_once() -> None:
    schema = default_schema()
    address = Entity(type="Address", caption="Kerkstraat 47, 6915 CN Rotterdam", properties={
        "full": "Kerkstraat 47, 6915 CN Rotterdam", "street": "Kerkstraat", "house_number": 47,
        "postcode": "6915 CN", "city": "Rotterdam"})
    assert schema.search_text(address) == "kerkstraat 47 6915 cn rotterdam 6915cn"  # street, city, postcode in full
    company = Entity(type="Company", caption="Alfa Bouw B.V.", properties={
        "name": "Alfa Bouw B.V.", "trade_names": ["Alfa Bouw", "Alfa B.V.", "Bouw Alfa", "Alfa Bo"]})
    # a trade name is left out only when its whole words run, in order, in another value
    assert schema.search_text(company) == "alfa bouw b v alfa b v bouw alfa alfa bo"


@pytest.mark.parametrize("parts", [
    ["Kerkstraat 47", "kerkstraat", "Kerk"],
    ["Müller & Zoon", "MULLER", "zoon", "Straße 1", "strasse"],
    ["a\x1fb", "a", "b c"],  # a value holding fold_parts' own separator: folded on its own
    ["", "  ", "x", "x", "y x", "x y"],
    ["b.v. 12", "v 12", "12"],
])
def test_fold_parts_keeps_every_word_and_every_run_of_words(parts: list[str]) -> None:
    got = fold_parts(parts)
    assert set(got.split()) == set(fold(" ".join(parts)).split())  # no word lost, none made up
    for part in parts:  # a phrase query (a typed `b.v.`) inside any part still matches
        assert fold(part) == "" or f" {fold(part)} " in f" {got} "
    assert fold_parts([p for p in parts if "\x1f" not in p]) == fold_parts([fold(p) for p in parts if "\x1f" not in p])


@given(st.lists(st.text(alphabet="abAB1 .é\x1f", max_size=12), max_size=6))
def test_fold_parts_keeps_every_word_and_run_whatever_the_values(parts: list[str]) -> None:
    got = fold_parts(parts)
    assert set(got.split()) == set(fold(" ".join(parts)).split())
    assert all(f" {fold(p)} " in f" {got} " for p in parts if fold(p))
    assert len(got.split()) <= len(fold(" ".join(parts)).split())
