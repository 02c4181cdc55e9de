import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Kind, Notice
from portal.tests.factory import beijing

pytestmark = pytest.mark.django_db


def test_it_renders_the_portal_home_for_anonymous_visitors(client, settings):
    response = client.get(reverse("portal:home"))

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
    assert "试点名单经评审确定后在此公布。" in html
    assert "示范名单经验收评估后在此公布。" in html
    assert reverse("accounts:login") in html
    assert 'role="search"' in html
    assert "{#" not in html and "{%" not in html


def test_it_wires_the_menu_and_the_search_box_to_the_portal(client):
    html = client.get(reverse("portal:home")).content.decode()

    assert f'<a href="{reverse("portal:home")}" aria-current="page">首页</a>' in html
    assert f'<a href="{reverse("portal:notices")}">通知公告</a>' in html
    assert f'<a href="{reverse("portal:lists", args=["pilot"])}">试点名单</a>' in html
    assert f'<a href="{reverse("portal:lists", args=["demo"])}">示范名单</a>' in html
    assert f'<a href="{reverse("portal:policies")}">政策文件</a>' in html
    assert f'action="{reverse("portal:search")}"' in html


def test_it_has_a_skip_link_and_landmarks(client):
    html = client.get(reverse("portal:home")).content.decode()

    assert '<a class="sd-skip-link" href="#main">跳到主要内容</a>' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert '<nav class="sd-portal-nav d-print-none" aria-label="主菜单">' in html
    assert "<footer" in html


def test_it_leaves_record_numbers_out_of_the_footer_until_they_are_set(client, settings):
    settings.SITE_ICP_NUMBER = settings.SITE_GOV_CODE = settings.SITE_PSB_NUMBER = ""

    html = client.get(reverse("portal:home")).content.decode()

    assert "网站标识码" not in html
    assert "beian" not in html


def test_it_shows_the_record_numbers_a_deployment_sets(client, settings):
    settings.SITE_ICP_NUMBER = "京ICP备05011468号"
    settings.SITE_GOV_CODE = "bm17000001"
    settings.SITE_PSB_NUMBER = "京公网安备11010202000001号"

    html = client.get(reverse("portal:home")).content.decode()

    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">京ICP备05011468号</a>' in html
    assert "网站标识码：bm17000001" in html
    assert "京公网安备11010202000001号" in html


def test_it_offers_a_signed_in_user_the_way_to_their_desk(login, alice):
    html = login(alice).get(reverse("portal:home")).content.decode()

    assert "进入工作台" in html
    assert reverse("desk:todo") in html


def test_it_lists_the_newest_notices_first(client, make):
    older = make.publish(published_at=beijing(2009, 9, 11, 9, 45))
    newer = make.publish(published_at=beijing(2013, 4, 26, 11, 10))

    html = client.get(reverse("portal:home")).content.decode()

    assert "暂无通知公告" not in html
    assert html.index(newer.title) < html.index(older.title)
    assert '<time datetime="2013-04-26">2013-04-26</time>' in html
    assert reverse("portal:notice", args=[newer.pk]) in html


def test_it_lists_published_lists_and_policies_in_their_sections(client, make):
    make.make_notice(kind=Kind.PILOT_LIST, title="第二批社会工作人才队伍建设试点地区和单位名单")
    make.make_notice(kind=Kind.DEMO_LIST, title="全国企业社会工作示范地区和示范单位名单")
    make.make_notice(kind=Kind.POLICY, title="关于加强社会工作专业人才队伍建设的意见")

    html = client.get(reverse("portal:home")).content.decode()

    assert "第二批社会工作人才队伍建设试点地区和单位名单" in html
    assert "全国企业社会工作示范地区和示范单位名单" in html
    assert "关于加强社会工作专业人才队伍建设的意见" in html
    assert "试点名单经评审确定后在此公布。" not in html
    assert "暂无政策文件。" not in html


def test_it_serves_anonymous_visitors_from_the_cache_for_a_minute(client, make, clock_cache):
    """A change that bypasses the models' save (a bulk update, which starts no new generation)
    reaches the cached copy when it is a minute old."""
    with time_machine.travel(beijing(2026, 11, 26, 10, 0), tick=False) as traveller:
        notice = make.publish(published_at=beijing(2026, 11, 26, 10, 0))
        client.get(reverse("portal:home"))
        Notice.objects.filter(pk=notice.pk).update(title="关于开展试点工作的通知（更正）")

        with CaptureQueriesContext(connection) as queries:
            cached = client.get(reverse("portal:home")).content.decode()
        assert len(queries) == 0
        assert "（更正）" not in cached

        traveller.shift(61)
        assert "（更正）" in client.get(reverse("portal:home")).content.decode()


def test_a_new_list_or_notice_shows_on_the_cached_home_page_at_once(client, make, clock_cache):
    client.get(reverse("portal:home"))
    notice = make.publish()

    assert notice.title in client.get(reverse("portal:home")).content.decode()


def test_it_gives_every_visitor_their_own_csrf_token_on_the_cached_page():
    # Two browsers, with CSRF checks on: each can use the language switch of the cached page.
    for _ in range(2):
        browser = Client(enforce_csrf_checks=True)
        response = browser.get(reverse("portal:home"))
        html = response.content.decode()
        token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert "placeholder" not in token

        switched = browser.post(
            reverse("set_language"),
            {"language": "en", "next": "/", "csrfmiddlewaretoken": token},
        )

        assert switched.status_code == 302


def test_it_keeps_one_cached_page_per_language(client):
    assert ">Notices</a>" not in client.get(reverse("portal:home")).content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert ">Notices</a>" in client.get(reverse("portal:home")).content.decode()


def test_it_never_serves_the_cached_page_to_signed_in_users(client, login, alice):
    client.get(reverse("portal:home"))  # cached for anonymous visitors

    html = login(alice).get(reverse("portal:home")).content.decode()

    assert "李爱丽，您好。" in html
    assert "hx-headers" in html


def test_it_leaves_the_csrf_header_out_of_anonymous_pages(client):
    html = client.get(reverse("portal:home")).content.decode()

    assert "hx-headers" not in html
