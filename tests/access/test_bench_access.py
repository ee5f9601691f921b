"""bench/bench_access.py --only-partitions runs small and prints every line (figures are not checked here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import bench_access
from graph.access import localstate
from graph.demo import generate


def test_partition_bench_prints_every_operation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(localstate.STATE_ENV, str(tmp_path / "state"))
    data = generate(400, seed=3)
    people = [e for e in data.entities if e.type == "Person"]
    bench_access.bench_partitions(tmp_path, data, [p.caption for p in people[:3]], rounds=2, quick=True, imports=1)
    out = capsys.readouterr().out
    assert out.count(f"  {'import (guarded)':<24}:") == 1
    for line in ("open (store)", "open+search (store)", "open+counts (store)", "unlock (keyring)",
                 "unlock (others open)", "unlock+close (keyring)", "unlock+search+close", "search", "counts",
                 "neighbours"):
        assert out.count(f"  {line:<24}:") == 3, line  # round 1, round 2, the range
    assert "round 2/2" in out and "load " in out
