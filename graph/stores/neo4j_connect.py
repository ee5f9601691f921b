"""Reaching a Neo4j server: credentials, the connection check and what the server offers.

Passwords live only in the OS keyring (service `knooppunt-neo4j`, user `USER@URI`), or in
NEO4J_PASSWORD for CI and scripts; never in a file, a command line or a log line. The
check turns the driver's exceptions into one line an analyst can act on: unreachable,
bad credentials, TLS, server too old.
"""

from __future__ import annotations

import os
import re
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

import neo4j
from neo4j import exceptions as nx_exc

from graph.errors import KnooppuntError
from graph.stores import neo4j_cypher as cy

KEYRING_SERVICE = "knooppunt-neo4j"
MIN_VERSION = (5, 7)  # relationship uniqueness constraints (kn_relation_key) arrived in 5.7
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
AURA_HOST = ".databases.neo4j.io"


class Neo4jConnectionError(KnooppuntError):
    """The server cannot be used: the message says why in one line."""


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """What `neo4j check` reports and the store uses to choose project isolation."""

    uri: str
    version: str
    edition: str
    aura: bool
    gds: str | None

    @property
    def enterprise(self) -> bool:
        return self.edition.lower() == "enterprise"

    def line(self) -> str:
        gds = f"GDS {self.gds}" if self.gds else "no GDS"
        where = "Aura" if self.aura else self.edition
        return f"Neo4j {self.version} ({where}) at {self.uri}: ok; {gds}"


def keyring_user(uri: str, user: str) -> str:
    """The keyring entry's user name: one password per server and account."""
    return f"{user}@{uri}"


def check_uri(uri: str) -> str:
    scheme = urlsplit(uri).scheme
    if scheme not in SCHEMES:
        raise Neo4jConnectionError(f"{uri}: not a Neo4j URI (use one of {', '.join(s + '://' for s in SCHEMES)})")
    return uri


def password_for(uri: str, user: str) -> str:
    """The password: keyring entry first (as for project passphrases), then NEO4J_PASSWORD."""
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            secret = keyring.get_password(KEYRING_SERVICE, keyring_user(uri, user))
        except KeyringError:
            secret = None
    except Exception:  # no usable keyring backend on this machine (headless CI)
        secret = None
    if secret:
        return secret
    env = os.environ.get("NEO4J_PASSWORD")
    if env:
        return env
    raise Neo4jConnectionError(f"no password for {user} at {uri}: run `knooppunt neo4j login --uri {uri} "
                               f"--user {user}` or set NEO4J_PASSWORD")


def remember_password(uri: str, user: str, password: str) -> None:
    import keyring

    keyring.set_password(KEYRING_SERVICE, keyring_user(uri, user), password)


def driver(uri: str, user: str, password: str | None = None, **config: object) -> neo4j.Driver:
    """A driver for uri (not yet connected); the password comes from `password_for` when not given."""
    check_uri(uri)
    secret = password if password is not None else password_for(uri, user)
    config.setdefault("connection_timeout", 10.0)
    config.setdefault("user_agent", "knooppunt")
    try:
        return neo4j.GraphDatabase.driver(uri, auth=(user, secret), **config)  # type: ignore[arg-type]
    except (nx_exc.ConfigurationError, ValueError) as exc:
        raise Neo4jConnectionError(f"{uri}: {exc}") from None


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in out:
        out.append(seen)
        seen = seen.__cause__ or seen.__context__
    return out


def explain(exc: BaseException, uri: str, user: str, password: str | None = None) -> str:
    """One line saying what is wrong, from a driver exception (never includes the password).

    Some branches quote the driver's own text; should it ever echo the credentials, the
    password given here is blanked out of the line.
    """
    line = _explain(exc, uri, user)
    return line.replace(password, "***") if password else line


