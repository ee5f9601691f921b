"""The import wizard: file -> preview and mapping -> dry run -> import with progress and cancel.

The mapping is an import specification (`importers.spec`, YAML): the analyst builds it by assigning
columns to entity properties and ticking relations, or loads a saved spec, and may edit the YAML
directly. A network (an adjacency matrix, a Pajek or UCINET DL file, as published criminal networks
come) is mapped by three choices instead: what its nodes are, which relation a tie makes and which
number the tie's value goes in (`matrix:`). Dry run and import run `importers.case_import` in a
worker on their own connection; the import is one transaction, so Cancel leaves the project
untouched. Specs are saved as YAML files and in the project (`import_spec.<name>`).
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from graph.errors import KnooppuntError
from graph.model import CREDIBILITY, RELIABILITY, SECURITY_LABELS
from views import file_dialogs, i18n, names
from views.dialogs import show_error
from views.models import ResultTableModel
from views.operations import Changes, Operation, Progress, finished_text, speed_text
from views.screen import fit_to_screen

PREVIEW_ROWS = 20
REJECTS_SHOWN = 200  # rejected rows listed in the wizard; the reject file holds them all
SPEC_SETTING = "import_spec."
_SKIP = ""
_RELATIONS = "@relations"  # mapping target for the validity of every relation a row makes
_RELPROP = "@relprop"  # mapping target for a relation property (role, kind, ...) of the ticked relations


def read_preview(path: Path, sheet: str | None = None, rows: int = PREVIEW_ROWS) -> tuple[list[str], list[list[str]]]:
    """Header and first rows of a CSV or .xlsx (every cell as text), through the importers' readers;
    of a Pajek or UCINET DL file its first ties (from, to, value)."""
    from importers.network_files import is_network_file, read_network_ties, relation_names
    from importers.tables import EXCEL_SUFFIXES, read_csv_chunks, read_excel_sheet
    if is_network_file(path):
        ties = read_network_ties(path)
        frame = ties.frame.iloc[:, :4 if relation_names(ties) else 3].head(rows)  # from, to, value[, relation]
    elif path.suffix.lower() in EXCEL_SUFFIXES:
        frame = read_excel_sheet(path, sheet).frame.head(rows)
    else:
        frame = next(iter(read_csv_chunks(path, chunk_rows=rows))).frame
    return [str(c) for c in frame.columns], frame.fillna("").astype(str).values.tolist()


def count_rows(path: Path) -> int:
    """Data rows of a CSV, for the progress bar and its time left (0 when unknown, e.g. a workbook).
    A network file's lines are not its ties: unknown too."""
    from graph.progress import csv_rows
    from importers.network_files import is_network_file
    return 0 if is_network_file(path) else csv_rows(path)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(self.tr("A CSV (any delimiter or encoding), an Excel workbook (.xlsx), or a network: "
                                 "Pajek (.net) or UCINET DL (.dl)."))
        self.path = QLineEdit(self)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        self.sheet = QComboBox(self)
        self.sheet.setEnabled(False)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("File:"), row)
        form.addRow(self.tr("Sheet:"), self.sheet)
        form.addRow(self.error)
        self.path.textChanged.connect(self._changed)
        self.registerField("file*", self.path)

    def _browse(self) -> None:
        name = file_dialogs.open_file(self, self.tr("Import file"), "",
                                       self.tr("Tables and networks (*.csv *.txt *.xlsx *.xlsm *.net *.paj *.dl);;"
                                               "All files (*)"))
        if name:
            self.path.setText(name)

    def _changed(self, text: str) -> None:
        self.sheet.clear()
        path = Path(text)
        self.sheet.setEnabled(path.suffix.lower() in (".xlsx", ".xlsm") and path.exists())
        if self.sheet.isEnabled():
            from importers.tables import excel_sheets
            try:
                self.sheet.addItems(excel_sheets(path))
            except KnooppuntError as exc:
                self.error.setText(i18n.core(str(exc)))

    def unreadable_text(self, path: Path, exc: OSError) -> str:
        if isinstance(exc, FileNotFoundError) or not path.exists():
            return self.tr("%1: there is no such file").replace("%1", str(path))
        if isinstance(exc, IsADirectoryError) or path.is_dir():
            return self.tr("%1 is a folder: choose a file in it").replace("%1", str(path))
        if isinstance(exc, PermissionError):
            return self.tr("%1: you may not read this file").replace("%1", str(path))
        reason = exc.strerror or i18n.core(str(exc))
        return self.tr("%1 cannot be read (%2)").replace("%1", str(path)).replace("%2", reason)

    def validatePage(self) -> bool:
        from importers.network_files import is_network_file, read_network_ties, relation_names
        path = Path(self.path.text())
        try:
            self.w.columns, self.w.preview = read_preview(path, self.sheet.currentText() or None)
            self.w.relations_in_file = []
            self.w.modes = None
            if is_network_file(path):  # the reader's internal column names, shown as what they hold
                self.w.columns = [self.tr("From"), self.tr("To"), self.tr("Value"), self.tr("Relation")][
                    :len(self.w.columns)]
                ties = read_network_ties(path)
                self.w.relations_in_file = relation_names(ties)
                self.w.modes = ties.modes
        except (KnooppuntError, StopIteration) as exc:
            self.error.setText(i18n.core(str(exc)) or self.tr("The file holds no rows"))
            return False
        except OSError as exc:  # Python's own text is English ("[Errno 2] No such file or directory")
            self.error.setText(self.unreadable_text(path, exc))
            return False
        self.w.file = path
        self.error.clear()
        return True


