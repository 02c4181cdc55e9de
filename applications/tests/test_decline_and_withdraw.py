"""Declining ends an application; withdrawing takes it back before the next level acts."""

import pytest
from django.core.exceptions import PermissionDenied

from applications import actions
from applications.models import Status, StepState
from applications.tests.flow import opinion, submitted
from audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db


def test_it_ends_a_declined_application_and_tells_the_applicant_why(people):
    application = submitted(people.dh_applicant)
    actions.decline(application, "试点基础薄弱，暂不推荐。", by=people.nc_endorser)
    application.refresh_from_db()
    assert application.status == Status.DECLINED and not application.is_editable
    assert application.steps.get(level="upper").opinion == "试点基础薄弱，暂不推荐。"
    with pytest.raises(actions.Refused):
        actions.submit_application(application, opinion(), by=people.dh_applicant)
    with pytest.raises(actions.Refused):
        actions.recommend(application, opinion(), by=people.jx_endorser)


def test_it_lets_the_applicant_withdraw_before_the_next_level_acts(people):
    application = submitted(people.dh_applicant)
    actions.withdraw(application, by=people.dh_applicant)
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.is_editable
    assert application.steps.get(round=1, level="upper").state == StepState.WITHDRAWN
    assert AuditEvent.objects.filter(event=Event.APPLICATION_WITHDRAW).count() == 1
    with pytest.raises(actions.Refused):
        actions.recommend(application, opinion(), by=people.nc_endorser)


def test_it_refuses_a_withdrawal_once_the_next_level_has_acted(people):
    application = submitted(people.dh_applicant)
    actions.recommend(application, opinion(), by=people.nc_endorser)
    with pytest.raises(actions.Refused, match="不能撤回"):
        actions.withdraw(application, by=people.dh_applicant)
    application.refresh_from_db()
    assert application.status == Status.PENDING


def test_it_refuses_withdrawal_by_anyone_but_the_applicant(people):
    application = submitted(people.dh_applicant)
    with pytest.raises(PermissionDenied):
        actions.withdraw(application, by=people.dh_endorser)


def test_it_allows_one_application_per_organisation_and_category(people):
    application = submitted(people.dh_applicant)
    with pytest.raises(actions.Refused, match="限报1份"):
        actions.start_application(application.category, by=people.dh_applicant)
