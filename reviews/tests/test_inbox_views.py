"""The ministry's inbox of a programme.

Li Minghua (mz_officer), programme officer, opens the inbox once the deadline has passed:
东湖 and 瑞金 came from 江西 (in that order of recommendation), 福田 from 深圳. Chen Zhigang
(jx_endorser), the expert Song (expert_bj) and the system administrator may not open it.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, BatchItem, ProvincialBatch, Status
from applications.tests.flow import demo_programme
from audit.models import AuditEvent, Event
from programmes.models import Status as ProgrammeStatus
from reviews.models import Assessment, Eligibility
from reviews.tests.review_flow import after_deadline, submitted_to_ministry

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return demo_programme()


@pytest.fixture
def url(programme):
    return reverse("reviews:inbox", args=[programme.pk])


@pytest.fixture
def apps(people):
    return submitted_to_ministry(people)


@pytest.fixture
def officer(people, client_for):
    """Signs the officer in when called: after travelling in time, a fresh session."""
    return lambda: client_for(people.mz_officer)


def rows(page: str) -> list[str]:
    """The organisation names in the table, in the order shown."""
    if "已报送民政部的申报</caption>" not in page:
        return []
    table = page[page.index("已报送民政部的申报</caption>") :]
    body = table[: table.index("</tbody>")]
    names = ["南昌市东湖区民政局", "瑞金市民政局", "深圳市福田区民政局"]
    found = sorted((body.index(n), n) for n in names if n in body)
    return [n for _i, n in found]


def test_it_shows_what_has_arrived_before_the_deadline_without_opening_the_review(
    apps, officer, url, programme
):
    client = officer()
    page = client.get(url).content.decode()

    assert "尚未开始形式审查" in page
    assert rows(page) == ["南昌市东湖区民政局", "瑞金市民政局", "深圳市福田区民政局"]
    assert not Assessment.objects.exists()
    assert 'name="pick"' not in page
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.PUBLISHED


def test_it_opens_the_review_after_the_deadline_once(apps, officer, url, programme):
    with after_deadline():
        client = officer()
        first = client.get(url)
        client.get(url)

    assert first.status_code == 200
    assert Assessment.objects.filter(application__programme=programme).count() == 3
    assert AuditEvent.objects.filter(event=Event.REVIEW_OPEN).count() == 1
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.REVIEWING
    page = first.content.decode()
    assert "尚未开始形式审查" not in page
    assert 'name="pick"' in page


@pytest.mark.parametrize("username", ["jx_endorser", "expert_bj", "mz_sysadmin"])
def test_it_is_for_programme_officers_only(apps, people, client_for, url, username):
    with after_deadline():
        response = client_for(getattr(people, username)).get(url)

    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_it_answers_404_for_an_unknown_programme(officer):
    assert officer().get(reverse("reviews:inbox", args=[99999])).status_code == 404


def test_it_lists_provinces_in_administrative_code_order_then_by_their_ranking(apps, officer, url):
    with after_deadline():
        client = officer()
        page = client.get(url).content.decode()

    # 江西 (360000) before 深圳 (440300); within 江西 its own order: 东湖 first, then 瑞金.
    assert rows(page) == ["南昌市东湖区民政局", "瑞金市民政局", "深圳市福田区民政局"]


def test_it_counts_by_province_and_category(apps, officer, url):
    with after_deadline():
        client = officer()
        page = client.get(url).content.decode()

    summary = page[page.index('class="sd-summary"') : page.index("</details>")]
    assert "2 个报送单位，共 3 份" in summary
    jiangxi = summary[summary.index("江西省民政厅") :]
    assert jiangxi.split("</tr>")[0].count('<td class="sd-num">2</td>') == 1
    shenzhen = summary[summary.index("深圳市民政局") :]
    assert shenzhen.split("</tr>")[0].count('<td class="sd-num">1</td>') == 1


def test_it_filters_by_province_category_eligibility_decision_and_name(apps, officer, url, people):
    jiangxi = people.jx_endorser.organisation
    region = apps["donghu"].category
    with after_deadline():
        client = officer()
        client.get(url)
        Assessment.objects.filter(application=apps["ruijin"]).update(
            eligibility=Eligibility.ELIGIBLE
        )
        by_province = client.get(url, {"province": jiangxi.pk}).content.decode()
        by_category = client.get(url, {"category": region.pk}).content.decode()
        by_eligibility = client.get(url, {"eligibility": "eligible"}).content.decode()
        by_decision = client.get(url, {"decision": "selected"}).content.decode()
        by_name = client.get(url, {"q": "福田"}).content.decode()

    assert rows(by_province) == ["南昌市东湖区民政局", "瑞金市民政局"]
    assert "符合条件 2 份（共 3 份）" in by_province
    assert len(rows(by_category)) == 3
    assert rows(by_eligibility) == ["瑞金市民政局"]
    assert rows(by_decision) == []
    assert "没有符合筛选条件的申报" in by_decision
    assert rows(by_name) == ["深圳市福田区民政局"]


def test_it_filters_by_score_range_and_sorts_by_score(apps, officer, url):
    with after_deadline():
        client = officer()
        client.get(url)
        for name, score in (("donghu", "78.5"), ("ruijin", "91"), ("futian", "1234.25")):
            Assessment.objects.filter(application=apps[name]).update(average_score=score)
        by_score = client.get(url, {"sort": "score"}).content.decode()
        in_range = client.get(url, {"score_min": "80", "score_max": "100"}).content.decode()
        wrong_range = client.get(url, {"score_min": "90", "score_max": "80"}).content.decode()

    assert rows(by_score) == ["深圳市福田区民政局", "瑞金市民政局", "南昌市东湖区民政局"]
    # Right-aligned, with thousands separators.
    assert '<td class="sd-num">1,234.25</td>' in by_score
    assert rows(in_range) == ["瑞金市民政局"]
    assert "最高分不能低于最低分" in wrong_range


def _more_applications(programme, like: Application, count: int) -> None:
    """Copies of a submitted application, each ranked in its province's batch."""
    batch = ProvincialBatch.objects.get(programme=programme, province=like.province)
    start = BatchItem.objects.filter(batch=batch).count()
    for i in range(count):
        copy = Application.objects.create(
            programme=programme,
            category=like.category,
            organisation=like.organisation,
            province=like.province,
            form_version=like.form_version,
            values=like.values,
            status=Status.SUBMITTED,
            created_by=like.created_by,
            submitted_at=like.submitted_at or timezone.now(),
        )
        BatchItem.objects.create(batch=batch, application=copy, rank=start + i + 1)


def test_it_runs_a_fixed_number_of_queries(apps, officer, url, programme):
    _more_applications(programme, apps["donghu"], 2)  # 5 applications
    with after_deadline():
        client = officer()
        client.get(url)  # opens the review; warms up the session
        with CaptureQueriesContext(connection) as five:
            assert client.get(url).status_code == 200
        _more_applications(programme, apps["donghu"], 20)  # 25 applications
        client.get(url)  # files the new ones
        with CaptureQueriesContext(connection) as twenty_five:
            page = client.get(url).content.decode()

    assert "共 25 份" in page
    assert len(twenty_five) == len(five)


def test_it_pages_by_fifty(apps, officer, url, programme):
    _more_applications(programme, apps["donghu"], 50)  # 53 applications
    with after_deadline():
        client = officer()
        first = client.get(url).content.decode()
        second = client.get(url, {"page": 2}).content.decode()

    assert first.count('<tr id="application-') == 50
    assert second.count('<tr id="application-') == 3
    assert "第 1 / 2 页" in first
