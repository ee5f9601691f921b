"""Import benchmark: a 1,000,000-row case CSV and 100,000 KvK profiles. One command, prints figures.

    .venv/bin/python bench/bench_import.py                    # full size
    .venv/bin/python bench/bench_import.py --rows 50000 --profiles 5000   # quick look
    .venv/bin/python bench/bench_import.py --profile          # + where the importer's own time goes

Figures per phase (each phase runs in its own process, so the memory peak is that phase's):
- `csv read+map`: reading the CSV with pandas and mapping rows to entities/relations, no store:
  the importer's own speed (target >= 100,000 rows/s);
- `csv import`: the whole import into a fresh project file (one transaction), store included;
- `narrow-map` / `narrow-import`: the same for a narrow table (persons involved in cases,
  spec `betrokkenen`: 3 entities + 2 relations per row);
- `kvk map` / `kvk import`: the same for 100,000 Basisprofiel documents (JSON lines);
- `matrix-import`: a 2,000 x 2,000 adjacency matrix (UCINET-style CSV, 1% ties) into a project
  (rows = matrix rows, records = persons + ties);
- `resolve`: `resolution.person_candidates` over 20,000 persons whose names vary by particles,
  transliteration and initials (rows = persons, records = candidate pairs).
Memory: peak resident set size of the phase's process (VmHWM), Python and pandas included.

The CSV is the Meldpunt export the example spec `meldingen` reads: Windows-1252, `;`,
Dutch dates, free-text addresses; names, addresses, companies and cases repeat the way
they do in real exports (a person appears in several signals).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STREETS = ["Hoofdstraat", "Kerkstraat", "Wierdensestraat", "Grotestraat", "Molenstraat", "Stationsweg",
           "Laan van Meerdervoort", "1e Jan Steenstraat", "Van Nijenrodeweg", "Dorpsstraat", "Industrieweg",
           "Schoolstraat", "Julianastraat", "Nieuwstraat", "Marktplein", "Burg. Jansenlaan", "Hoofdstr."]
CITIES = ["Almelo", "Hengelo", "Enschede", "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Zwolle", "Deventer"]
FIRST = ["Jan", "Piet", "Kees", "Fatima", "Mohamed", "Özlem", "Anna", "Sanne", "Daan", "Emma", "Noah", "Zoë",
         "Ahmet", "Priya", "Lucas", "Julia", "Sem", "Eva", "Thomas", "Lisa"]
LAST = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Yilmaz",
        "el Amrani", "Kaya", "de Jong", "van Dijk", "Bos", "Vos", "Peters", "Hendriks", "Müller", "Dekker"]
SBI = ["56101", "56102", "5630", "4520", "45111", "96021", "96022", "47789", "4776", "4711", "6201", "6920",
       "4677", "4311"]
FUNCTIES = ["bestuurder", "eigenaar", "aandeelhouder", "", "", "directeur"]


def _rss_mib() -> float:
    """Peak resident set size of this process since it started (exec), in MiB.

    /proc's VmHWM, not getrusage: ru_maxrss survives exec, so a phase process would
    report the benchmark parent's peak (the generated data) instead of its own.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def make_case_csv(path: Path, rows: int, seed: int = 1) -> None:
    """The Meldpunt export, generated column-wise with numpy (seconds, not minutes)."""
    rng = np.random.default_rng(seed)
    n_people, n_addr, n_comp, n_cases = max(rows // 5, 10), max(rows // 4, 10), max(rows // 20, 10), max(rows // 200, 5)
    first = np.array(FIRST)[rng.integers(0, len(FIRST), n_people)]
    last = np.array(LAST)[rng.integers(0, len(LAST), n_people)]
    people = pd.Series(first).str.cat(pd.Series(last), sep=" ") + " " + pd.Series(np.arange(n_people)).astype(str)
    dob_days = rng.integers(0, 365 * 60, n_people)
    dobs = (pd.Timestamp("1945-01-01") + pd.to_timedelta(dob_days, unit="D")).strftime("%d-%m-%Y")
    street = np.array(STREETS)[rng.integers(0, len(STREETS), n_addr)]
    number = rng.integers(1, 400, n_addr).astype(str)
    letter = np.where(rng.random(n_addr) < 0.15, np.array(list("ABC"))[rng.integers(0, 3, n_addr)], "")
    pc_num = rng.integers(1000, 9999, n_addr).astype(str)
    pc_let = np.array([a + b for a in "ABCDEGHJKLMNPRTVWXZ" for b in "ABCDEGHJKLMNPRTVWXZ"])[
        rng.integers(0, 19 * 19, n_addr)]
    city = np.array(CITIES)[rng.integers(0, len(CITIES), n_addr)]
    addresses = (pd.Series(street) + " " + number + letter + ", " + pc_num + " " + pc_let + " " + city)
    kvk = pd.Series(rng.integers(10_000_000, 99_999_999, n_comp)).astype(str)
    comp_names = "Bedrijf " + pd.Series(np.arange(n_comp)).astype(str) + " B.V."
    sbi = np.array(SBI)[rng.integers(0, len(SBI), n_comp)]
    p = rng.integers(0, n_people, rows)
    a = rng.integers(0, n_addr, rows)
    c = rng.integers(0, n_comp, rows)
    has_company = rng.random(rows) < 0.4
    received = (pd.Timestamp("2020-01-01")
                + pd.to_timedelta(rng.integers(0, 1800, rows), unit="D")).strftime("%d-%m-%Y")
    frame = pd.DataFrame({
        "Meldingsnummer": "M-" + pd.Series(np.arange(rows)).astype(str),
        "Ontvangen": received,
        "Omschrijving": np.array(["Veel bezoekers 's nachts", "Hennepgeur", "Nagelstudio zonder klanten",
                                  "Café altijd dicht", "Garagebox"])[rng.integers(0, 5, rows)],
        "Categorie": np.array(["Horeca", "Drugs", "Witwassen", "Overig"])[rng.integers(0, 4, rows)],
        "Naam": people.to_numpy()[p],
        "Geboortedatum": dobs.to_numpy()[p],
        "BSN": "",
        "Adres": addresses.to_numpy()[a],
        "Rol": np.array(["betrokkene", "melder", "eigenaar"])[rng.integers(0, 3, rows)],
        "KvK-nummer": np.where(has_company, kvk.to_numpy()[c], ""),
        "Bedrijfsnaam": np.where(has_company, comp_names.to_numpy()[c], ""),
        "SBI": np.where(has_company, sbi[c], ""),
        "Functie": np.where(has_company, np.array(FUNCTIES)[rng.integers(0, len(FUNCTIES), rows)], ""),
        "Casusnummer": "C-" + pd.Series(rng.integers(0, n_cases, rows)).astype(str),
    })
    frame.to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")


def make_narrow_csv(path: Path, rows: int, seed: int = 3) -> None:
    """The persons-involved table the example spec `betrokkenen` reads: person, address, case, role."""
    rng = np.random.default_rng(seed)
    n_people, n_addr, n_cases = max(rows // 3, 10), max(rows // 4, 10), max(rows // 100, 5)
    names = (pd.Series(np.array(FIRST)[rng.integers(0, len(FIRST), n_people)]) + " "
             + pd.Series(np.array(LAST)[rng.integers(0, len(LAST), n_people)]) + " "
             + pd.Series(np.arange(n_people)).astype(str))
    dobs = (pd.Timestamp("1945-01-01") + pd.to_timedelta(rng.integers(0, 365 * 60, n_people), unit="D")
            ).strftime("%d-%m-%Y")
    addresses = (pd.Series(np.array(STREETS)[rng.integers(0, len(STREETS), n_addr)]) + " "
                 + pd.Series(rng.integers(1, 400, n_addr)).astype(str) + ", "
                 + pd.Series(rng.integers(1000, 9999, n_addr)).astype(str) + " "
                 + pd.Series(np.array(["AB", "CD", "EF", "GH", "KL", "MN"])[rng.integers(0, 6, n_addr)]) + " "
                 + pd.Series(np.array(CITIES)[rng.integers(0, len(CITIES), n_addr)]))
    p = rng.integers(0, n_people, rows)
    frame = pd.DataFrame({"Naam": names.to_numpy()[p], "Geboortedatum": dobs.to_numpy()[p],
                          "Woonadres": addresses.to_numpy()[p % n_addr],
                          "Casusnummer": "C-" + pd.Series(rng.integers(0, n_cases, rows)).astype(str),
                          "Rol": np.array(["verdachte", "betrokkene", "melder"])[rng.integers(0, 3, rows)]})
    frame.to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")


def make_kvk_jsonl(path: Path, profiles: int, seed: int = 2) -> None:
    """Basisprofiel documents in the API's shape, one per line."""
    rnd = random.Random(seed)
    base = json.loads((ROOT / "tests" / "importers" / "data" / "kvk_basisprofiel.json").read_text(encoding="utf-8"))
    with path.open("w", encoding="utf-8") as fh:
        for i in range(profiles):
            doc = json.loads(json.dumps(base))
            kvk = f"{10_000_000 + i:08d}"
            doc["kvkNummer"] = doc["_embedded"]["hoofdvestiging"]["kvkNummer"] = kvk
            doc["statutaireNaam"] = f"Onderneming {i} B.V."
            doc["naam"] = f"Onderneming {i}"
            doc["handelsnamen"] = [{"naam": f"Onderneming {i}", "volgorde": 0}]
            doc["sbiActiviteiten"] = [{"sbiCode": rnd.choice(SBI), "sbiOmschrijving": "", "indHoofdactiviteit": "Ja"}]
            doc["_embedded"]["hoofdvestiging"]["vestigingsnummer"] = f"{i:012d}"
            adres = doc["_embedded"]["hoofdvestiging"]["adressen"][0]
            adres["straatnaam"] = rnd.choice(STREETS)
            adres["huisnummer"] = rnd.randint(1, 400)
            adres["huisletter"] = rnd.choice(["", "", "", "A", "B"])
            adres["postcode"] = f"{rnd.randint(1000, 9999)}{rnd.choice('ABCDEGHJKLMN')}{rnd.choice('ABCDEGHJKLMN')}"
            adres["plaats"] = rnd.choice(CITIES)
            doc["_embedded"]["eigenaar"]["rsin"] = f"{800_000_000 + i}"
            if i % 10:
                doc["_embedded"]["eigenaar"]["adressen"] = []
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")


def make_matrix_csv(path: Path, size: int, density: float = 0.01, seed: int = 4) -> None:
    """A symmetric adjacency matrix with names as labels, as published networks come."""
    rng = np.random.default_rng(seed)
    names = [f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}" for i in range(size)]
    ties = np.triu(rng.random((size, size)) < density, k=1)
    weights = np.where(ties, rng.integers(1, 20, (size, size)), 0)
    weights = weights + weights.T
    with path.open("w", encoding="utf-8") as fh:
        fh.write(";" + ";".join(names) + "\n")
        for i, name in enumerate(names):
            fh.write(name + ";" + ";".join("" if w == 0 else str(w) for w in weights[i].tolist()) + "\n")


def make_persons_json(path: Path, persons: int, seed: int = 5) -> None:
    """Persons with Dutch, Turkish and Moroccan names (Faker), a fifth of them spelled as another source
    would (particles glued or abbreviated, transliterated, initials), most with a date of birth."""
    from faker import Faker

    fake = Faker(["nl_NL", "tr_TR", "ar_AA"])
    fake.seed_instance(seed)
    rng = random.Random(seed)
    swaps = ((" van den ", " vd "), (" van der ", " v.d. "), (" de ", " De "), ("el ", "El-"), ("ı", "i"),
             ("oe", "u"), ("Mohammed", "Muhammad"), ("ou", "u"))
    out = []
    for i in range(persons):
        name = f"{fake.first_name()} {fake.last_name()}"
        if rng.random() < 0.2:
            for old, new in swaps:
                name = name.replace(old, new)
            if rng.random() < 0.3:
                name = name[0] + ". " + name.split(" ", 1)[-1]
        dob = f"19{rng.randint(40, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.7 \
            else None
        out.append({"name": name, "birth_date": dob, "ref": str(i)})
    path.write_text(json.dumps(out), encoding="utf-8")


# -- phases (each in its own process) ------------------------------------------------------------------------
def phase_csv_map(csv: Path, spec_name: str = "meldingen") -> dict[str, float]:
    from graph.schema import default_schema
    from importers.case_import import TableMapper, iter_chunks
    from importers.spec import load_spec

    spec = load_spec(spec_name)
    table = spec.tables[0]
    mapper = TableMapper(default_schema(), spec, table, csv, "2024-01-01")
    rows = records = 0
    read_s = map_s = 0.0
    t = time.perf_counter()
    chunks = iter_chunks(csv, spec, table, 50_000)
    while True:
        t0 = time.perf_counter()
        chunk = next(chunks, None)
        read_s += time.perf_counter() - t0
        if chunk is None:
            break
        t1 = time.perf_counter()
        ents, rels, _ = mapper.map_chunk(chunk, lambda *a: None)
        map_s += time.perf_counter() - t1
        rows += len(chunk.frame)
        records += len(ents) + len(rels)
    total = time.perf_counter() - t
    return {"rows": rows, "records": records, "seconds": total, "read_s": read_s, "map_s": map_s}


def phase_csv_import(csv: Path, folder: Path, spec_name: str = "meldingen") -> dict[str, float]:
    from graph.stores.sqlite_store import SQLiteStore
    from importers.case_import import import_table_file
    from importers.spec import load_spec

    store = SQLiteStore(folder / f"bench-{spec_name}.knp", create=True)
    t = time.perf_counter()
    result = import_table_file(store, csv, load_spec(spec_name))
    total = time.perf_counter() - t
    store.close()
    return {"rows": result.rows, "records": result.entities.created + result.relations.created
            + result.entities.updated + result.entities.unchanged + result.relations.updated
            + result.relations.unchanged, "seconds": total,
            "entities": result.entities.created, "relations": result.relations.created,
            "file_mib": (folder / f"bench-{spec_name}.knp").stat().st_size / 2**20}


def phase_kvk_map(jsonl: Path) -> dict[str, float]:
    import datetime as dt

    from graph.schema import default_schema
    from importers.kvk import _Where, iter_documents, records_from_document

    schema = default_schema()
    meta = {"source": "KvK Handelsregister", "reliability": "A", "credibility": "1", "label": "open",
            "received": dt.date.today().isoformat()}
    rows = records = 0
    t = time.perf_counter()
    for row, doc in iter_documents(jsonl):
        recs = records_from_document(doc, schema, _Where(jsonl, row), meta)
        rows += 1
        records += len(recs.entities) + len(recs.relations)
    return {"rows": rows, "records": records, "seconds": time.perf_counter() - t}


def phase_kvk_import(jsonl: Path, folder: Path) -> dict[str, float]:
    from graph.stores.sqlite_store import SQLiteStore
    from importers.kvk import import_kvk_files

    store = SQLiteStore(folder / "kvk.knp", create=True)
    t = time.perf_counter()
    (result,) = import_kvk_files(store, [jsonl])
    total = time.perf_counter() - t
    store.close()
    return {"rows": result.rows, "records": result.entities.created + result.relations.created, "seconds": total}


def phase_matrix_import(csv: Path, folder: Path) -> dict[str, float]:
    from graph.stores.sqlite_store import SQLiteStore
    from importers.case_import import import_table_file
    from importers.spec import loads_spec

    spec = loads_spec("source: bench\nmatrix: {entity: Person, relation: associate_of, value: weight}\n")
    store = SQLiteStore(folder / "matrix.knp", create=True)
    t = time.perf_counter()
    result = import_table_file(store, csv, spec)
    total = time.perf_counter() - t
    rows = sum(1 for _ in csv.open(encoding="utf-8")) - 1
    store.close()
    return {"rows": rows, "records": result.entities.created + result.relations.created, "seconds": total}


def phase_resolve(persons_json: Path, folder: Path) -> dict[str, float]:
    from graph.model import Entity, Provenance
    from graph.stores.sqlite_store import SQLiteStore
    from importers.resolution import person_candidates

    store = SQLiteStore(folder / "resolve.knp", create=True)
    people = json.loads(persons_json.read_text(encoding="utf-8"))
    store.upsert_entities([Entity(type="Person", properties={k: v for k, v in (("name", p["name"]),
                                                                               ("birth_date", p["birth_date"])) if v},
                                  provenance=Provenance(source="bench", reference=p["ref"])) for p in people])
    t = time.perf_counter()
    found = person_candidates(store)
    total = time.perf_counter() - t
    store.close()
    return {"rows": len(people), "records": len(found), "seconds": total}


PHASES = {"csv-map": phase_csv_map, "csv-import": phase_csv_import, "kvk-map": phase_kvk_map,
          "kvk-import": phase_kvk_import, "matrix-import": phase_matrix_import, "resolve": phase_resolve,
          "narrow-map": lambda csv: phase_csv_map(csv, "betrokkenen"),
          "narrow-import": lambda csv, folder: phase_csv_import(csv, folder, "betrokkenen")}


def run_phase(name: str, data: Path, folder: Path, profile: bool) -> dict[str, float]:
    fn: Any = PHASES[name]
    args = (data,) if name.endswith("map") else (data, folder)
    out: dict[str, float]
    if profile:
        prof = cProfile.Profile()
        out = prof.runcall(fn, *args)
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(28)
        print(buf.getvalue(), file=sys.stderr)
    else:
        out = fn(*args)
    out["peak_rss_mib"] = _rss_mib()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--profiles", type=int, default=100_000)
    ap.add_argument("--matrix", type=int, default=2_000, help="persons in the adjacency matrix")
    ap.add_argument("--persons", type=int, default=20_000, help="persons for the resolution phase")
    ap.add_argument("--profile", action="store_true", help="cProfile the map phases (stderr)")
    ap.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:  # child process: one phase, figures as JSON on stdout
        print(json.dumps(run_phase(args.phase, args.data, args.folder, args.profile)))
        return
    with tempfile.TemporaryDirectory(prefix="knp-bench-") as tmp:
        folder = Path(tmp)
        csv, narrow, jsonl = folder / "meldingen.csv", folder / "betrokkenen.csv", folder / "kvk.jsonl"
        t = time.perf_counter()
        make_case_csv(csv, args.rows)
        make_narrow_csv(narrow, args.rows)
        make_kvk_jsonl(jsonl, args.profiles)
        matrix, persons = folder / "matrix.csv", folder / "persons.json"
        make_matrix_csv(matrix, args.matrix)
        make_persons_json(persons, args.persons)
        print(f"generated {args.rows:,} rows of a wide case CSV (meldingen: 5 entities + 6 relations per row, "
              f"{csv.stat().st_size / 2**20:.0f} MiB), {args.rows:,} rows of a narrow one (betrokkenen: 3 + 2, "
              f"{narrow.stat().st_size / 2**20:.0f} MiB) and {args.profiles:,} KvK profiles "
              f"({jsonl.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - t:.0f} s")
        print(f"{'phase':<12} {'rows':>10} {'records':>11} {'seconds':>8} {'rows/s':>10} {'records/s':>10} "
              f"{'peak RSS':>9}")
        for name, data in (("csv-map", csv), ("csv-import", csv), ("narrow-map", narrow),
                           ("narrow-import", narrow), ("kvk-map", jsonl), ("kvk-import", jsonl),
                           ("matrix-import", matrix), ("resolve", persons)):
            cmd = [sys.executable, __file__, "--phase", name, "--data", str(data), "--folder", str(folder)]
            if args.profile and name.endswith("map"):
                cmd.append("--profile")
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode:
                print(f"{name}: failed\n{done.stderr}", file=sys.stderr)
                continue
            if args.profile:
                print(done.stderr, file=sys.stderr)
            f = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{name:<12} {f['rows']:>10,.0f} {f['records']:>11,.0f} {f['seconds']:>8.1f} "
                  f"{f['rows'] / f['seconds']:>10,.0f} {f['records'] / f['seconds']:>10,.0f} "
                  f"{f['peak_rss_mib']:>6,.0f} MiB")
            if "read_s" in f:
                print(f"{'':<12} read (pandas) {f['read_s']:.1f} s, map (importer) {f['map_s']:.1f} s")
            if "file_mib" in f:
                print(f"{'':<12} {f['entities']:,.0f} entities, {f['relations']:,.0f} relations created; "
                      f"project file {f['file_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
