"""Maintain the interface translations: `python -m views.i18n_tools update|check`.

update: pyside6-lupdate collects every tr()/translate() string from views/ into
        views/i18n/knooppunt_nl.ts (existing translations are kept; edit new ones with
        pyside6-linguist), then pyside6-lrelease compiles knooppunt_nl.qm, which the
        application loads. Both tools ship with PySide6-Essentials.
release: compile knooppunt_nl.qm from the .ts only (scripts/setup.sh runs this).
check:  exit 1 when a string in the code has no Dutch translation: lupdate runs on a copy
        of the catalogue, so a new tr() string that was never collected counts as missing.

English is the source language, but a count (`%n results`) needs its forms in English too: without a
catalogue Qt shows the source as written ("1 entities added"). views/i18n/knooppunt_en.ts holds only
the plural strings (lupdate -pluralonly); update collects them, check wants each form filled.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

VIEWS = Path(__file__).resolve().parent
TS = VIEWS / "i18n" / "knooppunt_nl.ts"
QM = TS.with_suffix(".qm")
EN_TS = VIEWS / "i18n" / "knooppunt_en.ts"  # plural forms only
EN_QM = EN_TS.with_suffix(".qm")


def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}") or str(Path(sys.executable).with_name(f"pyside6-{name}"))
    return found


def views_sources() -> list[str]:  # kept apart so a test can add a file to `sources`
    return sorted(str(p) for p in VIEWS.rglob("*.py") if p.name != "i18n_tools.py")


def sources() -> list[str]:
    return views_sources()


def update() -> None:
    subprocess.run([_tool("lupdate"), *sources(), "-ts", str(TS), "-source-language", "en", "-target-language", "nl",
                    "-no-obsolete"], check=True)
    subprocess.run([_tool("lupdate"), *sources(), "-ts", str(EN_TS), "-source-language", "en", "-target-language",
                    "en", "-pluralonly", "-no-obsolete"], check=True)
    release()


def release(target: Path = QM) -> None:
    """Compile next to the target and rename over it: a running workbench maps the .qm it loaded, and
    rewriting that file in place (setup.sh, run again while the window was open) crashed it.
    The English plural catalogue is compiled too when the Dutch one goes to its place in the package."""
    for ts, qm in ((TS, target), *([(EN_TS, EN_QM)] if target == QM else [])):
        partial = qm.with_name(f".{qm.name}.{os.getpid()}.tmp")
        try:
            subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(partial)], check=True)
            os.replace(partial, qm)
        finally:
            partial.unlink(missing_ok=True)


def untranslated_in_code() -> list[str]:
    """Strings the code shows that the catalogue does not translate (lupdate on a scratch copy)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "i18n" / TS.name
        copy.parent.mkdir()
        shutil.copy(TS, copy)
        subprocess.run([_tool("lupdate"), "-silent", *sources(), "-ts", str(copy), "-source-language", "en",
                        "-target-language", "nl", "-no-obsolete"], check=True, capture_output=True)
        en = copy.with_name(EN_TS.name)
        shutil.copy(EN_TS, en)
        subprocess.run([_tool("lupdate"), "-silent", *sources(), "-ts", str(en), "-source-language", "en",
                        "-target-language", "en", "-pluralonly", "-no-obsolete"], check=True, capture_output=True)
        return unfinished(copy) + [f"(English plural) {text}" for text in unfinished(en)]


def unfinished(ts: Path = TS) -> list[str]:
    tree = ET.parse(ts)
    return [m.findtext("source") or "" for m in tree.iter("message")
            if (m.find("translation") is not None and m.find("translation").get("type") == "unfinished")  # type: ignore[union-attr]
            or any(not (f.text or "").strip() for f in m.iter("numerusform"))]


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        update()
        return 0
    if argv[:1] == ["release"]:
        release()
        return 0
    if argv[:1] == ["check"]:
        missing = untranslated_in_code()
        for text in missing:
            print(f"untranslated: {text!r}")
        return 1 if missing else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
