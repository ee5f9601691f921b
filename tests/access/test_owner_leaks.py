"""What an owner's everyday work on `police-wpg` records writes into the main file (red team 3).

Vera, a viewer cleared for `open`, reads the main file with `sqlcipher3` and her own key. A record
id there gives away the BSN or KvK number it was made of (`graph.stores.sealed_ids`); a text
written about a police record says what the police file says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.access import session
from graph.vik import meetings
from tests.access.conftest import OWNER_PW
from tests.access.test_attacks import VERA_PW
from tests.access.test_insider_plants import project  # noqa: F401 -- the fixture
from tests.access.test_label_leaks import _main_file_for_vera

pytestmark = pytest.mark.usefixtures("english_cli")


def test_an_action_on_a_police_record_stays_out_of_the_main_file(
        project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    path, ids = project
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        action = meetings.add_action(owner, text="Piet Politiegeheim observeren bij de garage", owner="politie",
                                     deadline="01-02-2027", record_id=ids["piet"])
        assert action.label == "police-wpg"  # the record's label, as a note or an agenda item takes it
        meetings.edit_action(owner, action.id, text="Piet Politiegeheim observeren bij de loods")
        with pytest.raises(Exception, match="label"):  # and never below it, chosen or not
            meetings.add_action(owner, text="x", owner="politie", deadline="01-02-2027", record_id=ids["piet"],
                                label="open")
    finally:
        owner.close()
    seen = _main_file_for_vera(path)
    assert ids["piet"] not in seen, "vera read a police person's id (and so the BSN it was made of)"
    assert "observeren" not in seen, "vera read an action on a police person"
    vera = session.unlock(path, "vera", VERA_PW)
    try:
        assert not meetings.list_actions(vera)
    finally:
        vera.close()


def test_an_import_of_confidential_records_leaves_no_file_name_in_the_main_file(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    """The `betrokkenen` specification imports under `confidential`; the file is named after its subject."""
    from tests.access.test_label_leaks import _as_alice
    from workbench.cli import main
    path, _ = project
    source = tmp_path / "casus-carla-vertrouwelijk-2026.csv"
    source.write_text("Naam,Geboortedatum,Woonadres,Casusnummer,Rol\n"
                      "Carla Vertrouwelijk,04-03-1971,\"Kerkstraat 1, 1234 AB Utrecht\",C-2026-17,verdachte\n",
                      encoding="utf-8")
    assert main(["import", "case", str(source), "--spec", "betrokkenen", *_as_alice(path, tmp_path)]) == 0, \
        capsys.readouterr().err
    capsys.readouterr()
    seen = _main_file_for_vera(path)
    assert "Vertrouwelijk" not in seen  # the records are in the confidential file
    assert "carla-vertrouwelijk" not in seen, "vera read the name of the file a confidential import came from"


def test_an_agenda_item_of_a_police_meeting_stays_out_of_the_confidential_file(tmp_path: Path) -> None:
    """A casustafel labelled police-wpg discusses a confidential person: the item (and its note, what the police
    said) took the person's label, so mallory -- cleared for confidential -- read it in her file."""
    from graph.access.keyslots import KeyFile, key_file
    from graph.stores.sqlite_store import partition_file
    from tests.access.conftest import make_project
    from tests.access.test_attacks import MALLORY_PW, _dump, _person
    from tests.sandbox import FAST_KDF
    path = tmp_path / "zaak.knp"
    owner = make_project(path)
    carla = _person("Carla Vertrouwelijk", "confidential")
    owner.upsert_entities([carla])
    session.add_member(owner, "mallory", role="analyst", passphrase=MALLORY_PW,
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    meeting = meetings.add_meeting(owner, date="01-12-2026", title="Casustafel", label="police-wpg")
    item = meetings.add_agenda_item(owner, meeting.id, carla.id, note="politie: huiszoeking bij Carla op 9 december")
    owner.close()
    assert item.label == "police-wpg"
    keys = KeyFile.load(key_file(path))
    mine = keys.open_slot("mallory", keys.unlock("mallory", MALLORY_PW))
    assert "huiszoeking" not in _dump(partition_file(path, "confidential"), mine["confidential"])
    assert "huiszoeking" not in _dump(path, mine["open"])


def test_a_relation_to_a_police_record_keeps_its_note_and_its_edits_out_of_the_main_file(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    """Olaf (open) is director of the police holding: the relation, labelled open itself, lives in the police file
    (the highest label of itself and its ends). A note on it, and the log of an edit of it, took its own label."""
    from graph import notes
    from graph.model import Provenance, Relation
    from tests.access.test_label_leaks import _as_alice
    from workbench.cli import main
    path, ids = project
    rel = Relation(type="director_of", source_id=ids["olaf"], target_id=ids["holding"],
                   provenance=Provenance(source="test", reference="CIE-melding 2026-0042"))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        owner.upsert_relations([rel])
        note = notes.add_note(owner, rel.id, "Olaf is stroman voor de holding")
        assert note.label == "police-wpg"
    finally:
        owner.close()
    assert main(["edit", rel.id, "--set", "role=feitelijk leidinggevende", *_as_alice(path, tmp_path)]) == 0, \
        capsys.readouterr().err
    seen = _main_file_for_vera(path)
    for secret in ("stroman", "CIE-melding", "feitelijk leidinggevende", rel.id):
        assert secret not in seen, f"vera read {secret!r} in the main file"
