"""The public visitor (chapter 01-public): reads the portal without an account.

Home → 通知公告 → the notice 民函〔2009〕148号 (字号, 打印, the blank forms of its 附件 as DOCX and
PDF, 上一篇/下一篇) → search for a two-character term → the published lists as the demo data
has them → the English version of a page."""

from playwright.sync_api import expect

from portal.models import Notice
from shidian.testing.documents import docx_text, pdf_text

CHAPTER = "01-public"
NOTICE_NUMBER = "民函〔2009〕148号"


def test_a_visitor_reads_the_notice_downloads_its_forms_and_searches(journey):
    notice = Notice.objects.get(document_number=NOTICE_NUMBER)
    visitor = journey.person("anonymous", chapter=CHAPTER, role="公众访客（不登录）")
    page = visitor.page

    # The portal's home page: the newest notices first.
    visitor.go("/")
    visitor.see("门户首页", shot="home")
    expect(page.get_by_role("link", name="登录", exact=True)).to_be_visible()

    # 通知公告: one line per notice, newest first.
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="通知公告").click()
    expect(page.get_by_role("heading", name="通知公告", level=1)).to_be_visible()
    visitor.see("通知公告", shot="notices")
    page.get_by_role("link", name=notice.title).click()

    # The notice: title, metadata, the document number on its own line, the body.
    expect(page.get_by_role("heading", name=notice.title, level=1)).to_be_visible()
    expect(page.locator(".sd-article-docnum")).to_have_text(NOTICE_NUMBER)
    expect(page.locator(".sd-article-meta")).to_contain_text("浏览量：")
    visitor.see("通知正文", shot="notice")

    # 字号: 大 makes the text larger, and stays chosen; 中 puts it back.
    tools = page.get_by_role("group", name="阅读工具")
    body = page.locator(".sd-article-body p").first
    before = body.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    tools.get_by_role("button", name="大字号").click()
    expect(tools.get_by_role("button", name="大字号")).to_have_attribute("aria-pressed", "true")
    larger = body.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert larger > before
    visitor.see("通知正文（大字号）", shot="notice-large-type")
    tools.get_by_role("button", name="中字号").click()
    assert body.evaluate("p => parseFloat(getComputedStyle(p).fontSize)") == before

    # 打印 opens the browser's print dialogue (stood in for here: headless has none).
    page.evaluate("window.print = () => { window.printed = true; }")
    tools.get_by_role("button", name="打印").click()
    assert page.evaluate("window.printed === true")

    # 附件: each applicant category's blank form, as DOCX and as PDF.
    annexes = page.locator(".sd-article-annexes")
    expect(annexes).to_contain_text("附件1")
    annexes.scroll_into_view_if_needed()
    visitor.see("通知附件", shot="notice-annexes")
    first = annexes.locator("li").first
    title = first.locator(".sd-annex-title").inner_text()
    with page.expect_download() as docx_download:
        first.get_by_role("link", name="DOCX").click()
    docx_bytes = open(docx_download.value.path(), "rb").read()
    assert docx_download.value.suggested_filename.endswith(".docx")
    assert title in docx_text(docx_bytes)
    with page.expect_download() as pdf_download:
        first.get_by_role("link", name="PDF").click()
    pdf_bytes = open(pdf_download.value.path(), "rb").read()
    assert pdf_bytes.startswith(b"%PDF")
    assert title in pdf_text(pdf_bytes).replace(" ", "")

    # 上一篇 / 下一篇 at the foot.
    pager = page.get_by_role("navigation", name="上一篇和下一篇")
    expect(pager).to_contain_text("上一篇：")
    expect(pager).to_contain_text("下一篇：")
    pager.scroll_into_view_if_needed()
    visitor.see("上一篇和下一篇", shot="notice-pager")
    neighbour = pager.get_by_role("link").first
    neighbour_title = neighbour.inner_text()
    neighbour.click()
    expect(page.get_by_role("heading", name=neighbour_title, level=1)).to_be_visible()
    visitor.see("相邻的文章")
    page.go_back()

    # Search: two characters are enough.
    page.get_by_label("站内搜索").fill("试点")
    page.get_by_label("站内搜索").press("Enter")
    expect(page.get_by_role("heading", name="站内搜索", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("试点")
    expect(page.get_by_role("link", name=notice.title)).to_be_visible()
    visitor.see("站内搜索", shot="search")

    # The published lists, as they stand in the demo data.
    menu = page.get_by_role("navigation", name="主菜单")
    menu.get_by_role("link", name="试点名单").click()
    expect(page.get_by_role("heading", name="试点名单", level=1)).to_be_visible()
    visitor.see("试点名单", shot="pilot-lists")
    menu.get_by_role("link", name="示范名单").click()
    expect(page.get_by_role("heading", name="示范名单", level=1)).to_be_visible()
    visitor.see("示范名单")

    # English: the same page in English, and back.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    visitor.see("示范名单（英文）", shot="english")
    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    # The visitor's reading was counted once (one browser, one notice).
    notice.refresh_from_db()
    assert notice.view_count >= 1
