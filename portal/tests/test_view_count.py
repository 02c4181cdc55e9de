"""浏览量: a page view counts once per visitor (address and browser) per 30 minutes."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from portal.tests.factory import beijing

pytestmark = pytest.mark.django_db

OPENED = beijing(2026, 11, 26, 10, 0)


@pytest.fixture
def notice(make):
    return make.publish(view_count=1367)


def _visit(notice, *, ip="203.0.113.5", agent="Firefox"):
    Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=agent).get(reverse("portal:notice", args=[notice.pk]))
    notice.refresh_from_db()
    return notice.view_count


def test_it_counts_a_visit_once_in_thirty_minutes(notice, clock_cache):
    with time_machine.travel(OPENED, tick=False) as traveller:
        assert _visit(notice) == 1368
        traveller.shift(60)
        assert _visit(notice) == 1368
        traveller.shift(28 * 60)  # 29 minutes after the first view: still the same period
        assert _visit(notice) == 1368


def test_it_counts_the_same_visitor_again_after_thirty_minutes(notice, clock_cache):
    with time_machine.travel(OPENED, tick=False) as traveller:
        _visit(notice)
        traveller.shift(25 * 60)
        _visit(notice)  # a refresh does not extend the period
        traveller.shift(5 * 60 + 1)

        assert _visit(notice) == 1369


def test_it_counts_other_visitors_separately(notice):
    with time_machine.travel(OPENED, tick=False):
        _visit(notice)

        assert _visit(notice, ip="198.51.100.7") == 1369
        assert _visit(notice, agent="Chromium") == 1370
        assert _visit(notice) == 1370


def test_it_counts_each_notice_on_its_own(make, notice):
    other = make.publish()

    with time_machine.travel(OPENED, tick=False):
        _visit(notice)
        _visit(other)

    assert (notice.view_count, other.view_count) == (1368, 1)


def test_it_shows_the_count_including_the_visit_just_counted(notice):
    client = Client(REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT="Firefox")
    url = reverse("portal:notice", args=[notice.pk])

    assert "浏览量：1368" in client.get(url).content.decode()
    assert "浏览量：1368" in client.get(url).content.decode()


def test_it_does_not_count_views_of_pages_that_are_not_public(make):
    withdrawn = make.make_notice(is_withdrawn=True)

    _visit(withdrawn)

    assert withdrawn.view_count == 0
