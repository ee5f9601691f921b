"""Human names for codes the interface shows: security labels, member roles, gradings.

The codes (`police-wpg`, `owner`) stay in the data and the CLI; every screen and export
shows these names, translated through the Qt catalogue (context "Names") like any other
interface text. The calls are spelled out so pyside6-lupdate finds every string.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox


def security_label(code: str) -> str:
    """`confidential` -> Vertrouwelijk / Confidential; an unknown code is shown as it is."""
    names = {"open": QCoreApplication.translate("Names", "Open"),
             "confidential": QCoreApplication.translate("Names", "Confidential"),
             "police-wpg": QCoreApplication.translate("Names", "Police (WPG)"),
             "fiod/tax": QCoreApplication.translate("Names", "FIOD/Tax Administration")}
    return names.get(code, code)


def member_role(code: str) -> str:
    names = {"owner": QCoreApplication.translate("Names", "owner"),
             "analyst": QCoreApplication.translate("Names", "analyst"),
             "viewer": QCoreApplication.translate("Names", "viewer")}
    return names.get(code, code)


def reliability_meanings() -> dict[str, str]:
    """The source's reliability, A to F, of the 6x6 (Admiralty) grading."""
    return {"A": QCoreApplication.translate("Names", "completely reliable"),
            "B": QCoreApplication.translate("Names", "usually reliable"),
            "C": QCoreApplication.translate("Names", "fairly reliable"),
            "D": QCoreApplication.translate("Names", "not usually reliable"),
            "E": QCoreApplication.translate("Names", "unreliable"),
            "F": QCoreApplication.translate("Names", "reliability unknown")}


def credibility_meanings() -> dict[str, str]:
    """The information's credibility, 1 to 6, of the 6x6 (Admiralty) grading."""
    return {"1": QCoreApplication.translate("Names", "confirmed"),
            "2": QCoreApplication.translate("Names", "probably true"),
            "3": QCoreApplication.translate("Names", "possibly true"),
            "4": QCoreApplication.translate("Names", "doubtful"),
            "5": QCoreApplication.translate("Names", "improbable"),
            "6": QCoreApplication.translate("Names", "truth unknown")}


def grading(code: str | None) -> str:
    """Admiralty grading, e.g. `B2` -> `B2 (usually reliable, probably true)` for a tooltip."""
    if not code:
        return QCoreApplication.translate("Names", "not graded")
    parts = [reliability_meanings().get(code[:1], ""), credibility_meanings().get(code[1:2], "")]
    return f"{code} ({', '.join(p for p in parts if p)})" if any(parts) else code


def explain_grading(combo: QComboBox, part: str) -> None:
    """What each grade of a grading box means, as its tooltip and each item's: the boxes showed A-F and 1-6
    with no hint (the import wizard, the record form). `part` is "reliability" or "credibility"."""
    if part == "reliability":
        meanings = reliability_meanings()
        head = QCoreApplication.translate("Names", "Reliability of the source (A–F):")
    else:
        meanings = credibility_meanings()
        head = QCoreApplication.translate("Names", "Credibility of the information (1–6):")
    combo.setToolTip("\n".join([head, *(f"{code}  {meaning}" for code, meaning in meanings.items())]))
    for i in range(combo.count()):
        code = combo.itemText(i)
        if code in meanings:
            combo.setItemData(i, f"{code}: {meanings[code]}", Qt.ItemDataRole.ToolTipRole)
