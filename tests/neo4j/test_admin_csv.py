"""`knooppunt neo4j admin-csv`: the files a user hands to `neo4j-admin database import full`.

The shape is checked as neo4j-admin reads it: header fields (`:ID(space)`, `:LABEL`,
`:START_ID`, `:END_ID`, `:TYPE`, `name:type`), RFC 4180 quoting with the importer's
multiline fields, U+001F arrays, empty unquoted = no property, `""` = empty string, one id
space for entities that every relationship end resolves in, and the same properties the
Neo4j store writes (so a loaded project opens as one made by pushing).
"""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.access import session
from graph.model import Entity, Provenance, Relation
from graph.store import AuditEntry, entry_hash
from graph.stores import neo4j_cypher as cy
from graph.stores.neo4j_admin import ARRAY_DELIMITER, field_text
from graph.stores.neo4j_store import entity_row
from tests.sandbox import FAST_KDF, isolated
from workbench.cli import main

PW = "anna: correct horse battery"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    gen = isolated(monkeypatch, tmp_path)
    next(gen)
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", PW)
    monkeypatch.setenv("KNOOPPUNT_USER", "anna")
    path = tmp_path / "zaak.knp"
    store = session.create(path, owner="anna", passphrase=PW, name="zaak", kdf=FAST_KDF)
    src = Provenance(source="KvK", reference="uittreksel 1", received="2024-03-05")
    companies = [
        Entity(id="", type="Company", properties={"name": 'Café "Het Hoekje", B.V.', "kvk_number": "01234567",
                                                   "trade_names": ["Hoekje", "Het; Hoekje", 'Zeg "ja"'],
                                                   "employees": 12}, provenance=src),
        Entity(id="", type="Company", properties={"name": "Geheim Transport B.V.", "kvk_number": "87654321",
                                                   "employees": 3}, provenance=src, label="confidential"),
    ]
    cases = [Entity(id="", type="Case", properties={"case_number": "C-17", "name": "Hoekje",
                                                    "description": "Regel een\nregel twee", "status": ""},
                    provenance=src)]
    people = [Entity(id="", type="Person", properties={"name": "Özlem Yılmaz", "bsn": "111222333"}, provenance=src),
              Entity(id="", type="Person", properties={"name": "Jan de Vries", "bsn": "123456782"}, provenance=src,
                     label="police-wpg")]
    store.upsert_entities(companies + people + cases)
    ids = {e.properties["name"]: e.id for e in companies + people}
    store.upsert_relations([
        Relation(id="", type="director_of", source_id=ids["Özlem Yılmaz"], target_id=ids['Café "Het Hoekje", B.V.'],
                 provenance=src, valid_from="2020-02-01"),
        Relation(id="", type="director_of", source_id=ids["Jan de Vries"], target_id=ids["Geheim Transport B.V."],
                 provenance=src, label="police-wpg")])
    # a second source for the first company: statements and sources must travel
    store.upsert_entities([Entity(id="", type="Company", properties={"kvk_number": "01234567", "employees": 14},
                                  provenance=Provenance(source="Melding", reference="M-1"), reliability="B",
                                  credibility="2")])
    session.add_member(store, "vera", role="analyst", passphrase="vera: an analyst's passphrase", kdf=FAST_KDF,
                       clearance=frozenset({"open"}))
    store.close()
    yield path


def _read(path: Path) -> list[list[str]]:
    """Parse as neo4j-admin does (RFC 4180, quoted fields may hold line breaks)."""
    text = path.read_text(encoding="utf-8")
    assert not text.startswith("\ufeff") and "\r\n" not in text.replace('\r\n"', "")
    return list(csv.reader(io.StringIO(text, newline="")))


