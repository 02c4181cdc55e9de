"""The follow-up of a supervision record (整改): 江西 (jx_endorser, 陈志刚) inspects 东湖 and
asks it to staff its supervision within 30 days. Past the deadline the pilot page says how
late it is; 东湖 (dh_applicant, 张敏) reports what it did (整改情况, with a file), and 江西,
who recorded it, confirms it done (整改完成): no more overdue badge. Once the pilot period
has ended, an open follow-up is not chased either.

Who may do what: only the pilot reports; only the body that recorded the supervision closes
it (not the pilot, not 南昌 between, not the ministry for 江西's record); 广东 (gd_endorser)
does not even see it.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, Event
from pilots import actions
from pilots.models import Evidence, Supervision
from pilots.tests.pilot_flow import make_pilots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REPORT = "已聘请3名资深督导，建立每月一次的团体督导制度。"


@pytest.fixture
def donghu(people):
    return make_pilots(people)["donghu"]


def inspect(pilot, by, *, days=30) -> Supervision:
    return actions.record_supervision(
        pilot,
        by=by,
        kind="inspection",
        held_on=timezone.localdate(),
        participants="江西省民政厅社会工作处 陈志刚",
        findings="站点建设进度符合方案，督导队伍尚未建立。",
        follow_ups="三十天内建立督导队伍。",
        follow_up_by=timezone.localdate() + timedelta(days=days),
    )


def later(days: int):
    return time_machine.travel(timezone.now() + timedelta(days=days), tick=False)


def page_of(client, pilot) -> str:
    response = client.get(reverse("pilots:detail", args=[pilot.pk]))
    assert response.status_code == 200
    return response.content.decode()


def record_block(page: str, supervision: Supervision) -> str:
    start = page.index(f'id="supervision-{supervision.pk}"')
    return page[start : page.index("</article>", start)]


def follow_ups() -> int:
    return AuditEvent.objects.filter(
        event__in=[Event.FOLLOW_UP_REPORT, Event.FOLLOW_UP_CLOSE]
    ).count()


def test_the_pilot_reports_and_the_province_closes_and_the_overdue_badge_goes(
    people, client_for, donghu
):
    supervision = inspect(donghu, people.jx_endorser)
    audited = follow_ups()
    with later(40):
        zhang = client_for(people.dh_applicant)
        assert "已逾期10天" in record_block(page_of(zhang, donghu), supervision)

        response = zhang.post(
            reverse("pilots:follow_up", args=[supervision.pk]),
            {
                f"follow-up-{supervision.pk}-text": REPORT,
                f"follow-up-{supervision.pk}-files": [
                    SimpleUploadedFile("督导制度.pdf", PDF, content_type="application/pdf")
                ],
            },
            follow=True,
        )
        page = response.content.decode()
        assert "已报告整改情况，待江西省民政厅确认整改完成" in page
        block = record_block(page, supervision)
        assert REPORT in block and "督导制度.pdf" in block
        assert "已报告整改情况，待确认" in block
        assert "已逾期10天" in block  # still open until 江西 confirms it

        chen = client_for(people.jx_endorser)
        assert reverse("pilots:close_follow_up", args=[supervision.pk]) in page_of(chen, donghu)
        response = chen.post(reverse("pilots:close_follow_up", args=[supervision.pk]), follow=True)
        assert "已确认南昌市东湖区民政局的整改完成" in response.content.decode()

        block = record_block(page_of(client_for(people.dh_applicant), donghu), supervision)
        assert "整改完成" in block and "已逾期" not in block
        assert reverse("pilots:follow_up", args=[supervision.pk]) not in block

    supervision.refresh_from_db()
    assert supervision.follow_up_report == REPORT
    assert supervision.follow_up_reported_by == people.dh_applicant
    assert supervision.closed_by == people.jx_endorser and supervision.closed_at is not None
    [evidence] = Evidence.objects.filter(supervision=supervision)
    assert evidence.follow_up and evidence.uploaded_by == people.dh_applicant
    assert follow_ups() == audited + 2  # reported, closed
    assert AuditEvent.objects.filter(event=Event.ATTACHMENT_UPLOAD, summary="督导制度.pdf").exists()


def test_no_overdue_badge_once_the_pilot_period_has_ended(people, client_for, donghu):
    supervision = inspect(donghu, people.jx_endorser)
    after_end = (donghu.ends_on - timezone.localdate()).days + 5
    with later(after_end):
        block = record_block(page_of(client_for(people.dh_applicant), donghu), supervision)
        assert "已逾期" not in block
        assert "待整改" in block  # still not reported, said without a countdown
        chen = client_for(people.jx_endorser)
        sheet = chen.get(reverse("pilots:supervise", args=[donghu.pk])).content.decode()
        assert "已逾期" not in sheet


def test_the_ministry_closes_its_own_record_from_the_supervision_page(people, client_for, donghu):
    supervision = inspect(donghu, people.mz_officer)
    li = client_for(people.mz_officer)
    sheet = li.get(reverse("pilots:supervise", args=[donghu.pk])).content.decode()
    assert reverse("pilots:close_follow_up", args=[supervision.pk]) in sheet

    response = li.post(
        reverse("pilots:close_follow_up", args=[supervision.pk]), {"back": "supervise"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("pilots:supervise", args=[donghu.pk]))
    supervision.refresh_from_db()
    assert supervision.closed_by == people.mz_officer


def test_a_refused_file_keeps_what_was_typed_and_saves_nothing(people, client_for, donghu):
    supervision = inspect(donghu, people.jx_endorser)
    audited = follow_ups()
    response = client_for(people.dh_applicant).post(
        reverse("pilots:follow_up", args=[supervision.pk]),
        {
            f"follow-up-{supervision.pk}-text": REPORT,
            f"follow-up-{supervision.pk}-files": [
                SimpleUploadedFile(
                    "伪装.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
                )
            ],
        },
    )

    assert response.status_code == 400
    block = record_block(response.content.decode(), supervision)
    assert REPORT in block  # in the form again
    supervision.refresh_from_db()
    assert supervision.follow_up_report == "" and supervision.follow_up_reported_at is None
    assert not Evidence.objects.filter(supervision=supervision).exists()
    assert follow_ups() == audited


def test_an_empty_report_is_refused(people, client_for, donghu):
    supervision = inspect(donghu, people.jx_endorser)
    response = client_for(people.dh_applicant).post(
        reverse("pilots:follow_up", args=[supervision.pk]),
        {f"follow-up-{supervision.pk}-text": "  "},
    )

    assert response.status_code == 400
    assert "请填写整改情况。" in response.content.decode()
    supervision.refresh_from_db()
    assert supervision.follow_up_reported_at is None


@pytest.mark.parametrize(
    ("username", "step", "status"),
    [
        ("gd_endorser", "follow_up", 404),  # another province: not even seen
        ("gd_endorser", "close_follow_up", 404),
        ("jx_endorser", "follow_up", 403),  # the province does not report for the pilot
        ("nc_endorser", "follow_up", 403),
        ("dh_applicant", "close_follow_up", 403),  # the pilot does not close its own
        ("nc_endorser", "close_follow_up", 403),  # nor the prefecture between
        ("mz_officer", "close_follow_up", 403),  # nor the ministry, for 江西's record
        ("expert_bj", "close_follow_up", 404),
    ],
)
def test_only_the_pilot_reports_and_only_the_recorder_closes(
    people, client_for, donghu, username, step, status
):
    supervision = inspect(donghu, people.jx_endorser)
    audited = follow_ups()
    response = client_for(getattr(people, username)).post(
        reverse(f"pilots:{step}", args=[supervision.pk]),
        {f"follow-up-{supervision.pk}-text": REPORT},
    )

    assert response.status_code == status
    supervision.refresh_from_db()
    assert supervision.follow_up_reported_at is None and supervision.closed_at is None
    assert follow_ups() == audited


def test_a_closed_follow_up_takes_no_more_reports(people, client_for, donghu):
    supervision = inspect(donghu, people.jx_endorser)
    actions.close_follow_up(supervision, by=people.jx_endorser)

    response = client_for(people.dh_applicant).post(
        reverse("pilots:follow_up", args=[supervision.pk]),
        {f"follow-up-{supervision.pk}-text": REPORT},
        follow=True,
    )

    assert "该督导记录的整改已确认完成。" in response.content.decode()
    supervision.refresh_from_db()
    assert supervision.follow_up_report == ""
