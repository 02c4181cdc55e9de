"""Every role's pages in a real browser pass axe-core, and reach phones and 200 % zoom.

On the demo data, each role signs in once (one browser context each) and visits the pages of
its daily work; every page is audited with axe-core (rules tagged WCAG 2.0/2.1 A and AA) and
must show no serious or critical violation. The pages:

    public        portal home, 通知公告, a seed programme's notice, search, login
    dh_applicant  待办, 我的申报, the application page, the form (and its pre-submission check)
    nc_endorser   待办, 待审核 (awaiting), the application page with the endorse panel
    jx_endorser   the province's selection page (遴选报送民政部)
    mz_officer    试点项目 list, the demo programme, its reviews inbox (申报受理)
    expert_bj     评审任务
    mz_sysadmin   账号管理 · mz_security 安全设置 · mz_audit 审计日志

What the pages show is set up through the actions beforehand (no journey here): Zhang Min's
application is submitted, returned by Liu Wei and submitted again, so that 待办, the form and the
application page show a reason, a check and the changes marked; for the ministry, three
applications reach the ministry and Professor Song is assigned one. The tests below also check
the phone width (375 px) and 200 % zoom, and that an applicant and an endorser can do their part
with the keyboard alone.
A report of every page audited goes to test-results/axe-report.md; docs/accessibility.md
summarises it.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from applications import actions
from applications.models import Application, Status
from applications.tests.helpers import complete_values, demo_programme, opinion
from conftest import People
from portal.models import Notice
from reviews import actions as review_actions
from reviews.models import Stage
from reviews.tests.review_flow import all_eligible, submitted_to_ministry
from shidian.testing.axe import AxeReport
from shidian.testing.browser import _reports_key, _save_artifacts, login

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "Shidian@2026"
SEED_NOTICE = "民函〔2009〕148号"


@pytest.fixture
def open_page(request, live_server, browser):
    """``open_page(username=None, **context_options)``: a page in a new browser context,
    signed in as ``username`` when given; contexts are closed (and, when the test failed,
    their pages saved under test-results/) at the end of the test. live_server comes before
    browser, as in the ``page`` fixture, so that Chromium closes before the server stops."""
    opened = []

    def make(username: str | None = None, **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **options
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        opened.append((username or "anonymous", context, page))
        if username:
            login(page, live_server, username, PASSWORD)
        return page

    yield make
    reports = request.node.stash.get(_reports_key, {})
    failed = any(r.failed for r in reports.values())
    for name, context, page in opened:
        if failed:
            _save_artifacts(f"{request.node.nodeid}-{name}", page)
        context.close()


def visit(page, report: AxeReport, name: str, url: str) -> None:
    """Open the page (it must answer 200 and not send to the login page) and audit it."""
    response = page.goto(url)
    assert response is not None and response.ok, f"{name} ({url}): {response and response.status}"
    assert "/accounts/login/" not in page.url or "/accounts/login/" in url, f"{name}: sent to login"
    report.check(page, name)


def assert_clean(*reports: AxeReport) -> None:
    for report in reports:
        report.write()
    failures = [r.describe_failures() for r in reports if r.failures]
    assert not failures, "\n\n".join(failures)


def test_public_pages(open_page, demo_db):
    notice = Notice.objects.public().get(programme__document_number=SEED_NOTICE)
    page = open_page()
    report = AxeReport("公众（未登录）")
    visit(page, report, "门户首页", reverse("portal:home"))
    visit(page, report, "通知公告", reverse("portal:notices"))
    visit(page, report, f"通知 {SEED_NOTICE}", reverse("portal:notice", args=[notice.pk]))
    visit(page, report, "站内搜索", reverse("portal:search") + "?q=社会工作")
    visit(page, report, "登录", reverse("accounts:login"))
    assert_clean(report)


def test_applicant_endorser_and_province_pages(open_page, demo_db):
    """Zhang Min's application, already returned once by Liu Wei (what 待办, the form and the
    application page show then), and its second round as Liu Wei sees it (the changes marked),
    then the province's selection once both levels have recommended it."""
    people = People()
    programme = demo_programme()
    category = programme.categories.get(kind="region")
    application = actions.start_application(category, by=people.dh_applicant)
    values = complete_values(application)
    actions.save_draft(application, values, by=people.dh_applicant)
    actions.submit_application(application, opinion("同意申报。", "张敏"), by=people.dh_applicant)
    actions.return_for_revision(
        application, "试点方案缺少进度安排，请补充后重新提交。", by=people.nc_endorser
    )

    applicant = AxeReport("申报人 dh_applicant（南昌市东湖区民政局）")
    page = open_page("dh_applicant")
    edit = reverse("applications:edit", args=[application.pk])
    detail = reverse("applications:detail", args=[application.pk])
    visit(page, applicant, "待办（退回修改）", reverse("desk:todo"))
    visit(page, applicant, "我的申报", reverse("applications:list"))
    visit(page, applicant, "申报页（退回修改）", detail)
    visit(page, applicant, "填写申报表（退回的理由）", edit)
    assert page.locator(".sd-reason").is_visible()
    actions.save_draft(application, {**values, "plan": ""}, by=people.dh_applicant)
    visit(page, applicant, "填写申报表（提交前检查：缺项）", edit + "?check=1")
    assert page.locator("#form-errors").is_visible()

    plan = "一、目标任务……二、主要措施……三、进度安排：2027年6月前建成8个服务站。"
    actions.save_draft(application, {**values, "plan": plan}, by=people.dh_applicant)
    actions.submit_application(application, opinion("已补充。", "张敏"), by=people.dh_applicant)
    endorser = AxeReport("审核人 nc_endorser（南昌市民政局）")
    page = open_page("nc_endorser")
    visit(page, endorser, "待办", reverse("desk:todo"))
    visit(page, endorser, "待审核", reverse("applications:awaiting"))
    visit(page, endorser, "申报页（第2次提交，审核意见栏）", detail)
    assert page.locator(".sd-changed-tag").first.is_visible()
    assert page.get_by_role("button", name="同意推荐").is_visible()

    actions.recommend(application, opinion("同意推荐。", "刘伟"), by=people.nc_endorser)
    actions.recommend(application, opinion("同意推荐。", "陈志刚"), by=people.jx_endorser)
    province = AxeReport("省级审核人 jx_endorser（江西省民政厅）")
    page = open_page("jx_endorser")
    visit(page, province, "遴选报送民政部", reverse("applications:province", args=[programme.pk]))

    assert_clean(applicant, endorser, province)


