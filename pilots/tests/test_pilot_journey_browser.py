"""In a real browser, a whole pilot of the 2013 programme (民函〔2013〕132号, 企业社会工作试点,
one year): the plan, two progress reports, a supervision record, the summary, the evaluation,
the title and its certificate.

The seed imports the 2013 programme as history (ARCHIVED). Before the journey the test replays
its first months through the actions (pilots/tests/pilot_flow.py, ``pilot_of_2013``): 南昌市
东湖区 applies in May 2013, 南昌市 and 江西省 recommend it, the ministry selects it and
publishes the list on 28 June 2013, so the pilot runs from 2013-06-28 to 2014-06-27.

Then the year in the browser. In July 2013 Zhang Min (dh_applicant) writes the plan in the plan
editor and submits it; Chen Zhigang (jx_endorser) accepts it for 江西; Li Minghua (mz_officer)
sets the reports for 2013-12-31 and 2014-05-31. Zhang Min files both reports (December 2013,
May 2014) and Chen Zhigang endorses them; in March 2014 Li Minghua records an inspection. At
the end of June 2014, before the summary deadline (2014-06-30 23:59), Zhang Min submits the
summary, Chen Zhigang endorses it with the province's opinion and sends the provincial
summary. In July 2014 Li Minghua builds the evaluation rubric, assigns Professor Song
(expert_bj) and himself, scores; Professor Song scores from 待办; Li Minghua grants the title
全国企业社会工作示范地区 and publishes the demonstration list; Zhang Min downloads the
certificate, and a visitor finds the list on the portal.

The live server runs in this process, so the clock that time_machine moves is the server's;
each stage of the year is a jump of the clock (``tick=True``: it runs on from there).
"""

import re
from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import People
from pilots.models import (
    Designation,
    Plan,
    PlanStatus,
    ReportStatus,
    Summary,
    SummaryStatus,
    Supervision,
)
from pilots.tests.pilot_flow import pilot_of_2013
from programmes.models import Status as ProgrammeStatus
from reviews.models import Assignment, AssignmentState
from shidian.testing.browser import login

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Shidian@2026"
TITLE = "全国企业社会工作示范地区"
FIRST_DUE, SECOND_DUE = date(2013, 12, 31), date(2014, 5, 31)


def sign_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username, PASSWORD)


def said(page, text: str) -> None:
    expect(page.locator(".sd-messages")).to_contain_text(text)