class MappingPage(QWizardPage):
    """Preview, column -> entity property, relations between the mapped entities; or a saved spec."""

    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.w = wizard
        schema = wizard.session.store.schema
        self.schema = schema
        self.setTitle(self.tr("Preview and mapping"))
        self.setSubTitle(self.tr("Map columns to entity properties and choose the relations, or load a saved "
                                 "import specification. The specification below can also be edited directly."))
        self.preview = QTableWidget(self)
        self.preview.setMaximumHeight(170)
        self.mapping = QTableWidget(0, 3, self)
        self.mapping.setHorizontalHeaderLabels([self.tr("Column"), self.tr("Example"), self.tr("Maps to")])
        self.mapping.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().hide()
        self.relations = QListWidget(self)
        self.relations.setMaximumHeight(110)
        self.source = QLineEdit(self)
        self.reliability = QComboBox(self)
        for code in ("", *RELIABILITY):
            self.reliability.addItem(code, code)
        self.credibility = QComboBox(self)
        for code in ("", *CREDIBILITY):
            self.credibility.addItem(code, code)
        names.explain_grading(self.reliability, "reliability")  # what A-F and 1-6 mean, in the tooltips
        names.explain_grading(self.credibility, "credibility")
        self.label = QComboBox(self)
        for code in SECURITY_LABELS:  # the name shown (Vertrouwelijk), the code written into the spec
            self.label.addItem(names.security_label(code), code)
        self.date_format = QComboBox(self)
        self.date_format.addItem(self.tr("recognise"), "auto")
        for fmt in ("dd-mm-jjjj", "jjjj-mm-dd", "dd/mm/jjjj"):
            self.date_format.addItem(fmt, fmt)
        self.spec_text = QPlainTextEdit(self)
        self.spec_text.setMinimumHeight(140)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        load = QPushButton(self.tr("Load spec…"), self)
        load.clicked.connect(lambda _checked=False: self.load_spec_file())  # clicked(bool) would be the path
        self.saved = QComboBox(self)
        self.saved.activated.connect(lambda _i: self.load_saved(self.saved.currentText()))
        gen = QPushButton(self.tr("Update specification from mapping"), self)
        gen.clicked.connect(self.generate)
        self.network = QGroupBox(self.tr("Read as a network (adjacency matrix, Pajek, UCINET DL)"), self)
        self.network.setCheckable(True)
        self.network.setChecked(False)
        self.network.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # no empty band
        self.network.setToolTip(self.tr("Row labels down the first column and across the header, a number "
                                        "per tie; or a Pajek or UCINET DL file"))
        self.node_type = QComboBox(self)
        self.column_type = QComboBox(self)  # a two-mode network: what its columns are (persons x meetings)
        self.tie_type = QComboBox(self)
        self.tie_value = QComboBox(self)
        self.network_fields = QWidget(self.network)  # folded away while unticked: the table keeps its rows
        QVBoxLayout(self.network).addWidget(self.network_fields)
        net_form = QFormLayout(self.network_fields)
        net_form.setContentsMargins(0, 0, 0, 0)
        net_form.addRow(self.tr("Nodes are:"), self.node_type)
        net_form.addRow(self.tr("Columns are:"), self.column_type)
        net_form.addRow(self.tr("A tie is:"), self.tie_type)
        net_form.addRow(self.tr("Its number is:"), self.tie_value)
        self.relations_note = QLabel(self.network_fields)  # a file of several relations: how they come in
        self.relations_note.setWordWrap(True)
        self.relations_note.setVisible(False)
        net_form.addRow(self.relations_note)
        for name, et in self.schema.entities.items():
            if any(name in rt.source and name in rt.target for rt in self.schema.relations.values()):
                self.node_type.addItem(et.title(wizard.lang), name)
        self.node_type.setCurrentIndex(max(0, self.node_type.findData("Person")))
        self.column_type.setToolTip(self.tr("A two-mode network (persons by the meetings they attended): what its "
                                            "columns are; else the same as the nodes"))
        self.column_type.addItem(self.tr("(the same as the nodes)"), "")
        for name, et in self.schema.entities.items():
            if any(name in rt.target for rt in self.schema.relations.values()):
                self.column_type.addItem(et.title(wizard.lang), name)
        self._fill_ties()
        for signal, before in ((self.node_type.currentIndexChanged, self._fill_ties),
                               (self.column_type.currentIndexChanged, self._fill_ties),
                               (self.tie_type.currentIndexChanged, self._fill_values),
                               (self.tie_value.currentIndexChanged, None), (self.network.toggled, self._show_network)):
            signal.connect(lambda _i, before=before: self._network_changed(before))
        meta = QFormLayout()
        meta.addRow(self.tr("Source:"), self.source)
        grading = QHBoxLayout()  # each box named beside it: "A" and "3" in two bare boxes said nothing
        for text, combo in ((self.tr("Source reliability (A–F)"), self.reliability),
                            (self.tr("Information credibility (1–6)"), self.credibility)):
            named = QLabel(text, self)
            named.setBuddy(combo)
            grading.addWidget(named)
            grading.addWidget(combo)
        grading.addStretch(1)
        meta.addRow(self.tr("Grading:"), grading)
        meta.addRow(self.tr("Security label:"), self.label)
        meta.addRow(self.tr("Dates:"), self.date_format)
        specs_row = QHBoxLayout()
        specs_row.addWidget(load)
        specs_row.addWidget(QLabel(self.tr("Saved in project:"), self))
        specs_row.addWidget(self.saved, 1)
        specs_row.addWidget(gen)
        left = QVBoxLayout()
        left.addWidget(self.network)
        left.addWidget(self.mapping, 3)
        self.relations_title = QLabel(self.tr("Relations:"), self)
        left.addWidget(self.relations_title)
        left.addWidget(self.relations, 1)
        left.addStretch(0)  # a network: its three lists at the top, not in the middle of the page
        right = QVBoxLayout()
        right.addLayout(meta)
        right.addWidget(QLabel(self.tr("Import specification (YAML):"), self))
        right.addWidget(self.spec_text, 1)
        middle = QHBoxLayout()
        middle.addLayout(left, 3)
        middle.addLayout(right, 2)
        box = QVBoxLayout(self)
        box.addWidget(self.preview)
        box.addLayout(specs_row)
        box.addLayout(middle, 1)
        self.note = QLabel(self)  # what went well ("meldingen.yaml geladen"), not in the error's red
        box.addWidget(self.note)
        box.addWidget(self.error)
        for widget in (self.source, ):
            widget.textChanged.connect(lambda _t: self.generate())
        for combo in (self.reliability, self.credibility, self.label, self.date_format):
            combo.currentIndexChanged.connect(lambda _i: self.generate())
        self.relations.itemChanged.connect(lambda _i: self.generate())

    def _fill_ties(self) -> None:
        """The relations that can tie two nodes of the chosen type (Persoon: relatie van, had contact met, ...),
        or a node to a column of a two-mode network (Persoon to Gebeurtenis: aanwezig bij)."""
        node, current = self.node_type.currentData(), self.tie_type.currentData()
        column = self.column_type.currentData() or node
        was = self.tie_type.blockSignals(True)  # as it was: a caller may hold it blocked
        self.tie_type.clear()
        for rname, rt in self.schema.relations.items():
            if node in rt.source and column in rt.target:
                self.tie_type.addItem(rt.title(self.w.lang), rname)
        for wanted in (current, "associate_of", "attended"):
            if self.tie_type.findData(wanted) >= 0:
                self.tie_type.setCurrentIndex(self.tie_type.findData(wanted))
                break
        self.tie_type.blockSignals(was)
        self._fill_values()

    def _fill_values(self) -> None:
        """(none) and the chosen relation's number properties: where a tie's value (a count, a weight) is kept."""
        rt = self.schema.relations.get(self.tie_type.currentData() or "")
        current = self.tie_value.currentData()
        was = self.tie_value.blockSignals(True)  # as it was: a caller may hold it blocked
        self.tie_value.clear()
        self.tie_value.addItem(self.tr("(not kept)"), "")
        for prop, spec in (rt.properties.items() if rt else ()):
            if spec.type == "number":
                self.tie_value.addItem(spec.label.get(self.w.lang, prop), prop)
        for wanted in (current, "weight", "count"):
            if wanted and self.tie_value.findData(wanted) >= 0:
                self.tie_value.setCurrentIndex(self.tie_value.findData(wanted))
                break
        self.tie_value.blockSignals(was)

    def is_network(self) -> bool:
        """Mapped as a network: ticked, or a Pajek or DL file (no tick box: it cannot be a table)."""
        return self.network.isChecked() or not self.network.isCheckable()

    def _network_changed(self, before: Any) -> None:
        if before is not None:
            before()
        self.generate()

    def _show_network(self) -> None:
        """A network is mapped by the three choices: the column mapping and relation list would mislead."""
        table = not self.is_network()
        for widget in (self.mapping, self.relations, self.relations_title):
            widget.setVisible(table)
        self.network_fields.setVisible(not table)

    def targets(self) -> list[tuple[str, str]]:
        """(text, "Type.property") choices; Address also takes a whole free-text address."""
        out = [(self.tr("(skip)"), _SKIP),
               (self.tr("Relations · valid from"), f"{_RELATIONS}.valid_from"),
               (self.tr("Relations · valid to"), f"{_RELATIONS}.valid_to")]
        lang = self.w.lang
        relations = self.tr("Relations")  # lupdate does not see tr() inside an f-string
        full_address = self.tr("full address (parsed)")
        for prop, (label, owners) in self.relation_properties().items():
            out.append((f"{relations} · {label} ({', '.join(owners)})", f"{_RELPROP}.{prop}"))
        for name, et in self.schema.entities.items():
            if name == "Address":
                out.append((f"{et.title(lang)} · {full_address}", "Address.address"))
            for prop, spec in et.properties.items():
                out.append((f"{et.title(lang)} · {spec.label.get(lang, prop)}", f"{name}.{prop}"))
        return out

    def relation_properties(self) -> dict[str, tuple[str, list[str]]]:
        """Relation property -> (its label, the relation types declaring it), for mapping a column onto
        a relation itself (a "rol" column with "katvanger" onto director_of's role) without editing YAML."""
        out: dict[str, tuple[str, list[str]]] = {}
        for rt in self.schema.relations.values():
            for prop, spec in rt.properties.items():
                label, owners = out.get(prop, (spec.label.get(self.w.lang, prop), []))
                out[prop] = (label, [*owners, rt.title(self.w.lang)])
        return out

    def initializePage(self) -> None:
        cols, rows = self.w.columns, self.w.preview
        self.preview.setColumnCount(len(cols))
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels(cols)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                self.preview.setItem(i, j, QTableWidgetItem(value))
        choices = self.targets()
        self.mapping.setRowCount(len(cols))
        for i, col in enumerate(cols):
            self.mapping.setItem(i, 0, QTableWidgetItem(col))
            self.mapping.setItem(i, 1, QTableWidgetItem(rows[0][i] if rows else ""))
            combo = QComboBox(self.mapping)
            for text, key in choices:
                combo.addItem(text, key)
            guess = self.guess(col)
            if guess:
                combo.setCurrentIndex(max(0, combo.findData(guess)))
            combo.setToolTip(self.tr("“Relations · valid from/to” dates every relation a row makes; "
                                     "edit the specification to date relations one by one"))
            combo.currentIndexChanged.connect(lambda _i: self._mapping_changed())
            self.mapping.setCellWidget(i, 2, combo)
        self.source.setText(self.w.file.stem if self.w.file else "")
        self.saved.clear()
        self.saved.addItems(["", *self.w.saved_specs()])
        from importers.network_files import is_network_file
        from importers.networks import looks_like_incidence, looks_like_matrix
        network_file = self.w.file is not None and is_network_file(self.w.file)
        incidence = looks_like_incidence(cols, rows)  # persons down, meetings across
        self.network.blockSignals(True)
        self.network.setCheckable(not network_file)  # a Pajek or DL file is a network, nothing else
        self.network.setChecked(looks_like_matrix(cols, rows) or incidence)
        self.network.blockSignals(False)
        # a two-mode file (UCINET NR/NC, Pajek `*Vertices 32 18`): its columns are meetings, mostly
        two_mode = self.w.modes is not None or incidence
        self.column_type.setCurrentIndex(max(0, self.column_type.findData("Event")) if two_mode else 0)
        self._show_network()
        self._mapping_changed()

    def guess(self, column: str) -> str:
        """A first guess from the column name against property names and labels (nl/en)."""
        needle = column.strip().casefold().replace("-", " ").replace("_", " ")
        aliases = {"datum aanvang": f"{_RELATIONS}.valid_from", "datum einde": f"{_RELATIONS}.valid_to",
                   "kvk": "Company.kvk_number", "kvk nummer": "Company.kvk_number", "bedrijfsnaam": "Company.name",
                   "handelsnaam": "Company.trade_names", "adres": "Address.address", "naam": "Person.name",
                   "kenteken": "Vehicle.plate", "iban": "BankAccount.iban", "telefoon": "PhoneNumber.number",
                   "email": "Email.address", "e mail": "Email.address", "postcode": "Address.postcode",
                   "rol": f"{_RELPROP}.role", "functie": f"{_RELPROP}.role",
                   "huisnummer": "Address.house_number", "plaats": "Address.city", "woonplaats": "Address.city"}
        if needle in aliases:
            return aliases[needle]
        for name, et in self.schema.entities.items():
            for prop, spec in et.properties.items():
                if needle in (prop.replace("_", " "), *(v.casefold() for v in spec.label.values())):
                    return f"{name}.{prop}"
        return _SKIP

    def _column(self, row: int) -> str:
        item = self.mapping.item(row, 0)
        return item.text() if item is not None else ""

    def mapped(self) -> dict[str, dict[str, str]]:
        """Entity type -> {property: column}."""
        out: dict[str, dict[str, str]] = {}
        for i in range(self.mapping.rowCount()):
            combo: QComboBox = self.mapping.cellWidget(i, 2)  # type: ignore[assignment]
            key = combo.currentData()
            if key:
                etype, prop = key.split(".", 1)
                out.setdefault(etype, {})[prop] = self._column(i)
        return out

    def _mapping_changed(self) -> None:
        checked = {self.relations.item(i).data(Qt.ItemDataRole.UserRole)
                   for i in range(self.relations.count())
                   if self.relations.item(i).checkState() == Qt.CheckState.Checked}
        self._list_relations(checked)
        self.generate()

    def _list_relations(self, checked: set[str]) -> None:
        """The relations the mapped types can make, those in `checked` ticked; the specification untouched."""
        types = [t for t in self.mapped() if t not in (_RELATIONS, _RELPROP)]
        self.relations.blockSignals(True)
        self.relations.clear()
        for rname, rt in self.schema.relations.items():
            for a in types:
                for b in types:
                    if a != b and a in rt.source and b in rt.target:
                        key = json.dumps([rname, a, b])
                        ents = self.schema.entities
                        item = QListWidgetItem(f"{ents[a].title(self.w.lang)} — {rt.title(self.w.lang)} "
                                               f"→ {ents[b].title(self.w.lang)}")
                        item.setData(Qt.ItemDataRole.UserRole, key)
                        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                        item.setCheckState(Qt.CheckState.Checked if key in checked else Qt.CheckState.Unchecked)
                        self.relations.addItem(item)
        self.relations.blockSignals(False)

    def set_relation(self, relation: str, source: str, target: str, checked: bool = True) -> bool:
        key = json.dumps([relation, source, target])
        for i in range(self.relations.count()):
            item = self.relations.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return True
        return False

    def set_mapping(self, column: str, target: str) -> None:
        for i in range(self.mapping.rowCount()):
            if self._column(i) == column:
                combo: QComboBox = self.mapping.cellWidget(i, 2)  # type: ignore[assignment]
                combo.setCurrentIndex(combo.findData(target))

    def generate(self) -> dict[str, Any]:
        """Write the spec for the current mapping into the YAML box."""
        entities: dict[str, Any] = {}
        mapped = self.mapped()
        validity = mapped.pop(_RELATIONS, {})
        rel_props = mapped.pop(_RELPROP, {})
        for etype, props in mapped.items():
            key = etype.lower()
            entry: dict[str, Any] = {"type": etype, "properties": {p: c for p, c in props.items() if p != "address"}}
            if "address" in props:
                entry["address"] = props["address"]
            if not entry["properties"]:
                del entry["properties"]
            et = self.schema.entities[etype]
            if not any(p in props for p in et.identity) and etype != "Address":
                entry["reference"] = sorted(set(props.values()))  # no identifier: identify by these columns
            entities[key] = entry
        relations = []
        unused = set(rel_props)
        for i in range(self.relations.count()):
            item = self.relations.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                rname, a, b = json.loads(item.data(Qt.ItemDataRole.UserRole))
                relation: dict[str, Any] = {"type": rname, "from": a.lower(), "to": b.lower(), **validity}
                declared = {p: c for p, c in rel_props.items() if p in self.schema.relations[rname].properties}
                if declared:
                    relation["properties"] = declared
                    unused -= set(declared)
                relations.append(relation)
        if unused:  # said, not dropped: the column would otherwise vanish from the import unseen
            self.error.setText(self.tr("No ticked relation has the property %1: tick a relation that has it "
                                       "or map the column elsewhere").replace("%1", ", ".join(
                                           sorted(self.relation_properties()[p][0] for p in unused))))
            self._unused_said = True
        elif getattr(self, "_unused_said", False):
            self.error.clear()
            self._unused_said = False
        spec: dict[str, Any] = {"name": self.source.text() or "import", "source": self.source.text() or "import",
                                "label": self.label.currentData(), "date_format": self.date_format.currentData(),
                                "entities": entities, "relations": relations}
        if self.is_network():
            del spec["entities"], spec["relations"], spec["date_format"]
            spec["matrix"] = self._matrix()
        if self.reliability.currentText():
            spec["reliability"] = self.reliability.currentText()
        if self.credibility.currentText():
            spec["credibility"] = self.credibility.currentText()
        self.spec_text.setPlainText(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False))
        return spec

    def _matrix(self) -> dict[str, Any]:
        """The spec's `matrix:` from the three choices. A file of several relations (Padgett's Business and
        Marital) brings each in as the chosen tie, its name kept in the tie's kind (a text property), so
        that the relations stay apart; the analyst may give each its own type in the YAML."""
        tie = self.tie_type.currentData()
        matrix: dict[str, Any] = {"entity": self.node_type.currentData(), "relation": tie}
        if self.column_type.currentData():
            matrix["columns"] = self.column_type.currentData()
        names = self.w.relations_in_file if len(self.w.relations_in_file) > 1 else []
        kind = self._name_property(tie) if names else None
        if names:
            del matrix["relation"]
            matrix["relations"] = {name: tie for name in names}
        if self.tie_value.currentData():
            matrix["value"] = self.tie_value.currentData()
        if kind:
            matrix["name"] = kind
        self.relations_note.setVisible(bool(names))
        if names:
            rt = self.schema.relations.get(tie or "")
            where = rt.properties[kind].label.get(self.w.lang, kind) if rt and kind else self.tr("(not kept)")
            self.relations_note.setText(self.tr("This file holds %1 relations (%2): each comes in as this tie, "
                                                "its name in “%3”; give each its own type in the specification")
                                        .replace("%1", str(len(names))).replace("%2", ", ".join(names))
                                        .replace("%3", where))
        return matrix

    def _name_property(self, tie: str | None) -> str | None:
        """Where a tie keeps its relation's name: a text property of its identity (contacted: kind), else its
        first text property (associate_of: nature), else none."""
        rt = self.schema.relations.get(tie or "")
        if rt is None:
            return None
        texts = [p for p, spec in rt.properties.items() if spec.type == "text"]
        return next((p for p in rt.identity if p in texts), texts[0] if texts else None)

    def load_spec_file(self, path: Path | None = None) -> None:
        if path is None:
            name = file_dialogs.open_file(self, self.tr("Load import specification"), "",
                                           self.tr("Import specifications (*.yaml *.yml)"))
            if not name:
                return
            path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.error.setText(self.w.file_page.unreadable_text(path, exc) if isinstance(exc, OSError)
                               else self.tr("%1 is not a text file (UTF-8)").replace("%1", path.name))
            return
        self.spec_text.setPlainText(text)
        self.show_spec_fields(text)
        self.error.clear()
        self.note.setText(self.tr("Loaded %1").replace("%1", path.name))

    def load_saved(self, name: str) -> None:
        if name:
            text = self.w.session.store.get_setting(SPEC_SETTING + name) or ""
            self.spec_text.setPlainText(text)
            self.show_spec_fields(text)

    def show_spec_fields(self, text: str) -> None:
        """Source, grading, label and dates of a loaded spec in the fields beside it.

        They kept the generated values (source "meldingen", label open) while the loaded spec said
        otherwise; touching one of them then regenerated the YAML and silently replaced the loaded spec.
        """
        try:
            spec = yaml.safe_load(text)
        except yaml.YAMLError:
            return
        if not isinstance(spec, dict):
            return
        fields = ((self.reliability, spec.get("reliability")), (self.credibility, spec.get("credibility")),
                  (self.label, spec.get("label")), (self.date_format, spec.get("date_format")))
        for widget in (self.source, *(w for w, _v in fields)):
            widget.blockSignals(True)
        try:
            self.source.setText(str(spec.get("source") or spec.get("name") or ""))
            for combo, value in fields:
                index = combo.findData(str(value)) if value is not None else -1
                combo.setCurrentIndex(max(index, 0) if combo in (self.label, self.date_format) else index)
        finally:
            for widget in (self.source, *(w for w, _v in fields)):
                widget.blockSignals(False)
        self.show_spec_mapping(spec)

    def show_spec_mapping(self, spec: dict[str, Any]) -> None:
        """The loaded spec's columns in the mapping table and its relations ticked, the YAML left as loaded.

        The table kept its guesses and no relation was ticked: the page said something else than the
        specification that would be imported (and ticking one relation regenerated it without the rest)."""
        from views.spec_choices import column_targets, relation_keys
        matrix = spec.get("matrix")
        if isinstance(matrix, dict):
            self.show_network_choices(matrix)
            return
        if self.network.isCheckable() and self.network.isChecked():
            self.network.blockSignals(True)
            self.network.setChecked(False)
            self.network.blockSignals(False)
            self._show_network()
        targets = column_targets(spec)
        combos: list[QComboBox] = [self.mapping.cellWidget(i, 2)  # type: ignore[misc]
                                   for i in range(self.mapping.rowCount())]
        for i, combo in enumerate(combos):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(targets.get(self._column(i), _SKIP))))
            combo.blockSignals(False)
        self._list_relations(relation_keys(spec))

    def show_network_choices(self, matrix: dict[str, Any]) -> None:
        """A loaded spec's `matrix:` in the three network choices (the YAML left as loaded)."""
        widgets = (self.network, self.node_type, self.column_type, self.tie_type, self.tie_value)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.network.setChecked(True)
            self.node_type.setCurrentIndex(max(0, self.node_type.findData(matrix.get("entity"))))
            self.column_type.setCurrentIndex(max(0, self.column_type.findData(matrix.get("columns") or "")))
            self._fill_ties()
            tie = matrix.get("relation") or next(iter((matrix.get("relations") or {}).values()), None)
            self.tie_type.setCurrentIndex(max(0, self.tie_type.findData(tie)))
            self._fill_values()
            self.tie_value.setCurrentIndex(max(0, self.tie_value.findData(matrix.get("value") or "")))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._show_network()

    def validatePage(self) -> bool:
        from importers.spec import loads_spec
        try:
            self.w.spec = loads_spec(self.spec_text.toPlainText(), origin=self.tr("the specification"),
                                     schema=self.schema)
        except KnooppuntError as exc:
            self.error.setText(i18n.core(str(exc)))
            return False
        if not self.w.spec.tables or not any(t.entities for t in self.w.spec.tables):
            self.error.setText(self.tr("Map at least one column"))
            return False
        self.w.spec_yaml = self.spec_text.toPlainText()
        self.error.clear()
        return True


