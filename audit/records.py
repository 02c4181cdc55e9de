from typing import Any

from django.db import models, transaction
from django.utils import timezone

from audit.context import source_address
from audit.models import AuditEvent, AuditHead, Event, Result


def record(
    event: Event,
    *,
    actor=None,
    obj: models.Model | None = None,
    result: Result = Result.SUCCESS,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    actor_name: str = "",
    organisation=None,
) -> AuditEvent:
    """Append one audit row, in the caller's transaction (so it stands or falls with the
    change it describes). Call it last in an action, to hold the chain lock briefly."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        if organisation is None and actor is not None:
            organisation = getattr(actor, "organisation", None)
        row = AuditEvent(
            seq=head.last_seq + 1,
            at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_name=actor_name or (str(actor.get_username()) if actor is not None else ""),
            organisation_name=organisation.name if organisation else "",
            organisation_path=organisation.path if organisation else "",
            source_address=source_address.get(),
            event=event,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            result=result,
            summary=summary[:500],
            changes=changes or {},
            prev_hash=head.last_hash,
        )
        row.row_hash = row.compute_hash()
        row.save()
        head.last_seq = row.seq
        head.last_hash = row.row_hash
        head.save(update_fields=["last_seq", "last_hash"])
    return row
