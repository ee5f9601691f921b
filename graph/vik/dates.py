"""Deadlines in Dutch law: the bezwaar term (art. 6:7/6:8 Awb) and the Algemene termijnenwet.

A bezwaar term of six weeks starts the day after the decision is made known (art. 6:8 Awb)
and so ends on the same weekday six weeks after it. When that last day is a Saturday, a
Sunday or a generally recognised holiday (art. 3 Algemene termijnenwet: Nieuwjaarsdag,
tweede Paas- en Pinksterdag, Hemelvaartsdag, Koningsdag, 5 mei, beide Kerstdagen), the
term runs on to the next day that is none of these (art. 1 Atw). Written out here: the
holidays are few and fixed by that article, and a holiday package would not know the Atw.
"""

from __future__ import annotations

import datetime as dt

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

BEZWAAR_WEEKS = 6


def atw_holidays(year: int) -> set[dt.date]:
    """The generally recognised holidays of art. 3 Atw in `year`."""
    e = easter(year)
    kings = dt.date(year, 4, 27)
    if kings.weekday() == 6:  # on a Sunday Koningsdag is kept on Saturday the 26th
        kings = dt.date(year, 4, 26)
    return {dt.date(year, 1, 1), e + dt.timedelta(days=1), e + dt.timedelta(days=39), e + dt.timedelta(days=50),
            kings, dt.date(year, 5, 5), dt.date(year, 12, 25), dt.date(year, 12, 26)}


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in atw_holidays(day.year)


def extend_atw(day: dt.date) -> dt.date:
    """The last day of a term, moved on past weekends and Atw holidays (art. 1 Atw)."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def bezwaar_deadline(made_known: dt.date) -> dt.date:
    """The last day to lodge a bezwaar against a decision made known on `made_known`."""
    return extend_atw(made_known + dt.timedelta(weeks=BEZWAAR_WEEKS))


def add_months(start: dt.date, months: int) -> dt.date:
    """The end of a closure of `months` months (a 13b closure of 3 months from 15-01 ends 15-04)."""
    return start + relativedelta(months=months)


def parse(value: str | None, field: str) -> dt.date | None:
    """An ISO or dd-mm-jjjj date; a one-line error naming the field when it is not one."""
    if value in (None, ""):
        return None
    from graph.errors import ValidationError

    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    raise ValidationError(f"{field}: {value!r} is not a date (dd-mm-jjjj)", field=field)


def nl(value: str | dt.date | None) -> str:
    """dd-mm-jjjj, or '' for no date."""
    if not value:
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return day.strftime("%d-%m-%Y")
