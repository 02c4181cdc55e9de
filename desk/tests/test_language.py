import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_switches_the_working_pages_to_english(login, sam):
    client = login(sam)

    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("desk:todo")}
    )
    html = client.get(response.url).content.decode()

    assert '<html lang="en">' in html
    assert ">To do" in html
    assert "Accounts" in html
    assert "Sign out" in html
    assert "Skip to main content" in html
    assert "Nothing awaits you at the moment" in html
    assert "账号管理" not in html


def test_it_switches_back_to_chinese(login, sam):
    client = login(sam)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})

    html = client.get(reverse("desk:todo")).content.decode()

    assert '<html lang="zh-hans">' in html
    assert "账号管理" in html


def test_it_offers_the_other_language_as_a_post_form(client):
    html = client.get(reverse("portal:home")).content.decode()

    assert f'action="{reverse("set_language")}"' in html
    assert 'name="language" value="en"' in html


def test_it_translates_the_portal_including_the_default_site_name(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    html = client.get(reverse("portal:home")).content.decode()

    assert "Social Work Pilot Programme Platform" in html
    assert "Run by the Ministry of Civil Affairs of the People&#x27;s Republic of China" in html
    assert ">Notices</a>" in html
