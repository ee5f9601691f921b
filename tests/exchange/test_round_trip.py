"""Export -> import keeps types, properties, dates, labels and grading, for every format."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.exchange.service import export_file, import_file
from graph.model import Record
from tests.exchange.conftest import open_owner

ALL = "open,confidential,police-wpg"


def _essence(record: Record) -> tuple[object, ...]:
    p = record.provenance
    props = {k: v for k, v in record.properties.items() if k != "bsn"}
    return (record.id, record.type, props, record.label, record.reliability, record.credibility,
            record.valid_from, record.valid_to, p.source if p else None, p.reference if p else None)


@pytest.mark.parametrize("fmt", ["anx", "graphml", "gexf"])
def test_round_trip_keeps_everything(fmt: str, project: tuple[Path, dict[str, str]], empty_project: Path,
                                     tmp_path: Path) -> None:
    path, _ids = project
    out = tmp_path / f"zaak.{fmt}"
    with open_owner(path) as store:
        result = export_file(store, fmt, out, audience=ALL)
        before_e = sorted(_essence(e) for e in store.iter_entities())
        before_r = sorted(_essence(r) for r in store.iter_relations())
    assert result["entities"] == 10 and result["relations"] == 11
    assert out.stat().st_mode & 0o777 == 0o600
    with open_owner(empty_project) as target:
        report = import_file(target, fmt, out)
        assert report.problems == []
        after_e = sorted(_essence(e) for e in target.iter_entities())
        after_r = sorted(_essence(r) for r in target.iter_relations())
        # the BSN never leaves, so the person it identified keeps its id but not the number
        assert all("bsn" not in e.properties for e in target.iter_entities())
    assert after_e == before_e
    assert after_r == before_r
    with open_owner(empty_project) as target:  # a second import changes nothing
        again = import_file(target, fmt, out)
        assert again.entities["new"] == 0 and again.relations["new"] == 0
