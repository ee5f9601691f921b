"""Roles enforced in the core: a viewer reads but cannot edit, delete, import or export."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.access import roles, session
from graph.access.guarded import GuardedStore
from graph.errors import PermissionDenied
from graph.model import Entity, Provenance
from graph.store import Caller
from tests.access.conftest import FAST_KDF, OWNER_PW
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match


def _person(name: str, label: str = "open") -> Entity:
    return Entity(type="Person", properties={"name": name}, label=label,
                  provenance=Provenance(source="test", reference=name, received="2026-01-01"))


@pytest.fixture
def members(demo_project: Path) -> Path:
    owner = session.unlock(demo_project, "alice", OWNER_PW)
    session.add_member(owner, "vera", role="viewer", passphrase="vera's passphrase", kdf=FAST_KDF)
    session.add_member(owner, "anton", role="analyst", passphrase="anton's passphrase",
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    owner.close()
    return demo_project


def _actions(store: GuardedStore) -> list[str]:
    return [e.action for e in store.inner.audit_entries()]


def test_viewer_reads_but_cannot_edit_delete_import_or_export(members: Path) -> None:
    viewer = session.unlock(members, "vera", "vera's passphrase")
    hits = viewer.search("van")
    assert hits
    before = viewer.counts()
    with pytest.raises(PermissionDenied, match="viewer"):
        viewer.upsert_entities([_person("Nieuwe Naam")])
    with pytest.raises(PermissionDenied):
        viewer.upsert_relations([])
    with pytest.raises(PermissionDenied):
        viewer.delete([hits[0].id])
    with pytest.raises(PermissionDenied), viewer.activity("import", source="kvk.json"):
        pass
    with pytest.raises(PermissionDenied):
        viewer.record_export("out.csv", 10)
    with pytest.raises(PermissionDenied):
        roles.check(viewer, "export")
    with pytest.raises(PermissionDenied):  # an exporter that only writes an audit entry is caught too
        viewer.audit("export", file="chart.png")
    with pytest.raises(PermissionDenied):
        viewer.set_setting("retention.days", "1")
    with pytest.raises(PermissionDenied):
        viewer.set_setting("saved_view", "x")
    with pytest.raises(PermissionDenied):
        session.add_member(viewer, "mallory", role="owner", passphrase="x" * 10, kdf=FAST_KDF)
    assert viewer.counts() == before
    assert viewer.get_entity(hits[0].id).id == hits[0].id
    actions = [e.action for e in viewer.inner.audit_entries()]
    assert actions.count("denied") >= 8 and "member add" not in actions[-12:]
    viewer.close()


def test_analyst_edits_and_exports_but_manages_no_members(members: Path) -> None:
    analyst = session.unlock(members, "anton", "anton's passphrase")
    stats = analyst.upsert_entities([_person("Nieuwe Naam")])
    assert stats.created == 1
    analyst.record_export("out.csv", 1)
    with pytest.raises(PermissionDenied):
        session.set_role(analyst, "anton", role="owner")
    with pytest.raises(PermissionDenied):
        analyst.audit_entries()
    analyst.close()


def test_clearance_cannot_be_raised_or_written_above(members: Path) -> None:
    analyst = session.unlock(members, "anton", "anton's passphrase")
    with pytest.raises(PermissionDenied):
        analyst.with_caller(Caller(user="anton", clearance=frozenset({"open", "police-wpg"})))
    with pytest.raises(PermissionDenied):
        analyst.with_caller(Caller(user="alice", clearance=frozenset({"open"})))
    narrower = analyst.with_caller(Caller(user="anton", clearance=frozenset({"open"})))
    assert narrower.member.clearance == {"open"}
    with pytest.raises(PermissionDenied, match="police-wpg"):
        analyst.upsert_entities([_person("Geheim", label="police-wpg")])
    assert not analyst.search("Geheim")
    analyst.close()


def test_plain_store_is_trusted_by_check(tmp_path: Path) -> None:
    from graph.stores.sqlite_store import SQLiteStore
    store = SQLiteStore(tmp_path / "plain.knp", create=True)
    roles.check(store, "export")  # no member: internal use
    with pytest.raises(Exception, match="unknown permission"):
        roles.check(store, "fly")
    store.close()


def test_viewer_cli_export_refused_and_no_file(members: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    pw = tmp_path / "vera.txt"
    pw.write_text("vera's passphrase\n")
    out = tmp_path / "hits.csv"
    args = ["search", "van", "--project", str(members), "--as", "vera", "--passphrase-file", str(pw)]
    assert main([*args, "--output", str(out)]) == 2
    assert "may not export" in capsys.readouterr().err
    assert not out.exists()
    assert main(args) == 0  # reading on screen is fine
