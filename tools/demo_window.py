"""What the screenshot scripts share: a throw-away encrypted demo project, its main window, and shots.

Run under Xvfb (see ../shared/notes/desktop.md); shots are whole-screen grabs with ImageMagick's
`import`, so the window manager is in them as a user sees it. The project's passphrase is made
here, used once and never stored.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class DemoWindow:
    app: Any  # QApplication
    win: Any  # views.main_window.MainWindow
    tmp: Path  # the folder holding the demo project
    planted: dict[str, Any]  # graph.demo's planted patterns

    def settle(self, seconds: float = 1.0) -> None:
        """Let the event loop paint and finish background work for a while."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.02)

    def shot(self, out: Path, name: str) -> Path:
        self.settle()
        target = out / f"{name}.png"
        subprocess.run(["import", "-window", "root", str(target)], check=True)
        print(target)
        return target


def open_demo_window(size: int = 3000, seed: int = 42) -> DemoWindow:
    """A demo project (Dutch, owner alice) opened in the main window at 1600x960."""
    from PySide6.QtWidgets import QApplication

    from graph.access import session
    from graph.demo import generate
    from views import i18n
    from views.main_window import MainWindow
    from views.project_session import Session

    passphrase = secrets.token_urlsafe(18)
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "demo.knp"
    data = generate(size, seed)
    store = session.create(path, owner="alice", passphrase=passphrase, name="Demo Almelo")
    with store.activity("import", source="demo"):
        store.upsert_entities(data.entities)
        store.upsert_relations(data.relations)
    store.close()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n.install(app, "nl")
    win = MainWindow(Session.open(path, user="alice", passphrase=passphrase), "nl", autolock_minutes=0)
    win.resize(1600, 960)
    win.move(0, 0)
    win.show()
    return DemoWindow(app, win, tmp, dict(data.planted.__dict__))
