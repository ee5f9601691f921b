"""Writes `format3.knp` (+ its label files and key file): an encrypted project in storage format 3.

Run once with main's store before format 4 (commit 2458bcb, INSTEAD OF triggers in every label
file), from the repository root: `python -m tests.access.data.make_format3 tests/access/data`.
Kept for the record of what the fixture holds; today's store writes format 4.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graph.access import keyslots, session
from graph.model import Entity, Provenance, Relation
from tests.sandbox import FAST_KDF, OWNER, OWNER_PW, memory_keyring

BOB_PW = "bob: paard nietje batterij"


def records() -> list[Entity]:
    """Entities in every label, a second source about one, relations within and across labels."""
    alfa = Entity(type="Company", properties={"kvk_number": "12345678", "name": "Alfa B.V."},
                  provenance=Provenance(source="KvK", reference="kvk.csv:7", received="2026-01-02"),
                  reliability="A", credibility="1", valid_from="2020-01-01")
    tip = Entity(type="Company", properties={"kvk_number": "12345678", "name": "Alfa Tip"}, label="confidential",
                 provenance=Provenance(source="Tip", reference="tips.csv:3", received="2026-03-01"),
                 reliability="C", credibility="3")
    jan = Entity(type="Person", properties={"name": "Jan de Vries"}, label="confidential",
                 provenance=Provenance(source="Meldpunt", reference="meldingen.csv:2:person"))
    piet = Entity(type="Person", properties={"name": "Piet Jansen"}, label="police-wpg",
                  provenance=Provenance(source="Politie", reference="bvh.csv:9"), reliability="B", credibility="2")
    kees = Entity(type="Person", properties={"name": "Kees Bakker"})
    fien = Entity(type="Person", properties={"name": "Fien Fiscus"}, label="fiod/tax")
    return [alfa, tip, jan, piet, kees, fien]


def build(path: Path) -> None:
    """The project of the fixture at `path` (by today's store: a fresh project to compare with)."""
    store = session.create(path, owner=OWNER, passphrase=OWNER_PW, name="format3", kdf=FAST_KDF)
    ents = records()
    store.upsert_entities(ents[:1])
    store.upsert_entities(ents[1:])
    alfa, jan, piet, kees = ents[0], ents[2], ents[3], ents[4]
    store.upsert_relations([
        Relation(type="director_of", source_id=jan.id, target_id=alfa.id, valid_from="2021-05-01",
                 provenance=Provenance(source="KvK", reference="kvk.csv:8")),
        Relation(type="family_of", source_id=kees.id, target_id=piet.id,
                 provenance=Provenance(source="Politie", reference="bvh.csv:10")),
    ])
    session.add_member(store, "bob", role="analyst", passphrase=BOB_PW,
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    store.close()


def main(folder: Path) -> None:
    keyslots.DEFAULT_KDF = FAST_KDF
    with memory_keyring():
        build(folder / "format3.knp")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
