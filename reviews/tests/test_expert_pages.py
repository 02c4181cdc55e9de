"""The experts' pages: 评审任务, scoring with a running total, drafts, submission, 回避.

Professor Song (expert_bj, 北京大学) and Professor Luo (expert_gd, 中山大学) are asked to
score 南昌市东湖区's application; each sees only their own assignment. Professor Qiu
(expert_jx, 南昌大学) is never asked: his employer is in 江西, as 东湖 is.
"""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from applications.tests.flow import COMPLETE_VALUES, demo_programme
from audit.models import AuditEvent
from reviews import actions
from reviews.models import Assignment, AssignmentState, ConflictDeclaration, Score
from reviews.tests.review_flow import after_deadline, all_eligible, submitted_to_ministry

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(people):
    """东湖's application, eligible, scored against the demo rubric with its first criterion
    weighted 2; Song and Luo assigned."""
    apps = submitted_to_ministry(people)
    with after_deadline():
        all_eligible(people, apps.values())
        rubric = actions.rubric_from_content_areas(demo_programme(), by=people.mz_officer)
        first = rubric.criteria.order_by("order").first()
        first.weight = D("2")
        first.save()
        actions.assign_experts(
            rubric, [apps["donghu"]], [people.expert_bj, people.expert_gd], by=people.mz_officer
        )
        yield apps, rubric


@pytest.fixture
def song(people, ready):
    return Assignment.objects.get(expert=people.expert_bj)


@pytest.fixture
def luo(people, ready):
    return Assignment.objects.get(expert=people.expert_gd)


def url(assignment) -> str:
    return reverse("reviews:score", args=[assignment.pk])


