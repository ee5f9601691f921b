"""Unlocking and locking the project: the unlock dialog, the project chooser, idle lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlite
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import OWNER, OWNER_PW


# -- start: unlock, lock ----------------------------------------------------------------------------
def test_unlock_dialog_refuses_a_wrong_passphrase_and_remembers_on_request(qtbot: Any, project: Path,
                                                                           shoot: Any) -> None:
    from views.dialogs import UnlockDialog, recent_projects
    from views.project_session import Session

    dialog = UnlockDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.user.findText(OWNER) >= 0  # members are offered from the key file
    dialog.user.setCurrentText(OWNER)
    qtbot.keyClicks(dialog.passphrase, "wrong passphrase")
    assert not dialog.try_unlock()
    assert dialog.session is None
    assert dialog.message.text()  # says why
    shoot(dialog, "unlock_dialog")
    dialog.passphrase.setText(OWNER_PW)
    dialog.remember.setChecked(True)
    assert dialog.try_unlock()
    assert dialog.session is not None and dialog.session.user == OWNER
    assert dialog.passphrase.text() == ""  # not left in the widget
    assert str(project) in recent_projects()
    dialog.session.lock()
    again = Session.open(project)  # no passphrase: the key remembered in the keyring opens it
    assert again.user == OWNER
    again.lock()


def test_project_chooser_lists_recent_projects(qtbot: Any, project: Path, shoot: Any) -> None:
    from views.dialogs import ProjectChooser, add_recent

    add_recent(project)
    add_recent(project.with_name("gone.knp"))
    chooser = ProjectChooser()
    qtbot.addWidget(chooser)
    texts = [chooser.recent.item(i).toolTip() for i in range(chooser.recent.count())]
    assert texts[:2] == [str(project.with_name("gone.knp")), str(project)]
    assert not chooser.recent.item(0).flags() & Qt.ItemFlag.ItemIsEnabled  # missing file
    chooser.show()
    shoot(chooser, "project_chooser")


def test_idle_time_locks_the_project_and_unlocking_restores_the_chart(qtbot: Any, window: Any,
                                                                       planted: dict[str, Any], project: Path) -> None:
    from views.project_session import Session

    window.chart.add_entities([planted["hotspot_address"]])
    window.chart.expand(planted["hotspot_address"])
    before = window.chart.scene.positions()
    store = window.session.store
    window.idle.set_minutes(0.002)  # ~120 ms without input
    qtbot.waitUntil(lambda: window.session is None, timeout=3000)
    assert window.centralWidget() is window.locked_label
    with pytest.raises(sqlite.ProgrammingError, match="closed database"):  # locking closed the connection
        store.counts()
    window.idle.set_minutes(0)  # or it locks again ~120 ms later, before the checks below
    window.attach(Session.open(project, user=OWNER, passphrase=OWNER_PW))
    after = window.chart.scene.positions()
    assert set(after) == set(before)
    assert all(after[n] == pytest.approx(before[n], abs=0.1) for n in before)


def test_new_project_dialog_shows_strength_as_you_type_and_refuses_kort(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from views.dialogs import NewProjectDialog

    target = tmp_path / "nieuw.knp"
    dialog = NewProjectDialog(target)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.owner, "alice")
    qtbot.keyClicks(dialog.passphrase, "kort")
    assert dialog.strength.bar.value() <= 1 and "Too short" in dialog.strength.text.text()  # while typing
    qtbot.keyClicks(dialog.repeat, "kort")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not target.exists()  # refused, the dialog says why
    assert "at least 8 characters" in dialog.message.text()
    for field in (dialog.passphrase, dialog.repeat):
        field.clear()
        qtbot.keyClicks(field, "password1")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not target.exists() and "easy to guess" in dialog.message.text()
    for field in (dialog.passphrase, dialog.repeat):
        field.clear()
        qtbot.keyClicks(field, "tuin vol tulpen op dinsdag")
    assert dialog.strength.bar.value() == 4 and "very strong" in dialog.strength.text.text()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert target.exists() and not dialog.isVisible()


def test_unlock_errors_and_role_names_are_dutch(qtbot: Any, project: Path) -> None:
    from views import i18n, names
    from views.dialogs import UnlockDialog

    app = QApplication.instance()
    i18n.install(app, "nl")
    try:
        dialog = UnlockDialog(project, user=OWNER)
        qtbot.addWidget(dialog)
        dialog.passphrase.setText("wrong passphrase")
        assert not dialog.try_unlock()
        assert dialog.message.text() == "Onjuiste wachtwoordzin, of alice is geen lid van dit project."
        dialog.passphrase.clear()
        assert not dialog.try_unlock()
        assert dialog.message.text() == "Vul uw wachtwoordzin in."
        assert [names.security_label(c) for c in ("open", "confidential", "police-wpg", "fiod/tax")] == [
            "Open", "Vertrouwelijk", "Politie (WPG)", "FIOD/Belastingdienst"]
        assert [names.member_role(c) for c in ("owner", "analyst", "viewer")] == ["eigenaar", "analist", "lezer"]
    finally:
        i18n.install(app, "en")
    assert names.security_label("police-wpg") == "Police (WPG)"
