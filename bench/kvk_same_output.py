"""Whether two checkouts import KvK documents into the same project (issue 18: the mapping child's speed work
must not change one record). Not a benchmark: a check to run by hand before merging such work.

    .venv/bin/python bench/kvk_same_output.py --base /work/main --documents 20000
    .venv/bin/python bench/kvk_same_output.py --base /work/main --data profiles.jsonl   # any KvK file

Without --data it writes documents of every shape the API answers in (`mixed_documents`: Basisprofiel with
embedded hoofdvestiging/eigenaar, Vestigingsprofiel, Naamgeving, Zoeken v1 and v2), varied the ways real
extracts vary (PO boxes, foreign and shielded addresses, `volledigAdres` only, `t/o`, numbers as text, dates
with `00`, accents, odd spacing, profiles restated, addresses shared by many companies) and imports them with
each checkout (`importers.kvk.import_kvk_files`, each in its own process: a large input is mapped in a child).
Then the import's result (counts, warnings) and every row of entities, relations, statements and provenance
(as the views give them: decoded properties, source and reference) are compared, all but the time and user
of the write, and the full-text index's pages.
Exit status 0 when the two projects hold the same, 1 when not (the tables that differ are printed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "importers" / "data"
_WRITE_FIELDS = {"created_at", "updated_at", "added_at", "created_by", "updated_by", "added_by"}
_TYPE_FIELDS = {"type", "src_type", "dst_type"}
TABLES = ("entities", "relations", "statements", "provenance", "entity_search_data", "entity_search_docsize")

STREETS = ["Hoofdstraat", "Kerkstraat", "Wierdensestraat", "Grotestraat", "Molenstraat", "Stationsweg",
           "Prins Hendrikstraat", "Burg. de Withstraat", "Ëxtra Straße", "Kanaalstraat", "  Oude   Markt "]
CITIES = ["Almelo", "Hengelo", "Enschede", "'s-Gravenhage", "ROTTERDAM", "Den Haag", "Zwolle", "Sint-Michielsgestel"]
FOREIGN = [("Rue de la Loi 16", "1000 Brussel", "België"), ("Königsallee 1a", "40212 Düsseldorf", "Duitsland"),
           ("Main Street 5", "London SW1A 1AA", "Verenigd Koninkrijk")]
SBI = [("56101", "Restaurants"), ("9604", "Sauna's, solaria, baden e.d."), ("6420", "Financiële holdings"),
       ("4711", "Supermarkten"), ("45112", "Handel in en reparatie van personenauto's"), ("9602", ""),
       ("0111", "Teelt")]
NAMES = ["Dagobert", "Donald", "Müller & Zn.", "De Gouden Leeuw", "Ça Va", "Özkan Bakkerij", "Ĳzerhandel",
         "Smit  en   Co", "A.B.C.", "Øresund Trading"]


def _adres(rnd: random.Random, centres: list[dict[str, Any]]) -> dict[str, Any]:
    """An `Adres` of the API: Dutch parts (often one of a few shared business centres), a PO box, abroad,
    shielded, or only `volledigAdres`."""
    pick = rnd.random()
    kind = rnd.choice(["bezoekadres", "postadres"])
    if pick < 0.25 and centres:
        return dict(rnd.choice(centres), type=kind)
    if pick < 0.32:
        return {"type": "postadres", "indAfgeschermd": "Nee", "postbusnummer": rnd.choice([12, "345", 7001]),
                "postcode": f"{rnd.randint(1000, 9999)}{rnd.choice(['AA', 'ab', 'ZZ'])}",
                "plaats": rnd.choice(CITIES), "land": "Nederland"}
    if pick < 0.38:
        sh, pw, land = rnd.choice(FOREIGN)
        return {"type": kind, "indAfgeschermd": "Nee", "straatHuisnummer": sh, "postcodeWoonplaats": pw, "land": land,
                "volledigAdres": f"{sh} {pw} {land}"}
    if pick < 0.43:
        return {"type": kind, "indAfgeschermd": "Ja", "volledigAdres": "", "land": "Nederland"}
    if pick < 0.46:
        return {"type": kind, "volledigAdres": f"{rnd.choice(STREETS).strip()} {rnd.randint(1, 99)} "
                f"{rnd.randint(1000, 9999)}AB {rnd.choice(CITIES)}", "land": "Nederland"}
    adres: dict[str, Any] = {"type": kind, "indAfgeschermd": "Nee", "straatnaam": rnd.choice(STREETS),
                             "huisnummer": rnd.choice([rnd.randint(1, 400), str(rnd.randint(1, 400))]),
                             "postcode": rnd.choice([f"{rnd.randint(1000, 9999)}{rnd.choice(['AB', 'CD', 'XY'])}",
                                                     f"{rnd.randint(1000, 9999)} ab"]),
                             "plaats": rnd.choice(CITIES), "land": rnd.choice(["Nederland", "", None])}
    if rnd.random() < 0.2:
        adres["huisletter"] = rnd.choice(["A", "b", ""])
    if rnd.random() < 0.15:
        adres["huisnummerToevoeging"] = rnd.choice(["1", "II", "bis", "2-hoog"])
    if rnd.random() < 0.05:
        adres["aanduidingBijHuisnummer"] = rnd.choice(["t/o", "bij", "TO"])
    if rnd.random() < 0.05:
        adres["toevoegingAdres"] = "achteringang"
    if rnd.random() < 0.3:
        adres["geoData"] = {"nummerAanduidingId": f"{rnd.randint(1, 10**15):016d}", "gpsLatitude": 52.1}
    return adres


def _sbi(rnd: random.Random) -> list[dict[str, Any]]:
    chosen = rnd.sample(SBI, rnd.randint(0, 3))
    return [{"sbiCode": code, "sbiOmschrijving": text, "indHoofdactiviteit": "Ja" if i == 0 else "Nee"}
            for i, (code, text) in enumerate(chosen)]


def _date(rnd: random.Random) -> str:
    return rnd.choice([f"{rnd.randint(1950, 2024)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}",
                       f"{rnd.randint(1950, 2024)}0{rnd.randint(1, 9)}00", "00000000"])


def _name(rnd: random.Random, i: int) -> str:
    return f"{rnd.choice(NAMES)} {rnd.choice(['B.V.', 'Holding', 'VOF', ''])} {i}".strip()


def basisprofiel(rnd: random.Random, kvk: str, i: int, centres: list[dict[str, Any]]) -> dict[str, Any]:
    doc = json.loads((DATA / rnd.choice(["kvk_basisprofiel.json", "kvk_basisprofiel_toevoeging.json"])).read_text(
        encoding="utf-8"))
    hoofd, eigenaar = doc["_embedded"]["hoofdvestiging"], doc["_embedded"]["eigenaar"]
    doc["kvkNummer"] = hoofd["kvkNummer"] = kvk
    doc["statutaireNaam"] = _name(rnd, i)
    doc["naam"] = rnd.choice([doc["statutaireNaam"], f"  {rnd.choice(NAMES)}  {i} ", None])
    doc["handelsnamen"] = [{"naam": _name(rnd, i + k), "volgorde": k} for k in range(rnd.randint(0, 3))]
    doc["sbiActiviteiten"] = _sbi(rnd)
    doc["formeleRegistratiedatum"] = _date(rnd)
    doc["materieleRegistratie"] = {"datumAanvang": "20000101", **({"datumEinde": "20230301"} if i % 17 == 0 else {})}
    doc["totaalWerkzamePersonen"] = rnd.choice([None, 0, 3, "12"])
    hoofd["vestigingsnummer"] = f"{i:012d}"
    hoofd["eersteHandelsnaam"] = rnd.choice([doc["statutaireNaam"], _name(rnd, i + 7)])
    hoofd["sbiActiviteiten"] = _sbi(rnd) if rnd.random() < 0.3 else []
    hoofd["adressen"] = [_adres(rnd, centres) for _ in range(rnd.randint(0, 3))]
    hoofd["websites"] = [f"www.{i}.example"] if rnd.random() < 0.3 else []
    hoofd["voltijdWerkzamePersonen"] = rnd.choice([None, 1, 2])
    eigenaar["rsin"] = rnd.choice([f"{800_000_000 + i}", ""])
    eigenaar["uitgebreideRechtsvorm"] = rnd.choice(["Besloten Vennootschap", "Eenmanszaak", "Stichting"])
    eigenaar["adressen"] = [_adres(rnd, centres)] if rnd.random() < 0.2 else []
    if rnd.random() < 0.05:
        doc["nieuwVeld"] = "x"  # a field the API may add: counted as not kept
    return doc


def vestigingsprofiel(rnd: random.Random, kvk: str, i: int, centres: list[dict[str, Any]]) -> dict[str, Any]:
    doc = json.loads((DATA / "kvk_vestigingsprofiel.json").read_text(encoding="utf-8"))
    doc.update(kvkNummer=kvk, vestigingsnummer=f"{i:012d}", eersteHandelsnaam=_name(rnd, i),
               indHoofdvestiging=rnd.choice(["Ja", "Nee"]), sbiActiviteiten=_sbi(rnd),
               adressen=[_adres(rnd, centres) for _ in range(rnd.randint(1, 2))], rsin=rnd.choice(["", "857587973"]))
    return doc


def naamgeving(rnd: random.Random, kvk: str, i: int) -> dict[str, Any]:
    doc = json.loads((DATA / "kvk_naamgeving.json").read_text(encoding="utf-8"))
    doc.update(kvkNummer=kvk, statutaireNaam=_name(rnd, i), startdatum=_date(rnd))
    for k, vest in enumerate(doc["vestigingen"]):
        vest["vestigingsnummer"] = f"{i * 10 + k:012d}"
    return doc


def zoeken(rnd: random.Random, kvks: list[str], i: int, centres: list[dict[str, Any]]) -> dict[str, Any]:
    doc = json.loads((DATA / rnd.choice(["kvk_zoeken.json", "kvk_zoeken_v1.json"])).read_text(encoding="utf-8"))
    for res in doc["resultaten"]:
        res["kvkNummer"] = rnd.choice(kvks)
        if "adres" in res and "binnenlandsAdres" in res["adres"] and rnd.random() < 0.5:
            res["adres"]["binnenlandsAdres"] = {k: v for k, v in _adres(rnd, centres).items()
                                                if k not in ("volledigAdres", "geoData")}
        if res.get("vestigingsnummer"):
            res["vestigingsnummer"] = f"{i:012d}"
    return doc


def mixed_documents(path: Path, documents: int, seed: int = 7) -> None:
    """KvK documents of every shape, one per line; a tenth restate an earlier company (another shape)."""
    rnd = random.Random(seed)
    centres = [dict(_adres(random.Random(seed + k), []), type="bezoekadres") for k in range(40)]
    centres = [c for c in centres if c.get("straatnaam")] or centres
    kvks: list[str] = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(documents):
            kvk = rnd.choice(kvks) if kvks and rnd.random() < 0.1 else f"{20_000_000 + i:08d}"
            kvks.append(kvk)
            shape = rnd.random()
            if shape < 0.7:
                doc = basisprofiel(rnd, kvk, i, centres)
            elif shape < 0.85:
                doc = vestigingsprofiel(rnd, kvk, i, centres)
            elif shape < 0.93:
                doc = naamgeving(rnd, kvk, i)
            else:
                doc = zoeken(rnd, kvks, i, centres)
            fh.write(json.dumps(doc, ensure_ascii=rnd.random() < 0.1) + "\n")


def digest(project: Path) -> dict[str, tuple[int, str]]:
    """(rows, sha256) of every table in TABLES, write times and users left out, rows sorted; a type as its name
    (a view gives an entity's type and a relation's end types as the row holds them: a code from format 10 and 9 on,
    which two checkouts of different formats store differently, read the same)."""
    from graph.stores.lean import TYPE_OF_CODE
    from graph.stores.sqlite_store import connect

    con = connect(project)
    out = {}
    for table in TABLES:
        cur = con.execute(f"SELECT * FROM {table}")
        keep = [i for i, d in enumerate(cur.description) if d[0] not in _WRITE_FIELDS]
        typed = {i for i, d in enumerate(cur.description) if d[0] in _TYPE_FIELDS}
        rows = sorted("\x1f".join(repr(TYPE_OF_CODE.get(row[i], row[i]) if i in typed else row[i]) for i in keep)
                      for row in cur)
        out[table] = (len(rows), hashlib.sha256("\x1e".join(rows).encode()).hexdigest()[:16])
    con.close()
    return out


_IMPORT = """
import sys; sys.path.insert(0, sys.argv[1])
from pathlib import Path
from graph.stores.sqlite_store import SQLiteStore
from importers.kvk import import_kvk_files
store = SQLiteStore(Path(sys.argv[3]), create=True)
(r,) = import_kvk_files(store, [Path(sys.argv[2])], received="2026-12-07")
store.close()
print(repr((r.rows, r.entities, r.relations, r.warnings)))
"""


def imported(code: Path, data: Path, out: Path) -> str:
    """The import's result (rows, counts, warnings: what was not kept) as text."""
    done = subprocess.run([sys.executable, "-P", "-c", _IMPORT, str(code), str(data), str(out)], check=True,
                          capture_output=True, text=True)
    return done.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=Path, required=True, help="the other checkout (e.g. main)")
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout under test (default: this one)")
    ap.add_argument("--data", type=Path, help="a KvK file or folder (default: mixed documents)")
    ap.add_argument("--documents", type=int, default=20_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            data = Path(tmp, "mixed.jsonl")
            mixed_documents(data, args.documents)
        a, b = Path(tmp, "base.knp"), Path(tmp, "code.knp")
        ra, rb = imported(args.base, data, a), imported(args.code, data, b)
        da, db = digest(a), digest(b)
    da["result"], db["result"] = (1, ra), (1, rb)
    for table in (*TABLES, "result"):
        print(f"{table:24s} {da[table][0]:>9} {db[table][0]:>9}  {'same' if da[table] == db[table] else 'DIFFERENT'}")
    same = da == db
    print("the same records" if same else "DIFFERENT records")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
