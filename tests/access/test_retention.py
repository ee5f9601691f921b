"""Retention (bewaartermijn): report by the latest delivery date, purge by the owner, audited."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from graph.access import retention, session
from graph.errors import KnooppuntError, PermissionDenied
from graph.model import Entity, Provenance, Relation
from tests.access.conftest import FAST_KDF, OWNER_PW, make_project
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

TODAY = dt.date(2026, 6, 1)


def _person(name: str, received: str | None) -> Entity:
    return Entity(type="Person", properties={"name": name},
                  provenance=Provenance(source="brp", reference=name, received=received))


def test_report_and_purge(tmp_path: Path) -> None:
    store = make_project(tmp_path / "r.knp")
    old, fresh, renewed = _person("Oud Persoon", "2020-01-01"), _person("Vers Persoon", "2026-05-01"), \
        _person("Vernieuwd Persoon", "2020-01-01")
    store.upsert_entities([old, fresh, renewed])
    # A second source delivered `renewed` again recently: its clock restarts.
    store.upsert_entities([renewed.evolve(provenance=Provenance(source="kvk", reference="x", received="2026-04-01"))])
    store.upsert_relations([Relation(type="associate_of", source_id=old.id, target_id=fresh.id,
                                     provenance=Provenance(source="tip", reference="t1", received="2026-05-20"))])
    with pytest.raises(KnooppuntError, match="no retention period"):
        retention.report(store, today=TODAY)
    retention.set_retention(store, 365)
    overdue = retention.report(store, today=TODAY)
    assert [o.id for o in overdue] == [old.id]
    assert overdue[0].reference_date == "2020-01-01" and overdue[0].days_over > 1000

    session.add_member(store, "anton", role="analyst", passphrase="anton's passphrase", kdf=FAST_KDF)
    analyst = session.unlock(tmp_path / "r.knp", "anton", "anton's passphrase")
    with pytest.raises(PermissionDenied):
        retention.purge(analyst, today=TODAY)
    with pytest.raises(PermissionDenied):
        retention.set_retention(analyst, 1)
    analyst.close()

    purged = retention.purge(store, today=TODAY)
    assert [o.id for o in purged] == [old.id]
    assert store.counts()["Person"] == 2 and "associate_of" not in store.counts()  # its relation went too
    entry = [e for e in store.inner.audit_entries() if e.action == "purge"][-1]
    assert json.loads(entry.details)["ids"] == [old.id] and entry.actor == "alice"
    assert retention.report(store, today=TODAY) == []
    store.close()


def test_cli_retention(demo_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.cli import main
    pw = tmp_path / "pw"
    pw.write_text(OWNER_PW)
    common = ["--project", str(demo_project), "--passphrase-file", str(pw)]
    assert main(["retention", "set", "--days", "30", *common]) == 0
    assert main(["retention", "report", *common, "--format", "json"]) == 0
    rows = read_json_rows(capsys.readouterr().out.split("\n", 1)[1])  # after "retention period: 30 days"
    assert rows and all(r["days_over"] > 0 for r in rows)
    assert main(["retention", "purge", "--yes", *common]) == 0
    assert f"purged {len(rows)} records" in capsys.readouterr().out
    store = session.unlock(demo_project, "alice", OWNER_PW)
    assert retention.report(store) == []
    store.close()
