"""Personas for the audit tests.

The ministry's audit administrator, Chen, reads the whole trail. Jiang audits for the Jiangxi
department and reads only what people in Jiangxi did. Hu, a Hubei endorser, acts in Hubei;
Jiang must see nothing of it. Xu (an applicant in Jiangxi), Shen (system administrator) and
An (security administrator) may not read the trail at all.
"""

import pytest
from django.db import connection

from accounts.models import Role, RoleGrant, User
from organisations.models import Organisation


def make_organisation(name: str, *, parent: Organisation | None = None, **fields) -> Organisation:
    fields.setdefault("kind", "civil_affairs" if parent else "ministry")
    fields.setdefault("tier", (parent.tier + 1) if parent else 0)
    return Organisation.objects.create(name=name, parent=parent, **fields)


def make_user(username: str, organisation: Organisation, *roles: Role, **fields) -> User:
    fields.setdefault("full_name", username.title())
    user = User.objects.create_user(
        username=username,
        password="Passw0rd!x",
        organisation=organisation,
        must_change_password=False,
        **fields,
    )
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user


@pytest.fixture
def empty_trail(db) -> None:
    """Start from no audit rows at all (the data migrations write some). Raw SQL, as the
    model refuses deletes; the test's transaction puts them back."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
        cursor.execute("DELETE FROM audit_audithead")


@pytest.fixture
def ministry(db) -> Organisation:
    return make_organisation("民政部")


@pytest.fixture
def jiangxi(ministry) -> Organisation:
    return make_organisation("江西省民政厅", parent=ministry)


@pytest.fixture
def nanchang(jiangxi) -> Organisation:
    return make_organisation("南昌市民政局", parent=jiangxi)


@pytest.fixture
def hubei(ministry) -> Organisation:
    return make_organisation("湖北省民政厅", parent=ministry)


@pytest.fixture
def chen(ministry) -> User:
    return make_user("chen", ministry, Role.AUDIT_ADMIN, full_name="陈审计")


@pytest.fixture
def jiang(jiangxi) -> User:
    return make_user("jiang", jiangxi, Role.AUDIT_ADMIN, full_name="江审计")


@pytest.fixture
def xu(nanchang) -> User:
    return make_user("xu", nanchang, Role.APPLICANT, full_name="徐申报")


@pytest.fixture
def hu(hubei) -> User:
    return make_user("hu", hubei, Role.ENDORSER, full_name="胡审核")


@pytest.fixture
def shen(ministry) -> User:
    return make_user("shen", ministry, Role.SYSTEM_ADMIN, full_name="沈系统")


@pytest.fixture
def an(ministry) -> User:
    return make_user("an", ministry, Role.SECURITY_ADMIN, full_name="安安全")
