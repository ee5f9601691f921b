"""What the main file (under the `open` key every member holds) says about records above `open`.

Vera, a viewer cleared for `open`, reads the main file with `sqlcipher3` and her own key. The
records above her clearance are in files she cannot open, but the audit log is in the main
file: a hand edit logged the record before and after, a merge logged both names, so she read
a `police-wpg` person's name and values there. Found by the red team (issue 11).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import editing, merge, notes
from graph.access import session
from graph.access.audit import masked
from graph.stores.sqlite_store import partition_file
from tests.access.conftest import OWNER_PW, make_project
from tests.access.test_attacks import VERA_PW, _dump, _everything_of, _person
from tests.sandbox import FAST_KDF
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "zaak.knp"
    owner = make_project(path)
    people = {"piet": _person("Piet Politiegeheim", "police-wpg"),
              "pieter": _person("Pieter Politiegeheim", "police-wpg"),
              "olaf": _person("Olaf Openbaar", "open"), "otto": _person("Otto Openbaar", "open")}
    owner.upsert_entities(list(people.values()))
    session.add_member(owner, "vera", role="viewer", passphrase=VERA_PW, clearance=frozenset({"open"}), kdf=FAST_KDF)
    owner.close()
    return path, {k: v.id for k, v in people.items()}


def _main_file_for_vera(path: Path) -> str:
    return _dump(partition_file(path, "open"), _everything_of(path, "vera", VERA_PW)["open"])


def _as_alice(path: Path, tmp_path: Path) -> list[str]:
    """The CLI options of the owner alice on `path`, her passphrase in a file."""
    pw = tmp_path / "alice.pw"
    pw.write_text(OWNER_PW + "\n")
    return ["--project", str(path), "--passphrase-file", str(pw), "--as", "alice"]


def test_a_hand_edit_of_a_police_record_leaves_no_value_in_the_main_file(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        editing.update_record(owner, ids["piet"], {"birth_date": "1971-03-04", "birth_place": "Antwerpen"})
        editing.update_record(owner, ids["olaf"], {"birth_place": "Utrechtse Heuvelrug"})
    finally:
        owner.close()
    assert main(["edit", ids["piet"], "--set", "name=Piet Geheimgehouden", *_as_alice(path, tmp_path)]) == 0
    capsys.readouterr()
    seen = _main_file_for_vera(path)
    for secret in ("Politiegeheim", "Geheimgehouden", "1971-03-04", "Antwerpen"):
        assert secret not in seen, f"vera read {secret!r} in the main file"
    assert "Utrechtse Heuvelrug" in seen  # an open record's edit is logged as it was


def test_a_merge_of_police_records_leaves_no_name_or_reason_in_the_main_file(
        project: tuple[Path, dict[str, str]]) -> None:
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        merge.merge_entities(owner, ids["piet"], ids["pieter"], reason="zelfde persoon volgens CIE-melding")
        merge.merge_entities(owner, ids["olaf"], ids["otto"], reason="zelfde adres")
    finally:
        owner.close()
    seen = _main_file_for_vera(path)
    assert "Politiegeheim" not in seen and "CIE-melding" not in seen
    assert "Otto Openbaar" in seen  # open names are logged as they were


def test_an_open_entity_merged_with_a_police_one_shows_the_police_label(
        project: tuple[Path, dict[str, str]]) -> None:
    """The kept entity shows the merged one's values: under its own lower label they would travel (a push
    to another project, a copy) to members and audiences not cleared for them."""
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        merge.merge_entities(owner, ids["olaf"], ids["piet"])
        shown = owner.get_entity(ids["olaf"])
        assert "Piet Politiegeheim" in shown.properties.get("aliases", [])
        assert shown.label == "police-wpg"
    finally:
        owner.close()
    keys = _everything_of(path, "vera", VERA_PW)
    vera = session.open_with_key(path, "vera", keys["secret"])
    try:
        assert vera.get_entity(ids["olaf"]).label == "open"  # she sees Olaf alone, as before
        assert "Piet" not in str(vera.get_entity(ids["olaf"]).properties)
    finally:
        vera.close()


def test_masked_keeps_ids_and_dates_and_gives_texts_as_lengths() -> None:
    record = {"id": "per-1", "type": "Person", "label": "police-wpg", "valid_from": "2026-01-01",
              "properties": {"name": "Piet", "aliases": ["P."], "height": 180}}
    assert masked("open", record) is record
    assert masked("police-wpg", record) == {"id": "per-1", "type": "Person", "label": "police-wpg",
                                            "valid_from": "2026-01-01",
                                            "properties": {"name": "<4 characters, police-wpg>",
                                                           "aliases": ["<2 characters, police-wpg>"],
                                                           "height": 180}}


def test_a_search_that_finds_police_records_leaves_no_query_in_the_main_file(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = project
    common = _as_alice(path, tmp_path)
    assert main(["search", "Politiegeheim", *common]) == 0
    assert main(["search", "Openbaar", *common]) == 0
    assert "Politiegeheim" in capsys.readouterr().out
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        notes.add_note(owner, ids["piet"], "tip over de garage van Piet")
        assert notes.search_notes(owner, "garage")
    finally:
        owner.close()
    seen = _main_file_for_vera(path)
    assert "Politiegeheim" not in seen and "garage" not in seen
    assert "Openbaar" in seen  # a search that found open records only is logged as it was


def test_a_label_file_put_back_to_an_older_copy_is_noticed(tmp_path: Path) -> None:
    import shutil

    path = tmp_path / "zaak.knp"
    owner = make_project(path)
    session.add_member(owner, "mallory", role="analyst", passphrase="mallory: open and confidential",
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    owner.close()
    confidential = partition_file(path, "confidential")
    shutil.copy(confidential, tmp_path / "old")  # mallory keeps a copy of the file she holds the key for
    owner = session.unlock(path, "alice", OWNER_PW)
    owner.upsert_entities([_person("Carla Nieuw", "confidential")])
    owner.close()
    shutil.copy(tmp_path / "old", confidential)  # and puts it back
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert owner.warnings, "the owner is told the confidential file went back in time"
    finally:
        owner.close()


def test_an_export_of_police_records_leaves_no_file_name_in_the_main_file(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = project
    common = _as_alice(path, tmp_path)
    out = tmp_path / "netwerk-piet-politiegeheim.graphml"
    assert main(["export", "graphml", "--audience", "driehoek", "-o", str(out), *common]) == 0
    assert main(["search", "Politiegeheim", "--output", str(tmp_path / "zoek-piet.csv"), *common]) == 0
    capsys.readouterr()
    seen = _main_file_for_vera(path)
    assert "netwerk-piet" not in seen and "zoek-piet" not in seen


def test_a_removed_member_who_puts_back_the_old_key_file_opens_nothing(tmp_path: Path) -> None:
    """Mallory keeps the key file from while she was a member and puts it back after her removal: her old
    slot opens only the old keys, which no longer open the re-keyed files (blocked; the owner is refused in
    one line too, and restores the key file from a backup)."""
    import shutil

    from graph.access.keyslots import KeyFile, key_file
    from graph.errors import ProjectError
    mallory_pw = "mallory: open and confidential"
    path = tmp_path / "zaak.knp"
    owner = make_project(path)
    session.add_member(owner, "mallory", role="analyst", passphrase=mallory_pw,
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    owner.close()
    shutil.copy(key_file(path), tmp_path / "old.keys")
    owner = session.unlock(path, "alice", OWNER_PW)
    session.remove_member(owner, "mallory")
    owner.upsert_entities([_person("Carla Na Verwijdering", "confidential")])
    owner.close()
    shutil.copy(tmp_path / "old.keys", key_file(path))
    old = KeyFile.load(key_file(path))
    keys = old.open_slot("mallory", old.unlock("mallory", mallory_pw))
    for label in ("open", "confidential"):
        assert "Na Verwijdering" not in _try_dump(partition_file(path, label), keys[label])
    with pytest.raises(ProjectError, match="does not open"):
        session.unlock(path, "mallory", mallory_pw)
    with pytest.raises(ProjectError, match="does not open"):
        session.unlock(path, "alice", OWNER_PW)


def _try_dump(file: Path, key: bytes) -> str:
    try:
        return _dump(file, key)
    except Exception as exc:  # a file the key does not open reads as nothing
        return f"unreadable: {exc.__class__.__name__}"
