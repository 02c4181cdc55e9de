"""Experts: conflicts of interest are enforced; scores are checked, drafted, submitted,
and averaged; an expert sees only their own assignments."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied

from applications.actions import Refused
from applications.tests.flow import demo_programme
from reviews import actions
from reviews.models import Assessment, Assignment, AssignmentState
from reviews.tests.review_flow import after_deadline, all_eligible, submitted_to_ministry

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(people):
    apps = submitted_to_ministry(people)
    with after_deadline():
        all_eligible(people, apps.values())
        rubric = actions.rubric_from_content_areas(demo_programme(), by=people.mz_officer)
        yield apps, rubric


def test_it_never_assigns_an_expert_from_the_applicants_province(people, ready):
    apps, rubric = ready
    created, refused = actions.assign_experts(
        rubric,
        [apps["donghu"], apps["futian"]],
        [people.expert_jx, people.expert_gd],
        by=people.mz_officer,
    )
    pairs = {(a.pk, e.username) for a, e, _reason in refused}
    assert pairs == {(apps["donghu"].pk, "expert_jx"), (apps["futian"].pk, "expert_gd")}
    assert created == 2
    assert not Assignment.objects.filter(
        application=apps["donghu"], expert=people.expert_jx
    ).exists()


def test_it_honours_a_declared_conflict(people, ready):
    apps, rubric = ready
    actions.assign_experts(rubric, [apps["donghu"]], [people.expert_bj], by=people.mz_officer)
    actions.declare_conflict(apps["donghu"], "两年内曾为该区提供咨询服务", by=people.expert_bj)
    assert not Assignment.objects.filter(expert=people.expert_bj).exists()
    created, refused = actions.assign_experts(
        rubric, [apps["donghu"]], [people.expert_bj], by=people.mz_officer
    )
    assert created == 0 and refused[0][2] == "专家已声明回避"


def test_it_assigns_only_eligible_applications(people):
    apps = submitted_to_ministry(people)
    with after_deadline():
        actions.open_review(demo_programme(), by=people.mz_officer)
        rubric = actions.rubric_from_content_areas(demo_programme(), by=people.mz_officer)
        created, refused = actions.assign_experts(
            rubric, [apps["donghu"]], [people.expert_bj], by=people.mz_officer
        )
    assert created == 0 and refused[0][2] == "尚未通过形式审查"


def scores_for(rubric, values):
    return {c.pk: (v, "") for c, v in zip(rubric.criteria.order_by("order"), values, strict=True)}


def test_it_refuses_a_score_out_of_range_and_keeps_the_earlier_draft(people, ready):
    apps, rubric = ready
    actions.assign_experts(rubric, [apps["donghu"]], [people.expert_bj], by=people.mz_officer)
    assignment = Assignment.objects.get(expert=people.expert_bj)
    n = rubric.criteria.count()
    actions.save_scores(assignment, scores_for(rubric, ["8"] * n), by=people.expert_bj)
    with pytest.raises(Refused, match="0到10之间"):
        actions.save_scores(
            assignment, scores_for(rubric, ["9"] * (n - 1) + ["11"]), by=people.expert_bj
        )
    assert set(assignment.scores.values_list("score", flat=True)) == {D("8")}


def test_it_submits_a_weighted_total_and_averages_two_experts(people, ready):
    apps, rubric = ready
    criteria = list(rubric.criteria.order_by("order"))
    criteria[0].weight = D("2")
    criteria[0].save()
    actions.assign_experts(
        rubric, [apps["donghu"]], [people.expert_bj, people.expert_gd], by=people.mz_officer
    )
    n = len(criteria)
    for expert, value in ((people.expert_bj, "8"), (people.expert_gd, "6")):
        assignment = Assignment.objects.get(expert=expert)
        actions.save_scores(
            assignment, scores_for(rubric, [value] * n), by=expert, overall_comment="基础扎实。"
        )
        actions.submit_scores(assignment, by=expert)

    totals = sorted(Assignment.objects.values_list("total", flat=True))
    assert totals == [D(6 * (n + 1)), D(8 * (n + 1))]  # the first criterion counts twice
    assert Assessment.objects.get(application=apps["donghu"]).average_score == D(7 * (n + 1))


def test_it_refuses_submission_with_a_missing_score(people, ready):
    apps, rubric = ready
    actions.assign_experts(rubric, [apps["donghu"]], [people.expert_bj], by=people.mz_officer)
    assignment = Assignment.objects.get(expert=people.expert_bj)
    n = rubric.criteria.count()
    actions.save_scores(
        assignment,
        scores_for(rubric, ["8"] * (n - 1) + [""]),
        by=people.expert_bj,
        overall_comment="好",
    )
    with pytest.raises(Refused, match="尚未打分"):
        actions.submit_scores(assignment, by=people.expert_bj)
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.DRAFT and assignment.total is None


def test_it_keeps_experts_to_their_own_assignments(people, ready):
    apps, rubric = ready
    actions.assign_experts(
        rubric, [apps["donghu"]], [people.expert_bj, people.expert_gd], by=people.mz_officer
    )
    mine = Assignment.objects.visible_to(people.expert_bj)
    assert {a.expert_id for a in mine} == {people.expert_bj.pk}
    theirs = Assignment.objects.get(expert=people.expert_gd)
    with pytest.raises(PermissionDenied):
        actions.save_scores(theirs, {}, by=people.expert_bj)
    assert not Assignment.objects.visible_to(people.jx_endorser).exists()


def test_it_shows_provinces_only_their_own_files(people, ready):
    names = {
        a.application.organisation.name for a in Assessment.objects.visible_to(people.jx_endorser)
    }
    assert names == {"南昌市东湖区民政局", "瑞金市民政局"}
    assert Assessment.objects.visible_to(people.expert_bj).count() == 0
    assert Assessment.objects.visible_to(people.mz_officer).count() == 3
