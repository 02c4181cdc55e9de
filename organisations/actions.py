from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit.models import Event
from audit.records import record
from organisations.models import Organisation
from organisations.permissions import can_edit_organisation, can_register_unit
from organisations.scope import in_scope

AUDITED_FIELDS = (
    "name",
    "credit_code",
    "address",
    "postcode",
    "phone",
    "email",
    "unit_category",
    "supervisor_id",
    "parent_id",
    "is_active",
)


@transaction.atomic
def register_unit(organisation: Organisation, *, by) -> Organisation:
    if not can_register_unit(by) or not in_scope(by, organisation.parent):
        raise PermissionDenied
    organisation.full_clean()
    organisation.save()
    record(
        Event.ORGANISATION_CREATE,
        actor=by,
        obj=organisation,
        changes={
            f: [None, str(getattr(organisation, f))]
            for f in AUDITED_FIELDS
            if getattr(organisation, f) not in (None, "")
        },
    )
    return organisation


@transaction.atomic
def update_organisation(organisation: Organisation, *, by, before: dict) -> None:
    """Save a form-edited organisation; ``before`` holds the field values as loaded."""
    if not can_edit_organisation(by, organisation):
        raise PermissionDenied
    changes = {
        f: [str(before[f]), str(getattr(organisation, f))]
        for f in AUDITED_FIELDS
        if f in before and before[f] != getattr(organisation, f)
    }
    if not changes:
        return
    organisation.save()
    record(Event.ORGANISATION_UPDATE, actor=by, obj=organisation, changes=changes)


def snapshot(organisation: Organisation) -> dict:
    return {f: getattr(organisation, f) for f in AUDITED_FIELDS}
