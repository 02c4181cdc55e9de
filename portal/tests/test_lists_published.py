"""A published list on the portal: the 公示 in 通知公告 and the final 名单 in 试点名单, each grouped
by provincial-level body in administrative-code order, with its XLSX and PDF.

Jiangxi (东湖, 瑞金) submits first, then Shenzhen (福田), then Beijing (东城); the ministry
(Li Minghua, mz_officer) finds them all eligible and selects them. The list reads 北京, 江西,
深圳 whatever the order they arrived in; within Jiangxi, 东湖 (360102) before 瑞金 (360781).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.tests.flow import demo_programme
from applications.tests.helpers import endorsed, submitted_batch
from portal.models import Kind
from reviews import actions
from reviews.models import Decision, PublishedList
from reviews.tests.review_flow import after_deadline, all_eligible, submitted_to_ministry

pytestmark = pytest.mark.django_db

GROUPS = ["北京市民政局", "江西省民政厅", "深圳市民政局"]
ORGANISATIONS = ["北京市东城区民政局", "南昌市东湖区民政局", "瑞金市民政局", "深圳市福田区民政局"]
PUBLICITY_DAYS = 7


def four_submitted(people) -> list:
    """东湖, 瑞金 (江西), 福田 (深圳) and, last, 东城 (北京), submitted to the ministry
    (before the demo programme's application deadline)."""
    apps = submitted_to_ministry(people)
    dongcheng = endorsed(people.dc_applicant)
    submitted_batch(people.bj_endorser, [dongcheng])
    return [apps["donghu"], apps["ruijin"], apps["futian"], dongcheng]


def decide_all(people, applications) -> None:
    all_eligible(people, applications)
    for application in applications:
        actions.decide(application, Decision.SELECTED, "确定为试点。", by=people.mz_officer)


def in_publicity(people, applications, *, starts_in=timedelta(0)) -> PublishedList:
    """The applications, all eligible and selected, put to a 7-day 公示 starting now (or
    ``starts_in`` from now). Call with the clock past the application deadline."""
    decide_all(people, applications)
    starts = timezone.now() + starts_in
    return actions.start_publicity(
        demo_programme(), starts, starts + timedelta(days=PUBLICITY_DAYS), by=people.mz_officer
    )


@pytest.fixture
def four(people):
    return four_submitted(people)


@pytest.fixture
def clock(four):
    """One hour past the application deadline, the four submitted before it."""
    with after_deadline() as traveller:
        yield traveller


def order_of(html: str, texts: list[str]) -> list[int]:
    return [html.index(t) for t in texts]


def test_it_shows_the_publicity_list_grouped_by_province_in_code_order(client, people, four, clock):
    published_list = in_publicity(people, four)

    response = client.get(reverse("portal:notice", args=[published_list.publicity_notice_id]))
    html = response.content.decode()

    assert response.status_code == 200
    positions = order_of(html, GROUPS)
    assert positions == sorted(positions)
    positions = order_of(html, ORGANISATIONS)
    assert positions == sorted(positions)
    assert "共4个" in html
    assert "（2个）" in html  # 江西
    # Numbered through the list, as the XLSX and the PDF number it.
    assert (
        '<td class="sd-list-no">4</td><th scope="row" class="sd-list-org">深圳市福田区民政局'
        in html
    )
    assert "360102" in html and "试点地区" in html


def test_it_shows_the_publicity_period_in_beijing_dates(client, people, four, clock):
    published_list = in_publicity(people, four)
    starts = timezone.localtime(published_list.publicity_starts_at)
    ends = timezone.localtime(published_list.publicity_ends_at)

    html = client.get(reverse("portal:notice", args=[published_list.publicity_notice_id])).content

    period = (
        f"公示期：{starts.year}年{starts.month}月{starts.day}日"
        f"至{ends.year}年{ends.month}月{ends.day}日"
    )
    assert period in html.decode()


def test_it_offers_the_list_as_xlsx_and_pdf(client, people, four, clock):
    published_list = in_publicity(people, four)
    notice_pk = published_list.publicity_notice_id

    html = client.get(reverse("portal:notice", args=[notice_pk])).content.decode()
    xlsx = client.get(reverse("portal:list_download", args=[notice_pk, "xlsx"]))

    assert reverse("portal:list_download", args=[notice_pk, "xlsx"]) in html
    assert reverse("portal:list_download", args=[notice_pk, "pdf"]) in html
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in xlsx["Content-Disposition"]
    assert xlsx.content[:2] == b"PK"


def test_it_has_no_downloads_for_a_plain_notice(client, make):
    notice = make.make_notice(title="一则通知")

    assert client.get(reverse("portal:list_download", args=[notice.pk, "xlsx"])).status_code == 404
    html = client.get(reverse("portal:notice", args=[notice.pk])).content.decode()
    assert "下载名单" not in html


def test_it_lists_the_final_list_in_the_pilot_column(client, people, four, clock):
    published_list = in_publicity(people, four)
    clock.shift(timedelta(days=PUBLICITY_DAYS, minutes=1))
    published_list = actions.publish_final(demo_programme(), by=people.mz_officer)
    final = published_list.final_notice

    column = client.get(reverse("portal:lists", args=["pilot"])).content.decode()
    page = client.get(reverse("portal:notice", args=[final.pk])).content.decode()
    publicity_page = client.get(
        reverse("portal:notice", args=[published_list.publicity_notice_id])
    ).content.decode()

    assert final.kind == Kind.PILOT_LIST
    assert reverse("portal:notice", args=[final.pk]) in column
    positions = order_of(page, GROUPS)
    assert positions == sorted(positions)
    assert "公示期" not in page and "提出异议" not in page
    # The 公示 says it has ended and points to the final list.
    assert "公示期已结束" in publicity_page
    assert reverse("portal:notice", args=[final.pk]) in publicity_page
    assert 'name="content"' not in publicity_page


def test_it_renders_a_published_list_in_a_fixed_number_of_queries(
    client, people, four, clock, django_assert_max_num_queries
):
    published_list = in_publicity(people, four)

    with django_assert_max_num_queries(8):
        client.get(reverse("portal:notice", args=[published_list.publicity_notice_id]))
