"""The ministry review phase of the seed programmes, driven through the real pages.

Two phase functions the full journey chains after the application phase; each takes the
applications that reached the ministry (submitted in their provinces' batches, the clock before
the programme's deadline) and returns the pilots the published list created.

``review_2009`` (民函〔2009〕148号, deadline 2009-07-15, "在2009年8月确定"): the day after the
deadline 李明华 (mz_officer) finds the applications in his inbox, filters and sorts it and
exports it; he sends one 江西 application back for correction (江西省民政厅 corrects it the
next day) and finds the rest eligible; he builds the rubric from the content areas and assigns
宋教授 (北京大学), 邱教授 (南昌大学) and 罗教授 (中山大学): 邱教授 may not score an application
from 江西 nor 罗教授 one from 广东, and the page lists each refused pair with its reason. The
experts score from 待办 (宋教授 keeps a draft first). On 3 August he reads the overview and
selects every application, on 4 August starts a seven-day 公示; 王丽, a visitor, objects (her
phone number refused first) and he answers her; on 12 August, the 公示 over, he publishes the
list, and a visitor finds it in 试点名单 grouped by province and downloads it (XLSX and PDF).
Screenshots: chapters 08-ministry-review (officer, visitor) and 09-expert.

``review_2013`` (民函〔2013〕132号, deadline 2013-06-01, "在2013年6月底确定"): the same in
short, without screenshots: eligibility, 宋教授 scoring, determination, a 公示 from 20 to 27
June, publication on 28 June.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from applications.models import Application
from pilots.models import Pilot
from shidian.testing.documents import pdf_text, xlsx_text
from shidian.testing.journey import beijing

OFFICER_CHAPTER = "08-ministry-review"
EXPERT_CHAPTER = "09-expert"
JIANGXI = "江西省民政厅"
GUANGDONG_CODE = "44"
JIANGXI_CODE = "36"

CORRECTION_REASONS = "申报表未加盖业务主管部门公章，请补充盖章页扫描件。"
CORRECTION_NOTE = "已补充百花洲街道办事处盖章页扫描件，原件随纸质材料寄送。"
OBJECTION = "据了解，该单位社会工作岗位尚未落实，申报材料所述与实际不符。"
ANSWER = "经江西省民政厅核实，该单位已设置社会工作岗位6个并已聘用持证社会工作者，异议不成立。"
OVERALL = "基础扎实，试点方案目标明确、措施可行。"


# --------------------------------------------------------------------------- shared steps


def _province_code(application: Application) -> str:
    """The two-digit province of the applicant (深圳 440300 is in 广东, 44)."""
    return application.organisation.region.code[:2]


def _sorted_provinces(applications: list[Application]) -> list[str]:
    """The provincial-level bodies of the applications in administrative-code order."""
    provinces = {a.province.pk: a.province for a in applications}
    return [p.name for p in sorted(provinces.values(), key=lambda p: (p.region.code, p.kind))]


def _open_programme(person, programme_name: str, link: str) -> None:
    """试点项目 → the programme → one of its review links, as the officer goes every time."""
    page = person.page
    page.locator(".sd-desk-nav").get_by_role("link", name="试点项目").click()
    person.see("试点项目")
    page.locator("main").get_by_role("link", name=programme_name, exact=True).click()
    person.see("试点项目详情")
    page.locator("main").get_by_role("link", name=link).click()


def _officer_opens(officer, programme_name: str, link: str, heading: str, shot=None) -> None:
    """The officer signs in and goes from 待办 to one of the programme's review pages."""
    officer.sign_in()
    officer.see("待办")
    _open_programme(officer, programme_name, link)
    officer.see(heading, shot=shot)


def _generate_rubric(officer) -> None:
    """专家评审 (no rubric yet) → 评分标准 → generate it from the programme's 主要内容."""
    page = officer.page
    page.locator(".sd-review-nav").get_by_role("link", name="专家评审").click()
    officer.see("评分汇总（无评分标准）")
    page.locator(".sd-review-tabs").get_by_role("link", name="评分标准").click()
    officer.see("评分标准")
    page.get_by_role("button", name="按试点主要内容生成评分标准").click()


