"""The progress report editor. Zhang Min (dh_applicant) reports 东湖's progress against its
accepted plan: the target beside each value, evidence checked by content, a refused submission
saying plainly why (plan not accepted, pilot ended, values missing) and losing nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, Event
from pilots import actions
from pilots.models import Evidence, Indicator, IndicatorValue, Milestone, ReportStatus
from pilots.tests.pilot_flow import accepted_plan, make_pilots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def donghu(people):
    pilot = make_pilots(people)["donghu"]
    actions.set_schedule(pilot.programme, by=people.mz_officer, every_months=3)
    return pilot


@pytest.fixture
def planned(people, donghu):
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    return donghu


@pytest.fixture
def report(planned):
    return planned.reports.order_by("sequence").first()


def report_data(pilot, *actuals, narrative="完成站点挂牌8个。", action="save", **extra):
    data = {"action": action, "narrative": narrative, **extra}
    for indicator, actual in zip(
        Indicator.objects.filter(plan__pilot=pilot).order_by("order"), actuals, strict=True
    ):
        data[f"actual_{indicator.pk}"] = actual
        data[f"note_{indicator.pk}"] = ""
    return data


def _post(client, report, data):
    return client.post(reverse("pilots:report", args=[report.pk]), data)


def test_it_shows_each_target_beside_its_value(client_for, people, report):
    html = client_for(people.dh_applicant).get(reverse("pilots:report", args=[report.pk]))
    html = html.content.decode()

    assert "持证社会工作者" in html and "社会工作服务站" in html
    assert "326" in html and "326.00" not in html
    assert "完成全部站点挂牌" in html  # the milestones, to mark done


def test_it_saves_a_draft_and_submits_it_through_the_page(client_for, people, planned, report):
    client = client_for(people.dh_applicant)

    response = _post(client, report, report_data(planned, "120", ""))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.narrative == "完成站点挂牌8个。"

    response = _post(client, report, report_data(planned, "120", "8", action="submit"))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert sorted(report.values.values_list("actual", flat=True)) == [8, 120]
    page = client.get(response["Location"]).content.decode()
    assert "第1期进展报告已提交至江西省民政厅审核" in page
    assert "36.8%" in page
    assert AuditEvent.objects.filter(event=Event.REPORT_SUBMIT, actor=people.dh_applicant).exists()
    # Submitted: no more changes through the editor.
    assert _post(client, report, report_data(planned, "1", "1")).status_code == 302
    assert sorted(report.values.values_list("actual", flat=True)) == [8, 120]


def test_it_names_the_values_still_missing(client_for, people, planned, report):
    response = _post(
        client_for(people.dh_applicant), report, report_data(planned, "120", "", action="submit")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "草稿已保存，但还不能提交" in html
    assert "以下指标尚未填写实际值：社会工作服务站。" in html
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.narrative == "完成站点挂牌8个。"  # kept


def test_it_keeps_what_was_typed_when_a_value_is_not_a_number(client_for, people, planned, report):
    response = _post(
        client_for(people.dh_applicant),
        report,
        report_data(planned, "很多", "8", narrative="新写的"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "实际值须是数字。" in html and 'value="很多"' in html and "新写的" in html
    assert not IndicatorValue.objects.filter(report=report).exists()


def test_it_refuses_a_report_before_the_plan_is_accepted(client_for, people, donghu):
    plan = actions.ensure_plan(donghu)
    report = donghu.reports.order_by("sequence").first()
    client = client_for(people.dh_applicant)

    page = client.get(reverse("pilots:report", args=[report.pk])).content.decode()
    assert "试点方案通过省级审核后才能报送进展报告" in page

    html = _post(client, report, {"action": "submit", "narrative": "进展"}).content.decode()
    assert "试点方案通过审核后才能报送进展报告。" in html
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.narrative == "进展"
    assert plan.status == "draft"


def test_it_refuses_a_report_after_the_pilot_ended(client_for, people, planned, report):
    day = planned.ends_on + timedelta(days=1)
    after = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10, 0))
    with time_machine.travel(after, tick=False):
        client = client_for(people.dh_applicant)
        response = _post(client, report, report_data(planned, "300", "12", action="submit"))

    html = response.content.decode()
    assert "试点期已于" in html and "不能再报送进展报告" in html
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_it_refuses_a_text_file_renamed_pdf(client_for, people, planned, report):
    fake = SimpleUploadedFile("进展材料.pdf", "这不是PDF文件".encode(), "application/pdf")

    response = _post(
        client_for(people.dh_applicant),
        report,
        report_data(planned, "120", "", action="upload", evidence=fake),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "进展材料.pdf：只能上传 PDF、DOCX、XLSX、JPG、PNG 文件（按文件内容判断）。" in html
    assert not Evidence.objects.exists()
    report.refresh_from_db()
    assert report.narrative == "完成站点挂牌8个。"  # the draft was saved all the same


def test_it_keeps_evidence_for_the_chain_and_no_one_else(client_for, people, planned, report):
    pdf = SimpleUploadedFile("站点挂牌照片.pdf", PDF, "application/pdf")
    client = client_for(people.dh_applicant)

    response = _post(
        client, report, report_data(planned, "120", "8", action="upload", evidence=pdf)
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.report, evidence.pilot, evidence.content_type) == (
        report,
        planned,
        "application/pdf",
    )
    assert AuditEvent.objects.filter(
        event=Event.ATTACHMENT_UPLOAD, actor=people.dh_applicant, summary="站点挂牌照片.pdf"
    ).exists()
    url = reverse("pilots:evidence", args=[evidence.pk])
    assert client_for(people.jx_endorser).get(url).status_code == 200
    assert client_for(people.gd_endorser).get(url).status_code == 404
    page = client_for(people.jx_endorser).get(reverse("pilots:detail", args=[planned.pk]))
    assert "站点挂牌照片.pdf" in page.content.decode()

    client = client_for(people.dh_applicant)
    data = report_data(planned, "120", "8", action=f"remove:{evidence.pk}")
    assert _post(client, report, data).status_code == 302
    assert not Evidence.objects.exists()


def test_it_marks_milestones_done(client_for, people, planned, report):
    milestone = Milestone.objects.get(plan__pilot=planned)
    done = planned.starts_on + timedelta(days=30)
    data = report_data(planned, "120", "8", **{f"done_{milestone.pk}": done.isoformat()})

    with time_machine.travel(
        timezone.make_aware(timezone.datetime(done.year, done.month, done.day, 12, 0)), tick=False
    ):
        assert _post(client_for(people.dh_applicant), report, data).status_code == 302

    milestone.refresh_from_db()
    assert milestone.done_on == done


def test_it_lets_only_the_pilots_applicant_write_reports(client_for, people, planned, report):
    data = report_data(planned, "1", "1")

    assert _post(client_for(people.jx_endorser), report, data).status_code == 403
    assert _post(client_for(people.gd_endorser), report, data).status_code == 404
    assert not IndicatorValue.objects.exists()
