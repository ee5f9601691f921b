"""Project > Audit log…: who did what and when, and whether the chain still holds, in the workbench.

The CLI has `knooppunt audit show` and `audit verify`; an analyst on day one looks for the same in the
window. The entries are read through the guarded store (the `audit` permission, as on the CLI), newest
first, times as dd-mm-jjjj hh:mm in Dutch; "Check" runs the same verification as `audit verify`.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from graph.access import untrusted
from graph.access.audit import readable_details
from graph.errors import KnooppuntError
from graph.formatting import format_timestamp
from graph.stores.sealed_ids import TOKEN
from views import i18n


def _texts() -> dict[str, str]:
    """The dialog's words (literal translate() calls, so pyside6-lupdate collects them)."""
    return {
        "title": QCoreApplication.translate("AuditDialog", "Audit log"),
        "no": QCoreApplication.translate("AuditDialog", "No."),
        "time": QCoreApplication.translate("AuditDialog", "Time (UTC)"),
        "member": QCoreApplication.translate("AuditDialog", "Member"),
        "action": QCoreApplication.translate("AuditDialog", "Action"),
        "details": QCoreApplication.translate("AuditDialog", "Details"),
        "hint": QCoreApplication.translate("AuditDialog", "Check verifies the hash chain and every entry's signature."),
        "check": QCoreApplication.translate("AuditDialog", "Check"),
        "count": QCoreApplication.translate("AuditDialog", "%1 entries, newest first"),
        "shown": QCoreApplication.translate("AuditDialog", "%1 of %2 entries, newest first"),
        "filter": QCoreApplication.translate("AuditDialog", "Filter on a name, id, member or action…"),
        "filter tip": QCoreApplication.translate(
            "AuditDialog", "Shows the entries that mention this text anywhere: who saw, changed or exported a "
            "person, or what one member did"),
        "signed": QCoreApplication.translate("AuditDialog", "Every entry is signed by the member who acted."),
        "accepted": QCoreApplication.translate(
            "AuditDialog", "Entry #%1: the file for label %2 was accepted at write %3 in place of %4, by %5 at %6, "
            "reason: %7"),
    }


def _tr(key: str) -> str:
    return _texts()[key]


