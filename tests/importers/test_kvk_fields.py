"""Issue 18 (KvK path): fields once dropped without a word are kept or reported; the fast mapper's records are
what the schema makes of them; a folder of profiles is one import. Documents shaped as ../shared/kvk/ specifies."""

from __future__ import annotations

import copy
import gc
import json
from pathlib import Path
from typing import Any

import pytest

from graph.model import Entity
from graph.schema import default_schema
from graph.stores.sqlite_store import SQLiteStore
from importers import kvk_json
from importers.addresses import parse_address
from importers.errors import ImportDataError
from importers.kvk import _Where, import_kvk_files, iter_documents, records_from_document
from tests.importers.test_cli_import import _run, project  # noqa: F401  (the fixture)
from workbench.output import read_json_rows

DATA = Path(__file__).parent / "data"
BASIS = DATA / "kvk_basisprofiel.json"
VESTIGING = DATA / "kvk_vestigingsprofiel.json"
KANAALSTRAAT = {"type": "bezoekadres", "indAfgeschermd": "Nee", "straatnaam": "Kanaalstraat", "huisnummer": 101,
                "postcode": "3531CJ", "plaats": "Utrecht", "land": "Nederland"}


def _basis(kvk: str, *adressen: dict[str, Any], **hoofd: Any) -> dict[str, Any]:
    doc = json.loads(BASIS.read_text(encoding="utf-8"))
    doc["kvkNummer"] = doc["_embedded"]["hoofdvestiging"]["kvkNummer"] = kvk
    doc["_embedded"]["hoofdvestiging"]["adressen"] = list(adressen)
    doc["_embedded"]["hoofdvestiging"].update(hoofd)
    return doc


def _write(path: Path, *docs: dict[str, Any]) -> Path:
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n", encoding="utf-8")
    return path


def _company(store: SQLiteStore, kvk: str) -> Entity:
    return next(c for c in store.iter_entities("Company") if c.properties["kvk_number"] == kvk)


def test_tegenover_is_another_address_than_the_number_itself(store: SQLiteStore, tmp_path: Path) -> None:
    """`aanduidingBijHuisnummer: "t/o"` (a houseboat across from 101) must not merge with Kanaalstraat 101."""
    across = {**KANAALSTRAAT, "aanduidingBijHuisnummer": "t/o"}
    import_kvk_files(store, [_write(tmp_path / "p.jsonl", _basis("11111111", KANAALSTRAAT),
                                    _basis("22222222", across))])
    addresses = {a.caption: a for a in store.iter_entities("Address") if a.properties.get("city") == "Utrecht"}
    assert set(addresses) == {"Kanaalstraat 101, 3531 CJ Utrecht", "Kanaalstraat 101-T/O, 3531 CJ Utrecht"}
    boat = addresses["Kanaalstraat 101-T/O, 3531 CJ Utrecht"].properties
    # the spelling free text gives, so a case file naming `Kanaalstraat 101 t/o` lands on the same Address
    parsed = parse_address("Kanaalstraat 101 t/o, 3531CJ Utrecht").properties()
    assert {k: boat[k] for k in parsed} == parsed
    targets = {r.target_id for r in store.relations_of(_company(store, "22222222").id, ["located_at"])}
    assert addresses["Kanaalstraat 101-T/O, 3531 CJ Utrecht"].id in targets
    assert addresses["Kanaalstraat 101, 3531 CJ Utrecht"].id not in targets


def test_toevoeging_adres_is_kept_on_the_company_s_tie(store: SQLiteStore, tmp_path: Path) -> None:
    unit = {**KANAALSTRAAT, "toevoegingAdres": "Unit 3"}
    import_kvk_files(store, [_write(tmp_path / "p.jsonl", _basis("11111111", unit), _basis("22222222", KANAALSTRAAT))])
    ties = {store.get_entity(r.source_id).properties["kvk_number"]: r
            for r in store.iter_relations("located_at") if store.get_entity(r.target_id).properties.get("city")
            == "Utrecht"}
    assert ties["11111111"].properties == {"kind": "bezoekadres", "address_addition": "Unit 3"}
    assert ties["22222222"].properties == {"kind": "bezoekadres"}
    assert ties["11111111"].target_id == ties["22222222"].target_id  # one building, one Address


