"""Endorsing through the application page. Liu Wei (nc_endorser, 南昌市民政局) recommends,
returns or declines what sits at his level; a unit still at its county is not his to act on
(403, saying who holds it); Lin Hai (gd_endorser, 广东) cannot even see it (404)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import HistoryEntry, Notification, Status, StepState
from applications.tests.flow import endorse_all, submitted

pytestmark = pytest.mark.django_db


def _post(client, name: str, application, **data):
    return client.post(reverse(f"applications:{name}", args=[application.pk]), data, follow=True)


def _recommendation(text: str = "同意推荐。", person: str = "刘伟") -> dict:
    return {
        "recommend-opinion": text,
        "recommend-person": person,
        "recommend-signed_on": timezone.localdate().isoformat(),
    }


def _snapshot(application) -> tuple:
    application.refresh_from_db()
    return (
        application.status,
        application.round,
        list(application.steps.values_list("state", "opinion")),
        HistoryEntry.objects.filter(application=application).count(),
    )


def test_it_offers_the_endorser_at_the_current_level_the_panel(client_for, people):
    application = submitted(people.dh_applicant)

    html = (
        client_for(people.nc_endorser)
        .get(reverse("applications:detail", args=[application.pk]))
        .content.decode()
    )

    assert 'id="endorse"' in html
    assert 'value="刘伟"' in html  # 负责人 prefilled with the user's name
    assert f'value="{timezone.localdate().isoformat()}"' in html
    assert "送江西省民政厅审核" in html  # what happens, before it happens
    assert "此操作不能撤销" in html


def test_it_recommends_and_says_what_happened(client_for, people):
    application = submitted(people.dh_applicant)
    before = HistoryEntry.objects.filter(application=application).count()

    response = _post(
        client_for(people.nc_endorser), "recommend", application, **_recommendation("同意。")
    )

    application.refresh_from_db()
    step = application.steps.get(organisation=people.nc_endorser.organisation)
    assert step.state == StepState.RECOMMENDED and step.opinion == "同意。"
    assert step.acted_by == people.nc_endorser
    assert application.current_step().organisation.name == "江西省民政厅"
    html = response.content.decode()
    assert "已推荐至江西省民政厅 · 刘伟 · " in html
    assert 'id="endorse"' not in html
    new = HistoryEntry.objects.filter(application=application).order_by("pk")[before:]
    assert [(h.action, h.actor) for h in new] == [("recommend", people.nc_endorser)]
    assert Notification.objects.filter(recipient=people.jx_endorser, application=application)


def test_it_completes_the_chain_at_the_province(client_for, people):
    application = endorse_all(submitted(people.dh_applicant), people.nc_endorser)

    response = _post(
        client_for(people.jx_endorser), "recommend", application, **_recommendation(person="陈志刚")
    )

    application.refresh_from_db()
    assert application.status == Status.ENDORSED
    assert "已同意推荐，待江西省民政厅遴选报送民政部" in response.content.decode()


def test_it_keeps_an_incomplete_opinion_on_the_page_and_changes_nothing(client_for, people):
    application = submitted(people.dh_applicant)
    before = _snapshot(application)

    response = _post(
        client_for(people.nc_endorser), "recommend", application, **_recommendation("", "")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写意见。" in html and "请填写负责人姓名。" in html
    assert _snapshot(application) == before


def test_it_refuses_an_endorser_whose_level_it_is_not_yet(client_for, people):
    # 豫章社区: 百花洲街道 (supervisor) → 东湖区 → 南昌市 → 江西省; now at 东湖区.
    application = endorse_all(submitted(people.yz_applicant, "unit"), people.bhz_endorser)
    before = _snapshot(application)

    response = _post(client_for(people.nc_endorser), "recommend", application, **_recommendation())

    assert response.status_code == 403
    assert "该申报当前由南昌市东湖区民政局办理，不在您这一级" in response.content.decode()
    assert _snapshot(application) == before


@pytest.mark.parametrize("action", ["recommend", "return", "decline"])
def test_it_hides_the_application_from_another_province(client_for, people, action):
    application = submitted(people.dh_applicant)
    before = _snapshot(application)

    response = _post(
        client_for(people.gd_endorser),
        action,
        application,
        **{**_recommendation(), f"{action}-reasons": "理由"},
    )

    assert response.status_code == 404
    assert _snapshot(application) == before


def test_it_refuses_the_applicant_an_endorsement(client_for, people):
    application = submitted(people.dh_applicant)
    before = _snapshot(application)

    response = _post(client_for(people.dh_applicant), "recommend", application, **_recommendation())

    assert response.status_code == 403
    assert _snapshot(application) == before


def test_it_returns_for_revision_with_the_reasons(client_for, people):
    application = submitted(people.dh_applicant)

    response = _post(
        client_for(people.nc_endorser),
        "return",
        application,
        **{"return-reasons": "试点方案缺少进度安排。", "return-person": "刘伟"},
    )

    application.refresh_from_db()
    assert application.status == Status.RETURNED
    assert "已退回南昌市东湖区民政局修改 · 刘伟 · " in response.content.decode()
    applicant_page = client_for(people.dh_applicant).get(
        reverse("applications:detail", args=[application.pk])
    )
    html = applicant_page.content.decode()
    assert "南昌市民政局退回修改的理由" in html and "试点方案缺少进度安排。" in html
    assert reverse("applications:edit", args=[application.pk]) in html


def test_it_asks_for_the_reasons_of_a_return(client_for, people):
    application = submitted(people.dh_applicant)
    before = _snapshot(application)

    response = _post(
        client_for(people.nc_endorser), "return", application, **{"return-reasons": ""}
    )

    html = response.content.decode()
    assert "请写明理由。" in html
    assert '<details class="sd-endorse-alt" open>' in html  # the return panel stays open
    assert _snapshot(application) == before


def test_it_declines_with_the_reasons(client_for, people):
    application = submitted(people.dh_applicant)

    response = _post(
        client_for(people.nc_endorser), "decline", application, **{"decline-reasons": "基础薄弱。"}
    )

    application.refresh_from_db()
    assert application.status == Status.DECLINED
    step = application.steps.get(organisation=people.nc_endorser.organisation)
    assert step.state == StepState.DECLINED and step.responsible_person == "刘伟"
    assert "已决定不予推荐" in response.content.decode()


def test_it_tells_a_second_endorser_that_it_was_already_done(client_for, people):
    application = submitted(people.dh_applicant)
    client = client_for(people.nc_endorser)
    _post(client, "recommend", application, **_recommendation())
    before = _snapshot(application)

    response = _post(client, "recommend", application, **_recommendation())

    assert response.status_code == 403
    assert "江西省民政厅办理" in response.content.decode()
    assert _snapshot(application) == before
