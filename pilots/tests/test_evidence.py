"""Evidence files, one way for reports and supervision records (actions.add_evidence,
remove_evidence, record_supervision(files=…)). Zhang Min (dh_applicant) backs 东湖's draft
report with files and removes them; once the report is submitted they stay. Jiang
(jx_endorser, 江西) attaches files to the supervision he records, all or nothing. Nobody
else touches either; every file is accepted by its content."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.actions import Refused
from audit.models import AuditEvent, Event
from pilots import actions
from pilots.models import Evidence, Indicator, Supervision, SupervisionKind
from pilots.tests.pilot_flow import accepted_plan, make_pilots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def donghu(people):
    pilot = make_pilots(people)["donghu"]
    actions.set_schedule(pilot.programme, by=people.mz_officer, every_months=3)
    accepted_plan(pilot, people.dh_applicant, people.jx_endorser)
    return pilot


@pytest.fixture
def report(donghu):
    return donghu.reports.order_by("sequence").first()


def pdf(name="站点挂牌照片.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def not_a_pdf(name="进展材料.pdf"):
    return SimpleUploadedFile(name, "这不是PDF文件".encode(), "application/pdf")


def events(event):
    return AuditEvent.objects.filter(event=event)


def submit(report, applicant):
    values = {i.pk: ("1", "") for i in Indicator.objects.filter(plan__pilot=report.pilot)}
    actions.save_report(report, "进展", values, by=applicant)
    actions.submit_report(report, by=applicant)


# ------------------------------------------------------------------ a report's files


def test_it_adds_a_file_to_a_draft_report_with_one_audit_row(people, donghu, report):
    evidence = actions.add_evidence(report, pdf(), by=people.dh_applicant)

    assert (evidence.pilot, evidence.report, evidence.supervision) == (donghu, report, None)
    assert (evidence.content_type, evidence.size) == ("application/pdf", len(PDF))
    [row] = events(Event.ATTACHMENT_UPLOAD)
    assert (row.actor, row.summary) == (people.dh_applicant, "站点挂牌照片.pdf")
    assert row.changes == {"evidence": evidence.pk, "size": len(PDF)}


def test_it_refuses_a_file_that_is_not_a_document(people, report):
    with pytest.raises(Refused, match="只能上传 PDF、DOCX、XLSX、JPG、PNG 文件"):
        actions.add_evidence(report, not_a_pdf(), by=people.dh_applicant)

    assert not Evidence.objects.exists() and not events(Event.ATTACHMENT_UPLOAD).exists()


def test_it_refuses_files_to_anyone_but_the_pilots_applicant(people, report):
    for outsider in (people.jx_endorser, people.nc_endorser, people.ft_applicant):
        with pytest.raises(PermissionDenied):
            actions.add_evidence(report, pdf(), by=outsider)
    evidence = actions.add_evidence(report, pdf(), by=people.dh_applicant)
    for outsider in (people.jx_endorser, people.ft_applicant):
        with pytest.raises(PermissionDenied):
            actions.remove_evidence(evidence, by=outsider)

    assert list(Evidence.objects.all()) == [evidence]
    assert not events(Event.ATTACHMENT_DELETE).exists()


def test_it_removes_a_file_and_its_stored_copy_once_committed(
    people, report, django_capture_on_commit_callbacks
):
    evidence = actions.add_evidence(report, pdf(), by=people.dh_applicant)
    storage, stored = evidence.file.storage, evidence.file.name

    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_evidence(evidence, by=people.dh_applicant)

    assert not Evidence.objects.exists() and not storage.exists(stored)
    [row] = events(Event.ATTACHMENT_DELETE)
    assert (row.actor, row.summary) == (people.dh_applicant, "站点挂牌照片.pdf")
    with pytest.raises(Refused, match="已删除"):
        actions.remove_evidence(evidence, by=people.dh_applicant)
    assert events(Event.ATTACHMENT_DELETE).count() == 1


def test_it_keeps_the_files_of_a_submitted_report(people, report):
    evidence = actions.add_evidence(report, pdf(), by=people.dh_applicant)
    submit(report, people.dh_applicant)

    with pytest.raises(Refused, match="不能再修改佐证材料"):
        actions.add_evidence(report, pdf("另一份.pdf"), by=people.dh_applicant)
    with pytest.raises(Refused, match="不能再修改佐证材料"):
        actions.remove_evidence(evidence, by=people.dh_applicant)

    assert list(Evidence.objects.all()) == [evidence]
    assert events(Event.ATTACHMENT_UPLOAD).count() == 1
    assert not events(Event.ATTACHMENT_DELETE).exists()


# ------------------------------------------------------------------ a supervision's files


def supervise(pilot, by, files=()):
    return actions.record_supervision(
        pilot,
        by=by,
        kind=SupervisionKind.INSPECTION,
        held_on=timezone.localdate(),
        participants="江西省民政厅社会工作处 陈志刚",
        findings="督导队伍尚未建立。",
        follow_ups="三个月内建立督导队伍。",
        follow_up_by=timezone.localdate() + timedelta(days=90),
        files=files,
    )


def test_it_records_a_supervision_with_its_files(people, donghu):
    supervision = supervise(donghu, people.jx_endorser, [pdf("督查纪要.pdf"), pdf("照片.pdf")])

    files = supervision.files.order_by("original_name")
    assert [f.original_name for f in files] == ["照片.pdf", "督查纪要.pdf"]
    assert all(
        (f.pilot, f.report, f.uploaded_by) == (donghu, None, people.jx_endorser) for f in files
    )
    assert events(Event.SUPERVISION_RECORD).get().actor == people.jx_endorser
    uploads = events(Event.ATTACHMENT_UPLOAD)
    assert uploads.count() == 2 and {u.actor for u in uploads} == {people.jx_endorser}


def test_it_records_nothing_when_one_file_is_refused(people, donghu):
    with pytest.raises(Refused, match="只能上传"):
        supervise(donghu, people.jx_endorser, [pdf("督查纪要.pdf"), not_a_pdf("脚本.pdf")])

    assert not Supervision.objects.exists() and not Evidence.objects.exists()
    assert not events(Event.SUPERVISION_RECORD).exists()
    assert not events(Event.ATTACHMENT_UPLOAD).exists()


def test_it_refuses_supervision_files_from_the_pilot_and_its_prefecture(people, donghu):
    for outsider in (people.dh_applicant, people.nc_endorser, people.gd_endorser):
        with pytest.raises(PermissionDenied):
            supervise(donghu, outsider, [pdf()])

    assert not Supervision.objects.exists() and not Evidence.objects.exists()