def _explain(exc: BaseException, uri: str, user: str) -> str:
    chain = _chain(exc)
    text = " ".join(str(e) for e in chain)
    if any(isinstance(e, nx_exc.AuthError) for e in chain):
        return f"Neo4j at {uri} refused the credentials of user {user!r} (wrong user or password)"
    if any(isinstance(e, nx_exc.Forbidden) for e in chain):
        return f"Neo4j at {uri}: user {user!r} lacks the privilege for this ({exc})"
    if any(isinstance(e, ssl.SSLError) for e in chain) or "SSLError" in text or "certificate" in text.lower():
        detail = next((str(e) for e in chain if isinstance(e, ssl.SSLError)), "")
        return (f"TLS with {uri} failed{': ' + detail if detail else ''} (does the server have TLS on? "
                f"use bolt:// without TLS, +ssc for a self-signed certificate)")
    if "looks like HTTP" in text:
        return f"{uri} answers HTTP, not Bolt: use the Bolt port (default 7687), not the browser port 7474"
    if "DNS resolve" in text or any(isinstance(e, OSError) and getattr(e, "errno", None) in (-2, -3, -5)
                                    for e in chain):
        return f"cannot resolve the host of {uri} (check the name)"
    if "routing information" in text:
        return (f"cannot reach Neo4j at {uri} (no routing table; for a single server without a cluster "
                "try bolt:// instead of neo4j://)")
    if any(isinstance(e, nx_exc.ServiceUnavailable | ConnectionError | TimeoutError) for e in chain):
        reason = next((e.strerror for e in chain if isinstance(e, OSError) and e.strerror), None)
        return f"cannot reach Neo4j at {uri}{' (' + reason + ')' if reason else ''}: is the server running?"
    if isinstance(exc, Neo4jConnectionError):
        return str(exc)
    return f"Neo4j at {uri}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def parse_version(text: str) -> tuple[int, ...]:
    """`5.26.0`, `2025.01.0`, `5.20-aura` -> comparable tuple of leading numbers."""
    return tuple(int(n) for n in re.findall(r"\d+", text.split("-")[0])[:3]) or (0,)


def server_info(drv: neo4j.Driver, uri: str, database: str | None = None) -> ServerInfo:
    """Version, edition and GDS of the server; Neo4jConnectionError when it is too old."""
    records, _, _ = drv.execute_query(cy.COMPONENTS, database_=database, routing_=neo4j.RoutingControl.READ)
    kernel = next((r for r in records if r["name"] == "Neo4j Kernel"), records[0] if records else None)
    if kernel is None:
        raise Neo4jConnectionError(f"{uri}: the server did not report its version")
    version, edition = kernel["versions"][0], kernel["edition"]
    if parse_version(version) < MIN_VERSION:
        raise Neo4jConnectionError(f"Neo4j at {uri} is version {version}; Knooppunt needs "
                                   f"{'.'.join(map(str, MIN_VERSION))} or newer")
    return ServerInfo(uri=uri, version=version, edition=edition, aura=is_aura(uri),
                      gds=gds_version(drv, database))


def is_aura(uri: str) -> bool:
    return (urlsplit(uri).hostname or "").endswith(AURA_HOST)


def gds_version(drv: neo4j.Driver, database: str | None = None) -> str | None:
    """The Graph Data Science library's version when the server has it, else None."""
    try:
        records, _, _ = drv.execute_query(cy.GDS_VERSION, database_=database, routing_=neo4j.RoutingControl.READ)
    except nx_exc.ClientError:
        return None
    return str(records[0]["version"]) if records else None


def check(uri: str, user: str, password: str | None = None, database: str | None = None) -> ServerInfo:
    """Connect, authenticate and read the server's version: ServerInfo or one-line Neo4jConnectionError."""
    secret = password if password is not None else password_for(uri, user)
    drv = driver(uri, user, secret)
    try:
        drv.verify_connectivity()
        return server_info(drv, uri, database)
    except Neo4jConnectionError:
        raise
    except Exception as exc:
        raise Neo4jConnectionError(explain(exc, uri, user, secret)) from None
    finally:
        drv.close()


def env_target() -> tuple[str, str] | None:
    """(uri, user) from NEO4J_URI and NEO4J_USER when both are set: the CI and test configuration."""
    uri, user = os.environ.get("NEO4J_URI"), os.environ.get("NEO4J_USER")
    return (uri, user) if uri and user else None
