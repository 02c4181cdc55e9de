"""``manage.py send_report_reminders``: run daily, it sends what is due once and says how many."""

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from pilots import actions
from pilots.models import ReminderSent
from pilots.tests.pilot_flow import make_pilots

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = StringIO()
    call_command("send_report_reminders", stdout=out)
    return out.getvalue()


def test_it_sends_the_reminders_due_once_and_says_how_many(people):
    donghu = make_pilots(people)["donghu"]
    actions.set_schedule(
        donghu.programme, by=people.mz_officer, every_months=3, remind_days_before=7
    )
    due = donghu.reports.order_by("sequence").first().due_on
    day = due - timezone.timedelta(days=3)
    moment = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 8, 0))

    with time_machine.travel(moment, tick=False):
        first, second = _run(), _run()

    # 东湖 and 福田 started together: each has its first report due in three days.
    assert "已发送 2 条进展报告提醒" in first
    assert "已发送 0 条进展报告提醒" in second
    assert ReminderSent.objects.filter(kind="before").count() == 2


def test_it_sends_nothing_without_a_schedule(people):
    make_pilots(people)

    assert "已发送 0 条" in _run()
