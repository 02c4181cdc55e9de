"""Publishing a programme puts its notice on the portal; the ministry then moves it along."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent, Event
from portal.models import Notice
from programmes import actions
from programmes.models import Status
from programmes.tests.factories import make_programme, make_publishable

pytestmark = pytest.mark.django_db


def test_it_publishes_a_complete_programme_to_the_portal(people):
    programme = make_publishable(make_programme(notice_title="民政部关于开展某项试点的通知"))
    actions.publish_programme(programme, by=people.mz_officer)

    programme.refresh_from_db()
    assert programme.status == Status.PUBLISHED and programme.published_at
    assert programme.current_status() == Status.OPEN
    notice = Notice.objects.public().get(programme=programme)
    assert notice.title == "民政部关于开展某项试点的通知"
    assert notice.document_number == programme.document_number
    row = AuditEvent.objects.get(event=Event.PROGRAMME_PUBLISH, object_id=str(programme.pk))
    assert row.actor == people.mz_officer


def test_it_lists_what_is_missing_before_publishing(people):
    programme = make_programme()
    with pytest.raises(ValidationError) as error:
        actions.publish_programme(programme, by=people.mz_officer)
    assert {"通知正文为空。", "尚未填写试点主要内容。", "尚未设置申报类别。"} <= set(
        error.value.messages
    )
    programme.refresh_from_db()
    assert programme.status == Status.DRAFT
    assert not Notice.objects.filter(programme=programme).exists()


def test_it_refuses_to_publish_twice_or_for_others(people):
    programme = make_publishable(make_programme())
    with pytest.raises(PermissionDenied):
        actions.publish_programme(programme, by=people.jx_endorser)
    actions.publish_programme(programme, by=people.mz_officer)
    with pytest.raises(ValidationError, match="已经发布"):
        actions.publish_programme(programme, by=people.mz_officer)
    assert Notice.objects.filter(programme=programme).count() == 1


def test_it_refuses_to_publish_after_the_deadline(people):
    programme = make_publishable(make_programme())
    with time_machine.travel(programme.application_deadline + timedelta(hours=1)):
        with pytest.raises(ValidationError, match="截止时间已过"):
            actions.publish_programme(programme, by=people.mz_officer)


def test_it_starts_review_only_after_the_deadline(people):
    programme = make_publishable(make_programme())
    actions.publish_programme(programme, by=people.mz_officer)
    with pytest.raises(ValidationError, match="尚未截止"):
        actions.move_programme(programme, Status.REVIEWING, by=people.mz_officer)
    with time_machine.travel(programme.application_deadline + timedelta(minutes=1)):
        actions.move_programme(programme, Status.REVIEWING, by=people.mz_officer)
    programme.refresh_from_db()
    assert programme.status == Status.REVIEWING
    with pytest.raises(ValidationError, match="不能从"):
        actions.move_programme(programme, Status.EVALUATED, by=people.mz_officer)


def test_it_shows_drafts_to_the_ministry_only(people):
    from programmes.models import Programme

    draft = make_programme()
    assert Programme.objects.visible_to(people.mz_officer).filter(pk=draft.pk).exists()
    assert not Programme.objects.visible_to(people.jx_endorser).filter(pk=draft.pk).exists()
    assert timezone.now() < draft.application_deadline
