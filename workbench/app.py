"""`knooppunt gui [--project P]`: the desktop workbench.

Without --project (or KNOOPPUNT_PROJECT) the project chooser opens; then the unlock
dialog (member + passphrase, or the key remembered in the OS keyring), then the main
window. Qt is imported only here and in `views/`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from graph.errors import KnooppuntError
from workbench.context import common_options, opt

if TYPE_CHECKING:
    from views.project_session import Session


def _quiet_unlock(project: Path, user: str | None, passphrase_file: str | None) -> Session | None:
    """The conventions' order without a prompt: keyring, --passphrase-file, KNOOPPUNT_PASSPHRASE.

    None when none of them opens the project: then the unlock dialog asks.
    """
    from graph.errors import KnooppuntError, ProjectError
    from views.project_session import Session
    from workbench.context import PASSPHRASE_ENV, read_passphrase_file

    def quiet(prompt: str) -> str:
        if passphrase_file:
            return read_passphrase_file(passphrase_file)
        if os.environ.get(PASSPHRASE_ENV):
            return os.environ[PASSPHRASE_ENV]
        raise ProjectError(f"{project.name}: enter the passphrase")

    try:
        return Session.open(project, user=user, passphrase=quiet)
    except KnooppuntError:
        return None


def _created_session(chooser: Any, user: str | None) -> Session | None:
    """A project just created in the chooser opens with the passphrase typed there (twice), not asked again."""
    if not chooser.created_passphrase or chooser.chosen is None:
        return None
    from views.project_session import Session
    try:
        return Session.open(chooser.chosen, user=chooser.created_owner or user, passphrase=chooser.created_passphrase)
    except KnooppuntError:
        return None  # the unlock dialog asks and says what is wrong
    finally:
        chooser.created_passphrase = None


def display_problem(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """Why no window can open here, or None. Qt itself aborts the process (exit 134) with a page of
    plugin messages when it finds no display; say it in one line before Qt is asked."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform) != "linux" or env.get("QT_QPA_PLATFORM"):
        return None  # Windows/macOS always have a screen; an explicit Qt platform is the caller's choice
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return ("no display to open the workbench on (DISPLAY and WAYLAND_DISPLAY are unset): run it on a desktop "
            "session, or use the command line (knooppunt --help)")


def run_gui(project: Path | None = None, user: str | None = None, lang: str | None = None,
            argv: list[str] | None = None, passphrase_file: str | None = None) -> int:
    if display_problem():
        from workbench.output import say

        raise KnooppuntError(say("no_display", lang))
    from PySide6.QtWidgets import QApplication, QDialog

    from views import i18n
    from views.dialogs import ProjectChooser, UnlockDialog
    from views.main_window import MainWindow

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Knooppunt")
    app.setOrganizationName("Knooppunt")
    i18n.install(app, lang)
    session: Session | None = None
    if project is None:
        chooser = ProjectChooser()
        if chooser.exec() != QDialog.DialogCode.Accepted or chooser.chosen is None:
            return 0
        project = chooser.chosen
        session = _created_session(chooser, user)
    session = session or _quiet_unlock(project, user, passphrase_file)
    if session is None:
        dialog = UnlockDialog(project, user=user)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.session is None:
            return 0
        session = dialog.session
    window = MainWindow(session, lang)
    window.show()
    return int(app.exec())


@click.command("gui")
@common_options
def gui() -> None:
    """Open the desktop workbench (project chooser, unlock, main window); --lang: default the remembered choice."""
    project = opt("project")
    code = run_gui(Path(project).expanduser() if project else None, opt("acting"), opt("lang"),
                   passphrase_file=opt("passphrase_file"))
    if code:
        raise click.exceptions.Exit(code)
