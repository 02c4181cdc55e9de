import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_renders_the_portal_home_for_anonymous_visitors(client, settings):
    response = client.get(reverse("desk:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert f"<title>{settings.SITE_NAME}</title>" in html
    assert settings.SITE_NAME in html
    assert f"主办单位：{settings.SITE_SPONSOR}" in html
    for label in ("首页", "通知公告", "试点名单", "示范名单", "政策文件", "联系我们"):
        assert f">{label}</a>" in html
    assert 'id="notices"' in html
    assert "暂无通知公告" in html
    assert reverse("accounts:login") in html
    assert 'role="search"' in html


def test_it_has_a_skip_link_and_landmarks(client):
    html = client.get(reverse("desk:home")).content.decode()

    assert '<a class="sd-skip-link" href="#main">跳到主要内容</a>' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert '<nav class="sd-portal-nav d-print-none" aria-label="主菜单">' in html
    assert "<footer" in html


def test_it_leaves_record_numbers_out_of_the_footer_until_they_are_set(client, settings):
    settings.SITE_ICP_NUMBER = settings.SITE_GOV_CODE = settings.SITE_PSB_NUMBER = ""

    html = client.get(reverse("desk:home")).content.decode()

    assert "网站标识码" not in html
    assert "beian" not in html


def test_it_shows_the_record_numbers_a_deployment_sets(client, settings):
    settings.SITE_ICP_NUMBER = "京ICP备05011468号"
    settings.SITE_GOV_CODE = "bm17000001"
    settings.SITE_PSB_NUMBER = "京公网安备11010202000001号"

    html = client.get(reverse("desk:home")).content.decode()

    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">京ICP备05011468号</a>' in html
    assert "网站标识码：bm17000001" in html
    assert "京公网安备11010202000001号" in html


def test_it_offers_a_signed_in_user_the_way_to_their_desk(login, alice):
    html = login(alice).get(reverse("desk:home")).content.decode()

    assert "进入工作台" in html
    assert reverse("desk:todo") in html
