"""Every importer test parses its addresses afresh.

`parse_address` is cached (bulk imports repeat addresses). A result cached by an earlier
test would let a broken parser pass a later one; mutation testing showed it: mutmut forks
each mutant's tests from a process that has the clean results cached.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from importers.addresses import parse_address
from importers.kvk_json import clear_caches


@pytest.fixture(autouse=True)
def _fresh_address_cache() -> Iterator[None]:
    parse_address.cache_clear()
    clear_caches()
    yield


def counted_address_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address text the case import parses from now on (not answered from its cache), in order."""
    from importers import case_import
    parsed: list[str] = []
    real = case_import._AddressColumn.packed

    def counting(self: Any, raw: str) -> Any:
        parsed.append(raw)
        return real(self, raw)

    monkeypatch.setattr(case_import._AddressColumn, "packed", counting)
    return parsed
