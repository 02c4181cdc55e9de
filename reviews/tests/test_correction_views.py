"""补正: the ministry sends 瑞金's application back to Jiangxi, which corrects it before the
date set, from its own page.

Chen Zhigang (jx_endorser, 江西省民政厅) submitted it and may correct it. Zhao Lei (gz_endorser,
赣州市民政局) sees it, being on its chain, and Zhong Hua (rj_applicant) sees her own, but neither
speaks for the province (403); Lin Hai (gd_endorser, 广东省民政厅) must see nothing of it (404).
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.models import Attachment
from applications.tests.flow import demo_programme
from audit.models import AuditEvent, Event
from reviews import actions
from reviews.models import Assessment, Eligibility
from reviews.tests.review_flow import after_deadline, submitted_to_ministry

pytestmark = pytest.mark.django_db

REASONS = "缺少省级民政部门盖章的推荐意见扫描件。"
NOTE = "已补传盖章的推荐意见扫描件（第3页）。"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def apps(people):
    return submitted_to_ministry(people)


@pytest.fixture
def clock(apps):
    with after_deadline() as traveller:
        yield traveller


@pytest.fixture
def ruijin(people, apps, clock):
    """Sent back for correction within two days."""
    actions.open_review(demo_programme(), by=people.mz_officer)
    actions.check_eligibility(
        apps["ruijin"],
        Eligibility.CORRECTION,
        by=people.mz_officer,
        reasons=REASONS,
        correct_by=timezone.now() + timedelta(days=2),
    )
    return apps["ruijin"]


def url(application) -> str:
    return reverse("reviews:correction", args=[application.pk])


def state(application) -> tuple:
    a = Assessment.objects.get(application=application)
    return a.eligibility, a.corrected_at, a.correction_note


def test_it_shows_the_reasons_the_deadline_and_the_application(people, client_for, ruijin):
    html = client_for(people.jx_endorser).get(url(ruijin)).content.decode()
    correct_by = timezone.localtime(Assessment.objects.get(application=ruijin).correct_by)

    assert REASONS in html
    assert f"{correct_by.year}年{correct_by.month}月{correct_by.day}日 {correct_by:%H:%M}" in html
    assert "（北京时间）" in html
    assert "剩余2天" in html
    assert reverse("applications:detail", args=[ruijin.pk]) in html
    assert 'name="note"' in html and 'type="file"' in html


def test_it_is_linked_from_the_provinces_todo(people, client_for, ruijin):
    html = client_for(people.jx_endorser).get(reverse("desk:todo")).content.decode()

    assert url(ruijin) in html


@pytest.mark.parametrize("username", ["gz_endorser", "rj_applicant", "mz_officer"])
def test_it_refuses_those_who_see_the_application_but_do_not_speak_for_the_province(
    people, client_for, ruijin, username
):
    client = client_for(getattr(people, username))

    assert client.get(url(ruijin)).status_code == 403
    assert client.post(url(ruijin), {"note": NOTE, "action": "submit"}).status_code == 403
    assert state(ruijin)[0] == Eligibility.CORRECTION


@pytest.mark.parametrize("username", ["gd_endorser", "sz_endorser", "expert_jx"])
def test_it_hides_the_application_from_everyone_else(people, client_for, ruijin, username):
    client = client_for(getattr(people, username))

    assert client.get(url(ruijin)).status_code == 404
    assert client.post(url(ruijin), {"note": NOTE, "action": "submit"}).status_code == 404
    assert state(ruijin)[0] == Eligibility.CORRECTION


def test_it_asks_anonymous_visitors_to_sign_in(client, ruijin):
    response = client.get(url(ruijin))

    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_it_submits_the_correction_before_the_deadline(people, client_for, ruijin):
    client = client_for(people.jx_endorser)
    response = client.post(url(ruijin), {"note": NOTE, "action": "submit"}, follow=True)

    eligibility, corrected_at, note = state(ruijin)
    assert (eligibility, corrected_at, note) == (Eligibility.PENDING, timezone.now(), NOTE)
    assert response.redirect_chain == [(url(ruijin), 302)]
    html = response.content.decode()
    assert "已提交补正，等待民政部重新审查 · 陈志刚" in html
    assert 'name="note"' not in html
    events = AuditEvent.objects.filter(event=Event.CORRECTION_SUBMIT)
    assert [(e.actor, e.summary) for e in events] == [(people.jx_endorser, NOTE)]


def test_it_asks_for_a_note(people, client_for, ruijin):
    response = client_for(people.jx_endorser).post(url(ruijin), {"note": " ", "action": "submit"})

    assert response.status_code == 200
    assert 'id="error-note"' in response.content.decode()
    assert state(ruijin) == (Eligibility.CORRECTION, None, "")


def test_it_refuses_the_correction_after_the_deadline(people, client_for, ruijin, clock):
    clock.shift(timedelta(days=2, seconds=1))
    client = client_for(people.jx_endorser)

    page = client.get(url(ruijin)).content.decode()
    response = client.post(url(ruijin), {"note": NOTE, "action": "submit"})

    assert "补正截止时间已过" in page and 'name="note"' not in page
    assert "今天已截止" in page
    assert state(ruijin) == (Eligibility.CORRECTION, None, "")
    assert NOTE in response.content.decode()  # shown back, not lost
    assert not AuditEvent.objects.filter(event=Event.CORRECTION_SUBMIT).exists()


def test_it_uploads_corrected_materials(people, client_for, ruijin):
    upload = SimpleUploadedFile("推荐意见.pdf", PDF, content_type="application/pdf")
    response = client_for(people.jx_endorser).post(
        url(ruijin), {"action": "upload", "file": upload}, follow=True
    )

    attachment = Attachment.objects.get(application=ruijin, original_name="推荐意见.pdf")
    assert attachment.is_paper_scan and attachment.uploaded_by == people.jx_endorser
    html = response.content.decode()
    assert "已上传补正材料“推荐意见.pdf”" in html
    assert reverse("applications:attachment", args=[attachment.pk]) in html
    assert state(ruijin)[0] == Eligibility.CORRECTION  # still to be submitted


def test_it_refuses_an_upload_that_is_not_an_allowed_file(people, client_for, ruijin):
    upload = SimpleUploadedFile(
        "推荐意见.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client_for(people.jx_endorser).post(
        url(ruijin), {"action": "upload", "file": upload}
    )

    assert 'id="error-file"' in response.content.decode()
    assert not Attachment.objects.filter(application=ruijin, is_paper_scan=True).exists()


def test_it_refuses_an_upload_after_the_deadline(people, client_for, ruijin, clock):
    clock.shift(timedelta(days=3))
    upload = SimpleUploadedFile("推荐意见.pdf", PDF, content_type="application/pdf")

    client_for(people.jx_endorser).post(url(ruijin), {"action": "upload", "file": upload})

    assert not Attachment.objects.filter(application=ruijin, is_paper_scan=True).exists()


def test_it_says_when_nothing_is_to_be_corrected(people, client_for, apps, clock):
    actions.open_review(demo_programme(), by=people.mz_officer)
    actions.check_eligibility(apps["donghu"], Eligibility.ELIGIBLE, by=people.mz_officer)

    html = client_for(people.jx_endorser).get(url(apps["donghu"])).content.decode()

    assert "目前不需要补正" in html and 'name="note"' not in html


def test_it_is_not_found_before_the_ministry_opens_a_file(people, client_for, apps):
    assert client_for(people.jx_endorser).get(url(apps["donghu"])).status_code == 404
