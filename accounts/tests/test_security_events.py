"""Logins and logouts are audited with who, when and from where."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent, Event, Result

pytestmark = pytest.mark.django_db


def test_it_audits_a_login_with_its_source_address(client):
    client.post(
        reverse("accounts:login"),
        {"username": "nc_endorser", "password": "Shidian@2026"},
        REMOTE_ADDR="192.0.2.7",
    )
    row = AuditEvent.objects.get(event=Event.LOGIN)
    assert (row.actor_name, row.source_address, row.result) == (
        "nc_endorser",
        "192.0.2.7",
        Result.SUCCESS,
    )
    assert row.organisation_name == "南昌市民政局"


def test_it_audits_a_logout(client, people):
    client.force_login(people.nc_endorser)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(event=Event.LOGOUT, actor=people.nc_endorser).count() == 1


def test_it_refuses_logout_by_get(client, people):
    client.force_login(people.nc_endorser)
    assert client.get(reverse("accounts:logout")).status_code == 405
