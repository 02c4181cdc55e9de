"""Smoke tests in a real browser: the pages render, in Chinese, through the whole stack."""

import pytest
from playwright.sync_api import expect

SITE_NAME = "社会工作试点管理平台"


@pytest.mark.django_db(transaction=True)
def test_home_page_is_in_simplified_chinese(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert SITE_NAME in page.title()


@pytest.mark.django_db(transaction=True)
def test_login_page_shows_a_username_field(page):
    page.goto("/accounts/login/")
    expect(page.locator("input[name=username]")).to_be_visible()
