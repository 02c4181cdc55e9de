"""Administrators of a province manage the accounts of their province only."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_it_lists_only_accounts_in_the_administrators_province(client_for, people):
    response = client_for(people.jx_sysadmin).get(reverse("accounts:list"))
    usernames = {u.username for u in response.context["page"]}
    assert {"jx_endorser", "nc_endorser", "dh_applicant", "yz_applicant"} <= usernames
    assert not usernames & {"gd_endorser", "sz_endorser", "mz_officer", "bt_endorser"}


def test_it_hides_another_provinces_account(client_for, people):
    client = client_for(people.jx_sysadmin)
    other = people.gd_endorser
    assert client.get(reverse("accounts:edit", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("accounts:reset_password", args=[other.pk]), {"password": "Xin#2026ab"}
    )
    assert response.status_code == 404
    response = client.post(reverse("accounts:set_active", args=[other.pk]), {"active": "0"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_active and other.check_password("Shidian@2026")


@pytest.mark.parametrize("username", ["dh_applicant", "jx_endorser", "mz_audit", "mz_security"])
def test_it_refuses_non_administrators(client_for, people, username):
    client = client_for(getattr(people, username))
    assert client.get(reverse("accounts:list")).status_code == 403
    assert client.get(reverse("accounts:create")).status_code == 403


def test_it_creates_an_account_only_in_the_administrators_province(client_for, people):
    client = client_for(people.jx_sysadmin)
    form = {
        "username": "gd_new",
        "full_name": "越界",
        "organisation": people.bureau("440000").pk,
        "job_title": "",
        "phone": "",
        "email": "",
        "roles": ["endorser"],
        "password": "Yuejie#2026",
    }
    response = client.post(reverse("accounts:create"), form)
    assert response.status_code == 200
    assert not User.objects.filter(username="gd_new").exists()

    form.update(username="jx_new", organisation=people.bureau("360700").pk)
    response = client.post(reverse("accounts:create"), form)
    assert response.status_code == 302
    created = User.objects.get(username="jx_new")
    assert created.must_change_password and created.roles == {"endorser"}


def test_it_keeps_typed_values_when_the_phone_is_wrong(client_for, people):
    client = client_for(people.jx_sysadmin)
    response = client.post(
        reverse("accounts:create"),
        {
            "username": "jx_phone",
            "full_name": "电话错",
            "organisation": people.bureau("360700").pk,
            "job_title": "科员",
            "phone": "12345",
            "email": "a@b",
            "roles": ["endorser"],
            "password": "Dianhua#2026",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "电话号码格式不正确" in body and "电子邮箱格式不正确" in body
    assert 'value="电话错"' in body and 'value="科员"' in body
