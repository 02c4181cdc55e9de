from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from desk.tasks import Task, collect, nav_counts, register

pytestmark = pytest.mark.django_db


def _task(title: str, day: int) -> Task:
    return Task(title, f"/{title}/", "待审核", datetime(2026, 11, day, tzinfo=UTC))


def test_it_collects_every_providers_tasks_oldest_first(alice):
    register(lambda user: [_task("c", 20), _task("a", 3)])
    register(lambda user: [_task("b", 10)])

    assert [t.title for t in collect(alice)] == ["a", "b", "c"]


def test_it_counts_tasks_per_menu_item_and_in_total(alice):
    register(lambda user: [_task("a", 1), _task("b", 2)], nav_key="applications")
    register(lambda user: [_task("c", 3)])

    assert nav_counts(alice) == {"applications": 2, "todo": 3}


def test_it_registers_a_provider_once_however_often_it_is_registered(alice):
    @register(nav_key="reviews")
    def reviews(user):
        return [_task("r", 1)]

    register(reviews, nav_key="reviews")

    assert len(collect(alice)) == 1


def test_it_asks_no_provider_about_anonymous_visitors():
    calls = []
    register(lambda user: calls.append(user) or [])

    assert collect(AnonymousUser()) == []
    assert nav_counts(AnonymousUser()) == {"todo": 0}
    assert calls == []
