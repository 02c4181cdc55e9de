"""Deadlines, all in Asia/Shanghai (stored aware, compared as instants).

- The programme's application deadline, extended by the ministry for everyone or for one
  provincial-level body (the latest extension that applies wins).
- A province's internal deadline for its own counties and units: applicants below it must
  submit, and the levels below it must forward, before it.
"""

from datetime import datetime

from django.db.models import Max, Q

from applications.models import DeadlineExtension, InternalDeadline
from organisations.models import Organisation
from programmes.models import Programme


def effective_deadline(programme: Programme, province: Organisation | None) -> datetime:
    """The deadline for submitting to the ministry from ``province`` (None: the ministry's
    own affiliated bodies, who submit directly)."""
    return _one(programme, province, forwarding=False)


def forwarding_deadline(programme: Programme, province: Organisation | None) -> datetime:
    """The deadline for what happens below the provincial level: the internal deadline when
    the province set one (never later than its own deadline)."""
    return _one(programme, province, forwarding=True)


def _one(programme: Programme, province: Organisation | None, *, forwarding: bool) -> datetime:
    key = (programme.pk, province.pk if province else None)
    return deadlines_for([(programme, key[1])], forwarding=forwarding)[key]


def deadlines_for(pairs, *, forwarding: bool) -> dict:
    """``effective_deadline`` (or, with ``forwarding``, ``forwarding_deadline``) of many
    (programme, province) pairs in two grouped queries whatever their number, for lists such
    as 待办. ``pairs`` holds (programme, province id or None); the result is keyed by
    (programme id, province id)."""
    pairs = {(programme.pk, province_id): programme for programme, province_id in pairs}
    if not pairs:
        return {}
    programme_ids = {pk for pk, _ in pairs}
    province_ids = {province_id for _, province_id in pairs if province_id is not None}
    extended = {}
    for programme_id, province_id, latest in (
        DeadlineExtension.objects.filter(programme_id__in=programme_ids)
        .filter(Q(province__isnull=True) | Q(province_id__in=province_ids))
        .values("programme_id", "province_id")
        .annotate(latest=Max("deadline"))
        .order_by()
        .values_list("programme_id", "province_id", "latest")
    ):
        extended[programme_id, province_id] = latest
    internal = {}
    if forwarding and province_ids:
        internal = {
            (programme_id, province_id): deadline
            for programme_id, province_id, deadline in InternalDeadline.objects.filter(
                programme_id__in=programme_ids, province_id__in=province_ids
            ).values_list("programme_id", "province_id", "deadline")
        }
    result = {}
    for (programme_id, province_id), programme in pairs.items():
        candidates = [
            programme.application_deadline,
            extended.get((programme_id, None)),
            extended.get((programme_id, province_id)) if province_id is not None else None,
        ]
        deadline = max(c for c in candidates if c is not None)
        if (programme_id, province_id) in internal:
            deadline = min(deadline, internal[programme_id, province_id])
        result[programme_id, province_id] = deadline
    return result
