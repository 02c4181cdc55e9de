"""Reports follow the programme's schedule; reminders go out before and after the due date,
once each."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from applications.models import Notification
from lib.dates import add_months
from pilots import actions
from pilots.models import ReportingSchedule
from pilots.tests.pilot_flow import make_pilots

pytestmark = pytest.mark.django_db


def test_it_schedules_reports_every_six_months_within_the_period(people):
    pilots = make_pilots(people)
    donghu = pilots["donghu"]
    actions.set_schedule(donghu.programme, by=people.mz_officer, every_months=6)
    reports = list(donghu.reports.order_by("sequence"))
    assert [r.due_on for r in reports] == [
        add_months(donghu.starts_on, 6),
        add_months(donghu.starts_on, 12),
    ][: len(reports)]
    assert all(r.due_on <= donghu.ends_on for r in reports)
    assert len(reports) == 1  # a one-year pilot: the 12-month date falls after its last day


def test_it_gives_pilots_their_reports_when_the_list_is_published(people):
    from applications.tests.flow import demo_programme

    actions.set_schedule(demo_programme(), by=people.mz_officer, every_months=3)  # no pilots yet

    pilots = make_pilots(people)  # reviews.actions.publish_final makes them

    for pilot in pilots.values():
        dues = [r.due_on for r in pilot.reports.order_by("sequence")]
        assert dues == actions.due_dates(pilot, pilot.programme.reporting_schedule)
        assert dues and dues[0] == add_months(pilot.starts_on, 3)


def test_it_takes_given_dates_inside_the_period_only(people):
    pilots = make_pilots(people)
    donghu = pilots["donghu"]
    inside = donghu.starts_on + timedelta(days=90)
    outside = donghu.ends_on + timedelta(days=1)
    actions.set_schedule(donghu.programme, by=people.mz_officer, fixed_dates=[inside, outside])
    assert [r.due_on for r in donghu.reports.all()] == [inside]


def test_it_wants_a_schedule_and_an_officer(people):
    pilots = make_pilots(people)
    with pytest.raises(actions.Refused):
        actions.set_schedule(pilots["donghu"].programme, by=people.mz_officer)
    with pytest.raises(actions.PermissionDenied):
        actions.set_schedule(pilots["donghu"].programme, by=people.jx_endorser, every_months=3)
    assert not ReportingSchedule.objects.exists()


def at(day: date):
    return time_machine.travel(
        timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 9, 0)), tick=False
    )


def test_it_reminds_before_and_after_the_due_date_once_each(people):
    pilots = make_pilots(people)
    donghu = pilots["donghu"]
    actions.set_schedule(
        donghu.programme, by=people.mz_officer, every_months=3, remind_days_before=7
    )
    first = donghu.reports.order_by("sequence").first()
    applicant_notes = Notification.objects.filter(recipient=people.dh_applicant)
    province_notes = Notification.objects.filter(
        recipient=people.jx_endorser, message__contains="逾期"
    )

    with at(first.due_on - timedelta(days=10)):
        actions.send_reminders()
    assert not applicant_notes.filter(message__contains="到期").exists()

    with at(first.due_on - timedelta(days=5)):
        actions.send_reminders()
        actions.send_reminders()
    assert applicant_notes.filter(message__contains="第1期进展报告将于").count() == 1

    with at(first.due_on + timedelta(days=1)):
        actions.send_reminders()
        actions.send_reminders()
    assert applicant_notes.filter(message__contains="已逾期").count() == 1
    assert province_notes.count() == 1


def test_it_audits_the_schedule(people):
    from audit.models import AuditEvent, Event

    donghu = make_pilots(people)["donghu"]
    actions.set_schedule(donghu.programme, by=people.mz_officer, every_months=6)

    row = AuditEvent.objects.get(event=Event.SCHEDULE_SET)
    assert row.actor == people.mz_officer
    assert row.object_id == str(donghu.programme.pk)
    assert row.changes["every_months"] == 6
