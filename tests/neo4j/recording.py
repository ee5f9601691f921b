"""A transaction that records what the Neo4j store sends, for unit tests of the Python side only.

It answers nothing but "no such record" (empty results), so it can exercise the write
path (batching, row building, sealing) without a server; it never stands where a user
meets it (the CLI and the contract suite need a real server).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.schema import default_schema
from graph.store import Caller
from graph.stores.neo4j_store import Neo4jStore, _TxState


class _Result:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def consume(self) -> None:
        return None

    def single(self, strict: bool = False) -> dict[str, Any] | None:
        return self.rows[0] if self.rows else None

    def data(self) -> list[dict[str, Any]]:
        return self.rows

    def __iter__(self) -> Any:
        return iter(self.rows)


@dataclass
class RecordingTx:
    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    answers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def run(self, statement: str, params: dict[str, Any] | None = None, **kw: Any) -> _Result:
        merged = {**(params or {}), **kw}
        self.sent.append((statement, merged))
        return _Result(self.answers.get(statement, []))

    def closed(self) -> bool:
        return False


def recording_store(*, batch: int = 0, caller: Caller | None = None, **attrs: Any) -> tuple[Neo4jStore, RecordingTx]:
    """A Neo4jStore whose every statement goes to a RecordingTx (its explicit transaction)."""
    tx = RecordingTx()
    store = object.__new__(Neo4jStore)
    store.driver = None  # type: ignore[assignment]
    store.project, store.database, store.uri = "test", None, ""
    store.schema = default_schema()
    store.caller = caller or Caller(user="anna")
    store._owns_driver = False
    store._state = _TxState(tx=tx)  # type: ignore[arg-type]
    store.batch = batch or 1000
    store.seal = None
    for name, value in attrs.items():
        setattr(store, name, value)
    store._check_clearance()
    return store, tx
