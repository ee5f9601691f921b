"""Human names for codes the interface shows: security labels, member roles, gradings.

The codes (`police-wpg`, `owner`) stay in the data and the CLI; every screen and export
shows these names, translated through the Qt catalogue (context "Names") like any other
interface text. The calls are spelled out so pyside6-lupdate finds every string.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


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


def grading(code: str | None) -> str:
    """Admiralty grading, e.g. `B2` -> `B2 (usually reliable, probably true)` for a tooltip."""
    if not code:
        return QCoreApplication.translate("Names", "not graded")
    reliability = {"A": QCoreApplication.translate("Names", "completely reliable"),
                   "B": QCoreApplication.translate("Names", "usually reliable"),
                   "C": QCoreApplication.translate("Names", "fairly reliable"),
                   "D": QCoreApplication.translate("Names", "not usually reliable"),
                   "E": QCoreApplication.translate("Names", "unreliable"),
                   "F": QCoreApplication.translate("Names", "reliability unknown")}
    credibility = {"1": QCoreApplication.translate("Names", "confirmed"),
                   "2": QCoreApplication.translate("Names", "probably true"),
                   "3": QCoreApplication.translate("Names", "possibly true"),
                   "4": QCoreApplication.translate("Names", "doubtful"),
                   "5": QCoreApplication.translate("Names", "improbable"),
                   "6": QCoreApplication.translate("Names", "truth unknown")}
    parts = [reliability.get(code[:1], ""), credibility.get(code[1:2], "")]
    return f"{code} ({', '.join(p for p in parts if p)})" if any(parts) else code
