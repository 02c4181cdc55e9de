"""The pilot plan goes to the province, which accepts or returns it; the ministry may return
an accepted plan; every submission is kept."""

import pytest
from django.core.exceptions import PermissionDenied

from applications.actions import Refused
from pilots import actions
from pilots.models import PlanStatus
from pilots.tests.pilot_flow import accepted_plan, make_pilots

pytestmark = pytest.mark.django_db


def test_it_refuses_an_incomplete_plan_with_every_reason(people):
    plan = actions.ensure_plan(make_pilots(people)["donghu"])
    with pytest.raises(Refused) as refusal:
        actions.submit_plan(plan, by=people.dh_applicant)
    messages = refusal.value.messages
    assert "请填写总体目标。" in messages
    assert "请至少设置一个带目标值的指标。" in messages
    assert any("目标和措施都要填写" in m for m in messages)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and not plan.versions.exists()


def test_it_takes_a_plan_through_the_province_and_back_from_the_ministry(people):
    donghu = make_pilots(people)["donghu"]
    plan = accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    assert plan.status == PlanStatus.ACCEPTED
    assert plan.versions.get().review_state == PlanStatus.ACCEPTED

    actions.ministry_return_plan(plan, "指标偏少，请补充服务人次。", by=people.mz_officer)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED and plan.is_editable
    assert people.dh_applicant.notifications.filter(message__contains="补充服务人次").exists()

    actions.submit_plan(plan, by=people.dh_applicant)
    assert [v.number for v in plan.versions.all()] == [1, 2]
    assert plan.versions.first().snapshot["indicators"][0]["target"] == "326.00"


def test_it_lets_only_the_pilots_own_province_review(people):
    pilots = make_pilots(people)
    plan = actions.ensure_plan(pilots["futian"])
    with pytest.raises(PermissionDenied):
        actions.review_plan(plan, accept=True, comments="", by=people.gd_endorser)
    with pytest.raises(PermissionDenied):
        actions.submit_plan(plan, by=people.dh_applicant)


def test_it_wants_comments_for_a_return(people):
    donghu = make_pilots(people)["donghu"]
    plan = accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    with pytest.raises(Refused, match="写明意见"):
        actions.ministry_return_plan(plan, " ", by=people.mz_officer)
