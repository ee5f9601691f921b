"""Fixtures for access tests: a cheap KDF, a keyring in tmp_path, ready-made projects.

The Argon2id cost is lowered for speed (its real cost is measured in bench/bench_access.py);
everything else -- SQLCipher files, HPKE slots, the keyring backend -- is the real thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.access import session
from graph.access.guarded import GuardedStore
from graph.demo import DemoData, generate
from graph.stores import sqlite_store
from tests.sandbox import FAST_KDF, OWNER_PW, copy_project, isolated


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    yield from isolated(monkeypatch, tmp_path)


@pytest.fixture(scope="session")
def demo_data() -> DemoData:
    return generate(2000, 7)


def make_project(path: Path, data: DemoData | None = None) -> GuardedStore:
    store = session.create(path, owner="alice", passphrase=OWNER_PW, name="test", kdf=FAST_KDF)
    if data is not None:
        with store.activity("import", source="demo"):
            store.upsert_entities(data.entities)
            store.upsert_relations(data.relations)
    return store


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory, demo_data: DemoData) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.knp"
    make_project(path, demo_data).close()
    return path


@pytest.fixture
def demo_project(_demo_template: Path, tmp_path: Path) -> Path:
    """An encrypted project holding the demo data, owner alice (OWNER_PW)."""
    return copy_project(_demo_template, tmp_path / "demo.knp")


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every statement the project connections opened from now on run (SQLite's trace)."""
    seen: list[str] = []
    connect = sqlite_store.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite_store._Connection:
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(sqlite_store, "connect", traced)
    yield seen
