"""评分汇总: per application the experts assigned, submitted and missing scores, each
expert's total, the average, the spread and the rank (ties share it). Officers only, and a
fixed number of queries whatever the number of applications."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from applications.tests.flow import demo_programme
from reviews import actions
from reviews.models import Assessment, Assignment, Eligibility
from reviews.tests.review_flow import after_deadline, all_eligible, submitted_to_ministry

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(people):
    apps = submitted_to_ministry(people)
    with after_deadline():
        all_eligible(people, apps.values())
        rubric = actions.rubric_from_content_areas(demo_programme(), by=people.mz_officer)
        yield apps, rubric


@pytest.fixture
def url():
    return reverse("reviews:scores", args=[demo_programme().pk])


def score(rubric, application, expert, value: str, *, submit: bool = True) -> None:
    """The expert gives ``value`` on every criterion (and submits)."""
    assignment = Assignment.objects.get(rubric=rubric, application=application, expert=expert)
    scores = {c.pk: (value, "") for c in rubric.criteria.all()}
    actions.save_scores(assignment, scores, by=expert, overall_comment="意见。")
    if submit:
        actions.submit_scores(assignment, by=expert)


def row_of(page: str, application) -> str:
    start = page.index(f'data-application="{application.pk}"')
    return page[start : page.index("</tr>", start)]


def cell(row: str, name: str) -> str:
    match = re.search(rf"data-{name}>(.*?)</td>", row)
    return re.sub(r"<[^>]+>", " ", match.group(1)).split()[0] if match else ""


@pytest.mark.parametrize("username", ["jx_endorser", "expert_bj"])
def test_it_shows_the_scores_to_programme_officers_only(people, client_for, ready, url, username):
    assert client_for(getattr(people, username)).get(url).status_code == 403


def test_it_shows_averages_spread_missing_and_tied_ranks(people, client_for, ready, url):
    apps, rubric = ready
    n = rubric.criteria.count()
    donghu, ruijin, futian = apps["donghu"], apps["ruijin"], apps["futian"]
    bj, gd = people.expert_bj, people.expert_gd
    actions.assign_experts(rubric, [donghu, ruijin], [bj, gd], by=people.mz_officer)
    actions.assign_experts(rubric, [futian], [bj], by=people.mz_officer)
    score(rubric, donghu, bj, "9")  # 东湖: 9n and 7n → average 8n, spread 2n
    score(rubric, donghu, gd, "7")
    score(rubric, ruijin, bj, "8")  # 瑞金: 8n, 罗教授 still drafting → 1 missing
    score(rubric, ruijin, gd, "5", submit=False)
    score(rubric, futian, bj, "6")  # 福田: 6n

    page = client_for(people.mz_officer).get(url).content.decode()

    row = row_of(page, donghu)
    assert cell(row, "average") == str(8 * n)
    assert cell(row, "spread") == str(2 * n)
    assert cell(row, "missing") == "0"
    assert str(9 * n) in row and str(7 * n) in row
    row = row_of(page, ruijin)
    assert cell(row, "average") == str(8 * n) and cell(row, "missing") == "1"
    assert "评分中" in row
    # 东湖 and 瑞金 tie for first; 福田 is third (1, 1, 3).
    assert cell(row_of(page, donghu), "rank") == cell(row_of(page, ruijin), "rank") == "1"
    assert "并列" in row_of(page, donghu)
    assert cell(row_of(page, futian), "rank") == "3"
    assert page.index(f'data-application="{futian.pk}"') > page.index(
        f'data-application="{ruijin.pk}"'
    )


def test_it_leaves_applications_without_a_submitted_score_unranked(people, client_for, ready, url):
    apps, rubric = ready
    actions.assign_experts(rubric, [apps["donghu"]], [people.expert_bj], by=people.mz_officer)

    page = client_for(people.mz_officer).get(url).content.decode()

    row = row_of(page, apps["donghu"])
    assert cell(row, "rank") == "—" and cell(row, "average") == "—"
    assert cell(row, "missing") == "1"
    assert "未分配专家" in row_of(page, apps["ruijin"])


def clones(application, count: int) -> list[Application]:
    """More eligible applications like ``application`` (for counting queries)."""
    made = []
    for _i in range(count):
        copy = Application.objects.get(pk=application.pk)
        copy.pk = None
        copy.save()
        Assessment.objects.create(application=copy, eligibility=Eligibility.ELIGIBLE)
        made.append(copy)
    return made


def test_it_runs_a_fixed_number_of_queries(people, client_for, ready, url):
    apps, rubric = ready
    bj, gd = people.expert_bj, people.expert_gd

    def scored(applications):
        actions.assign_experts(rubric, applications, [bj, gd], by=people.mz_officer)
        for application in applications:
            score(rubric, application, bj, "8")
            score(rubric, application, gd, "6", submit=False)

    scored([apps["donghu"], apps["ruijin"], *clones(apps["donghu"], 3)])  # 5 applications
    client = client_for(people.mz_officer)
    client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    scored(clones(apps["ruijin"], 15))  # 20
    with CaptureQueriesContext(connection) as twenty:
        page = client.get(url).content.decode()

    assert page.count("data-application=") == 21  # and 福田, not assigned
    assert len(twenty) == len(five)


def test_it_sorts_by_region_code_on_request(people, client_for, ready, url):
    apps, rubric = ready
    actions.assign_experts(rubric, [apps["ruijin"]], [people.expert_bj], by=people.mz_officer)
    score(rubric, apps["ruijin"], people.expert_bj, "8")

    by_rank = client_for(people.mz_officer).get(url).content.decode()
    by_code = client_for(people.mz_officer).get(url, {"sort": "code"}).content.decode()

    # 瑞金 (360781) ranks first; by code 东湖 (360102) comes first.
    assert by_rank.index(f'"{apps["ruijin"].pk}"') < by_rank.index(f'"{apps["donghu"].pk}"')
    assert by_code.index(f'"{apps["donghu"].pk}"') < by_code.index(f'"{apps["ruijin"].pk}"')
