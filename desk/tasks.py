"""What awaits a user: the registry behind the 待办 page and the counts on the menu.

Apps that create work for someone (applications to endorse, reviews to score, reports to
file) contribute a *provider*: a callable ``(user) -> list[Task]`` returning that user's open
tasks. Register it once, in the app's ``AppConfig.ready()``::

    from desk import tasks

    def awaiting_endorsement(user):
        return [
            tasks.Task(
                title=f"{a.unit.name}：{a.title}",
                url=a.get_absolute_url(),
                category=_("待审核"),
                since=a.submitted_at,
                deadline=a.programme.endorse_by,
                programme=a.programme.short_name,
            )
            for a in Application.objects.awaiting_endorsement_by(user)
        ]

    tasks.register(awaiting_endorsement, nav_key="applications")

``nav_key`` names the menu item (see ``desk/navigation.py``) whose badge shows how many tasks
this provider returns; the 待办 item always shows the total. The menu calls the providers on
every working page, so a provider must be one or two indexed queries, never a loop of them;
return only what the user can act on now.

The menu keeps a user's counts for ``NAV_COUNTS_SECONDS`` (``menu_counts``), so that working
pages other than 待办 do not run every provider again: a badge may lag others' actions by
that long. The user's own actions (anything that writes an audit row in their name) forget
their counts at once, and the 待办 page always shows the tasks as they are and refreshes them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils.functional import Promise

TODO_NAV_KEY = "todo"
NAV_COUNTS_SECONDS = 30


@dataclass(frozen=True)
class Task:
    """One thing a user has to do. ``since`` and ``deadline`` are aware datetimes."""

    title: str
    url: str
    category: str | Promise  # a short label: 待审核, 待评审, 待补正 …
    since: datetime  # when it landed on this user's desk
    deadline: datetime | None = None
    programme: str = ""  # the pilot programme it belongs to, if any


Provider = Callable[[object], list[Task]]


@dataclass(frozen=True)
class _Registration:
    provider: Provider
    nav_key: str | None


_registry: list[_Registration] = []


def register(provider: Provider | None = None, *, nav_key: str | None = None):
    """Add a provider; usable as ``register(f)``, ``@register`` or ``@register(nav_key=…)``.

    Registering the same callable again replaces the earlier registration, so an app's
    ``ready()`` running twice (as it can in tests) does not double its tasks.
    """
    if provider is None:
        return lambda f: register(f, nav_key=nav_key)
    unregister(provider)
    _registry.append(_Registration(provider, nav_key))
    return provider


def unregister(provider: Provider) -> None:
    _registry[:] = [r for r in _registry if r.provider is not provider]


def _run(user) -> list[tuple[_Registration, list[Task]]]:
    """Every provider's tasks for the user, computed once per user object — a request's
    user — so that the 待办 page and the menu badges on it share one run."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = user.__dict__.get("_desk_tasks")
    if cached is None:
        cached = user.__dict__["_desk_tasks"] = [(r, list(r.provider(user))) for r in _registry]
    return cached


def collect(user) -> list[Task]:
    """All of the user's tasks, the one waiting longest first."""
    found = [task for _, tasks in _run(user) for task in tasks]
    return sorted(found, key=lambda t: t.since)


def nav_counts(user) -> dict[str, int]:
    """Badge counts per menu item: ``todo`` is the total; other keys as the providers declare."""
    counts: dict[str, int] = {}
    total = 0
    for registration, tasks in _run(user):
        total += len(tasks)
        if registration.nav_key and registration.nav_key != TODO_NAV_KEY:
            counts[registration.nav_key] = counts.get(registration.nav_key, 0) + len(tasks)
    counts[TODO_NAV_KEY] = total
    return counts


def _counts_key(user_id: int) -> str:
    return f"desk:nav-counts:{user_id}"


def menu_counts(user) -> dict[str, int]:
    """``nav_counts`` as the menu shows them: kept ``NAV_COUNTS_SECONDS`` per user, and
    taken afresh from the providers' run when this request made one anyway (the 待办 page)."""
    if not getattr(user, "is_authenticated", False):
        return nav_counts(user)
    key = _counts_key(user.pk)
    counts = None if "_desk_tasks" in user.__dict__ else cache.get(key)
    if counts is None:
        counts = nav_counts(user)
        cache.set(key, counts, NAV_COUNTS_SECONDS)
    return counts


def forget_counts(user_id: int) -> None:
    """The user's menu counts are to be computed again (they did something): now, and
    again when the transaction commits, so that a page rendered in between cannot keep the
    counts of before."""
    key = _counts_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
