from django.db import transaction

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