def _determine(officer, names: list[str], *, note: str = "", shot=None) -> None:
    """Tick every application and determine them 确定为试点; with ``note``, the 结果说明 is
    filled in and the ticked form photographed first."""
    decide = officer.page.locator("#decide")
    for name in names:
        decide.get_by_label(f"勾选{name}", exact=True).check()
    decide.get_by_label("确定为试点", exact=True).check()
    if note:
        decide.get_by_label("结果说明").fill(note)
        officer.see("确定与名单（勾选）", shot=shot)
    decide.get_by_role("button", name="确定勾选的申报").click()
    officer.said(f"已将{len(names)}份申报确定为“确定为试点”")
    officer.see("确定与名单")


def _scroll_to(person, selector: str) -> None:
    """Bring a part of a long page to the top of the window (for its screenshot)."""
    person.page.locator(selector).first.evaluate("e => e.scrollIntoView({block: 'start'})")


def _hidden_name(action: str, application: Application) -> re.Pattern:
    """A link "审查" whose name goes on, visually hidden, with "：<organisation>" (the
    browser puts a space before the hidden part)."""
    return re.compile(rf"^{action}\s*：{re.escape(application.organisation.name)}$")


def _mark_eligible(person, names: list[str]) -> None:
    page = person.page
    for name in names:
        page.get_by_label(f"勾选{name}", exact=True).check()
    page.get_by_role("button", name="将勾选的申报标记为符合条件").click()
    person.said(f"已将{len(names)}份申报标记为符合条件")


def _score_from_todo(expert, title: str, values: list[str], *, draft_shot: bool = False):
    """The expert opens one task from 待办 and scores it; with ``draft_shot`` a draft is kept
    first (half the criteria) and photographed, as the guide shows."""
    page = expert.page
    page.get_by_role("link", name=re.compile("^待办")).first.click()
    expert.see("待办", shot="todo" if draft_shot else None)
    page.get_by_role("link", name=title).click()
    expert.see("评分", shot="score-form" if draft_shot else None)
    inputs = page.locator(".sd-score-input")
    expect(inputs.first).to_be_visible()
    count = inputs.count()
    if draft_shot:
        half = count // 2
        for i in range(half):
            inputs.nth(i).fill(values[i % len(values)])
        expect(page.locator("[data-scored]")).to_contain_text(f"已评 {half} / {count} 项")
        page.get_by_role("button", name="保存草稿").click()
        expert.said("评分已保存为草稿")
        expect(page.locator(".sd-page-sub")).to_contain_text("评分中")
        expect(inputs.first).to_have_value(values[0])
        expert.see("评分（草稿）", shot="score-draft")
    for i in range(count):
        inputs.nth(i).fill(values[i % len(values)])
    expect(page.locator("[data-scored]")).to_contain_text(f"已评 {count} / {count} 项")
    page.get_by_label("总体评价").fill(OVERALL)
    page.get_by_role("button", name="提交评分").click()
    organisation = title.split(" · ")[0]
    expert.said(f"评分已提交：{organisation}")
    expert.see("评审任务", shot="assignments" if draft_shot else None)


def _score_all(expert, values: list[str], *, draft_shot: bool = False) -> int:
    """Every 申报评审 task of the expert's 待办, one after the other; how many."""
    page = expert.page
    done = 0
    while True:
        page.get_by_role("link", name=re.compile("^待办")).first.click()
        expert.see("待办")
        tasks = page.get_by_role("link", name=re.compile(" · 申报评审$"))
        if tasks.count() == 0:
            return done
        title = tasks.first.inner_text().strip()
        # Each application its own scores: the expert's values, rotated.
        turn = values[done % len(values) :] + values[: done % len(values)]
        _score_from_todo(expert, title, turn, draft_shot=draft_shot and done == 0)
        done += 1


def _download(person, link_name) -> str:
    """Click a download link; the saved file's path."""
    with person.page.expect_download() as download:
        person.page.get_by_role("link", name=link_name).click()
    return str(download.value.path()), download.value.suggested_filename


