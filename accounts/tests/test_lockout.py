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


def test_its_failures_reach_the_audit_administrator_of_the_accounts_province(client, people):
    """Zhang Min's failed sign-ins and lockout are filed under her bureau: 江西's audit
    administrator reads them, 广东's does not; a name with no account stays ministry-only."""
    from accounts.actions import create_account

    def auditor(username, province):
        return create_account(
            by=None,
            username=username,
            full_name=username,
            organisation=people.bureau(province),
            roles={"audit_admin"},
            password="Shenji#2026a",
        )

    jiangxi, guangdong = auditor("jx_audit", "360000"), auditor("gd_audit", "440000")
    for _ in range(5):
        attempt(client, "wrong-Password1")
    client.post(reverse("accounts:login"), {"username": "nobody", "password": "x"})

    rows = AuditEvent.objects.filter(event__in=[Event.LOGIN_FAILED, Event.LOCKOUT])
    assert rows.visible_to(jiangxi).filter(actor_name="dh_applicant").count() == 6
    assert not rows.visible_to(guangdong).filter(actor_name="dh_applicant").exists()
    assert not rows.visible_to(jiangxi).filter(actor_name="nobody").exists()
    assert rows.visible_to(people.mz_audit).filter(actor_name="nobody").exists()


def test_it_shows_the_security_admin_who_is_locked_and_until_when(client, people):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            attempt(client, "wrong-Password1")
        client.force_login(people.mz_security)
        page = client.get(reverse("accounts:security")).content.decode()
    until = timezone.localtime(start + timedelta(minutes=30)).strftime("%H:%M")
    assert f"已锁定，{until} 自动解除" in page

    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        client.force_login(people.mz_security)
        page = client.get(reverse("accounts:security")).content.decode()
    assert "已锁定" not in page  # the lock is over (axes may also have removed the attempts)


def test_it_tells_the_locked_out_how_long_the_lock_lasts(client, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    for _ in range(5):
        response = attempt(client, "wrong-Password1")
    assert response.status_code == 429
    assert "已被锁定15分钟" in response.content.decode()


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


def test_the_wrong_password_message_states_the_configured_policy(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    response = attempt(client, "wrong-Password1")
    assert "连续失败3次，账号将被锁定15分钟" in response.content.decode()
