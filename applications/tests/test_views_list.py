"""我的申报 and 待审核: Zhang Min (dh_applicant) sees what her bureau may apply to and her own
applications; Liu Wei (nc_endorser) sees the applications of his prefecture; Lin Hai
(gd_endorser), in another province, sees none of them. The list costs the same number of
queries for 5 applications as for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import actions
from applications.models import Application, Status
from applications.tests.flow import category, endorse_all, submitted
from desk import tasks

pytestmark = pytest.mark.django_db


def test_it_offers_the_applicant_the_open_categories_it_may_apply_to(client_for, people):
    response = client_for(people.dh_applicant).get(reverse("applications:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "2026年社会工作服务站建设试点（演示）" in html
    assert reverse("applications:start", args=[category("region").pk]) in html
    # A county bureau is not a community or a social organisation: told why, no button.
    assert reverse("applications:start", args=[category("unit").pk]) not in html
    assert "不符合申报条件" in html


def test_it_starts_an_application_and_opens_its_form(client_for, people):
    client = client_for(people.dh_applicant)

    response = client.post(reverse("applications:start", args=[category("region").pk]))

    application = Application.objects.get(organisation=people.dh_applicant.organisation)
    assert response.status_code == 302
    assert response.url == reverse("applications:edit", args=[application.pk])
    assert application.status == Status.DRAFT
    assert application.history.get().action == "start"


def test_it_opens_the_existing_application_on_a_second_start(client_for, people):
    client = client_for(people.dh_applicant)
    url = reverse("applications:start", args=[category("region").pk])
    client.post(url)

    response = client.post(url)

    application = Application.objects.get(organisation=people.dh_applicant.organisation)
    assert response.url == reverse("applications:detail", args=[application.pk])
    assert Application.objects.filter(organisation=people.dh_applicant.organisation).count() == 1


def test_it_refuses_a_start_the_organisation_is_not_eligible_for(client_for, people):
    client = client_for(people.dh_applicant)

    response = client.post(reverse("applications:start", args=[category("unit").pk]), follow=True)

    assert "本类别只接受以下类别的单位申报" in response.content.decode()
    assert not Application.objects.filter(organisation=people.dh_applicant.organisation).exists()


def test_it_refuses_a_start_to_an_endorser(client_for, people):
    response = client_for(people.nc_endorser).post(
        reverse("applications:start", args=[category("region").pk])
    )

    assert response.status_code == 403
    assert not Application.objects.exists()


def test_it_lists_the_applications_in_the_endorsers_prefecture(client_for, people):
    donghu = submitted(people.dh_applicant)

    html = client_for(people.nc_endorser).get(reverse("applications:list")).content.decode()

    assert reverse("applications:detail", args=[donghu.pk]) in html
    assert "共 1 份" in html


def test_it_shows_another_province_nothing(client_for, people):
    submitted(people.dh_applicant)

    html = client_for(people.gd_endorser).get(reverse("applications:list")).content.decode()

    assert "南昌市东湖区民政局" not in html
    assert "共 0 份" in html


def test_it_filters_by_status_and_searches_by_organisation_name(client_for, people):
    donghu = submitted(people.dh_applicant)
    yuzhang = submitted(people.yz_applicant, "unit")
    endorse_all(yuzhang, people.bhz_endorser)
    client = client_for(people.nc_endorser)

    by_name = client.get(reverse("applications:list"), {"q": "豫章"}).content.decode()
    by_status = client.get(reverse("applications:list"), {"status": "pending"}).content.decode()

    assert reverse("applications:detail", args=[yuzhang.pk]) in by_name
    assert reverse("applications:detail", args=[donghu.pk]) not in by_name
    assert "共 2 份" in by_status


def test_it_lists_only_what_awaits_the_endorsers_opinion(client_for, people):
    donghu = submitted(people.dh_applicant)
    yuzhang = submitted(people.yz_applicant, "unit")  # at its supervising department

    html = client_for(people.nc_endorser).get(reverse("applications:awaiting")).content.decode()

    assert reverse("applications:detail", args=[donghu.pk]) in html
    assert reverse("applications:detail", args=[yuzhang.pk]) not in html


def test_it_offers_the_awaiting_list_to_endorsers_only(client_for, people):
    response = client_for(people.dh_applicant).get(reverse("applications:awaiting"))

    assert response.status_code == 403


def test_it_counts_awaiting_applications_on_the_menu(client_for, people):
    submitted(people.dh_applicant)

    html = client_for(people.nc_endorser).get(reverse("desk:todo")).content.decode()

    assert reverse("applications:awaiting") in html
    assert "待审核" in html


def _many(applicant, n: int) -> None:
    region = category("region")
    region.max_per_organisation = 100
    region.save(update_fields=["max_per_organisation"])
    while Application.objects.filter(organisation=applicant.organisation).count() < n:
        submitted(applicant)


def _queries(client, url: str) -> int:
    # The menu's counts are kept briefly (desk/tasks.py): count a first view. (Not
    # cache.clear(): with Redis the session lives in the same cache.)
    tasks.forget_counts(int(client.session["_auth_user_id"]))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("username", "url_name"),
    [("nc_endorser", "applications:list"), ("nc_endorser", "applications:awaiting")],
)
def test_it_lists_in_a_fixed_number_of_queries_for_endorsers(
    client_for, people, username, url_name
):
    applicant = people.dh_applicant
    client = client_for(getattr(people, username))
    url = reverse(url_name)
    _many(applicant, 5)
    few = _queries(client, url)
    _many(applicant, 30)

    many = _queries(client, url)

    assert many == few


def test_it_lists_in_a_fixed_number_of_queries_for_applicants(client_for, people):
    applicant = people.dh_applicant
    client = client_for(applicant)
    url = reverse("applications:list")
    # Both sizes have submitted applications and one withdrawn to a draft (a 待办 task).
    _many(applicant, 5)
    actions.withdraw(Application.objects.filter(status=Status.PENDING).first(), by=applicant)
    few = _queries(client, url)
    _many(applicant, 30)

    many = _queries(client, url)

    assert many == few


def test_a_province_reaches_its_selection_before_any_application_arrives(people, client_for):
    """江西 can open 遴选报送民政部 (to set its internal deadline) from 待审核 while nothing
    has reached it yet; a prefecture has no such link; once 江西 has submitted, it is gone."""
    from applications.tests.helpers import demo_programme, endorsed, submitted_batch

    programme = demo_programme()
    selection = reverse("applications:province", args=[programme.pk])
    awaiting = reverse("applications:awaiting")

    assert selection in client_for(people.jx_endorser).get(awaiting).content.decode()
    assert selection not in client_for(people.nc_endorser).get(awaiting).content.decode()

    submitted_batch(people.jx_endorser, [endorsed(people.dh_applicant)])
    assert selection not in client_for(people.jx_endorser).get(awaiting).content.decode()
