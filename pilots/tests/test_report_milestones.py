"""Milestones marked done in a progress report (actions.mark_milestones): by the pilot's
applicant, on a draft report, never in the future; one audit row when anything changed."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from applications.actions import Refused
from audit.models import AuditEvent, Event
from pilots import actions
from pilots.models import Indicator, Milestone
from pilots.tests.pilot_flow import accepted_plan, make_pilots

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilots(people):
    pilots = make_pilots(people)
    actions.set_schedule(pilots["donghu"].programme, by=people.mz_officer, every_months=3)
    accepted_plan(pilots["donghu"], people.dh_applicant, people.jx_endorser)
    return pilots


@pytest.fixture
def donghu(pilots):
    return pilots["donghu"]


@pytest.fixture
def report(donghu):
    return donghu.reports.order_by("sequence").first()


@pytest.fixture
def milestone(donghu):
    return Milestone.objects.get(plan__pilot=donghu)


@pytest.fixture
def later(donghu):
    """A day in the pilot's second month, when the first milestone can have been done."""
    day = donghu.starts_on + timedelta(days=40)
    with time_machine.travel(
        timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 12, 0)), tick=False
    ):
        yield day


def saves(report):
    return AuditEvent.objects.filter(event=Event.REPORT_SAVE, object_id=str(report.pk))


def test_it_marks_a_milestone_done_with_one_audit_row(people, report, milestone, later):
    done = later - timedelta(days=5)

    assert actions.mark_milestones(report, {milestone.pk: done}, by=people.dh_applicant) == 1

    milestone.refresh_from_db()
    assert milestone.done_on == done
    [row] = saves(report)
    assert row.actor == people.dh_applicant
    assert row.changes == {"milestones": {str(milestone.pk): done.isoformat()}}

    assert actions.mark_milestones(report, {milestone.pk: done}, by=people.dh_applicant) == 0
    assert saves(report).count() == 1  # nothing changed, nothing recorded


def test_it_refuses_a_day_still_to_come(people, report, milestone, later):
    with pytest.raises(Refused, match="不能晚于今天"):
        actions.mark_milestones(
            report, {milestone.pk: later + timedelta(days=1)}, by=people.dh_applicant
        )

    milestone.refresh_from_db()
    assert milestone.done_on is None and not saves(report).exists()


def test_it_refuses_anyone_but_the_pilots_applicant(people, report, milestone, later):
    for outsider in (people.jx_endorser, people.ft_applicant, people.mz_officer):
        with pytest.raises(PermissionDenied):
            actions.mark_milestones(report, {milestone.pk: later}, by=outsider)

    milestone.refresh_from_db()
    assert milestone.done_on is None and not saves(report).exists()


def test_it_refuses_a_submitted_report(people, report, milestone, later):
    values = {i.pk: ("1", "") for i in Indicator.objects.filter(plan__pilot=report.pilot)}
    actions.save_report(report, "进展", values, by=people.dh_applicant)
    actions.submit_report(report, by=people.dh_applicant)
    before = saves(report).count()

    with pytest.raises(Refused, match="已提交"):
        actions.mark_milestones(report, {milestone.pk: later}, by=people.dh_applicant)

    milestone.refresh_from_db()
    assert milestone.done_on is None and saves(report).count() == before


def test_it_leaves_the_milestones_of_another_plan_alone(people, pilots, report, later):
    futian = pilots["futian"]
    accepted_plan(futian, people.ft_applicant, people.sz_endorser)
    theirs = Milestone.objects.get(plan__pilot=futian)

    assert actions.mark_milestones(report, {theirs.pk: later}, by=people.dh_applicant) == 0

    theirs.refresh_from_db()
    assert theirs.done_on is None
