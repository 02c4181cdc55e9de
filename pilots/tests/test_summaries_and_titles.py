"""Summaries through the province, provincial figures from the pilots' reports, evaluation
after the summary deadline, and titles only for pilots with an endorsed summary."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine

from applications.actions import Refused
from pilots import actions
from pilots.models import Indicator, SummaryStatus
from pilots.tests.pilot_flow import accepted_plan, make_pilots
from portal.models import Notice
from programmes.models import Status as ProgrammeStatus
from reviews import actions as review_actions
from reviews.models import Assignment, Stage

pytestmark = pytest.mark.django_db


def report(pilot, applicant, endorser, *actuals):
    first = pilot.reports.order_by("sequence").first()
    values = {
        i.pk: (a, "")
        for i, a in zip(Indicator.objects.filter(plan__pilot=pilot), actuals, strict=True)
    }
    actions.save_report(first, "进展", values, by=applicant)
    actions.submit_report(first, by=applicant)
    actions.review_report(first, accept=True, comments="", by=endorser)


@pytest.fixture
def jiangxi_pilots(people):
    """Two 江西 pilots (东湖, and 瑞金 added here) with accepted plans and one report each."""
    from applications.tests.flow import endorse_all, submitted

    pilots = make_pilots(people)
    donghu = pilots["donghu"]
    actions.set_schedule(donghu.programme, by=people.mz_officer, every_months=3)
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser, targets=("300", "10"))
    report(donghu, people.dh_applicant, people.jx_endorser, "120", "8")
    return pilots, submitted, endorse_all


def test_it_adds_up_the_provinces_figures_from_the_latest_reports(people, jiangxi_pilots):
    pilots, *_ = jiangxi_pilots
    donghu = pilots["donghu"]
    figures = {
        f["name"]: f for f in actions.provincial_figures(donghu.programme, people.bureau("360000"))
    }
    assert figures["持证社会工作者"] == {
        "name": "持证社会工作者",
        "unit": "名",
        "pilots": 1,
        "target": "300.00",
        "actual": "120.00",
    }
    assert figures["社会工作服务站"]["actual"] == "8.00"
    shenzhen = actions.provincial_figures(donghu.programme, people.bureau("440300"))
    assert shenzhen == []  # 福田 has no plan yet: nothing to add up


def test_it_takes_summaries_through_the_province_before_the_provincial_summary(
    people, jiangxi_pilots
):
    pilots, *_ = jiangxi_pilots
    donghu = pilots["donghu"]
    programme, jiangxi = donghu.programme, people.bureau("360000")
    with pytest.raises(Refused, match="未经省级审核"):
        actions.submit_provincial_summary(programme, jiangxi, "总结", by=people.jx_endorser)
    summary = actions.submit_summary(donghu, "一年来……", by=people.dh_applicant)
    actions.review_summary(summary, accept=True, opinion="同意。", by=people.jx_endorser)
    provincial = actions.submit_provincial_summary(
        programme, jiangxi, "全省试点工作总结……", by=people.jx_endorser
    )
    assert provincial.figures[0]["name"] == "持证社会工作者"
    with pytest.raises(Refused, match="已报送"):
        actions.submit_provincial_summary(programme, jiangxi, "再报", by=people.jx_endorser)


def test_it_refuses_summaries_after_the_summary_deadline(people, jiangxi_pilots):
    pilots, *_ = jiangxi_pilots
    deadline = pilots["donghu"].programme.summary_deadline
    with time_machine.travel(deadline + timedelta(minutes=1), tick=False):
        with pytest.raises(Refused, match="已过试点总结截止时间"):
            actions.submit_summary(pilots["donghu"], "迟到", by=people.dh_applicant)


def test_it_evaluates_and_grants_titles_after_the_summary_deadline(people, jiangxi_pilots):
    pilots, *_ = jiangxi_pilots
    donghu, futian = pilots["donghu"], pilots["futian"]
    summary = actions.submit_summary(donghu, "一年来……", by=people.dh_applicant)
    actions.review_summary(summary, accept=True, opinion="同意。", by=people.jx_endorser)
    programme = donghu.programme
    rubric = review_actions.rubric_from_content_areas(
        programme, by=people.mz_officer, stage=Stage.EVALUATION
    )
    with pytest.raises(Refused, match="总结截止后"):
        review_actions.assign_experts(
            rubric, [donghu.application], [people.expert_bj], by=people.mz_officer
        )
    with pytest.raises(Refused, match="总结截止后"):
        actions.grant_title(donghu, by=people.mz_officer)

    with time_machine.travel(programme.summary_deadline + timedelta(days=1), tick=False):
        created, _refused = review_actions.assign_experts(
            rubric,
            [donghu.application],
            [people.expert_bj, people.mz_officer],
            by=people.mz_officer,
        )
        assert created == 2
        n = rubric.criteria.count()
        for scorer, value in ((people.expert_bj, "9"), (people.mz_officer, "7")):
            assignment = Assignment.objects.get(rubric=rubric, expert=scorer)
            review_actions.save_scores(
                assignment,
                {c.pk: (value, "") for c in rubric.criteria.all()},
                by=scorer,
                overall_comment="成效明显。",
            )
            review_actions.submit_scores(assignment, by=scorer)
        totals = sorted(Assignment.objects.filter(rubric=rubric).values_list("total", flat=True))
        assert totals == [Decimal(7 * n), Decimal(9 * n)]

        with pytest.raises(Refused, match="未报送经省级审核的试点总结"):
            actions.grant_title(futian, by=people.mz_officer)
        designation = actions.grant_title(donghu, by=people.mz_officer)
        assert designation.title == programme.region_outcome_title
        published = actions.publish_demonstrations(programme, by=people.mz_officer)

    notice = Notice.objects.public().get(pk=published.final_notice_id)
    assert notice.kind == "demo_list" and "南昌市东湖区民政局" in notice.body
    assert "深圳市福田区民政局" not in notice.body
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.EVALUATED
    donghu.summary.refresh_from_db()
    assert donghu.summary.status == SummaryStatus.ENDORSED
