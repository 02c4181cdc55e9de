"""In a real browser: what the browser itself does for an applicant (offline autosave).

The application's way from first keystroke to the ministry is the journey of
journeys/applying.py (``apply_2013``), on 民函〔2013〕132号 with the clock in 2013.
"""

import pytest
from playwright.sync_api import expect

from shidian.testing.browser import login

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Shidian@2026"


def sign_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username, PASSWORD)


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
