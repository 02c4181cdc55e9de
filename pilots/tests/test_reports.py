"""Progress reports: actual values against the plan's indicators, endorsed by the province;
refused before the plan is accepted and after the pilot has ended."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from applications.actions import Refused
from pilots import actions
from pilots.models import Indicator, ReportStatus
from pilots.tests.pilot_flow import accepted_plan, make_pilots

pytestmark = pytest.mark.django_db


@pytest.fixture
def donghu(people):
    pilot = make_pilots(people)["donghu"]
    actions.set_schedule(pilot.programme, by=people.mz_officer, every_months=3)
    return pilot


def values(pilot, *actuals):
    return {
        i.pk: (a, "")
        for i, a in zip(Indicator.objects.filter(plan__pilot=pilot), actuals, strict=True)
    }


def test_it_refuses_a_report_before_the_plan_is_accepted(people, donghu):
    report = donghu.reports.first()
    actions.ensure_plan(donghu)
    actions.save_report(report, "进展……", {}, by=people.dh_applicant)
    with pytest.raises(Refused, match="方案通过审核后"):
        actions.submit_report(report, by=people.dh_applicant)


def test_it_wants_every_indicator_and_takes_the_provinces_endorsement(people, donghu):
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    report = donghu.reports.first()
    actions.save_report(
        report, "完成站点挂牌8个。", values(donghu, "120", ""), by=people.dh_applicant
    )
    with pytest.raises(Refused, match="社会工作服务站"):
        actions.submit_report(report, by=people.dh_applicant)
    actions.save_report(
        report, "完成站点挂牌8个。", values(donghu, "120", "8"), by=people.dh_applicant
    )
    actions.submit_report(report, by=people.dh_applicant)
    actions.review_report(report, accept=True, comments="", by=people.jx_endorser)
    report.refresh_from_db()
    assert report.status == ReportStatus.ENDORSED
    with pytest.raises(Refused, match="已提交"):
        actions.save_report(report, "改", {}, by=people.dh_applicant)


def test_it_refuses_reports_after_the_pilot_ended(people, donghu):
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    report = donghu.reports.first()
    actions.save_report(report, "迟报", values(donghu, "1", "1"), by=people.dh_applicant)
    after = timezone.make_aware(
        timezone.datetime.combine(donghu.ends_on + timedelta(days=1), timezone.datetime.min.time())
    )
    with time_machine.travel(after + timedelta(hours=10), tick=False):
        with pytest.raises(Refused, match="试点期已于"):
            actions.submit_report(report, by=people.dh_applicant)


def test_it_refuses_a_value_that_is_not_a_number(people, donghu):
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    with pytest.raises(Refused, match="数字"):
        actions.save_report(
            donghu.reports.first(), "", values(donghu, "很多", "1"), by=people.dh_applicant
        )