def test_ministry_expert_and_administrator_pages(open_page, demo_db):
    people = People()
    programme = demo_programme()
    submitted = submitted_to_ministry(people)
    with time_machine.travel(programme.application_deadline + timedelta(hours=1), tick=True):
        all_eligible(people, submitted.values())
        rubric = review_actions.rubric_from_content_areas(
            programme, by=people.mz_officer, stage=Stage.APPLICATION
        )
        review_actions.assign_experts(
            rubric, [submitted["donghu"]], [people.expert_bj], by=people.mz_officer
        )

        officer = AxeReport("民政部 mz_officer（试点项目管理员）")
        page = open_page("mz_officer")
        visit(page, officer, "试点项目", reverse("programmes:list"))
        visit(
            page, officer, "试点项目详情（演示）", reverse("programmes:detail", args=[programme.pk])
        )
        visit(page, officer, "申报受理", reverse("reviews:inbox", args=[programme.pk]))

        expert = AxeReport("评审专家 expert_bj")
        page = open_page("expert_bj")
        visit(page, expert, "评审任务", reverse("reviews:my_assignments"))

        admins = AxeReport("管理员（系统、安全、审计）")
        page = open_page("mz_sysadmin")
        visit(page, admins, "账号管理（mz_sysadmin）", reverse("accounts:list"))
        page = open_page("mz_security")
        visit(page, admins, "安全设置（mz_security）", reverse("accounts:security"))
        page = open_page("mz_audit")
        visit(page, admins, "审计日志（mz_audit）", reverse("audit:list"))

    assert_clean(officer, expert, admins)


