"""The connection check explains in one line what is wrong, using the real driver.

No Neo4j server is needed: a closed port, a socket that speaks HTTP and an unresolvable
host are real failures the driver meets in the field.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from neo4j.exceptions import AuthError, Forbidden

from graph.model import Entity, Provenance
from graph.stores import neo4j_connect as nc
from graph.stores.neo4j_store import _add_source, _natives, database_name


@pytest.fixture
def http_port() -> Iterator[int]:
    """A local TCP server that answers like a web server, not Bolt."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(10)

    def serve() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            with conn:
                conn.recv(1024)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    yield srv.getsockname()[1]
    srv.close()


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return int(port)


def test_unreachable_server() -> None:
    with pytest.raises(nc.Neo4jConnectionError) as err:
        nc.check(f"bolt://127.0.0.1:{_closed_port()}", "neo4j", "pw")
    assert "cannot reach Neo4j" in str(err.value) and "\n" not in str(err.value)


def test_routing_uri_without_cluster_suggests_bolt() -> None:
    with pytest.raises(nc.Neo4jConnectionError, match="try bolt://"):
        nc.check(f"neo4j://127.0.0.1:{_closed_port()}", "neo4j", "pw")


def test_tls_to_a_server_without_tls(http_port: int) -> None:
    with pytest.raises(nc.Neo4jConnectionError) as err:
        nc.check(f"bolt+s://127.0.0.1:{http_port}", "neo4j", "pw")
    assert str(err.value).startswith("TLS with bolt+s://")


def test_http_port_instead_of_bolt(http_port: int) -> None:
    with pytest.raises(nc.Neo4jConnectionError, match="answers HTTP, not Bolt"):
        nc.check(f"bolt://127.0.0.1:{http_port}", "neo4j", "pw")


def test_unknown_host_and_bad_scheme() -> None:
    with pytest.raises(nc.Neo4jConnectionError, match="cannot resolve"):
        nc.check("bolt://no-such-host.invalid:7687", "neo4j", "pw")
    with pytest.raises(nc.Neo4jConnectionError, match="not a Neo4j URI"):
        nc.check("http://localhost:7474", "neo4j", "pw")


SECRET = "Zeer-Geheim-7431"  # a password that would stand out in any message


class _Refusing:
    """What the driver hands back when the server turns the login down (or fails oddly): the
    exception is raised by `verify_connectivity`, its text chosen by the test."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def verify_connectivity(self) -> None:
        raise self.exc

    def close(self) -> None:
        pass


REFUSED = "Neo4j at neo4j+s://x.databases.neo4j.io refused the credentials of user 'analist' (wrong user or password)"


@pytest.mark.parametrize(("make", "expected"), [
    (lambda: AuthError("The client is unauthorized due to authentication failure."), REFUSED),
    (lambda: AuthError(f"failure for token {{'principal': 'analist', 'credentials': '{SECRET}'}}"), REFUSED),
    (lambda: Forbidden(f"denied (credentials {SECRET})"),
     "Neo4j at neo4j+s://x.databases.neo4j.io: user 'analist' lacks the privilege for this (denied (credentials ***))"),
    (lambda: RuntimeError(f"driver state: auth=('analist', '{SECRET}')"),
     "Neo4j at neo4j+s://x.databases.neo4j.io: RuntimeError: driver state: auth=('analist', '***')"),
])
def test_connection_errors_name_the_user_and_never_the_password(monkeypatch: pytest.MonkeyPatch, make,
                                                                 expected: str) -> None:
    """The password goes in, through the same `check` an analyst runs; it never comes out."""
    monkeypatch.setattr(nc, "driver", lambda uri, user, password: _Refusing(make()))
    with pytest.raises(nc.Neo4jConnectionError) as err:
        nc.check("neo4j+s://x.databases.neo4j.io", "analist", SECRET)
    assert str(err.value) == expected and SECRET not in str(err.value)


def test_a_real_failed_connection_never_shows_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real driver against a closed port, the password from NEO4J_PASSWORD (no keyring entry)."""
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    with pytest.raises(nc.Neo4jConnectionError) as err:
        nc.check(f"bolt://127.0.0.1:{_closed_port()}", "analist")
    assert SECRET not in str(err.value) and "cannot reach Neo4j" in str(err.value)


def test_version_parsing_and_minimum() -> None:
    assert nc.parse_version("5.26.0") == (5, 26, 0)
    assert nc.parse_version("2025.01.0") > nc.MIN_VERSION
    assert nc.parse_version("5.6.0") < nc.MIN_VERSION
    assert nc.parse_version("4.4.30-aura") < nc.MIN_VERSION
    assert nc.is_aura("neo4j+s://abcd1234.databases.neo4j.io") and not nc.is_aura("bolt://localhost:7687")


class MemoryKeyring(KeyringBackend):
    """An in-process keyring backend (the OS keyring is not available on a headless CI)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


def test_password_from_keyring_before_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        monkeypatch.setenv("NEO4J_PASSWORD", "from-env")
        assert nc.password_for("bolt://db:7687", "ana") == "from-env"
        nc.remember_password("bolt://db:7687", "ana", "from-keyring")
        assert nc.password_for("bolt://db:7687", "ana") == "from-keyring"
        assert keyring.get_password(nc.KEYRING_SERVICE, "ana@bolt://db:7687") == "from-keyring"
        monkeypatch.delenv("NEO4J_PASSWORD")
        with pytest.raises(nc.Neo4jConnectionError, match="knooppunt neo4j login"):
            nc.password_for("bolt://db:7687", "bob")
    finally:
        keyring.set_keyring(previous)


def test_database_names_follow_neo4j_rules() -> None:
    assert database_name("RIEC Midden-Nederland / Casus 12") == "kn-riec-midden-nederland-casus-12"
    assert database_name("Zoë's café") == "kn-zoe-s-cafe"
    assert database_name("!!!") == "kn-project"
    assert len(database_name("x" * 300)) <= 63


def test_native_properties_skip_what_neo4j_cannot_hold() -> None:
    assert _natives({"name": "A", "trade_names": ["x", "y"], "mixed": [1, "a"], "empty": []}) == {
        "p_name": "A", "p_trade_names": ["x", "y"]}


def test_further_sources_are_listed_once() -> None:
    old = Entity(type="Company", properties={}, provenance=Provenance(source="KvK", reference="1"))
    new = old.evolve(provenance=Provenance(source="MMA", reference="7"), reliability="C")
    extra: list[list[object]] = []
    assert _add_source(extra, old, new, "ana", "t") == 1
    assert _add_source(extra, old, new, "ana", "t") == 0
    assert _add_source(extra, old, old, "ana", "t") == 0
    assert extra == [["MMA", "7", None, "C", None, "ana", "t"]]
