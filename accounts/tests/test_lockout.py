"""Five failed logins lock a username at an address for 30 minutes; the lock is per
username-and-address, and every failure and the lockout are in the audit trail."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db
PASSWORD = "Shidian@2026"


def attempt(client, password, address="10.1.1.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": "dh_applicant", "password": password},
        REMOTE_ADDR=address,
    )


def test_it_locks_after_five_failures_even_with_the_right_password(client):
    for _ in range(5):
        response = attempt(client, "wrong-Password1")
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()

    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_lets_four_failures_pass(client):
    for _ in range(4):
        attempt(client, "wrong-Password1")
    response = attempt(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_it_keys_the_lock_by_username_and_address(client):
    for _ in range(5):
        attempt(client, "wrong-Password1", address="10.1.1.1")
    response = attempt(client, PASSWORD, address="10.2.2.2")
    assert response.status_code == 302


def test_it_unlocks_after_thirty_minutes(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            attempt(client, "wrong-Password1")
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert attempt(client, PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert attempt(client, PASSWORD).status_code == 302


def test_it_audits_failures_and_the_lockout(client):
    for _ in range(5):
        attempt(client, "wrong-Password1", address="10.9.9.9")
    failures = AuditEvent.objects.filter(event=Event.LOGIN_FAILED, actor_name="dh_applicant")
    assert failures.count() == 5
    assert set(failures.values_list("source_address", flat=True)) == {"10.9.9.9"}
    assert AuditEvent.objects.filter(event=Event.LOCKOUT, summary__contains="dh_applicant").exists()


def test_it_lets_the_security_admin_unlock(client, people):
    for _ in range(5):
        attempt(client, "wrong-Password1")
    client.force_login(people.mz_security)
    response = client.post(reverse("accounts:security"), {"username": "dh_applicant"})
    assert response.status_code == 302
    client.logout()
    assert attempt(client, PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(event=Event.UNLOCK, summary="dh_applicant").exists()


def test_it_refuses_a_province_security_admin_an_account_of_another_province(client, people):
    from accounts.actions import create_account

    jx_security = create_account(
        by=None,
        username="jx_security",
        full_name="江西安全员",
        organisation=people.bureau("360000"),
        roles={"security_admin"},
        password="Anquan#2026",
    )
    jx_security.must_change_password = False
    jx_security.save()
    client.force_login(jx_security)
    response = client.post(reverse("accounts:security"), {"username": "gd_endorser"})
    assert response.status_code == 200
    assert "不在您的管理范围内" in response.content.decode()
    assert not AuditEvent.objects.filter(event=Event.UNLOCK).exists()
