"""An administrator-set password is an initial one: its owner can do nothing before changing it."""

import pytest
from django.urls import reverse

from accounts.actions import create_account, reset_password
from audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(people):
    return create_account(
        by=people.jx_sysadmin,
        username="newcomer",
        full_name="新同事",
        organisation=people.bureau("360102"),
        roles={"applicant"},
        password="Chushi#2026",
    )


def test_it_sends_a_new_account_to_the_password_page(client, newcomer):
    client.post(reverse("accounts:login"), {"username": "newcomer", "password": "Chushi#2026"})
    response = client.get(reverse("desk:todo"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change")


def test_it_lets_them_in_after_the_change(client, newcomer):
    client.post(reverse("accounts:login"), {"username": "newcomer", "password": "Chushi#2026"})
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Chushi#2026",
            "new_password1": "Xinmima#2026",
            "new_password2": "Xinmima#2026",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("desk:todo")).status_code == 200
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password
    assert AuditEvent.objects.filter(event=Event.PASSWORD_CHANGE, actor=newcomer).count() == 1


def test_it_makes_a_reset_password_initial_again(client, people, newcomer):
    newcomer.must_change_password = False
    newcomer.save()
    reset_password(newcomer, "Chongzhi#2026", by=people.jx_sysadmin)
    newcomer.refresh_from_db()
    assert newcomer.must_change_password
    assert AuditEvent.objects.filter(
        event=Event.PASSWORD_RESET, object_id=str(newcomer.pk)
    ).exists()


def test_it_exempts_demo_accounts(client, people):
    client.force_login(people.dh_applicant)
    assert client.get(reverse("desk:todo")).status_code == 200
