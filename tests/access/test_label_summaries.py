"""A search leaves out a label file its summary says it cannot hit, and a summary never hides records (issue 11).

Each label file's summary (`graph.stores.file_summary`: its entity types and index terms, sealed under the
label's key and bound to the file's first page) lets the first search of a session skip attaching a file
that holds no entity of the searched types or no term the words start. The results are those of a search
that reads every file; a summary made stale by a write, put back from before it, changed, or made under
another key is not trusted, and the file is searched.
"""

from __future__ import annotations

from pathlib import Path

from graph.access import session
from graph.access.guarded import GuardedStore
from graph.model import Entity, Provenance, Relation
from graph.stores import file_summary
from graph.stores.lean import FORMAT
from graph.stores.sqlite_store import partition_file, schema_of
from tests.access.conftest import FAST_KDF, OWNER_PW, make_project


def _entity(name: str, label: str, type_: str = "Person") -> Entity:
    return Entity(
        type=type_, properties={"name": name}, label=label, provenance=Provenance(source="test", reference=name)
    )


def _project(path: Path) -> None:
    """Open people, a confidential company, a police-wpg file holding a relation only, fiod/tax people."""
    owner = make_project(path)
    open_, other = _entity("Zwaan Open", "open"), _entity("Merel Open", "open")
    owner.upsert_entities(
        [
            open_,
            other,
            _entity("Kerkstraat Holding", "confidential", "Company"),
            _entity("Zwaan Fiscaal", "fiod/tax"),
            _entity("Reiger Fiscaal", "fiod/tax"),
        ]
    )
    owner.upsert_relations(
        [
            Relation(
                type="associate_of",
                source_id=open_.id,
                target_id=other.id,
                label="police-wpg",
                provenance=Provenance(source="test", reference="r1"),
            )
        ]
    )
    _add_clara_and_close(owner, path)


def _add_clara_and_close(owner: GuardedStore, path: Path) -> None:
    """Clara, an analyst cleared for open and confidential only; then every file summarised."""
    session.add_member(owner, "clara", role="analyst", passphrase="clara's passphrase",
                       clearance=frozenset({"open", "confidential"}), kdf=FAST_KDF)
    owner.close()
    _summarised(path)


def _summarised(path: Path) -> None:
    """A session reads every file: its close summarises them (the session that made the project does not)."""
    reader = session.unlock(path, "alice", OWNER_PW)
    reader.counts()
    reader.close()


def _attached(store: GuardedStore) -> set[str]:
    """The label files attached (asked without `PRAGMA database_list`, which attaches them all)."""
    inner = store.inner
    return {schema_of(label) for label in inner.held if label != "open" and label not in inner._deferred}


def _captions(store: GuardedStore, query: str, types: list[str] | None = None) -> set[str]:
    """The store's own search (the guarded one also reads the aliases kept in every label file it holds)."""
    return {e.caption for e in store.inner.search(query, types=types)}


def test_search_leaves_out_files_that_cannot_hit_and_finds_the_same(tmp_path: Path) -> None:
    path = tmp_path / "p.knp"
    _project(path)
    owner = session.unlock(path, "alice", OWNER_PW)
    assert _captions(owner, "zwaan", ["Company"]) == set()
    assert _attached(owner) == set()  # confidential holds a company, but no term starting with "zwaan"
    assert _captions(owner, "kerk", ["Company"]) == {"Kerkstraat Holding"}
    assert _attached(owner) == {"p_confidential"}
    assert _captions(owner, "merel") == {"Merel Open"}
    assert _attached(owner) == {"p_confidential", "p_fiod_tax"}  # a person there might be the hit's twin
    assert _captions(owner, "zwaan") == {"Zwaan Open", "Zwaan Fiscaal"}
    assert _captions(owner, "zw") == {"Zwaan Open", "Zwaan Fiscaal"}
    assert _attached(owner) == {"p_confidential", "p_fiod_tax"}  # never police-wpg: it holds no entity
    assert owner.counts()["Person"] == 4  # a full read attaches every file
    assert _attached(owner) == {"p_fiod_tax", "p_confidential", "p_police_wpg"}
    owner.close()
    clara = session.unlock(path, "clara", "clara's passphrase")  # none from files she holds no key for
    assert _captions(clara, "zwaan") == {"Zwaan Open"}
    assert _captions(clara, "kerk") == {"Kerkstraat Holding"}
    assert not file_summary.summary_file(partition_file(path, "fiod/tax")).read_bytes().count(b"Person")
    clara.close()