def _pilots(applications: list[Application]) -> list[Pilot]:
    return list(
        Pilot.objects.filter(application__in=applications)
        .select_related("organisation")
        .order_by("pk")
    )


# --------------------------------------------------------------------------- 2009


def review_2009(journey, applications: list[Application]) -> list[Pilot]:
    """民函〔2009〕148号 from the deadline to the published list (see the module's doc)."""
    applications = list(
        Application.objects.filter(pk__in=[a.pk for a in applications])
        .select_related("programme", "organisation__region", "province__region", "category")
        .order_by("pk")
    )
    programme = applications[0].programme
    names = [a.organisation.name for a in applications]
    jiangxi = [a for a in applications if a.province.name == JIANGXI]
    assert jiangxi, "the 2009 review shows the conflict rule on an application from 江西"
    # One 江西 application goes back for correction: the unit, if there is one.
    corrected = next((a for a in jiangxi if a.category.kind == "unit"), jiangxi[-1])
    others = [a.organisation.name for a in applications if a != corrected]
    provinces = _sorted_provinces(applications)

    li = journey.person("mz_officer", chapter=OFFICER_CHAPTER, role="民政部 李明华（试点项目管理）")
    page = li.page

    # The day after the deadline: the inbox, filtered and sorted, and its export.
    with journey.at(beijing(2009, 7, 16, 9)):
        _officer_opens(li, programme.name, "申报汇总与形式审查", "申报汇总与形式审查", shot="inbox")
        inbox = page.get_by_role("table", name="已报送民政部的申报")
        for name in names:
            expect(inbox).to_contain_text(name)
        expect(page.locator(".sd-toolbar").first).to_contain_text(f"共 {len(names)} 份")

        page.get_by_label("省份（报送单位）").select_option(label=JIANGXI)
        page.get_by_label("排序").select_option(label="申报主体名称")
        page.get_by_role("button", name="查询").click()
        _scroll_to(li, "form.sd-filters")
        li.see("申报汇总（筛选）", shot="inbox-filtered")
        expect(inbox.locator("tbody tr")).to_have_count(len(jiangxi))
        expect(page.locator(".sd-toolbar").first).to_contain_text(
            f"符合条件 {len(jiangxi)} 份（共 {len(names)} 份）"
        )
        # The export is made in the background; the page of exports shows it when ready.
        page.get_by_role("button", name=re.compile("导出 Excel")).click()
        li.said(f"申报汇总表已生成（{len(jiangxi)} 条）")
        li.see("申报汇总表导出", shot="exports")
        expect(page.get_by_role("table")).to_contain_text("已完成")
        path, filename = _download(li, re.compile("下载"))
        assert filename.startswith(f"申报汇总表-{programme.name}-"), filename
        exported = xlsx_text(path)
        assert all(a.organisation.name in exported for a in jiangxi), exported[:500]
        page.get_by_role("link", name="返回申报汇总与形式审查").click()
        li.see("申报汇总与形式审查")

        # 形式审查: one goes back to 江西 for correction, the others are ticked eligible.
        page.get_by_role("link", name=_hidden_name("审查", corrected)).click()
        li.see("形式审查")
        page.get_by_label("退回补正").check()
        page.get_by_label("审查意见").fill(CORRECTION_REASONS)
        expect(page.get_by_label("补正截止时间（北京时间）")).to_have_value("2009-07-23T17:00")
        _scroll_to(li, "#h-check")
        li.see("形式审查（退回补正）", shot="eligibility-correction")
        page.get_by_role("button", name="保存审查结果").click()
        li.said(f"形式审查：{corrected.organisation.name} 退回补正")
        li.said(f"已通知{JIANGXI}")
        li.see("申报汇总与形式审查")
        _mark_eligible(li, others)
        _scroll_to(li, "form.sd-filters")
        li.see("申报汇总与形式审查", shot="inbox-checked")

    # 江西省民政厅 corrects it from 待办 the next day.
    chen = journey.person("jx_endorser", chapter=OFFICER_CHAPTER, role="江西省民政厅 陈志刚")
    with journey.at(beijing(2009, 7, 17, 10)):
        chen.sign_in()
        chen.see("待办")
        chen.page.get_by_role(
            "link", name=re.compile("^" + re.escape(corrected.organisation.name) + "：")
        ).click()
        chen.see("补正")
        expect(chen.page.locator("main")).to_contain_text(CORRECTION_REASONS)
        chen.page.get_by_label("补正说明").fill(CORRECTION_NOTE)
        chen.page.get_by_role("button", name="提交补正").click()
        chen.said("已提交补正，等待民政部重新审查")
        chen.see("补正")

    # The correction is in: eligible. Then the rubric and the experts.
    with journey.at(beijing(2009, 7, 20, 9)):
        _officer_opens(li, programme.name, "申报汇总与形式审查", "申报汇总与形式审查")
        page.get_by_role("link", name=_hidden_name("审查", corrected)).click()
        li.see("形式审查")
        expect(page.locator("main")).to_contain_text(CORRECTION_NOTE)
        page.get_by_label("符合条件", exact=True).check()
        page.get_by_label("审查意见").fill("")
        page.get_by_role("button", name="保存审查结果").click()
        li.said(f"形式审查：{corrected.organisation.name} 符合条件")
        li.see("申报汇总与形式审查")

        _generate_rubric(li)
        areas = programme.content_areas.count()
        li.said(f"已按试点主要内容生成评分标准（{areas} 项）")
        page.locator("textarea[name$='guidance']").first.fill(
            "看是否建立了社会工作岗位设置、人才评价和激励保障制度。"
        )
        page.get_by_role("button", name="保存评分标准").last.click()
        li.said(f"评分标准已保存：{areas} 项，满分合计 {areas * 10} 分")
        li.see("评分标准", shot="rubric")

        page.locator(".sd-review-tabs").get_by_role("link", name="分配专家").click()
        li.see("分配专家")
        for name in names:
            page.get_by_label(name, exact=True).check()
        for expert in ("宋教授", "邱教授", "罗教授"):
            page.get_by_label(expert, exact=True).check()
        li.see("分配专家（勾选）", shot="assign")
        page.get_by_role("button", name="分配所选专家").click()
        # 邱教授 (江西) and 罗教授 (广东) may not score their own province's applications.
        refused = sum(_province_code(a) in (JIANGXI_CODE, GUANGDONG_CODE) for a in applications)
        created = 3 * len(applications) - refused
        li.said(f"已分配评审任务 {created} 项，{refused} 项因回避等原因未分配")
        result = page.locator("#result")
        expect(result).to_contain_text("邱教授（南昌大学")
        expect(result).to_contain_text("专家工作单位与申报主体在同一省份")
        for application in jiangxi:
            expect(result).to_contain_text(application.organisation.name)
        li.see("分配专家（结果）", shot="assign-conflicts")

    # The experts score from 待办.
    scores = {
        "expert_bj": ("宋教授（北京大学）", ["8", "9", "8.5", "7"]),
        "expert_gd": ("罗教授（中山大学）", ["9", "8", "7.5", "8"]),
        "expert_jx": ("邱教授（南昌大学）", ["7", "8", "8", "6.5"]),
    }
    with journey.at(beijing(2009, 7, 24, 14)):
        for username, (role, values) in scores.items():
            expert = journey.person(username, chapter=EXPERT_CHAPTER, role=f"评审专家 {role}")
            expert.sign_in()
            expert.see("待办")
            scored = _score_all(expert, values, draft_shot=username == "expert_bj")
            assert scored >= 1, f"{username} had nothing to score"

    # 3 August: the overview, then every application selected.
    with journey.at(beijing(2009, 8, 3, 9)):
        _officer_opens(li, programme.name, "申报汇总与形式审查", "申报汇总与形式审查")
        page.locator(".sd-review-nav").get_by_role("link", name="专家评审").click()
        li.see("评分汇总", shot="scores")
        for cell in page.locator("[data-missing]").all():
            expect(cell).to_have_text("0")
        page.locator(".sd-review-tabs").get_by_role("link", name="确定与名单").click()
        li.see("确定与名单")
        _determine(
            li,
            names,
            note="经专家评审，确定为第二批社会工作人才队伍建设试点。",
            shot="determination",
        )

    # 4 August: the 公示, seven days (the form proposes now to a week from now).
    with journey.at(beijing(2009, 8, 4, 9)):
        _officer_opens(li, programme.name, "确定试点与名单公示", "确定与名单")
        expect(page.get_by_label("公示结束（北京时间）")).to_have_value("2009-08-11T09:00")
        page.get_by_label("公示说明").fill(
            "公示期间，对公示名单有异议的，请实名提出，并留下联系方式。"
        )
        page.get_by_label(re.compile("^我已核对拟确定名单")).check()
        li.see("开始公示", shot="publicity-form")
        page.get_by_role("button", name="开始公示").click()
        li.said("已开始公示")
        _scroll_to(li, "#list")
        li.see("确定与名单（公示中）", shot="publicity")

    # 王丽 finds the 公示 among the notices and objects (her phone refused first).
    wang = journey.person("visitor_wangli", chapter=OFFICER_CHAPTER, role="公众 王丽")
    target = corrected.organisation.name
    with journey.at(beijing(2009, 8, 5, 20)):
        wang.go("/")
        wang.see("门户首页")
        wang.page.locator(".sd-portal-nav").get_by_role("link", name="通知公告").click()
        wang.see("通知公告")
        wang.page.get_by_role("link", name=re.compile("拟确定名单公示")).first.click()
        wang.see("公示")
        expect(wang.page.locator(".sd-list-period")).to_contain_text("公示期：")
        groups = wang.page.locator(".sd-list-group-name")
        expect(groups).to_have_count(len(provinces))
        for i, province in enumerate(provinces):
            expect(groups.nth(i)).to_contain_text(province)
        wang.page.get_by_label("姓名").fill("王丽")
        wang.page.get_by_label("工作单位").fill("南昌市青山湖区社会工作协会")
        wang.page.get_by_label("联系电话").fill("12345")
        wang.page.get_by_label("涉及对象").select_option(label=target)
        wang.page.get_by_label("异议内容").fill(OBJECTION)
        wang.page.get_by_role("button", name="提交异议").click()
        expect(wang.page.locator("#error-obj-phone")).to_contain_text("电话号码格式不正确")
        expect(wang.page.get_by_label("异议内容")).to_have_value(OBJECTION)
        wang.see("公示（异议有误）", shot="objection-refused")
        wang.page.get_by_label("联系电话").fill("13907910002")
        wang.page.get_by_role("button", name="提交异议").click()
        wang.said("您的异议已提交")
        wang.see("公示")

    # 李明华 answers her.
    with journey.at(beijing(2009, 8, 6, 9)):
        _officer_opens(li, programme.name, "确定试点与名单公示", "确定与名单")
        expect(page.locator("#objections")).to_contain_text("未答复 1 条")
        expect(page.locator(".sd-objection")).to_contain_text(OBJECTION)
        page.get_by_label("答复王丽").fill(ANSWER)
        _scroll_to(li, "#objections")
        li.see("确定与名单（答复异议）", shot="objection-answer")
        page.get_by_role("button", name="保存答复").click()
        li.said("已答复王丽提出的异议")
        li.see("确定与名单")

    # 12 August, the 公示 over: the list is published.
    with journey.at(beijing(2009, 8, 12, 9)):
        _officer_opens(li, programme.name, "确定试点与名单公示", "确定与名单")
        expect(page.locator("#list")).to_contain_text("公示期已结束")
        page.get_by_label("说明", exact=True).fill(
            "经各省级民政部门推荐、专家评审和公示，确定以下地区和单位为"
            f"{programme.name}地区和单位，试点期两年。"
        )
        page.get_by_label(re.compile("^我已核对名单")).check()
        _scroll_to(li, "#h-publish")
        li.see("公布名单", shot="publish-form")
        page.get_by_role("button", name="公布名单").click()
        li.said("已公布名单")
        li.see("确定与名单（已公布）", shot="published")
        expect(page.locator("#list")).to_contain_text("已成为试点")

    # A visitor finds the list in 试点名单 and downloads it.
    with journey.at(beijing(2009, 8, 13, 10)):
        wang.go("/")
        wang.see("门户首页")
        wang.page.locator(".sd-portal-nav").get_by_role("link", name="试点名单").click()
        wang.see("试点名单")
        wang.page.locator("main").get_by_role("link", name=f"{programme.name}名单").click()
        wang.see("名单", shot="portal-list")
        expect(wang.page.locator("h1")).not_to_contain_text("公示")
        groups = wang.page.locator(".sd-list-group-name")
        expect(groups).to_have_count(len(provinces))
        for i, province in enumerate(provinces):
            expect(groups.nth(i)).to_contain_text(province)
        for name in names:
            expect(wang.page.locator(".sd-list-table").filter(has_text=name)).to_have_count(1)
        expect(wang.page.locator("#objection")).to_have_count(0)
        path, filename = _download(wang, re.compile("XLSX"))
        assert filename == f"{programme.name}名单.xlsx", filename
        workbook = xlsx_text(path)
        path, filename = _download(wang, re.compile("PDF"))
        assert filename == f"{programme.name}名单.pdf", filename
        pdf = pdf_text(path)
        for name in names:
            assert name in workbook, f"{name} not in the XLSX"
        for province in provinces:
            assert province in workbook and province in pdf, province
        # PDF lines may break a long name: look for the applicant's place, not the full name.
        for application in applications:
            assert application.organisation.name[:6] in pdf, application.organisation.name

    return _pilots(applications)


