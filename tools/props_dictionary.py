"""How graph/data/props-1.zdict and props-2.* (the data of props codecs 1 and 2, graph/stores/records.py) were made.

    .venv/bin/python tools/props_dictionary.py OUT          (codec 1's dictionary)
    .venv/bin/python tools/props_dictionary.py --codec 2 DIR (codec 2's dictionary and key lists)

Kept to show what is in it, not to remake it: stored rows depend on its bytes, so codec 1's file
never changes (tests/core/test_props_storage.py pins its hash); a better dictionary is a new codec.
In it, as zstd raw content (later bytes are cheaper to refer to): the KvK legal forms, the SBI risk
branches (graph/data/sbi_risk_branches.csv), street-name endings, the KvK importer's establishment
text, address kinds, and last every property name of the schema as a JSON key.

Codec 2 (storage format 7, issue 18) stores no key names: a row names one of the key lists of
props-2.keys.csv (each record type's property names, sorted, as the schema had them when the codec was
made) and which of its names it holds, and compresses the values alone. Its dictionary is codec 1's
without the key names, which no row of it holds any more.
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


if __name__ == "__main__":
    if sys.argv[1] == "--codec" and sys.argv[2] == "2":
        folder = Path(sys.argv[3])
        (folder / "props-2.zdict").write_bytes(dictionary_2())
        (folder / "props-2.keys.csv").write_text("".join(",".join(k) + "\n" for k in key_lists()), encoding="utf-8")
    else:
        Path(sys.argv[1]).write_bytes(dictionary())