# --- Reach: phone width and 200 % zoom --------------------------------------------------------

PHONE = {"width": 375, "height": 812}
# 200 % browser zoom of a 1280 px window lays the page out in 640 CSS pixels, drawn with two
# device pixels each: the same as a 640 px viewport at device scale factor 2.
ZOOM_200 = {"width": 640, "height": 900}

READING_AIDS_ON = """() => {
  localStorage.setItem('shidian.fontSize', 'large');
  localStorage.setItem('shidian.highContrast', 'on');
}"""
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wider = [...document.querySelectorAll('body *')].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && getComputedStyle(el).position !== 'fixed';
  }).slice(0, 5).map((el) => {
    const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
    return [el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''), ...classes].join('.')
      + ' right=' + Math.round(el.getBoundingClientRect().right);
  });
  return {scrollWidth: document.documentElement.scrollWidth, width, wider};
}"""


def reach_problems(page, name: str) -> list[str]:
    """Horizontal scrolling of the whole page, or a main heading out of sight."""
    problems = []
    found = page.evaluate(OVERFLOW)
    if found["scrollWidth"] > found["width"]:
        problems.append(
            f"{name} ({page.url}) at {found['width']} px scrolls sideways: "
            f"scrollWidth {found['scrollWidth']}; widest: {'; '.join(found['wider'])}"
        )
    heading = page.locator("main h1").first
    box = heading.bounding_box() if heading.count() else None
    if not heading.count() or not heading.is_visible() or box is None:
        problems.append(f"{name} ({page.url}) at {found['width']} px shows no main heading")
    elif box["x"] < 0 or box["x"] + box["width"] > found["width"] + 1:
        problems.append(f"{name} ({page.url}) at {found['width']} px: the h1 overflows: {box}")
    return problems


def test_phone_width_and_200_percent_zoom(open_page, demo_db):
    """The public home and the application form at 375 px (a phone) and at 200 % zoom: no
    sideways scrolling of the page, the main heading in view, and axe-core still clean (the
    phone layout folds the menus: what it shows must pass too)."""
    people = People()
    category = demo_programme().categories.get(kind="region")
    application = actions.start_application(category, by=people.dh_applicant)
    pages = [
        (None, "门户首页", reverse("portal:home")),
        ("dh_applicant", "填写申报表", reverse("applications:edit", args=[application.pk])),
    ]
    problems = []
    report = AxeReport("手机宽度 375 px 与 200% 缩放（640 px）")
    for username, name, url in pages:
        page = open_page(username, viewport=PHONE, device_scale_factor=2)
        visit(page, report, f"{name} · 375 px", url)
        problems += reach_problems(page, name)
        page.set_viewport_size(ZOOM_200)
        visit(page, report, f"{name} · 200%", url)
        problems += reach_problems(page, name)
        # The reading aids an older visitor turns on (字号 大, 高对比度), on the phone.
        page.evaluate(READING_AIDS_ON)
        page.set_viewport_size(PHONE)
        visit(page, report, f"{name} · 375 px · 大字号 · 高对比度", url)
        classes = set(page.evaluate("document.documentElement.className").split())
        assert {"sd-font-large", "sd-contrast"} <= classes, classes
        problems += reach_problems(page, f"{name} (大字号, 高对比度)")
    report.write()
    assert not problems, "\n".join(problems)
    assert not report.failures, report.describe_failures()


# --- Keyboard alone ------------------------------------------------------------------------

IS_FOCUSED = "el => el === document.activeElement"
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'nothing';
  const name = el.getAttribute('aria-label') || el.innerText || el.value || '';
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + name.trim().slice(0, 40);
}"""
FOCUS_RING = """el => {
  const style = getComputedStyle(el);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
}"""


