"""The columns: 通知公告, 试点名单, 示范名单, 政策文件."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Kind
from portal.tests.factory import beijing
from programmes.models import Status

pytestmark = pytest.mark.django_db

LONG_TITLE = (
    "民政部关于开展第二批社会工作人才队伍建设试点工作的通知"
    "和全国社会工作人才队伍建设试点示范区申报说明"
)


def _notices(make, n: int, **fields):
    start = beijing(2009, 1, 1, 9, 0)
    return [
        make.make_notice(title=f"通知{i:02d}", published_at=start + timedelta(days=i), **fields)
        for i in range(n)
    ]


def test_it_lists_one_line_per_notice_newest_first_with_the_date(client, make):
    make.publish(published_at=beijing(2009, 9, 11, 9, 45), notice_title="第二批试点通知")
    make.publish(published_at=beijing(2013, 4, 26, 11, 10), notice_title="企业社会工作试点通知")

    html = client.get(reverse("portal:notices")).content.decode()

    assert "<h1" in html and "通知公告" in html
    assert html.index("企业社会工作试点通知") < html.index("第二批试点通知")
    assert '<time datetime="2009-09-11">2009-09-11</time>' in html
    assert "共 2 篇" in html


def test_it_shortens_long_titles_and_keeps_the_full_one_in_the_title_attribute(client, make):
    make.make_notice(title=LONG_TITLE)

    html = client.get(reverse("portal:notices")).content.decode()

    assert f'title="{LONG_TITLE}"' in html
    assert f'<span aria-hidden="true">{LONG_TITLE[:39]}…</span>' in html
    assert f'<span class="visually-hidden">{LONG_TITLE}</span>' in html


def test_it_leaves_short_titles_whole(client, make):
    make.make_notice(title="关于开展企业社会工作试点的通知")

    html = client.get(reverse("portal:notices")).content.decode()

    assert ">关于开展企业社会工作试点的通知</a>" in html


def test_it_pages_by_twenty(client, make):
    _notices(make, 45)

    first = client.get(reverse("portal:notices")).content.decode()
    last = client.get(reverse("portal:notices"), {"page": 3}).content.decode()

    assert first.count("<time datetime=") == 20
    assert "通知44" in first and "通知25" in first and "通知24" not in first
    assert "第 1 / 3 页" in first
    assert last.count("<time datetime=") == 5
    assert "通知04" in last and "通知00" in last


def test_it_runs_as_many_queries_for_forty_notices_as_for_five(client, make):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("portal:notices")).status_code == 200
        return len(queries)

    _notices(make, 5)
    with_five = queries_for_list()
    _notices(make, 35)

    assert queries_for_list() == with_five


def test_it_leaves_out_drafts_withdrawn_and_unpublished_notices(client, make):
    make.publish(notice_title="草稿试点的通知", status=Status.DRAFT)
    make.publish(notice_title="草稿但有发布时间的通知", status=Status.DRAFT)
    make.make_notice(title="已撤回的通知", is_withdrawn=True)
    make.make_notice(title="未发布的通知", published_at=None)

    html = client.get(reverse("portal:notices")).content.decode()

    for title in ("草稿试点的通知", "草稿但有发布时间的通知", "已撤回的通知", "未发布的通知"):
        assert title not in html
    assert "暂无通知公告" in html


def test_it_keeps_each_column_to_its_own_kind(client, make):
    make.make_notice(kind=Kind.PILOT_LIST, title="试点地区名单")
    make.make_notice(kind=Kind.DEMO_LIST, title="示范单位名单")
    make.make_notice(kind=Kind.POLICY, title="政策意见")
    make.make_notice(kind=Kind.NOTICE, title="试点通知")

    pilot = client.get(reverse("portal:lists", args=["pilot"])).content.decode()
    demo = client.get(reverse("portal:lists", args=["demo"])).content.decode()
    policies = client.get(reverse("portal:policies")).content.decode()
    notices = client.get(reverse("portal:notices")).content.decode()

    assert "试点地区名单" in pilot and "示范单位名单" not in pilot and "试点通知" not in pilot
    assert "示范单位名单" in demo and "试点地区名单" not in demo
    assert "政策意见" in policies and "试点通知" not in policies
    assert "试点通知" in notices and "试点地区名单" not in notices


def test_it_marks_the_column_in_the_menu(client):
    html = client.get(reverse("portal:lists", args=["demo"])).content.decode()

    url = reverse("portal:lists", args=["demo"])
    assert f'<a href="{url}" aria-current="page">示范名单</a>' in html


def test_it_shows_an_empty_column_plainly(client):
    html = client.get(reverse("portal:lists", args=["pilot"])).content.decode()

    assert "试点名单经评审确定后在此公布。" in html


def test_it_has_no_other_lists(client):
    assert client.get("/lists/other/").status_code == 404
