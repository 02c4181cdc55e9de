"""评分标准: Li Minghua (mz_officer) builds the rubric from the programme's content areas and
edits it until the first score is given. Provinces and experts may not open it."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from applications.tests.flow import demo_programme
from reviews import actions
from reviews.models import Assignment, Rubric, Stage
from reviews.tests.review_flow import after_deadline, all_eligible, submitted_to_ministry

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return demo_programme()


@pytest.fixture
def url(programme):
    return reverse("reviews:rubric", args=[programme.pk])


@pytest.fixture
def rubric(people, programme):
    return actions.rubric_from_content_areas(programme, by=people.mz_officer)


def rows_of(rubric) -> dict:
    """The editor's POST for the rubric's criteria as they are."""
    data = {"rows": str(rubric.criteria.count())}
    for i, c in enumerate(rubric.criteria.order_by("order")):
        data.update(
            {
                f"c{i}-title": c.title,
                f"c{i}-guidance": c.guidance,
                f"c{i}-weight": str(c.weight),
                f"c{i}-max_score": str(c.max_score),
                f"c{i}-content_area_id": str(c.content_area_id or ""),
            }
        )
    return data


@pytest.mark.parametrize("username", ["jx_endorser", "expert_bj", "dh_applicant"])
def test_it_shows_the_rubric_to_programme_officers_only(people, client_for, url, rubric, username):
    client = client_for(getattr(people, username))

    assert client.get(url).status_code == 403
    assert client.post(url, {"create": "1"}).status_code == 403


def test_it_creates_the_rubric_from_the_content_areas(people, client_for, programme, url):
    areas = list(programme.content_areas.order_by("order").values_list("title", flat=True))
    client = client_for(people.mz_officer)
    assert "按试点主要内容生成评分标准" in client.get(url).content.decode()

    response = client.post(url, {"create": "1"}, follow=True)

    rubric = Rubric.objects.get(programme=programme, stage=Stage.APPLICATION)
    assert list(rubric.criteria.values_list("title", flat=True)) == areas
    page = response.content.decode()
    assert f"已按试点主要内容生成评分标准（{len(areas)} 项）" in page
    assert f"满分合计 <strong>{10 * len(areas)}</strong>" in page


def test_it_keeps_the_evaluation_rubric_apart(people, client_for, programme, url, rubric):
    client_for(people.mz_officer).post(f"{url}?stage=evaluation", {"create": "1"})

    assert set(Rubric.objects.filter(programme=programme).values_list("stage", flat=True)) == {
        Stage.APPLICATION,
        Stage.EVALUATION,
    }


def test_it_saves_edited_criteria_and_shows_the_maximum_total(people, client_for, url, rubric):
    data = rows_of(rubric)
    data.update({"c0-title": "队伍建设（含督导）", "c0-weight": "2.5", "c0-max_score": "20"})
    data["c0-guidance"] = "持证社工人数、督导配备"
    n = rubric.criteria.count()

    response = client_for(people.mz_officer).post(url, data, follow=True)

    first = rubric.criteria.order_by("order").first()
    assert (first.title, first.weight, first.max_score) == ("队伍建设（含督导）", D("2.5"), 20)
    assert first.guidance == "持证社工人数、督导配备"
    total = 50 + 10 * (n - 1)  # 2.5 × 20, then 1 × 10 for each other criterion
    assert rubric.max_total() == total
    assert f"满分合计 {total} 分" in response.content.decode()


def test_it_adds_moves_and_removes_rows_before_saving(people, client_for, url, rubric):
    client = client_for(people.mz_officer)
    titles = list(rubric.criteria.order_by("order").values_list("title", flat=True))
    n = len(titles)

    added = client.post(url, {**rows_of(rubric), "add": "1"}).content.decode()
    assert f'name="rows" value="{n + 1}"' in added
    assert "修改尚未保存" in added
    assert rubric.criteria.count() == n  # nothing stored yet

    moved = client.post(url, {**rows_of(rubric), "move": "1:up"}).content.decode()
    assert moved.index(f'value="{titles[1]}"') < moved.index(f'value="{titles[0]}"')

    data = rows_of(rubric)
    data.update({"rows": str(n + 1), f"c{n}-title": "创新做法", f"c{n}-weight": "1"})
    data[f"c{n}-max_score"] = "5"
    data.update({"c0-title": titles[1], "c1-title": titles[0]})  # swapped, as moved
    data.update(
        {"c2-title": "", "c2-guidance": "", "c2-weight": "", "c2-max_score": ""}
    )  # a row emptied: dropped
    client.post(url, data)

    stored = list(rubric.criteria.order_by("order").values_list("title", flat=True))
    assert stored == [titles[1], titles[0], *titles[3:], "创新做法"]


def test_it_removes_a_row_on_request(people, client_for, url, rubric):
    titles = list(rubric.criteria.order_by("order").values_list("title", flat=True))

    page = client_for(people.mz_officer).post(url, {**rows_of(rubric), "remove": "0"}).content
    page = page.decode()

    assert f'value="{titles[0]}"' not in page
    assert f'name="rows" value="{len(titles) - 1}"' in page


def test_it_shows_errors_next_to_the_fields_and_keeps_the_rows(people, client_for, url, rubric):
    data = rows_of(rubric)
    data["c0-weight"] = "0"

    response = client_for(people.mz_officer).post(url, data)

    page = response.content.decode()
    assert "有 1 处需要修改" in page and "is-invalid" in page
    assert rubric.criteria.order_by("order").first().weight == D("1")


def test_it_refuses_changes_once_an_expert_has_scored(people, client_for, url):
    apps = submitted_to_ministry(people)
    with after_deadline():
        all_eligible(people, apps.values())
        rubric = actions.rubric_from_content_areas(demo_programme(), by=people.mz_officer)
        actions.assign_experts(rubric, [apps["donghu"]], [people.expert_bj], by=people.mz_officer)
        assignment = Assignment.objects.get()
        first = rubric.criteria.order_by("order").first()
        actions.save_scores(assignment, {first.pk: ("8", "")}, by=people.expert_bj)
        client = client_for(people.mz_officer)

        assert "已有专家评分，评分标准不能再修改。" in client.get(url).content.decode()
        data = rows_of(rubric)
        data["c0-weight"] = "3"
        response = client.post(url, data)

    assert "已有专家评分，评分标准不能再修改。" in response.content.decode()
    assert rubric.criteria.order_by("order").first().weight == D("1")
