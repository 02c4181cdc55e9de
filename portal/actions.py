from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from portal.models import Kind, Notice
from programmes.models import Programme


def programme_search_text(programme: Programme) -> str:
    parts = [
        programme.notice_title,
        programme.name,
        programme.document_number,
        programme.addressees,
        programme.preamble,
    ]
    parts += [f"{s.heading} {s.body}" for s in programme.sections.all()]
    parts += [f"{a.title} {a.text}" for a in programme.content_areas.all()]
    return "\n".join(parts).lower()


@transaction.atomic
def publish_notice_for(programme: Programme, *, view_count: int = 0) -> Notice:
    """The portal notice of a programme's opening notice (one per programme)."""
    notice, _ = Notice.objects.update_or_create(
        programme=programme,
        kind=Kind.NOTICE,
        defaults={
            "title": programme.notice_title,
            "document_number": programme.document_number,
            "source": programme.source or programme.issuer,
            "published_at": programme.published_at,
            "search_text": programme_search_text(programme),
        },
        create_defaults={
            "title": programme.notice_title,
            "document_number": programme.document_number,
            "source": programme.source or programme.issuer,
            "published_at": programme.published_at,
            "search_text": programme_search_text(programme),
            "view_count": view_count,
        },
    )
    return notice


# A visitor's views of one notice count once per this period (浏览量).
VIEW_PERIOD = timedelta(minutes=30)


def count_view(notice: Notice, *, visitor: str) -> bool:
    """Count a visitor's view of a notice, once per ``VIEW_PERIOD``; True if it counted.

    The period starts at the first view and refreshes do not extend it. ``cache.add`` stores
    the key only when it is absent, atomically (in Redis too), so of two simultaneous first
    views exactly one counts; the increment is done by the database (F()), so concurrent
    counts are never lost.
    """
    key = f"portal:viewed:{notice.pk}:{visitor}"
    if not cache.add(key, True, timeout=int(VIEW_PERIOD.total_seconds())):
        return False
    Notice.objects.filter(pk=notice.pk).update(view_count=F("view_count") + 1)
    return True


@transaction.atomic
def publish_list_notice(published_list, *, publicity: bool) -> Notice:
    """The portal item of a list: the 公示 or the final 名单 (each its own notice)."""
    from django.utils import timezone

    from reviews.listing import as_text
    from reviews.models import ListKind

    kind = Kind.DEMO_LIST if published_list.kind == ListKind.DEMONSTRATION else Kind.PILOT_LIST
    notice = Notice(
        kind=kind if not publicity else Kind.NOTICE,
        title=published_list.title,
        source=published_list.programme.issuer,
        published_at=timezone.now(),
        programme=None,
        body=as_text(published_list),
    )
    notice.save()
    return notice
