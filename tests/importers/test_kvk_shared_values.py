"""What the KvK mapper works out once and shares (issue 18's child: a located_at's properties per kind and
addition in a batch, relation_rows' identity part per properties object, house letters and additions,
Address identity in one join) never carries one document's value into another: documents that share a
value and documents that do not, mapped in one batch, each get their own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.prepared import relation_rows
from graph.schema import default_schema
from importers.kvk_json import KvkRows, MapCache, _Where, records_from_document, rows_from_document
from importers.limits import DEFAULT_LIMITS

DATA = Path(__file__).parent / "data"
META: dict[str, Any] = {"source": "KvK", "received": "2026-01-02", "reliability": "A", "credibility": "1",
                        "label": "open", "limits": DEFAULT_LIMITS}


def _profile(kvk: str, adressen: list[dict[str, Any]]) -> dict[str, Any]:
    doc = json.loads((DATA / "kvk_basisprofiel.json").read_text(encoding="utf-8"))
    doc["kvkNummer"] = doc["_embedded"]["hoofdvestiging"]["kvkNummer"] = kvk
    doc["_embedded"]["hoofdvestiging"]["adressen"] = adressen
    doc["_embedded"]["eigenaar"]["adressen"] = []
    return doc


def _adres(kind: str, number: int, letter: str | None = None, addition: str | None = None,
           extra: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": kind, "straatnaam": "Kerkstraat", "huisnummer": number, "postcode": "7607AB",
                           "plaats": "Almelo"}
    if letter is not None:
        out["huisletter"] = letter
    if addition is not None:
        out["huisnummerToevoeging"] = addition
    if extra is not None:
        out["toevoegingAdres"] = extra
    return out


DOCS = [  # kinds and additions shared and not; the same house letter and addition in two documents
    _profile("10000001", [_adres("bezoekadres", 1, "a", "bis"), _adres("postadres", 2, extra="achterom")]),
    _profile("10000002", [_adres("bezoekadres", 3, extra="achterom"), _adres("postadres", 4, "a", "bis")]),
    _profile("10000003", [_adres("bezoekadres", 5), _adres("bezoekadres", 6, extra="loods 2")]),
    _profile("10000004", [_adres("postadres", 2, extra="achterom")]),  # the first one's PO address again
]


def test_each_relation_and_address_keeps_its_own_values() -> None:
    """The column path (shared dicts) gives each row what the object path (a dict per record) gives it."""
    schema = default_schema()
    rows = KvkRows()
    expected_rel: list[dict[str, Any]] = []
    expected_addresses: list[dict[str, Any]] = []
    for i, doc in enumerate(DOCS, 1):
        rows_from_document(doc, schema, _Where(Path("k.jsonl"), i), {**META, "cache": MapCache(schema)}, rows)
        records = records_from_document(doc, schema, _Where(Path("k.jsonl"), i), {**META, "cache": MapCache(schema)})
        expected_rel += [r.properties for r in records.relations]
        expected_addresses += [e.properties for e in records.entities if e.type == "Address"]
    assert rows.rel_props == expected_rel
    assert [p.get("address_addition") for p in rows.rel_props] == [None, "achterom", "achterom", None, None,
                                                                   "loods 2", "achterom"]
    addresses = [json.loads(p) for p, t in zip(rows.props_json, rows.types, strict=True) if t == "Address"]
    assert addresses == expected_addresses
    assert [a.get("house_letter") for a in addresses] == ["A", None, None, "A", None, None, None]
    rels = relation_rows(schema, ["located_at"] * len(rows.rel_src), rows.rel_src, rows.rel_dst, rows.rel_props,
                         rows.rel_refs, ["open"] * len(rows.rel_src), source="KvK")
    one_by_one = [relation_rows(schema, ["located_at"], [s], [d], [dict(p)], [r], ["open"], source="KvK")
                  for s, d, p, r in zip(rows.rel_src, rows.rel_dst, rows.rel_props, rows.rel_refs, strict=True)]
    assert rels.ids == [r.ids[0] for r in one_by_one]
    assert rels.props_json == [r.props_json[0] for r in one_by_one]


@settings(max_examples=300)
@given(st.fixed_dictionaries({"postcode": st.sampled_from(["1234 AB", "7607 AA"])}, optional={
    "house_number": st.integers(1, 9999), "house_letter": st.sampled_from(["A", "b", "Ä"]),
    "house_number_addition": st.sampled_from(["BIS", "1", "T/O"]), "po_box": st.integers(1, 99999),
    "street": st.text(min_size=1, max_size=8), "city": st.sampled_from(["Almelo", "ÅS", "Den Haag"]),
    "country": st.sampled_from(["NL", "BE"]), "full": st.text(max_size=12)})
    | st.fixed_dictionaries({"street": st.text(min_size=1, max_size=8), "house_number": st.integers(1, 99)},
                            optional={"city": st.text(max_size=5), "country": st.sampled_from(["BE", "DE"])})
    | st.fixed_dictionaries({"full": st.text(min_size=1, max_size=20)}))
def test_address_identity_is_the_schemas(props: dict[str, Any]) -> None:
    schema = default_schema()
    cache = MapCache(schema)
    assert cache.address_identity(props) == schema.identity_key(schema.entities["Address"], props)