def posted(rubric, values, *, overall="基础扎实，方案可行。", action="save", comment=""):
    data = {"overall_comment": overall, "action": action}
    for criterion, value in zip(rubric.criteria.order_by("order"), values, strict=True):
        data[f"score_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = comment
    return data


def test_it_lists_an_experts_own_assignments_only(people, client_for, song, luo):
    page = client_for(people.expert_bj).get(reverse("reviews:my_assignments")).content.decode()

    assert url(song) in page
    assert url(luo) not in page
    assert "南昌市东湖区民政局" in page


@pytest.mark.parametrize("username", ["jx_endorser", "dh_applicant"])
def test_it_keeps_the_expert_pages_to_experts(people, client_for, song, username):
    client = client_for(getattr(people, username))

    assert client.get(reverse("reviews:my_assignments")).status_code == 403
    assert client.get(url(song)).status_code == 403


def test_it_answers_404_for_another_experts_assignment(people, client_for, song, luo):
    client = client_for(people.expert_bj)

    assert client.get(url(luo)).status_code == 404
    assert client.post(url(luo), {"action": "save"}).status_code == 404
    assert (
        client.post(reverse("reviews:declare_conflict", args=[luo.pk]), {"reason": "x"}).status_code
        == 404
    )
    luo.refresh_from_db()
    assert luo.state == AssignmentState.ASSIGNED


def test_it_shows_the_application_read_only_with_the_rubric(people, client_for, ready, song):
    _apps, rubric = ready

    page = client_for(people.expert_bj).get(url(song)).content.decode()

    assert COMPLETE_VALUES["foundation"] in page  # the form's values, as on the paper form
    assert "sd-paper" in page
    for criterion in rubric.criteria.all():
        assert criterion.title in page
        assert f'name="score_{criterion.pk}"' in page
    assert 'step="0.5"' in page
    assert "/static/js/scoring.js" in page


def test_it_shows_the_weighted_running_total(people, client_for, ready, song):
    _apps, rubric = ready
    n = rubric.criteria.count()
    # Max: 10 × 2 for the first criterion, 10 for each of the others.
    max_total = 10 * (n + 1)
    values = ["7.5"] + ["8"] * (n - 2) + [""]  # the last one not scored yet
    client = client_for(people.expert_bj)

    response = client.post(url(song), posted(rubric, values))
    assert response.status_code == 302
    page = client.get(url(song)).content.decode()

    total = D("7.5") * 2 + 8 * (n - 2)
    assert f"合计 {total.normalize():f} / {max_total}" in page
    assert f"已评 {n - 1} / {n} 项" in page


def test_it_saves_a_draft(people, client_for, ready, song):
    _apps, rubric = ready
    n = rubric.criteria.count()

    response = client_for(people.expert_bj).post(
        url(song), posted(rubric, ["8"] * n, comment="有基础。"), follow=True
    )

    song.refresh_from_db()
    assert song.state == AssignmentState.DRAFT
    assert set(song.scores.values_list("score", flat=True)) == {D("8")}
    assert "评分已保存为草稿" in response.content.decode()
    assert AuditEvent.objects.filter(event="score_save", actor=people.expert_bj).count() == 1


def test_it_refuses_a_score_out_of_range_and_keeps_what_was_typed(people, client_for, ready, song):
    _apps, rubric = ready
    n = rubric.criteria.count()
    client = client_for(people.expert_bj)
    client.post(url(song), posted(rubric, ["6"] * n))
    last = rubric.criteria.order_by("order").last()

    response = client.post(
        url(song),
        posted(rubric, ["9"] * (n - 1) + ["12"], overall="新写的总体评价", comment="新评语"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f"“{last.title}”的得分须在0到10之间。" in page
    assert 'value="12"' in page and page.count('value="9"') == n - 1
    assert "新写的总体评价" in page and page.count("新评语") == n
    # Nothing of the refused save was kept: the earlier draft stands.
    assert set(Score.objects.filter(assignment=song).values_list("score", flat=True)) == {D("6")}


def test_it_refuses_a_score_not_in_steps_of_a_half(people, client_for, ready, song):
    _apps, rubric = ready
    n = rubric.criteria.count()

    response = client_for(people.expert_bj).post(
        url(song), posted(rubric, ["7.3"] + ["8"] * (n - 1))
    )

    assert "得分以0.5分为单位" in response.content.decode()
    assert not Score.objects.filter(assignment=song).exists()


def test_it_refuses_to_submit_with_a_missing_score(people, client_for, ready, song):
    _apps, rubric = ready
    n = rubric.criteria.count()
    first = rubric.criteria.order_by("order").first()

    response = client_for(people.expert_bj).post(
        url(song), posted(rubric, [""] + ["8"] * (n - 1), action="submit")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "以下评分项尚未打分" in page and first.title in page
    song.refresh_from_db()
    assert song.state == AssignmentState.DRAFT and song.total is None  # the draft is kept
    assert page.count('value="8"') == n - 1


def test_it_submits_and_then_shows_the_scores_read_only(people, client_for, ready, song):
    _apps, rubric = ready
    n = rubric.criteria.count()
    client = client_for(people.expert_bj)

    response = client.post(url(song), posted(rubric, ["8"] * n, action="submit"), follow=True)

    song.refresh_from_db()
    assert song.state == AssignmentState.SUBMITTED
    assert song.total == D(8 * (n + 1))
    assert f"评分已提交：南昌市东湖区民政局，总分 {8 * (n + 1)} / {10 * (n + 1)}" in (
        response.content.decode()
    )
    page = client.get(url(song)).content.decode()
    assert "评分不能再修改" in page
    assert 'name="score_' not in page
    assert f"合计 {8 * (n + 1)} / {10 * (n + 1)}" in page
    # A late POST changes nothing.
    client.post(url(song), posted(rubric, ["1"] * n))
    song.refresh_from_db()
    assert song.total == D(8 * (n + 1))


def test_it_lets_an_expert_declare_a_conflict(people, client_for, ready, song):
    apps, _rubric = ready
    client = client_for(people.expert_bj)

    response = client.post(
        reverse("reviews:declare_conflict", args=[song.pk]),
        {"reason": "两年内曾为东湖区民政局提供咨询服务"},
        follow=True,
    )

    assert "已声明回避：南昌市东湖区民政局，该评审任务已撤回" in response.content.decode()
    assert not Assignment.objects.filter(pk=song.pk).exists()
    assert ConflictDeclaration.objects.get(expert=people.expert_bj).application == apps["donghu"]
    assert client.get(url(song)).status_code == 404


def test_it_asks_for_a_reason_to_declare_a_conflict(people, client_for, song):
    response = client_for(people.expert_bj).post(
        reverse("reviews:declare_conflict", args=[song.pk]), {"reason": " "}
    )

    assert "请写明回避理由" in response.content.decode()
    assert Assignment.objects.filter(pk=song.pk).exists()


def test_it_keeps_inline_code_out_of_the_scoring_page(people, client_for, song):
    from desk.tests.test_content_security import _check

    _check(client_for(people.expert_bj).get(url(song)).content.decode())
    _check(client_for(people.expert_bj).get(reverse("reviews:my_assignments")).content.decode())
