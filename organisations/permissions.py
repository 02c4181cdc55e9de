"""Who may do what with organisations. Loading is scoped (organisations/scope.py); these
predicates say whether a user who can see an organisation may also change it."""

from accounts.models import Role
from organisations.models import Kind, Organisation
from organisations.scope import in_scope

EDITABLE_KINDS = (Kind.UNIT, Kind.SUPERVISOR, Kind.OTHER, Kind.AFFILIATE)


def can_view_organisation(user, organisation: Organisation) -> bool:
    return in_scope(user, organisation)


def can_edit_organisation(user, organisation: Organisation) -> bool:
    """A system administrator edits what is in their scope; an applicant keeps their own
    organisation's contact details up to date (they prefill every application form)."""
    if not in_scope(user, organisation):
        return False
    if user.has_role(Role.SYSTEM_ADMIN):
        return True
    return user.has_role(Role.APPLICANT) and organisation.pk == user.organisation_id


def can_register_unit(user) -> bool:
    return user.is_authenticated and user.has_role(Role.SYSTEM_ADMIN)