def test_staff_counts_and_the_establishment_s_own_activities(store: SQLiteStore, tmp_path: Path) -> None:
    doc = _basis("11111111", KANAALSTRAAT, voltijdWerkzamePersonen=3, deeltijdWerkzamePersonen=1,
                 sbiActiviteiten=[{"sbiCode": "47789", "sbiOmschrijving": "Winkels in overige artikelen",
                                   "indHoofdactiviteit": "Nee"}])
    (result,) = import_kvk_files(store, [_write(tmp_path / "p.jsonl", doc)])
    p = _company(store, "11111111").properties
    assert (p["employees"], p["employees_fulltime"], p["employees_parttime"]) == (4, 3, 1)
    assert p["sbi_codes"] == ["47789", "56101", "9604"] and p["main_sbi"] == "56101"
    assert "47789 Winkels in overige artikelen" in p["sbi_descriptions"]
    assert p["risk_branches"] == ["beauty_care", "drugs_related", "fireworks", "hospitality"]
    assert "sbiActiviteiten" not in " ".join(result.warnings) and "WerkzamePersonen" not in " ".join(result.warnings)


def test_vestigingsprofiel_counts_kept_for_the_hoofdvestiging_reported_for_another(store: SQLiteStore,
                                                                                    tmp_path: Path) -> None:
    (hoofd,) = import_kvk_files(store, [VESTIGING])
    p = _company(store, "90004973").properties
    assert (p["employees"], p["employees_fulltime"], p["employees_parttime"]) == (3, 2, 1)
    assert "WerkzamePersonen" not in " ".join(hoofd.warnings)
    neven = json.loads(VESTIGING.read_text(encoding="utf-8"))
    neven.update(vestigingsnummer="000052708300", kvkNummer="90004974", indHoofdvestiging="Nee")
    (result,) = import_kvk_files(store, [_write(tmp_path / "neven.json", neven)])
    assert "employees" not in _company(store, "90004974").properties
    [line] = result.warnings
    for name in ("totaalWerkzamePersonen", "voltijdWerkzamePersonen", "deeltijdWerkzamePersonen"):
        assert f"{name} (nevenvestiging) (1x)" in line


def test_what_is_not_kept_is_reported_by_name_and_count(store: SQLiteStore, tmp_path: Path) -> None:
    (result,) = import_kvk_files(store, [BASIS])
    [line] = result.warnings
    assert line.startswith("kvk_basisprofiel.json: not kept")
    for path in ("_embedded.hoofdvestiging.adressen[].geoData.gpsLatitude (1x)", "handelsnamen[].volgorde (2x)",
                 "_embedded.hoofdvestiging.indCommercieleVestiging (1x)"):
        assert path in line
    assert "links" not in line and "nummerAanduidingId" not in line  # hyperlinks unsaid; the BAG id is kept
    doc = json.loads(BASIS.read_text(encoding="utf-8"))
    doc["_embedded"]["eigenaar"]["datumUitschrijving"] = "20240101"  # Basisprofiel 1.5.0: unknown here
    (newer,) = import_kvk_files(store, [_write(tmp_path / "nieuw.json", doc)])
    assert "_embedded.eigenaar.datumUitschrijving (1x)" in newer.warnings[0]


