"""A record many sources name, folded batch after batch (issue 18): the view the store keeps is the
view of all its statements, whatever the batches, with the memo and the fold's shortcut at work."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import graph.stores.sqlite_store as sqlite_store
from graph.model import Entity, Provenance
from graph.stores.records import derive_view
from graph.stores.sqlite_store import SQLiteStore


def _said(rnd: random.Random, i: int) -> Entity:
    """Source `i` on one company: mostly what the others say, now and then another name, trade name,
    head count, grading or start date."""
    props = {"kvk_number": "12345678", "name": "Alfa B.V." if rnd.random() < 0.85 else "Beta B.V.",
             "trade_names": ["Alfa"] if rnd.random() < 0.8 else ["Alfa", rnd.choice(["Gamma", "Delta"])]}
    if rnd.random() < 0.9:
        props["employees"] = 4 if rnd.random() < 0.9 else 7
    return Entity(type="Company", properties=props, reliability=rnd.choice("BBBBCA"),
                  credibility=rnd.choice("22223"), valid_from="2017-10-01" if rnd.random() < 0.9 else "2018-01-01",
                  provenance=Provenance(source=f"bron {i % 3}", reference=f"doc/{i}",
                                        received=f"2026-01-{1 + i % 28:02d}"))


def _view(store: SQLiteStore, record_id: str) -> tuple[object, ...]:
    e = store.get_entity(record_id)
    return (e.properties, e.reliability, e.credibility, e.valid_from, e.valid_to)


@pytest.mark.parametrize("seed", range(8))
def test_batches_give_the_view_of_all_statements(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    monkeypatch.setattr(sqlite_store, "MEMO_MIN", 5)
    rnd = random.Random(seed)
    said = [_said(rnd, i) for i in range(80)]
    whole = SQLiteStore(tmp_path / "whole.knp", create=True)
    whole.upsert_entities([e.evolve() for e in said])
    cut = SQLiteStore(tmp_path / "cut.knp", create=True)
    with cut.transaction():  # one load: the memo lives as long as the transaction
        i = 0
        while i < len(said):
            n = rnd.randint(1, 9)
            cut.upsert_entities([e.evolve() for e in said[i:i + n]])
            i += n
    (record_id,) = {e.id for e in whole.iter_entities("Company")}
    assert _view(cut, record_id) == _view(whole, record_id)
    rows = [(s.prop, s.value, s.source, s.reference, s.received, s.reliability, s.credibility)
            for s in cut.statements(record_id)]
    assert rows == [(s.prop, s.value, s.source, s.reference, s.received, s.reliability, s.credibility)
                    for s in whole.statements(record_id)]
    assert len({r[3] for r in rows}) == 80
    stored = cut.conn.execute("SELECT prop, value, source, reference, received, reliability, credibility, label, "
                              "added_by, added_at FROM statements").fetchall()
    derived = derive_view(cut.schema, cut.get_entity(record_id), [tuple(r) for r in stored])
    assert _view(cut, record_id) == (derived.properties, derived.reliability, derived.credibility,
                                     derived.valid_from, derived.valid_to)
    whole.close()
    cut.close()
