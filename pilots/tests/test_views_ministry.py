"""The ministry's page for the pilot period: the schedule, all pilots by province, provincial
summaries, the comprehensive evaluation, titles and the demonstration list.

Li Minghua (mz_officer) runs it; nobody else may (the provinces, the pilots, the experts).
东湖 (江西) and 福田 (深圳) are the pilots; 东湖's summary is endorsed, 福田's is not.
"""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pilots import actions
from pilots.models import Designation, PlanStatus, ReportingSchedule
from pilots.tests.pilot_flow import accepted_plan, make_pilots
from portal.models import Notice
from reviews import actions as review_actions
from reviews.models import Assignment, ListKind, PublishedList, Rubric, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilots(people):
    return make_pilots(people)


@pytest.fixture
def endorsed(people, pilots):
    """东湖 with an accepted plan and an endorsed summary; 福田 with neither."""
    donghu = pilots["donghu"]
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    summary = actions.submit_summary(donghu, "一年来……", by=people.dh_applicant)
    actions.review_summary(summary, accept=True, opinion="同意。", by=people.jx_endorser)
    return pilots


def after_deadline(programme, days=1):
    return time_machine.travel(programme.summary_deadline + timedelta(days=days), tick=False)


def page_of(client, programme) -> str:
    response = client.get(reverse("pilots:ministry", args=[programme.pk]))
    assert response.status_code == 200
    return response.content.decode()


# ----------------------------------------------------------------------------- access


def test_it_is_the_ministrys_page_only(people, client_for, pilots):
    programme = pilots["donghu"].programme
    donghu = pilots["donghu"]
    gets = [reverse("pilots:ministry", args=[programme.pk])]
    posts = [
        reverse("pilots:ministry_schedule", args=[programme.pk]),
        reverse("pilots:ministry_return_plan", args=[donghu.pk]),
        reverse("pilots:evaluation_rubric", args=[programme.pk]),
        reverse("pilots:evaluation_assign", args=[programme.pk]),
        reverse("pilots:grant_title", args=[donghu.pk]),
        reverse("pilots:publish_demonstrations", args=[programme.pk]),
    ]
    for user in (people.jx_endorser, people.dh_applicant, people.expert_bj, people.mz_sysadmin):
        client = client_for(user)
        for url in gets:
            assert client.get(url).status_code == 403, (url, user)
        for url in posts:
            assert client.post(url, {"comments": "x", "mode": "every"}).status_code == 403, url
    client = client_for(people.mz_officer)
    assert client.get(reverse("pilots:ministry", args=[99999])).status_code == 404
    assert client.post(reverse("pilots:grant_title", args=[99999])).status_code == 404
    assert not ReportingSchedule.objects.exists() and not Rubric.objects.exists()


# ----------------------------------------------------------------------------- the schedule


def test_it_sets_the_schedule_every_n_months(people, client_for, pilots):
    programme = pilots["donghu"].programme
    client = client_for(people.mz_officer)
    response = client.post(
        reverse("pilots:ministry_schedule", args=[programme.pk]),
        {"mode": "every", "every_months": "4", "remind_days_before": "10"},
    )
    assert response.status_code == 302
    schedule = ReportingSchedule.objects.get(programme=programme)
    assert (schedule.every_months, schedule.remind_days_before) == (4, 10)
    assert pilots["donghu"].reports.count() == 2  # after 4 and 8 months of a one-year pilot
    page = page_of(client, programme)
    assert "自试点开始每4个月报送一次，提前10天提醒" in page
    assert "报告安排已保存" in page


def test_it_sets_the_schedule_on_given_dates(people, client_for, pilots):
    donghu = pilots["donghu"]
    programme = donghu.programme
    inside = [donghu.starts_on + timedelta(days=100), donghu.starts_on + timedelta(days=300)]
    outside = donghu.ends_on + timedelta(days=30)
    client_for(people.mz_officer).post(
        reverse("pilots:ministry_schedule", args=[programme.pk]),
        {
            "mode": "dates",
            "fixed_dates": "\n".join(d.isoformat() for d in [*inside, outside]),
            "remind_days_before": "7",
        },
    )
    schedule = ReportingSchedule.objects.get(programme=programme)
    assert schedule.every_months is None
    assert [date.fromisoformat(d) for d in schedule.fixed_dates] == [*inside, outside]
    assert list(donghu.reports.values_list("due_on", flat=True)) == inside


def test_it_says_what_is_wrong_with_a_schedule(people, client_for, pilots):
    programme = pilots["donghu"].programme
    client = client_for(people.mz_officer)
    url = reverse("pilots:ministry_schedule", args=[programme.pk])
    response = client.post(url, {"mode": "every", "every_months": "", "remind_days_before": "7"})
    assert response.status_code == 200
    assert "请填写每隔几个月报送一次" in response.content.decode()
    response = client.post(
        url, {"mode": "dates", "fixed_dates": "明年一月", "remind_days_before": "7"}
    )
    assert "“明年一月”不是日期" in response.content.decode()
    assert not ReportingSchedule.objects.exists()