def test_cli_says_what_is_not_kept(project: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    code, _, err = _run(capsys, "import", "kvk", str(BASIS), "--project", str(project))
    assert code == 0
    assert "waarschuwing: kvk_basisprofiel.json: niet bewaard (velden" in err and "geoData.gpsLongitude" in err
    code, _, err = _run(capsys, "--lang", "en", "import", "kvk", str(BASIS), "--project", str(project))
    assert "warning: kvk_basisprofiel.json: not kept (fields" in err


def test_a_folder_of_profiles_is_one_import(store: SQLiteStore, tmp_path: Path) -> None:
    folder = tmp_path / "profielen"
    (folder / "deel2").mkdir(parents=True)
    for i in range(3):
        _write(folder / f"{i}.json", _basis(f"1000000{i}", {**KANAALSTRAAT, "huisnummer": i + 1}))
    _write(folder / "deel2" / "meer.jsonl", _basis("20000000", KANAALSTRAAT), _basis("20000001", KANAALSTRAAT))
    (folder / "lees-mij.txt").write_text("no KvK data", encoding="utf-8")
    (result,) = import_kvk_files(store, [folder])
    assert result.rows == 5 and result.file == str(folder)
    assert store.counts()["Company"] == 5
    # a bad document in the folder names its own file, and nothing of the folder is kept
    _write(folder / "deel2" / "slecht.json", _basis("3000000X"))
    fresh = SQLiteStore(tmp_path / "fresh.knp", create=True)
    try:
        with pytest.raises(ImportDataError) as info:
            import_kvk_files(fresh, [folder])
        assert (Path(info.value.file or "").name, info.value.field) == ("slecht.json", "kvkNummer")
        assert fresh.counts() == {}
    finally:
        fresh.close()


def test_cli_imports_a_folder(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    folder = tmp_path / "profielen"
    folder.mkdir()
    for i in range(2):
        _write(folder / f"{i}.json", _basis(f"1000000{i}", {**KANAALSTRAAT, "huisnummer": i + 1}))
    code, out, err = _run(capsys, "import", "kvk", str(folder), "--project", str(project), "--format", "json")
    assert code == 0, err
    rows = read_json_rows(out)
    assert any(r["file"] == "profielen" and r["what"] == "rows" and r["new"] == 2 for r in rows)


@pytest.mark.parametrize("name", ["kvk_basisprofiel.json", "kvk_zoeken.json", "kvk_vestigingsprofiel.json",
                                  "kvk_naamgeving.json", "kvk_zoeken_v1.json", "kvk_basisprofiel_toevoeging.json"])
def test_mapped_records_are_what_the_schema_makes_of_them(name: str) -> None:
    """The mapper hands the store canonical records with their ids; preparing them again changes nothing."""
    schema = default_schema()
    meta = {"source": "KvK Handelsregister", "reliability": "A", "credibility": "1", "label": "open",
            "received": "2026-12-06"}
    made = 0
    for row, doc in iter_documents(DATA / name):
        recs = records_from_document(doc, schema, _Where(DATA / name, row), meta)
        for entity in recs.entities:
            again = copy.deepcopy(entity)
            again.id = again.caption = ""
            schema.prepare_entity(again)
            assert (again.id, again.caption, again.properties) == (entity.id, entity.caption, entity.properties)
            made += 1
    assert made


def test_a_full_cache_starts_afresh_and_gives_the_same_records(store: SQLiteStore, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays flat: the per-import cache of addresses and SBI lists is bounded; what it forgets is made again."""
    docs = [_basis(f"1000000{i}", {**KANAALSTRAAT, "huisnummer": 1 + i % 3}) for i in range(8)]
    path = _write(tmp_path / "p.jsonl", *docs)
    (roomy,) = import_kvk_files(store, [path])
    monkeypatch.setattr(kvk_json, "CACHE_ENTRIES", 1)
    small = SQLiteStore(tmp_path / "small.knp", create=True)
    try:
        (tight,) = import_kvk_files(small, [path])
        assert (tight.entities.created, tight.relations.created) == (roomy.entities.created, roomy.relations.created)
        ids = [sorted(e.id for e in s.iter_entities("Address")) for s in (small, store)]
        assert ids[0] == ids[1]
    finally:
        small.close()


def test_the_garbage_collector_runs_again_after_an_import(store: SQLiteStore, tmp_path: Path) -> None:
    """The import pauses the cyclic GC for speed; it must be back on afterwards, failed import or not."""
    assert gc.isenabled()
    seen: list[bool] = []
    import_kvk_files(store, [BASIS], progress=lambda n: seen.append(gc.isenabled()))
    assert seen == [False] and gc.isenabled()
    with pytest.raises(ImportDataError):
        import_kvk_files(store, [_write(tmp_path / "slecht.json", _basis("1234567X"))])
    assert gc.isenabled()