class RunPage(QWizardPage):
    """Shared by dry run and import: a worker with progress and cancel, then a summary table."""

    def __init__(self, wizard: ImportWizard, dry_run: bool):
        super().__init__(wizard)
        self.w = wizard
        self.dry_run = dry_run
        self.setTitle(self.tr("Dry run") if dry_run else self.tr("Import"))
        self.setSubTitle(self.tr("Counts of new, merged and rejected records; nothing is written.") if dry_run
                         else self.tr("One transaction: Cancel leaves the project as it was."))
        self.progress = QProgressBar(self)
        self.cancel_btn = QPushButton(self.tr("Cancel"), self)
        self.cancel_btn.clicked.connect(self.cancel)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.speed = QLabel(self)  # rate and time left while it runs; count, time and rate when done
        self.table = QTableView(self)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(130)
        self.rejects = QPlainTextEdit(self)
        self.rejects.setReadOnly(True)
        self.rejects.setPlaceholderText(self.tr("No rows were rejected."))  # an empty white box said nothing
        self.rejects.setMaximumHeight(120)
        self.warnings_label = QLabel(self.tr("Warnings:"), self)
        self.warnings = QPlainTextEdit(self)  # ImportResult.warnings: what the analyst must know
        self.warnings.setReadOnly(True)
        self.warnings.setMaximumHeight(90)
        self.warnings_label.hide()
        self.warnings.hide()
        self.save_btn = QPushButton(self.tr("Save specification…"), self)
        self.save_btn.clicked.connect(lambda: self.w.save_spec())
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_btn)
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addWidget(self.speed)
        box.addWidget(self.status)
        box.addWidget(self.table)
        box.addWidget(QLabel(self.tr("Rejected rows:"), self))
        box.addWidget(self.rejects)
        box.addWidget(self.warnings_label)
        box.addWidget(self.warnings)
        box.addWidget(self.save_btn)
        self.task: Operation | None = None
        self.result: Any = None
        self.done = False
        self.started_at = ""  # when the last run began: records created since came from it

    def initializePage(self) -> None:
        self.done = False
        self.result = None
        self.start()

    def isComplete(self) -> bool:
        return self.done

    def start(self) -> Operation:
        from importers.case_import import import_table_file
        session, path, spec, dry = self.w.session, self.w.file, self.w.spec, self.dry_run
        assert path is not None and spec is not None
        from graph.model import now_iso
        self.started_at = now_iso()
        reject_file = Path(tempfile.mkdtemp(prefix="knooppunt-rejects-")) / "rejects.csv"
        self.reject_file = reject_file
        total = count_rows(path)

        def work(store: Any, progress: Progress) -> Any:
            progress.total = total
            # One transaction: a Cancel (raised from progress) rolls back every chunk written so far.
            return import_table_file(store, path, spec, dry_run=dry, reject_path=reject_file,
                                     progress=progress.advance, chunk_rows=5000)

        self.progress.setRange(0, total)
        self.progress.setValue(0)
        self.cancel_btn.setEnabled(True)
        self.status.setText(self.tr("Working…"))
        self.speed.clear()
        self.task = Operation(self, session.reopen, work, title=self.tr("Import"),
                              changes=None if dry else Changes(entities=True, relations=True),
                              on_progress=lambda d, t, _s: self._progress(d, t), on_done=self._done,
                              on_error=self._failed, on_cancel=self._cancelled).run_in_background()
        return self.task

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total) if total else 0)
        if self.task is not None:
            self.speed.setText(speed_text(self.task.meter, self.tr("rows")))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _finish(self) -> None:
        self.task = None
        self.cancel_btn.setEnabled(False)
        self.done = True
        self.completeChanged.emit()

    def _done(self, result: Any) -> None:
        self.result = result
        names = {"entities": self.tr("entities"), "relations": self.tr("relations"), "rows": self.tr("rows")}
        rows = [{"what": names.get(r["what"], r["what"]), "new": r.get("new", ""), "merged": r.get("merged", ""),
                 "unchanged": r.get("unchanged", ""), "rejected": r.get("rejected", "")} for r in result.summary()]
        self.table.setModel(ResultTableModel(rows, ["what", "new", "merged", "unchanged", "rejected"],
                                             [self.tr("What"), self.tr("New"), self.tr("Merged"), self.tr("Unchanged"),
                                              self.tr("Rejected")], self))
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if self.task is not None:
            self.speed.setText(finished_text(self.task.meter, self.tr("rows")))
        if self.reject_file.exists() and result.rejected:
            self.rejects.setPlainText(self._reasons(result.rejected))
        self.warnings.setPlainText("\n".join(i18n.core(w) for w in result.warnings))
        self.warnings_label.setVisible(bool(result.warnings))
        self.warnings.setVisible(bool(result.warnings))
        self.status.setText(self.tr("Dry run finished: nothing was written.") if self.dry_run
                            else self.tr("Imported %n rows.", "", result.rows - result.rejected))
        self._finish()
        if not self.dry_run:
            self.w.imported.emit(list(result.entities.ids))

    def _reasons(self, rejected: int) -> str:
        """One line per rejected row: where, and why in the interface's language. The box showed the
        reject file's raw CSV, so a Dutch analyst read English reasons between semicolons."""
        lines: list[str] = []
        with self.reject_file.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            for rec in csv.DictReader(fh, delimiter=";"):
                if len(lines) == REJECTS_SHOWN:
                    break
                where = self.tr("row %1").replace("%1", rec.get("row") or "?")
                if rec.get("sheet"):
                    where = f"{rec['sheet']}, {where}"
                if rec.get("column"):
                    where += ", " + self.tr("column %1").replace("%1", rec["column"])
                lines.append(f"{where}: {i18n.core(rec.get('reason') or '')}")
        if rejected > len(lines):
            lines.append(self.tr("… and %1 more; every row with its reason is in %2")
                         .replace("%1", str(rejected - len(lines))).replace("%2", str(self.reject_file)))
        return "\n".join(lines)

    def _failed(self, message: str) -> None:
        self.status.setText(self.tr("Stopped: %1").replace("%1", message))
        self.status.setStyleSheet("color: #b00020")
        self._finish()

    def _cancelled(self) -> None:
        self.status.setText(self.tr("Cancelled: nothing was written."))
        self._finish()


