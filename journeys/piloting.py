"""The pilot period of the two seed programmes, through the real pages: the plan, progress
reports, supervision, the summaries, the evaluation, the title and its certificate.

``pilot_2013`` is the pilot of 南昌市东湖区 in 民函〔2013〕132号 (企业社会工作试点, one
year), photographed for the guide's chapters 10 (the pilot), 11 (the province) and 12 (the
ministry); ``pilot_2009`` is the compact two-year pilot of the unit 豫章社区居委会 in
民函〔2009〕148号, without photographs.

Each phase starts where the ministry's publication of the list leaves a programme: the pilot
exists, the programme is in its pilot period and the clock stands at the publication. Each
stage of the pilot is a jump of the clock (``journey.at``, Beijing time) and everyone signs in
again after a jump. The one thing nobody clicks is the daily reminder job
(``manage.py send_report_reminders``, run by cron): the journey runs it as cron would, on the
morning the reminder falls due.

Uploads (evidence of reports and supervision) are stored in the default storage: a test that
calls these phases points it at a temporary folder first.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

from pilots.models import Designation, Pilot
from shidian.testing.documents import pdf_text
from shidian.testing.journey import beijing

PILOT, PROVINCE, MINISTRY = "10-pilot", "11-province-summary", "12-ministry-evaluation"

TITLE_2013 = "全国企业社会工作示范地区"
TITLE_2009 = "全国社会工作人才队伍建设试点示范单位"

# A small PDF, as a scanned photo or minutes would be (files are accepted by their content).
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


# --------------------------------------------------------------------------- moving about


def overseers(journey):
    """The province's endorser, the ministry's officer and the expert who scores."""
    return (
        journey.person("jx_endorser", chapter=PROVINCE, role="省级民政部门 陈志刚（江西省民政厅）"),
        journey.person("mz_officer", chapter=MINISTRY, role="民政部 李明华（试点项目管理员）"),
        journey.person("expert_bj", chapter=MINISTRY, role="评估专家 宋教授（北京大学）"),
    )


def open_menu(person, label: str) -> None:
    """A main-menu item (its badge count is part of the link's name)."""
    menu = person.page.get_by_role("navigation", name="主菜单")
    menu.get_by_role("link", name=re.compile(rf"^{label}(\s|$)")).click()


def open_pilot(person, pilot: Pilot, *, list_shot: str | None = None) -> None:
    """The pilot's page, from the menu's pilot list."""
    open_menu(person, "试点")
    person.see("试点列表", shot=list_shot)
    person.page.get_by_role("link", name=pilot.organisation.name, exact=True).click()
    expect(person.page.get_by_role("heading", level=1)).to_contain_text(pilot.organisation.name)
    person.see("试点页")


def open_oversight(person, pilot: Pilot, link: str, *, shot: str | None = None) -> None:
    """The province's (本省试点工作) or the ministry's (试点管理) page of the programme,
    from the pilot list."""
    open_menu(person, "试点")
    person.see("试点列表")
    group = person.page.locator("section.sd-list-group").filter(
        has_text=pilot.programme.document_number
    )
    group.get_by_role("link", name=link).click()
    person.see(link, shot=shot)


def show(person, selector: str) -> None:
    """Scroll a part of the page into view (for its photograph)."""
    person.page.locator(selector).first.scroll_into_view_if_needed()


def open_todo(person, task: str, *, shot: str | None = None) -> None:
    """A task from 待办."""
    open_menu(person, "待办")
    person.see("待办", shot=shot)
    person.page.get_by_role("link", name=task).first.click()


def fill_plan(person, summary: str, indicators, milestones, *, shot: str | None = None) -> None:
    """The plan editor: the overall goal, goals and measures per content area, indicators
    (a row is added for each beyond the first) and milestones."""
    page = person.page
    page.locator("[name='plan-summary']").fill(summary)
    goals = page.locator("textarea[name$='-goals']")
    measures = page.locator("textarea[name$='-measures']")
    expect(goals.first).to_be_visible()
    for i in range(goals.count()):
        if not goals.nth(i).input_value():
            goals.nth(i).fill("按方案完成本项任务。")
            measures.nth(i).fill("政府购买服务，试点单位提供场地和人员。")
    for i, (name, unit, target) in enumerate(indicators):
        row = page.locator(f"[name='indicators-{i}-name']")
        if not row.count():
            page.get_by_role("button", name="添加一行指标").click()
            person.see("试点方案编辑")
        page.locator(f"[name='indicators-{i}-name']").fill(name)
        page.locator(f"[name='indicators-{i}-unit']").fill(unit)
        page.locator(f"[name='indicators-{i}-target']").fill(target)
    for i, (title, due_on) in enumerate(milestones):
        page.locator(f"[name='milestones-{i}-title']").fill(title)
        page.locator(f"[name='milestones-{i}-due_on']").fill(due_on.isoformat())
    person.see("试点方案编辑", shot=shot)


def file_report(person, number: int, actuals, narrative: str, *, evidence=None, shot=None):
    """From the pilot's page: fill every indicator, attach evidence, submit."""
    page = person.page
    page.get_by_role("link", name=f"填写第{number}期进展报告").first.click()
    person.see("进展报告")
    actual = page.locator("input[name^='actual_']")
    expect(actual).to_have_count(len(actuals))
    for i, value in enumerate(actuals):
        actual.nth(i).fill(value)
    page.get_by_role("textbox", name="进展情况").fill(narrative)
    if evidence:
        page.get_by_label("选择文件").set_input_files(pdf(evidence))
        page.get_by_role("button", name="上传").click()
        person.said(f"已保存草稿并上传“{evidence}”")
        expect(page.locator("#evidence")).to_contain_text(evidence)
        person.see("进展报告", shot=shot)
    page.get_by_role("button", name="保存并提交").click()
    person.said(f"第{number}期进展报告已提交至")
    person.see("试点页")


def review_from_overview(person, pilot: Pilot, link: str) -> None:
    """On the province's page, the pilot's row's review link."""
    person.page.locator(f"#pilot-{pilot.pk}").get_by_role("link", name=link).click()


def score(person, who: str, comment: str, *, shot: str | None = None) -> None:
    page = person.page
    inputs = page.locator(".sd-score-input")
    expect(inputs.first).to_be_visible()
    for i in range(inputs.count()):
        inputs.nth(i).fill("9")
    page.get_by_label(re.compile("^总体评价")).fill(comment)
    person.see("评分", shot=shot)
    page.get_by_role("button", name="提交评分").click()
    person.said(f"评分已提交：{who}")
    person.see("评分之后的页面")


def grant_and_publish(person, pilot: Pilot, title: str, *, shots: bool) -> None:
    page = person.page
    row = page.locator(f"#scores-table [data-pilot='{pilot.pk}']")
    expect(row.locator("[data-rank]")).to_have_text("1")
    expect(row.locator("[data-missing]")).to_have_text("0")
    show(person, "#scores-table")
    person.see("试点管理", shot="scores" if shots else None)
    page.locator(f"#titles-table [data-pilot='{pilot.pk}']").get_by_role(
        "button", name="授予称号"
    ).click()
    person.said(f"已授予{pilot.organisation.name}“{title}”称号")
    page.get_by_role("button", name="在门户网站公布示范名单").click()
    person.said("示范名单已在门户网站公布")
    expect(page.locator(f"#titles-table [data-pilot='{pilot.pk}']")).to_contain_text(title)
    person.see("试点管理", shot="titles" if shots else None)


def download_certificate(person, pilot: Pilot, title: str, *, shot: str | None = None) -> str:
    """From the pilot's page: the certificate PDF, read back as text."""
    page = person.page
    expect(page.locator("#title")).to_contain_text(title)
    show(person, "#evaluation")
    person.see("试点页", shot=shot)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("下载证书")).click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF"), "the certificate is not a PDF"
    text = pdf_text(content)
    flat = re.sub(r"\s+", "", text)
    assert title in flat, f"the certificate does not name the title {title}: {text!r}"
    assert pilot.organisation.name in flat, f"the certificate does not name the pilot: {text!r}"
    return download.value.suggested_filename


