"""A small encrypted project with every kind of record the exchange formats carry.

Real SQLCipher file, real key slots (cheap KDF), owner alice with every clearance. Records
at `open`, `confidential` and `police-wpg`, a BSN, graded sources (one record with two),
validity periods, a saved chart with positions and a colour.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.access import session
from graph.access.guarded import GuardedStore
from graph.model import Entity, Provenance, Relation
from tests.sandbox import FAST_KDF, OWNER_PW, isolated
from views.chart.storage import save_chart

KVK = Provenance(source="KvK Handelsregister", reference="KVK-68750110", received="2024-03-01")
CAS = Provenance(source="Casusregistratie gemeente", reference="CAS-2024-017", received="2024-04-02")
POL = Provenance(source="Politie BVH", reference="PL-2024-99", received="2024-05-03")
SECRET_NAME = "Geheime Getuige Pietersen"
SECRET_PLATE = "99XYZ9"
BSN = "111222333"
NAMES = ["jan", "piet", "secret", "holding", "address", "car", "secret_car", "phone", "mail", "bank"]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    yield from isolated(monkeypatch, tmp_path)


def entities() -> list[Entity]:
    def prov(p: Provenance) -> Provenance:
        return Provenance(source=p.source, reference=p.reference, received=p.received)

    return [
        Entity(type="Person", properties={"name": "Jan de Vries", "first_names": "Jan", "last_name": "de Vries",
                                          "birth_date": "1979-02-16", "bsn": BSN,
                                          "aliases": ["J. de Vries", "Johnny"]},
               provenance=prov(CAS), reliability="B", credibility="2", label="confidential"),
        Entity(type="Person", properties={"name": "Piet de Vries", "birth_date": "1981-07-01"},
               provenance=prov(CAS), reliability="C", credibility="3", label="open"),
        Entity(type="Person", properties={"name": SECRET_NAME}, provenance=prov(POL), reliability="A",
               credibility="2", label="police-wpg"),
        Entity(type="Company", properties={"name": "Voorbeeld Holding B.V.", "kvk_number": "68750110",
                                           "legal_form": "Besloten Vennootschap", "registration_date": "2019-05-01",
                                           "employees": 12, "sbi_codes": ["6420", "7010"]},
               provenance=prov(KVK), reliability="A", credibility="1", label="open"),
        Entity(type="Address", properties={"street": "Voorbeeldstraat", "house_number": 12, "house_letter": "A",
                                           "postcode": "1234AB", "city": "Voorbeeldstad",
                                           "full": "Voorbeeldstraat 12A, 1234 AB Voorbeeldstad"},
               provenance=prov(KVK), reliability="A", credibility="1", label="open"),
        Entity(type="Vehicle", properties={"plate": "12-ABC-3", "model": "Golf"}, provenance=prov(CAS), label="open"),
        Entity(type="Vehicle", properties={"plate": SECRET_PLATE}, provenance=prov(POL), label="police-wpg"),
        Entity(type="PhoneNumber", properties={"number": "0612345678"}, provenance=prov(CAS), label="open"),
        Entity(type="Email", properties={"address": "jan@example.nl"}, provenance=prov(CAS), label="open"),
        Entity(type="BankAccount", properties={"iban": "NL91ABNA0417164300", "bank": "ABN AMRO"},
               provenance=prov(CAS), label="open"),
    ]


def relations(ids: dict[str, str]) -> list[Relation]:
    def rel(kind: str, a: str, b: str, **kw: Any) -> Relation:
        return Relation(type=kind, source_id=ids[a], target_id=ids[b], **kw)

    return [
        rel("director_of", "jan", "holding", properties={"role": "bestuurder"}, valid_from="2021-03-01",
            valid_to="2023-06-30", provenance=KVK, reliability="A", credibility="1", label="open"),
        rel("shareholder_of", "piet", "holding", properties={"share": 40}, valid_from="2019-05-01",
            provenance=KVK, reliability="A", credibility="1", label="open"),
        rel("family_of", "jan", "piet", properties={"relationship": "broer"}, provenance=CAS, reliability="C",
            credibility="3", label="confidential"),
        rel("located_at", "holding", "address", properties={"kind": "bezoekadres"}, valid_from="2019-05-01",
            provenance=KVK, label="open"),
        rel("registered_at", "jan", "address", valid_from="2020-01-01", valid_to="2022-12-31", provenance=CAS,
            label="confidential"),
        rel("owner_of", "holding", "car", provenance=CAS, label="open"),
        rel("uses", "jan", "phone", provenance=CAS, label="open"),
        rel("uses", "jan", "mail", provenance=CAS, label="open"),
        rel("owner_of", "holding", "bank", provenance=CAS, label="open"),
        rel("associate_of", "secret", "piet", provenance=POL, label="police-wpg"),
        rel("uses", "secret", "secret_car", provenance=POL, label="police-wpg"),
    ]


def fill(store: GuardedStore) -> dict[str, str]:
    """Write the records (one import) and the saved chart `Holding`; the ids by short name."""
    items = entities()
    with store.activity("import", source="fixture"):
        store.upsert_entities(items)
        ids = dict(zip(NAMES, [e.id for e in items], strict=True))
        store.upsert_relations(relations(ids))
        again = entities()[3]  # a second, independent source for the holding: an ANB card
        again.provenance = Provenance(source="KvK uittreksel", reference="UIT-1", received="2024-06-01")
        again.reliability, again.credibility = "B", "2"
        store.upsert_entities([again])
    save_chart(store, "Holding", {"nodes": [{"id": ids["jan"], "x": 100.0, "y": 200.0},
                                            {"id": ids["holding"], "x": 400.0, "y": 200.0},
                                            {"id": ids["piet"], "x": 250.0, "y": 50.0},
                                            {"id": ids["secret"], "x": 0.0, "y": 0.0}],
                                  "edges": [], "style": {"colour": {ids["jan"]: "#d62728"}}})
    return ids


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An encrypted project with the records above, and their ids by short name."""
    path = tmp_path / "zaak.knp"
    store = session.create(path, owner="alice", passphrase=OWNER_PW, name="zaak", kdf=FAST_KDF)
    ids = fill(store)
    store.close()
    return path, ids


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    path = tmp_path / "leeg.knp"
    session.create(path, owner="alice", passphrase=OWNER_PW, name="leeg", kdf=FAST_KDF).close()
    return path


def open_owner(path: Path) -> GuardedStore:
    from graph.project import open_project

    return open_project(path, user="alice", passphrase=OWNER_PW)
