"""Filters and tags shared by every page: dates, deadlines and numbers as officials write them,
and the working pages' menu.

    {% load shidian %}
    {{ application.submitted_at|cn_datetime }}   2009年7月15日 09:45
    {{ notice.published_on|cn_date }}            2009年7月15日
    {{ row.created_at|dense_date }}              2009-07-15 (in dense tables)
    {{ task.deadline|countdown }}                剩余3天 · 今天截止 · 已逾期2天
    {{ total|intcomma_cn }}                      1,234,567

Aware datetimes are shown in Beijing time (Asia/Shanghai) whatever the active time zone, so
that a deadline reads the same for every official; naive datetimes are taken as already local.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from desk.navigation import menu_for
from lib import dates

register = template.Library()

BEIJING = ZoneInfo("Asia/Shanghai")
SOON_DAYS = 3  # a deadline this close is flagged


def _beijing(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return value.astimezone(BEIJING)
    return value


@register.filter
def cn_date(value: date | datetime | None) -> str:
    """2009年7月15日."""
    if not isinstance(value, date):
        return ""
    return dates.cn_date(_beijing(value))


@register.filter
def cn_datetime(value: date | datetime | None) -> str:
    """2009年7月15日 09:45 (a plain date gives just the date)."""
    if isinstance(value, datetime):
        return dates.cn_datetime(_beijing(value))
    return cn_date(value)


@register.filter
def dense_date(value: date | datetime | None) -> str:
    """2009-07-15, for tables."""
    if not isinstance(value, date):
        return ""
    return f"{_beijing(value):%Y-%m-%d}"


def days_left(deadline: date | datetime, now: datetime | None = None) -> tuple[int, bool]:
    """Whole calendar days (Beijing) from today to the deadline, and whether it has passed.

    A datetime deadline later today is (0, False); one earlier today is (0, True). A date
    deadline runs to the end of its day.
    """
    now = (now or timezone.now()).astimezone(BEIJING)
    if isinstance(deadline, datetime):
        if timezone.is_naive(deadline):
            deadline = deadline.replace(tzinfo=BEIJING)
        deadline = deadline.astimezone(BEIJING)
        return (deadline.date() - now.date()).days, deadline <= now
    days = (deadline - now.date()).days
    return days, days < 0


@register.filter
def countdown(deadline: date | datetime | None) -> str:
    """剩余3天 / 今天截止 / 今天已截止 / 已逾期2天; empty without a deadline."""
    if not isinstance(deadline, date):
        return ""
    days, passed = days_left(deadline)
    if days > 0:
        return ngettext("剩余%(days)d天", "剩余%(days)d天", days) % {"days": days}
    if days == 0:
        return gettext("今天已截止") if passed else gettext("今天截止")
    return ngettext("已逾期%(days)d天", "已逾期%(days)d天", -days) % {"days": -days}


@register.filter
def deadline_state(deadline: date | datetime | None) -> str:
    """For styling: ``overdue``, ``today``, ``soon`` (within 3 days), ``later`` or ``""``."""
    if not isinstance(deadline, date):
        return ""
    days, passed = days_left(deadline)
    if passed:
        return "overdue"
    if days == 0:
        return "today"
    return "soon" if days <= SOON_DAYS else "later"


@register.filter
def intcomma_cn(value) -> str:
    """1234567 → 1,234,567; 1234.5 → 1,234.5. Not a number: returned unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return value
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    return f"{number:,}"


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The menu items for the signed-in user: ``{% main_menu as items %}``.

    Computed once per request (the providers behind the badges may run queries).
    """
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if request is None:
        return menu_for(user)
    if not hasattr(request, "_desk_menu"):
        request._desk_menu = menu_for(user, path=request.path)
    return request._desk_menu