# ----------------------------------------------------------------------------- the overview


def test_it_lists_the_pilots_by_province_with_overdue_reports(people, client_for, pilots):
    donghu = pilots["donghu"]
    programme = donghu.programme
    actions.set_schedule(programme, by=people.mz_officer, every_months=3)
    first = donghu.reports.order_by("sequence").first()
    with time_machine.travel(first.due_on + timedelta(days=3), tick=False):
        page = page_of(client_for(people.mz_officer), programme)
    assert page.index('data-province="360000"') < page.index('data-province="440300"')
    assert "江西省民政厅" in page and "深圳市民政局" in page
    assert "data-overdue>2<" in page  # 东湖's and 福田's first reports
    assert "逾期 1 期" in page
    assert f"第1期逾期（应于{first.due_on:%Y-%m-%d}）" in page


def test_it_shows_the_provincial_summaries_received(people, client_for, endorsed):
    programme = endorsed["donghu"].programme
    actions.submit_provincial_summary(
        programme, people.bureau("360000"), "江西全省试点总结……", by=people.jx_endorser
    )
    page = page_of(client_for(people.mz_officer), programme)
    assert "已收到 1 份" in page and "江西全省试点总结……" in page
    assert "未报送：深圳市民政局" in page


def test_it_returns_an_accepted_plan_with_comments(people, client_for, endorsed):
    donghu = endorsed["donghu"]
    client = client_for(people.mz_officer)
    url = reverse("pilots:ministry_return_plan", args=[donghu.pk])
    response = client.post(url, {"comments": ""}, follow=True)
    assert "退回修改须写明意见" in response.content.decode()
    donghu.plan.refresh_from_db()
    assert donghu.plan.status == PlanStatus.ACCEPTED
    response = client.post(url, {"comments": "指标口径与全国统计不一致，请修改。"})
    assert response["Location"].endswith(f"#pilot-{donghu.pk}")
    donghu.plan.refresh_from_db()
    assert donghu.plan.status == PlanStatus.RETURNED
    version = donghu.plan.versions.order_by("-number").first()
    assert version.reviewed_by == people.mz_officer
    assert "已将南昌市东湖区民政局的试点方案退回修改" in page_of(client, donghu.programme)


def test_it_runs_a_fixed_number_of_queries(people, client_for, pilots):
    programme = pilots["donghu"].programme
    client = client_for(people.mz_officer)
    page_of(client, programme)
    with CaptureQueriesContext(connection) as before:
        page_of(client, programme)

    actions.set_schedule(programme, by=people.mz_officer, every_months=3)
    for name, applicant, endorser in (
        ("donghu", people.dh_applicant, people.jx_endorser),
        ("futian", people.ft_applicant, people.sz_endorser),
    ):
        accepted_plan(pilots[name], applicant, endorser)
        summary = actions.submit_summary(pilots[name], "总结", by=applicant)
        actions.review_summary(summary, accept=True, opinion="同意。", by=endorser)
    with after_deadline(programme):
        rubric = review_actions.rubric_from_content_areas(
            programme, by=people.mz_officer, stage=Stage.EVALUATION
        )
        review_actions.assign_experts(
            rubric,
            [p.application for p in pilots.values()],
            [people.expert_bj, people.mz_officer],
            by=people.mz_officer,
        )
        actions.grant_title(pilots["donghu"], by=people.mz_officer)
        client = client_for(people.mz_officer)
        page_of(client, programme)
        with CaptureQueriesContext(connection) as after:
            page = page_of(client, programme)
    assert "深圳市福田区民政局" in page and "授予称号" in page
    # The evaluation adds its own few queries (rubric criteria, scorers, the list); the
    # number of pilots, reports and assignments adds none.
    assert len(after) <= len(before) + 4, [q["sql"] for q in after.captured_queries]

    # More of everything (reports, supervisions): not one more query.
    with after_deadline(programme):
        actions.record_supervision(
            pilots["futian"],
            by=people.mz_officer,
            kind="guidance",
            held_on=pilots["futian"].starts_on,
            participants="民政部",
            findings="良好",
        )
        with CaptureQueriesContext(connection) as more:
            page_of(client, programme)
    assert len(more) == len(after)


# ----------------------------------------------------------------------------- evaluation


def test_it_refuses_the_evaluation_before_the_summary_deadline(people, client_for, endorsed):
    donghu = endorsed["donghu"]
    programme = donghu.programme
    client = client_for(people.mz_officer)
    page = page_of(client, programme)
    assert "试点总结截止" in page and "后才能开始综合评估" in page
    assert reverse("pilots:evaluation_assign", args=[programme.pk]) not in page

    client.post(reverse("pilots:evaluation_rubric", args=[programme.pk]))
    assert not Rubric.objects.exists()
    review_actions.rubric_from_content_areas(
        programme, by=people.mz_officer, stage=Stage.EVALUATION
    )
    response = client.post(
        reverse("pilots:evaluation_assign", args=[programme.pk]),
        {"pilot": [donghu.pk], "scorer": [people.expert_bj.pk]},
    )
    assert response.status_code == 302
    client.post(reverse("pilots:grant_title", args=[donghu.pk]))
    page = page_of(client, programme)
    assert "试点总结截止后才能开始综合评估。" in page
    assert not Assignment.objects.exists() and not Designation.objects.exists()


