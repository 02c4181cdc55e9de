"""The ministry's page of provincial batches, and 纸质件已收到.

Li Minghua (mz_officer), programme officer of the ministry, receives what 北京, 江西 and 深圳
submitted; the provinces themselves may neither open his page nor tick paper copies.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, HistoryEntry
from applications.tests.helpers import demo_programme, endorsed, submitted_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return demo_programme()


@pytest.fixture
def url(programme):
    return reverse("applications:batches", args=[programme.pk])


@pytest.fixture
def jiangxi_batch(people):
    return submitted_batch(
        people.jx_endorser, [endorsed(people.rj_applicant), endorsed(people.dh_applicant)]
    )


def more_batches(people):
    submitted_batch(people.sz_endorser, [endorsed(people.ft_applicant)])
    submitted_batch(people.bj_endorser, [endorsed(people.dc_applicant)])


def test_it_lists_the_batches_in_administrative_code_order(people, client_for, url, jiangxi_batch):
    more_batches(people)  # submitted after 江西: 深圳 (440300), then 北京 (110000)

    page = client_for(people.mz_officer).get(url).content.decode()

    assert page.index("北京市民政局") < page.index("江西省民政厅") < page.index("深圳市民政局")
    assert "已收到 3 个省级单位的报送，共 4 份申报" in page
    # Within a batch, the province's order: 瑞金 first.
    assert page.index("瑞金市民政局") < page.index("南昌市东湖区民政局")
    assert jiangxi_batch.opinion in page


def test_it_lists_the_provincial_bodies_that_have_not_submitted(
    people, client_for, url, jiangxi_batch
):
    page = client_for(people.mz_officer).get(url).content.decode()
    waiting = page[page.index("尚未报送的省级单位") :]

    assert "广东省民政厅" in waiting
    assert "江西省民政厅" not in waiting


def test_it_runs_a_fixed_number_of_queries(people, client_for, url, jiangxi_batch):
    client = client_for(people.mz_officer)
    client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as one_batch:
        assert client.get(url).status_code == 200
    more_batches(people)
    with CaptureQueriesContext(connection) as three_batches:
        assert client.get(url).status_code == 200

    assert len(three_batches) == len(one_batch)


@pytest.mark.parametrize("username", ["jx_endorser", "dh_applicant", "mz_sysadmin"])
def test_it_shows_the_batches_to_programme_officers_only(people, client_for, url, username):
    assert client_for(getattr(people, username)).get(url).status_code == 403


@pytest.fixture
def paper_required(programme):
    programme.paper_copies_required = True
    programme.save(update_fields=["paper_copies_required"])


def test_it_records_the_paper_copy_received(
    people, client_for, programme, url, jiangxi_batch, paper_required
):
    ruijin = jiangxi_batch.items.get(rank=1).application
    client = client_for(people.mz_officer)
    assert "纸质件已收到" in client.get(url).content.decode()

    response = client.post(
        reverse("applications:paper_received", args=[programme.pk, ruijin.pk]), follow=True
    )

    ruijin.refresh_from_db()
    assert ruijin.paper_received_at is not None
    assert HistoryEntry.objects.filter(
        application=ruijin, action="paper_received", actor=people.mz_officer
    ).exists()
    page = response.content.decode()
    assert "已登记收到纸质件：瑞金市民政局 · 李明华 · " in page
    assert "已收到 1 / 2 份" in page


@pytest.mark.parametrize("username", ["jx_endorser", "dh_applicant"])
def test_it_lets_only_programme_officers_record_paper_copies(
    people, client_for, programme, jiangxi_batch, paper_required, username
):
    ruijin = jiangxi_batch.items.get(rank=1).application

    response = client_for(getattr(people, username)).post(
        reverse("applications:paper_received", args=[programme.pk, ruijin.pk])
    )

    assert response.status_code == 403
    assert Application.objects.get(pk=ruijin.pk).paper_received_at is None


def test_it_refuses_paper_for_an_application_not_yet_submitted(
    people, client_for, programme, paper_required
):
    donghu = endorsed(people.dh_applicant)

    response = client_for(people.mz_officer).post(
        reverse("applications:paper_received", args=[programme.pk, donghu.pk]), follow=True
    )

    assert "申报尚未报送民政部。" in response.content.decode()
    assert Application.objects.get(pk=donghu.pk).paper_received_at is None
