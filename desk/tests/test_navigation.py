from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from desk.navigation import menu_for
from desk.tasks import Task
from desk.tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _menu_html(client) -> str:
    html = client.get(reverse("desk:todo")).content.decode()
    start = html.index('<ul class="navbar-nav')
    return html[start : html.index("</ul>", start)]


def test_it_shows_account_management_to_a_system_admin(login, sam):
    assert "账号管理" in _menu_html(login(sam))


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSTEM_ADMIN])
def test_it_hides_account_management_from_everyone_else(login, role):
    user = make_user(f"u-{role}", role)

    assert "账号管理" not in _menu_html(login(user))


def test_it_shows_the_audit_log_to_an_audit_admin(login, audrey):
    menu = _menu_html(login(audrey))

    assert "审计日志" in menu
    assert "账号管理" not in menu
    assert "组织机构" not in menu


@pytest.mark.parametrize("role", [r for r in Role if r != Role.AUDIT_ADMIN])
def test_it_hides_the_audit_log_from_everyone_else(login, role):
    user = make_user(f"u-{role}", role)

    assert "审计日志" not in _menu_html(login(user))


def test_it_gives_everyone_signed_in_their_todo_list(login, db):
    nobody = make_user("nobody")

    menu = _menu_html(login(nobody))

    assert "待办" in menu
    assert [item.key for item in menu_for(nobody)] == ["todo"]


@pytest.mark.parametrize(
    ("role", "keys"),
    [
        (Role.APPLICANT, ["todo", "apply", "organisations", "pilots"]),
        (Role.ENDORSER, ["todo", "endorse", "organisations", "pilots"]),
        (Role.OFFICER, ["todo", "programmes", "organisations", "pilots"]),
        (Role.EXPERT, ["todo", "score"]),
        (Role.SYSTEM_ADMIN, ["todo", "organisations", "accounts"]),
        (Role.SECURITY_ADMIN, ["todo", "security"]),
        (Role.AUDIT_ADMIN, ["todo", "audit"]),
    ],
)
def test_it_offers_each_role_its_items(role, keys):
    assert [item.key for item in menu_for(make_user(f"u-{role}", role))] == keys


def test_it_follows_the_roles_not_the_staff_flag(db):
    staff = make_user("staff", is_staff=True, is_superuser=True)

    assert [item.key for item in menu_for(staff)] == ["todo"]


def test_it_marks_the_current_page(login, alice):
    menu = _menu_html(login(alice))

    assert f'href="{reverse("desk:todo")}" aria-current="page"' in menu


def test_it_shows_the_count_of_waiting_tasks(login, alice, task_registry):
    since = datetime(2026, 11, 20, tzinfo=UTC)
    task_registry.register(lambda user: [Task("甲", "/a/", "待审核", since)] * 3)

    menu = _menu_html(login(alice))

    assert '<span class="sd-count">3</span>' in menu


def test_it_shows_no_menu_to_anonymous_visitors(db):
    from django.contrib.auth.models import AnonymousUser

    assert menu_for(AnonymousUser()) == []
