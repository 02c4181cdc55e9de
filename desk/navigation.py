"""The working pages' menu: which items a user sees follows from the roles they hold.

The menu is data (``MENU``), one line per item; an item is shown to a user who holds any of
its roles (``None``: everyone signed in). This decides only what is *offered*: every view
still checks its own ``can_*`` predicate, so a wrong line here hides or shows a link but
never opens a page.

Badge counts come from the task providers (``desk/tasks.py``), matched by ``key``, kept a
few seconds per user (``tasks.menu_counts``).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from desk import tasks


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: Promise
    url_name: str
    icon: str  # a bootstrap-icons name
    roles: frozenset[Role] | None = None


MENU: tuple[MenuEntry, ...] = (
    MenuEntry(tasks.TODO_NAV_KEY, _("待办"), "desk:todo", "inbox"),
    MenuEntry(
        "apply",
        _("我的申报"),
        "applications:list",
        "file-earmark-text",
        frozenset({Role.APPLICANT}),
    ),
    MenuEntry(
        "endorse", _("待审核"), "applications:awaiting", "check2-square", frozenset({Role.ENDORSER})
    ),
    MenuEntry(
        "programmes", _("试点项目"), "programmes:list", "clipboard-check", frozenset({Role.OFFICER})
    ),
    MenuEntry(
        "organisations",
        _("组织机构"),
        "organisations:list",
        "diagram-3",
        frozenset({Role.APPLICANT, Role.ENDORSER, Role.OFFICER, Role.SYSTEM_ADMIN}),
    ),
    MenuEntry("accounts", _("账号管理"), "accounts:list", "people", frozenset({Role.SYSTEM_ADMIN})),
    MenuEntry(
        "security",
        _("安全管理"),
        "accounts:security",
        "shield-lock",
        frozenset({Role.SECURITY_ADMIN}),
    ),
    MenuEntry("audit", _("审计日志"), "audit:list", "journal-text", frozenset({Role.AUDIT_ADMIN})),
    MenuEntry(
        "score", _("评审任务"), "reviews:my_assignments", "clipboard-data", frozenset({Role.EXPERT})
    ),
    MenuEntry(
        "pilots",
        _("试点"),
        "pilots:list",
        "flag",
        frozenset({Role.APPLICANT, Role.ENDORSER, Role.OFFICER}),
    ),
)


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Promise
    url: str | None  # None while the page is not built yet: shown, but not as a link
    icon: str
    count: int = 0
    is_current: bool = False


def menu_for(user, *, path: str = "") -> list[NavItem]:
    """The items ``user`` sees, marking the one whose address ``path`` falls under."""
    if not getattr(user, "is_authenticated", False):
        return []
    counts = tasks.menu_counts(user)
    items = []
    for entry in MENU:
        if entry.roles is not None and not user.has_role(*entry.roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            url = None
        items.append(
            NavItem(
                key=entry.key,
                label=entry.label,
                url=url,
                icon=entry.icon,
                count=counts.get(entry.key, 0),
                is_current=bool(url) and path.startswith(url),
            )
        )
    return items
