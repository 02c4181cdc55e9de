"""Who may see and do what with an application.

Seeing goes through ``Application.objects.visible_to(user)`` (the access scope); the loader
in views.py turns "not visible" into 404 and "visible but not yours to act on" into 403.
"""

from accounts.models import Role
from applications.models import EDITABLE, Application, Status, StepState
from organisations.models import Organisation, Tier


def is_applicant_of(user, application: Application) -> bool:
    return user.has_role(Role.APPLICANT) and application.organisation_id == user.organisation_id


def can_edit(user, application: Application) -> bool:
    return is_applicant_of(user, application) and application.status in EDITABLE


def can_withdraw(user, application: Application, steps) -> bool:
    """Before the next level has acted (``steps``: the application's steps, loaded once)."""
    if not is_applicant_of(user, application) or application.status != Status.PENDING:
        return False
    this_round = [s for s in steps if s.round == application.round]
    return not any(
        s.order > 1 and s.state not in (StepState.WAITING, StepState.CURRENT) for s in this_round
    )


def can_endorse(user, application: Application, steps) -> bool:
    """The user's organisation holds the current step."""
    if not user.has_role(Role.ENDORSER) or application.status != Status.PENDING:
        return False
    return any(
        s.state == StepState.CURRENT and s.organisation_id == user.organisation_id for s in steps
    )


def can_select(user, province: Organisation | None) -> bool:
    """The user speaks for the provincial-level body: one of its own endorsers."""
    return (
        province is not None
        and province.tier == Tier.PROVINCE
        and user.has_role(Role.ENDORSER)
        and user.organisation_id == province.pk
    )
