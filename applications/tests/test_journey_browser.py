"""In a real browser, one application from first keystroke to the ministry.

Zhang Min (dh_applicant, 南昌市东湖区民政局) starts the demo programme's region application,
types the 2009-style region form (autosave shows itself) and submits with her bureau's
opinion. Liu Wei (nc_endorser, 南昌市民政局) finds it in 待办 and returns it: the plan lacks
a timetable. Zhang Min reads the reason, rewrites 试点方案 and submits again. Liu Wei sees
what changed (试点方案 marked) and recommends; Chen Zhigang (jx_endorser, 江西省民政厅) gives
the provincial opinion, ranks it in his selection and submits the batch to the ministry.
"""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application, Status
from shidian.testing.browser import login

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Shidian@2026"
FIRST_PLAN = "一、目标任务：到2027年底建成服务站12个。\n二、主要措施：建立三级服务网络。"
SECOND_PLAN = FIRST_PLAN + "\n三、进度安排：2026年12月完成选址，2027年6月前建成8个。"


def sign_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username, PASSWORD)


def said(page, text: str) -> None:
    expect(page.locator(".sd-messages")).to_contain_text(text)


def opinion_box(page, label: str):
    return page.get_by_role("textbox", name=re.compile("^" + re.escape(label)))


def open_from_todo(page, title: str) -> None:
    page.get_by_role("link", name=re.compile("待办")).first.click()
    page.get_by_role("link", name=title).click()


def test_it_takes_an_application_from_first_keystroke_to_the_ministry(page, live_server, demo_db):
    # Zhang Min starts the region application of the open demo programme.
    sign_in(page, live_server, "dh_applicant")
    page.get_by_role("link", name=re.compile("我的申报")).first.click()
    page.get_by_role("button", name=re.compile("开始申报.*试点地区")).click()
    said(page, "已新建申报")
    expect(page.locator("#id_region_name")).to_have_value("南昌市东湖区民政局")

    # The form in the paper's order; she types, and the page saves by itself.
    for key, value in [
        ("region_name", "南昌市东湖区"),
        ("address", "南昌市东湖区八一大道333号"),
        ("postcode", "330006"),
        ("leader_name", "王建华"),
        ("leader_title", "副区长"),
        ("leader_phone", "0791-86661111"),
        ("contact_name", "张敏"),
        ("contact_title", "科长"),
        ("contact_phone", "13907910001"),
        ("email", "donghu@example.gov.cn"),
        ("foundation", "全区现有持证社会工作者326名，社会工作服务站5个。"),
    ]:
        page.locator(f"#id_{key}").fill(value)
    page.locator("#id_plan").press_sequentially("一、目标任务")
    expect(page.locator("#id_plan_count")).to_contain_text("已输入 6 / 10000 字")
    expect(page.locator("#sd-autosave-status")).to_contain_text("已自动保存")
    page.locator("#id_plan").fill(FIRST_PLAN)

    page.get_by_role("button", name="保存并提交…").click()
    page.get_by_label("申报地区意见").fill("同意申报。")
    expect(page.get_by_label("负责人")).to_have_value("王建华")
    page.get_by_role("button", name="确认提交").click()
    said(page, "已提交至南昌市民政局 · 张敏")
    expect(page.locator(".sd-stage--current")).to_contain_text("南昌市民政局")

    # Liu Wei returns it for revision, with the reason.
    sign_in(page, live_server, "nc_endorser")
    open_from_todo(page, "南昌市东湖区民政局 · 试点地区")
    page.locator(".sd-endorse-alt summary", has_text="退回修改").click()
    page.get_by_label("退回修改的理由").fill("试点方案缺少进度安排，请补充后重新提交。")
    page.locator("form[action$='/return/']").get_by_role("button", name="退回修改").click()
    said(page, "已退回南昌市东湖区民政局修改 · 刘伟")

    # Zhang Min reads why, rewrites the plan and submits again.
    sign_in(page, live_server, "dh_applicant")
    open_from_todo(page, "2026年社会工作服务站建设试点（演示） · 试点地区")
    expect(page.locator(".sd-reason")).to_contain_text("试点方案缺少进度安排")
    page.get_by_role("link", name="修改申报表").click()
    expect(page.locator("#id_plan")).to_have_value(FIRST_PLAN)
    page.locator("#id_plan").fill(SECOND_PLAN)
    page.get_by_role("button", name="保存并提交…").click()
    page.get_by_label("申报地区意见").fill("已按要求补充进度安排，同意申报。")
    page.get_by_role("button", name="确认提交").click()
    said(page, "已提交至南昌市民政局")

    # Liu Wei sees what changed, and recommends.
    sign_in(page, live_server, "nc_endorser")
    open_from_todo(page, "南昌市东湖区民政局 · 试点地区")
    changed = page.locator("#change-plan")
    expect(changed).to_contain_text("已修改")
    expect(changed.locator("ins")).to_contain_text("三、进度安排")
    expect(page.locator(".sd-compare-summary")).to_contain_text("修改了 1 个栏目：试点方案")
    opinion_box(page, "上级民政部门意见").fill("情况属实，同意推荐。")
    expect(page.locator("#id_recommend-person")).to_have_value("刘伟")
    page.get_by_role("button", name="同意推荐").click()
    said(page, "已推荐至江西省民政厅 · 刘伟")

    # Chen Zhigang gives the provincial opinion.
    sign_in(page, live_server, "jx_endorser")
    open_from_todo(page, "南昌市东湖区民政局 · 试点地区")
    opinion_box(page, "省(自治区、直辖市)民政厅(局)意见").fill("经审核，同意推荐。")
    page.get_by_role("button", name="同意推荐").click()
    said(page, "已同意推荐，待江西省民政厅遴选报送民政部 · 陈志刚")
    expect(page.locator(".sd-timeline .sd-stage--done")).to_have_count(3)

    # … ranks it in the province's selection and submits the batch to the ministry.
    page.get_by_role("link", name="遴选报送民政部").click()
    page.get_by_label("报送南昌市东湖区民政局").check()
    page.get_by_role("button", name="保存并填写报送意见…").click()
    page.get_by_label("报送意见").fill("经审核，同意推荐以下地区为试点，按推荐顺序排列。")
    page.get_by_label("负责人（签字）").fill("陈志刚")
    page.get_by_role("button", name="确认报送民政部").click()
    said(page, "已报送民政部")

    application = Application.objects.get(organisation__name="南昌市东湖区民政局")
    assert application.status == Status.SUBMITTED
    assert application.round == 2
    assert application.versions.get(round=2).values["plan"] == SECOND_PLAN


