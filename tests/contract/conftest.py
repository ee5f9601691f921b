"""Backends for the contract suite: the embedded SQLite store always, Neo4j when configured.

Neo4j runs when NEO4J_URI and NEO4J_USER are set and a password is found (keyring entry
`knooppunt-neo4j` / `USER@URI`, or NEO4J_PASSWORD). Each test gets its own project on the
server (a fresh `project` value in the default database, or NEO4J_DATABASE) and drops it
afterwards. Without a server the Neo4j cases are skipped, with the reason in the output.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.store import Caller, Store
from graph.stores.sqlite_store import SQLiteStore


def _neo4j_config() -> tuple[str, str, str] | str:
    """(uri, user, password), or the reason the Neo4j backend is skipped."""
    from graph.stores.neo4j_connect import Neo4jConnectionError, env_target, password_for

    target = env_target()
    if target is None:
        return ("Neo4j contract backend skipped: set NEO4J_URI and NEO4J_USER (and NEO4J_PASSWORD or a keyring "
                "entry) to run the contract suite against a live Neo4j; see docs/neo4j.md")
    try:
        return (*target, password_for(*target))
    except Neo4jConnectionError as exc:
        return f"Neo4j contract backend skipped: {exc}"


def pytest_report_header(config: pytest.Config) -> str:
    cfg = _neo4j_config()
    if isinstance(cfg, str):
        return cfg
    return f"Neo4j contract backend: {cfg[0]} as {cfg[1]}"


@pytest.fixture(scope="session")
def neo4j_driver() -> Iterator[Any]:
    cfg = _neo4j_config()
    if isinstance(cfg, str):
        pytest.skip(cfg)
    from graph.stores.neo4j_connect import Neo4jConnectionError, check, driver

    uri, user, password = cfg
    try:
        check(uri, user, password, os.environ.get("NEO4J_DATABASE"))
    except Neo4jConnectionError as exc:  # configured but unusable: that is a failure, not a skip
        pytest.fail(f"NEO4J_URI is set but the server cannot be used: {exc}")
    drv = driver(uri, user, password)
    yield drv
    drv.close()


StoreFactory = Callable[..., Store]


@pytest.fixture(params=[pytest.param("sqlite"), pytest.param("neo4j", marks=pytest.mark.neo4j),
                        pytest.param("neo4j-sealed", marks=pytest.mark.neo4j)])
def backend(request: pytest.FixtureRequest) -> str:
    """The backend under test (`-m neo4j` runs only the Neo4j cases; `neo4j-sealed`: values above
    open sealed client-side under label keys, graph.stores.neo4j_seal)."""
    return str(request.param)


SEALED_KEYS = {label: os.urandom(32) for label in ("open", "confidential", "police-wpg", "fiod/tax")}


@pytest.fixture
def make_store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[StoreFactory]:
    """A factory of fresh, empty projects on the backend under test."""
    made: list[Any] = []

    def factory(caller: Caller | None = None) -> Store:
        if backend == "sqlite":
            store: Any = SQLiteStore(tmp_path / f"p{len(made)}.knp", create=True, caller=caller)
        else:
            from graph.stores.neo4j_store import Neo4jStore

            drv = request.getfixturevalue("neo4j_driver")
            store = Neo4jStore(drv, f"contract-{uuid.uuid4().hex[:12]}", database=os.environ.get("NEO4J_DATABASE"),
                               caller=caller, create=True, uri=os.environ.get("NEO4J_URI", ""))
            if backend == "neo4j-sealed":
                store.use_keys(SEALED_KEYS)
        made.append(store)
        return store

    yield factory
    for store in made:
        if backend.startswith("neo4j"):
            store.drop_project()
        store.close()


@pytest.fixture
def store(make_store: StoreFactory) -> Store:
    """An empty project on the backend under test (shadows tests/conftest.py's SQLite-only one)."""
    return make_store()
