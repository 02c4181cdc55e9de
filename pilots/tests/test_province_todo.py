"""A provincial-level body's 待办 in the pilot period (pilots/todo.py): what its pilots
submitted for its review. Jiang (jx_endorser, 江西) finds 东湖's plan, report and summary
there, one task each, until he has reviewed them; 福田's go to 深圳 (sz_endorser, a city
listed separately). Liu Wei (nc_endorser, 南昌, between 东湖 and 江西), Lin Hai
(gd_endorser, 广东) and the pilot itself find none of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk import tasks
from pilots import actions, todo
from pilots.models import Indicator
from pilots.tests.pilot_flow import accepted_plan, make_pilots

pytestmark = pytest.mark.django_db

PROVIDERS = (todo.plans_to_review, todo.reports_to_review, todo.summaries_to_review)


@pytest.fixture
def pilots(people):
    pilots = make_pilots(people)
    actions.set_schedule(pilots["donghu"].programme, by=people.mz_officer, every_months=3)
    return pilots


@pytest.fixture
def donghu(pilots):
    return pilots["donghu"]


def submitted_plan(people, pilot, applicant, endorser):
    """A plan awaiting its province again: accepted, returned by the ministry, resubmitted."""
    plan = accepted_plan(pilot, applicant, endorser)
    actions.ministry_return_plan(plan, "请补充服务人次。", by=people.mz_officer)
    actions.submit_plan(plan, by=applicant)
    return plan


def submitted_report(pilot, applicant):
    report = pilot.reports.order_by("sequence").first()
    values = {i.pk: ("120", "") for i in Indicator.objects.filter(plan__pilot=pilot)}
    actions.save_report(report, "完成站点挂牌8个。", values, by=applicant)
    actions.submit_report(report, by=applicant)
    return report


def review_tasks(user):
    return [(t.category, t.url) for provider in PROVIDERS for t in provider(user)]


def test_it_puts_a_submitted_plan_on_the_provinces_todo_list(people, donghu):
    submitted_plan(people, donghu, people.dh_applicant, people.jx_endorser)

    [task] = [t for t in tasks.collect(people.jx_endorser) if t.category == "试点方案待审核"]

    assert task.url == reverse("pilots:review_plan", args=[donghu.pk])
    assert task.title == "南昌市东湖区民政局 · 试点方案"
    assert task.programme == donghu.programme.name
    assert tasks.nav_counts(people.jx_endorser)["pilots"] == 1


def test_it_puts_a_report_and_the_summary_there_until_they_are_reviewed(people, donghu):
    plan = accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    report = submitted_report(donghu, people.dh_applicant)
    summary = actions.submit_summary(donghu, "试点总结……", by=people.dh_applicant)

    assert sorted(review_tasks(people.jx_endorser)) == sorted(
        [
            ("进展报告待审核", reverse("pilots:review_report", args=[report.pk])),
            ("试点总结待审核", reverse("pilots:review_summary", args=[donghu.pk])),
        ]
    )
    assert plan.status == "accepted"  # reviewed: no longer a task

    actions.review_report(report, accept=True, comments="", by=people.jx_endorser)
    actions.review_summary(summary, accept=False, opinion="请补充数据。", by=people.jx_endorser)

    assert review_tasks(people.jx_endorser) == []


def test_it_shows_each_province_only_its_own_pilots(people, pilots):
    submitted_plan(people, pilots["donghu"], people.dh_applicant, people.jx_endorser)
    submitted_plan(people, pilots["futian"], people.ft_applicant, people.sz_endorser)

    assert review_tasks(people.jx_endorser) == [
        ("试点方案待审核", reverse("pilots:review_plan", args=[pilots["donghu"].pk]))
    ]
    assert review_tasks(people.sz_endorser) == [
        ("试点方案待审核", reverse("pilots:review_plan", args=[pilots["futian"].pk]))
    ]
    for nobody in (people.nc_endorser, people.gd_endorser, people.dh_applicant, people.mz_officer):
        assert review_tasks(nobody) == []


def test_it_asks_one_query_per_provider(people, donghu):
    plan = accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    submitted_report(donghu, people.dh_applicant)
    actions.submit_summary(donghu, "试点总结……", by=people.dh_applicant)
    actions.ministry_return_plan(plan, "请补充服务人次。", by=people.mz_officer)
    actions.submit_plan(plan, by=people.dh_applicant)  # all three awaiting Jiang at once
    jiang = people.jx_endorser
    jiang.roles  # noqa: B018  (loaded once a request, by the menu)

    for provider in PROVIDERS:
        with CaptureQueriesContext(connection) as queries:
            assert len(provider(jiang)) == 1
        assert len(queries) == 1, provider.__name__