def _export(project: Path, tmp_path: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    out = tmp_path / "laden"
    code = main(["neo4j", "admin-csv", str(out), "--name", "RIEC casus 12", "--project", str(project),
                 *(args or ("--no-seal",))])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return out, captured.out


def test_files_headers_and_command(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, printed = _export(project, tmp_path, capsys=capsys)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["knooppunt-export.json", "nodes-Case.csv", "nodes-Company.csv", "nodes-Person.csv",
                     "nodes-project.csv", "relationships.csv"]
    for file in out.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    company = _read(out / "nodes-Company.csv")
    header = company[0]
    assert header[:2] == ["id:ID(KnEntity)", ":LABEL"]
    assert header[2:2 + len(cy.ENTITY_KEYS) - 1] == [k for k in cy.ENTITY_KEYS if k != "id"]
    assert "p_employees:long" in header and "p_trade_names:string[]" in header and "p_kvk_number" in header
    assert all(":" not in h or h.split(":")[1] in ("ID(KnEntity)", "LABEL", "long", "string[]") for h in header)
    rels = _read(out / "relationships.csv")
    assert rels[0][:3] == [":START_ID(KnEntity)", ":END_ID(KnEntity)", ":TYPE"]
    assert {row[2] for row in rels[1:]} == {cy.REL}
    manifest = json.loads((out / "knooppunt-export.json").read_text(encoding="utf-8"))
    command = manifest["command"]
    assert command.startswith("neo4j-admin database import full ")
    assert "--array-delimiter=U+001F" in command and "--multiline-fields=true" in command
    assert command.endswith(" neo4j") and "--nodes=nodes-project.csv" in command
    assert "--relationships=relationships.csv" in command
    assert command in printed and "knooppunt neo4j adopt" in printed
    assert manifest["marking"].startswith("RUBRICERING: ") and "OPEN" not in manifest["marking"]
    assert manifest["entities"] == 5 and manifest["relations"] == 2


def _rows(path: Path) -> list[dict[str, str]]:
    rows = _read(path)
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_quoting_arrays_multiline_and_empty(project: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = _export(project, tmp_path, capsys=capsys)
    raw = (out / "nodes-Company.csv").read_text(encoding="utf-8")
    assert '"Café ""Het Hoekje"", B.V."' in raw  # a quote doubled, the comma inside quotes
    case = _rows(out / "nodes-Case.csv")[0]
    assert case["p_description"] == "Regel een regel twee"  # the schema keeps text on one line; the writer
    line = field_text("Regel een\nregel twee")  # still quotes a break so --multiline-fields reads it back
    assert next(csv.reader(io.StringIO(f"{line},x\n", newline=""))) == ["Regel een\nregel twee", "x"]
    rows = {r["p_kvk_number"]: r for r in _rows(out / "nodes-Company.csv")}
    hoekje = rows["01234567"]
    assert hoekje[":LABEL"] == "KnEntity;Company"
    assert hoekje["p_trade_names:string[]"].split(ARRAY_DELIMITER) == ["Het; Hoekje", "Hoekje", 'Zeg "ja"']
    assert hoekje["p_employees:long"] == "14"  # the better-graded second source wins, as in the store
    assert json.loads(hoekje["props"])["kvk_number"] == "01234567"
    assert hoekje["project"] == "RIEC casus 12"
    # numbers bare, strings quoted, a missing value an empty unquoted field
    line = next(ln for ln in raw.splitlines() if '"01234567"' in ln)
    assert ",14," in line or line.endswith(",14")
    assert ",," in line  # e.g. identity-less or absent fields: no property
    statements = json.loads(hoekje["statements"])
    assert {s[2] for s in statements} == {"KvK", "Melding"}  # both sources' statements travel
    assert any(s[0] == "@record" and s[2] == "Melding" for s in statements)


def test_field_text_rules() -> None:
    assert field_text(None) == ""
    assert field_text("") == '""'  # an empty string stays one (quoted), unlike a missing value
    assert field_text('a "b", c') == '"a ""b"", c"'
    assert field_text(3, "long") == "3" and field_text(2.5, "double") == "2.5" and field_text(True, "boolean") == "true"
    assert field_text(["x", "y;z"]) == f'"x{ARRAY_DELIMITER}y;z"'
    with pytest.raises(Exception, match="U\\+001F"):
        field_text(["bad\x1fvalue"])


def test_every_relationship_end_is_a_node_id(project: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = _export(project, tmp_path, capsys=capsys)
    node_ids: set[str] = set()
    for file in out.glob("nodes-*.csv"):
        if file.name != "nodes-project.csv":
            node_ids |= {r["id:ID(KnEntity)"] for r in _rows(file)}
    rels = _rows(out / "relationships.csv")
    assert rels and all(r[":START_ID(KnEntity)"] in node_ids and r[":END_ID(KnEntity)"] in node_ids for r in rels)
    assert all(r["src"] == r[":START_ID(KnEntity)"] and r["dst"] == r[":END_ID(KnEntity)"] for r in rels)
    meta = _rows(out / "nodes-project.csv")
    assert meta[0][":ID(KnMeta)"] == "project" and meta[0][":LABEL"] == "KnProject"
    assert not node_ids & {m[":ID(KnMeta)"] for m in meta}  # two id spaces: no clash possible anyway
    settings = {m["key"]: m["value"] for m in meta if m[":LABEL"] == "KnSetting"}
    assert settings["name"] == "RIEC casus 12" and settings["owner"] == "anna"
    audit = next(m for m in meta if m[":LABEL"] == "KnAudit")
    assert audit["seq:long"] == "1" and audit["action"] == "project.bulk-load"
    entry = AuditEntry(1, audit["at"], audit["actor"], audit["action"], audit["details"], audit["prev_hash"], "")
    assert audit["hash"] == entry_hash(entry)  # the chain the store continues from


def test_same_properties_as_the_store_writes(project: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = _export(project, tmp_path, capsys=capsys)
    store = session.unlock(project, "anna", PW)
    try:
        person = next(e for e in store.iter_entities("Person") if e.properties["name"] == "Özlem Yılmaz")
        expected = entity_row(store.schema, "RIEC casus 12", person, [])
    finally:
        store.close()
    row = next(r for r in _rows(out / "nodes-Person.csv") if r["id:ID(KnEntity)"] == person.id)
    for key, value in expected.items():
        column = next(h for h in row if h == key or h.startswith(f"{key}:") or h == f"{key}:ID(KnEntity)"
                      or (key == "id" and h == "id:ID(KnEntity)"))
        assert row[column] == str(value), key


def test_a_member_exports_only_what_they_may_see(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", "vera: an analyst's passphrase")
    monkeypatch.setenv("KNOOPPUNT_USER", "vera")
    out, _ = _export(project, tmp_path, capsys=capsys)
    text = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.csv"))
    assert "Jan de Vries" not in text and "Geheim Transport" not in text and "police-wpg" not in text
    manifest = json.loads((out / "knooppunt-export.json").read_text(encoding="utf-8"))
    assert manifest["marking"] == "RUBRICERING: OPEN"


def test_refusals_leave_nothing_behind(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "laden"
    out.mkdir()
    assert main(["neo4j", "admin-csv", str(out), "--name", "x", "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(out) in err
    assert "bestaat al; neo4j-admin-bestanden komen in een nieuwe map" in err  # Dutch, the default
    out.rmdir()
    from graph.stores import neo4j_admin

    def broken(*_a: Any, **_k: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(neo4j_admin.AdminWriter, "_write_relations", broken)
    assert main(["neo4j", "admin-csv", str(out), "--name", "x", "--project", str(project)]) != 0
    capsys.readouterr()
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".laden")]
    store = session.unlock(project, "anna", PW)
    try:
        assert not [e for e in store.audit_entries() if e.action == "export" and "laden" in e.details]
    finally:
        store.close()


def test_export_is_audited(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = _export(project, tmp_path, capsys=capsys)
    store = session.unlock(project, "anna", PW)
    try:
        entry = [e for e in store.audit_entries() if e.action == "export"][-1]
    finally:
        store.close()
    assert str(out) in entry.details and "neo4j-admin" in entry.details


def test_viewer_without_export_right_is_refused(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    store = session.unlock(project, "anna", PW)
    session.add_member(store, "wim", role="viewer", passphrase="wim: a viewer's passphrase", kdf=FAST_KDF)
    store.close()
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", "wim: a viewer's passphrase")
    monkeypatch.setenv("KNOOPPUNT_USER", "wim")
    out = tmp_path / "laden"
    assert main(["neo4j", "admin-csv", str(out), "--name", "x", "--project", str(project)]) == 2
    assert "export" in capsys.readouterr().err
    assert not out.exists()



def test_sealed_files_carry_no_value_above_open(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from graph.stores.neo4j_keys import KEYS_SETTING, unlock
    from graph.stores.neo4j_seal import LabelSeal

    monkeypatch.setenv("KNOOPPUNT_SHARED_PASSPHRASE", "anna: the shared case passphrase")
    out, printed = _export(project, tmp_path, "--seal", capsys=capsys)
    assert "sealed" in printed
    text = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.csv"))
    for secret in ("Geheim Transport", "87654321", "Jan de Vries", "123456782"):
        assert secret not in text, secret
    assert "Özlem Yılmaz" in text  # open records stay in clear
    header = _read(out / "nodes-Company.csv")[0]
    assert {"sealed", "seal_label", "st_police_wpg"} <= set(header)
    # the key slots travel in the project's settings; the exporting member's passphrase opens them
    meta = _rows(out / "nodes-project.csv")
    settings = {m["key"]: m["value"] for m in meta if m[":LABEL"] == "KnSetting"}

    class Held:
        def get_setting(self, key: str, default: str | None = None) -> str | None:
            return settings.get(key, default)

        def set_setting(self, key: str, value: str) -> None:
            settings[key] = value

    keys = unlock(Held(), "anna", "anna: the shared case passphrase")
    assert set(keys) == {"open", "confidential", "police-wpg", "fiod/tax"}
    assert all(k.hex() not in settings[KEYS_SETTING] for k in keys.values())
    seal = LabelSeal(keys, "RIEC casus 12")
    row = next(r for r in _rows(out / "nodes-Company.csv") if r["label"] == "confidential")
    node = {k.split(":")[0]: v for k, v in row.items() if v != "" and not k.startswith(":")}
    opened = seal.open_map(node)
    assert opened is not None and json.loads(opened["props"])["kvk_number"] == "87654321"
    rel = next(r for r in _rows(out / "relationships.csv") if r["seal_label"] == "police-wpg")
    assert rel["label"] in ("open", "police-wpg") and rel["props"] == ""


def test_sealed_export_needs_a_passphrase(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("KNOOPPUNT_SHARED_PASSPHRASE", raising=False)
    out = tmp_path / "laden"
    assert main(["neo4j", "admin-csv", str(out), "--name", "x", "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "KNOOPPUNT_SHARED_PASSPHRASE" in err and not out.exists()
    monkeypatch.setenv("KNOOPPUNT_SHARED_PASSPHRASE", "kort")
    assert main(["neo4j", "admin-csv", str(out), "--name", "x", "--project", str(project)]) == 2
    assert "too short" in capsys.readouterr().err and not out.exists()


def test_views_only_leaves_statements_out(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = _export(project, tmp_path, "--no-seal", "--views-only", capsys=capsys)
    rows = _rows(out / "nodes-Company.csv")
    assert rows and all(r["statements"] == "" and r["extra_sources"] == "" for r in rows)
    assert {r["p_kvk_number"] for r in rows} == {"01234567", "87654321"}