def tab_to(page, target, limit: int = 80) -> int:
    """Press Tab until ``target`` has the focus; it must show the focus ring. Returns how many
    presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate(IS_FOCUSED):
            assert target.evaluate(FOCUS_RING), f"no visible focus on {page.evaluate(FOCUSED)}"
            return presses
    raise AssertionError(
        f"{page.url}: not reached by {limit} Tab presses; focus is on {page.evaluate(FOCUSED)}"
    )


def skip_to_main(page) -> None:
    """From the top of a freshly loaded page: the first Tab reaches the skip link, visible,
    and Enter on it moves the focus to <main id="main">."""
    skip = page.locator(".sd-skip-link")
    page.keyboard.press("Tab")
    assert skip.evaluate(IS_FOCUSED), f"first Tab went to {page.evaluate(FOCUSED)}"
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 0, "the skip link stays out of sight"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")


def test_applicant_and_endorser_by_keyboard_alone(open_page, demo_db):
    """Zhang Min corrects her form and submits it, and Liu Wei recommends it, with the keyboard
    only: skip link to the content, Tab through the fields in the paper's order, Enter on the
    buttons; the submit page and the opened 退回修改 panel pass axe-core too."""
    people = People()
    category = demo_programme().categories.get(kind="region")
    application = actions.start_application(category, by=people.dh_applicant)
    actions.save_draft(application, complete_values(application), by=people.dh_applicant)
    report = AxeReport("键盘操作（申报人、审核人）")

    page = open_page("dh_applicant")
    page.goto(reverse("applications:edit", args=[application.pk]))
    skip_to_main(page)
    form_fields = page.locator(
        "#sd-app-form :is(input:not([type=hidden]):not([type=file]), textarea, select)"
        ":not([tabindex='-1'])"
    )
    first, second = form_fields.nth(0), form_fields.nth(1)
    first_key = first.get_attribute("name")
    tab_to(page, first, limit=10)
    page.keyboard.press("Control+A")
    page.keyboard.type("南昌市东湖区人民政府")
    page.keyboard.press("Tab")
    assert second.evaluate(IS_FOCUSED), f"Tab went to {page.evaluate(FOCUSED)}, not the 2nd field"
    tab_to(page, page.get_by_role("button", name="保存并提交…"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("提交申报")
    report.check(page, "提交申报（申报人）")

    tab_to(page, page.get_by_label("申报地区意见"))
    page.keyboard.type("同意申报。")
    tab_to(page, page.get_by_role("button", name="确认提交"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".sd-messages")).to_contain_text("已提交至南昌市民政局")
    application.refresh_from_db()
    assert application.status == Status.PENDING
    assert application.values[first_key] == "南昌市东湖区人民政府"

    page = open_page("nc_endorser")
    page.goto(reverse("applications:detail", args=[application.pk]))
    skip_to_main(page)
    tab_to(page, page.get_by_role("textbox", name=re.compile("^上级民政部门意见")))
    page.keyboard.type("情况属实，同意推荐。")
    # The other outcomes fold away; Enter on their summary opens them.
    back = page.locator(".sd-endorse-alt summary", has_text="退回修改")
    tab_to(page, back)
    page.keyboard.press("Enter")
    expect(page.get_by_label("退回修改的理由")).to_be_visible()
    report.check(page, "申报页（审核人，退回修改展开）")
    # Back one step, to the button just before the folded panels.
    page.keyboard.press("Shift+Tab")
    recommend = page.get_by_role("button", name="同意推荐")
    assert recommend.evaluate(IS_FOCUSED), f"Shift+Tab went to {page.evaluate(FOCUSED)}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".sd-messages")).to_contain_text("已推荐至江西省民政厅")
    assert Application.objects.get(pk=application.pk).current_step().organisation.name == (
        "江西省民政厅"
    )
    report.write()
    assert not report.failures, report.describe_failures()
