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
    extensions = DeadlineExtension.objects.filter(programme=programme).filter(
        Q(province__isnull=True) | Q(province=province)
    )
    latest = extensions.aggregate(latest=Max("deadline"))["latest"]
    return max(programme.application_deadline, latest) if latest else programme.application_deadline


def forwarding_deadline(programme: Programme, province: Organisation | None) -> datetime:
    """The deadline for what happens below the provincial level: the internal deadline when
    the province set one (never later than its own deadline)."""
    deadline = effective_deadline(programme, province)
    if province is None:
        return deadline
    internal = InternalDeadline.objects.filter(programme=programme, province=province).first()
    return min(deadline, internal.deadline) if internal else deadline
