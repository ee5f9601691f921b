"""Session benchmark: autosave, lock/unlock with the whole session, the duplicate check after an import.

    .venv/bin/python bench/bench_session.py [--entities 20000] [--chart 2000] [--steps 20] [--workdir DIR]

Reuses the encrypted demo project of bench_gui.py (built once in --workdir), shows a
--chart-node chart, makes --steps undoable edits (layouts and hides), then measures:
  * autosave: the chart state into the member's autosave slot (size of the JSON);
  * lock:     the session kept as data-free states (one per undo step) and the store closed;
  * unlock:   a new session attached: chart, zoom, undo history rebuilt from fresh records;
  * duplicates: `person_candidates` over every person (what the worker does after an import).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_gui import PASSPHRASE, build


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--chart", type=int, default=2000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/knooppunt-bench-gui"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    path = args.workdir / f"bench-{args.entities}.knp"
    if not path.exists():
        build(path, args.entities)

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from importers.resolution import person_candidates
    from views.chart.storage import AUTOSAVE_PREFIX
    from views.main_window import MainWindow
    from views.project_session import Session

    window = MainWindow(Session.open(path, user="bench", passphrase=PASSPHRASE), "en", autolock_minutes=0)
    window.show()
    app.processEvents()
    store = window.session.store  # type: ignore[union-attr]
    ids = [e.id for _, e in zip(range(args.chart), store.iter_entities("Company"), strict=False)]
    chart = window.chart
    chart.add_entities(ids)
    layouts = ["circular", "grouped", "force"]
    for step in range(args.steps - 1):
        if step % 2:
            chart.run_layout(layouts[step % 3], wait=True)
        else:
            chart.scene.clearSelection()
            chart.scene.nodes[ids[step]].setSelected(True)
            chart.hide_selected()
    app.processEvents()

    t = time.perf_counter()
    window.autosave_now()
    autosave_s = time.perf_counter() - t
    size = len(store.get_setting(AUTOSAVE_PREFIX + "bench") or "")
    steps = chart.undo.count()
    t = time.perf_counter()
    window.lock()
    lock_s = time.perf_counter() - t
    t = time.perf_counter()
    window.attach(Session.open(path, user="bench", passphrase=PASSPHRASE))
    app.processEvents()
    unlock_s = time.perf_counter() - t
    assert window.chart.undo.count() == steps and len(window.chart.scene.nodes) == len(ids)
    t = time.perf_counter()
    found = person_candidates(window.session.store)  # type: ignore[union-attr]
    dup_s = time.perf_counter() - t
    persons = window.session.store.counts().get("Person", 0)  # type: ignore[union-attr]

    print(f"chart: {len(ids):,} nodes, {steps} undo steps")
    print(f"autosave into the project ({size / 1024:.0f} KiB JSON):       {autosave_s * 1000:8.0f} ms")
    print(f"lock (session kept as {steps + 1} data-free states):          {lock_s * 1000:8.0f} ms")
    print(f"unlock (incl. key derivation) + chart, zoom, undo rebuilt: {unlock_s * 1000:8.0f} ms")
    print(f"duplicate persons among {persons:,} ({len(found)} candidates, in a worker): {dup_s * 1000:8.0f} ms")
    window.chart.undo.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
