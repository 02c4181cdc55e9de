"""Anonymous visitors of the notice page and of search get a copy rendered at most a minute
ago (portal/caching.py), with their own CSRF token and the view count as it is now; a change
to a notice shows at once; signed-in users never get a cached copy, nor leave theirs behind.
Counted in queries, never timed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.tests.test_lists_published import PUBLICITY_DAYS, four_submitted, in_publicity
from reviews.tests.review_flow import after_deadline

pytestmark = pytest.mark.django_db

TITLE = "民政部关于开展社会工作岗位开发试点工作的通知"


@pytest.fixture
def notice(make):
    return make.publish(notice_title=TITLE, view_count=41)


def visitor(ip: str = "203.0.113.5") -> Client:
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT="Firefox")


def visit(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def notice_url(notice) -> str:
    return reverse("portal:notice", args=[notice.pk])


def test_it_serves_the_notice_page_from_the_cache_and_counts_each_visitor(notice):
    first, first_queries = visit(visitor("203.0.113.5"), notice_url(notice))
    second, second_queries = visit(visitor("198.51.100.7"), notice_url(notice))
    again, again_queries = visit(visitor("198.51.100.7"), notice_url(notice))

    assert "浏览量：42" in first and "浏览量：43" in second and "浏览量：43" in again
    assert TITLE in second
    # The view count read and its increment; the same visitor again: the read only.
    assert second_queries == 2 < first_queries
    assert again_queries == 1
    notice.refresh_from_db()
    assert notice.view_count == 43


def test_it_gives_every_visitor_their_own_csrf_token_on_the_cached_notice_page(notice):
    tokens = []
    for ip in ("203.0.113.5", "198.51.100.7"):
        browser = Client(enforce_csrf_checks=True, REMOTE_ADDR=ip)
        html = browser.get(notice_url(notice)).content.decode()
        token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert "placeholder" not in token
        switched = browser.post(
            reverse("set_language"),
            {"language": "en", "next": "/", "csrfmiddlewaretoken": token},
        )
        assert switched.status_code == 302
        tokens.append(token)
    assert tokens[0] != tokens[1]


def test_it_shows_a_change_to_the_notice_at_once(notice, make):
    visit(visitor(), notice_url(notice))
    notice.title = "民政部关于开展社会工作岗位开发试点工作的补充通知"
    notice.save()
    make.make_notice(title="一则更新的通知", published_at=notice.published_at)

    html, _ = visit(visitor("198.51.100.7"), notice_url(notice))

    assert "补充通知" in html
    assert "一则更新的通知" in html  # 下一篇


def test_it_stops_serving_a_withdrawn_notice_at_once(notice):
    visit(visitor(), notice_url(notice))
    notice.is_withdrawn = True
    notice.save()

    assert visitor("198.51.100.7").get(notice_url(notice)).status_code == 404


def test_signed_in_users_and_anonymous_visitors_never_share_a_notice_page(notice, login, alice):
    visit(visitor(), notice_url(notice))  # cached for anonymous visitors

    signed_in, _ = visit(login(alice), notice_url(notice))
    anonymous, anonymous_queries = visit(visitor("198.51.100.7"), notice_url(notice))

    assert "进入工作台" in signed_in and "hx-headers" in signed_in
    assert "进入工作台" not in anonymous and "hx-headers" not in anonymous
    assert anonymous_queries == 2  # still the cached copy


def search_url(term: str, page: int | None = None) -> str:
    url = reverse("portal:search") + f"?q={term}"
    return url + f"&page={page}" if page else url


def test_it_serves_a_search_again_from_the_cache(notice):
    first, first_queries = visit(visitor(), search_url("岗位"))
    again, again_queries = visit(visitor("198.51.100.7"), search_url("岗位"))

    assert TITLE in first and TITLE in again
    assert first_queries > 0 and again_queries == 0


def test_it_keeps_each_search_and_page_apart(make):
    for n in range(25):
        make.make_notice(title=f"岗位开发通知{n:02d}")
    make.make_notice(title="督导人才通知")

    page_one, _ = visit(visitor(), search_url("岗位"))
    page_two, _ = visit(visitor(), search_url("岗位", 2))
    other, _ = visit(visitor(), search_url("督导"))

    assert "岗位开发通知24" in page_one and "岗位开发通知00" not in page_one
    assert "岗位开发通知00" in page_two and "岗位开发通知24" not in page_two
    assert "督导人才通知" in other and "岗位开发通知" not in other


def test_it_finds_a_new_notice_at_once(notice, make):
    visit(visitor(), search_url("督导"))

    make.make_notice(title="社会工作督导人才培养通知")
    html, _ = visit(visitor(), search_url("督导"))

    assert "社会工作督导人才培养通知" in html


def test_signed_in_users_and_anonymous_visitors_never_share_a_search(notice, login, alice):
    visit(visitor(), search_url("岗位"))

    signed_in, _ = visit(login(alice), search_url("岗位"))
    anonymous, anonymous_queries = visit(visitor(), search_url("岗位"))

    assert "进入工作台" in signed_in and "hx-headers" in signed_in and TITLE in signed_in
    assert "进入工作台" not in anonymous and "hx-headers" not in anonymous
    assert anonymous_queries == 0


def test_it_closes_the_objection_form_when_the_publicity_ends_even_if_cached(people, clock_cache):
    four = four_submitted(people)
    with after_deadline() as clock:
        publicity = in_publicity(people, four)
        url = reverse("portal:notice", args=[publicity.publicity_notice_id])
        clock.shift(timedelta(days=PUBLICITY_DAYS) - timedelta(seconds=20))
        open_page, _ = visit(visitor(), url)
        clock.shift(21)  # past the end, within the minute a copy is kept

        closed_page, _ = visit(visitor(), url)

    assert 'name="content"' in open_page
    assert "公示期已结束，不再受理异议" in closed_page and 'name="content"' not in closed_page
