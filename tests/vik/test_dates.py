"""Deadlines in Dutch calendar days: the bezwaar term (art. 6:7/6:8 Awb) and the Algemene termijnenwet."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.errors import ValidationError
from graph.vik import dates, lists

D = dt.date


@pytest.mark.parametrize(("made_known", "last_day"), [
    (D(2026, 3, 2), D(2026, 4, 13)),  # Monday + 6 weeks = Monday 13-04
    (D(2026, 3, 1), D(2026, 4, 13)),  # ends on Sunday 12-04 -> Monday
    (D(2026, 3, 24), D(2026, 5, 6)),  # ends on 5 mei (Bevrijdingsdag) -> 06-05
    (D(2026, 4, 2), D(2026, 5, 15)),  # ends on Hemelvaartsdag 14-05-2026 -> Friday
    (D(2026, 11, 14), D(2026, 12, 28)),  # Saturday 26-12 (tweede Kerstdag), Sunday -> Monday 28-12
    (D(2025, 3, 16), D(2025, 4, 28)),  # 27-04-2025 is a Sunday: Koningsdag on Saturday 26-04; Sunday -> Monday
    (D(2026, 2, 23), D(2026, 4, 7)),  # ends on tweede Paasdag 06-04-2026 -> Tuesday
    (D(2026, 2, 20), D(2026, 4, 3)),  # Goede Vrijdag is no Atw holiday: the term ends that Friday
])
def test_bezwaar_deadline(made_known: dt.date, last_day: dt.date) -> None:
    assert dates.bezwaar_deadline(made_known) == last_day


def test_atw_holidays_2026() -> None:
    assert dates.atw_holidays(2026) == {D(2026, 1, 1), D(2026, 4, 6), D(2026, 4, 27), D(2026, 5, 5), D(2026, 5, 14),
                                        D(2026, 5, 25), D(2026, 12, 25), D(2026, 12, 26)}


def test_closure_months_and_dates() -> None:
    assert dates.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert dates.add_months(D(2026, 4, 15), 6) == D(2026, 10, 15)
    assert dates.parse("15-04-2026", "start") == D(2026, 4, 15) == dates.parse("2026-04-15", "start")
    assert dates.nl("2026-04-15") == "15-04-2026" and dates.nl(None) == ""
    with pytest.raises(ValidationError, match="start: '31-04-2026' is not a date"):
        dates.parse("31-04-2026", "start")


def test_workflows_are_data() -> None:
    lists.check_transition("measure_status", "voornemen", "zienswijze")
    lists.check_transition("measure_status", "besluit", "bezwaar")
    with pytest.raises(ValidationError, match=r"'beeindigd' -> 'besluit' is not allowed .*no further status"):
        lists.check_transition("measure_status", "beeindigd", "besluit")
    with pytest.raises(ValidationError, match="status: 'klaar' is not one of open"):
        lists.check_transition("action_status", "open", "klaar")
    assert lists.label("measure_status", "beeindigd") == "beëindigd"
    assert lists.measure_type("sluiting_13b")["legal_basis"] == "art. 13b Opiumwet"
