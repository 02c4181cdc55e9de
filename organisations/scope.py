"""The access scope: what part of the organisation tree a user works in.

One rule, used twice — as a queryset filter (``scope_q``) for lists and as a predicate
(``in_scope``) for single objects — so that the two can never disagree (a property-based
test checks it):

- endorsers, programme officers and system administrators see their organisation and
  everything under it (a county its own, a prefecture its counties, a province its province,
  the ministry everything; the Corps and the five cities as their own provinces);
- an endorser of a supervising department (业务主管部门) also sees the units it supervises;
- applicants see their own organisation only;
- everyone else (experts, security and audit administrators) sees their own organisation only
  here; experts reach applications through their assignments, administrators their own pages.
"""

from dataclasses import dataclass

from django.db.models import Q

from organisations.models import Kind, Organisation

TREE_ROLES = ("endorser", "officer", "system_admin")


@dataclass(frozen=True)
class Scope:
    subtree_path: str | None  # everything whose path starts with this
    own_id: int | None  # the user's own organisation
    supervisor_id: int | None  # units supervised by this organisation

    def q(self, prefix: str = "") -> Q:
        """A filter on the organisation reached through ``prefix`` (e.g. "organisation__")."""
        if self.own_id is None:
            return Q(pk__in=[])
        q = Q(**{f"{prefix}pk": self.own_id})
        if self.subtree_path:
            q |= Q(**{f"{prefix}path__startswith": self.subtree_path})
        if self.supervisor_id:
            q |= Q(**{f"{prefix}supervisor_id": self.supervisor_id})
        return q

    def contains(self, organisation: Organisation | None) -> bool:
        if organisation is None or self.own_id is None:
            return False
        return (
            organisation.pk == self.own_id
            or (self.subtree_path is not None and organisation.path.startswith(self.subtree_path))
            or (self.supervisor_id is not None and organisation.supervisor_id == self.supervisor_id)
        )


NOTHING = Scope(None, None, None)


def scope_of(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    organisation = user.organisation
    if organisation is None:
        return NOTHING
    in_tree = any(role in user.roles for role in TREE_ROLES)
    supervises = in_tree and organisation.kind == Kind.SUPERVISOR
    return Scope(
        subtree_path=organisation.path if in_tree else None,
        own_id=organisation.pk,
        supervisor_id=organisation.pk if supervises else None,
    )


def scope_q(user, prefix: str = "") -> Q:
    return scope_of(user).q(prefix)


def in_scope(user, organisation: Organisation | None) -> bool:
    return scope_of(user).contains(organisation)
