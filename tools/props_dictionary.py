"""How graph/data/props-1.zdict and props-2.* (the data of props codecs 1 and 2, graph/stores/records.py) were made.

    .venv/bin/python tools/props_dictionary.py OUT          (codec 1's dictionary)
    .venv/bin/python tools/props_dictionary.py --codec 2 DIR (codec 2's dictionary and key lists)
    .venv/bin/python tools/props_dictionary.py --codec 3 DIR (codec 3's dictionary)

Kept to show what is in it, not to remake it: stored rows depend on its bytes, so codec 1's file
never changes (tests/core/test_props_storage.py pins its hash); a better dictionary is a new codec.
In it, as zstd raw content (later bytes are cheaper to refer to): the KvK legal forms, the SBI risk
branches (graph/data/sbi_risk_branches.csv), street-name endings, the KvK importer's establishment
text, address kinds, and last every property name of the schema as a JSON key.

Codec 2 (storage format 7, issue 18) stores no key names: a row names one of the key lists of
props-2.keys.csv (each record type's property names, sorted, as the schema had them when the codec was
made) and which of its names it holds, and compresses the values alone. Its dictionary is codec 1's
without the key names, which no row of it holds any more.

Codec 3 (storage format 8) stores the values of codec 2 less the texts that stand in the caption, and compresses
them with a dictionary zstd trained (`zstd.train_dictionary`, 4 KB): besides content, a trained dictionary holds
the entropy tables a row's few dozen bytes of digits and letters are coded with (a raw-content dictionary has
none: each row spelled its literals byte for byte). It is trained on value lists made up here, with Faker's
Dutch names, streets, places and dates and random numbers in the shapes the importers write (a company of a KvK
profile, an address, a person, a bank account, a vehicle, relations' kinds and roles), never on the
benchmarks' generated records (bench/bench_import.py), whose repeated texts would flatter it.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LEGAL_FORMS = ["Eenmanszaak", "Besloten Vennootschap", "Naamloze Vennootschap", "Vennootschap onder firma",
               "Commanditaire Vennootschap", "Maatschap", "Stichting", "Vereniging", "Coöperatie",
               "Onderlinge Waarborgmaatschappij", "Kerkgenootschap", "Buitenlandse Rechtsvorm",
               "Publiekrechtelijke Rechtspersoon", "Europese Naamloze Vennootschap (SE)"]


def dictionary() -> bytes:
    from graph.schema import default_schema

    schema = default_schema()
    names = sorted({p for t in schema.entities.values() for p in t.properties}
                   | {p for t in schema.relations.values() for p in t.properties})
    with (ROOT / "graph" / "data" / "sbi_risk_branches.csv").open(encoding="utf-8") as fh:
        branches = sorted({r["branch"] for r in csv.DictReader(fh)})
    parts = [json.dumps(v, ensure_ascii=False) + "," for v in LEGAL_FORMS + branches]
    parts += ['straat", "', 'weg", "', 'laan", "', ", ingeschreven ", '"bezoekadres"', '"postadres"', '"NL"',
              '"Nederland"', ":true,", ":false,", '"],"', "]}"]
    parts += [f'"{n}":' for n in names]
    return "".join(parts).encode()


def key_lists() -> list[list[str]]:
    """Codec 2's key lists: each record type's property names, sorted; the shortest first (a row names the
    first list holding all its keys)."""
    from graph.schema import default_schema

    schema = default_schema()
    types = [*schema.entities.values(), *schema.relations.values()]
    lists = {tuple(sorted(t.properties)) for t in types if t.properties}
    return [list(k) for k in sorted(lists, key=lambda k: (len(k), k))]


def dictionary_2() -> bytes:
    data = dictionary()
    return data[:data.index(b'"active":')]


def _samples_3() -> list[bytes]:
    """Value lists as codec 3 compresses them (keys in list order, no caption, no text that stands in it)."""
    import random

    import orjson
    from faker import Faker

    fake = Faker("nl_NL")
    fake.seed_instance(3)
    rnd = random.Random(3)
    with (ROOT / "graph" / "data" / "sbi_risk_branches.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    branches = sorted({r["branch"] for r in rows})
    out = []

    def maybe(values: list[object]) -> bytes:
        return orjson.dumps([v for v in values if rnd.random() < 0.9])

    for _ in range(3000):
        est, kvk, date = f"{rnd.randint(0, 99999999):012d}", f"{rnd.randint(1000000, 99999999):08d}", fake.date()
        sbi = [str(rnd.randint(1000, 99999)) for _ in range(rnd.randint(1, 3))]
        name = fake.company()
        out.append(maybe([rnd.random() < 0.5, rnd.randint(0, 250), [est], [f"{est} {name}, ingeschreven {date}"],
                          kvk, rnd.choice(LEGAL_FORMS), sbi[0], rnd.random() < 0.5, date,
                          sorted(rnd.sample(branches, rnd.randint(0, 2))), f"{rnd.randint(1, 899999999):09d}", sbi,
                          rnd.sample(["postadres", "bezoekadres"], rnd.randint(0, 1)), [fake.domain_name()]]))
        out.append(maybe([f"{rnd.randint(1, 1999):04d}0100{rnd.randint(0, 9999999):07d}", rnd.randint(1, 400),
                          rnd.choice(["", "A", "B", "bis", "1", "2"]), "NL"]))
        out.append(maybe([fake.date_of_birth().isoformat(), fake.city(), f"{rnd.randint(100000000, 999999999)}",
                          fake.first_name(), rnd.choice(["M", "V", "X"]), fake.last_name(), "NL"]))
        out.append(maybe([fake.iban(), rnd.choice(["ING", "Rabobank", "ABN AMRO", "bunq", "SNS"])]))
        out.append(orjson.dumps([rnd.choice(["bezoekadres", "postadres", "bestuurder", "eigenaar", "aandeelhouder",
                                             "gevolmachtigde", "huurder", "verdachte", "getuige", "melder"])]))
    return out


def dictionary_3() -> bytes:
    import zstandard as zstd

    return bytes(zstd.train_dictionary(4096, _samples_3(), level=3, threads=0).as_bytes())


if __name__ == "__main__":
    if sys.argv[1] == "--codec" and sys.argv[2] == "3":
        Path(sys.argv[3], "props-3.zdict").write_bytes(dictionary_3())
    elif sys.argv[1] == "--codec" and sys.argv[2] == "2":
        folder = Path(sys.argv[3])
        (folder / "props-2.zdict").write_bytes(dictionary_2())
        (folder / "props-2.keys.csv").write_text("".join(",".join(k) + "\n" for k in key_lists()), encoding="utf-8")
    else:
        Path(sys.argv[1]).write_bytes(dictionary())
