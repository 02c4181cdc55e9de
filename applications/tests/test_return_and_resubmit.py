"""A return sends the application back to its applicant; the resubmission restarts the
chain from the first level and keeps what each round submitted."""

import pytest

from applications import actions
from applications.models import HistoryEntry, Notification, Status, StepState
from applications.tests.flow import endorse_all, opinion, submitted
from audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db


def test_it_returns_to_the_applicant_with_reasons(people):
    application = submitted(people.dh_applicant)
    before = AuditEvent.objects.count()
    actions.return_for_revision(application, "试点方案缺少进度安排。", by=people.nc_endorser)

    application.refresh_from_db()
    assert application.status == Status.RETURNED and application.is_editable
    step = application.steps.get(round=1, level="upper")
    assert (step.state, step.opinion, step.acted_by) == (
        StepState.RETURNED,
        "试点方案缺少进度安排。",
        people.nc_endorser,
    )
    assert application.steps.get(round=1, level="province").state == StepState.VOID
    assert AuditEvent.objects.count() == before + 1
    assert (
        AuditEvent.objects.filter(event=Event.APPLICATION_RETURN, actor=people.nc_endorser).count()
        == 1
    )
    history = HistoryEntry.objects.filter(application=application).last()
    assert (history.action, history.to_status, history.note) == (
        "return",
        Status.RETURNED,
        "试点方案缺少进度安排。",
    )
    assert Notification.objects.filter(
        recipient=people.dh_applicant, message__contains="退回修改"
    ).exists()


def test_it_restarts_the_chain_from_the_first_level_on_resubmission(people):
    applicant = people.dh_applicant
    application = submitted(applicant)
    actions.recommend(application, opinion(), by=people.nc_endorser)
    actions.return_for_revision(application, "请补充经费保障。", by=people.jx_endorser)

    actions.save_draft(
        application, {"plan": "一、目标任务……二、经费保障：区财政每年安排200万元。"}, by=applicant
    )
    actions.submit_application(application, opinion("同意申报。", "张敏"), by=applicant)
    application.refresh_from_db()

    assert application.round == 2
    assert [(s.level, s.state) for s in application.steps.filter(round=2)] == [
        ("applicant", StepState.RECOMMENDED),
        ("upper", StepState.CURRENT),
        ("province", StepState.WAITING),
    ]
    first, second = application.versions.order_by("round")
    assert "经费保障" not in first.values["plan"] and "经费保障" in second.values["plan"]
    assert first.values["foundation"] == second.values["foundation"]

    endorse_all(application, people.nc_endorser, people.jx_endorser)
    assert application.status == Status.ENDORSED


def test_it_refuses_a_return_from_a_level_that_does_not_hold_it(people):
    application = submitted(people.dh_applicant)
    with pytest.raises(actions.Refused, match="南昌市民政局办理"):
        actions.return_for_revision(application, "越级退回", by=people.jx_endorser)
    application.refresh_from_db()
    assert application.status == Status.PENDING
    assert application.steps.get(level="upper").state == StepState.CURRENT


def test_it_wants_reasons_for_a_return(people):
    application = submitted(people.dh_applicant)
    with pytest.raises(actions.Refused, match="理由"):
        actions.return_for_revision(application, "  ", by=people.nc_endorser)
    application.refresh_from_db()
    assert application.status == Status.PENDING