# --------------------------------------------------------------------------- 2013


def review_2013(journey, applications: list[Application]) -> list[Pilot]:
    """民函〔2013〕132号 in short: eligibility, one expert, determination, a 公示 of seven
    days, the list published on 28 June 2013."""
    applications = list(
        Application.objects.filter(pk__in=[a.pk for a in applications])
        .select_related("programme", "organisation__region", "province__region")
        .order_by("pk")
    )
    programme = applications[0].programme
    names = [a.organisation.name for a in applications]
    li = journey.person("mz_officer", chapter=OFFICER_CHAPTER)
    page = li.page

    with journey.at(beijing(2013, 6, 3, 9)):
        _officer_opens(li, programme.name, "申报汇总与形式审查", "申报汇总与形式审查")
        _mark_eligible(li, names)
        li.see("申报汇总与形式审查")
        _generate_rubric(li)
        li.said("已按试点主要内容生成评分标准")
        li.see("评分标准")
        page.locator(".sd-review-tabs").get_by_role("link", name="分配专家").click()
        li.see("分配专家")
        for name in names:
            page.get_by_label(name, exact=True).check()
        page.get_by_label("宋教授", exact=True).check()
        page.get_by_role("button", name="分配所选专家").click()
        li.said(f"已分配评审任务 {len(names)} 项")
        li.see("分配专家")

    with journey.at(beijing(2013, 6, 10, 14)):
        song = journey.person("expert_bj", chapter=EXPERT_CHAPTER)
        song.sign_in()
        song.see("待办")
        assert _score_all(song, ["8", "9", "7.5"]) == len(names)

    with journey.at(beijing(2013, 6, 19, 9)):
        _officer_opens(li, programme.name, "确定试点与名单公示", "确定与名单")
        _determine(li, names)

    with journey.at(beijing(2013, 6, 20, 9)):
        _officer_opens(li, programme.name, "确定试点与名单公示", "确定与名单")
        expect(page.get_by_label("公示结束（北京时间）")).to_have_value("2013-06-27T09:00")
        page.get_by_label(re.compile("^我已核对拟确定名单")).check()
        page.get_by_role("button", name="开始公示").click()
        li.said("已开始公示")
        li.see("确定与名单")

    with journey.at(beijing(2013, 6, 28, 9)):
        _officer_opens(li, programme.name, "确定试点与名单公示", "确定与名单")
        page.get_by_label(re.compile("^我已核对名单")).check()
        page.get_by_role("button", name="公布名单").click()
        li.said("已公布名单")
        li.see("确定与名单")

    return _pilots(applications)
