"""An analyst who knows Analyst's Notebook, in Dutch at 1366x768: what they met in the real window (ui5 review)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_ux_round2 import EXAMPLES, _button, _mapping_page, dutch  # noqa: F401  # fixture
from views import file_dialogs

ROOT = Path(__file__).resolve().parents[2]
# Words an English comment cannot do without and a Dutch one does not use.
ENGLISH = re.compile(r"\b(the|and|one|where|they|with|each|who|which|person|company|example|row)\b", re.I)


def _comments(text: str) -> list[str]:
    return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line and not line.lstrip().startswith("-")]


@pytest.mark.parametrize("spec", ["examples/meldingen.yaml", "examples/contacten.yaml",
                                  "importers/specs/meldingen.yaml", "importers/specs/betrokkenen.yaml"])
def test_the_example_specifications_explain_themselves_in_dutch(spec: str) -> None:
    comments = _comments((ROOT / spec).read_text(encoding="utf-8"))
    assert comments and not [c for c in comments if ENGLISH.search(c)], comments


def test_the_spec_an_analyst_loads_in_the_wizard_reads_dutch(qtbot: Any, window: Any, dutch: Any,  # noqa: F811
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The example spec in the wizard's editor carried English comments; a Dutch analyst reads and edits it."""
    _wizard, page = _mapping_page(qtbot, window)
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(EXAMPLES / "meldingen.yaml"))
    qtbot.mouseClick(_button(page, "Specificatie laden…"), Qt.MouseButton.LeftButton)
    comments = _comments(page.spec_text.toPlainText())
    assert any("Meldpunt Ondermijning" in c for c in comments)
    assert not [c for c in comments if ENGLISH.search(c)], comments
