"""In a real browser: Li Minghua (mz_officer), a programme officer of the ministry, sets up a
new programme through the editor alone - notice, two sections, two content areas, a region
and a unit category on copies of the built-in forms, one custom field - and publishes it; a
visitor then finds the notice on the portal."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programmes.models import FieldType, FormDefinition, FormField, FormVersion, Programme
from shidian.testing.browser import login

pytestmark = pytest.mark.django_db(transaction=True)

NOTICE_TITLE = "民政部关于开展社区社会工作试点的通知"


def make_template(title: str, applicant_label: str, name_label: str) -> None:
    """A built-in form (the seeds may not have run in this database)."""
    definition = FormDefinition.objects.create(
        title=title, applicant_label=applicant_label, is_template=True
    )
    version = FormVersion.objects.create(definition=definition, number=1)
    for order, (key, label, kind, length) in enumerate(
        [
            ("name", name_label, FieldType.TEXT, 100),
            ("foundation", f"{applicant_label}现有基础", FieldType.LONG_TEXT, 5000),
            ("plan", "试点方案", FieldType.LONG_TEXT, 10000),
        ],
        start=1,
    ):
        FormField.objects.create(
            version=version, order=order, key=key, label=label, field_type=kind, max_length=length
        )


def local(days: int) -> str:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=17, minute=0).strftime("%Y-%m-%dT%H:%M")


def saved(page, text: str) -> None:
    expect(page.locator(".sd-messages")).to_contain_text(text)


def test_it_takes_a_programme_from_blank_page_to_the_portal(page, live_server, demo_db, browser):
    make_template("测试试点地区申报表", "申报地区", "地区名称")
    make_template("测试试点单位申报表", "申报单位", "单位名称")

    login(page, live_server, "mz_officer", "Shidian@2026")
    page.get_by_role("link", name="试点项目").first.click()
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
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#form-errors")).to_contain_text("试点期限须至少1个月")
    expect(page.get_by_label("通知标题")).to_have_value(NOTICE_TITLE)
    page.get_by_label("试点期限").fill("12")
    page.get_by_role("button", name="保存草稿").click()
    saved(page, "已新建试点项目")
    expect(page.locator("body")).to_contain_text("民函〔2030〕77号")
    expect(page.locator("#publish-problems")).to_contain_text("通知正文为空")

    # Two sections of the notice body.
    page.get_by_role("link", name="通知正文", exact=True).click()
    for heading, body, lists_areas in [
        ("一、指导思想", "以建设队伍、开发岗位、培育机构、开展服务为重点。", False),
        ("二、主要内容", "试点围绕以下内容开展：", True),
    ]:
        page.get_by_role("link", name="添加正文部分").click()
        page.get_by_label("标题").fill(heading)
        page.get_by_label("正文", exact=False).first.fill(body)
        if lists_areas:
            page.get_by_label("列出主要内容").check()
        page.get_by_role("button", name="保存").click()
        saved(page, heading)

    # Two content areas.
    page.get_by_role("link", name="主要内容", exact=True).click()
    for title, text in [
        ("队伍建设", "开展社区社会工作培训。"),
        ("岗位开发", "开发社区社会工作岗位。"),
    ]:
        page.get_by_role("link", name="添加主要内容").click()
        page.get_by_label("名称").fill(title)
        page.get_by_label("内容").fill(text)
        page.get_by_role("button", name="保存").click()
        saved(page, title)

    # A region category and a unit category, each on a copy of a built-in form.
    page.get_by_role("link", name="申报类别", exact=True).click()
    page.get_by_role("link", name="添加申报类别").click()
    page.get_by_label("类别名称").fill("试点地区")
    page.get_by_label("试点地区", exact=True).check()
    page.get_by_label("地级").check()
    page.get_by_label("县级").check()
    page.get_by_label("申报表", exact=False).first.select_option(
        label="复制内置模板：测试试点地区申报表"
    )
    page.get_by_label("复制后的表名").fill("社区社会工作试点地区申报表")
    page.get_by_role("button", name="保存").click()
    saved(page, "已保存申报类别：试点地区")

    page.get_by_role("link", name="添加申报类别").click()
    page.get_by_label("类别名称").fill("试点单位")
    page.get_by_label("试点单位", exact=True).check()
    expect(page.get_by_label("地级")).to_be_hidden()
    page.get_by_label("城市社区").check()
    page.get_by_label("社会组织").check()
    page.get_by_label("上级业务主管部门意见").check()
    page.get_by_label("申报表", exact=False).first.select_option(
        label="复制内置模板：测试试点单位申报表"
    )
    page.get_by_label("复制后的表名").fill("社区社会工作试点单位申报表")
    page.get_by_role("button", name="保存").click()
    saved(page, "已保存申报类别：试点单位")
    expect(page.locator("main")).to_contain_text("上级业务主管部门意见")

    # One field of the programme's own: the number of people served.
    page.get_by_role("link", name="申报表", exact=True).click()
    page.get_by_role("link", name="社区社会工作试点单位申报表").click()
    page.get_by_role("link", name="添加栏目").click()
    page.get_by_label("栏目名称").fill("服务对象数量")
    page.get_by_role("combobox", name="类型").select_option(label="数字")
    page.get_by_role("combobox", name="位置").select_option(label="正文栏目")
    page.get_by_role("button", name="保存").click()
    saved(page, "已保存栏目：服务对象数量")
    expect(page.get_by_role("row", name="服务对象数量")).to_contain_text("数字")

    # Publish, having been told it cannot be undone.
    page.get_by_role("link", name="概览").click()
    expect(page.locator("main")).to_contain_text("检查通过，可以发布")
    expect(page.locator("#publish-warning")).to_contain_text("发布后不能撤销")
    page.get_by_role("button", name="发布").click()
    saved(page, "已发布 · 李明华")
    expect(page.get_by_role("button", name="发布")).to_have_count(0)

    programme = Programme.objects.get(document_number="民函〔2030〕77号")
    assert programme.status == "published"
    assert [s.heading for s in programme.sections.all()] == ["一、指导思想", "二、主要内容"]
    assert programme.content_areas.count() == 2
    unit = programme.categories.get(kind="unit")
    assert unit.chain == ["applicant", "supervisor", "upper", "province"]
    assert unit.form.fields.filter(label="服务对象数量", field_type="number").exists()
    assert unit.form.definition.programme == programme

    # A visitor, not signed in, reads the notice on the portal.
    visitor = browser.new_context(base_url=live_server.url, locale="zh-CN")
    try:
        public = visitor.new_page()
        response = public.goto("/notices/")
        assert response.status == 200
        expect(public.get_by_role("link", name=NOTICE_TITLE)).to_be_visible()
    finally:
        visitor.close()
