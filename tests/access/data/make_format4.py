"""Writes `format4.knp` (+ its label files and key file): an encrypted project in storage format 4.

Run once with main's store before format 5 (commit 280f1b0: a reference's part up to its first
':' in `said`/`srcs`, the rest in the row), from the repository root:
`python -m tests.access.data.make_format4 tests/access/data`. The records of format3.knp plus
KvK-shaped ones whose references have no ':' ('basisprofiel/12345678', 'zoeken/1/2'): format 5
stores those split at their first '/' too. Kept for the record; today's store writes format 5.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graph.access import keyslots, session
from graph.model import Entity, Provenance, Relation
from tests.access.data import make_format3
from tests.sandbox import FAST_KDF, OWNER, OWNER_PW, memory_keyring

BOB_PW = make_format3.BOB_PW


def kvk_records() -> tuple[list[Entity], Provenance]:
    """A company and an address from a KvK profile, the address named again by a second profile and a
    search result (statements and extra sources with '/' references), one of them confidential."""
    profile = Provenance(source="KvK Handelsregister", reference="basisprofiel/12345678", received="2026-02-01")
    other = Provenance(source="KvK Handelsregister", reference="basisprofiel/87654321", received="2026-02-01")
    found = Provenance(source="KvK Handelsregister", reference="zoeken/12345678/000012345678", received="2026-02-02")
    bravo = Entity(type="Company", properties={"kvk_number": "23456789", "name": "Bravo Holding B.V."},
                   provenance=profile, reliability="A", credibility="1")
    street = {"street": "Kerkstraat", "house_number": "4", "postcode": "6915CN", "city": "Rotterdam",
              "full": "Kerkstraat 4, 6915 CN Rotterdam"}
    address = Entity(type="Address", properties=street, provenance=profile, reliability="A", credibility="1")
    again = Entity(type="Address", properties={**street, "country": "Nederland"}, provenance=other)
    third = Entity(type="Address", properties=street, provenance=found)
    secret = Entity(type="Company", properties={"kvk_number": "34567890", "name": "Charlie V.O.F."},
                    label="confidential", provenance=found)
    return [bravo, address, again, third, secret], profile


def build(path: Path) -> None:
    """The project of the fixture at `path` (by today's store: a fresh project to compare with)."""
    make_format3.build(path)
    store = session.unlock(path, OWNER, OWNER_PW)
    try:
        entities, profile = kvk_records()
        for entity in entities:
            store.upsert_entities([entity])
        ids = {e.caption: e.id for e in store.iter_entities()}
        bravo, address = ids["Bravo Holding B.V."], next(i for c, i in ids.items() if "Kerkstraat" in c)
        store.upsert_relations([Relation(type="located_at", source_id=bravo, target_id=address, provenance=profile)])
    finally:
        store.close()


def main(folder: Path) -> None:
    keyslots.DEFAULT_KDF = FAST_KDF
    with memory_keyring():
        build(folder / "format4.knp")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
