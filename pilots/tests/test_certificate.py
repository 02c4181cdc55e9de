"""The certificate of a demonstration title: a PDF with the title, the organisation, the
ministry, the date and the number; for the pilot, its chain and the ministry only."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, Event
from lib.dates import cn_date
from pilots import actions
from pilots.certificate import certificate_html
from pilots.tests.pilot_flow import accepted_plan, make_pilots
from shidian.testing.documents import pdf_text as read_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def designation(people):
    donghu = make_pilots(people)["donghu"]
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    summary = actions.submit_summary(donghu, "一年来……", by=people.dh_applicant)
    actions.review_summary(summary, accept=True, opinion="同意。", by=people.jx_endorser)
    deadline = donghu.programme.summary_deadline
    with time_machine.travel(deadline + timedelta(days=10), tick=False):
        return actions.grant_title(donghu, by=people.mz_officer)


def test_it_lays_out_the_certificate(designation):
    html = certificate_html(designation)
    assert designation.title in html
    assert "南昌市东湖区民政局" in html
    assert "中华人民共和国民政部" in html
    assert cn_date(timezone.localtime(designation.granted_at).date()) in html
    assert f"证书编号：{designation.certificate_number}" in html
    assert "A4 landscape" in html


def test_it_gives_the_pilot_its_certificate_as_pdf(people, client_for, designation, tmp_path):
    response = client_for(people.dh_applicant).get(
        reverse("pilots:certificate", args=[designation.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert AuditEvent.objects.filter(event=Event.DOWNLOAD, actor=people.dh_applicant).exists()

    text = pdf_text(pdf, tmp_path)
    assert designation.title in text
    assert "南昌市东湖区民政局" in text
    assert "中华人民共和国民政部" in text
    assert cn_date(timezone.localtime(designation.granted_at).date()) in text
    assert designation.certificate_number in text


def test_it_gives_the_certificate_to_the_chain_and_the_ministry_only(
    people, client_for, designation
):
    url = reverse("pilots:certificate", args=[designation.pk])
    for user in (people.nc_endorser, people.jx_endorser, people.mz_officer):
        assert client_for(user).get(url).status_code == 200, user
    for user in (people.gd_endorser, people.ft_applicant, people.expert_bj, people.sz_endorser):
        assert client_for(user).get(url).status_code == 404, user
    assert (
        client_for(people.dh_applicant).get(reverse("pilots:certificate", args=[99999])).status_code
        == 404
    )


def pdf_text(pdf: bytes, tmp_path=None) -> str:
    """The certificate's text without white space (CJK text may come out spaced or split)."""
    return "".join(read_pdf(pdf).split())
