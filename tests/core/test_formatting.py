"""graph.formatting: numbers and dates as CLI tables and GUI panels show them, per language."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from graph.formatting import format_date, format_number, format_significant, format_timestamp, format_value


@pytest.mark.parametrize(("value", "kind", "nl", "en"), [
    (4.665e-17, "score", "0", "0"),  # floating point noise, never an exponent
    (0.0738569352, "score", "0,0739", "0.0739"),
    (1234567.891, "number", "1.234.567,89", "1,234,567.89"),
    (3.0, "number", "3", "3"),
    (-2.5, "number", "-2,5", "-2.5"),
    (-0.00001, "number", "0", "0"),
    (np.int64(28000), "integer", "28.000", "28,000"),
    (np.float64(24.7), "number", "24,7", "24.7"),
    (float("nan"), "number", "", ""),
    (None, "integer", "", ""),
    (float("inf"), "number", "∞", "∞"),
])
def test_format_number(value: object, kind: str, nl: str, en: str) -> None:
    assert format_number(value, "nl", kind) == nl
    assert format_number(value, "en", kind) == en


@pytest.mark.parametrize(("value", "nl", "en"), [
    (0.123456789, "0,123", "0.123"),  # an analysis tooltip showed 0.123456789
    (0.0000123456, "0,0000123", "0.0000123"),  # a table cell of four decimals shows it as 0
    (1234.56789, "1.234,568", "1,234.568"),
    (-0.5, "-0,5", "-0.5"),
    (4.665e-17, "0", "0"),  # floating point noise
    (float("nan"), "", ""),
])
def test_format_significant(value: float, nl: str, en: str) -> None:
    assert format_significant(value, "nl") == nl
    assert format_significant(value, "en") == en


def test_format_date_is_dd_mm_jjjj_in_dutch() -> None:
    assert format_date("2026-05-27", "nl") == "27-05-2026"
    assert format_date("2026-05-27T10:00:00", "nl") == "27-05-2026"
    assert format_date(dt.date(2021, 2, 3), "nl") == "03-02-2021"
    assert format_date("2026-05-27", "en") == "2026-05-27"
    assert format_date(None, "nl") == "" and format_date("", "nl") == ""
    assert format_date("onbekend", "nl") == "onbekend"  # not a date: shown as it is


def test_format_value_by_kind() -> None:
    assert format_value(["com-1", "com-2"], "nl", "ids") == "com-1; com-2"
    assert format_value(np.array(["a", "b"]), "en", "list") == "a; b"
    assert format_value(True, "nl", "bool") == "ja" and format_value(False, "en", "bool") == "no"
    assert format_value(0.5, "nl", "text") == "0,5"
    assert format_value("2020-01-31", "nl", "date") == "31-01-2020"


@pytest.mark.parametrize(("value", "nl", "en"), [
    ("2026-12-07T02:49:12.5+00:00", "07-12-2026 02:49", "2026-12-07 02:49"),
    ("2026-12-07 02:49", "07-12-2026 02:49", "2026-12-07 02:49"),
    ("2026-12-07", "07-12-2026", "2026-12-07"),
    ("onbekend sinds 2020", "onbekend sinds 2020", "onbekend sinds 2020"),
    (None, "", ""),
    ("", "", ""),
])
def test_a_timestamp_reads_as_its_reader_expects(value: object, nl: str, en: str) -> None:
    """One rule for the details panel, the audit log and the CLI (each had its own copy)."""
    assert format_timestamp(value, "nl") == nl
    assert format_timestamp(value, "en") == en


@pytest.mark.parametrize(("value", "nl", "en"), [
    ("2021-01-01..…", "vanaf 01-01-2021", "2021-01-01..…"),
    ("2019-03-01..2022-12-31", "01-03-2019 t/m 31-12-2022", "2019-03-01..2022-12-31"),
    ("…..2022-12-31; 2020-01-01..…", "t/m 31-12-2022; vanaf 01-01-2020", "…..2022-12-31; 2020-01-01..…"),
])
def test_a_period_reads_as_dutch(value: str, nl: str, en: str) -> None:
    """An analysis cell of kind period ('Geldig' in Hoe hangen A en B samen) read 'a..b' in the Dutch window."""
    from graph.analysis.display import display_cell
    from graph.schema import default_schema

    assert display_cell(value, "period", "nl", default_schema()) == nl
    assert display_cell(value, "period", "en", default_schema()) == en
