"""分配专家: Li Minghua (mz_officer) assigns experts in bulk. An expert never scores an
application from the province of their employer: Professor Qiu (expert_jx, 南昌大学) is
refused for 南昌市东湖区, with the reason on the page, while Professor Song (expert_bj, 北京大学)
is assigned. A declared conflict withdraws the assignment and blocks a new one."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.tests.flow import demo_programme
from reviews import actions
from reviews.models import Assignment
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
    return reverse("reviews:assign", args=[demo_programme().pk])


def assign(client, url, applications, experts):
    return client.post(
        url,
        {"application": [a.pk for a in applications], "expert": [e.pk for e in experts]},
    )


@pytest.mark.parametrize("username", ["jx_endorser", "expert_bj"])
def test_it_lets_only_programme_officers_assign(people, client_for, ready, url, username):
    apps, _rubric = ready
    client = client_for(getattr(people, username))

    assert client.get(url).status_code == 403
    assert assign(client, url, [apps["donghu"]], [people.expert_bj]).status_code == 403
    assert not Assignment.objects.exists()


def test_it_lists_eligible_applications_and_the_experts(people, client_for, ready, url):
    page = client_for(people.mz_officer).get(url).content.decode()

    for name in ("南昌市东湖区民政局", "瑞金市民政局", "深圳市福田区民政局"):
        assert name in page
    for name, employer, field, province in (
        ("宋教授", "北京大学社会学系", "社会工作理论与政策", "北京市"),
        ("罗教授", "中山大学社会学与人类学学院", "企业社会工作", "广东省"),
        ("邱教授", "南昌大学公共管理学院", "社区治理", "江西省"),
    ):
        row = page[page.index(name) : page.index("</tr>", page.index(name))]
        assert employer in row and field in row and province in row


def test_it_filters_the_applications_by_province(people, client_for, ready, url):
    _apps, _rubric = ready
    shenzhen = people.org("深圳市民政局")

    page = client_for(people.mz_officer).get(url, {"province": shenzhen.pk}).content.decode()
    listed = page[page.index("applications-heading") : page.index("experts-heading")]

    assert "深圳市福田区民政局" in listed
    assert "南昌市东湖区民政局" not in listed


def test_it_refuses_an_expert_from_the_applicants_province_with_the_reason(
    people, client_for, ready, url
):
    apps, _rubric = ready

    response = assign(
        client_for(people.mz_officer), url, [apps["donghu"]], [people.expert_jx, people.expert_bj]
    )

    page = response.content.decode()
    assert "新分配评审任务 1 项" in page
    refused = page[
        page.index("result-heading") : page.index("</section>", page.index("result-heading"))
    ]
    assert "南昌市东湖区民政局" in refused and "邱教授" in refused
    assert _("专家工作单位与申报主体在同一省份") in refused
    assert "宋教授" not in refused
    experts = set(Assignment.objects.values_list("expert__username", flat=True))
    assert experts == {"expert_bj"}


def test_it_lists_current_assignments_with_their_state(people, client_for, ready, url):
    apps, rubric = ready
    actions.assign_experts(
        rubric, [apps["donghu"]], [people.expert_bj, people.expert_gd], by=people.mz_officer
    )
    song = Assignment.objects.get(expert=people.expert_bj)
    actions.save_scores(song, {}, by=people.expert_bj)

    page = client_for(people.mz_officer).get(url).content.decode()
    row = page[page.index('id="app-%d"' % apps["donghu"].pk) :]
    row = row[: row.index("</tr>")]

    assert "宋教授" in row and "评分中" in row
    assert "罗教授" in row and "待评分" in row


def test_it_keeps_a_declared_conflict_out_of_a_new_assignment(people, client_for, ready, url):
    apps, rubric = ready
    actions.assign_experts(rubric, [apps["donghu"]], [people.expert_bj], by=people.mz_officer)
    song = Assignment.objects.get()
    client_for(people.expert_bj).post(
        reverse("reviews:declare_conflict", args=[song.pk]), {"reason": "曾参与该区申报材料编写"}
    )
    assert not Assignment.objects.exists()

    response = assign(client_for(people.mz_officer), url, [apps["donghu"]], [people.expert_bj])

    page = response.content.decode()
    assert "新分配评审任务 0 项" in page
    assert _("专家已声明回避") in page
    assert not Assignment.objects.exists()


def test_it_says_what_is_missing_from_the_choice(people, client_for, ready, url):
    apps, _rubric = ready

    response = assign(client_for(people.mz_officer), url, [apps["donghu"]], [])

    assert "请至少选择一位评审专家" in response.content.decode()
    assert not Assignment.objects.exists()


def test_it_asks_for_a_rubric_first(people, client_for, url):
    page = client_for(people.mz_officer).get(url).content.decode()

    assert "请先制定评分标准" in page


# ------------------------------------------------------------------ withdrawing an assignment


def test_it_withdraws_an_assignment_not_yet_submitted(people, client_for, ready, url):
    apps, rubric = ready
    actions.assign_experts(rubric, [apps["donghu"]], [people.expert_bj], by=people.mz_officer)
    song = Assignment.objects.get()

    response = client_for(people.mz_officer).post(
        reverse("reviews:unassign", args=[demo_programme().pk, song.pk]), follow=True
    )

    assert "已撤销宋教授对“南昌市东湖区民政局”的评审任务" in response.content.decode()
    assert not Assignment.objects.exists()


def test_it_keeps_a_submitted_assignment(people, client_for, ready, url):
    apps, rubric = ready
    actions.assign_experts(rubric, [apps["donghu"]], [people.expert_bj], by=people.mz_officer)
    song = Assignment.objects.get()
    scores = {c.pk: ("8", "") for c in rubric.criteria.all()}
    actions.save_scores(song, scores, by=people.expert_bj, overall_comment="好")
    actions.submit_scores(song, by=people.expert_bj)
    client = client_for(people.mz_officer)

    assert f"unassign-{song.pk}" not in client.get(url).content.decode()
    client.post(reverse("reviews:unassign", args=[demo_programme().pk, song.pk]))
    assert Assignment.objects.filter(pk=song.pk).exists()


@pytest.mark.parametrize("username", ["jx_endorser", "expert_bj"])
def test_it_lets_only_officers_withdraw(people, client_for, ready, username):
    apps, rubric = ready
    actions.assign_experts(rubric, [apps["donghu"]], [people.expert_bj], by=people.mz_officer)
    song = Assignment.objects.get()

    response = client_for(getattr(people, username)).post(
        reverse("reviews:unassign", args=[demo_programme().pk, song.pk])
    )

    assert response.status_code == 403
    assert Assignment.objects.filter(pk=song.pk).exists()


def test_it_keeps_inline_code_out_of_the_officer_pages(people, client_for, ready, url):
    from desk.tests.test_content_security import _check

    client = client_for(people.mz_officer)
    pk = demo_programme().pk
    for name in ("rubric", "assign", "scores"):
        _check(client.get(reverse(f"reviews:{name}", args=[pk])).content.decode())
