"""Who may read the audit trail.

Only audit administrators (审计管理员), and each only the rows of actors in their part of the
organisation tree (``AuditEvent.objects.visible_to``). Nobody changes or deletes a row: there
is no view for it, and the model refuses.
"""

from accounts.models import Role


def can_read_audit(user) -> bool:
    return user.is_authenticated and user.has_role(Role.AUDIT_ADMIN)
