"""The pilot's summary. Zhang Min (dh_applicant) submits 东湖's summary before the programme's
summary deadline; after it, the page says so and a submission is refused, nothing kept."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent, Event
from pilots.models import Summary, SummaryStatus
from pilots.tests.pilot_flow import make_pilots

pytestmark = pytest.mark.django_db


@pytest.fixture
def donghu(people):
    return make_pilots(people)["donghu"]


def _url(pilot):
    return reverse("pilots:summary", args=[pilot.pk])


def test_it_submits_the_summary(client_for, people, donghu):
    client = client_for(people.dh_applicant)
    page = client.get(_url(donghu)).content.decode()
    assert "报送截止" in page and "北京时间" in page

    response = client.post(_url(donghu), {"text": "一、基本情况……二、主要成效……"})

    assert response.status_code == 302
    summary = Summary.objects.get(pilot=donghu)
    assert summary.status == SummaryStatus.SUBMITTED
    assert AuditEvent.objects.filter(event=Event.SUMMARY_SUBMIT, actor=people.dh_applicant).exists()
    html = client.get(response["Location"]).content.decode()
    assert "试点总结已提交至江西省民政厅审核" in html
    assert "二、主要成效" in html
    # Submitted: the editor sends the pilot back to its page.
    assert client.get(_url(donghu)).status_code == 302


def test_it_wants_some_text(client_for, people, donghu):
    response = client_for(people.dh_applicant).post(_url(donghu), {"text": "  "})

    assert response.status_code == 200
    assert "请填写试点总结。" in response.content.decode()
    assert not Summary.objects.exists()


def test_it_refuses_the_summary_after_the_deadline(client_for, people, donghu):
    after = donghu.programme.summary_deadline + timedelta(minutes=1)
    with time_machine.travel(after, tick=False):
        client = client_for(people.dh_applicant)
        page = client.get(_url(donghu)).content.decode()
        response = client.post(_url(donghu), {"text": "迟交的总结"})

    assert "已过试点总结截止时间，不能再报送。" in page
    html = response.content.decode()
    assert response.status_code == 200
    assert "已过试点总结截止时间。" in html
    assert "迟交的总结" in html  # what was typed stays on the page
    assert not Summary.objects.exists()


def test_it_lets_only_the_pilots_applicant_submit(client_for, people, donghu):
    assert client_for(people.jx_endorser).post(_url(donghu), {"text": "省里写"}).status_code == 403
    assert client_for(people.gd_endorser).post(_url(donghu), {"text": "外省"}).status_code == 404
    assert not Summary.objects.exists()