def test_it_evaluates_after_the_summary_deadline(people, client_for, endorsed):
    donghu, futian = endorsed["donghu"], endorsed["futian"]
    programme = donghu.programme
    with after_deadline(programme):
        client = client_for(people.mz_officer)
        client.post(reverse("pilots:evaluation_rubric", args=[programme.pk]))
        rubric = Rubric.objects.get(programme=programme, stage=Stage.EVALUATION)
        n = rubric.criteria.count()
        assert n == programme.content_areas.count()

        response = client.post(
            reverse("pilots:evaluation_assign", args=[programme.pk]),
            {
                "pilot": [donghu.pk, futian.pk],
                "scorer": [people.expert_bj.pk, people.expert_gd.pk, people.mz_officer.pk],
            },
        )
        assert response.status_code == 200  # the page itself, with what was refused
        text = response.content.decode()
        assert "已分配评估任务 5 项，1 项未分配" in text
        assert "深圳市福田区民政局 ← 罗教授：专家工作单位与申报主体在同一省份" in text
        assert Assignment.objects.filter(rubric=rubric).count() == 5

        for scorer, value in (
            (people.expert_bj, "9"),
            (people.mz_officer, "7"),
            (people.expert_gd, "8"),
        ):
            for assignment in Assignment.objects.filter(rubric=rubric, expert=scorer):
                review_actions.save_scores(
                    assignment,
                    {c.pk: (value, "") for c in rubric.criteria.all()},
                    by=scorer,
                    overall_comment="成效明显。",
                )
                review_actions.submit_scores(assignment, by=scorer)
        page = page_of(client, programme)

    # 东湖: 9n, 7n and 8n (罗教授 of 广东 scored it, not 福田): average 8n, spread 2n;
    # 福田: 9n and 7n, the same average and spread. Equal averages share the first rank.
    assert page.count(f"data-average>{8 * n}<") == 2
    assert page.count(f"data-spread>{2 * n}<") == 2
    assert page.count('data-rank>1<span class="sd-tie">并列') == 2
    assert page.count("data-missing>0<") == 2


def test_it_links_the_officers_own_scoring(people, client_for, endorsed):
    donghu = endorsed["donghu"]
    programme = donghu.programme
    with after_deadline(programme):
        rubric = review_actions.rubric_from_content_areas(
            programme, by=people.mz_officer, stage=Stage.EVALUATION
        )
        review_actions.assign_experts(
            rubric, [donghu.application], [people.mz_officer], by=people.mz_officer
        )
        page = page_of(client_for(people.mz_officer), programme)
    assignment = Assignment.objects.get(expert=people.mz_officer)
    assert "我的评分任务" in page
    assert reverse("reviews:score", args=[assignment.pk]) in page


# ----------------------------------------------------------------------------- titles


def test_it_refuses_a_title_without_an_endorsed_summary(people, client_for, endorsed):
    futian = endorsed["futian"]
    programme = futian.programme
    with after_deadline(programme):
        client = client_for(people.mz_officer)
        client.post(reverse("pilots:grant_title", args=[futian.pk]))
        page = page_of(client, programme)
    assert "深圳市福田区民政局 未报送经省级审核的试点总结，不能授予示范称号。" in page
    assert not Designation.objects.exists()


def test_it_grants_a_title_and_publishes_the_demonstration_list(people, client_for, endorsed):
    donghu = endorsed["donghu"]
    programme = donghu.programme
    with after_deadline(programme):
        client = client_for(people.mz_officer)
        client.post(reverse("pilots:publish_demonstrations", args=[programme.pk]))
        assert "还没有授予示范称号的试点" in page_of(client, programme)

        response = client.post(reverse("pilots:grant_title", args=[donghu.pk]))
        assert response["Location"].endswith("#titles")
        designation = Designation.objects.get(pilot=donghu)
        assert designation.title == programme.region_outcome_title
        page = page_of(client, programme)
        assert f"已授予南昌市东湖区民政局“{designation.title}”称号" in page
        assert reverse("pilots:certificate", args=[designation.pk]) in page

        client.post(reverse("pilots:publish_demonstrations", args=[programme.pk]))
        page = page_of(client, programme)
    published = PublishedList.objects.get(programme=programme, kind=ListKind.DEMONSTRATION)
    notice = Notice.objects.get(pk=published.final_notice_id)
    assert "南昌市东湖区民政局" in notice.body
    assert "示范名单已在门户网站公布" in page
    assert reverse("portal:notice", args=[notice.pk]) in page
