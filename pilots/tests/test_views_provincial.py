"""The province's overview of its pilots and its provincial summary.

江西 (jx_endorser) has 东湖 and, in the query-count test, 瑞金 too; 深圳 (sz_endorser), listed
separately as a province, has 福田. A prefecture (nc_endorser), the pilot itself and the
ministry do not speak for a province here.
"""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.tests.flow import endorse_all, submitted
from desk import tasks
from pilots import actions
from pilots.models import Indicator, Pilot, ProvincialSummary
from pilots.tests.pilot_flow import accepted_plan, make_pilots

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilots(people):
    pilots = make_pilots(people)
    actions.set_schedule(pilots["donghu"].programme, by=people.mz_officer, every_months=3)
    return pilots


def endorsed_report(pilot, applicant, endorser, *actuals):
    report = pilot.reports.order_by("sequence").first()
    values = {
        i.pk: (a, "")
        for i, a in zip(Indicator.objects.filter(plan__pilot=pilot), actuals, strict=True)
    }
    actions.save_report(report, "进展", values, by=applicant)
    actions.submit_report(report, by=applicant)
    actions.review_report(report, accept=True, comments="", by=endorser)


def at_beijing(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


# ----------------------------------------------------------------------------- access


def test_it_shows_each_province_its_own_pilots(people, client_for, pilots):
    url = reverse("pilots:province", args=[pilots["donghu"].programme_id])
    page = client_for(people.jx_endorser).get(url).content.decode()
    assert "南昌市东湖区民政局" in page and "深圳市福田区民政局" not in page
    page = client_for(people.sz_endorser).get(url).content.decode()
    assert "深圳市福田区民政局" in page and "南昌市东湖区民政局" not in page
    # A province with no pilot here sees an empty list, not someone else's.
    page = client_for(people.gd_endorser).get(url).content.decode()
    assert "没有试点" in page and "东湖" not in page


def test_it_refuses_the_province_pages_to_everyone_else(people, client_for, pilots):
    programme_id = pilots["donghu"].programme_id
    for name in ("pilots:province", "pilots:provincial_summary"):
        url = reverse(name, args=[programme_id])
        for user in (
            people.nc_endorser,
            people.dh_applicant,
            people.mz_officer,
            people.expert_jx,
            people.jx_sysadmin,
        ):
            assert client_for(user).get(url).status_code == 403, (name, user)
        assert client_for(people.jx_endorser).get(reverse(name, args=[99999])).status_code == 404


# ----------------------------------------------------------------------------- the overview


def test_it_shows_what_awaits_review_and_highlights_overdue_reports(people, client_for, pilots):
    donghu = pilots["donghu"]
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    first, second = donghu.reports.order_by("sequence")[:2]
    url = reverse("pilots:province", args=[donghu.programme_id])
    client = client_for(people.jx_endorser)

    page = client.get(url).content.decode()
    assert "data-overdue>0<" in page and "已通过" in page

    with time_machine.travel(at_beijing(first.due_on + timedelta(days=2)), tick=False):
        page = client_for(people.jx_endorser).get(url).content.decode()
    assert "data-overdue>1<" in page
    assert "sd-row-overdue" in page
    assert f"第1期逾期（应于{first.due_on:%Y-%m-%d}）" in page
    assert "已逾期2天" in page

    values = {i.pk: ("1", "") for i in Indicator.objects.filter(plan__pilot=donghu)}
    actions.save_report(first, "进展", values, by=people.dh_applicant)
    actions.submit_report(first, by=people.dh_applicant)
    page = client_for(people.jx_endorser).get(url).content.decode()
    assert "data-awaiting>1<" in page
    assert reverse("pilots:review_report", args=[first.pk]) in page
    assert reverse("pilots:review_report", args=[second.pk]) not in page


def test_it_runs_a_fixed_number_of_queries_for_the_overview(people, client_for):
    # 瑞金 applies too, but is not sent on to the ministry; it is made a pilot below.
    ruijin_application = endorse_all(
        submitted(people.rj_applicant), people.gz_endorser, people.jx_endorser
    )
    donghu = make_pilots(people)["donghu"]
    programme = donghu.programme
    actions.set_schedule(programme, by=people.mz_officer, every_months=3)
    url = reverse("pilots:province", args=[programme.pk])
    client = client_for(people.jx_endorser)
    client.get(url)  # the session and the menu's providers warm up
    # The menu's counts are kept briefly (desk/tasks.py): both views count them. (Not
    # cache.clear(): with Redis the session lives in the same cache.)
    tasks.forget_counts(people.jx_endorser.pk)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200

    # A second pilot in 江西 (瑞金), plans, reports, a supervision and a summary: no more
    # queries than before.
    ruijin = Pilot.objects.create(
        application=ruijin_application,
        programme=programme,
        category=ruijin_application.category,
        organisation=ruijin_application.organisation,
        province=ruijin_application.province,
        starts_on=donghu.starts_on,
        ends_on=donghu.ends_on,
    )
    actions.ensure_reports(ruijin)
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    accepted_plan(ruijin, people.rj_applicant, people.jx_endorser)
    endorsed_report(donghu, people.dh_applicant, people.jx_endorser, "10", "2")
    actions.record_supervision(
        ruijin,
        by=people.jx_endorser,
        kind="inspection",
        held_on=timezone.localdate(),
        participants="省厅",
        findings="进展顺利",
    )
    actions.submit_summary(donghu, "总结", by=people.dh_applicant)
    tasks.forget_counts(people.jx_endorser.pk)
    with CaptureQueriesContext(connection) as two:
        page = client.get(url).content.decode()
    assert "瑞金市民政局" in page and "南昌市东湖区民政局" in page
    assert page.index("南昌市东湖区") < page.index("瑞金市")  # 360102 before 360781
    assert len(two) == len(one), [q["sql"] for q in two.captured_queries]


# ----------------------------------------------------------------------------- provincial summary


def test_it_shows_the_figures_and_lists_the_pilots_holding_up_the_summary(
    people, client_for, pilots
):
    donghu = pilots["donghu"]
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser, targets=("300", "10"))
    endorsed_report(donghu, people.dh_applicant, people.jx_endorser, "120", "8")
    url = reverse("pilots:provincial_summary", args=[donghu.programme_id])
    client = client_for(people.jx_endorser)

    page = client.get(url).content.decode()
    assert "持证社会工作者" in page and ">300<" in page and ">120<" in page
    assert "40.0%" in page and "80.0%" in page
    assert "还有 1 个试点的总结未经省级审核" in page

    response = client.post(url, {"text": "全省试点工作总结……"})
    assert response.status_code == 200
    assert "还有试点的总结未经省级审核：南昌市东湖区民政局" in response.content.decode()
    assert not ProvincialSummary.objects.exists()

    summary = actions.submit_summary(donghu, "一年来……", by=people.dh_applicant)
    actions.review_summary(summary, accept=True, opinion="同意。", by=people.jx_endorser)
    response = client.post(url, {"text": "全省试点工作总结……"})
    assert response.status_code == 302
    provincial = ProvincialSummary.objects.get()
    assert provincial.province == people.bureau("360000")
    assert provincial.figures[0]["actual"] == "120.00"
    page = client.get(url).content.decode()
    assert "已报送民政部" in page and "全省试点工作总结……" in page
    assert 'name="text"' not in page  # submitted once, never again


def test_it_wants_the_text_of_the_provincial_summary(people, client_for, pilots):
    url = reverse("pilots:provincial_summary", args=[pilots["donghu"].programme_id])
    response = client_for(people.jx_endorser).post(url, {"text": ""})
    assert response.status_code == 200
    assert "请填写省级总结" in response.content.decode()
    assert not ProvincialSummary.objects.exists()
