"""What an evaluator reads beside their scores at the comprehensive evaluation (综合评估):
the pilot's results, not its old application form.

东湖 (江西) has an accepted plan (持证社会工作者 326 名, 社会工作服务站 12 个), a first report
filed with 120 and 8 and a file, a 督查 by 江西 with its minutes, and a summary endorsed by the
province. After the summary deadline Professor Song (expert_bj) and Li Minghua (mz_officer)
are asked to evaluate it; Professor Qiu (expert_jx) evaluates 福田 only, and Lin Hai
(gd_endorser, 广东) is no evaluator at all.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.tests.flow import COMPLETE_VALUES
from pilots import actions
from pilots.models import Evidence, Indicator, Supervision
from pilots.tests.pilot_flow import accepted_plan, make_pilots
from reviews import actions as review_actions
from reviews.models import Assignment, Stage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SUMMARY = "两年来，全区建成社会工作服务站8个，持证社会工作者达120名。"
OPINION = "同意报送。该区试点成效明显，建议评为示范区。"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def file_report(pilot, applicant, *actuals, upload=None):
    report = pilot.reports.order_by("sequence").filter(status="draft").first()
    values = {
        i.pk: (a, "")
        for i, a in zip(Indicator.objects.filter(plan__pilot=pilot), actuals, strict=True)
    }
    actions.save_report(report, "完成站点挂牌8个。", values, by=applicant)
    if upload is not None:
        actions.add_evidence(report, upload, by=applicant)
    actions.submit_report(report, by=applicant)
    return report


def supervise(pilot, endorser, findings="专业督导不足。", files=()):
    return actions.record_supervision(
        pilot,
        by=endorser,
        kind="inspection",
        held_on=timezone.localdate(),
        participants="江西省民政厅社会工作处 陈志刚",
        findings=findings,
        follow_ups="配齐督导。",
        follow_up_by=timezone.localdate() + timedelta(days=30),
        files=files,
    )


@pytest.fixture
def evaluation(people):
    pilots = make_pilots(people)
    donghu, futian = pilots["donghu"], pilots["futian"]
    programme = donghu.programme
    actions.set_schedule(programme, by=people.mz_officer, every_months=3)
    accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    file_report(donghu, people.dh_applicant, "120", "8", upload=pdf("第一期佐证.pdf"))
    supervise(donghu, people.jx_endorser, files=[pdf("督查纪要.pdf")])
    summary = actions.submit_summary(donghu, SUMMARY, by=people.dh_applicant)
    actions.review_summary(summary, accept=True, opinion=OPINION, by=people.jx_endorser)
    with time_machine.travel(programme.summary_deadline + timedelta(days=1), tick=False):
        rubric = review_actions.rubric_from_content_areas(
            programme, by=people.mz_officer, stage=Stage.EVALUATION
        )
        review_actions.assign_experts(
            rubric,
            [donghu.application],
            [people.expert_bj, people.mz_officer],
            by=people.mz_officer,
        )
        review_actions.assign_experts(
            rubric, [futian.application], [people.expert_jx], by=people.mz_officer
        )
        yield pilots


def score_url(people, username, pilot) -> str:
    assignment = Assignment.objects.get(
        expert=getattr(people, username), application=pilot.application
    )
    return reverse("reviews:score", args=[assignment.pk])


@pytest.mark.parametrize("username", ["expert_bj", "mz_officer"])
def test_the_evaluator_reads_the_pilots_results_not_its_application(
    people, client_for, evaluation, username
):
    donghu = evaluation["donghu"]
    response = client_for(getattr(people, username)).get(score_url(people, username, donghu))
    page = response.content.decode()

    assert response.status_code == 200
    assert "试点成效" in page
    # The summary and the province's opinion on it.
    assert SUMMARY in page and OPINION in page
    # Target against the latest actual, per indicator.
    progress = page[page.index('id="progress"') : page.index('id="reports"')]
    assert "持证社会工作者" in progress and "326" in progress and "120" in progress
    assert "36.8%" in progress  # 120 / 326
    assert "66.7%" in progress  # 8 / 12
    # The reports (dates, status, files) and the supervision records.
    assert ("第1期" in page and "省级已审核" in page) or "待省级审核" in page
    assert "第一期佐证.pdf" in page and "督查纪要.pdf" in page
    assert "专业督导不足。" in page and "配齐督导。" in page
    # Not the application form, nor anything to act on as the pilot or the province.
    assert COMPLETE_VALUES["foundation"] not in page and "sd-paper" not in page
    assert reverse("pilots:follow_up", args=[Supervision.objects.get().pk]) not in page
    assert reverse("pilots:close_follow_up", args=[Supervision.objects.get().pk]) not in page
    # The score form is there as at the application review.
    assert 'name="overall_comment"' in page


def test_the_evaluator_downloads_the_files_through_the_assignment(people, client_for, evaluation):
    donghu = evaluation["donghu"]
    song = Assignment.objects.get(expert=people.expert_bj)
    files = list(Evidence.objects.filter(pilot=donghu).order_by("original_name"))
    assert [f.original_name for f in files] == ["督查纪要.pdf", "第一期佐证.pdf"]
    page = client_for(people.expert_bj).get(score_url(people, "expert_bj", donghu)).content
    for item in files:
        url = reverse("reviews:evidence", args=[song.pk, item.pk])
        assert url in page.decode()
        assert reverse("pilots:evidence", args=[item.pk]) not in page.decode()
        response = client_for(people.expert_bj).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF


def test_nobody_else_gets_the_files_through_an_assignment(people, client_for, evaluation):
    donghu, futian = evaluation["donghu"], evaluation["futian"]
    song = Assignment.objects.get(expert=people.expert_bj)
    qiu = Assignment.objects.get(expert=people.expert_jx)
    item = Evidence.objects.filter(pilot=donghu).first()
    url = reverse("reviews:evidence", args=[song.pk, item.pk])

    # Another province's endorser is no evaluator; another expert has no such assignment.
    page = score_url(people, "expert_bj", donghu)
    lin = client_for(people.gd_endorser)
    assert lin.get(page).status_code == 403
    assert lin.get(url).status_code == 403
    qiu_client = client_for(people.expert_jx)
    assert qiu_client.get(url).status_code == 404
    assert qiu_client.get(page).status_code == 404
    # Qiu's own assignment (福田) does not open 东湖's files.
    assert qiu_client.get(reverse("reviews:evidence", args=[qiu.pk, item.pk])).status_code == 404
    # Nor does Song's assignment open a file of another pilot.
    futian_file = Evidence.objects.create(
        pilot=futian,
        file=pdf("福田.pdf"),
        original_name="福田.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=people.ft_applicant,
    )
    song_client = client_for(people.expert_bj)
    assert (
        song_client.get(reverse("reviews:evidence", args=[song.pk, futian_file.pk])).status_code
        == 404
    )


def test_the_evaluation_page_runs_a_fixed_number_of_queries(people, client_for, evaluation):
    donghu = evaluation["donghu"]
    client = client_for(people.expert_bj)
    url = score_url(people, "expert_bj", donghu)
    client.get(url)  # a first visit warms what every page loads
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200

    plan = donghu.plan
    for n in range(3):
        Indicator.objects.create(plan=plan, order=3 + n, name=f"指标{n}", target=Decimal(10))
        Supervision.objects.create(
            pilot=donghu,
            kind="guidance",
            held_on=donghu.starts_on,
            participants="甲",
            findings="乙",
            recorded_by=people.jx_endorser,
            organisation=people.jx_endorser.organisation,
        )
    report = donghu.reports.order_by("sequence").filter(status="draft").first()
    report.status = "submitted"
    report.save()
    Evidence.objects.create(
        pilot=donghu,
        report=report,
        file=pdf("第二期.pdf"),
        original_name="第二期.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=people.dh_applicant,
    )
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200

    assert len(after) == len(before)
