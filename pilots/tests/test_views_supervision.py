"""督导 records: the pilot's province (jx_endorser) and the ministry (mz_officer) record them
with files; another province sees nothing, and the pilot and the prefecture between do not
record. The pilot reads them on its own page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, Event
from pilots.models import Evidence, Supervision, SupervisionKind
from pilots.tests.pilot_flow import make_pilots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def donghu(people):
    return make_pilots(people)["donghu"]


def record_form(**overrides):
    today = timezone.localdate()
    return {
        "kind": SupervisionKind.INSPECTION,
        "held_on": today.isoformat(),
        "participants": "江西省民政厅社会工作处 陈志刚\n东湖区民政局 张敏",
        "findings": "站点建设进度符合方案，督导队伍尚未建立。",
        "follow_ups": "三个月内建立督导队伍。",
        "follow_up_by": (today + timedelta(days=90)).isoformat(),
        **overrides,
    }


def test_it_records_a_supervision_by_the_province_with_files(people, client_for, donghu):
    client = client_for(people.jx_endorser)
    url = reverse("pilots:supervise", args=[donghu.pk])
    data = record_form(
        files=[
            SimpleUploadedFile("督查纪要.pdf", PDF, content_type="application/pdf"),
            SimpleUploadedFile("现场照片.pdf", PDF, content_type="application/pdf"),
        ]
    )
    response = client.post(url, data)
    assert response.status_code == 302
    supervision = Supervision.objects.get(pilot=donghu)
    assert supervision.kind == SupervisionKind.INSPECTION
    assert supervision.recorded_by == people.jx_endorser
    assert supervision.organisation == people.bureau("360000")
    assert supervision.follow_up_by == timezone.localdate() + timedelta(days=90)
    files = Evidence.objects.filter(supervision=supervision).order_by("original_name")
    assert [f.original_name for f in files] == ["现场照片.pdf", "督查纪要.pdf"]
    assert {f.content_type for f in files} == {"application/pdf"}
    assert AuditEvent.objects.filter(event=Event.SUPERVISION_RECORD).count() == 1

    page = client.get(url).content.decode()
    assert "已记录对南昌市东湖区民政局的督查" in page
    assert "督导队伍尚未建立" in page and "督查纪要.pdf" in page


def test_it_records_a_supervision_by_the_ministry(people, client_for, donghu):
    response = client_for(people.mz_officer).post(
        reverse("pilots:supervise", args=[donghu.pk]),
        record_form(kind=SupervisionKind.EXCHANGE, follow_ups="", follow_up_by=""),
    )
    assert response.status_code == 302
    supervision = Supervision.objects.get(pilot=donghu)
    assert supervision.kind == SupervisionKind.EXCHANGE
    assert supervision.organisation.kind == "ministry"


def test_it_shows_the_records_to_the_pilot_on_its_page(people, client_for, donghu):
    client_for(people.jx_endorser).post(
        reverse("pilots:supervise", args=[donghu.pk]), record_form()
    )
    page = client_for(people.dh_applicant).get(reverse("pilots:detail", args=[donghu.pk]))
    assert page.status_code == 200
    assert "督导队伍尚未建立" in page.content.decode()


def test_it_refuses_supervision_to_another_province_and_to_the_chain_below(
    people, client_for, donghu
):
    url = reverse("pilots:supervise", args=[donghu.pk])
    for outsider in (people.gd_endorser, people.sz_endorser, people.expert_bj):
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(url, record_form()).status_code == 404
    for on_the_chain in (people.dh_applicant, people.nc_endorser):
        assert client_for(on_the_chain).get(url).status_code == 403
        assert client_for(on_the_chain).post(url, record_form()).status_code == 403
    assert not Supervision.objects.exists()


def test_it_refuses_a_file_that_is_not_a_document_and_keeps_nothing(people, client_for, donghu):
    response = client_for(people.jx_endorser).post(
        reverse("pilots:supervise", args=[donghu.pk]),
        record_form(files=[SimpleUploadedFile("脚本.pdf", b"#!/bin/sh\necho hi\n")]),
    )
    assert response.status_code == 200
    assert "只能上传 PDF、DOCX、XLSX、JPG、PNG 文件" in response.content.decode()
    assert not Supervision.objects.exists() and not Evidence.objects.exists()


def test_it_refuses_a_supervision_in_the_future_or_without_findings(people, client_for, donghu):
    client = client_for(people.jx_endorser)
    url = reverse("pilots:supervise", args=[donghu.pk])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, record_form(held_on=tomorrow, follow_up_by=""))
    assert "督导日期不能晚于今天" in response.content.decode()
    response = client.post(url, record_form(findings=""))
    assert "请填写发现问题与评价" in response.content.decode()
    response = client.post(url, record_form(follow_ups=""))
    assert "设定整改时限的，请写明整改要求" in response.content.decode()
    assert not Supervision.objects.exists()
