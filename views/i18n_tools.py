"""Maintain the interface translations: `python -m views.i18n_tools update|check`.

update: pyside6-lupdate collects every tr()/translate() string from views/ into
        views/i18n/knooppunt_nl.ts (existing translations are kept; edit new ones with
        pyside6-linguist), then pyside6-lrelease compiles knooppunt_nl.qm, which the
        application loads. Both tools ship with PySide6-Essentials.
check:  exit 1 when a string has no Dutch translation yet.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

VIEWS = Path(__file__).resolve().parent
TS = VIEWS / "i18n" / "knooppunt_nl.ts"
QM = TS.with_suffix(".qm")


def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}") or str(Path(sys.executable).with_name(f"pyside6-{name}"))
    return found


def sources() -> list[str]:
    return sorted(str(p) for p in VIEWS.rglob("*.py") if p.name != "i18n_tools.py")


def update() -> None:
    subprocess.run([_tool("lupdate"), *sources(), "-ts", str(TS), "-source-language", "en", "-target-language", "nl",
                    "-no-obsolete"], check=True)
    subprocess.run([_tool("lrelease"), str(TS), "-qm", str(QM)], check=True)


def unfinished() -> list[str]:
    tree = ET.parse(TS)
    return [m.findtext("source") or "" for m in tree.iter("message")
            if (m.find("translation") is not None and m.find("translation").get("type") == "unfinished")]  # type: ignore[union-attr]


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        update()
        return 0
    if argv[:1] == ["check"]:
        missing = unfinished()
        for text in missing:
            print(f"untranslated: {text!r}")
        return 1 if missing else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
