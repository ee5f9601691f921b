"""A real encrypted project for briefings: an address with many companies, a visible director and records
above the Bibob audience (a police-WPG director, his address and a WPG phone relation), and a saved chart."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.access import session
from graph.model import Entity, Provenance, Relation
from tests.projects import _isolated as _isolated
from tests.sandbox import FAST_KDF, OWNER_PW

CHART = "Havenstraat"
VERA_PW = "vera: a viewer who sees open records only"


@dataclass
class Case:
    path: Path
    pw_file: Path
    ids: dict[str, str] = field(default_factory=dict)
    hidden_text: list[str] = field(default_factory=list)  # names, ids and addresses Bibob may not see

    def args(self) -> list[str]:
        return ["--project", str(self.path), "--passphrase-file", str(self.pw_file), "--as", "alice"]

    def open(self) -> session.GuardedStore:
        return session.unlock(self.path, "alice", OWNER_PW)


def _prov(source: str, ref: str) -> dict[str, object]:
    return {"provenance": Provenance(source=source, reference=ref, received="2026-03-01"),
            "reliability": "B", "credibility": "2"}


@pytest.fixture
def case(tmp_path: Path) -> Case:
    path = tmp_path / "casus.knp"
    store = session.create(path, owner="alice", passphrase=OWNER_PW, name="casus", kdf=FAST_KDF)
    schema = store.schema
    address = Entity(type="Address", properties={"full": "Havenstraat 12, 1011 AB Amsterdam", "street": "Havenstraat",
                                                 "house_number": 12, "postcode": "1011 AB", "city": "Amsterdam"},
                     **_prov("kvk", "adres"))
    jan = Entity(type="Person", properties={"name": "Jan Zichtbaar"}, **_prov("brp", "P1"))
    henk = Entity(type="Person", properties={"name": "Henk Verborgen", "bsn": "111222333"}, label="police-wpg",
                  **_prov("politie", "BVH-2026-77"))
    hideout = Entity(type="Address", properties={"full": "Geheimweg 13, 9999 ZZ Schuilhoek", "street": "Geheimweg",
                                                 "house_number": 13, "postcode": "9999 ZZ", "city": "Schuilhoek"},
                     label="police-wpg", **_prov("politie", "BVH-2026-78"))
    phone = Entity(type="PhoneNumber", properties={"number": "0612345678"}, **_prov("politie", "T1"))
    companies = [Entity(type="Company", properties={"name": f"Haven Handel {i} BV", "kvk_number": f"{90000000 + i}",
                                                    "registration_date": "2023-01-01"},
                        label="police-wpg" if i == 10 else "open", **_prov("kvk", f"C{i}")) for i in range(11)]
    entities = [address, jan, henk, hideout, phone, *companies]
    for e in entities:
        schema.prepare_entity(e)
    relations = [Relation(type="located_at", source_id=c.id, target_id=address.id, valid_from="2023-01-01",
                          properties={"kind": "bezoekadres"}, label=c.label, **_prov("kvk", f"L{i}"))
                 for i, c in enumerate(companies)]
    relations += [
        Relation(type="director_of", source_id=jan.id, target_id=companies[0].id, valid_from="2023-02-01",
                 properties={"role": "bestuurder"}, **_prov("kvk", "D1")),
        Relation(type="director_of", source_id=henk.id, target_id=companies[0].id, valid_from="2024-05-01",
                 properties={"role": "feitelijk leidinggevende"}, label="police-wpg", **_prov("politie", "D2")),
        Relation(type="registered_at", source_id=henk.id, target_id=hideout.id, valid_from="2019-01-01",
                 properties={"kind": "woonadres"}, label="police-wpg", **_prov("politie", "R1")),
        Relation(type="uses", source_id=jan.id, target_id=phone.id, valid_from="2025-06-01", label="police-wpg",
                 **_prov("politie", "T2")),
        Relation(type="registered_at", source_id=jan.id, target_id=address.id, valid_from="2022-01-01",
                 properties={"kind": "woonadres"}, **_prov("brp", "R2")),
    ]
    with store.activity("import", source="test"):
        store.upsert_entities(entities)
        store.upsert_relations(relations)
    n = len(entities)
    nodes = [{"id": e.id, "x": round(300 * math.cos(2 * math.pi * i / n), 1),
              "y": round(300 * math.sin(2 * math.pi * i / n), 1), "pinned": False, "hidden": False}
             for i, e in enumerate(entities)]
    state = {"format": 1, "layout": "circular", "nodes": nodes, "edges": sorted(r.id for r in relations), "style": {}}
    store.set_setting("chart." + CHART, json.dumps(state))
    store.set_setting("charts", json.dumps([CHART]))
    session.add_member(store, "vera", role="viewer", passphrase=VERA_PW, clearance=frozenset({"open"}), kdf=FAST_KDF)
    store.close()
    pw = tmp_path / "alice.pw"
    pw.write_text(OWNER_PW + "\n")
    hidden_rel = [r for r in relations if r.label == "police-wpg"]
    return Case(path, pw, {"address": address.id, "jan": jan.id, "henk": henk.id, "hideout": hideout.id,
                           "phone": phone.id, "hidden_company": companies[10].id},
                [henk.id, "Henk Verborgen", "Verborgen", "111222333", "Geheimweg", "9999 ZZ", "Schuilhoek",
                 hideout.id, companies[10].id, "Haven Handel 10 BV", "90000010", "BVH-2026",
                 *(r.id for r in hidden_rel)])
