"""Pilots reached through the real actions: of the demo programme (``make_pilots``), and of
民函〔2013〕132号 replayed in 2013 (``pilot_of_2013``)."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from applications import actions as application_actions
from applications.actions import Opinion
from applications.tests.flow import demo_programme, endorse_all, submitted
from applications.tests.helpers import submitted_batch
from pilots import actions as pilot_actions
from pilots.models import Indicator, Milestone, Pilot
from programmes.models import Programme
from programmes.models import Status as ProgrammeStatus
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


# --------------------------------------------------------------------------- 民函〔2013〕132号

PROGRAMME_2013 = "民函〔2013〕132号"
BEIJING = ZoneInfo("Asia/Shanghai")

# What 南昌市东湖区 would have written on the 2013 region form, by field key.
REGION_VALUES_2013 = {
    "region_name": "南昌市东湖区",
    "address": "南昌市东湖区八一大道333号",
    "postcode": "330006",
    "leader_name": "王建华",
    "leader_title": "副区长",
    "leader_phone": "0791-86661111",
    "contact_name": "张敏",
    "contact_title": "科长",
    "contact_phone": "13907910001",
    "email": "donghu@example.gov.cn",
    "fax": "0791-86661112",
    "foundation": "全区已有12家企业设立社会工作岗位，持证企业社会工作者230名。",
    "plan": "一、目标任务……二、主要措施……三、进度安排……",
}


def beijing(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=BEIJING)


def programme_2013() -> Programme:
    return Programme.objects.get(document_number=PROGRAMME_2013)


def pilot_of_2013(people) -> Pilot:
    """南昌市东湖区 becomes a pilot of 民函〔2013〕132号 the way it would have in 2013, through
    the real actions with the clock in 2013: it applies in May (before the 2013-06-01
    deadline), 南昌市 and 江西省 recommend it and 江西 submits its batch; the ministry opens
    the review on 5 June, finds it eligible, and selects it and publishes the list on 28 June
    ("在2013年6月底确定"), so the one-year pilot runs from 2013-06-28 to 2014-06-27."""
    # The test replays 2013: the seed imports this programme ARCHIVED (its lifecycle ran
    # outside the system), so put it back where it stood when the notice went out.
    Programme.objects.filter(document_number=PROGRAMME_2013).update(
        status=ProgrammeStatus.PUBLISHED
    )
    programme = programme_2013()
    applicant, officer = people.dh_applicant, people.mz_officer
    category = programme.categories.get(kind="region")
    with time_machine.travel(beijing(2013, 5, 10), tick=False):
        application = application_actions.start_application(category, by=applicant)
        fields = category.form.fields.all()
        missing = [f.key for f in fields if f.required and f.key not in REGION_VALUES_2013]
        assert not missing, f"the 2013 region form asks for {missing}"
        values = {f.key: REGION_VALUES_2013[f.key] for f in fields if f.key in REGION_VALUES_2013}
        application_actions.save_draft(application, values, by=applicant)
        application_actions.submit_application(
            application, _opinion("同意申报。", applicant), by=applicant
        )
    with time_machine.travel(beijing(2013, 5, 16), tick=False):
        endorser = people.nc_endorser
        application_actions.recommend(application, _opinion("同意推荐。", endorser), by=endorser)
    with time_machine.travel(beijing(2013, 5, 24), tick=False):
        endorser = people.jx_endorser
        application_actions.recommend(application, _opinion("同意推荐。", endorser), by=endorser)
        province = endorser.organisation
        application_actions.rank(programme, province, [application.pk], by=endorser)
        application_actions.submit_batch(
            programme, province, _opinion("同意推荐。", endorser), by=endorser
        )
    with time_machine.travel(beijing(2013, 6, 5), tick=False):
        review_actions.open_review(programme, by=officer)
        review_actions.check_eligibility(application, Eligibility.ELIGIBLE, by=officer)
    with time_machine.travel(beijing(2013, 6, 28), tick=False):
        review_actions.decide(application, Decision.SELECTED, "入选", by=officer)
        review_actions.publish_final(programme, by=officer)
    return Pilot.objects.get(application=application)


def _opinion(text: str, user) -> Opinion:
    return Opinion(text, user.full_name, timezone.localdate())
