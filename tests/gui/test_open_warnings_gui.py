"""The workbench says what the open found wrong: a label file put back to an older copy (issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox

from graph.access import session
from graph.model import Entity, Provenance
from graph.stores.sqlite_store import partition_file
from tests.gui.conftest import OWNER, OWNER_PW, main_window


def test_a_label_file_put_back_to_an_older_copy_is_shown_at_open(qtbot: Any, project: Path, tmp_path: Path) -> None:
    confidential = partition_file(project, "confidential")
    shutil.copy(confidential, tmp_path / "old")  # a member holding the key keeps a copy
    store = session.unlock(project, OWNER, OWNER_PW)
    store.upsert_entities([Entity(type="Person", properties={"name": "Carla Nieuw"}, label="confidential",
                                  provenance=Provenance(source="test", reference="CIE-7"))])
    store.close()
    shutil.copy(tmp_path / "old", confidential)  # and puts it back
    with main_window(qtbot, project, "nl") as win:
        box = win.open_warning
        assert isinstance(box, QMessageBox) and box.isVisible()
        assert box.windowTitle() == "Project geopend met waarschuwingen"
        assert "het bestand voor label confidential is teruggezet naar een oudere kopie" in box.text()
        box.close()


def test_an_ordinary_open_shows_no_warning(qtbot: Any, project: Path) -> None:
    with main_window(qtbot, project, "nl") as win:
        assert win.open_warning is None
