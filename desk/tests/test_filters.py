from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
import time_machine

from desk.templatetags.shidian import (
    cn_date,
    cn_datetime,
    countdown,
    deadline_state,
    dense_date,
    intcomma_cn,
)

# 2009-07-15 10:00 in Beijing.
NOW = datetime(2009, 7, 15, 2, 0, tzinfo=UTC)


def test_it_writes_dates_as_the_notices_do():
    assert cn_date(date(2009, 7, 15)) == "2009年7月15日"


def test_it_shows_aware_datetimes_in_beijing_time():
    late_evening_utc = datetime(2009, 7, 14, 20, 30, tzinfo=UTC)  # 04:30 next day in Beijing

    assert cn_date(late_evening_utc) == "2009年7月15日"
    assert cn_datetime(late_evening_utc) == "2009年7月15日 04:30"
    assert dense_date(late_evening_utc) == "2009-07-15"


def test_it_ignores_the_active_time_zone():
    new_york = timezone(timedelta(hours=-4))

    assert cn_datetime(datetime(2009, 7, 14, 21, 45, tzinfo=new_york)) == "2009年7月15日 09:45"


def test_it_takes_naive_datetimes_as_local():
    assert cn_datetime(datetime(2009, 7, 15, 9, 45)) == "2009年7月15日 09:45"


def test_it_writes_dense_dates_for_tables():
    assert dense_date(date(2009, 7, 5)) == "2009-07-05"


def test_it_shows_nothing_for_missing_dates():
    for f in (cn_date, cn_datetime, dense_date, countdown, deadline_state):
        assert f(None) == ""
        assert f("") == ""


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("deadline", "text", "state"),
    [
        (datetime(2009, 7, 18, 9, 0, tzinfo=UTC), "剩余3天", "soon"),
        (datetime(2009, 7, 30, 9, 0, tzinfo=UTC), "剩余15天", "later"),
        (datetime(2009, 7, 15, 9, 0, tzinfo=UTC), "今天截止", "today"),  # 17:00 today
        (datetime(2009, 7, 15, 1, 0, tzinfo=UTC), "今天已截止", "overdue"),  # 09:00 today
        (datetime(2009, 7, 13, 9, 0, tzinfo=UTC), "已逾期2天", "overdue"),
        (date(2009, 7, 16), "剩余1天", "soon"),
        (date(2009, 7, 15), "今天截止", "today"),
        (date(2009, 7, 14), "已逾期1天", "overdue"),
    ],
)
def test_it_counts_down_to_a_deadline(deadline, text, state):
    assert countdown(deadline) == text
    assert deadline_state(deadline) == state


@time_machine.travel(datetime(2009, 7, 15, 16, 30, tzinfo=UTC), tick=False)  # 00:30 on the 16th
def test_it_counts_days_by_the_beijing_calendar():
    assert countdown(datetime(2009, 7, 16, 15, 0, tzinfo=UTC)) == "今天截止"  # 23:00 on the 16th


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234567, "1,234,567"),
        (999, "999"),
        (-1234, "-1,234"),
        (Decimal("1234567.50"), "1,234,567.50"),
        (1234.5, "1,234.5"),
        ("98765", "98,765"),
        (None, ""),
        ("", ""),
        ("—", "—"),
    ],
)
def test_it_separates_thousands(value, text):
    assert intcomma_cn(value) == text
