import pytest
from django.urls import reverse

from audit.models import AuditEvent, Event
from audit.records import record


@pytest.mark.parametrize("persona", ["xu", "shen", "an"])
def test_it_refuses_everyone_but_audit_admins(db, client, request, persona):
    user = request.getfixturevalue(persona)
    row = record(Event.LOGIN, actor=user, obj=user)
    client.force_login(user)

    assert client.get(reverse("audit:list")).status_code == 403
    assert client.get(reverse("audit:detail", args=[row.seq])).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403


def test_it_sends_anonymous_visitors_to_log_in(client, db):
    response = client.get(reverse("audit:list"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_shows_a_provincial_auditor_only_their_province(client, jiang, xu, hu):
    mine = record(Event.ACCOUNT_UPDATE, actor=xu, obj=xu, summary="南昌的操作")
    theirs = record(Event.ACCOUNT_UPDATE, actor=hu, obj=hu, summary="湖北的操作")
    anonymous = record(Event.LOGIN_FAILED, actor_name="ghost", summary="无名氏")
    client.force_login(jiang)

    response = client.get(reverse("audit:list"))

    assert response.status_code == 200
    shown = {event.seq for event in response.context["page"]}
    assert mine.seq in shown
    assert theirs.seq not in shown
    assert anonymous.seq not in shown
    assert "湖北的操作" not in response.content.decode()
    assert client.get(reverse("audit:detail", args=[mine.seq])).status_code == 200
    assert client.get(reverse("audit:detail", args=[theirs.seq])).status_code == 404


def test_it_shows_the_ministry_auditor_everything(client, chen, xu, hu):
    record(Event.ACCOUNT_UPDATE, actor=xu, obj=xu)
    record(Event.ACCOUNT_UPDATE, actor=hu, obj=hu)
    record(Event.LOGIN_FAILED, actor_name="ghost")
    client.force_login(chen)

    response = client.get(reverse("audit:list"))

    assert response.context["page"].paginator.count == AuditEvent.objects.count()


def test_it_returns_404_for_a_row_that_does_not_exist(client, chen):
    client.force_login(chen)

    assert client.get(reverse("audit:detail", args=[999999])).status_code == 404


def test_it_offers_no_way_to_change_a_row(client, chen):
    row = record(Event.LOGIN, actor=chen, obj=chen)
    client.force_login(chen)
    detail = reverse("audit:detail", args=[row.seq])

    assert client.post(detail, {"summary": "改过了"}).status_code == 405
    assert client.delete(detail).status_code == 405
    assert client.post(reverse("audit:list")).status_code == 405
    assert AuditEvent.objects.get(seq=row.seq).summary == ""
