"""Cached copies of the public pages served to anonymous visitors (issue 8).

When a notice goes out, most of the traffic is anonymous visitors reading the same few
pages: the home page, the notice and searches for its words. Those get a copy rendered at
most a minute ago, one per language (and per notice, or per search and page), in which the
visitor's own CSRF token (the language switch is a POST form) and, on the notice page, the
view count are filled in on the way out.

Never cached: signed-in users (their pages carry their name and menu, and they are never
served a copy either), visitors with a message waiting, and anything but GET/HEAD.

The keys also carry the portal's *generation*: saving or deleting a notice, an attachment,
a programme, a published list or one of its entries starts a new one, so that a change shows
at once instead of within the minute (the minute still covers a notice that becomes public at
its set time). A 公示's page is kept no later than its period opens or closes (its objection
form appears or goes).
"""

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

PAGE_CACHE_SECONDS = 60
GENERATION_KEY = "portal:generation"

# Stand for the visitor's CSRF token and the notice's view count in a cached page: each
# response gets the visitor's own token, so one visitor's token is never served to another,
# and the count as it is now; the cached page costs a string replacement or two.
CSRF_PLACEHOLDER = "csrf-token-placeholder-2f9c51"
VIEW_COUNT_PLACEHOLDER = "view-count-placeholder-7e41d0"


def is_cacheable(request, *, allowed_parameters: frozenset[str] = frozenset()) -> bool:
    """An anonymous GET (or HEAD) with no message waiting and no query parameters beyond
    ``allowed_parameters``."""
    return (
        request.method in ("GET", "HEAD")
        and set(request.GET) <= allowed_parameters
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))  # len() leaves the messages unread
    )


def generation() -> str:
    """The portal's current generation (see the module's docstring)."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _changed(sender, **kwargs) -> None:
    # Now, for this transaction's own later reads, and again at commit: a visitor who
    # rendered the page in between (seeing the old rows) must not leave it in the cache.
    new_generation()
    transaction.on_commit(new_generation)


def connect_signals() -> None:
    """What a cached notice or search page shows (called from PortalConfig.ready())."""
    from portal.models import Attachment, Notice
    from programmes.models import Programme
    from reviews.models import ListEntry, PublishedList

    for model in (Notice, Attachment, Programme, PublishedList, ListEntry):
        uid = f"portal-generation-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")


def cached_page(
    request,
    key: str,
    render: Callable[[], tuple[str, dict, int]],
    *,
    fill: dict[str, str] | None = None,
) -> HttpResponse:
    """The page at ``key``, rendered by ``render`` when missing.

    ``render()`` returns (template, context, seconds to keep it; 0: not at all) and must
    put the placeholders of ``fill`` where their values go; ``fill`` maps each placeholder
    to this response's value. The CSRF token is always filled in.
    """
    html = cache.get(key)
    if html is None:
        template, context, seconds = render()
        html = render_to_string(template, context | {"csrf_token": CSRF_PLACEHOLDER}, request)
        if seconds > 0:
            cache.set(key, html, seconds)
    for placeholder, value in (fill or {}).items():
        html = html.replace(placeholder, value)
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
