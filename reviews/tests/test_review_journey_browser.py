"""In a real browser, the ministry's review from the provinces' deadline to the published list.

Jiangxi has submitted 南昌市东湖区 and Shenzhen 深圳市福田区 (set up through the actions before
the journey). An hour after the deadline Li Minghua (mz_officer) finds both in his inbox and
marks them eligible, builds the rubric from the programme's content areas and assigns Professor
Song (expert_bj, Peking University) and Professor Luo (expert_gd, Sun Yat-sen University) to
both: Professor Luo may not score 福田, in his own province, and the page says so. Both
professors find their tasks in 待办 and score. Li Minghua selects both and starts a 7-day 公示.
Wang Li, a visitor, finds it in 通知公告 and objects to 福田 (her phone number is refused
first, then accepted); Li Minghua answers her. A week later the 公示 is over, he publishes the
list, and a visitor finds it in 试点名单, grouped 江西 before 深圳, with its downloads.

The live server runs in this process, so the clock that time_machine moves is the server's.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from applications.tests.helpers import demo_programme, endorsed, submitted_batch
from conftest import People
from pilots.models import Pilot
from reviews.models import ListStatus, Objection, PublishedList
from shidian.testing.browser import login

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Shidian@2026"
OBJECTION = "深圳市福田区社会工作服务站尚未建成，申报材料所述与实际不符。"
ANSWER = "经核实，福田区服务站已于2026年10月建成运行，申报材料属实，异议不成立。"


def sign_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username, PASSWORD)


def said(page, text: str) -> None:
    expect(page.locator(".sd-messages")).to_contain_text(text)


def score_everything(page, live_server, username: str, organisations: list[str]) -> None:
    """An expert opens each task from 待办, scores every criterion and submits."""
    sign_in(page, live_server, username)
    for organisation in organisations:
        page.goto(reverse("desk:todo"))
        page.get_by_role("link", name=f"{organisation} · 申报评审").click()
        inputs = page.locator(".sd-score-input")
        expect(inputs.first).to_be_visible()
        for i in range(inputs.count()):
            inputs.nth(i).fill("8")
        expect(page.locator("[data-total]")).to_contain_text("合计")
        page.get_by_label("总体评价").fill("基础扎实，方案可行。")
        page.get_by_role("button", name="提交评分").click()
        said(page, f"评分已提交：{organisation}")


def test_it_takes_submitted_applications_to_a_published_list(page, live_server, demo_db):
    people = People()
    submitted_batch(people.jx_endorser, [endorsed(people.dh_applicant)])
    submitted_batch(people.sz_endorser, [endorsed(people.ft_applicant)])
    programme = demo_programme()

    with time_machine.travel(
        programme.application_deadline + timedelta(hours=1), tick=True
    ) as clock:
        # 形式审查: both eligible, ticked in the inbox.
        sign_in(page, live_server, "mz_officer")
        page.goto(reverse("reviews:inbox", args=[programme.pk]))
        page.get_by_label("勾选南昌市东湖区民政局").check()
        page.get_by_label("勾选深圳市福田区民政局").check()
        page.get_by_role("button", name="将勾选的申报标记为符合条件").click()
        said(page, "已将2份申报标记为符合条件")

        # The rubric from the content areas, then both experts on both applications.
        page.goto(reverse("reviews:rubric", args=[programme.pk]))
        page.get_by_role("button", name="按试点主要内容生成评分标准").click()
        page.goto(reverse("reviews:assign", args=[programme.pk]))
        for label in ["南昌市东湖区民政局", "深圳市福田区民政局", "宋教授", "罗教授"]:
            page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="分配所选专家").click()
        said(page, "已分配评审任务 3 项，1 项因回避等原因未分配")
        refused = page.locator("#result")
        expect(refused).to_contain_text("深圳市福田区民政局")
        expect(refused).to_contain_text("罗教授")

        # Each expert scores what is theirs, from 待办.
        score_everything(
            page, live_server, "expert_bj", ["南昌市东湖区民政局", "深圳市福田区民政局"]
        )
        score_everything(page, live_server, "expert_gd", ["南昌市东湖区民政局"])

        # 确定 both, then the 公示 (the form proposes now to a week from now).
        sign_in(page, live_server, "mz_officer")
        page.goto(reverse("reviews:determination", args=[programme.pk]))
        decide = page.locator("#decide")
        decide.get_by_label("勾选南昌市东湖区民政局").check()
        decide.get_by_label("勾选深圳市福田区民政局").check()
        decide.get_by_label("确定为试点", exact=True).check()
        decide.get_by_role("button", name="确定勾选的申报").click()
        said(page, "已将2份申报确定为“确定为试点”")
        page.get_by_label(re.compile("^我已核对拟确定名单")).check()
        page.get_by_role("button", name="开始公示").click()
        said(page, "已开始公示")

        # Wang Li finds the 公示 among the notices and objects to 福田.
        page.context.clear_cookies()
        page.goto("/")
        page.locator(".sd-portal-nav").get_by_role("link", name="通知公告").click()
        page.get_by_role("link", name=re.compile("拟确定名单公示")).first.click()
        expect(page.locator(".sd-list-period")).to_contain_text("公示期：")
        groups = page.locator(".sd-list-group-name")
        expect(groups).to_have_count(2)
        expect(groups.nth(0)).to_contain_text("江西省民政厅")
        expect(groups.nth(1)).to_contain_text("深圳市民政局")
        page.get_by_label("姓名").fill("王丽")
        page.get_by_label("工作单位").fill("南昌市青山湖区社会工作协会")
        page.get_by_label("联系电话").fill("12345")
        page.get_by_label("涉及对象").select_option(label="深圳市福田区民政局")
        page.get_by_label("异议内容").fill(OBJECTION)
        page.get_by_role("button", name="提交异议").click()
        expect(page.locator("#error-obj-phone")).to_contain_text("电话号码格式不正确")
        expect(page.get_by_label("异议内容")).to_have_value(OBJECTION)
        page.get_by_label("联系电话").fill("13907910002")
        page.get_by_role("button", name="提交异议").click()
        said(page, "您的异议已提交")
        expect(page.locator(".sd-messages")).to_contain_text("名单正式公布前")
        lodged = Objection.objects.get()
        assert (lodged.name, lodged.phone) == ("王丽", "13907910002")
        assert lodged.entry.application.organisation.name == "深圳市福田区民政局"

        # Li Minghua answers her.
        sign_in(page, live_server, "mz_officer")
        page.goto(reverse("reviews:determination", args=[programme.pk]))
        expect(page.locator("#objections")).to_contain_text("未答复 1 条")
        page.get_by_label("答复王丽").fill(ANSWER)
        page.get_by_role("button", name="保存答复").click()
        said(page, "已答复王丽提出的异议")

        # A week later the 公示 is over: he publishes the list.
        clock.shift(timedelta(days=8))
        sign_in(page, live_server, "mz_officer")
        page.goto(reverse("reviews:determination", args=[programme.pk]))
        page.get_by_label(re.compile("^我已核对名单")).check()
        page.get_by_role("button", name="公布名单").click()
        said(page, "已公布名单")

        # A visitor finds it in 试点名单.
        page.context.clear_cookies()
        page.goto("/")
        page.locator(".sd-portal-nav").get_by_role("link", name="试点名单").click()
        page.locator("main").get_by_role("link", name=f"{programme.name}名单").click()
        expect(page.locator("h1")).not_to_contain_text("公示")
        groups = page.locator(".sd-list-group-name")
        expect(groups.nth(0)).to_contain_text("江西省民政厅")
        expect(groups.nth(1)).to_contain_text("深圳市民政局")
        expect(page.locator(".sd-list-table")).to_contain_text(["南昌市东湖区民政局"])
        expect(page.get_by_role("link", name=re.compile("XLSX"))).to_be_visible()
        expect(page.locator("#objection")).to_have_count(0)
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("PDF")).click()
        assert download.value.suggested_filename == f"{programme.name}名单.pdf"

    published_list = PublishedList.objects.get(programme=programme)
    assert published_list.status == ListStatus.FINAL
    assert published_list.entries.count() == 2
    assert Objection.objects.get().answer == ANSWER
    assert Pilot.objects.filter(programme=programme).count() == 2
