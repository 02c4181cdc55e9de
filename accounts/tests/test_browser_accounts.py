"""In a real browser: a province's system administrator opens an account; its owner logs in,
is made to change the initial password, and lands on 待办."""

import pytest
from playwright.sync_api import expect

from shidian.testing.browser import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_takes_a_new_colleague_from_account_to_first_login(page, live_server, demo_db):
    login(page, live_server, "jx_sysadmin", "Shidian@2026")
    expect(page.get_by_role("heading", name="待办")).to_be_visible()

    page.get_by_role("link", name="账号管理").click()
    page.get_by_role("link", name="新建账号").click()
    page.get_by_label("用户名").fill("dh_newcomer")
    page.get_by_label("姓名").fill("周小敏")
    page.get_by_label("所属单位").select_option(label="南昌市东湖区民政局")
    page.get_by_label("联系电话").fill("0791-8666")  # too short: an error, nothing lost
    page.get_by_label("申报人").check()
    page.get_by_label("初始密码").fill("Chushi#2026")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#form-errors")).to_contain_text("电话号码格式不正确")
    expect(page.get_by_label("姓名")).to_have_value("周小敏")

    page.get_by_label("联系电话").fill("0791-86661234")
    page.get_by_label("初始密码").fill("Chushi#2026")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").or_(page.locator(".alert-success"))).to_contain_text(
        "已创建账号"
    )
    page.get_by_role("button", name="退出").click()

    login(page, live_server, "dh_newcomer", "Chushi#2026")
    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()
    page.locator("#id_old_password").fill("Chushi#2026")
    page.locator("#id_new_password1").fill("Xinmima#2026")
    page.locator("#id_new_password2").fill("Xinmima#2026")
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_role("heading", name="待办")).to_be_visible()
    expect(page.locator("body")).to_contain_text("周小敏")


def test_it_keeps_another_provinces_accounts_out_of_reach(page, live_server, demo_db):
    from accounts.models import User

    other = User.objects.get(username="gd_endorser")
    login(page, live_server, "jx_sysadmin", "Shidian@2026")
    response = page.goto(f"{live_server.url}/accounts/manage/{other.pk}/")
    assert response.status == 404