def action_names() -> dict[str, str]:
    """The audit actions an analyst meets most, in the interface language; others show their code."""
    return {
        "open": QCoreApplication.translate("AuditDialog", "opened"),
        "lock": QCoreApplication.translate("AuditDialog", "locked"),
        "search": QCoreApplication.translate("AuditDialog", "search"),
        "view": QCoreApplication.translate("AuditDialog", "viewed"),
        "import": QCoreApplication.translate("AuditDialog", "import"),
        "export": QCoreApplication.translate("AuditDialog", "export"),
        "edit": QCoreApplication.translate("AuditDialog", "edited"),
        "delete": QCoreApplication.translate("AuditDialog", "deleted"),
        "analyse": QCoreApplication.translate("AuditDialog", "analysis"),
        "load graph": QCoreApplication.translate("AuditDialog", "network loaded"),
        "denied": QCoreApplication.translate("AuditDialog", "refused"),
        "project create": QCoreApplication.translate("AuditDialog", "project created"),
        "member add": QCoreApplication.translate("AuditDialog", "member added"),
        "member remove": QCoreApplication.translate("AuditDialog", "member removed"),
        "member change": QCoreApplication.translate("AuditDialog", "member changed"),
        "remember key": QCoreApplication.translate("AuditDialog", "key remembered"),
        "passphrase change": QCoreApplication.translate("AuditDialog", "passphrase changed"),
        "merge": QCoreApplication.translate("AuditDialog", "merged"),
        "note add": QCoreApplication.translate("AuditDialog", "note added"),
        "document attach": QCoreApplication.translate("AuditDialog", "document attached"),
        "setting": QCoreApplication.translate("AuditDialog", "setting changed"),
        "key rotation": QCoreApplication.translate("AuditDialog", "keys replaced"),
        "vik alert": QCoreApplication.translate("AuditDialog", "VIK alert"),
        "vik alert seen": QCoreApplication.translate("AuditDialog", "VIK alert seen"),
        "vik action add": QCoreApplication.translate("AuditDialog", "VIK action added"),
        "vik action edit": QCoreApplication.translate("AuditDialog", "VIK action edited"),
        "vik meeting add": QCoreApplication.translate("AuditDialog", "VIK meeting planned"),
        "vik meeting edit": QCoreApplication.translate("AuditDialog", "VIK meeting edited"),
        "vik agenda add": QCoreApplication.translate("AuditDialog", "agenda item added"),
        "vik agenda decide": QCoreApplication.translate("AuditDialog", "agenda item decided"),
        "vik watch add": QCoreApplication.translate("AuditDialog", "watchlist: added"),
        "vik watch remove": QCoreApplication.translate("AuditDialog", "watchlist: removed"),
        "vik access request": QCoreApplication.translate("AuditDialog", "access request"),
        "vik purge": QCoreApplication.translate("AuditDialog", "VIK records purged"),
        "document view": QCoreApplication.translate("AuditDialog", "document viewed"),
        "document delete": QCoreApplication.translate("AuditDialog", "document deleted"),
        "note edit": QCoreApplication.translate("AuditDialog", "note edited"),
        "note delete": QCoreApplication.translate("AuditDialog", "note deleted"),
        "note restore": QCoreApplication.translate("AuditDialog", "note restored"),
        "search notes": QCoreApplication.translate("AuditDialog", "notes searched"),
        "search documents": QCoreApplication.translate("AuditDialog", "documents searched"),
        "purge": QCoreApplication.translate("AuditDialog", "records purged"),
        "members restore": QCoreApplication.translate("AuditDialog", "members table restored"),
        "project migrate": QCoreApplication.translate("AuditDialog", "project migrated"),
        "verify briefing": QCoreApplication.translate("AuditDialog", "briefing verified"),
        "push": QCoreApplication.translate("AuditDialog", "sent to the server"),
        "pull": QCoreApplication.translate("AuditDialog", "fetched from the server"),
        "unlock failure report": QCoreApplication.translate("AuditDialog", "failed unlock reported"),
        "member key tampering": QCoreApplication.translate("AuditDialog", "member key tampered with"),
        "audit warning": QCoreApplication.translate("AuditDialog", "audit warning"),
        "label files written": QCoreApplication.translate("AuditDialog", "label files written"),
        "label file accepted": QCoreApplication.translate("AuditDialog", "put-back label file accepted"),
        "rows signed": QCoreApplication.translate("AuditDialog", "main-file rows signed as carried over"),
        "recompute captions": QCoreApplication.translate("AuditDialog", "captions recomputed"),
        "resolution reject": QCoreApplication.translate("AuditDialog", "duplicate pair rejected"),
    }


