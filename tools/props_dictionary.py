"""How graph/data/props-1.zdict (the dictionary of props codec 1, graph/stores/records.py) was made.

    .venv/bin/python tools/props_dictionary.py OUT

Kept to show what is in it, not to remake it: stored rows depend on its bytes, so codec 1's file
never changes (tests/core/test_props_storage.py pins its hash); a better dictionary is a new codec.
In it, as zstd raw content (later bytes are cheaper to refer to): the KvK legal forms, the SBI risk
branches (graph/data/sbi_risk_branches.csv), street-name endings, the KvK importer's establishment
text, address kinds, and last every property name of the schema as a JSON key.
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


if __name__ == "__main__":
    Path(sys.argv[1]).write_bytes(dictionary())
