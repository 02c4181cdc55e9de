"""Personas for the desk tests.

Alice applies for her unit; Bob endorses at his bureau; Sam is a system administrator, Sue
the security administrator and Audrey the audit administrator.
"""

import pytest

from accounts.models import Role, RoleGrant, User
from desk import tasks
from organisations.models import Organisation

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def make_user(username: str, *roles: Role, **fields) -> User:
    fields.setdefault("full_name", username.title())
    fields.setdefault("must_change_password", False)
    user = User.objects.create_user(username=username, password="Pilot-2026-pw", **fields)
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user


@pytest.fixture
def ministry(db) -> Organisation:
    return Organisation.objects.create(name="民政部", kind="ministry", tier=0)


@pytest.fixture
def alice(db) -> User:
    return make_user("alice", Role.APPLICANT, full_name="李爱丽")


@pytest.fixture
def sam(ministry) -> User:
    return make_user("sam", Role.SYSTEM_ADMIN, full_name="孙明", organisation=ministry)


@pytest.fixture
def audrey(ministry) -> User:
    return make_user("audrey", Role.AUDIT_ADMIN, full_name="王审", organisation=ministry)


@pytest.fixture
def login(client):
    """``login(user)``: the test client, signed in as ``user``."""

    def sign_in(user: User):
        client.force_login(user, backend=MODEL_BACKEND)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def task_registry():
    """Every test starts with no task providers and leaves the registry as it found it."""
    saved = list(tasks._registry)
    tasks._registry.clear()
    yield tasks
    tasks._registry[:] = saved