def detail_names() -> dict[str, str]:
    """The details' keys in the interface language (the log keeps its codes; `audit show` prints those)."""
    return {  # in the order a row shows them: what the entry is about first
        "analysis": QCoreApplication.translate("AuditDetails", "analysis"),
        "query": QCoreApplication.translate("AuditDetails", "query"),
        "hits": QCoreApplication.translate("AuditDetails", "hits"),
        "types": QCoreApplication.translate("AuditDetails", "types"),
        "id": QCoreApplication.translate("AuditDetails", "id"),
        "ids": QCoreApplication.translate("AuditDetails", "ids"),
        "ids_total": QCoreApplication.translate("AuditDetails", "ids in all"),
        "record": QCoreApplication.translate("AuditDetails", "record"),
        "records": QCoreApplication.translate("AuditDetails", "records"),
        "kind": QCoreApplication.translate("AuditDetails", "kind"),
        "cause": QCoreApplication.translate("AuditDetails", "cause"),
        "key": QCoreApplication.translate("AuditDetails", "setting"),
        "value": QCoreApplication.translate("AuditDetails", "value"),
        "how": QCoreApplication.translate("AuditDetails", "how"),
        "generation": QCoreApplication.translate("AuditDetails", "key generation"),
        "nodes": QCoreApplication.translate("AuditDetails", "entities"),
        "edges": QCoreApplication.translate("AuditDetails", "relations"),
        "entities": QCoreApplication.translate("AuditDetails", "entities"),
        "relations": QCoreApplication.translate("AuditDetails", "relations"),
        "rows": QCoreApplication.translate("AuditDetails", "rows"),
        "top": QCoreApplication.translate("AuditDetails", "at most"),
        "target": QCoreApplication.translate("AuditDetails", "file"),
        "file": QCoreApplication.translate("AuditDetails", "file"),
        "count": QCoreApplication.translate("AuditDetails", "number"),
        "format": QCoreApplication.translate("AuditDetails", "format"),
        "audience": QCoreApplication.translate("AuditDetails", "audience"),
        "marking": QCoreApplication.translate("AuditDetails", "marking"),
        "member": QCoreApplication.translate("AuditDetails", "member"),
        "role": QCoreApplication.translate("AuditDetails", "role"),
        "clearance": QCoreApplication.translate("AuditDetails", "clearance"),
        "permission": QCoreApplication.translate("AuditDetails", "permission"),
        "reason": QCoreApplication.translate("AuditDetails", "reason"),
        "name": QCoreApplication.translate("AuditDetails", "name"),
        "size": QCoreApplication.translate("AuditDetails", "size (bytes)"),
        "what": QCoreApplication.translate("AuditDetails", "what"),
        "created": QCoreApplication.translate("AuditDetails", "new"),
        "updated": QCoreApplication.translate("AuditDetails", "merged"),
        "unchanged": QCoreApplication.translate("AuditDetails", "unchanged"),
        "requested": QCoreApplication.translate("AuditDetails", "requested"),
        "before": QCoreApplication.translate("AuditDetails", "before"),
        "after": QCoreApplication.translate("AuditDetails", "after"),
        "meeting": QCoreApplication.translate("AuditDetails", "meeting"),
        "person": QCoreApplication.translate("AuditDetails", "person"),
        "hidden": QCoreApplication.translate("AuditDetails", "hidden"),
        "registers": QCoreApplication.translate("AuditDetails", "registers"),
        "label": QCoreApplication.translate("AuditDetails", "classification"),
        "chars": QCoreApplication.translate("AuditDetails", "characters"),
        "owner": QCoreApplication.translate("AuditDetails", "owner"),
        "encrypted": QCoreApplication.translate("AuditDetails", "encrypted"),
        "where": QCoreApplication.translate("AuditDetails", "where"),
        "outcome": QCoreApplication.translate("AuditDetails", "outcome"),
        "source": QCoreApplication.translate("AuditDetails", "source"),
        "sources": QCoreApplication.translate("AuditDetails", "sources"),
        "changes": QCoreApplication.translate("AuditDetails", "changes"),
        "origin": QCoreApplication.translate("AuditDetails", "from"),
        "destination": QCoreApplication.translate("AuditDetails", "to"),
        "depth": QCoreApplication.translate("AuditDetails", "depth"),
        "chart": QCoreApplication.translate("AuditDetails", "chart"),
        "command": QCoreApplication.translate("AuditDetails", "command"),
        "project": QCoreApplication.translate("AuditDetails", "project"),
        "found": QCoreApplication.translate("AuditDetails", "found"),
        "warning": QCoreApplication.translate("AuditDetails", "warning"),
        "generations": QCoreApplication.translate("AuditDetails", "write generations"),
        "accepted": QCoreApplication.translate("AuditDetails", "accepted at write"),
        "replaced": QCoreApplication.translate("AuditDetails", "in place of write"),
        "spec": QCoreApplication.translate("AuditDetails", "import specification"),
        "sheet": QCoreApplication.translate("AuditDetails", "sheet"),
        "rejected": QCoreApplication.translate("AuditDetails", "rejected"),
        "total": QCoreApplication.translate("AuditDetails", "in all"),
        "decision": QCoreApplication.translate("AuditDetails", "decision"),
        "entity_types": QCoreApplication.translate("AuditDetails", "entity types"),
        "relation_types": QCoreApplication.translate("AuditDetails", "relation types"),
        "start": QCoreApplication.translate("AuditDetails", "from"),
        "end": QCoreApplication.translate("AuditDetails", "to"),
        "component": QCoreApplication.translate("AuditDetails", "component of"),
        "a": QCoreApplication.translate("AuditDetails", "record A"),
        "b": QCoreApplication.translate("AuditDetails", "record B"),
        "attempted_at": QCoreApplication.translate("AuditDetails", "attempted at"),
        "author": QCoreApplication.translate("AuditDetails", "author"),
        "by": QCoreApplication.translate("AuditDetails", "by"),
        "claimed_member": QCoreApplication.translate("AuditDetails", "claimed member"),
        "copies": QCoreApplication.translate("AuditDetails", "copies"),
        "deleted": QCoreApplication.translate("AuditDetails", "deleted"),
        "dossier": QCoreApplication.translate("AuditDetails", "dossier"),
        "extract_note": QCoreApplication.translate("AuditDetails", "note on the extract"),
        "isolation": QCoreApplication.translate("AuditDetails", "isolation"),
        "keys": QCoreApplication.translate("AuditDetails", "keys"),
        "labels": QCoreApplication.translate("AuditDetails", "classifications"),
        "members": QCoreApplication.translate("AuditDetails", "members"),
        "names_changed": QCoreApplication.translate("AuditDetails", "names changed"),
        "omitted": QCoreApplication.translate("AuditDetails", "left out"),
        "partitions": QCoreApplication.translate("AuditDetails", "partitions"),
        "previous_clearance": QCoreApplication.translate("AuditDetails", "previous clearance"),
        "previous_role": QCoreApplication.translate("AuditDetails", "previous role"),
        "rotation": QCoreApplication.translate("AuditDetails", "key replacement"),
        "seconds": QCoreApplication.translate("AuditDetails", "seconds"),
        "sha256": QCoreApplication.translate("AuditDetails", "SHA-256"),
        "signing_key": QCoreApplication.translate("AuditDetails", "signing key"),
        "slots_removed": QCoreApplication.translate("AuditDetails", "slots removed"),
        "title": QCoreApplication.translate("AuditDetails", "title"),
        "template": QCoreApplication.translate("AuditDetails", "template"),
        "unauthenticated": QCoreApplication.translate("AuditDetails", "unauthenticated"),
        "uri": QCoreApplication.translate("AuditDetails", "address"),
    }


