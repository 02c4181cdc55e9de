"""The ministry officer sets up a programme (chapter 07-ministry-programme).

李明华 (mz_officer) builds a new programme through the editor alone: the notice (its 发文字号
typed with keyboard brackets and normalised), two sections of the body, two content areas, a
region category and a unit category (eligibility, chain, each on a copy of a built-in form), one
field of the programme's own, the deadlines; checks the overview; publishes. A visitor then
finds the notice on the portal, with the custom field in its blank form."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from audit.models import AuditEvent, Event
from organisations.models import Tier, UnitCategory
from programmes.models import Programme

CHAPTER = "07-ministry-programme"
NOTICE_TITLE = "民政部关于开展社区社会工作试点的通知"
REGION_TEMPLATE = "复制内置模板：社会工作人才队伍建设试点地区申报表"
UNIT_TEMPLATE = "复制内置模板：社会工作人才队伍建设试点单位申报表"


def local(days: int) -> str:
    """A deadline ``days`` from today at 17:00, as the datetime-local field takes it."""
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=17, minute=0).strftime("%Y-%m-%dT%H:%M")


def test_an_officer_builds_a_programme_and_publishes_its_notice(journey):
    li = journey.person("mz_officer", chapter=CHAPTER, role="民政部业务处室 李明华")
    page = li.page
    li.sign_in()
    expect(page.get_by_role("heading", name="待办")).to_be_visible()
    li.see("待办")

    page.get_by_role("link", name="试点项目").first.click()
    li.see("试点项目列表", shot="programme-list")
    page.get_by_role("link", name="新建试点项目").click()

    # The notice, as it will be published. Pilot months 0: refused, nothing typed is lost.
    page.get_by_label("通知标题").fill(NOTICE_TITLE)
    page.get_by_label("试点项目名称").fill("社区社会工作试点")
    page.get_by_label("发文字号").fill("民函[2030]77号")  # brackets as typed on a keyboard
    page.get_by_label("主送机关").fill("各省、自治区、直辖市民政厅(局)，新疆生产建设兵团民政局")
    page.get_by_label("正文开头").fill("经研究，决定开展社区社会工作试点。现就有关事项通知如下：")
    page.get_by_label("申报截止时间").fill(local(45))
    page.get_by_label("试点期限").fill("0")
    page.get_by_label("总结截止时间").fill(local(420))
    page.get_by_label("联系人").fill("王明")
    page.get_by_label("联系电话").fill("010-58123456")
    expect(page.get_by_label("受理司局")).not_to_have_value("")
    li.see("新建试点项目", shot="new-programme")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#form-errors")).to_contain_text("试点期限须至少1个月")
    expect(page.get_by_label("通知标题")).to_have_value(NOTICE_TITLE)
    li.see("新建试点项目（有错误）", shot="new-programme-error")
    page.get_by_label("试点期限").fill("12")
    page.get_by_role("button", name="保存草稿").click()
    li.said("已新建试点项目")
    expect(page.locator("main")).to_contain_text("民函〔2030〕77号")
    expect(page.locator("#publish-problems")).to_contain_text("通知正文为空")
    li.see("试点项目概览（草稿）", shot="draft-overview")

    # Two sections of the notice body; the second lists the content areas.
    page.get_by_role("link", name="通知正文", exact=True).click()
    li.see("通知正文")
    for heading, body, lists_areas in [
        ("一、指导思想", "以建设队伍、开发岗位、培育机构、开展服务为重点。", False),
        ("二、主要内容", "试点围绕以下内容开展：", True),
    ]:
        page.get_by_role("link", name="添加正文部分").click()
        page.get_by_label("标题").fill(heading)
        page.get_by_label("正文", exact=False).first.fill(body)
        if lists_areas:
            page.get_by_label("列出主要内容").check()
            li.see("添加正文部分", shot="add-section")
        else:
            li.see("添加正文部分")
        page.get_by_role("button", name="保存").click()
        li.said(heading)
    li.see("通知正文（两部分）")

    # Two content areas.
    page.get_by_role("link", name="主要内容", exact=True).click()
    li.see("主要内容")
    for title, text in [
        ("队伍建设", "开展社区社会工作培训。"),
        ("岗位开发", "开发社区社会工作岗位。"),
    ]:
        page.get_by_role("link", name="添加主要内容").click()
        page.get_by_label("名称").fill(title)
        page.get_by_label("内容").fill(text)
        li.see("添加主要内容")
        page.get_by_role("button", name="保存").click()
        li.said(title)
    li.see("主要内容（两项）")

    # A region category (prefecture and county) and a unit category (urban communities and
    # social organisations, opinion of the supervising department in the chain), each on a
    # copy of a built-in form.
    page.get_by_role("link", name="申报类别", exact=True).click()
    li.see("申报类别")
    page.get_by_role("link", name="添加申报类别").click()
    page.get_by_label("类别名称").fill("试点地区")
    page.get_by_label("试点地区", exact=True).check()
    page.get_by_label("地级").check()
    page.get_by_label("县级").check()
    page.get_by_label("申报表", exact=False).first.select_option(label=REGION_TEMPLATE)
    page.get_by_label("复制后的表名").fill("社区社会工作试点地区申报表")
    li.see("添加申报类别（地区）", shot="region-category")
    page.get_by_role("button", name="保存").click()
    li.said("已保存申报类别：试点地区")

    page.get_by_role("link", name="添加申报类别").click()
    page.get_by_label("类别名称").fill("试点单位")
    page.get_by_label("试点单位", exact=True).check()
    expect(page.get_by_label("地级")).to_be_hidden()
    page.get_by_label("城市社区").check()
    page.get_by_label("社会组织").check()
    page.get_by_label("上级业务主管部门意见").check()
    page.get_by_label("申报表", exact=False).first.select_option(label=UNIT_TEMPLATE)
    page.get_by_label("复制后的表名").fill("社区社会工作试点单位申报表")
    li.see("添加申报类别（单位）", shot="unit-category")
    page.get_by_role("button", name="保存").click()
    li.said("已保存申报类别：试点单位")
    expect(page.locator("main")).to_contain_text("上级业务主管部门意见")
    li.see("申报类别（两类）", shot="categories")

    # One field of the programme's own: the number of people served.
    page.get_by_role("link", name="申报表", exact=True).click()
    li.see("申报表列表")
    page.get_by_role("link", name="社区社会工作试点单位申报表").click()
    li.see("申报表栏目", shot="form-builder")
    page.get_by_role("link", name="添加栏目").click()
    page.get_by_label("栏目名称").fill("服务对象数量")
    page.get_by_role("combobox", name="类型").select_option(label="数字")
    page.get_by_role("combobox", name="位置").select_option(label="正文栏目")
    li.see("添加栏目", shot="add-field")
    page.get_by_role("button", name="保存").click()
    li.said("已保存栏目：服务对象数量")
    expect(page.get_by_role("row", name="服务对象数量")).to_contain_text("数字")
    li.see("申报表栏目（含新栏目）")

    # The overview shows the whole notice and the publication check; publish, having been
    # told it cannot be undone.
    page.get_by_role("link", name="概览").click()
    expect(page.locator("main")).to_contain_text("检查通过，可以发布")
    expect(page.locator("#publish-warning")).to_contain_text("发布后不能撤销")
    li.see("试点项目概览（可发布）", shot="ready-to-publish")
    page.get_by_role("button", name="发布").click()
    li.said("已发布 · 李明华")
    expect(page.get_by_role("button", name="发布")).to_have_count(0)
    expect(page.locator(".sd-page-sub")).to_contain_text("申报中")
    li.see("试点项目概览（已发布）", shot="published")

    # Published: the editor is read-only.
    page.get_by_role("link", name="通知信息").click()
    expect(page.get_by_role("status").filter(has_text="只读")).to_be_visible()
    li.see("通知信息（只读）")

    # A visitor, not signed in, reads the notice on the portal, with its two blank forms.
    visitor = journey.person("anonymous", chapter=CHAPTER, role="公众访客")
    visitor.go("/")
    visitor.see("门户首页")
    visitor.page.get_by_role("navigation", name="主菜单").get_by_role(
        "link", name="通知公告"
    ).click()
    visitor.see("通知公告")
    visitor.page.get_by_role("link", name=NOTICE_TITLE).click()
    article = visitor.page.locator("article")
    expect(article).to_contain_text("民函〔2030〕77号")
    expect(article).to_contain_text("一、指导思想")
    expect(article).to_contain_text("队伍建设")
    expect(article).to_contain_text("社区社会工作试点单位申报表")
    visitor.see("门户上的通知", shot="portal-notice")

    programme = Programme.objects.get(document_number="民函〔2030〕77号")
    assert programme.status == "published"
    assert programme.notice_title == NOTICE_TITLE
    assert [s.heading for s in programme.sections.all()] == ["一、指导思想", "二、主要内容"]
    assert [a.title for a in programme.content_areas.all()] == ["队伍建设", "岗位开发"]
    region = programme.categories.get(kind="region")
    assert set(region.region_tiers) == {Tier.PREFECTURE, Tier.COUNTY}
    unit = programme.categories.get(kind="unit")
    assert set(unit.unit_categories) == {
        UnitCategory.URBAN_COMMUNITY,
        UnitCategory.SOCIAL_ORGANISATION,
    }
    assert unit.chain == ["applicant", "supervisor", "upper", "province"]
    assert unit.form.fields.filter(label="服务对象数量", field_type="number").exists()
    assert unit.form.definition.programme == programme
    assert AuditEvent.objects.filter(
        event=Event.PROGRAMME_PUBLISH, actor__username="mz_officer"
    ).exists()
