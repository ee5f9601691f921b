"""Key slots of a sealed shared project, kept on the server (graph.stores.neo4j_keys), without a server."""

from __future__ import annotations

import base64
import json

import pytest

from graph.access.keyslots import WrongPassphrase
from graph.errors import KnooppuntError, ProjectError
from graph.stores.neo4j_keys import KEYS_SETTING, add_member, init_keys, is_sealed, unlock
from tests.sandbox import FAST_KDF

OWNER_PW = "anna: the shared case passphrase"
ANALYST_PW = "bob: another long passphrase"


class Settings:
    """The project's settings as the server holds them (what an administrator can read and change)."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        return self.values.get(key, default)

    def set_setting(self, key: str, value: str) -> None:
        self.values[key] = value


def _sealed() -> tuple[Settings, dict[str, bytes]]:
    server = Settings()
    keys = init_keys(server, "anna", OWNER_PW, kdf=FAST_KDF)
    return server, keys


def test_owner_holds_every_label_key_and_the_server_none() -> None:
    server, keys = _sealed()
    assert is_sealed(server)
    assert unlock(server, "anna", OWNER_PW) == {k: v for k, v in keys.items() if k != "members"}
    text = server.values[KEYS_SETTING]
    assert all(key.hex() not in text and base64.b64encode(key).decode() not in text for key in keys.values())


def test_a_member_slot_holds_only_their_clearance() -> None:
    server, keys = _sealed()
    add_member(server, keys, "bob", ANALYST_PW, ["confidential"], kdf=FAST_KDF)
    assert set(unlock(server, "bob", ANALYST_PW)) == {"open", "confidential"}
    with pytest.raises(WrongPassphrase):
        unlock(server, "bob", OWNER_PW)
    with pytest.raises(WrongPassphrase):
        unlock(server, "mallory", ANALYST_PW)


def test_a_member_cannot_grant_what_they_do_not_hold() -> None:
    server, keys = _sealed()
    add_member(server, keys, "bob", ANALYST_PW, ["confidential"], kdf=FAST_KDF)
    bobs = unlock(server, "bob", ANALYST_PW)
    with pytest.raises(KnooppuntError, match="police-wpg"):
        add_member(server, bobs, "carol", "carol: yet another passphrase", ["police-wpg"], kdf=FAST_KDF)


def test_slots_altered_on_the_server_are_refused() -> None:
    server, keys = _sealed()
    add_member(server, keys, "bob", ANALYST_PW, ["confidential"], kdf=FAST_KDF)
    # the administrator copies bob's slot over the owner's, hoping the owner then writes under bob's view
    data = json.loads(server.values[KEYS_SETTING])
    data["slots"]["anna"] = data["slots"]["bob"]
    server.values[KEYS_SETTING] = json.dumps(data)
    with pytest.raises((WrongPassphrase, ProjectError)):
        unlock(server, "anna", OWNER_PW)
    # or plants a slot of their own with keys they chose: the MAC (keyed by the open key) gives it away
    fresh = Settings()
    init_keys(fresh, "admin", "admin: a passphrase of my own", kdf=FAST_KDF)
    planted = json.loads(fresh.values[KEYS_SETTING])
    data = json.loads(_sealed()[0].values[KEYS_SETTING])
    data["slots"]["admin"] = planted["slots"]["admin"]
    server.values[KEYS_SETTING] = json.dumps(data)
    with pytest.raises((WrongPassphrase, ProjectError)):
        unlock(server, "admin", "admin: a passphrase of my own")


def test_missing_or_damaged_slots_are_one_line_errors() -> None:
    server = Settings()
    with pytest.raises(ProjectError, match="key slots"):
        unlock(server, "anna", OWNER_PW, where="riec")
    server.values[KEYS_SETTING] = "{not json"
    with pytest.raises(ProjectError) as bad:
        unlock(server, "anna", OWNER_PW, where="riec")
    assert str(bad.value).startswith("riec: ") and "\n" not in str(bad.value)
