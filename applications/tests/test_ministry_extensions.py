"""延长截止时间: the ministry's programme officers extend the deadline for the whole
programme or for one provincial-level body, with a reason; nobody else may."""

from datetime import timedelta

import pytest
from django.urls import reverse

from applications import deadlines
from applications.models import DeadlineExtension
from applications.tests.helpers import demo_programme, local_input

pytestmark = pytest.mark.django_db

REASON = "部分省份受洪涝灾害影响，申报材料准备时间不足。"


@pytest.fixture
def programme():
    return demo_programme()


@pytest.fixture
def url(programme):
    return reverse("applications:extend", args=[programme.pk])


def test_it_extends_the_deadline_for_one_province(people, client_for, programme, url):
    jiangxi = people.bureau("360000")
    later = programme.application_deadline + timedelta(days=7)

    response = client_for(people.mz_officer).post(
        url, {"province": jiangxi.pk, "deadline": local_input(later), "reason": REASON}, follow=True
    )

    extension = DeadlineExtension.objects.get()
    assert (extension.province, extension.deadline, extension.reason, extension.granted_by) == (
        jiangxi,
        later.replace(second=0, microsecond=0),
        REASON,
        people.mz_officer,
    )
    assert deadlines.effective_deadline(programme, jiangxi) == extension.deadline
    assert deadlines.effective_deadline(programme, people.sz_endorser.organisation) == (
        programme.application_deadline
    )
    page = response.content.decode()
    assert "已将江西省民政厅的报送截止时间延长至" in page
    assert REASON in page  # the list of extensions granted


def test_it_extends_the_deadline_for_everyone(people, client_for, programme, url):
    later = programme.application_deadline + timedelta(days=3)

    client_for(people.mz_officer).post(
        url, {"province": "", "deadline": local_input(later), "reason": REASON}
    )

    extension = DeadlineExtension.objects.get()
    assert extension.province is None
    for province in (people.bureau("360000"), people.sz_endorser.organisation):
        assert deadlines.effective_deadline(programme, province) == extension.deadline


def test_it_requires_a_reason(people, client_for, programme, url):
    later = programme.application_deadline + timedelta(days=3)

    response = client_for(people.mz_officer).post(
        url, {"province": "", "deadline": local_input(later), "reason": ""}
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not DeadlineExtension.objects.exists()


def test_it_refuses_a_deadline_that_is_not_later(people, client_for, programme, url):
    earlier = programme.application_deadline - timedelta(days=1)

    response = client_for(people.mz_officer).post(
        url, {"province": "", "deadline": local_input(earlier), "reason": REASON}
    )

    assert "延长后的截止时间须晚于现行截止时间。" in response.content.decode()
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize("username", ["jx_endorser", "sz_endorser", "dh_applicant", "mz_sysadmin"])
def test_it_lets_only_programme_officers_extend(people, client_for, programme, url, username):
    client = client_for(getattr(people, username))
    later = programme.application_deadline + timedelta(days=3)

    assert client.get(url).status_code == 403
    response = client.post(url, {"province": "", "deadline": local_input(later), "reason": REASON})

    assert response.status_code == 403
    assert not DeadlineExtension.objects.exists()
