"""Dates the way Chinese official documents write them."""

import calendar
from datetime import date, datetime, timedelta


def cn_date(value: date | datetime | None) -> str:
    """2009年7月15日 (no leading zeros, as in the notices)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime | None) -> str:
    """2009年7月15日 09:45 (the caller converts to local time first)."""
    if value is None:
        return ""
    return f"{cn_date(value)} {value:%H:%M}"


def add_months(value: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day where it has no such day
    (2013年1月31日 + 1 month = 2013年2月28日)."""
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(value.day, calendar.monthrange(year, month)[1]))


def period_end(starts_on: date, months: int) -> date:
    """The last day of a period of ``months`` starting on ``starts_on``: a one-year pilot
    from 2013年7月1日 runs to 2014年6月30日."""
    return add_months(starts_on, months) - timedelta(days=1)
