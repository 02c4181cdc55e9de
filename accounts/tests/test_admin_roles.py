"""The three administrators (系统、安全、审计) exclude each other and every business role."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.actions import create_account, set_roles
from accounts.models import Role, RoleGrant
from audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "roles",
    [
        {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN},
        {Role.SECURITY_ADMIN, Role.AUDIT_ADMIN},
        {Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN},
        {Role.AUDIT_ADMIN, Role.ENDORSER},
        {Role.SYSTEM_ADMIN, Role.APPLICANT},
        {Role.SECURITY_ADMIN, Role.EXPERT},
    ],
)
def test_it_refuses_to_combine_an_administrator_with_another_role(people, roles):
    with pytest.raises(ValidationError) as error:
        create_account(
            by=people.mz_sysadmin,
            username="combo",
            full_name="组合",
            organisation=people.bureau("360000"),
            roles=roles,
            password="Zuhe#2026x",
        )
    assert "互斥" in error.value.messages[0]
    assert not RoleGrant.objects.filter(user__username="combo").exists()


def test_it_allows_business_roles_together(people):
    user = create_account(
        by=people.mz_sysadmin,
        username="both",
        full_name="两者",
        organisation=people.bureau("360102"),
        roles={Role.APPLICANT, Role.ENDORSER},
        password="Liangzhe#2026",
    )
    assert user.roles == {Role.APPLICANT, Role.ENDORSER}


def test_it_keeps_programme_officers_in_the_ministry(people):
    with pytest.raises(ValidationError):
        create_account(
            by=people.mz_sysadmin,
            username="off",
            full_name="省里",
            roles={Role.OFFICER},
            organisation=people.bureau("360000"),
            password="Guanli#2026x",
        )


def test_it_refuses_to_add_a_business_role_to_an_administrator(people):
    auditor = people.mz_audit
    with pytest.raises(ValidationError):
        set_roles(auditor, {Role.AUDIT_ADMIN, Role.OFFICER}, by=people.mz_sysadmin)
    assert auditor.role_grants.count() == 1


def test_it_refuses_an_administrator_changing_their_own_roles(people):
    with pytest.raises(PermissionDenied):
        set_roles(people.mz_sysadmin, {Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN}, by=people.mz_sysadmin)


def test_it_audits_role_changes(people):
    set_roles(people.dh_applicant, {Role.APPLICANT, Role.ENDORSER}, by=people.jx_sysadmin)
    row = AuditEvent.objects.get(event=Event.ROLE_GRANT)
    assert row.actor_name == "jx_sysadmin"
    assert row.changes == {"role": [None, "endorser"]}


def test_it_shows_the_exclusion_on_the_form(client, people):
    account = people.dh_endorser
    client.force_login(people.jx_sysadmin)
    response = client.post(
        reverse("accounts:edit", args=[account.pk]),
        {
            "full_name": account.full_name,
            "organisation": account.organisation_id,
            "job_title": "",
            "phone": "",
            "email": "",
            "roles": ["endorser", "audit_admin"],
        },
    )
    assert response.status_code == 200
    assert "互斥" in response.content.decode()
    assert account.role_grants.get().role == Role.ENDORSER