def test_it_keeps_what_was_typed_offline_and_tells_the_older_window(
    page, live_server, demo_db, browser
):
    """Zhang Min types while the connection is down: the page keeps her text and sends it
    when the connection returns. Later she types offline again while a second window (another
    computer) saves newer text: on reconnecting, this window is told and offers a reload."""
    from accounts.models import User
    from applications import actions
    from applications.tests.flow import category

    applicant = User.objects.get(username="dh_applicant")
    application = actions.start_application(category("region"), by=applicant)
    edit = f"/applications/{application.pk}/edit/"
    sign_in(page, live_server, "dh_applicant")
    page.goto(edit)
    status = page.locator("#sd-autosave-status")

    page.context.set_offline(True)
    page.locator("#id_remarks").fill("断网时输入的备注")
    page.locator("#id_remarks").blur()
    expect(status).to_contain_text("内容已暂存在本机")
    page.context.set_offline(False)
    expect(status).to_contain_text("已自动保存")
    application.refresh_from_db()
    assert application.values["remarks"] == "断网时输入的备注"

    page.context.set_offline(True)
    page.locator("#id_remarks").fill("旧窗口的备注")
    page.locator("#id_remarks").blur()
    expect(status).to_contain_text("内容已暂存在本机")
    other = browser.new_context(base_url=live_server.url, locale="zh-CN")
    try:
        second = other.new_page()
        login(second, live_server, "dh_applicant", PASSWORD)
        second.goto(edit)
        second.locator("#id_remarks").fill("新窗口的备注")
        second.locator("#id_remarks").blur()
        expect(second.locator("#sd-autosave-status")).to_contain_text("已自动保存")
    finally:
        other.close()
    page.context.set_offline(False)

    expect(page.locator("#sd-conflict")).to_be_visible()
    expect(status).to_contain_text("另一个窗口保存了更新的内容")
    page.locator("#sd-conflict").get_by_role("link", name="重新载入").click()
    expect(page.locator("#id_remarks")).to_have_value("新窗口的备注")
