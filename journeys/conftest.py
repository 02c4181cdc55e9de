"""The ``journey`` fixture: see shidian/testing/journey.py."""

import pytest

from shidian.testing.browser import _reports_key
from shidian.testing.journey import Journey


@pytest.fixture
def private_media(settings, tmp_path):
    """Uploads (attachments, evidence, minutes) go to the test's own folder, not var/private."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


@pytest.fixture
def journey(request, live_server, browser, demo_db, private_media):
    # live_server before browser, as in the ``page`` fixture: Chromium closes first.
    trip = Journey(browser, live_server)
    yield trip
    reports = request.node.stash.get(_reports_key, {})
    failed = any(r.failed for r in reports.values())
    trip.close(failed, request.node.nodeid)
    if not failed:
        missing = trip.unaudited()
        assert not missing, "pages reached without see() (not audited with axe-core): " + ", ".join(
            f"{pattern} ({url})" for pattern, url in sorted(missing.items())
        )


def pytest_collection_modifyitems(items):
    for item in items:
        if "journey" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))
