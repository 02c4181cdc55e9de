"""Submitting and withdrawing. Zhang Min (dh_applicant) gives her bureau's opinion and
submits; an incomplete form is refused with every problem listed at once, each linking to its
field, and the opinion she typed stays. She may withdraw until 南昌市民政局 acts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import actions
from applications.models import HistoryEntry, Status, StepState
from applications.tests.flow import COMPLETE_VALUES, category, endorse_all, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(people):
    return actions.start_application(category("region"), by=people.dh_applicant)


def _opinion(text: str = "同意申报。", person: str = "王建华") -> dict:
    return {"opinion": text, "person": person, "signed_on": timezone.localdate().isoformat()}


def _submit(client, application, data):
    return client.post(reverse("applications:submit", args=[application.pk]), data, follow=True)


def test_it_prefills_the_opinion_box_and_says_where_it_goes(client_for, people, draft):
    actions.save_draft(draft, COMPLETE_VALUES, by=people.dh_applicant)

    html = (
        client_for(people.dh_applicant)
        .get(reverse("applications:submit", args=[draft.pk]))
        .content.decode()
    )

    assert "申报地区意见" in html
    assert 'value="王建华"' in html  # the 分管领导 of the form signs for the bureau
    assert "送南昌市民政局审核" in html
    assert "需要修改" not in html


def test_it_submits_and_says_to_whom(client_for, people, draft):
    actions.save_draft(draft, COMPLETE_VALUES, by=people.dh_applicant)

    response = _submit(client_for(people.dh_applicant), draft, _opinion())

    draft.refresh_from_db()
    assert draft.status == Status.PENDING
    first = draft.steps.get(order=1)
    assert first.opinion == "同意申报。" and first.responsible_person == "王建华"
    html = response.content.decode()
    assert "已提交至南昌市民政局 · 张敏 · " in html
    assert "正在南昌市民政局审核" in html


def test_it_lists_every_problem_at_once_and_keeps_the_opinion(client_for, people, draft):
    actions.save_draft(draft, {"postcode": "3300", "email": "x@"}, by=people.dh_applicant)

    response = _submit(client_for(people.dh_applicant), draft, _opinion("本局同意申报。"))

    html = response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    edit = reverse("applications:edit", args=[draft.pk])
    for key in ("postcode", "email", "leader_name", "contact_name", "foundation", "plan"):
        assert f'href="{edit}?check=1#id_{key}"' in html
    assert "邮政编码应为6位数字" in html
    assert "本局同意申报。" in html  # the opinion typed stays


def test_it_lists_the_opinions_problems_with_the_forms(client_for, people, draft):
    response = _submit(client_for(people.dh_applicant), draft, _opinion("本局同意申报。", ""))

    html = response.content.decode()
    assert "请填写负责人姓名。" in html
    assert "?check=1#id_plan" in html
    assert "本局同意申报。" in html


def test_it_refuses_submission_to_everyone_else(client_for, people, draft):
    actions.save_draft(draft, COMPLETE_VALUES, by=people.dh_applicant)

    assert _submit(client_for(people.gd_endorser), draft, _opinion()).status_code == 404
    assert _submit(client_for(people.ft_applicant), draft, _opinion()).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_it_does_not_submit_twice(client_for, people):
    application = submitted(people.dh_applicant)
    rounds = application.versions.count()

    response = _submit(client_for(people.dh_applicant), application, _opinion())

    assert "申报已提交，请勿重复提交。" in response.content.decode()
    assert application.versions.count() == rounds


def test_it_withdraws_before_the_next_level_acts(client_for, people):
    application = submitted(people.dh_applicant)
    client = client_for(people.dh_applicant)
    assert (
        "撤回申报"
        in client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    )

    response = client.post(reverse("applications:withdraw", args=[application.pk]), follow=True)

    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.steps.get(order=2).state == StepState.WITHDRAWN
    assert "已撤回申报，可修改后重新提交 · 张敏 · " in response.content.decode()


def test_it_refuses_to_withdraw_once_the_next_level_acted(client_for, people):
    application = endorse_all(submitted(people.dh_applicant), people.nc_endorser)
    history = HistoryEntry.objects.filter(application=application).count()

    response = client_for(people.dh_applicant).post(
        reverse("applications:withdraw", args=[application.pk])
    )

    assert response.status_code == 403
    assert "上级已经办理" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.PENDING
    assert HistoryEntry.objects.filter(application=application).count() == history


def test_it_refuses_a_withdrawal_by_the_endorser_and_hides_it_from_another_province(
    client_for, people
):
    application = submitted(people.dh_applicant)

    by_endorser = client_for(people.nc_endorser).post(
        reverse("applications:withdraw", args=[application.pk])
    )
    by_stranger = client_for(people.gd_endorser).post(
        reverse("applications:withdraw", args=[application.pk])
    )

    assert by_endorser.status_code == 403 and by_stranger.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.PENDING


def test_it_withdraws_only_by_post(client_for, people):
    application = submitted(people.dh_applicant)

    response = client_for(people.dh_applicant).get(
        reverse("applications:withdraw", args=[application.pk])
    )

    assert response.status_code == 405
