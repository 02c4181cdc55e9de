"""Deadlines on the 遴选报送 pages: the ministry's (and its extensions), and a province's
earlier internal deadline for its own counties and units. Time is frozen, never slept."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from applications import actions
from applications.models import InternalDeadline, ProvincialBatch, Status
from applications.tests.helpers import demo_programme, drafted, endorsed, local_input, opinion

pytestmark = pytest.mark.django_db

COVERING = {"opinion": "同意推荐。", "person": "陈志刚", "signed_on": "2026-11-26"}


@pytest.fixture
def programme():
    return demo_programme()


@pytest.fixture
def jiangxi_ranked(people, programme):
    donghu = endorsed(people.dh_applicant)
    actions.rank(programme, people.bureau("360000"), [donghu.pk], by=people.jx_endorser)
    return donghu


@pytest.fixture
def shenzhen_ranked(people, programme):
    futian = endorsed(people.ft_applicant)
    actions.rank(programme, people.sz_endorser.organisation, [futian.pk], by=people.sz_endorser)
    return futian


def submit(client, programme):
    return client.post(reverse("applications:province_submit", args=[programme.pk]), COVERING)


def test_it_shows_the_deadline_in_beijing_time_with_a_countdown(people, client_for, programme):
    page = (
        client_for(people.jx_endorser)
        .get(reverse("applications:province", args=[programme.pk]))
        .content.decode()
    )

    assert "17:00</time>（北京时间）" in page
    assert "剩余" in page


def test_it_refuses_a_submission_after_the_deadline(people, client_for, programme, jiangxi_ranked):
    with time_machine.travel(programme.application_deadline + timedelta(minutes=1), tick=False):
        client = client_for(people.jx_endorser)
        page = client.get(reverse("applications:province", args=[programme.pk]))
        response = submit(client, programme)

    assert "报送截止时间已过，不能再报送。" in page.content.decode()
    assert "申报已截止，不能报送。" in response.content.decode()
    assert not ProvincialBatch.objects.exists()
    jiangxi_ranked.refresh_from_db()
    assert jiangxi_ranked.status == Status.ENDORSED


def test_it_accepts_a_late_submission_after_an_extension_for_that_province_only(
    people, client_for, programme, jiangxi_ranked, shenzhen_ranked
):
    late = programme.application_deadline + timedelta(hours=2)
    with time_machine.travel(late, tick=False):
        client = client_for(people.mz_officer)
        client.post(
            reverse("applications:extend", args=[programme.pk]),
            {
                "province": people.bureau("360000").pk,
                "deadline": local_input(late + timedelta(days=3)),
                "reason": "江西省部分地区受洪涝灾害影响。",
            },
        )
        jiangxi = submit(client_for(people.jx_endorser), programme)
        shenzhen = submit(client_for(people.sz_endorser), programme)

    assert jiangxi.status_code == 302
    assert ProvincialBatch.objects.get().province == people.bureau("360000")
    assert "申报已截止，不能报送。" in shenzhen.content.decode()
    shenzhen_ranked.refresh_from_db()
    assert shenzhen_ranked.status == Status.ENDORSED


def test_it_shows_the_extension_on_the_provinces_page(people, client_for, programme):
    new_deadline = programme.application_deadline + timedelta(days=5)
    actions.extend_deadline(
        programme,
        new_deadline,
        "江西省部分地区受洪涝灾害影响。",
        by=people.mz_officer,
        province=people.bureau("360000"),
    )
    url = reverse("applications:province", args=[programme.pk])

    jiangxi = client_for(people.jx_endorser).get(url).content.decode()
    assert "民政部已延长截止时间" in jiangxi
    assert "江西省部分地区受洪涝灾害影响。" in jiangxi
    assert "民政部已延长截止时间" not in client_for(people.sz_endorser).get(url).content.decode()


def test_it_sets_an_internal_deadline(people, client_for, programme):
    internal = programme.application_deadline - timedelta(days=10)
    response = client_for(people.jx_endorser).post(
        reverse("applications:province_internal_deadline", args=[programme.pk]),
        {"deadline": local_input(internal)},
        follow=True,
    )

    stored = InternalDeadline.objects.get(programme=programme)
    assert stored.province == people.bureau("360000")
    assert stored.deadline == internal.replace(second=0, microsecond=0)
    assert "已设置省内截止时间：" in response.content.decode()


def test_it_refuses_an_internal_deadline_after_the_ministrys(people, client_for, programme):
    response = client_for(people.jx_endorser).post(
        reverse("applications:province_internal_deadline", args=[programme.pk]),
        {"deadline": local_input(programme.application_deadline + timedelta(days=1))},
        follow=True,
    )

    assert "省内截止时间不能晚于民政部规定的截止时间。" in response.content.decode()
    assert not InternalDeadline.objects.exists()


def test_it_closes_the_counties_at_the_internal_deadline_while_the_province_can_still_act(
    people, client_for, programme
):
    donghu = endorsed(people.dh_applicant)
    ruijin = drafted(people.rj_applicant)
    internal = programme.application_deadline - timedelta(days=10)
    client_for(people.jx_endorser).post(
        reverse("applications:province_internal_deadline", args=[programme.pk]),
        {"deadline": local_input(internal)},
    )

    with time_machine.travel(internal + timedelta(hours=1), tick=False):
        with pytest.raises(actions.Refused, match="申报已截止，不能提交。"):
            actions.submit_application(ruijin, opinion(), by=people.rj_applicant)
        client = client_for(people.jx_endorser)
        client.post(
            reverse("applications:province_rank", args=[programme.pk]), {"pick": [donghu.pk]}
        )
        response = submit(client, programme)

    assert response.status_code == 302
    assert ProvincialBatch.objects.get().items.get().application == donghu
    ruijin.refresh_from_db()
    assert ruijin.status == Status.DRAFT


def test_it_forbids_others_to_set_the_internal_deadline(people, client_for, programme):
    for user in (people.nc_endorser, people.mz_officer):
        response = client_for(user).post(
            reverse("applications:province_internal_deadline", args=[programme.pk]),
            {"deadline": local_input(programme.application_deadline - timedelta(days=1))},
        )
        assert response.status_code == 403
    assert not InternalDeadline.objects.exists()


def test_todo_gives_each_level_the_deadline_that_binds_it(people, programme):
    """With 江西's internal deadline ten days before the ministry's and the ministry's
    extension for 江西, 待办 tells the applicant and the prefecture the internal deadline, and
    the province its own (extended) deadline for submitting to the ministry."""
    from applications.todo import (
        awaiting_my_opinion,
        awaiting_my_selection,
        my_unfinished_applications,
    )

    jiangxi = people.bureau("360000")
    internal = (programme.application_deadline - timedelta(days=10)).replace(second=0)
    extended = programme.application_deadline + timedelta(days=3)
    actions.set_internal_deadline(programme, jiangxi, internal, by=people.jx_endorser)
    actions.extend_deadline(
        programme,
        extended,
        "江西省部分地区受洪涝灾害影响。",
        by=people.mz_officer,
        province=jiangxi,
    )
    drafted(people.rj_applicant)
    waiting = drafted(people.dh_applicant)
    actions.submit_application(waiting, opinion(), by=people.dh_applicant)
    endorsed(people.ft_applicant)  # 深圳: no internal deadline, no extension

    assert [t.deadline for t in my_unfinished_applications(people.rj_applicant)] == [internal]
    assert [t.deadline for t in awaiting_my_opinion(people.nc_endorser)] == [internal]
    actions.recommend(waiting, opinion(), by=people.nc_endorser)
    assert [t.deadline for t in awaiting_my_opinion(people.jx_endorser)] == [extended]
    actions.recommend(waiting, opinion(), by=people.jx_endorser)
    assert [t.deadline for t in awaiting_my_selection(people.jx_endorser)] == [extended]
    assert [t.deadline for t in awaiting_my_selection(people.sz_endorser)] == [
        programme.application_deadline
    ]