def visitor_finds(journey, programme_name: str, organisation: str, title: str, shot=None):
    """Anyone, signed out, finds the demonstration list on the portal's home page."""
    visitor = journey.person("visitor", chapter=MINISTRY, role="公众（未登录）")
    page = visitor.page
    page.context.clear_cookies()
    visitor.go("/")
    visitor.see("门户首页")
    heading = f"{programme_name}示范地区和示范单位名单"
    page.locator("#demonstrations").get_by_role("link", name=heading).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    row = page.get_by_role("row", name=re.compile(re.escape(organisation)))
    expect(row).to_contain_text(title)
    visitor.see("示范名单", shot=shot)


# --------------------------------------------------------------------------- 2013


def pilot_2013(journey, pilot: Pilot) -> Designation:
    """民函〔2013〕132号: 南昌市东湖区's one-year pilot, from its plan to its certificate.

    July 2013: Zhang Min writes the plan; Chen Zhigang (江西) returns it for a missing
    indicator, she adds it and resubmits, he accepts; Li Minghua sets two reports (2013-12-31
    and 2014-05-31). December: the reminder, report 1 with a photo, endorsed. March 2014: an
    inspection recorded with its minutes. May: report 2, endorsed. June: the summary, the
    province's opinion, the provincial summary. July: the evaluation rubric, two scorers, the
    scores, the title, the demonstration list, the certificate, and a visitor on the portal.
    """
    programme = pilot.programme
    name = pilot.organisation.name
    first_due, second_due = date(2013, 12, 31), date(2014, 5, 31)
    zhang = journey.person("dh_applicant", chapter=PILOT, role="试点地区 张敏（东湖区民政局）")
    chen, li, song = overseers(journey)

    # ------------------------------------------------------------ July 2013: the plan
    with journey.at(beijing(2013, 7, 8)):
        zhang.sign_in()
        open_todo(zhang, f"{programme.name} · 试点方案", shot="todo-plan")
        zhang.see("试点方案编辑")
        fill_plan(
            zhang,
            "一年内在全区重点企业建成企业社会工作服务站。",
            [("持证企业社会工作者", "名", "300")],
            [("重点企业服务站全部挂牌", first_due)],
            shot="plan-editor",
        )
        zhang.page.get_by_role("button", name="保存并提交").click()
        zhang.said("试点方案已提交至江西省民政厅审核")
        zhang.see("试点页", shot="plan-submitted")

        chen.sign_in()
        open_todo(chen, f"{name} · 试点方案", shot="todo-plan")
        expect(chen.page.locator("main")).to_contain_text(
            "一年内在全区重点企业建成企业社会工作服务站。"
        )
        chen.page.get_by_label("审核意见").fill(
            "请补充“企业社会工作服务站”数量指标，与总体目标对应。"
        )
        chen.see("审核试点方案", shot="plan-review")
        chen.page.get_by_role("button", name="退回修改").click()
        chen.said(f"已审核{name}的试点方案")
        chen.see("本省试点工作")

    with journey.at(beijing(2013, 7, 10)):
        zhang.sign_in()
        open_pilot(zhang, pilot, list_shot="pilot-list")
        expect(zhang.page.locator("#plan")).to_contain_text("请补充“企业社会工作服务站”数量指标")
        zhang.see("试点页", shot="plan-returned")
        zhang.page.get_by_role("link", name="修改试点方案").first.click()
        zhang.see("试点方案编辑")
        fill_plan(
            zhang,
            "一年内在全区重点企业建成企业社会工作服务站12个。",
            [("持证企业社会工作者", "名", "300"), ("企业社会工作服务站", "个", "12")],
            [("重点企业服务站全部挂牌", first_due)],
        )
        zhang.page.get_by_role("button", name="保存并提交").click()
        zhang.said("试点方案已提交至江西省民政厅审核")
        zhang.see("试点页")

        chen.sign_in()
        open_oversight(chen, pilot, "本省试点工作", shot="province-overview")
        review_from_overview(chen, pilot, "审核")
        expect(chen.page.locator("main")).to_contain_text("与上一版比较")
        expect(chen.page.locator("main")).to_contain_text("企业社会工作服务站")
        chen.page.get_by_label("审核意见").fill("同意，请按方案推进。")
        show(chen, "#changes-heading")
        chen.see("审核试点方案", shot="plan-changes")
        chen.page.get_by_role("button", name="通过", exact=True).click()
        chen.said(f"已审核{name}的试点方案")
        chen.see("本省试点工作")

        # Two reports within the year, on given dates.
        li.sign_in()
        open_oversight(li, pilot, "试点管理")
        li.page.get_by_label("按指定日期").check()
        li.page.get_by_label("指定日期", exact=True).fill(
            f"{first_due.isoformat()}\n{second_due.isoformat()}"
        )
        li.see("试点管理", shot="schedule")
        li.page.get_by_role("button", name="保存报告安排").click()
        li.said("报告安排已保存")
        expect(li.page.locator(f"#pilot-{pilot.pk}")).to_contain_text("已审核 0 / 共 2 期")
        show(li, "#pilots")
        li.see("试点管理", shot="pilots-table")

    # ------------------------------------------------------------ December 2013: report 1
    with journey.at(beijing(2013, 12, 24, 7)):  # the daily job, as cron runs it
        call_command("send_report_reminders", stdout=io.StringIO())
    with journey.at(beijing(2013, 12, 24)):
        zhang.sign_in()
        open_menu(zhang, "待办")
        expect(zhang.page.locator("main")).to_contain_text("第1期进展报告将于2013-12-31到期")
        zhang.see("待办", shot="todo-reminder")
        open_pilot(zhang, pilot)
        file_report(
            zhang,
            1,
            ("260", "6"),
            "半年来新增持证企业社会工作者30名，6个服务站挂牌。",
            evidence="服务站挂牌照片.pdf",
            shot="report",
        )

        chen.sign_in()
        open_todo(chen, f"{name} · 第1期进展报告")
        expect(chen.page.locator("#indicator-table")).to_contain_text("持证企业社会工作者")
        expect(chen.page.locator("main")).to_contain_text("服务站挂牌照片.pdf")
        chen.see("审核进展报告", shot="report-review")
        chen.page.get_by_role("button", name="审核通过").click()
        chen.said(f"已审核{name}第1期进展报告")
        chen.see("本省试点工作")

    # ------------------------------------------------------------ March 2014: inspection
    with journey.at(beijing(2014, 3, 18, 16)):
        li.sign_in()
        open_oversight(li, pilot, "试点管理")
        li.page.locator(f"#pilot-{pilot.pk}").get_by_role("link", name="记录督导").click()
        li.see("督导记录")
        li.page.get_by_label("督查").check()
        li.page.get_by_label(re.compile("^日期")).fill("2014-03-18")
        li.page.get_by_label("参加人员").fill("民政部社会工作司 李明华\n江西省民政厅 陈志刚")
        li.page.get_by_label("发现问题与评价").fill("服务站建设进度符合方案，督导队伍尚未建立。")
        li.page.get_by_label("整改要求").fill("三个月内建立督导队伍。")
        li.page.get_by_label("整改时限").fill("2014-06-18")
        li.page.get_by_label("佐证材料").set_input_files(pdf("督查会议纪要.pdf"))
        li.see("督导记录", shot="supervision")
        li.page.get_by_role("button", name="保存督导记录").click()
        li.said(f"已记录对{name}的督查")
        expect(li.page.locator("main")).to_contain_text("督查会议纪要.pdf")
        li.see("督导记录")

    # ------------------------------------------------------------ May 2014: report 2
    with journey.at(beijing(2014, 5, 26)):
        zhang.sign_in()
        open_pilot(zhang, pilot)
        supervision = zhang.page.locator("#supervision")
        expect(supervision).to_contain_text("督导队伍尚未建立")
        expect(supervision).to_contain_text("督查会议纪要.pdf")
        show(zhang, "#supervision")
        zhang.see("试点页", shot="supervision-seen")
        file_report(zhang, 2, ("320", "12"), "全年新增持证企业社会工作者90名，12个服务站全部挂牌。")
        expect(zhang.page.locator("#progress")).to_contain_text("106.7%")
        show(zhang, "#progress")
        zhang.see("试点页", shot="progress")

        chen.sign_in()
        open_oversight(chen, pilot, "本省试点工作")
        review_from_overview(chen, pilot, "审核第2期")
        chen.see("审核进展报告")
        chen.page.get_by_role("button", name="审核通过").click()
        chen.said(f"已审核{name}第2期进展报告")
        chen.see("本省试点工作")

    # ------------------------------------------------------------ June 2014: summaries
    with journey.at(beijing(2014, 6, 28)):
        zhang.sign_in()
        open_pilot(zhang, pilot)
        zhang.page.get_by_role("link", name="撰写试点总结").first.click()
        zhang.page.get_by_role("textbox", name="试点总结报告").fill(
            "一年来，全区重点企业建成企业社会工作服务站12个，持证企业社会工作者达320名……"
        )
        zhang.see("试点总结", shot="summary")
        zhang.page.get_by_role("button", name="提交试点总结").click()
        zhang.said("试点总结已提交至江西省民政厅审核")
        zhang.see("试点页")

        chen.sign_in()
        open_todo(chen, f"{name} · 试点总结")
        chen.page.get_by_label("省级意见").fill("成效明显，同意报送。")
        chen.see("审核试点总结", shot="summary-review")
        chen.page.get_by_role("button", name="审核通过").click()
        chen.said(f"已审核{name}的试点总结")
        chen.see("本省试点工作")
        chen.page.get_by_role("link", name="填写省级总结").click()
        figures = chen.page.locator("#figures-table")
        expect(figures).to_contain_text("持证企业社会工作者")
        expect(figures).to_contain_text("320")
        expect(figures).to_contain_text("106.7%")
        chen.page.get_by_role("textbox", name="省级总结").fill(
            "全省企业社会工作试点总结：东湖区12个服务站全部挂牌……"
        )
        chen.see("省级总结", shot="provincial-summary")
        chen.page.get_by_role("button", name="报送民政部").click()
        chen.said("省级总结已报送民政部")
        chen.see("省级总结", shot="provincial-summary-sent")

    # ------------------------------------------------------------ July 2014: evaluation
    with journey.at(beijing(2014, 7, 2)):
        li.sign_in()
        open_oversight(li, pilot, "试点管理")
        expect(li.page.locator("#provincial")).to_contain_text("江西省民政厅")
        li.page.locator("#provincial summary").first.click()
        show(li, "#provincial")
        li.see("试点管理", shot="provincial-received")
        li.page.get_by_role("button", name="按主要内容生成评分标准").click()
        li.said("已按试点主要内容生成综合评估评分标准")
        evaluation = li.page.locator("#evaluation")
        evaluation.get_by_label(name, exact=True).check()
        evaluation.get_by_label(re.compile("宋教授")).check()
        evaluation.get_by_label(re.compile("李明华")).check()
        li.see("试点管理", shot="evaluation-assign")
        li.page.get_by_role("button", name="分配评估任务").click()
        li.said("已分配评估任务 2 项")
        li.see("试点管理")
        li.page.locator("#my-assignments").get_by_role("link", name="评分").click()
        score(li, name, "企业社会工作机制健全，成效明显。", shot="score")

        song.sign_in()
        open_todo(song, f"{name} · 综合评估")
        score(song, name, "示范作用突出。")

        li.sign_in()
        open_oversight(li, pilot, "试点管理")
        grant_and_publish(li, pilot, TITLE_2013, shots=True)

        zhang.sign_in()
        open_menu(zhang, "待办")
        expect(zhang.page.locator("main")).to_contain_text(f"贵单位被授予“{TITLE_2013}”称号")
        zhang.see("待办")
        open_pilot(zhang, pilot)
        filename = download_certificate(zhang, pilot, TITLE_2013, shot="certificate")

        visitor_finds(journey, programme.name, name, TITLE_2013, shot="portal-list")

    designation = Designation.objects.get(pilot=pilot)
    assert filename.endswith(f"{designation.certificate_number}.pdf")
    return designation


