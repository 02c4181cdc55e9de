"""Deadlines in Asia/Shanghai: the programme's, the ministry's extensions, a province's
earlier internal deadline."""

from datetime import timedelta

import pytest
import time_machine

from applications import actions
from applications.models import Status
from applications.tests.flow import (
    COMPLETE_VALUES,
    category,
    demo_programme,
    endorse_all,
    opinion,
    submitted,
)
from audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db


def draft(applicant, kind="region"):
    application = actions.start_application(category(kind), by=applicant)
    actions.save_draft(application, COMPLETE_VALUES, by=applicant)
    return application


def test_it_refuses_submissions_after_the_deadline(people):
    application = draft(people.dh_applicant)
    with time_machine.travel(demo_programme().application_deadline + timedelta(seconds=1)):
        with pytest.raises(actions.Refused, match="已截止"):
            actions.submit_application(application, opinion(), by=people.dh_applicant)
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_it_accepts_them_after_an_extension_for_that_province_only(people):
    programme = demo_programme()
    later = programme.application_deadline + timedelta(days=7)
    actions.extend_deadline(
        programme, later, "受灾地区延期", by=people.mz_officer, province=people.bureau("360000")
    )
    jiangxi = draft(people.dh_applicant)
    beijing = draft(people.dc_applicant)
    with time_machine.travel(programme.application_deadline + timedelta(days=1)):
        actions.submit_application(jiangxi, opinion(), by=people.dh_applicant)
        with pytest.raises(actions.Refused, match="已截止"):
            actions.submit_application(beijing, opinion(), by=people.dc_applicant)
    row = AuditEvent.objects.get(event=Event.DEADLINE_EXTEND)
    assert row.summary == "受灾地区延期" and row.changes["province"] == "江西省民政厅"


def test_it_wants_a_reason_and_a_later_date_for_an_extension(people):
    programme = demo_programme()
    with pytest.raises(actions.Refused, match="理由"):
        actions.extend_deadline(
            programme, programme.application_deadline + timedelta(days=1), "", by=people.mz_officer
        )
    with pytest.raises(actions.Refused, match="须晚于"):
        actions.extend_deadline(
            programme,
            programme.application_deadline - timedelta(days=1),
            "提前",
            by=people.mz_officer,
        )
    with pytest.raises(Exception):  # noqa: B017 — PermissionDenied for a province
        actions.extend_deadline(
            programme,
            programme.application_deadline + timedelta(days=1),
            "越权",
            by=people.jx_endorser,
        )
    assert not programme.extensions.exists()


def test_it_holds_counties_to_the_provinces_internal_deadline(people):
    programme = demo_programme()
    internal = programme.application_deadline - timedelta(days=10)
    actions.set_internal_deadline(
        programme, people.bureau("360000"), internal, by=people.jx_endorser
    )
    application = submitted(people.dh_applicant)
    actions.recommend(application, opinion(), by=people.nc_endorser)
    late = draft(people.rj_applicant)
    with time_machine.travel(internal + timedelta(hours=1)):
        with pytest.raises(actions.Refused, match="已截止"):
            actions.submit_application(late, opinion(), by=people.rj_applicant)
        actions.recommend(application, opinion(), by=people.jx_endorser)  # the province still may
    application.refresh_from_db()
    assert application.status == Status.ENDORSED


def test_it_refuses_an_internal_deadline_later_than_the_ministrys(people):
    programme = demo_programme()
    with pytest.raises(actions.Refused, match="不能晚于"):
        actions.set_internal_deadline(
            programme,
            people.bureau("360000"),
            programme.application_deadline + timedelta(days=1),
            by=people.jx_endorser,
        )


def test_it_refuses_forwarding_to_the_ministry_after_the_deadline(people):
    application = endorse_all(
        submitted(people.dh_applicant), people.nc_endorser, people.jx_endorser
    )
    programme = demo_programme()
    actions.rank(programme, people.bureau("360000"), [application.pk], by=people.jx_endorser)
    with time_machine.travel(programme.application_deadline + timedelta(minutes=1)):
        with pytest.raises(actions.Refused, match="已截止"):
            actions.submit_batch(
                programme, people.bureau("360000"), opinion(), by=people.jx_endorser
            )
