"""The application phase of the two seed programmes, driven through the real pages.

``apply_2013``: in May 2013 南昌市东湖区 (张敏) applies to 民函〔2013〕132号 as a region; 南昌市
(刘伟) returns it for a missing timetable, she revises and resubmits, 刘伟 sees what changed and
recommends; 江西省 (陈志刚) recommends, ranks and submits the batch to the ministry, then uploads
the signed and sealed scan the notice asks for (纸制版和电子版同时报).

``apply_2009``: in July 2009 the 豫章 community (孙丽) applies to 民函〔2009〕148号 as a unit,
with an attachment, and prints the filled form; its supervising department 百花洲街道办事处
(胡军) recommends, then the civil affairs bureaus above it, 东湖区 (王芳) and 南昌市 (刘伟); 江西省
(陈志刚) recommends, ranks and submits.

Each phase is a function of the journey so that later phases can be chained after it; the
programme is put back to PUBLISHED by ``reopen`` before the journey starts (the seed imports
it ARCHIVED, its lifecycle having run outside the system).
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from accounts.models import User
from applications.models import Application
from programmes.models import Programme
from programmes.models import Status as ProgrammeStatus
from shidian.testing.documents import docx_text
from shidian.testing.journey import beijing

PROGRAMME_2009 = "民函〔2009〕148号"
PROGRAMME_2013 = "民函〔2013〕132号"

# 附件1 of 民函〔2013〕132号 as 南昌市东湖区 fills it in (the plan comes later, in two rounds).
REGION_VALUES_2013 = {
    "region_name": "南昌市东湖区",
    "address": "南昌市东湖区八一大道333号",
    "postcode": "330006",
    "leader_name": "王建华",
    "leader_title": "副区长",
    "leader_phone": "0791-86661111",
    "contact_name": "张敏",
    "contact_title": "科长",
    "contact_phone": "13907910001",
    "email": "donghu@example.gov.cn",
    "fax": "0791-86661112",
    "foundation": "全区已有12家企业设立社会工作岗位，持证企业社会工作者230名。",
}
FIRST_PLAN_2013 = (
    "一、目标任务：到2014年5月，在全区30家规模以上企业设立社会工作岗位。\n"
    "二、主要措施：建立区、街道、企业三级企业社会工作服务网络。"
)
SECOND_PLAN_2013 = (
    FIRST_PLAN_2013 + "\n三、进度安排：2013年7月完成岗位设置，2013年12月前建成企业社会工作站10个。"
)
RETURN_REASON_2013 = "试点方案缺少进度安排，请补充后重新提交。"

UNIT_CATEGORY_2009 = "试点单位（单项试点）"
ATTACHMENT_2009 = "豫章社区社会工作站情况介绍.pdf"

# 附件2 of 民函〔2009〕148号 as the 豫章 community fills it in.
UNIT_VALUES_2009 = {
    "unit_name": "南昌市东湖区百花洲街道豫章社区居民委员会",
    "address": "南昌市东湖区豫章路16号",
    "postcode": "330006",
    "leader_name": "陈秀英",
    "leader_title": "社区党委书记、居委会主任",
    "leader_phone": "0791-86772201",
    "contact_name": "孙丽",
    "contact_title": "社区社会工作站站长",
    "contact_phone": "13807912202",
    "email": "yuzhang@example.org.cn",
    "foundation": (
        "社区现有居民4200户，专职社区工作者11名，其中取得社会工作者职业水平证书的4名；"
        "2008年设立社区社会工作站，开展老年人、青少年和困难家庭服务。"
    ),
    "plan": (
        "一、试点目标：两年内建成以社会工作站为平台的社区服务体系。\n"
        "二、主要任务：设置社会工作岗位6个，引入专业社会工作服务项目3个。\n"
        "三、时间安排：2009年9月至2011年8月。\n"
        "四、保障措施：街道每年安排专项经费10万元。"
    ),
}


def reopen(document_number: str) -> Programme:
    """Put a seed programme back where it stood when its notice went out (the seed imports
    it ARCHIVED: its lifecycle happened outside the system). Setup, before the journey."""
    Programme.objects.filter(document_number=document_number).update(
        status=ProgrammeStatus.PUBLISHED
    )
    return Programme.objects.get(document_number=document_number)


# --------------------------------------------------------------------------- small steps


def _open_task(person, title: str, name: str, shot: str | None = None) -> None:
    person.page.get_by_role("link", name=title).first.click()
    person.see(name, shot=shot)


def _opinion_box(page, label: str):
    return page.get_by_role("textbox", name=re.compile("^" + re.escape(label)))


def _fill(page, values: dict[str, str]) -> None:
    for key, value in values.items():
        page.locator(f"#id_{key}").fill(value)


def _recommend(
    person, box: str, opinion: str, said: str, shot: str | None = None, done: str | None = None
) -> None:
    """Recommend with ``opinion`` in ``box``; ``shot`` photographs the filled panel, ``done``
    the page after."""
    page = person.page
    _opinion_box(page, box).fill(opinion)
    expect(page.locator("#id_recommend-person")).to_have_value(_full_name(person))
    if shot:
        page.locator("#endorse").scroll_into_view_if_needed()
        person.see("申报详情（填写审核意见）", shot=shot)
    page.get_by_role("button", name="同意推荐").click()
    person.said(said)
    person.see("申报详情（已推荐）", shot=done)


def _full_name(person) -> str:
    return User.objects.get(username=person.username).full_name


# --------------------------------------------------------------------------- 2013


def apply_2013(journey) -> Application:
    """南昌市东湖区's region application to 民函〔2013〕132号, May 2013, returned once, up to the
    ministry. The caller has run ``reopen(PROGRAMME_2013)``."""
    zhang = journey.person(
        "dh_applicant", chapter="02-county-applicant", role="申报地区 张敏（南昌市东湖区民政局）"
    )
    liu = journey.person(
        "nc_endorser", chapter="05-prefecture-endorser", role="上级民政部门 刘伟（南昌市民政局）"
    )
    chen = journey.person(
        "jx_endorser", chapter="06-province", role="省级民政部门 陈志刚（江西省民政厅）"
    )
    title_for_endorsers = "南昌市东湖区民政局 · 试点地区"
    title_for_applicant = "企业社会工作试点 · 试点地区"

    # 6 May 2013: Zhang Min reads the notice on the portal, then starts the region application.
    with journey.at(beijing(2013, 5, 6, 9, 30)):
        page = zhang.sign_in().page
        zhang.see("待办")
        zhang.go("/")
        zhang.see("门户首页")
        page.get_by_role("link", name="通知公告").first.click()
        zhang.see("通知公告")
        page.get_by_role("link", name=re.compile("企业社会工作试点")).first.click()
        zhang.see("通知：企业社会工作试点", shot="notice")
        expect(page.locator("body")).to_contain_text(PROGRAMME_2013)
        expect(page.locator("body")).to_contain_text("企业社会工作试点地区申报表")

        page.get_by_role("link", name="进入工作台").click()
        zhang.see("待办")
        page.get_by_role("link", name=re.compile("^我的申报")).first.click()
        zhang.see("我的申报", shot="my-applications")
        offers = page.locator(".sd-offer", has_text=PROGRAMME_2013)
        expect(offers).to_contain_text("2013年6月1日")
        offers.get_by_role("button", name=re.compile("开始申报.*试点地区")).click()
        zhang.said("已新建申报")
        zhang.see("填写申报表")
        expect(page.locator("h1")).to_contain_text("企业社会工作试点地区申报表")
        expect(page.locator("#id_region_name")).to_have_value("南昌市东湖区民政局")

        # The form in the paper's order; she types, and the page saves by itself.
        _fill(page, REGION_VALUES_2013)
        page.locator("#id_plan").press_sequentially("一、目标任务")
        expect(page.locator("#id_plan_count")).to_contain_text("已输入 6 / 10000 字")
        expect(page.locator("#sd-autosave-status")).to_contain_text("已自动保存")
        page.locator("#id_plan").fill(FIRST_PLAN_2013)
        page.locator("#id_plan").blur()
        expect(page.locator("#sd-autosave-status")).to_contain_text("已自动保存")
        page.locator("#part-plan").scroll_into_view_if_needed()
        zhang.see("填写申报表（自动保存）", shot="autosave")
        page.evaluate("window.scrollTo(0, 0)")
        zhang.see("填写申报表", shot="form")

        page.get_by_role("button", name="保存并提交…").click()
        page.get_by_label("申报地区意见").fill("同意申报。")
        expect(page.get_by_label("负责人")).to_have_value("王建华")
        zhang.see("提交申报", shot="submit-opinion")
        page.get_by_role("button", name="确认提交").click()
        zhang.said("已提交至南昌市民政局 · 张敏")
        expect(page.locator(".sd-stage--current")).to_contain_text("南昌市民政局")
        zhang.see("申报详情（已提交）", shot="submitted")

    # 9 May: Liu Wei finds it in 待办 and returns it: the plan lacks a timetable.
    with journey.at(beijing(2013, 5, 9, 10)):
        page = liu.sign_in().page
        liu.see("待办", shot="todo")
        expect(page.get_by_role("link", name=title_for_endorsers)).to_be_visible()
        _open_task(liu, title_for_endorsers, "申报详情（待审核）", shot="application")
        page.locator(".sd-endorse-alt summary", has_text="退回修改").click()
        page.get_by_label("退回修改的理由").fill(RETURN_REASON_2013)
        page.locator(".sd-endorse-alt", has_text="退回修改的理由").scroll_into_view_if_needed()
        liu.see("申报详情（退回修改）", shot="return")
        page.locator("form[action$='/return/']").get_by_role("button", name="退回修改").click()
        liu.said("已退回南昌市东湖区民政局修改 · 刘伟")
        liu.see("申报详情（已退回）")

    # 10 May: Zhang Min reads why, rewrites the plan and submits again.
    with journey.at(beijing(2013, 5, 10, 8, 45)):
        page = zhang.sign_in().page
        zhang.see("待办", shot="todo-returned")
        _open_task(zhang, title_for_applicant, "申报详情（退回修改）", shot="returned")
        expect(page.locator(".sd-reason")).to_contain_text("试点方案缺少进度安排")
        page.get_by_role("link", name="修改申报表").click()
        expect(page.locator(".sd-reason")).to_contain_text("试点方案缺少进度安排")
        expect(page.locator("#id_plan")).to_have_value(FIRST_PLAN_2013)
        page.locator("#id_plan").fill(SECOND_PLAN_2013)
        zhang.see("修改申报表", shot="revise")
        page.get_by_role("button", name="保存并提交…").click()
        zhang.see("提交申报（第2次）")
        expect(page.locator(".sd-irreversible")).to_contain_text("这是第2次提交")
        page.get_by_label("申报地区意见").fill("已按要求补充进度安排，同意申报。")
        page.get_by_role("button", name="确认提交").click()
        zhang.said("已提交至南昌市民政局")
        zhang.see("申报详情（第2次提交）")

    # 13 May: Liu Wei sees what changed, and recommends.
    with journey.at(beijing(2013, 5, 13, 9, 15)):
        page = liu.sign_in().page
        liu.see("待办")
        _open_task(liu, title_for_endorsers, "申报详情（再次提交）")
        changed = page.locator("#change-plan")
        expect(changed).to_contain_text("已修改")
        expect(changed.locator("ins")).to_contain_text("三、进度安排")
        expect(page.locator(".sd-compare-summary")).to_contain_text("修改了 1 个栏目：试点方案")
        page.locator("#compare").scroll_into_view_if_needed()
        liu.see("申报详情（与上次提交比较）", shot="compare")
        _recommend(
            liu,
            "上级民政部门意见",
            "情况属实，同意推荐。",
            "已推荐至江西省民政厅 · 刘伟",
            shot="recommend",
        )

    # 20 May: Chen Zhigang gives the provincial opinion, ranks and submits the batch.
    with journey.at(beijing(2013, 5, 20, 14)):
        page = chen.sign_in().page
        chen.see("待办", shot="todo")
        _open_task(chen, title_for_endorsers, "申报详情（省级审核）")
        _recommend(
            chen,
            "省(自治区、直辖市)民政厅(局)意见",
            "经审核，同意推荐。",
            "已同意推荐，待江西省民政厅遴选报送民政部 · 陈志刚",
            shot="province-opinion",
        )
        expect(page.locator(".sd-timeline .sd-stage--done")).to_have_count(3)
        page.get_by_role("link", name="遴选报送民政部").click()
        # Other areas of the province are still on their way: they must be in by 28 May.
        page.get_by_label("省内截止时间（北京时间）").fill("2013-05-28T17:00")
        page.locator("#internal-deadline").get_by_role("button", name="设置").click()
        expect(page.locator("#internal-deadline")).to_contain_text("2013年5月28日 17:00")
        page.locator("#internal-deadline").scroll_into_view_if_needed()
        chen.see("遴选报送民政部（省内截止时间）", shot="internal-deadline")
        page.get_by_label("报送南昌市东湖区民政局").check()
        expect(page.locator(".sd-category", has_text="试点地区").first).to_contain_text("已选1个")
        chen.see("遴选报送民政部", shot="selection")
        page.get_by_role("button", name="保存并填写报送意见…").click()
        page.get_by_label("报送意见").fill("经审核，同意推荐以下地区为试点，按推荐顺序排列。")
        page.get_by_label("负责人（签字）").fill("陈志刚")
        chen.see("报送民政部", shot="batch-opinion")
        page.get_by_role("button", name="确认报送民政部").click()
        chen.said("已报送民政部")
        chen.see("遴选报送民政部（已报送）", shot="submitted")

        # 纸制版和电子版同时报: the signed and sealed page, scanned, goes with the application.
        scan = page.locator(".sd-paper-list li", has_text="南昌市东湖区民政局")
        scan.get_by_label("南昌市东湖区民政局的签字盖章扫描件").set_input_files(
            {"name": "东湖区申报表签字盖章页.pdf", "mimeType": "application/pdf", "buffer": _pdf()}
        )
        scan.get_by_role("button", name=re.compile("上传扫描件")).click()
        chen.see("遴选报送民政部（纸质件）", shot="paper-scan")
        expect(page.locator(".sd-paper-list")).to_contain_text("东湖区申报表签字盖章页.pdf")

    # Zhang Min follows it: with the ministry now.
    with journey.at(beijing(2013, 5, 21, 9)):
        page = zhang.sign_in().page
        zhang.see("待办")
        page.get_by_role("link", name=re.compile("^我的申报")).first.click()
        zhang.see("我的申报")
        page.get_by_role("link", name=title_for_applicant).click()
        zhang.see("申报详情（已报送民政部）", shot="progress")
        expect(page.locator(".sd-app-title")).to_contain_text("已报送民政部")

    return Application.objects.get(
        programme__document_number=PROGRAMME_2013, organisation__name="南昌市东湖区民政局"
    )


# --------------------------------------------------------------------------- 2009


def apply_2009(journey) -> Application:
    """The 豫章 community's unit application to 民函〔2009〕148号, July 2009, through its
    supervising department and two civil affairs bureaus to the ministry. The caller has run
    ``reopen(PROGRAMME_2009)``."""
    sun = journey.person(
        "yz_applicant", chapter="03-unit-applicant", role="申报单位 孙丽（豫章社区居委会）"
    )
    hu = journey.person(
        "bhz_endorser",
        chapter="04-supervising-department",
        role="业务主管部门 胡军（百花洲街道办事处）",
    )
    wang = journey.person(
        "dh_endorser",
        chapter="05-prefecture-endorser",
        role="上级民政部门 王芳（南昌市东湖区民政局）",
    )
    liu = journey.person(
        "nc_endorser", chapter="05-prefecture-endorser", role="上级民政部门 刘伟（南昌市民政局）"
    )
    chen = journey.person(
        "jx_endorser", chapter="06-province", role="省级民政部门 陈志刚（江西省民政厅）"
    )
    unit = "南昌市东湖区百花洲街道豫章社区居民委员会"
    title_for_endorsers = f"{unit} · {UNIT_CATEGORY_2009}"

    # 2 July: Sun Li applies for the community, with a supporting document, and prints the form.
    with journey.at(beijing(2009, 7, 2, 9)):
        page = sun.sign_in().page
        sun.see("待办")
        page.get_by_role("link", name=re.compile("我的申报")).first.click()
        sun.see("我的申报", shot="my-applications")
        offer = page.locator(".sd-offer", has_text=PROGRAMME_2009)
        offer.get_by_role("button", name=re.compile("开始申报.*试点单位")).click()
        sun.said("已新建申报")
        expect(page.locator("h1")).to_contain_text("社会工作人才队伍建设试点单位申报表")
        expect(page.locator("#id_unit_name")).to_have_value(unit)
        _fill(page, UNIT_VALUES_2009)
        page.locator("#id_plan").blur()
        expect(page.locator("#sd-autosave-status")).to_contain_text("已自动保存")
        sun.see("填写申报表", shot="form")

        page.locator("summary", has_text="附件材料").click()
        page.get_by_label("其他证明材料").set_input_files(
            {"name": ATTACHMENT_2009, "mimeType": "application/pdf", "buffer": _pdf()}
        )
        page.get_by_role("button", name="上传").click()
        files = page.locator(".sd-files", has_text=ATTACHMENT_2009)
        expect(files).to_be_visible()
        page.locator("summary", has_text="附件材料").scroll_into_view_if_needed()
        sun.see("填写申报表（已上传附件）", shot="attachment")

        page.get_by_role("button", name="保存并提交…").click()
        page.get_by_label("申报单位意见").fill("同意申报，本单位保证所填内容真实。")
        page.get_by_label("负责人").fill("陈秀英")
        sun.see("提交申报", shot="submit-opinion")
        page.get_by_role("button", name="确认提交").click()
        sun.said("已提交至南昌市东湖区百花洲街道办事处 · 孙丽")
        sun.see("申报详情（已提交）", shot="submitted")
        expect(page.locator(".sd-stage--current")).to_contain_text("百花洲街道办事处")

        # The filled form, to print and stamp.
        with page.expect_download() as download:
            page.locator(".sd-facts-print").get_by_role("link", name="Word").click()
        path = Path(download.value.path())
        text = docx_text(path)
        assert unit in text and "孙丽" in text and "陈秀英" in text, text[:500]
        assert download.value.suggested_filename.endswith(".docx")

    # 3 July: Hu Jun, for the supervising department, recommends.
    with journey.at(beijing(2009, 7, 3, 10)):
        page = hu.sign_in().page
        hu.see("待办", shot="todo")
        _open_task(hu, title_for_endorsers, "申报详情（待审核）", shot="application")
        expect(page.locator(".sd-now")).to_contain_text("上级业务主管部门意见")
        _recommend(
            hu,
            "上级业务主管部门意见",
            "该社区社会工作基础较好，街道将给予经费和场地支持，同意推荐。",
            "已推荐至南昌市东湖区民政局 · 胡军",
            shot="recommend",
            done="recommended",
        )

    # 6 July: the civil affairs bureaus above it, 东湖区 then 南昌市, recommend.
    with journey.at(beijing(2009, 7, 6, 9)):
        page = wang.sign_in().page
        wang.see("待办")
        _open_task(wang, title_for_endorsers, "申报详情（区民政局审核）")
        _recommend(
            wang, "上级民政部门意见", "同意推荐。", "已推荐至南昌市民政局 · 王芳", shot="unit-upper"
        )
    with journey.at(beijing(2009, 7, 7, 9)):
        page = liu.sign_in().page
        liu.see("待办")
        _open_task(liu, title_for_endorsers, "申报详情（市民政局审核）")
        expect(page.locator(".sd-timeline .sd-stage--done")).to_have_count(3)
        _recommend(liu, "上级民政部门意见", "同意推荐。", "已推荐至江西省民政厅 · 刘伟")

    # 8 July: Chen Zhigang recommends, ranks and submits the 江西 batch.
    with journey.at(beijing(2009, 7, 8, 15)):
        page = chen.sign_in().page
        chen.see("待办")
        _open_task(chen, title_for_endorsers, "申报详情（省级审核）")
        _recommend(
            chen,
            "省(自治区、直辖市)民政厅(局)意见",
            "经审核，同意推荐。",
            "已同意推荐，待江西省民政厅遴选报送民政部 · 陈志刚",
        )
        page.get_by_role("link", name="遴选报送民政部").click()
        chen.see("遴选报送民政部")
        page.get_by_label(f"报送{unit}").check()
        page.get_by_role("button", name="保存并填写报送意见…").click()
        chen.see("报送民政部")
        page.get_by_label("报送意见").fill("经审核，同意推荐以下单位为试点。")
        page.get_by_label("负责人（签字）").fill("陈志刚")
        page.get_by_role("button", name="确认报送民政部").click()
        chen.said("已报送民政部")
        chen.see("遴选报送民政部（已报送）")

    # Sun Li sees where it is.
    with journey.at(beijing(2009, 7, 9, 9)):
        page = sun.sign_in().page
        sun.see("待办")
        page.get_by_role("link", name=re.compile("我的申报")).first.click()
        sun.see("我的申报")
        mine = f"第二批社会工作人才队伍建设试点 · {UNIT_CATEGORY_2009}"
        page.get_by_role("link", name=mine).click()
        sun.see("申报详情（已报送民政部）", shot="progress")
        expect(page.locator(".sd-timeline .sd-stage--done")).to_have_count(5)

    return Application.objects.get(
        programme__document_number=PROGRAMME_2009, organisation__name=unit
    )


def _pdf() -> bytes:
    """A small, real PDF (uploads are checked by content)."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
