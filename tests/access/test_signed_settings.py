"""Settings that steer what an import does, what a purge deletes, how exports are marked and what the owner reads
are signed (graph.access.row_signatures, level 2).

Vera (viewer, `open` only) holds the main file's key: with `sqlcipher3` she can write any setting there. A
retention period of one day would make the owner's next purge delete every record; an import specification
rewritten would import the next delivery under `open`; a project renamed or its classification lowered would
mislead the owner and under-mark exports. A setting whose signature does not hold is read as not set (its
default) and reported; the owner-only ones (name, owner, created_at, retention) count only when an owner
signed them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.access import retention, session
from tests.access.conftest import OWNER_PW
from tests.access.test_attacks import MALLORY_PW, VERA_PW
from tests.access.test_insider_plants import _write_as, project  # noqa: F401 -- the fixture
from tests.access.test_label_leaks import _as_alice
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")
SPEC = "import_spec.KvK-levering"
PLANT = "INSERT OR REPLACE INTO settings(key, value) VALUES(?, ?)"


def _owner_sets(path: Path, **values: str) -> None:
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        for key, value in values.items():
            owner.set_setting(key.replace("__", "."), value)
    finally:
        owner.close()


def test_vera_cannot_shorten_the_retention_period(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    path, _ = project
    _owner_sets(path, retention__days="3650")
    _write_as(path, "vera", VERA_PW, "open", (PLANT, (retention.SETTING, "1")))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert retention.retention_days(owner) is None, "the owner's purge would delete what vera chose"
        assert any("retention.days" in w and "does not match" in w for w in owner.warnings), owner.warnings
    finally:
        owner.close()
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 1
    assert "(retention.days) is not shown" in capsys.readouterr().err


def test_an_analyst_cannot_set_the_retention_period_in_her_own_name(
        project: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    """Her own Knooppunt in a Python shell, past the role check, signs the setting as hers: only an owner's counts."""
    path, _ = project
    _owner_sets(path, retention__days="3650")
    mallory = session.unlock(path, "mallory", MALLORY_PW)
    try:
        with mallory.inner.transaction():
            mallory.inner.set_setting(retention.SETTING, "1")
    finally:
        mallory.close()
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert retention.retention_days(owner) is None
        assert any("retention.days" in w and "not an owner" in w for w in owner.warnings), owner.warnings
    finally:
        owner.close()
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path), "--lang", "nl"]) == 1
    err = capsys.readouterr().err
    assert "(retention.days) wordt niet getoond: gewijzigd door 'mallory', die geen eigenaar is" in err, err


def test_vera_cannot_rewrite_an_import_specification_rename_or_declassify_the_project(
        project: tuple[Path, dict[str, str]]) -> None:  # noqa: F811
    path, _ = project
    _owner_sets(path, **{SPEC.replace(".", "__"): "label: police-wpg\n", "import_specs": '["KvK-levering"]',
                         "classification": "confidential"})
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert owner.get_setting(SPEC) == "label: police-wpg\n"
        assert owner.get_setting("classification") == "confidential"
        assert owner.warnings == []
    finally:
        owner.close()
    _write_as(path, "vera", VERA_PW, "open", (PLANT, (SPEC, "label: open\n")), (PLANT, ("name", "Oefenproject")),
              (PLANT, ("classification", "open")), (PLANT, ("import_spec.Nieuw", "label: open\n")))
    owner = session.unlock(path, "alice", OWNER_PW)
    try:
        assert owner.get_setting(SPEC) is None, "the next import would use vera's specification"
        assert owner.get_setting("import_spec.Nieuw") is None
        assert owner.get_setting("name") is None
        assert owner.get_setting("classification") is None
        assert owner.get_setting("import_specs") == '["KvK-levering"]'
    finally:
        owner.close()


def test_the_owners_settings_still_count(project: tuple[Path, dict[str, str]], tmp_path: Path,  # noqa: F811
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = project
    _owner_sets(path, retention__days="3650", name="Zaak Noord")
    store = session.unlock(path, "vera", VERA_PW)
    try:
        assert retention.retention_days(store) == 3650 and store.get_setting("name") == "Zaak Noord"
        assert store.get_setting("created_at") and store.get_setting("owner") == "alice"
        assert store.warnings == []
    finally:
        store.close()
    capsys.readouterr()
    assert main(["audit", "verify", *_as_alice(path, tmp_path)]) == 0, capsys.readouterr().err
