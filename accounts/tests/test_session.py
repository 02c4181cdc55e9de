"""Sessions end after 30 minutes without activity; activity keeps them alive."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def login(client):
    client.post(reverse("accounts:login"), {"username": "dh_applicant", "password": "Shidian@2026"})


def test_it_logs_out_after_thirty_idle_minutes(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client)
        assert client.get(reverse("desk:todo")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get(reverse("desk:todo"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_keeps_an_active_session_alive(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client)
    for minutes in (20, 40, 60):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("desk:todo")).status_code == 200
