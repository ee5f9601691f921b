"""Fixtures for records by hand: a real encrypted project, its owner and a restricted analyst."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.projects import Project as Project
from tests.projects import _isolated as _isolated
from tests.projects import add_member, new_project

CLARA_PW = "clara: open and confidential only"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """alice (the owner, every label) and clara (an analyst cleared for open and confidential)."""
    return add_member(new_project(tmp_path / "casus.knp", "casus"), "clara", CLARA_PW, {"open", "confidential"})
