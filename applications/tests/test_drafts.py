"""Nothing typed is lost: drafts save as they are; two windows — the newer edit wins and
the older window is told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications import actions
from applications.models import Status
from applications.tests.flow import category, opinion
from audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db


def test_it_prefills_what_is_known_of_the_organisation(people):
    application = actions.start_application(category(), by=people.dh_applicant)
    assert application.values["region_name"] == "南昌市东湖区民政局"
    assert application.form_version.is_locked


def test_it_keeps_an_incomplete_or_invalid_draft(people):
    applicant = people.dh_applicant
    application = actions.start_application(category(), by=applicant)
    actions.save_draft(application, {"postcode": "3300", "plan": "一、"}, by=applicant)
    application.refresh_from_db()
    assert application.values["postcode"] == "3300" and application.values["plan"] == "一、"
    row = AuditEvent.objects.filter(event=Event.APPLICATION_SAVE).last()
    assert row.changes == {"fields": ["plan", "postcode"]}


def test_it_keeps_the_newer_edit_of_two_windows(people):
    applicant = people.dh_applicant
    application = actions.start_application(category(), by=applicant)
    now = timezone.now()
    newer = actions.save_draft(application, {"plan": "新的"}, by=applicant, edited_at=now)
    older = actions.save_draft(
        application, {"plan": "旧的"}, by=applicant, edited_at=now - timedelta(seconds=5)
    )
    assert newer.saved and not older.saved
    application.refresh_from_db()
    assert application.values["plan"] == "新的"


def test_it_lists_every_problem_at_once_on_submission(people):
    applicant = people.dh_applicant
    application = actions.start_application(category(), by=applicant)
    actions.save_draft(
        application, {"postcode": "3300", "email": "x@", "leader_phone": "123"}, by=applicant
    )
    with pytest.raises(actions.Refused) as refusal:
        actions.submit_application(application, opinion("", ""), by=applicant)
    errors = refusal.value.message_dict
    assert {"postcode", "email", "leader_phone", "plan", "foundation", "__opinion__"} <= set(errors)
    assert "邮政编码应为6位数字" in errors["postcode"][0]
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.values["postcode"] == "3300"


def test_it_refuses_drafts_by_someone_else(people):
    application = actions.start_application(category(), by=people.dh_applicant)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.save_draft(application, {"plan": "越权"}, by=people.rj_applicant)
