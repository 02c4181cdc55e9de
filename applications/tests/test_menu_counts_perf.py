"""The menu's badges are kept briefly per user (desk/tasks.py, ``menu_counts``): a second
working page makes fewer queries than the first; the user's own action shows in their badge
at once; another's within ``NAV_COUNTS_SECONDS``, and on the 待办 page at once. Counted in
queries, never timed.

Liu Wei (nc_endorser) at the 南昌 bureau gives opinions on what 东湖区 (Zhang Min,
dh_applicant) and the 豫章 community (Sun Li, yz_applicant) submit.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.tests.flow import endorse_all, submitted
from desk.tasks import NAV_COUNTS_SECONDS

pytestmark = pytest.mark.django_db


def badge(html: str, label: str) -> int:
    """The count on the menu item ``label`` (0 without a badge)."""
    item = re.search(rf"</i> {label}(?: <span class=\"sd-count\">(\d+)</span>)?", html)
    assert item, f"no menu item {label}"
    return int(item.group(1) or 0)


def page(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def from_yuzhang(people):
    """The 豫章 community's application, recommended by 百花洲 and 东湖区: now at 南昌."""
    application = submitted(people.yz_applicant, kind="unit")
    return endorse_all(application, people.bhz_endorser, people.dh_endorser)


@pytest.fixture
def waiting(people):
    """Two applications waiting for 南昌's opinion: 东湖区's own and 豫章's."""
    return [submitted(people.dh_applicant), from_yuzhang(people)]


def test_a_second_page_makes_fewer_queries_and_shows_the_same_badges(people, client_for, waiting):
    client = client_for(people.nc_endorser)
    url = reverse("organisations:list")

    first, first_queries = page(client, url)
    second, second_queries = page(client, url)

    assert badge(first, "待审核") == badge(second, "待审核") == 2
    assert badge(first, "待办") == badge(second, "待办") == 2
    assert second_queries < first_queries


def test_the_users_own_action_shows_in_the_badge_at_once(people, client_for, waiting):
    client = client_for(people.nc_endorser)
    url = reverse("organisations:list")
    assert badge(page(client, url)[0], "待审核") == 2

    client.post(
        reverse("applications:recommend", args=[waiting[0].pk]),
        {
            "recommend-opinion": "同意推荐。",
            "recommend-person": "刘伟",
            "recommend-signed_on": timezone.localdate().isoformat(),
        },
    )

    waiting[0].refresh_from_db()
    assert waiting[0].current_step().organisation.name == "江西省民政厅"
    assert badge(page(client, url)[0], "待审核") == 1


def test_anothers_action_shows_within_the_delay_and_on_the_todo_page_at_once(
    people, client_for, clock_cache
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = client_for(people.nc_endorser)
        url = reverse("organisations:list")
        assert badge(page(client, url)[0], "待审核") == 0

        submitted(people.dh_applicant)  # Zhang Min submits: now waiting at 南昌

        assert badge(page(client, url)[0], "待审核") == 0  # the kept counts
        todo, _ = page(client, reverse("desk:todo"))
        assert badge(todo, "待审核") == 1 and badge(todo, "待办") == 1
        assert badge(page(client, url)[0], "待审核") == 1  # refreshed by the 待办 page

        from_yuzhang(people)
        clock.shift(timedelta(seconds=NAV_COUNTS_SECONDS + 1))

        assert badge(page(client, url)[0], "待审核") == 2
