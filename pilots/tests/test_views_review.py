"""The province reviews its pilots' plans, reports and summaries through the pages.

东湖 (Zhang Min, dh_applicant) is a pilot in 江西; Chen Zhigang (jx_endorser) reviews for the
province. Liu Wei (nc_endorser) in the prefecture between them sees the pilot but does not
review; the ministry (mz_officer) has its own page; Lin Hai (gd_endorser) in 广东 and the
experts see nothing of it.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from pilots import actions
from pilots.models import (
    Indicator,
    Milestone,
    PlanStatus,
    ReportStatus,
    SummaryStatus,
)
from pilots.tests.pilot_flow import accepted_plan, make_pilots

pytestmark = pytest.mark.django_db


@pytest.fixture
def donghu(people):
    pilot = make_pilots(people)["donghu"]
    actions.set_schedule(pilot.programme, by=people.mz_officer, every_months=6)
    return pilot


def submitted_plan(pilot, applicant, target="326"):
    plan = actions.ensure_plan(pilot)
    plan.summary = "建成覆盖全区的社会工作服务体系。"
    plan.save()
    for area in plan.areas.all():
        area.goals, area.measures = "目标……", "措施……"
        area.save()
    Indicator.objects.create(
        plan=plan, order=1, name="持证社会工作者", unit="名", target=Decimal(target)
    )
    Milestone.objects.create(plan=plan, title="完成全部站点挂牌", due_on=pilot.ends_on)
    actions.submit_plan(plan, by=applicant)
    plan.refresh_from_db()
    return plan


def submitted_report(pilot, applicant, *actuals):
    report = pilot.reports.order_by("sequence").first()
    values = {
        i.pk: (a, "按花名册统计")
        for i, a in zip(Indicator.objects.filter(plan__pilot=pilot), actuals, strict=True)
    }
    actions.save_report(report, "完成站点挂牌8个。", values, by=applicant)
    actions.submit_report(report, by=applicant)
    report.refresh_from_db()
    return report


def urls(pilot, report):
    return [
        reverse("pilots:review_plan", args=[pilot.pk]),
        reverse("pilots:review_report", args=[report.pk]),
        reverse("pilots:review_summary", args=[pilot.pk]),
    ]


# ----------------------------------------------------------------------------- access


def test_it_shows_the_review_pages_only_to_the_pilots_province(people, client_for, donghu):
    report = donghu.reports.first()
    for url in urls(donghu, report):
        assert client_for(people.jx_endorser).get(url).status_code == 200
        for outsider in (people.gd_endorser, people.sz_endorser, people.expert_bj):
            assert client_for(outsider).get(url).status_code == 404, (url, outsider)
        for on_the_chain in (people.dh_applicant, people.nc_endorser, people.mz_officer):
            response = client_for(on_the_chain).get(url)
            assert response.status_code == 403, (url, on_the_chain)
            assert "江西省民政厅的审核人" in response.content.decode()


def test_it_refuses_a_review_posted_by_the_pilot_itself(people, client_for, donghu):
    plan = submitted_plan(donghu, people.dh_applicant)
    response = client_for(people.dh_applicant).post(
        reverse("pilots:review_plan", args=[donghu.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


# ----------------------------------------------------------------------------- the plan


def test_it_shows_the_submitted_plan_and_accepts_it(people, client_for, donghu):
    plan = submitted_plan(donghu, people.dh_applicant)
    client = client_for(people.jx_endorser)
    url = reverse("pilots:review_plan", args=[donghu.pk])
    page = client.get(url).content.decode()
    assert "建成覆盖全区的社会工作服务体系。" in page
    assert "持证社会工作者" in page and "326" in page
    assert "完成全部站点挂牌" in page
    assert "与上一版比较" not in page  # the first version: nothing to compare

    response = client.post(url, {"decision": "accept", "comments": "同意。"})
    assert response.status_code == 302
    assert response["Location"] == reverse("pilots:province", args=[donghu.programme_id])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACCEPTED
    version = plan.versions.get()
    assert version.review_state == PlanStatus.ACCEPTED and version.reviewed_by == people.jx_endorser
    assert "已审核南昌市东湖区民政局的试点方案" in client.get(response["Location"]).content.decode()


def test_it_returns_a_plan_only_with_comments(people, client_for, donghu):
    plan = submitted_plan(donghu, people.dh_applicant)
    client = client_for(people.jx_endorser)
    url = reverse("pilots:review_plan", args=[donghu.pk])
    response = client.post(url, {"decision": "return", "comments": "  "})
    assert response.status_code == 200
    assert "退回修改须写明意见" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    client.post(url, {"decision": "return", "comments": "指标偏低，请调整。"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    assert plan.versions.get().comments == "指标偏低，请调整。"
    # Nothing awaits review now: the page says so and offers no form.
    page = client.get(url).content.decode()
    assert "不在待审核状态" in page and 'name="decision"' not in page


def test_it_compares_a_resubmitted_plan_with_the_previous_version(people, client_for, donghu):
    plan = submitted_plan(donghu, people.dh_applicant, target="326")
    actions.review_plan(plan, accept=False, comments="指标偏低。", by=people.jx_endorser)
    Indicator.objects.filter(plan=plan).update(target=Decimal("400"))
    Milestone.objects.create(plan=plan, title="建立督导队伍", due_on=donghu.ends_on)
    actions.submit_plan(plan, by=people.dh_applicant)

    page = client_for(people.jx_endorser).get(reverse("pilots:review_plan", args=[donghu.pk]))
    text = page.content.decode()
    assert "与上一版比较（v1 → v2）" in text
    assert "目标值 326名" in text and "目标值 400名" in text
    assert "建立督导队伍" in text and "新增" in text
    assert "指标偏低。" in text  # the comments on v1, beside the comparison


# ----------------------------------------------------------------------------- reports


def test_it_shows_target_against_actual_and_endorses_a_report(people, client_for, donghu):
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser, targets=("300", "10"))
    report = submitted_report(donghu, people.dh_applicant, "120", "8")
    client = client_for(people.jx_endorser)
    url = reverse("pilots:review_report", args=[report.pk])
    page = client.get(url).content.decode()
    assert "第1期进展报告" in page
    assert "完成站点挂牌8个。" in page
    assert ">300<" in page and ">120<" in page and "40.0%" in page
    assert "80.0%" in page  # 8 of 10 stations

    response = client.post(url, {"decision": "accept", "comments": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ENDORSED and report.reviewed_by == people.jx_endorser


def test_it_refuses_to_review_a_report_that_was_not_submitted(people, client_for, donghu):
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    report = donghu.reports.first()
    response = client_for(people.jx_endorser).post(
        reverse("pilots:review_report", args=[report.pk]), {"decision": "accept"}
    )
    assert response.status_code == 200
    assert "进展报告不在待审核状态" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_it_returns_a_report_with_comments(people, client_for, donghu):
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    report = submitted_report(donghu, people.dh_applicant, "120", "8")
    client_for(people.jx_endorser).post(
        reverse("pilots:review_report", args=[report.pk]),
        {"decision": "return", "comments": "请补充佐证材料。"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.review_comments == "请补充佐证材料。"


# ----------------------------------------------------------------------------- the summary


def test_it_endorses_a_summary_with_the_provincial_opinion(people, client_for, donghu):
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser, targets=("300", "10"))
    submitted_report(donghu, people.dh_applicant, "120", "8")
    summary = actions.submit_summary(donghu, "一年来，全区……", by=people.dh_applicant)
    client = client_for(people.jx_endorser)
    url = reverse("pilots:review_summary", args=[donghu.pk])
    page = client.get(url).content.decode()
    assert "一年来，全区……" in page and "40.0%" in page

    response = client.post(url, {"decision": "accept", "comments": ""})
    assert response.status_code == 200
    assert "请填写省级意见" in response.content.decode()
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.SUBMITTED

    client.post(url, {"decision": "accept", "comments": "同意，成效明显。"})
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.ENDORSED
    assert summary.province_opinion == "同意，成效明显。"
    assert summary.endorsed_by == people.jx_endorser


def test_it_says_when_there_is_no_summary_to_review(people, client_for, donghu):
    response = client_for(people.jx_endorser).post(
        reverse("pilots:review_summary", args=[donghu.pk]),
        {"decision": "accept", "comments": "同意"},
    )
    assert response.status_code == 200
    assert "尚未提交试点总结" in response.content.decode()
