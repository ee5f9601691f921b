"""On a live Neo4j (skipped without one): what the server holds of a sealed project is ciphertext.

Reads the stored node as the server administrator would (the same statement with every label
in the filter, no keys), then as the member: only the member gets the values back.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from graph.model import Entity, Provenance
from graph.store import Caller
from graph.stores import neo4j_cypher as cy

pytestmark = pytest.mark.neo4j

ALL = ["confidential", "fiod/tax", "open", "police-wpg"]


@pytest.fixture
def sealed(make_store: Any, backend: str) -> Any:
    if backend != "neo4j-sealed":
        pytest.skip("sealed Neo4j backend only")
    return make_store(Caller(user="anna"))


def test_server_holds_only_ciphertext_of_a_confidential_record(sealed: Any) -> None:
    company = Entity(id="", type="Company", label="confidential",
                     properties={"name": "Geheim Transport B.V.", "kvk_number": "87654321"},
                     provenance=Provenance(source="Politie", reference="PV-1"))
    stats = sealed.upsert_entities([company])
    records, _, _ = sealed.driver.execute_query(cy.ENTITY_BY_ID, project=sealed.project, id=stats.ids[0],
                                                clearance=ALL, database_=os.environ.get("NEO4J_DATABASE"))
    raw = str(records[0]["n"])
    assert "Geheim" not in raw and "87654321" not in raw and "Politie" not in raw and "sealed" in raw
    assert sealed.get_entity(stats.ids[0]).properties["kvk_number"] == "87654321"
    assert [e.id for e in sealed.search("geheim trans")] == stats.ids
    viewer = sealed.with_caller(Caller(user="vera", clearance=frozenset({"open"})))
    assert viewer.search("geheim") == [] and viewer.counts() == {}
