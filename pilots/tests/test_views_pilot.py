"""The list of pilots and the pilot's page. 东湖 (Zhang Min, dh_applicant) is a pilot in 江西;
Liu Wei (nc_endorser, 南昌) and Jiang (jx_endorser, 江西) are its chain and may read its page;
Lin Hai (gd_endorser), in 广东, must see nothing of it. The ministry (mz_officer) sees all."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from desk import tasks
from pilots import actions
from pilots.models import (
    Designation,
    Indicator,
    Milestone,
    Pilot,
    ProgressReport,
    ReportingSchedule,
    Supervision,
)
from pilots.tests.pilot_flow import accepted_plan, make_pilots
from reviews.models import Assignment, AssignmentState, Rubric, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilots(people):
    pilots = make_pilots(people)
    actions.set_schedule(pilots["donghu"].programme, by=people.mz_officer, every_months=3)
    return pilots


@pytest.fixture
def donghu(pilots):
    return pilots["donghu"]


def _file_report(pilot, applicant, *actuals, narrative="完成站点挂牌8个。"):
    report = pilot.reports.order_by("sequence").filter(status="draft").first()
    values = {
        i.pk: (a, "")
        for i, a in zip(Indicator.objects.filter(plan__pilot=pilot), actuals, strict=True)
    }
    actions.save_report(report, narrative, values, by=applicant)
    actions.submit_report(report, by=applicant)
    return report


def _page(client, pilot):
    return client.get(reverse("pilots:detail", args=[pilot.pk]))


# ------------------------------------------------------------------ who sees what


def test_it_lists_only_the_pilots_a_user_can_see(client_for, people, pilots):
    def names(user):
        html = client_for(user).get(reverse("pilots:list")).content.decode()
        return {name for name in ("东湖区", "福田区") if name in html}

    assert names(people.dh_applicant) == {"东湖区"}
    assert names(people.jx_endorser) == {"东湖区"}
    assert names(people.sz_endorser) == {"福田区"}
    assert names(people.gd_endorser) == set()
    assert names(people.mz_officer) == {"东湖区", "福田区"}


def test_it_hides_a_pilot_from_another_province(client_for, people, donghu):
    client = client_for(people.gd_endorser)
    report = donghu.reports.first()

    assert _page(client, donghu).status_code == 404
    assert client.get(reverse("pilots:plan", args=[donghu.pk])).status_code == 404
    assert client.get(reverse("pilots:report", args=[report.pk])).status_code == 404
    assert client.get(reverse("pilots:summary", args=[donghu.pk])).status_code == 404


def test_it_lets_the_chain_read_but_not_edit(client_for, people, donghu):
    report = donghu.reports.first()
    for endorser in (people.nc_endorser, people.jx_endorser):
        client = client_for(endorser)
        assert _page(client, donghu).status_code == 200
        for url in (
            reverse("pilots:plan", args=[donghu.pk]),
            reverse("pilots:report", args=[report.pk]),
            reverse("pilots:summary", args=[donghu.pk]),
        ):
            response = client.post(url, {"action": "save"})
            assert response.status_code == 403
            assert "只有试点单位本单位的申报人" in response.content.decode()
            assert client.get(url).status_code == 403
    assert not donghu.reports.exclude(narrative="").exists()


def test_it_sends_anonymous_visitors_to_the_login_page(client, donghu):
    response = client.get(reverse("pilots:detail", args=[donghu.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# ------------------------------------------------------------------ the list


def test_it_shows_the_period_the_plan_and_the_next_report(client_for, people, donghu):
    html = client_for(people.jx_endorser).get(reverse("pilots:list")).content.decode()
    starts, ends = donghu.starts_on, donghu.ends_on

    assert f"{starts.year}年{starts.month}月{starts.day}日" in html
    assert f"{ends.year}年{ends.month}月{ends.day}日" in html
    assert "未编写" in html
    assert donghu.reports.first().due_on.isoformat() in html
    assert "剩余" in html


def test_it_marks_overdue_reports_in_the_list(client_for, people, donghu):
    late = donghu.reports.first()
    ProgressReport.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )

    html = client_for(people.mz_officer).get(reverse("pilots:list")).content.decode()

    assert "逾期 1 期" in html
    assert "已逾期3天" in html


def test_it_links_the_province_and_the_ministry_to_their_pages(client_for, people, donghu):
    programme = donghu.programme
    province = reverse("pilots:province", args=[programme.pk])
    ministry = reverse("pilots:ministry", args=[programme.pk])

    def links(user):
        html = client_for(user).get(reverse("pilots:list")).content.decode()
        return {url for url in (province, ministry) if f'href="{url}"' in html}

    assert links(people.jx_endorser) == {province}
    assert links(people.sz_endorser) == {province}
    assert links(people.mz_officer) == {ministry}
    for others in (people.dh_applicant, people.nc_endorser):
        assert links(others) == set()


def test_it_lists_pilots_in_a_fixed_number_of_queries(client_for, people, pilots):
    client = client_for(people.mz_officer)
    url = reverse("pilots:list")
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    # Fewer pilots, more reports each: the same number of queries.
    Pilot.objects.filter(pk=pilots["futian"].pk).delete()
    actions.set_schedule(pilots["donghu"].programme, by=people.mz_officer, every_months=1)
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    assert len(few) == len(many)


# ------------------------------------------------------------------ the pilot's page


def test_it_shows_target_against_actual_with_percentages(client_for, people, donghu):
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser, targets=("12345", "12"))
    _file_report(donghu, people.dh_applicant, "4567", "8")

    html = _page(client_for(people.jx_endorser), donghu).content.decode()

    progress = html[html.index('id="progress"') : html.index('id="reports"')]
    assert "12,345" in progress and "4,567" in progress
    assert "37%" in progress  # 4567 / 12345 = 36.99…%, one decimal
    assert "66.7%" in progress  # 8 / 12
    assert 'class="sd-num"' in progress
    assert "完成站点挂牌8个。" in html  # the report's narrative
    assert "待省级审核" in html


def test_it_shows_percentages_to_one_decimal(client_for, people, donghu):
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    _file_report(donghu, people.dh_applicant, "120", "12")

    html = _page(client_for(people.dh_applicant), donghu).content.decode()

    assert "36.8%" in html  # 120 / 326
    assert "100%" in html and "sd-pct--met" in html


def test_it_shows_the_plan_milestones_and_supervision(client_for, people, donghu):
    plan = accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    Milestone.objects.filter(plan=plan).update(done_on=donghu.starts_on + timedelta(days=10))
    actions.record_supervision(
        donghu,
        by=people.jx_endorser,
        kind="inspection",
        held_on=timezone.localdate(),
        participants="省民政厅社会工作处 王处长",
        findings="站点挂牌进度较快，专业督导不足。",
        follow_ups="配齐督导。",
    )

    html = _page(client_for(people.dh_applicant), donghu).content.decode()

    assert "建成覆盖全区的社会工作服务体系。" in html
    assert "完成全部站点挂牌" in html and "已完成 1 / 1" in html
    assert "督查" in html and "专业督导不足" in html and "配齐督导。" in html
    assert "试点期" in html and "<progress" in html


def test_it_offers_the_pilot_what_it_can_do_now(client_for, people, donghu):
    html = _page(client_for(people.dh_applicant), donghu).content.decode()
    assert reverse("pilots:plan", args=[donghu.pk]) in html
    assert "编写试点方案" in html

    html = _page(client_for(people.jx_endorser), donghu).content.decode()
    assert "本单位现在可以办理" not in html


def test_it_writes_nothing_when_the_page_is_read(client_for, people, donghu):
    # A schedule changed behind the actions' back: the page shows what there is, and
    # leaves the report rows to actions.set_schedule.
    ReportingSchedule.objects.filter(programme=donghu.programme).update(every_months=1)
    reports = list(donghu.reports.values_list("pk", flat=True))
    client = client_for(people.dh_applicant)

    with CaptureQueriesContext(connection) as queries:
        assert _page(client, donghu).status_code == 200

    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "pilots_" in q["sql"]
    ]
    assert writes == []
    assert list(donghu.reports.values_list("pk", flat=True)) == reports


def test_it_shows_the_pilot_page_in_a_fixed_number_of_queries(client_for, people, donghu):
    plan = accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    _file_report(donghu, people.dh_applicant, "120", "8")
    client = client_for(people.jx_endorser)
    _page(client, donghu)  # a first visit warms what every page loads
    with CaptureQueriesContext(connection) as before:
        _page(client, donghu)

    for n in range(3):
        Indicator.objects.create(plan=plan, order=3 + n, name=f"指标{n}", target=Decimal(10))
        Milestone.objects.create(plan=plan, title=f"任务{n}", due_on=donghu.ends_on)
        Supervision.objects.create(
            pilot=donghu,
            kind="guidance",
            held_on=donghu.starts_on,
            participants="甲",
            findings="乙",
            recorded_by=people.jx_endorser,
            organisation=people.jx_endorser.organisation,
        )
    _file_report(donghu, people.dh_applicant, "130", "9", "1", "2", "3")
    with CaptureQueriesContext(connection) as after:
        assert _page(client, donghu).status_code == 200

    assert len(after) == len(before)


# ------------------------------------------------------------------ evaluation and title


@pytest.fixture
def scored(people, donghu):
    rubric = Rubric.objects.create(
        programme=donghu.programme, stage=Stage.EVALUATION, title="综合评估评分标准"
    )
    for expert, total in ((people.expert_bj, "88.5"), (people.expert_gd, "91.5")):
        Assignment.objects.create(
            rubric=rubric,
            application=donghu.application,
            expert=expert,
            state=AssignmentState.SUBMITTED,
            total=Decimal(total),
            submitted_at=timezone.now(),
            assigned_by=people.mz_officer,
        )
    return donghu


def test_it_shows_the_evaluation_to_the_ministry_and_the_province(client_for, people, scored):
    ministry = _page(client_for(people.mz_officer), scored).content.decode()
    province = _page(client_for(people.jx_endorser), scored).content.decode()

    for html in (ministry, province):
        assert "综合评估" in html and "90" in html  # (88.5 + 91.5) / 2
        assert "88.5" in html and "91.5" in html
    assert "宋教授" in ministry
    assert "宋教授" not in province and "专家1" in province


def test_it_keeps_the_evaluation_from_the_pilot_until_the_list_is_published(
    client_for, people, scored
):
    from reviews.models import ListKind, ListStatus, PublishedList

    for user in (people.dh_applicant, people.nc_endorser):
        assert 'id="evaluation"' not in _page(client_for(user), scored).content.decode()

    PublishedList.objects.create(
        programme=scored.programme,
        kind=ListKind.DEMONSTRATION,
        status=ListStatus.FINAL,
        title="示范名单",
        published_at=timezone.now(),
    )
    html = _page(client_for(people.dh_applicant), scored).content.decode()
    assert 'id="evaluation"' in html and "88.5" in html


def test_it_shows_the_title_with_its_certificate(client_for, people, donghu):
    designation = Designation.objects.create(
        pilot=donghu,
        title="全国社会工作服务站建设示范区",
        certificate_number="003-2028-0001",
        granted_by=people.mz_officer,
        granted_at=timezone.now(),
    )

    html = _page(client_for(people.dh_applicant), donghu).content.decode()

    assert "全国社会工作服务站建设示范区" in html and "003-2028-0001" in html
    assert reverse("pilots:certificate", args=[designation.pk]) in html


# ------------------------------------------------------------------ 待办


def test_it_puts_the_plan_and_reports_due_on_the_pilots_todo_list(people, donghu):
    first = donghu.reports.order_by("sequence").first()
    ProgressReport.objects.filter(pk=first.pk).update(
        due_on=timezone.localdate() + timedelta(days=10)
    )

    found = tasks.collect(people.dh_applicant)
    titles = [(t.category, t.url) for t in found]

    assert ("试点方案待编写", reverse("pilots:plan", args=[donghu.pk])) in titles
    assert ("进展报告待报送", reverse("pilots:report", args=[first.pk])) in titles
    assert tasks.nav_counts(people.dh_applicant)["pilots"] == 2
    others = [t.url for t in tasks.collect(people.ft_applicant)]
    assert reverse("pilots:plan", args=[donghu.pk]) not in others
    assert tasks.nav_counts(people.jx_endorser).get("pilots", 0) == 0


def test_it_keeps_far_reports_and_submitted_plans_off_the_todo_list(people, donghu):
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    ProgressReport.objects.filter(pilot=donghu).update(
        due_on=timezone.localdate() + timedelta(days=60)
    )

    assert tasks.nav_counts(people.dh_applicant).get("pilots", 0) == 0


def test_it_reminds_the_pilot_of_its_summary_in_the_last_month(people, donghu):
    import time_machine

    day = donghu.ends_on - timedelta(days=10)
    moment = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 9, 0))
    with time_machine.travel(moment, tick=False):
        found = [t for t in tasks.collect(people.dh_applicant) if t.category == "试点总结待报送"]

    assert [t.url for t in found] == [reverse("pilots:summary", args=[donghu.pk])]
    assert found[0].deadline == donghu.programme.summary_deadline
