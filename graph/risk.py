"""SBI activity code -> municipal Bibob risk branches, from an editable data file.

Municipalities revise their Bibob policy (beleidslijn) and with it the risk branches,
so the mapping is a CSV in the package (`data/sbi_risk_branches.csv`), not code. A code
matches every row whose prefix it starts with: `47789` is a smart shop *and* in 4778.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

BRANCH_LABELS = {
    "waste_processing": ("Afvalverwerking", "Waste processing"),
    "asbestos_removal": ("Asbestsanering", "Asbestos removal"),
    "automotive": ("Autobranche", "Automotive"),
    "drugs_related": ("Drugsgerelateerd (grow-/smartshops)", "Drugs-related (grow/smart shops)"),
    "energy": ("Energie", "Energy"),
    "earthmoving_remediation": ("Grondverzet en sanering", "Earthmoving and remediation"),
    "hospitality": ("Horeca", "Hospitality"),
    "room_rental": ("Kamerverhuur", "Room rental"),
    "gambling": ("Kansspelen", "Gambling"),
    "hairdressers": ("Kappers en barbershops", "Hairdressers"),
    "prostitution": ("Prostitutie", "Prostitution"),
    "recycling": ("Recycling", "Recycling"),
    "religious_institutions": ("Religieuze instellingen", "Religious institutions"),
    "beauty_care": ("Schoonheidsverzorging en nagelstudio's", "Beauty care"),
    "demolition": ("Sloop", "Demolition"),
    "telecom": ("Telecom en belwinkels", "Telecom"),
    "fireworks": ("Vuurwerk", "Fireworks"),
}


def branch_title(code: str, lang: str = "nl") -> str:
    """A risk branch as people read it (`hospitality` -> Horeca / Hospitality); an unknown code as it is."""
    names = BRANCH_LABELS.get(str(code))
    return names[0 if lang == "nl" else 1] if names else str(code)


@dataclass(frozen=True, slots=True)
class RiskRule:
    sbi_prefix: str
    branch: str
    description: str


def load_rules(path: str | Path | None = None) -> tuple[RiskRule, ...]:
    if path is None:
        text = resources.files("graph").joinpath("data/sbi_risk_branches.csv").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    rules = tuple(RiskRule(r["sbi_prefix"].strip(), r["branch"].strip(), r["description"].strip())
                  for r in csv.DictReader(text.splitlines()))
    unknown = {r.branch for r in rules} - set(BRANCH_LABELS)
    if unknown:
        raise ValueError(f"{path or 'sbi_risk_branches.csv'}: unknown risk branch(es) {sorted(unknown)}")
    return rules


@cache
def default_rules() -> tuple[RiskRule, ...]:
    return load_rules()


def branches_for(sbi_codes: Iterable[str], rules: tuple[RiskRule, ...] | None = None) -> list[str]:
    """The sorted risk branches that any of the SBI codes falls in."""
    rules = default_rules() if rules is None else rules
    found = {r.branch for code in sbi_codes for r in rules if str(code).startswith(r.sbi_prefix)}
    return sorted(found)
