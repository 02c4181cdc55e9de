"""Pilots of the demo programme reached through the real actions (``make_pilots``). The seed
programmes' pilots are reached in the browser by the journeys (journeys/)."""

from datetime import timedelta
from decimal import Decimal

import time_machine

from applications.tests.flow import demo_programme, endorse_all, submitted
from applications.tests.helpers import submitted_batch
from pilots import actions as pilot_actions
from pilots.models import Indicator, Milestone, Pilot
from reviews import actions as review_actions
from reviews.models import Decision, Eligibility


def make_pilots(people) -> dict[str, Pilot]:
    """东湖 (江西, a county region) and 福田 (深圳) become pilots of the demo programme; the
    clock is left where it was (the caller's)."""
    donghu = endorse_all(submitted(people.dh_applicant), people.nc_endorser, people.jx_endorser)
    futian = endorse_all(submitted(people.ft_applicant), people.sz_endorser)
    submitted_batch(people.jx_endorser, [donghu])
    submitted_batch(people.sz_endorser, [futian])
    programme = demo_programme()
    officer = people.mz_officer
    with time_machine.travel(programme.application_deadline + timedelta(hours=1), tick=False):
        review_actions.open_review(programme, by=officer)
        for application in (donghu, futian):
            review_actions.check_eligibility(application, Eligibility.ELIGIBLE, by=officer)
        for application in (donghu, futian):
            review_actions.decide(application, Decision.SELECTED, "入选", by=officer)
        review_actions.publish_final(programme, by=officer)
    return {
        "donghu": Pilot.objects.get(application=donghu),
        "futian": Pilot.objects.get(application=futian),
    }


def accepted_plan(pilot: Pilot, applicant, province_endorser, targets=("326", "12")):
    plan = pilot_actions.ensure_plan(pilot)
    plan.summary = "建成覆盖全区的社会工作服务体系。"
    plan.save()
    for area in plan.areas.all():
        area.goals, area.measures = "目标……", "措施……"
        area.save()
    names = [("持证社会工作者", "名"), ("社会工作服务站", "个")]
    for order, ((name, unit), target) in enumerate(zip(names, targets, strict=True), start=1):
        Indicator.objects.create(
            plan=plan, order=order, name=name, unit=unit, target=Decimal(target)
        )
    Milestone.objects.create(
        plan=plan, title="完成全部站点挂牌", due_on=pilot.starts_on + timedelta(days=180)
    )
    pilot_actions.submit_plan(plan, by=applicant)
    pilot_actions.review_plan(plan, accept=True, comments="同意。", by=province_endorser)
    plan.refresh_from_db()
    return plan