def test_a_write_since_the_summary_is_searched(tmp_path: Path) -> None:
    """A commit changes the file's first page: the summary made before no longer opens, in a session open
    meanwhile too, and an older summary put back after the next close does not open either."""
    path = tmp_path / "p.knp"
    _project(path)
    summary = file_summary.summary_file(partition_file(path, "confidential"))
    before = summary.read_bytes()
    reader = session.unlock(path, "alice", OWNER_PW)
    assert _captions(reader, "zwaan", ["Person"]) == {"Zwaan Open", "Zwaan Fiscaal"}
    assert "p_confidential" not in _attached(reader)
    writer = session.unlock(path, "alice", OWNER_PW)
    writer.upsert_entities([_entity("Zwaan Geheim", "confidential")])
    writer.close()
    assert summary.read_bytes() != before  # made again at the writer's close
    assert _captions(reader, "zwaan", ["Person"]) == {"Zwaan Open", "Zwaan Fiscaal", "Zwaan Geheim"}
    with reader.transaction():  # its own write, not in the file yet: no summary is trusted inside
        reader.upsert_entities([_entity("Zwaan Nieuw", "confidential")])
        assert "Zwaan Nieuw" in _captions(reader, "zwaan nieuw", ["Person"])
    reader.close()
    summary.write_bytes(before)  # the older summary put back: it said "no Person"
    again = session.unlock(path, "alice", OWNER_PW)
    assert _captions(again, "zwaan", ["Person"]) == {"Zwaan Open", "Zwaan Fiscaal", "Zwaan Geheim", "Zwaan Nieuw"}
    again.close()


def test_a_changed_or_foreign_summary_is_not_trusted(tmp_path: Path) -> None:
    """A changed byte, a summary made under another label's key (a member holding fiod/tax forging one for
    confidential), or another file's summary copied over: each is ignored and the file searched. A file with a
    rollback journal beside it is searched too."""
    path = tmp_path / "p.knp"
    _project(path)
    confidential, fiod = partition_file(path, "confidential"), partition_file(path, "fiod/tax")
    good = file_summary.summary_file(confidential).read_bytes()
    owner = session.unlock(path, "alice", OWNER_PW)
    keys = dict(owner.keys.label_keys)  # type: ignore[union-attr]
    owner.close()
    page = file_summary.first_page(confidential)
    assert page is not None
    empty = file_summary.Summary(frozenset(), ())
    tampered = bytearray(good)
    tampered[-1] ^= 1
    forged = tmp_path / "forged"
    file_summary.write(forged, "confidential", file_summary.cipher(keys["fiod/tax"]), page, FORMAT, empty)
    for blob in (
        bytes(tampered),
        file_summary.summary_file(forged).read_bytes(),
        file_summary.summary_file(fiod).read_bytes(),
    ):
        file_summary.summary_file(confidential).write_bytes(blob)
        store = session.unlock(path, "alice", OWNER_PW)
        assert _captions(store, "kerk", ["Company"]) == {"Kerkstraat Holding"}
        assert "p_confidential" in _attached(store)
        store.close()
    file_summary.summary_file(confidential).write_bytes(good)
    store = session.unlock(path, "alice", OWNER_PW)
    assert _captions(store, "merel") == {"Merel Open"}
    assert "p_confidential" not in _attached(store)  # the true summary is trusted
    store.close()
    for beside in ("-journal", "-wal"):  # a write under way, a journal to roll back, a write-ahead log
        Path(f"{confidential}{beside}").write_bytes(b"")
        assert file_summary.first_page(confidential) is None
        Path(f"{confidential}{beside}").unlink()
    assert file_summary.first_page(confidential) == page


