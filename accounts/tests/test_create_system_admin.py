"""A new installation's first account: ``manage.py create_system_admin``."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db


def test_it_creates_a_ministry_system_administrator_who_must_change_the_password(monkeypatch):
    monkeypatch.setenv("SHIDIAN_ADMIN_PASSWORD", "Qiyong#2026a")
    call_command("create_system_admin", "mz_admin1", name="赵启明")

    account = User.objects.get(username="mz_admin1")
    assert account.organisation.kind == "ministry"
    assert set(account.role_grants.values_list("role", flat=True)) == {Role.SYSTEM_ADMIN}
    assert account.check_password("Qiyong#2026a")
    assert account.must_change_password
    row = AuditEvent.objects.get(event=Event.ACCOUNT_CREATE, object_id=str(account.pk))
    assert row.actor is None
    assert row.actor_name == "manage.py create_system_admin"


def test_it_places_a_provincial_administrator_in_that_province(monkeypatch):
    monkeypatch.setenv("SHIDIAN_ADMIN_PASSWORD", "Qiyong#2026a")
    call_command("create_system_admin", "gx_admin1", name="韦华", region="450000")

    assert User.objects.get(username="gx_admin1").organisation.name == "广西壮族自治区民政厅"


@pytest.mark.parametrize(
    ("username", "region", "password", "message"),
    [
        ("mz_sysadmin", None, "Qiyong#2026a", "已存在"),
        ("x_admin", "360100", "Qiyong#2026a", "不是已载入的省级民政部门"),
        ("x_admin", None, "short", "密码"),
    ],
)
def test_it_refuses_with_a_clear_reason_and_creates_nothing(
    monkeypatch, username, region, password, message
):
    monkeypatch.setenv("SHIDIAN_ADMIN_PASSWORD", password)
    before = User.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("create_system_admin", username, name="某人", region=region)
    assert User.objects.count() == before
