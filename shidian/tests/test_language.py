"""The interface opens in Chinese whatever the browser prefers; the switch changes it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_opens_in_chinese_for_an_english_browser(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "zh-hans"
    assert "工作人员登录" in response.content.decode()


def test_it_switches_to_english_on_request(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    response = client.get(reverse("accounts:login"))
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en"' in response.content.decode()