def test_summary_is_sealed_under_its_label_key(tmp_path: Path) -> None:
    """Only the label's key opens the summary: no type or term in it, and another label's key opens nothing."""
    path = tmp_path / "p.knp"
    _project(path)
    owner = session.unlock(path, "alice", OWNER_PW)
    keys = dict(owner.keys.label_keys)  # type: ignore[union-attr]
    owner.close()
    file = partition_file(path, "fiod/tax")
    blob = file_summary.summary_file(file).read_bytes()
    assert b"Person" not in blob and b"zwaan" not in blob and b"reiger" not in blob
    page = file_summary.first_page(file)
    assert page is not None
    found = file_summary.read(file, "fiod/tax", file_summary.cipher(keys["fiod/tax"]), page, FORMAT)
    assert found is not None and found.types == {"Person"} and found.terms == ("fiscaal", "reiger", "zwaan")
    for label in ("open", "confidential", "police-wpg"):
        assert file_summary.read(file, "fiod/tax", file_summary.cipher(keys[label]), page, FORMAT) is None
    assert file_summary.read(file, "confidential", file_summary.cipher(keys["fiod/tax"]), page, FORMAT) is None
    assert file_summary.read(file, "fiod/tax", file_summary.cipher(keys["fiod/tax"]), page, FORMAT - 1) is None
    assert oct(file_summary.summary_file(file).stat().st_mode & 0o777) == "0o600"


def test_twins_in_a_file_left_out_by_its_terms_still_hide_the_lower_record(tmp_path: Path) -> None:
    """A member below police-wpg adds an open twin of a police-wpg person (same id). The police-wpg file holds
    no term "hendrik" once the twin's name differs, yet it holds a Person: it is attached to hide the twin."""
    path = tmp_path / "p.knp"
    owner = make_project(path)
    hidden = Entity(
        type="Person",
        properties={"name": "Geheime Naam", "bsn": "111222333"},
        label="police-wpg",
        provenance=Provenance(source="test", reference="police"),
    )
    owner.upsert_entities([hidden, _entity("Andere Persoon", "open")])
    _add_clara_and_close(owner, path)
    clara = session.unlock(path, "clara", "clara's passphrase")
    twin = Entity(
        type="Person",
        properties={"name": "Hendrik Zichtbaar", "bsn": "111222333"},
        label="open",
        provenance=Provenance(source="test", reference="open"),
    )
    assert clara.upsert_entities([twin]).created == 1 and twin.id == hidden.id
    clara.close()
    owner = session.unlock(path, "alice", OWNER_PW)
    assert _captions(owner, "andere", ["Company"]) == set()
    assert "p_police_wpg" not in _attached(owner)  # left out: no company there
    assert _captions(owner, "hendrik") == set()  # the open twin stays hidden behind the police-wpg record
    assert "p_police_wpg" in _attached(owner)  # attached for that
    assert _captions(owner, "geheime") == {"Geheime Naam"}
    owner.close()


def test_summary_leaves_a_file_out_only_when_no_hit_can_be_in_it() -> None:
    """Words the index tokenizer may split or fold (accents, punctuation) and a file whose terms were not
    listed (too many) never leave a file out; a file holding no entity always does."""
    small = file_summary.Summary(frozenset({"Person"}), ("jansen", "kerkstraat", "zwaan"))
    assert small.may_hit(["zw"], None) and small.may_hit(["jan", "kerk"], ["Person"])
    assert not small.may_hit(["zwaan", "de"], None)  # every word must start a term
    assert not small.may_hit(["zwaan"], ["Company"])
    assert small.may_hit(["zwäan", "o'brien"], None)  # not judged: may match
    assert small.may_hit(["ZWA"], None)
    large = file_summary.Summary(frozenset({"Person"}), None)
    assert large.may_hit(["anything"], None) and not large.may_hit(["anything"], ["Company"])
    assert not file_summary.Summary(frozenset(), ("orphan",)).may_hit(["orphan"], None)