class ImportWizard(QWizard):
    imported = Signal(list)

    def __init__(self, session: Any, lang: str = "nl", parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.file: Path | None = None
        self.columns: list[str] = []
        self.preview: list[list[str]] = []
        self.relations_in_file: list[str] = []  # a network file's relations (Pajek `*Arcs :1 "Business"`)
        self.modes: tuple[int, int] | None = None  # a two-mode network file: its row and column vertices
        self.spec: Any = None
        self.spec_yaml = ""
        self.setWindowTitle(self.tr("Import wizard"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.dry_page = RunPage(self, dry_run=True)
        self.import_page = RunPage(self, dry_run=False)
        for page in (self.file_page, self.mapping_page, self.dry_page, self.import_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        # after the import, Back would run it again and Cancel would not undo it: only Finish is left
        # (the import page has its own Cancel for the running import)
        self.setOption(QWizard.WizardOption.DisabledBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        fit_to_screen(self, 1100, 760)  # Next and Cancel stay on a 768-pixel screen

    def saved_specs(self) -> list[str]:
        return list(json.loads(self.session.store.get_setting("import_specs") or "[]"))

    def save_spec(self, path: Path | None = None, name: str | None = None) -> bool:
        """Save the specification as a YAML file and in the project, to reuse for the next delivery."""
        if not self.spec_yaml:
            return False
        if path is None:
            chosen = file_dialogs.save_file(self, self.tr("Save import specification"),
                                             f"{self.spec.name if self.spec else 'import'}.yaml",
                                             self.tr("Import specifications (*.yaml)"))
            if not chosen:
                return False
            path = Path(chosen)
        path.write_text(self.spec_yaml, encoding="utf-8")
        name = name or path.stem
        try:
            store = self.session.store
            with store.transaction():
                store.set_setting(SPEC_SETTING + name, self.spec_yaml)
                names = self.saved_specs()
                if name not in names:
                    store.set_setting("import_specs", json.dumps([*names, name], ensure_ascii=False))
        except KnooppuntError as exc:
            show_error(self, self.windowTitle(), i18n.core(str(exc)))
            return False
        return True
