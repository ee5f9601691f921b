"""Human names for codes the interface shows: security labels, member roles, gradings.

The codes (`police-wpg`, `owner`) stay in the data and the CLI; every screen and export
shows these names, translated through the Qt catalogue (context "Names") like any other
interface text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("Names", text)


def security_label(code: str) -> str:
    """`confidential` -> Vertrouwelijk / Confidential; an unknown code is shown as it is."""
    names = {"open": _t("Open"), "confidential": _t("Confidential"), "police-wpg": _t("Police (WPG)"),
             "fiod/tax": _t("FIOD/Tax Administration")}
    return names.get(code, code)


def member_role(code: str) -> str:
    names = {"owner": _t("owner"), "analyst": _t("analyst"), "viewer": _t("viewer")}
    return names.get(code, code)


def grading(code: str | None) -> str:
    """Admiralty grading, e.g. `B2` -> `B2 (usually reliable, probably true)` for a tooltip."""
    if not code:
        return _t("not graded")
    reliability = {"A": _t("completely reliable"), "B": _t("usually reliable"), "C": _t("fairly reliable"),
                   "D": _t("not usually reliable"), "E": _t("unreliable"), "F": _t("reliability unknown")}
    credibility = {"1": _t("confirmed"), "2": _t("probably true"), "3": _t("possibly true"), "4": _t("doubtful"),
                   "5": _t("improbable"), "6": _t("truth unknown")}
    parts = [reliability.get(code[:1], ""), credibility.get(code[1:2], "")]
    return f"{code} ({', '.join(p for p in parts if p)})" if any(parts) else code
