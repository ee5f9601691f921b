"""bench/bench_records.py runs to the end at a small size: every section prints its figure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_records_prints_every_section(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "bench.bench_records", "--records", "200", "--documents", "10",
                           "--pdf-pages", "1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    for section in ("open after a name-rule change", "create entity",
                    "attach .pdf", "attach .eml", "search 10 documents", "search 10 notes",
                    "find identifiers", "sources list", "project file grew"):
        assert section in done.stdout, section