def value_names() -> dict[str, str]:
    """Code words some details hold as values (how a project was opened, an alert's kind), in the interface language."""
    return {
        "data key": QCoreApplication.translate("AuditDetails", "data key"),
        "passphrase": QCoreApplication.translate("AuditDetails", "passphrase"),
        "keyring (GUI)": QCoreApplication.translate("AuditDetails", "keyring (GUI)"),
        "closure": QCoreApplication.translate("AuditDetails", "closure"),
        "penalty": QCoreApplication.translate("AuditDetails", "penalty payment"),
        "watch": QCoreApplication.translate("AuditDetails", "watchlist"),
        "file": QCoreApplication.translate("AuditDetails", "file"),
        "text": QCoreApplication.translate("AuditDetails", "text"),
        "sources list": QCoreApplication.translate("AuditDetails", "sources list"),
        "idle or by hand": QCoreApplication.translate("AuditDetails", "idle or by hand"),
        "OS keyring": QCoreApplication.translate("AuditDetails", "OS keyring"),
        "%1 characters": QCoreApplication.translate("AuditDetails", "%1 characters"),
        "<%1 characters, %2>": QCoreApplication.translate("AuditDetails", "<%1 characters, %2>"),
        "<a record, %1>": QCoreApplication.translate("AuditDetails", "<a record, %1>"),
        "yes": QCoreApplication.translate("AuditDetails", "yes"),
        "no": QCoreApplication.translate("AuditDetails", "no"),
    }


