"""GUI test fixtures: a real Qt window offscreen over a real encrypted demo project.

The Argon2id cost is lowered for speed (as in tests/access); the keyring and QSettings
live in tmp_path so no test touches the user's real ones. Screenshots go to
KNOOPPUNT_SCREENSHOT_DIR when set (e.g. docs/screenshots), else to a temporary folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import pytest
from PySide6.QtCore import QSettings

from graph.access import session
from graph.demo import generate
from tests.sandbox import FAST_KDF, OWNER, OWNER_PW, copy_project, isolated


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The shared sandbox (tests/sandbox.py), and QSettings in tmp_path too."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield from isolated(monkeypatch, tmp_path)


class SlotExceptions:
    """Collect exceptions that Qt slots raise (PySide6 hands them to sys.excepthook and carries on).

    Without this a broken menu action only prints a traceback and the test passes anyway.
    """

    def __init__(self) -> None:
        self.caught: list[str] = []
        self._previous: Callable[..., Any] | None = None

    def _hook(self, kind: type[BaseException], value: BaseException, tb: Any) -> None:
        self.caught.append("".join(traceback.format_exception(kind, value, tb)))

    def __enter__(self) -> SlotExceptions:
        self._previous, sys.excepthook = sys.excepthook, self._hook
        return self

    def __exit__(self, *exc: object) -> None:
        sys.excepthook = self._previous or sys.__excepthook__

    def check(self) -> None:
        if self.caught:
            caught, self.caught = self.caught, []
            pytest.fail("uncaught exception in a Qt slot:\n" + "\n".join(caught), pytrace=False)


@pytest.fixture(autouse=True)
def slot_exceptions(request: pytest.FixtureRequest) -> Iterator[SlotExceptions]:
    """Every GUI test fails when a slot raised, even if the test itself never looked."""
    watcher = SlotExceptions()
    with watcher:
        yield watcher
        from PySide6.QtWidgets import QApplication
        if QApplication.instance() is not None:
            QApplication.processEvents()  # deliver queued signals before judging
    watcher.check()


class ModalAnswerer:
    """Answer modal dialogs non-interactively while the block runs: `respond(dialog)` for each one shown.

    A blocking `exec()` or static dialog (QInputDialog.getText, QMessageBox.information) runs
    its own event loop; a repeating timer fires inside that loop and answers it as a user would.
    """

    def __init__(self, respond: Callable[[Any], None]):
        from PySide6.QtCore import QTimer

        self.respond = respond
        self.answered: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)

    def _poll(self) -> None:
        from PySide6.QtWidgets import QApplication

        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            self.answered.append(type(modal).__name__)
            try:
                self.respond(modal)
            except Exception as exc:  # name the dialog that came: an unexpected one is otherwise a bare assert
                said = modal.text() if hasattr(modal, "text") else ""
                raise AssertionError(f"{type(modal).__name__} {modal.windowTitle()!r}: {said!r}") from exc

    def __enter__(self) -> ModalAnswerer:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.stop()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gui-template") / "demo.knp"
    data = generate(3000, 42)
    store = session.create(path, owner=OWNER, passphrase=OWNER_PW, name="Demo Almelo", kdf=FAST_KDF)
    with store.activity("import", source="demo"):
        store.upsert_entities(data.entities)
        store.upsert_relations(data.relations)
    store.set_setting("demo.planted", json.dumps(data.planted.__dict__))
    store.close()
    return path


@pytest.fixture
def project(_demo_template: Path, tmp_path: Path) -> Path:
    """An encrypted demo project (owner alice) of about 3,000 records with the planted patterns."""
    return copy_project(_demo_template, tmp_path / "demo.knp")


@pytest.fixture
def planted(_demo_template: Path) -> dict[str, Any]:
    store = session.unlock(_demo_template, OWNER, OWNER_PW)
    try:
        return dict(json.loads(store.get_setting("demo.planted") or "{}"))
    finally:
        store.close()


@contextlib.contextmanager
def main_window(qtbot: Any, project: Path, language: str = "en") -> Iterator[Any]:
    """The owner's main window on `project`, shown, in `language` (the interface's language is put back)."""
    from PySide6.QtWidgets import QApplication

    from views import i18n
    from views.main_window import MainWindow
    from views.project_session import Session

    app = QApplication.instance()
    i18n.install(app, language)  # as `knooppunt gui` does: English too (its plural forms, "1 result")
    win = MainWindow(Session.open(project, user=OWNER, passphrase=OWNER_PW), language, autolock_minutes=0)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    try:
        yield win
    finally:
        win.chart.undo.setClean()
        win.close()
        if language != "en":
            i18n.install(app, "en")


@pytest.fixture
def window(qtbot: Any, project: Path) -> Iterator[Any]:
    with main_window(qtbot, project) as win:
        yield win


@pytest.fixture
def nl_window(qtbot: Any, project: Path) -> Iterator[Any]:
    """The main window in Dutch, the default language."""
    with main_window(qtbot, project, "nl") as win:
        yield win


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("KNOOPPUNT_SCREENSHOT_DIR")
    path = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def shoot(screenshot_dir: Path) -> Any:
    """shoot(widget, name): grab the widget to <screenshot_dir>/<name>.png and check it is not blank."""
    def _shoot(widget: Any, name: str) -> Path:
        from PySide6.QtWidgets import QApplication
        QApplication.processEvents()
        target = screenshot_dir / f"{name}.png"
        image = widget.grab().toImage()
        assert image.width() > 100 and image.height() > 100
        colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 37)}
        assert len(colours) > 3, f"{name}: the screenshot is blank"
        assert image.save(str(target))
        return target
    return _shoot
