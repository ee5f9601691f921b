"""Two identity-less records under one source reference stay two, and nothing is blanked.

Before: `Person|src=KvK|ref=uittreksel 1` gave Jan de Vries and Piet Bakker one id; the
second replaced the first, and when it came at a higher label the record ended `{}`.
Through the store, the `add` command and a case import; old-rule ids stay found.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.access import keyslots
from graph.ids import keep_legacy_ids
from graph.model import Entity, Provenance, Relation
from graph.schema import default_schema
from graph.stores.sqlite_store import SQLiteStore
from tests.sandbox import cli_project
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

FAST_KDF = keyslots.KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "anna: correct horse battery"
SRC = Provenance(source="KvK", reference="uittreksel 1")


def _id(prefix: str, text: str) -> str:
    """The id rule computed independently: blake2b-64 of the key text, top bit dropped."""
    return f"{prefix}-{int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), 'big') >> 1:016x}"


def person(name: str, label: str = "open", **props: object) -> Entity:
    return Entity(type="Person", properties={"name": name, **props}, provenance=SRC, label=label)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "p.knp", create=True)
    yield s
    s.close()


def test_fallback_id_holds_the_name() -> None:
    s = default_schema()
    jan = s.prepare_entity(person("Jan de Vries"))
    assert jan.id == _id("per", "Person|src=KvK|ref=uittreksel 1|name=jan de vries")
    assert s.prepare_entity(person("  JAN  de vries")).id == jan.id  # restated: same record
    assert s.prepare_entity(person("Piet Bakker")).id != jan.id
    assert s.legacy_entity_id(s.entities["Person"], jan) == _id("per", "Person|src=KvK|ref=uittreksel 1")
    nameless = s.prepare_entity(Entity(type="Person", properties={"gender": "man"}, provenance=SRC))
    assert nameless.id == _id("per", "Person|src=KvK|ref=uittreksel 1")  # nothing to add: the old key
    bsn = s.prepare_entity(person("Jan de Vries", bsn="111222333"))
    assert bsn.id == _id("per", "Person|bsn=111222333") and s.legacy_entity_id(s.entities["Person"], bsn) is None


def test_two_persons_one_reference_stay_two(store: SQLiteStore) -> None:
    stats = store.upsert_entities([person("Jan de Vries"), person("Piet Bakker")])
    assert stats.created == 2 and not stats.conflicts
    assert sorted(e.properties["name"] for e in store.iter_entities("Person")) == ["Jan de Vries", "Piet Bakker"]


def test_higher_labelled_restatement_never_blanks(store: SQLiteStore) -> None:
    """One source, one reference, one record, two names; the later at police-wpg. Before: `{}`."""
    old_rule = Entity(id=_id("per", "Person|src=KvK|ref=uittreksel 1"), type="Person",
                      properties={"name": "Özlem Yılmaz"}, provenance=SRC)
    later = Entity(id=old_rule.id, type="Person", properties={"name": "Jan de Vries"}, provenance=SRC,
                   label="police-wpg")
    stats = store.upsert_entities([old_rule, later])
    (e,) = store.iter_entities("Person")
    assert e.properties == {"name": "Özlem Yılmaz"} and e.caption == "Özlem Yılmaz" and e.label == "open"
    said = {(s.value, s.label) for s in store.statements(e.id) if s.prop == "name"}
    assert said == {("Özlem Yılmaz", "open"), ("Jan de Vries", "police-wpg")}  # both kept, as claims
    assert len(stats.conflicts) == 1 and "KvK 'uittreksel 1'" in stats.conflicts[0]
    assert "'Özlem Yılmaz'" in stats.conflicts[0] and "kept both" in stats.conflicts[0]


def test_same_batch_conflict_is_reported(store: SQLiteStore) -> None:
    stats = store.upsert_entities([person("Jan de Vries", birth_date="1975-07-12"),
                                   person("Jan de Vries", birth_date="1980-01-01")])
    (e,) = store.iter_entities("Person")
    assert e.properties["birth_date"] == "1980-01-01"
    assert stats.conflicts == [f"{e.id}: KvK 'uittreksel 1' says birth_date '1975-07-12' and '1980-01-01'; "
                               "kept the later"]
    # a later batch restating its own value is an update, not a conflict
    assert not store.upsert_entities([person("Jan de Vries", birth_date="1975-07-12")]).conflicts


def test_old_rule_id_found_again_with_its_relations(store: SQLiteStore) -> None:
    """A project made before the name was in the key: re-importing finds the old record."""
    old_id = _id("per", "Person|src=KvK|ref=uittreksel 1")
    store.upsert_entities([Entity(id=old_id, type="Person", properties={"name": "Jan de Vries"}, provenance=SRC)])
    again = default_schema().prepare_entity(person("jan de Vries", birth_date="1975-07-12"))
    other = default_schema().prepare_entity(person("Piet Bakker"))
    company = default_schema().prepare_entity(Entity(type="Company", properties={"kvk_number": "69599084"},
                                                     provenance=SRC))
    rel = Relation(type="director_of", source_id=again.id, target_id=company.id, provenance=SRC)
    moved = keep_legacy_ids(store, [again, other, company], [rel])
    assert moved == {_id("per", "Person|src=KvK|ref=uittreksel 1|name=jan de vries"): old_id}
    assert again.id == old_id and rel.source_id == old_id and other.id != old_id
    store.upsert_entities([again, other, company])
    store.upsert_relations([rel])
    assert store.get_entity(old_id).properties["birth_date"] == "1975-07-12"
    assert [r.source_id for r in store.relations_of(company.id)] == [old_id]
    assert store.counts()["Person"] == 2


# -- through the entry points ---------------------------------------------------------------------------
@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from cli_project(tmp_path, monkeypatch, PW)


def test_cli_add_twice_under_one_reference(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("Jan de Vries", "Piet Bakker", "Jan de Vries"):
        assert main(["add", "Person", "--set", f"name={name}", "--source", "KvK", "--reference", "uittreksel 1",
                     "--project", str(project)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("created per-") and out[1].startswith("created per-") and out[2].startswith("exists ")
    jan, piet = out[0].split()[1], out[1].split()[1]
    assert jan != piet and out[2].split()[1] == jan
    for rid, name in ((jan, "Jan de Vries"), (piet, "Piet Bakker")):
        assert main(["show", rid, "--project", str(project), "--lang", "en"]) == 0
        assert name in capsys.readouterr().out


def test_case_import_rows_sharing_a_reference(project: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "uittreksel.csv").write_text("Dossier;Naam;Geboren\nU-1;Jan de Vries;12-07-1975\n"
                                             "U-1;Piet Bakker;01-01-1980\nU-1;Jan de Vries;12-07-1975\n",
                                             encoding="utf-8")
    (tmp_path / "spec.yaml").write_text(
        "name: uittreksel\nsource: KvK\ncsv: {delimiter: ';'}\nentities:\n  p:\n    type: Person\n"
        "    reference: [Dossier]\n    properties:\n      name: Naam\n      birth_date: Geboren\n",
        encoding="utf-8")
    code = main(["import", "case", str(tmp_path / "uittreksel.csv"), "--spec", str(tmp_path / "spec.yaml"),
                 "--project", str(project), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert '"new": 2' in captured.out  # Jan (restated on row 3) and Piet: two persons, not one
    for name in ("vries", "bakker"):
        assert main(["search", name, "--project", str(project), "--format", "json"]) == 0
        assert '"Person"' in capsys.readouterr().out


def test_old_rule_record_renamed_since_is_found_by_the_name_its_source_gave(store: SQLiteStore) -> None:
    old_id = _id("per", "Person|src=KvK|ref=uittreksel 1")
    store.upsert_entities([Entity(id=old_id, type="Person", properties={"name": "Jan de Vries"}, provenance=SRC)])
    store.upsert_entities([Entity(id=old_id, type="Person", properties={"name": "J. de Vries"}, reliability="A",
                                  credibility="1", provenance=Provenance(source="handmatige invoer"))])
    assert store.get_entity(old_id).caption == "J. de Vries"
    again = default_schema().prepare_entity(person("Jan de Vries"))
    assert keep_legacy_ids(store, [again]) and again.id == old_id
    stranger = default_schema().prepare_entity(person("Klaas Jansen"))
    assert not keep_legacy_ids(store, [stranger]) and stranger.id != old_id