def on(day: date, hour: int = 9) -> datetime:
    """A moment of a day, Beijing time."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def file_report(page, number: int, actuals: tuple[str, str], narrative: str) -> None:
    """The pilot opens the report from its page, fills every indicator and submits."""
    page.get_by_role("link", name=f"填写第{number}期进展报告").first.click()
    actual = page.locator("input[name^='actual_']")
    expect(actual).to_have_count(2)
    for i, value in enumerate(actuals):
        actual.nth(i).fill(value)
    page.get_by_role("textbox", name="进展情况").fill(narrative)
    page.get_by_role("button", name="保存并提交").click()
    said(page, f"第{number}期进展报告已提交至江西省民政厅审核")


def endorse_report(page, live_server, programme, number: int) -> None:
    sign_in(page, live_server, "jx_endorser")
    page.goto(reverse("pilots:province", args=[programme.pk]))
    page.get_by_role("link", name=f"审核第{number}期").click()
    expect(page.locator("#indicator-table")).to_contain_text("持证企业社会工作者")
    page.get_by_role("button", name="审核通过").click()
    said(page, f"已审核南昌市东湖区民政局第{number}期进展报告")


def score(page, comment: str) -> None:
    inputs = page.locator(".sd-score-input")
    expect(inputs.first).to_be_visible()
    for i in range(inputs.count()):
        inputs.nth(i).fill("9")
    page.get_by_label(re.compile("^总体评价")).fill(comment)
    page.get_by_role("button", name="提交评分").click()
    said(page, "评分已提交：南昌市东湖区民政局")


def test_a_pilot_of_the_2013_programme_from_its_plan_to_its_certificate(
    page, live_server, demo_db, tmp_path
):
    people = People()
    donghu = pilot_of_2013(people)
    programme = donghu.programme
    assert programme.document_number == "民函〔2013〕132号"
    assert (donghu.starts_on, donghu.ends_on) == (date(2013, 6, 28), date(2014, 6, 27))

    # ---------------------------------------------------------------- July 2013: the plan
    with time_machine.travel(on(date(2013, 7, 8)), tick=True):
        sign_in(page, live_server, "dh_applicant")
        page.goto(reverse("pilots:detail", args=[donghu.pk]))
        expect(page.locator("main")).to_contain_text("企业社会工作试点")
        page.get_by_role("link", name="编写试点方案").first.click()
        page.locator("[name='plan-summary']").fill("一年内在全区重点企业建成企业社会工作服务站。")
        goals = page.locator("textarea[name$='-goals']")
        measures = page.locator("textarea[name$='-measures']")
        expect(goals.first).to_be_visible()
        for i in range(goals.count()):
            goals.nth(i).fill("按方案完成本项任务。")
            measures.nth(i).fill("区政府购买服务，企业提供场地。")
        page.locator("[name='indicators-0-name']").fill("持证企业社会工作者")
        page.locator("[name='indicators-0-unit']").fill("名")
        page.locator("[name='indicators-0-target']").fill("300")
        page.get_by_role("button", name="添加一行指标").click()
        page.locator("[name='indicators-1-name']").fill("企业社会工作服务站")
        page.locator("[name='indicators-1-unit']").fill("个")
        page.locator("[name='indicators-1-target']").fill("12")
        page.locator("[name='milestones-0-title']").fill("重点企业服务站全部挂牌")
        page.locator("[name='milestones-0-due_on']").fill(FIRST_DUE.isoformat())
        page.get_by_role("button", name="保存并提交").click()
        said(page, "试点方案已提交至江西省民政厅审核")

        sign_in(page, live_server, "jx_endorser")
        page.goto(reverse("pilots:province", args=[programme.pk]))
        page.locator(f"#pilot-{donghu.pk}").get_by_role("link", name="审核").click()
        expect(page.locator("main")).to_contain_text("一年内在全区重点企业建成企业社会工作服务站。")
        page.get_by_label("审核意见").fill("同意，请按方案推进。")
        page.get_by_role("button", name="通过", exact=True).click()
        said(page, "已审核南昌市东湖区民政局的试点方案")

        # Two reports within the year, on given dates.
        sign_in(page, live_server, "mz_officer")
        page.goto(reverse("pilots:ministry", args=[programme.pk]))
        page.get_by_label("按指定日期").check()
        page.get_by_label("指定日期", exact=True).fill(
            f"{FIRST_DUE.isoformat()}\n{SECOND_DUE.isoformat()}"
        )
        page.get_by_role("button", name="保存报告安排").click()
        said(page, "报告安排已保存")
        expect(page.locator(f"#pilot-{donghu.pk}")).to_contain_text("已审核 0 / 共 2 期")
    assert Plan.objects.get(pilot=donghu).status == PlanStatus.ACCEPTED
    assert list(donghu.reports.values_list("due_on", flat=True)) == [FIRST_DUE, SECOND_DUE]

    # ---------------------------------------------------------------- December 2013: report 1
    with time_machine.travel(on(date(2013, 12, 24)), tick=True):
        sign_in(page, live_server, "dh_applicant")
        page.goto(reverse("pilots:detail", args=[donghu.pk]))
        file_report(page, 1, ("260", "6"), "半年来新增持证企业社会工作者30名，6个服务站挂牌。")
        endorse_report(page, live_server, programme, 1)

    # ---------------------------------------------------------------- March 2014: inspection
    with time_machine.travel(on(date(2014, 3, 18)), tick=True):
        sign_in(page, live_server, "mz_officer")
        page.goto(reverse("pilots:ministry", args=[programme.pk]))
        page.locator(f"#pilot-{donghu.pk}").get_by_role("link", name="记录督导").click()
        page.get_by_label("督查").check()
        page.get_by_label(re.compile("^日期")).fill("2014-03-18")
        page.get_by_label("参加人员").fill("民政部社会工作司 李明华\n江西省民政厅 陈志刚")
        page.get_by_label("发现问题与评价").fill("服务站建设进度符合方案，督导队伍尚未建立。")
        page.get_by_label("整改要求").fill("三个月内建立督导队伍。")
        page.get_by_role("button", name="保存督导记录").click()
        said(page, "已记录对南昌市东湖区民政局的督查")

    # ---------------------------------------------------------------- May 2014: report 2
    with time_machine.travel(on(date(2014, 5, 26)), tick=True):
        sign_in(page, live_server, "dh_applicant")
        page.goto(reverse("pilots:detail", args=[donghu.pk]))
        expect(page.locator("main")).to_contain_text("督导队伍尚未建立")  # the inspection
        file_report(page, 2, ("320", "12"), "全年新增持证企业社会工作者90名，12个服务站全部挂牌。")
        endorse_report(page, live_server, programme, 2)
    assert list(donghu.reports.values_list("status", flat=True)) == [ReportStatus.ENDORSED] * 2

    # ---------------------------------------------------------------- June 2014: summaries
    with time_machine.travel(on(date(2014, 6, 28)), tick=True):
        sign_in(page, live_server, "dh_applicant")
        page.goto(reverse("pilots:detail", args=[donghu.pk]))
        page.get_by_role("link", name="撰写试点总结").first.click()
        page.get_by_role("textbox", name="试点总结报告").fill(
            "一年来，全区重点企业建成企业社会工作服务站12个……"
        )
        page.get_by_role("button", name="提交试点总结").click()
        said(page, "试点总结已提交至江西省民政厅审核")

        sign_in(page, live_server, "jx_endorser")
        page.goto(reverse("pilots:province", args=[programme.pk]))
        page.locator(f"#pilot-{donghu.pk}").get_by_role("link", name="审核").click()
        page.get_by_label("省级意见").fill("成效明显，同意报送。")
        page.get_by_role("button", name="审核通过").click()
        said(page, "已审核南昌市东湖区民政局的试点总结")
        page.get_by_role("link", name="填写省级总结").click()
        figures = page.locator("#figures-table")
        expect(figures).to_contain_text("持证企业社会工作者")
        expect(figures).to_contain_text("320")
        expect(figures).to_contain_text("106.7%")
        page.get_by_role("textbox", name="省级总结").fill("全省企业社会工作试点总结……")
        page.get_by_role("button", name="报送民政部").click()
        said(page, "省级总结已报送民政部")
    assert Summary.objects.get(pilot=donghu).status == SummaryStatus.ENDORSED

    # ---------------------------------------------------------------- July 2014: evaluation
    with time_machine.travel(on(date(2014, 7, 2)), tick=True):
        sign_in(page, live_server, "mz_officer")
        page.goto(reverse("pilots:ministry", args=[programme.pk]))
        expect(page.locator("#provincial")).to_contain_text("江西省民政厅")
        page.get_by_role("button", name="按主要内容生成评分标准").click()
        said(page, "已按试点主要内容生成综合评估评分标准")
        evaluation = page.locator("#evaluation")
        evaluation.get_by_label("南昌市东湖区民政局", exact=True).check()
        evaluation.get_by_label(re.compile("宋教授")).check()
        evaluation.get_by_label(re.compile("李明华")).check()
        page.get_by_role("button", name="分配评估任务").click()
        said(page, "已分配评估任务 2 项")
        page.locator("#my-assignments").get_by_role("link", name="评分").click()
        score(page, "企业社会工作机制健全，成效明显。")

        sign_in(page, live_server, "expert_bj")
        page.goto(reverse("desk:todo"))
        page.get_by_role("link", name="南昌市东湖区民政局 · 综合评估").click()
        score(page, "示范作用突出。")

        # ------------------------------------------------------------ the title
        sign_in(page, live_server, "mz_officer")
        page.goto(reverse("pilots:ministry", args=[programme.pk]))
        row = page.locator(f"#scores-table [data-pilot='{donghu.pk}']")
        expect(row.locator("[data-rank]")).to_have_text("1")
        expect(row.locator("[data-missing]")).to_have_text("0")
        page.locator(f"#titles-table [data-pilot='{donghu.pk}']").get_by_role(
            "button", name="授予称号"
        ).click()
        said(page, f"已授予南昌市东湖区民政局“{TITLE}”称号")
        page.get_by_role("button", name="在门户网站公布示范名单").click()
        said(page, "示范名单已在门户网站公布")

        # The pilot downloads its certificate from its page.
        sign_in(page, live_server, "dh_applicant")
        page.goto(reverse("pilots:detail", args=[donghu.pk]))
        expect(page.locator("main")).to_contain_text(TITLE)
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("下载证书")).click()
        path = tmp_path / "certificate.pdf"
        download.value.save_as(path)

        # A visitor finds the demonstration list on the portal.
        page.context.clear_cookies()
        page.goto(reverse("portal:home"))
        demonstrations = "企业社会工作试点示范地区和示范单位名单"
        page.locator("#demonstrations").get_by_role("link", name=demonstrations).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(demonstrations)
        row = page.get_by_role("row", name="南昌市东湖区民政局")
        expect(row).to_contain_text("全国企业社会工作示范地区")  # the title granted

    assert path.read_bytes().startswith(b"%PDF")
    designation = Designation.objects.get(pilot=donghu)
    assert designation.title == TITLE
    assert designation.certificate_number.startswith(f"{programme.pk:03d}-2014-")
    assert download.value.suggested_filename.endswith(f"{designation.certificate_number}.pdf")
    assert Supervision.objects.filter(pilot=donghu).count() == 1
    assert (
        Assignment.objects.filter(
            application=donghu.application, state=AssignmentState.SUBMITTED
        ).count()
        == 2
    )
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.EVALUATED
