"""Keeping a draft plan (actions.save_plan). Zhang Min (dh_applicant) writes 东湖's plan: the
overall goal, each content area, indicators and milestones as the rows to keep, in order,
with one audit row. Nobody else writes it (not 福田's applicant, not Jiang who reviews it);
a submitted plan is not changed; an indicator with reported values is not deleted."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from applications.actions import Refused
from audit.models import AuditEvent, Event
from pilots import actions
from pilots.models import Indicator, Milestone, PlanStatus
from pilots.tests.pilot_flow import accepted_plan, make_pilots

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilots(people):
    return make_pilots(people)


@pytest.fixture
def donghu(pilots):
    return pilots["donghu"]


@pytest.fixture
def plan(donghu):
    return actions.ensure_plan(donghu)


def indicator(name="持证社会工作者", target="326", pk=None, **fields):
    return {
        "pk": pk,
        "content_area": None,
        "name": name,
        "unit": "名",
        "baseline": None,
        "target": Decimal(target),
        **fields,
    }


def milestone(pilot, title="完成全部站点挂牌", days=180, pk=None):
    return {
        "pk": pk,
        "content_area": None,
        "title": title,
        "due_on": pilot.starts_on + timedelta(days=days),
    }


def save(
    plan,
    by,
    *,
    summary="建成覆盖全区的社会工作服务体系。",
    areas=None,
    indicators=(),
    milestones=(),
):
    return actions.save_plan(
        plan,
        summary=summary,
        areas={a.pk: ("目标……", "措施……") for a in plan.areas.all()} if areas is None else areas,
        indicators=list(indicators),
        milestones=list(milestones),
        by=by,
    )


def saves(plan):
    return AuditEvent.objects.filter(event=Event.PLAN_SAVE, object_id=str(plan.pk))


def test_it_keeps_the_plan_as_written_with_one_audit_row(people, donghu, plan):
    area = plan.areas.first()
    contents = donghu.programme.content_areas.order_by("order")

    save(
        plan,
        people.dh_applicant,
        summary="  建成覆盖全区的社会工作服务体系。 ",
        areas={area.pk: ("每个街道一个站", "政府购买服务")},
        indicators=[indicator("社会工作服务站", "12", content_area=contents[0]), indicator()],
        milestones=[milestone(donghu)],
    )

    plan.refresh_from_db()
    area.refresh_from_db()
    assert plan.summary == "建成覆盖全区的社会工作服务体系。"
    assert (area.goals, area.measures) == ("每个街道一个站", "政府购买服务")
    rows = list(plan.indicators.order_by("order").values_list("order", "name", "content_area"))
    assert rows == [(1, "社会工作服务站", contents[0].pk), (2, "持证社会工作者", None)]
    assert list(plan.milestones.values_list("title", flat=True)) == ["完成全部站点挂牌"]
    [row] = saves(plan)
    assert row.actor == people.dh_applicant
    assert row.changes == {"indicators": 2, "milestones": 1}


def test_it_changes_reorders_and_deletes_the_saved_rows(people, donghu, plan):
    save(
        plan,
        people.dh_applicant,
        indicators=[indicator("甲"), indicator("乙")],
        milestones=[milestone(donghu, "一"), milestone(donghu, "二", days=200)],
    )
    first, second = plan.indicators.order_by("order")
    done = plan.milestones.get(title="一")
    Milestone.objects.filter(pk=done.pk).update(done_on=donghu.starts_on)

    save(
        plan,
        people.dh_applicant,
        indicators=[indicator("乙", "20", pk=second.pk), indicator("丙")],
        milestones=[milestone(donghu, "一（改）", pk=done.pk)],
    )

    rows = list(plan.indicators.order_by("order").values_list("pk", "name", "target"))
    assert rows[0] == (second.pk, "乙", Decimal("20"))
    assert [name for _pk, name, _t in rows] == ["乙", "丙"]
    assert not Indicator.objects.filter(pk=first.pk).exists()
    done.refresh_from_db()
    assert (done.title, done.done_on) == ("一（改）", donghu.starts_on)  # kept when it was done
    assert plan.milestones.count() == 1
    assert saves(plan).count() == 2


def test_it_refuses_anyone_but_the_pilots_applicant(people, pilots, plan):
    futian_plan = actions.ensure_plan(pilots["futian"])
    for outsider, target in (
        (people.ft_applicant, plan),
        (people.jx_endorser, plan),
        (people.mz_officer, plan),
        (people.dh_applicant, futian_plan),
    ):
        with pytest.raises(PermissionDenied):
            save(target, outsider, summary="改", indicators=[indicator()])

    plan.refresh_from_db()
    assert plan.summary == "" and not plan.indicators.exists() and not saves(plan).exists()


def test_it_refuses_a_submitted_plan_and_changes_nothing(people, donghu):
    plan = accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    before = list(plan.indicators.values_list("pk", "name", "target"))

    with pytest.raises(Refused, match="不能修改"):
        save(plan, people.dh_applicant, summary="改", indicators=[indicator("另一个")])

    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACCEPTED and plan.summary != "改"
    assert list(plan.indicators.values_list("pk", "name", "target")) == before
    assert not saves(plan).exists()


def test_it_refuses_to_delete_an_indicator_with_reported_values(people, donghu):
    actions.set_schedule(donghu.programme, by=people.mz_officer, every_months=3)
    plan = accepted_plan(donghu, people.dh_applicant, people.jx_endorser)
    reported, other = plan.indicators.order_by("order")
    report = donghu.reports.order_by("sequence").first()
    actions.save_report(report, "进展", {reported.pk: ("120", "")}, by=people.dh_applicant)
    actions.ministry_return_plan(plan, "请补充服务人次。", by=people.mz_officer)

    with pytest.raises(Refused, match=r"持证社会工作者.*已有进展报告数据"):
        save(
            plan, people.dh_applicant, summary="改", indicators=[indicator(other.name, pk=other.pk)]
        )

    assert Indicator.objects.filter(pk=reported.pk).exists()
    plan.refresh_from_db()
    assert plan.summary != "改" and not saves(plan).exists()


def test_it_refuses_rows_of_another_plan(people, pilots, plan):
    futian = pilots["futian"]
    theirs = actions.ensure_plan(futian)
    save(theirs, people.ft_applicant, indicators=[indicator()])
    their_indicator = theirs.indicators.get()

    with pytest.raises(PermissionDenied):
        save(plan, people.dh_applicant, indicators=[indicator("改", pk=their_indicator.pk)])
    with pytest.raises(PermissionDenied):
        save(plan, people.dh_applicant, areas={theirs.areas.first().pk: ("改", "改")})

    their_indicator.refresh_from_db()
    assert their_indicator.name == "持证社会工作者" and not saves(plan).exists()


def test_it_refuses_a_milestone_outside_the_pilot_period(people, donghu, plan):
    late = milestone(donghu, "迟到的节点", days=(donghu.ends_on - donghu.starts_on).days + 1)

    with pytest.raises(Refused, match=r"迟到的节点.*须在试点期内"):
        save(plan, people.dh_applicant, milestones=[late])

    assert not plan.milestones.exists() and not saves(plan).exists()