# --------------------------------------------------------------------------- 2009


def pilot_2009(journey, pilot: Pilot) -> Designation:
    """民函〔2009〕148号: the two-year pilot of the unit 豫章社区居委会, compactly: the plan
    (accepted), a yearly report, the summary and the provincial summary before 2011-08-31,
    the evaluation in September 2011, the title, the certificate and the portal."""
    programme = pilot.programme
    name = pilot.organisation.name
    report_due = date(2010, 8, 31)
    sun = journey.person("yz_applicant", chapter=PILOT, role="试点单位 孙丽（豫章社区居委会）")
    chen, li, song = overseers(journey)

    # ------------------------------------------------------------ September 2009: the plan
    with journey.at(beijing(2009, 9, 7)):
        sun.sign_in()
        open_pilot(sun, pilot)
        sun.page.get_by_role("link", name="编写试点方案").first.click()
        sun.see("试点方案编辑")
        fill_plan(
            sun,
            "两年内建成社区社会工作室，社区工作者全部参加社会工作培训。",
            [("持证社会工作者", "名", "6"), ("社区社会工作室", "个", "1")],
            [("社区社会工作室挂牌", date(2010, 6, 30))],
        )
        sun.page.get_by_role("button", name="保存并提交").click()
        sun.said("试点方案已提交至江西省民政厅审核")
        sun.see("试点页")

        chen.sign_in()
        open_todo(chen, f"{name} · 试点方案")
        chen.see("审核试点方案")
        chen.page.get_by_label("审核意见").fill("同意。")
        chen.page.get_by_role("button", name="通过", exact=True).click()
        chen.said(f"已审核{name}的试点方案")
        chen.see("本省试点工作")

        li.sign_in()
        open_oversight(li, pilot, "试点管理")
        li.page.get_by_label("按指定日期").check()
        li.page.get_by_label("指定日期", exact=True).fill(report_due.isoformat())
        li.page.get_by_role("button", name="保存报告安排").click()
        li.said("报告安排已保存")
        expect(li.page.locator(f"#pilot-{pilot.pk}")).to_contain_text("已审核 0 / 共 1 期")
        li.see("试点管理")

    # ------------------------------------------------------------ August 2010: the report
    with journey.at(beijing(2010, 8, 20)):
        sun.sign_in()
        open_pilot(sun, pilot)
        file_report(sun, 1, ("4", "1"), "社区社会工作室已挂牌，4名社区工作者取得资格证书。")

        chen.sign_in()
        open_todo(chen, f"{name} · 第1期进展报告")
        chen.see("审核进展报告")
        chen.page.get_by_role("button", name="审核通过").click()
        chen.said(f"已审核{name}第1期进展报告")
        chen.see("本省试点工作")

    # ------------------------------------------------------------ August 2011: summaries
    with journey.at(beijing(2011, 8, 22)):
        sun.sign_in()
        open_pilot(sun, pilot)
        sun.page.get_by_role("link", name="撰写试点总结").first.click()
        sun.page.get_by_role("textbox", name="试点总结报告").fill(
            "两年来，社区社会工作室运转良好，持证社会工作者6名……"
        )
        sun.see("试点总结")
        sun.page.get_by_role("button", name="提交试点总结").click()
        sun.said("试点总结已提交至江西省民政厅审核")
        sun.see("试点页")

        chen.sign_in()
        open_todo(chen, f"{name} · 试点总结")
        chen.see("审核试点总结")
        chen.page.get_by_label("省级意见").fill("社区社会工作成效明显，同意报送。")
        chen.page.get_by_role("button", name="审核通过").click()
        chen.said(f"已审核{name}的试点总结")
        chen.see("本省试点工作")
        chen.page.get_by_role("link", name="填写省级总结").click()
        expect(chen.page.locator("#figures-table")).to_contain_text("社区社会工作室")
        chen.page.get_by_role("textbox", name="省级总结").fill("全省社会工作人才队伍建设试点总结……")
        chen.see("省级总结")
        chen.page.get_by_role("button", name="报送民政部").click()
        chen.said("省级总结已报送民政部")
        chen.see("省级总结")

    # ------------------------------------------------------------ September 2011: evaluation
    with journey.at(beijing(2011, 9, 6)):
        li.sign_in()
        open_oversight(li, pilot, "试点管理")
        li.page.get_by_role("button", name="按主要内容生成评分标准").click()
        li.said("已按试点主要内容生成综合评估评分标准")
        evaluation = li.page.locator("#evaluation")
        evaluation.get_by_label(name, exact=True).check()
        evaluation.get_by_label(re.compile("宋教授")).check()
        evaluation.get_by_label(re.compile("李明华")).check()
        li.page.get_by_role("button", name="分配评估任务").click()
        li.said("已分配评估任务 2 项")
        li.see("试点管理")
        li.page.locator("#my-assignments").get_by_role("link", name="评分").click()
        score(li, name, "社区社会工作服务体系健全。")

        song.sign_in()
        open_todo(song, f"{name} · 综合评估")
        score(song, name, "可在全国社区推广。")

        li.sign_in()
        open_oversight(li, pilot, "试点管理")
        grant_and_publish(li, pilot, TITLE_2009, shots=False)

        sun.sign_in()
        open_pilot(sun, pilot)
        filename = download_certificate(sun, pilot, TITLE_2009)

        visitor_finds(journey, programme.name, name, TITLE_2009)

    designation = Designation.objects.get(pilot=pilot)
    assert filename.endswith(f"{designation.certificate_number}.pdf")
    return designation
