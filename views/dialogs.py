"""Start-up dialogs: the project chooser (recent, create, open) and the unlock dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from graph.access import keyring_store
from graph.access import passphrase as passphrase_rule
from graph.access.keyslots import WrongPassphrase
from graph.errors import KnooppuntError, PermissionDenied
from graph.project import create_project, is_encrypted, members, remember
from views import file_dialogs, i18n
from views.project_session import Session

MAX_RECENT = 10


def show_error(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A window-modal warning that does not block the event loop (workers keep reporting)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:  # nothing else holds it: without a reference Python deleted it before it was seen
        _PARENTLESS.add(box)
        box.finished.connect(lambda _=0: _PARENTLESS.discard(box))
    box.open()
    return box


_PARENTLESS: set[QMessageBox] = set()


def recent_projects() -> list[str]:
    value: Any = i18n.settings().value("recent_projects", [])
    items = [value] if isinstance(value, str) else list(value or [])
    return [p for p in items if p]


def add_recent(path: Path) -> None:
    items = [str(path)] + [p for p in recent_projects() if p != str(path)]
    i18n.settings().setValue("recent_projects", items[:MAX_RECENT])


class ProjectChooser(QDialog):
    """Pick a recent project, open another file, or create a new one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Knooppunt — choose a project"))
        self.chosen: Path | None = None
        self.created_passphrase: str | None = None  # of a project created here, to open it without asking again
        self.created_owner: str | None = None
        self.recent = QListWidget(self)
        for p in recent_projects():
            item = QListWidgetItem(f"{Path(p).name}    —  {Path(p).parent}")
            item.setToolTip(p)
            item.setData(Qt.ItemDataRole.UserRole, p)
            if not Path(p).exists():
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setText(item.text() + " " + self.tr("(missing)"))
            self.recent.addItem(item)
        self.recent.itemActivated.connect(lambda item: self._choose(Path(item.data(Qt.ItemDataRole.UserRole))))
        open_btn = QPushButton(self.tr("Open…"), self)
        open_btn.clicked.connect(self._open)
        create_btn = QPushButton(self.tr("New project…"), self)
        create_btn.clicked.connect(self._create)
        use_btn = QPushButton(self.tr("Open selected"), self)
        use_btn.setDefault(True)
        use_btn.clicked.connect(self._choose_current)
        use_btn.setEnabled(False)  # it did nothing with nothing selected
        self.recent.currentItemChanged.connect(lambda item, _old: use_btn.setEnabled(
            item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)))
        self.use_btn = use_btn
        if not self.recent.count():  # a first start: an empty white list said nothing
            self.recent.addItem(QListWidgetItem(self.tr("No recent projects yet: open one or make a new one.")))
            self.recent.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        elif self.recent.item(0).flags() & Qt.ItemFlag.ItemIsEnabled:
            self.recent.setCurrentRow(0)  # Enter opens the last project
        row = QHBoxLayout()
        for b in (open_btn, create_btn):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(use_btn)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Recent projects:"), self))
        box.addWidget(self.recent)
        box.addLayout(row)
        self.resize(520, 360)

    def _choose_current(self) -> None:
        item = self.recent.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self._choose(Path(item.data(Qt.ItemDataRole.UserRole)))

    def _choose(self, path: Path) -> None:
        self.chosen = path
        self.accept()

    def _open(self) -> None:
        name = file_dialogs.open_file(self, self.tr("Open project"), "",
                                       self.tr("Knooppunt projects (*.knp);;All files (*)"))
        if name:
            self._choose(Path(name))

    def _create(self) -> None:
        name = file_dialogs.save_file(self, self.tr("New project"), "",
                                       self.tr("Knooppunt projects (*.knp)"))
        if not name:
            return
        path = Path(name) if name.endswith(".knp") else Path(name + ".knp")
        dialog = NewProjectDialog(path, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.created_passphrase = dialog.passphrase.text()  # typed twice a moment ago: not asked a third time
            self.created_owner = dialog.owner.text() or None
            self._choose(path)


class PassphraseStrength(QWidget):
    """A strength bar and one line under a new-passphrase field, updated as the user types.

    The verdict is the core's rule (graph/access/passphrase.py), the same the CLI applies.
    """

    COLOURS = ("#8c1c13", "#b35c00", "#7a7a00", "#2d7a2d", "#1b5e20")

    def __init__(self, field: QLineEdit, user: QLineEdit | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        self.user = user
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.bar)
        box.addWidget(self.text)
        self.strength: passphrase_rule.Strength | None = None
        field.textChanged.connect(self.update_strength)
        self.update_strength()

    def problem_text(self, strength: passphrase_rule.Strength) -> str:
        if strength.code == "short":
            return self.tr("Too short: use at least %1 characters.").replace("%1", str(passphrase_rule.MIN_LENGTH))
        if strength.code == "blank":
            return self.tr("Empty or only spaces.")
        if strength.code == "guessable":
            return self.tr("Too easy to guess (a common word, name, date or pattern): use several unrelated words.")
        return ""

    def update_strength(self) -> None:
        text = self.field.text()
        user = (self.user.text().strip(),) if self.user is not None and self.user.text().strip() else ()
        strength = passphrase_rule.estimate(text, user)
        self.strength = strength
        names = (self.tr("very weak"), self.tr("weak"), self.tr("fair"), self.tr("strong"), self.tr("very strong"))
        self.bar.setValue(strength.score if text else 0)
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {self.COLOURS[strength.score]}; }}")
        if not text:
            self.text.setText(self.tr("At least %1 characters; several unrelated words are best.")
                              .replace("%1", str(passphrase_rule.MIN_LENGTH)))
        elif strength.acceptable:
            self.text.setText(self.tr("Strength: %1").replace("%1", names[strength.score]))
        else:
            self.text.setText(self.tr("Strength: %1. %2").replace("%1", names[strength.score])
                              .replace("%2", self.problem_text(strength)))


class NewProjectDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(self.tr("New project"))
        self.name = QLineEdit(path.stem, self)
        self.owner = QLineEdit(self)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Owner:"), self.owner)
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        self.strength = PassphraseStrength(self.passphrase, self.owner, self)
        self.owner.textChanged.connect(self.strength.update_strength)
        form.addRow("", self.strength)
        form.addRow(self.tr("Repeat:"), self.repeat)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #8c1c13")
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _create(self) -> bool:
        """Create the project, or say in the dialog why not (weak or differing passphrases)."""
        self.strength.update_strength()
        strength = self.strength.strength
        if strength is not None and not strength.acceptable:
            self.message.setText(self.strength.problem_text(strength))
            return False
        if self.passphrase.text() != self.repeat.text():
            self.message.setText(self.tr("The passphrases differ."))
            return False
        try:
            store = create_project(self.path, name=self.name.text() or None, owner=self.owner.text() or None,
                                   passphrase=self.passphrase.text())
        except (KnooppuntError, OSError) as exc:
            self.message.setText(i18n.core(str(exc)))
            return False
        store.close()
        self.accept()
        return True


class UnlockDialog(QDialog):
    """Member and passphrase; optionally remembered in the OS keyring. Returns an open Session."""

    def __init__(self, path: Path, parent: QWidget | None = None, *, user: str | None = None,
                 reason: str | None = None):
        super().__init__(parent)
        self.path = path
        self.session: Session | None = None
        self.setWindowTitle(self.tr("Unlock %1").replace("%1", path.name))
        self.user = QComboBox(self)
        self.user.setEditable(True)
        known = members(path) if path.exists() else []
        self.user.addItems(known)
        if user:
            self.user.setCurrentText(user)
        line = self.user.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("default: the project owner"))
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember on this computer (keyring)"), self)
        self.message = QLabel(reason or "", self)
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{path.name}</b><br><small>{path.parent}</small>", self))
        self.setMinimumWidth(480)
        form.addRow(self.tr("Member:"), self.user)
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        form.addRow(self.remember)
        if path.exists() and not is_encrypted(path):
            self.passphrase.setEnabled(False)
            self.remember.setEnabled(False)
            self.passphrase.setToolTip(self.tr("This project file is not encrypted"))
        elif keyring_store.insecure_reason() is not None:  # offered, it failed after unlocking, in English
            self.remember.setEnabled(False)
            self.remember.setToolTip(self.tr("This computer has no safe keyring (such as GNOME Keyring or "
                                             "KWallet): unlock with your passphrase"))
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Unlock"))
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.passphrase.setFocus()

    def try_unlock(self) -> bool:
        user = self.user.currentText().strip() or None
        passphrase = self.passphrase.text() or None
        try:
            self.session = Session.open(self.path, user=user, passphrase=passphrase)
        except (KnooppuntError, OSError) as exc:
            self.message.setText(self.unlock_error(exc, user, passphrase))
            self.passphrase.selectAll()
            self.adjustSize()
            return False
        if self.remember.isChecked():
            try:
                remember(self.session.store)
            except KnooppuntError as exc:
                show_error(self, self.windowTitle(), i18n.core(str(exc)))
        self.passphrase.clear()
        add_recent(self.path)
        self.accept()
        return True


    def unlock_error(self, exc: Exception, user: str | None, passphrase: str | None) -> str:
        """The reason in the interface language; the core's English detail only for rare file faults."""
        if passphrase is None and self.passphrase.isEnabled():
            return self.tr("Enter your passphrase.")
        if isinstance(exc, WrongPassphrase):
            return self.tr("Wrong passphrase, or %1 is not a member of this project.").replace(
                "%1", user or self.tr("the owner"))
        if isinstance(exc, PermissionDenied):
            return self.tr("%1 is not a member of this project.").replace("%1", user or "")
        if isinstance(exc, OSError):
            return self.tr("The project file cannot be read: %1").replace("%1", exc.strerror or i18n.core(str(exc)))
        detail = i18n.core(str(exc)).replace(f"{self.path}: ", "").replace(f"{self.path.name}: ", "")
        return self.tr("The project cannot be opened: %1").replace("%1", detail)


class PreferencesDialog(QDialog):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.language = QComboBox(self)
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(i18n.chosen_language()))
        self.idle = QSpinBox(self)
        self.idle.setRange(0, 240)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setSpecialValueText(self.tr("never"))
        self.idle.setValue(i18n.autolock_minutes())
        form = QFormLayout(self)
        form.addRow(self.tr("Language (after restart):"), self.language)
        form.addRow(self.tr("Lock after idle time:"), self.idle)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _save(self) -> None:
        i18n.set_language(self.language.currentData())
        i18n.settings().setValue("autolock_minutes", self.idle.value())
        self.accept()
