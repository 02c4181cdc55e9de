"""Who may manage whose account.

A system administrator manages the accounts of their own organisation's part of the tree:
the ministry's everything, a province's its province. Administrators never manage their own
roles (no one grants themselves power), and only a security administrator unlocks accounts.
"""

from accounts.models import Role, User


def can_manage_accounts(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.SYSTEM_ADMIN)


def can_manage_account(admin: User, account: User) -> bool:
    if not can_manage_accounts(admin) or admin.organisation is None:
        return False
    if account.organisation is None:
        return admin.is_ministry
    return account.organisation.is_under(admin.organisation)


def can_change_roles(admin: User, account: User) -> bool:
    return can_manage_account(admin, account) and admin.pk != account.pk


def can_manage_security(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.SECURITY_ADMIN)
