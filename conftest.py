"""Shared fixtures. The test database is loaded once per session with the regions and the demo
organisations and accounts (organisations/demo.py), so tests speak of named people:

    Zhang Min (dh_applicant) applies for 南昌市东湖区; Liu Wei (nc_endorser) endorses in her
    prefecture; Lin Hai (gd_endorser), in another province, must see nothing of hers.

Tests that use ``transaction=True`` (the browser tests) get a flushed database and call the
``demo_db`` fixture to load the same data again.
"""

import pytest
from django.core.management import call_command

pytest_plugins = ["shidian.testing.browser"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached pages, view counters, lockouts)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def clock_cache(settings):
    """A local-memory cache for tests that travel in time: Redis expires keys by its own
    clock, which time_machine cannot move."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo_db(transactional_db):
    """The demo data in a transactional test (whose database was flushed)."""
    call_command("load_demo", verbosity=0)


class People:
    """Demo accounts and organisations by their short names: ``people.dh_applicant``."""

    def __getattr__(self, username: str):
        from accounts.models import User

        return User.objects.select_related("organisation").get(username=username)

    def org(self, name: str):
        from organisations.models import Organisation

        return Organisation.objects.get(name=name)

    def bureau(self, region_code: str):
        from organisations.models import Organisation

        return Organisation.objects.get(kind="civil_affairs", region__code=region_code)


@pytest.fixture
def people(db) -> People:
    return People()


@pytest.fixture
def client_for(client):
    """A logged-in test client for a demo account: ``client_for(people.dh_applicant)``."""

    def login(user):
        # A fresh session each time, as a real login would give (an old one may carry an
        # idle-timeout clock from before a test's time travel).
        client.logout()
        client.force_login(user)
        return client

    return login