def _analysis_words(details: dict[str, Any], lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """An analysis entry's own words: its title, its parameters' labels and their choices (measures by
    their column's name, a method in words as the Parameters form says it), from the analysis catalogue."""
    from graph.analysis import catalogue
    from views.analysis_panel import choice_words
    key = details.get("analysis")
    try:
        spec = catalogue.get(key) if isinstance(key, str) else None
    except KnooppuntError:
        spec = None
    if spec is None:
        return {}, {}
    columns = {c.name: c.label(lang) for c in spec.columns}
    words = choice_words()
    choices = {c: columns[c].lower() if c in columns else words.get(c, c) for p in spec.params for c in p.choices}
    return ({p.name: p.label(lang).lower() for p in spec.params}, {spec.key: spec.title(lang), **choices})


_MASKED = re.compile(r"<(\d+) characters, ([a-z/+-]+)>")
# Details whose values are code words (a search query or a name is the analyst's own text: never translated).
# Details whose values are security-label codes (`police-wpg+fiod/tax`): shown by the labels' names.
LABELED = frozenset({"marking", "clearance", "label", "labels"})
CODED = frozenset({"how", "kind", "what", "reason", "where", "analysis", "measures", "method", "types", "type"})


def _value_text(key: str, value: Any, values: dict[str, str], lang: str) -> str:
    if isinstance(value, float):  # 0,002 in Dutch
        return str(value).replace(".", ",") if lang == "nl" else str(value)
    if isinstance(value, bool):
        return values["yes"] if value else values["no"]
    if isinstance(value, list):
        return ", ".join(_value_text(key, v, values, lang) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        hidden = _MASKED.fullmatch(value)  # graph.access.audit.masked: a text above open, as its length
        if hidden:
            from views.names import security_label
            labels = "+".join(security_label(code) for code in hidden.group(2).split("+"))
            return values["<%1 characters, %2>"].replace("%1", hidden.group(1)).replace("%2", labels)
        sealed = TOKEN.fullmatch(value)  # graph.stores.sealed_ids: an id above open, its key not held
        if sealed:
            from views.names import security_label
            return values["<a record, %1>"].replace("%1", security_label(sealed.group("label")))
        if key in LABELED and re.fullmatch(r"[a-z/+-]+", value):  # 'rubricering: confidential' in a Dutch log
            from views.names import security_label
            return "+".join(security_label(code) for code in value.split("+"))
        counted = re.fullmatch(r"(\d+) characters", value) if key == "value" else None
        if counted:
            return values["%1 characters"].replace("%1", counted.group(1))
        return values.get(value, value) if key in CODED else value
    return str(value)


@cache
def _type_titles(lang: str) -> dict[str, str]:
    """Entity and relation types by the names the analyst reads elsewhere (Person: Persoon); once per
    language, not once per row of the log (the packaged schema does not change while the app runs)."""
    from graph.schema import default_schema
    schema = default_schema()
    return {**{name: t.title(lang) for name, t in schema.relations.items()},
            **{name: t.title(lang) for name, t in schema.entities.items()}}


NAMED_ENTRIES = 5000  # the newest entries whose record ids are looked up by name (one batch read)
# Details that hold record ids (`per-6e9a18d315ac6692`): shown by the record's name and type where the member sees it.
RECORD_KEYS = ("id", "ids", "record", "cause", "person")
_RECORD_ID = re.compile(r"[a-z]{2,4}-[0-9a-f]{8,}")


def record_ids(details: str) -> set[str]:
    """The record ids an entry's details name (under RECORD_KEYS)."""
    try:
        data = untrusted.loads(details)  # any member can write an entry (nested too deep: ValueError)
    except ValueError:
        return set()
    if not isinstance(data, dict):
        return set()
    values: list[Any] = []
    for key in RECORD_KEYS:
        value = data.get(key)
        values.extend(value if isinstance(value, list) else [value])
    return {v for v in values if isinstance(v, str) and _RECORD_ID.fullmatch(v)}


def record_names(store: Any, ids: set[str], lang: str) -> dict[str, str]:
    """id -> "Chloé van den Eerenbeemt (Persoon)" for the entities the member may see.

    Read in one batch without a "bekeken" entry of its own (get_entities is not a view): the log read
    `bekeken — id: per-6e9a18d315ac6692` where an analyst expects whom they looked at."""
    if not ids:
        return {}
    try:
        found = store.get_entities(ids)
    except KnooppuntError:
        return {}
    titles = _type_titles(lang)
    return {i: f"{e.caption or i} ({titles.get(e.type, e.type)})" for i, e in found.items()}


def details_text(details: str, lang: str = "nl", names_of: dict[str, str] | None = None) -> str:
    """The entry's details as `word: value` pairs in the interface language; keys it does not know show their code.

    An analyst read `hits=1 query="de vries"`: the log's own codes (kept as they are for `audit show`).
    Record ids in `names_of` show as the record's name and type, under "record" rather than "id".
    """
    try:
        data = untrusted.loads(details)  # any member can write an entry (nested too deep: ValueError)
    except ValueError:
        return details
    if not isinstance(data, dict):
        return details
    if names_of:
        data = _named(data, names_of)
    names, values = detail_names(), {**_type_titles(lang), **value_names()}  # (a copy: the cached dict stays)
    if data.get("analysis") is not None:
        params, titles = _analysis_words(data, lang)
        names, values = {**names, **params}, {**values, **titles}
    order = {key: i for i, key in enumerate(names)}
    shown = sorted((k for k, v in data.items() if v is not None), key=lambda k: order.get(k, len(order)))
    return "; ".join(f"{names.get(k, k)}: {_value_text(k, data[k], values, lang)}" for k in shown)


def _named(data: dict[str, Any], names_of: dict[str, str]) -> dict[str, Any]:
    """The details with known record ids replaced by their names; a named `id` is the entry's record."""
    out = dict(data)
    for key in RECORD_KEYS:
        value = out.get(key)
        if isinstance(value, list):
            out[key] = [names_of.get(v, v) if isinstance(v, str) else v for v in value]
        elif isinstance(value, str) and value in names_of:
            out[key] = names_of[value]
    if isinstance(data.get("id"), str) and data["id"] in names_of and "record" not in data:
        out = {("record" if k == "id" else k): v for k, v in out.items()}
    return out


class AuditDialog(QDialog):
    """The audit log, newest entry first, with a button that checks chain and signatures."""

    def __init__(self, store: Any, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.setObjectName("audit-dialog")
        self.setWindowTitle(_tr("title"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        layout.addWidget(self.summary)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("audit-filter")
        self.filter.setPlaceholderText(_tr("filter"))
        self.filter.setToolTip(_tr("filter tip"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        layout.addWidget(self.filter)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([_tr("no"), _tr("time"), _tr("member"), _tr("action"),
                                              _tr("details")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.verdict = QLabel(_tr("hint"), self)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.verdict)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.check_button = QPushButton(_tr("check"), self)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.check_button.clicked.connect(self.check)
        layout.addWidget(buttons)
        self.resize(1000, 560)
        self.fill()

    def fill(self) -> None:
        entries = [replace(e, details=readable_details(self.store, e.details))
                   for e in reversed(self.store.audit_entries())]
        names = action_names()
        self.summary.setText(_tr("count").replace("%1", str(len(entries))))
        self.table.setRowCount(len(entries))
        wanted: set[str] = set()
        for entry in entries[:NAMED_ENTRIES]:
            wanted |= record_ids(entry.details)
        names_of = record_names(self.store, wanted, self.lang)
        for row, entry in enumerate(entries):
            cells = (str(entry.seq), format_timestamp(entry.at, self.lang), entry.actor,
                     names.get(entry.action, entry.action), details_text(entry.details, self.lang, names_of))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.apply_filter(self.filter.text())

    def apply_filter(self, text: str) -> None:
        """Only the rows that mention `text` in any column (case and accents as typed are ignored)."""
        from graph.text import fold
        wanted = fold(text.strip())
        rows = self.table.rowCount()
        shown = 0
        for row in range(rows):
            hit = not wanted or any(wanted in fold(item.text()) for c in range(5)
                                    if (item := self.table.item(row, c)) is not None)
            self.table.setRowHidden(row, not hit)
            shown += hit
        self.summary.setText(_tr("count").replace("%1", str(rows)) if not wanted else
                             _tr("shown").replace("%1", str(shown)).replace("%2", str(rows)))

    def check(self) -> str:
        """The verdict of `audit verify`, in the interface language; shown under the table."""
        try:
            verdict = self.store.verify_audit()
            lines = [i18n.core(verdict.message())]
            report = self.store.verify_signatures()
            if report is not None and not report.ok:
                lines.append(i18n.core(f"audit entry #{report.broken_seq}: {report.reason}"))
            elif report is not None:
                lines.append(_tr("signed"))
            # label files put back to an older copy, and the owners' acceptances of one (graph.access.generations)
            put_back = list(self.store.verify_label_files()[0]) if hasattr(self.store, "verify_label_files") else []
            lines += [i18n.core(problem) for problem in put_back]
            for a in (self.store.label_file_acceptances() if hasattr(self.store, "label_file_acceptances") else []):
                lines.append(_tr("accepted").replace("%1", str(a.seq)).replace("%2", a.label)
                             .replace("%3", str(a.accepted)).replace("%4", str(a.replaced)).replace("%5", a.actor)
                             .replace("%6", format_timestamp(a.at, self.lang)).replace("%7", a.reason))
            ok = verdict.ok and (report is None or report.ok) and not put_back
        except KnooppuntError as exc:
            lines, ok = [i18n.core(str(exc))], False
        text = "\n".join(lines)
        self.verdict.setText(text)
        self.verdict.setStyleSheet("" if ok else "color: #b00020;")
        return text
