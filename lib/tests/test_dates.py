"""Calendar arithmetic for pilot periods (lib/dates.py)."""

from datetime import date

from lib.dates import add_months, period_end


def test_it_counts_pilot_periods_in_calendar_months():
    assert period_end(date(2013, 7, 1), 12) == date(2014, 6, 30)
    assert period_end(date(2009, 8, 31), 24) == date(2011, 8, 30)
    assert add_months(date(2013, 1, 31), 1) == date(2013, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2013, 11, 15), 3) == date(2014, 2, 15)
