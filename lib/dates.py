"""Dates the way Chinese official documents write them."""

from datetime import date, datetime


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
