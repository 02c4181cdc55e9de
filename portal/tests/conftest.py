"""Fixtures for the portal tests.

Visitors are anonymous unless a test signs someone in; Alice (an applicant) is the one who
does. ``make`` builds programmes and notices (portal/tests/factory.py).
"""

import pytest
from django.core.cache import cache

from accounts.models import Role, RoleGrant, User
from portal.models import Notice
from portal.tests.factory import Factory

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def make(db) -> Factory:
    return Factory()


@pytest.fixture(autouse=True)
def empty_portal(db):
    """Each test starts with an empty portal: the seed notices that the session's demo data
    brings (conftest.py, load_demo) are removed, inside the test's own transaction."""
    Notice.objects.all().delete()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the home page, the view counter, the forms)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db) -> User:
    user = User.objects.create_user(
        username="alice",
        password="Pilot-2026-pw",
        full_name="李爱丽",
        must_change_password=False,
    )
    RoleGrant.objects.create(user=user, role=Role.APPLICANT)
    return user


@pytest.fixture
def login(client):
    """``login(user)``: the test client, signed in as ``user``."""

    def sign_in(user: User):
        client.force_login(user, backend=MODEL_BACKEND)
        return client

    return sign_in
