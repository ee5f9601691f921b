"""Alert rules are data (graph/vik/data/vik.yaml `alert_rules`): a rule added there raises alerts
through the same code as the 13b-closure and dwangsom rules, with no code of its own."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from graph.vik import lists
from tests.vik.conftest import Project
from workbench.cli import main

Capture = pytest.CaptureFixture[str]


def _with_rule(rule: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(lists.lists())
    data["alert_rules"]["residence"] = rule
    return data


def test_a_rule_added_as_data_raises_alerts(project: Project, capsys: Capture,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(lists.lists()["alert_rules"]) == {"closure", "penalty"}
    rule = {"when": "closure", "subject": "Address", "relation": "registered_at", "end": "target",
            "record": "other", "message": "{other} ingeschreven op {subject} ({ref}) per {valid_from}",
            "roles": {"subject": "pand", "other": "bewoner", "relation": "inschrijving"}}
    data = _with_rule(rule)
    monkeypatch.setattr(lists, "lists", lambda: data)
    a = project.alice()
    assert main(["add", "Address", "--set", "street=Hoofdstraat", "--set", "house_number=12", "--set",
                 "postcode=7607AB", "--set", "city=Almelo", *a]) == 0
    premises = capsys.readouterr().out.split()[1]
    assert main(["measure", "add", "--type", "sluiting_13b", "--subject", premises, "--decided", "01-07-2026",
                 "--start", "15-07-2026", "--months", "24", "--status", "uitgevoerd", *a]) == 0
    capsys.readouterr()
    assert main(["add", "Person", "--set", "name=Karel Bewoner", *a]) == 0
    person = capsys.readouterr().out.split()[1]
    assert main(["link", person, premises, "--type", "registered_at", "--from", "01-08-2026", *a]) == 0
    err = capsys.readouterr().err
    assert "ATTENDERING" in err and f"Karel Bewoner ingeschreven op {premises} (" in err, err
    assert main(["alerts", "--format", "json", *a]) == 0
    out = capsys.readouterr().out
    assert '"kind": "residence"' in out and person in out
