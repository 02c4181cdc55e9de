"""Changes to accounts. Each runs in one transaction and writes its audit row."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ADMIN_ROLES, Role, RoleGrant, User
from accounts.permissions import can_change_roles, can_manage_account, can_manage_security
from audit.models import Event
from audit.records import record
from organisations.models import Kind, Organisation


def check_role_combination(roles: set[str], organisation: Organisation | None) -> None:
    """The three administrators exclude each other and every business role; programme
    officers belong to the ministry."""
    admin_roles = roles & ADMIN_ROLES
    if admin_roles and len(roles) > 1:
        raise ValidationError(
            _("系统管理员、安全管理员、审计管理员三者互斥，且不能兼任任何业务角色。"),
            code="admin_roles_exclusive",
        )
    if Role.OFFICER in roles and (organisation is None or organisation.kind != Kind.MINISTRY):
        raise ValidationError(
            _("试点项目管理员只能由民政部的账号担任。"), code="officer_ministry_only"
        )


@transaction.atomic
def create_account(
    *,
    by: User | None,
    username: str,
    full_name: str,
    organisation: Organisation,
    roles: set[str],
    password: str,
    job_title: str = "",
    phone: str = "",
    email: str = "",
    is_demo: bool = False,
    actor_name: str = "",
) -> User:
    """``actor_name`` names who acted when no user did (a management command)."""
    if by is not None and not can_manage_account(by, User(organisation=organisation)):
        raise PermissionDenied
    check_role_combination(set(roles), organisation)
    account = User(
        username=username,
        full_name=full_name,
        organisation=organisation,
        job_title=job_title,
        phone=phone,
        email=email,
        is_demo=is_demo,
        # An administrator-set password is an initial one: the owner must change it.
        must_change_password=not is_demo,
    )
    validate_password(password, account)
    account.set_password(password)
    account.full_clean(exclude=["password"])
    account.save()
    RoleGrant.objects.bulk_create(
        RoleGrant(user=account, role=role, granted_by=by) for role in sorted(roles)
    )
    record(
        Event.ACCOUNT_CREATE,
        actor=by,
        actor_name=actor_name,
        obj=account,
        summary=f"{account.full_name}（{organisation.name}）",
        changes={"roles": sorted(roles), "organisation": organisation.name},
    )
    return account


@transaction.atomic
def set_roles(account: User, roles: set[str], *, by: User) -> None:
    if not can_change_roles(by, account):
        raise PermissionDenied
    account = User.objects.select_for_update().get(pk=account.pk)
    check_role_combination(set(roles), account.organisation)
    current = set(account.role_grants.values_list("role", flat=True))
    for role in sorted(current - roles):
        account.role_grants.filter(role=role).delete()
        record(
            Event.ROLE_REVOKE,
            actor=by,
            obj=account,
            changes={"role": [role, None]},
            summary=str(Role(role).label),
        )
    for role in sorted(roles - current):
        RoleGrant.objects.create(user=account, role=role, granted_by=by)
        record(
            Event.ROLE_GRANT,
            actor=by,
            obj=account,
            changes={"role": [None, role]},
            summary=str(Role(role).label),
        )


@transaction.atomic
def update_account(account: User, *, by: User, **fields) -> None:
    if not can_manage_account(by, account):
        raise PermissionDenied
    changes = {}
    for name, value in fields.items():
        old = getattr(account, name)
        if old != value:
            changes[name] = [str(old), str(value)]
            setattr(account, name, value)
    if not changes:
        return
    account.full_clean(exclude=["password"])
    account.save(update_fields=list(changes))
    record(Event.ACCOUNT_UPDATE, actor=by, obj=account, changes=changes)


@transaction.atomic
def set_active(account: User, active: bool, *, by: User) -> None:
    if not can_manage_account(by, account) or account.pk == by.pk:
        raise PermissionDenied
    if account.is_active == active:
        return
    account.is_active = active
    account.save(update_fields=["is_active"])
    record(
        Event.ACCOUNT_ACTIVATE if active else Event.ACCOUNT_DEACTIVATE,
        actor=by,
        obj=account,
        changes={"is_active": [not active, active]},
    )


@transaction.atomic
def change_password(account: User, new_password: str, *, by: User) -> None:
    """The owner changes their own password (validated by the form)."""
    account.set_password(new_password)
    account.must_change_password = False
    account.password_changed_at = timezone.now()
    account.save(update_fields=["password", "must_change_password", "password_changed_at"])
    record(Event.PASSWORD_CHANGE, actor=by, obj=account)


@transaction.atomic
def reset_password(account: User, new_password: str, *, by: User) -> None:
    """An administrator sets a new initial password; the owner must change it at next login."""
    if not can_manage_account(by, account) or account.pk == by.pk:
        raise PermissionDenied
    validate_password(new_password, account)
    account.set_password(new_password)
    account.must_change_password = True
    account.password_changed_at = timezone.now()
    account.save(update_fields=["password", "must_change_password", "password_changed_at"])
    record(Event.PASSWORD_RESET, actor=by, obj=account)


@transaction.atomic
def unlock(username: str, *, by: User) -> int:
    """Clear the lockout of one username (all addresses)."""
    from axes.models import AccessAttempt

    if not can_manage_security(by):
        raise PermissionDenied
    if not by.is_ministry and not (
        User.objects.in_scope_of(by.organisation).filter(username=username).exists()
    ):
        raise PermissionDenied
    count, _ = AccessAttempt.objects.filter(username=username).delete()
    record(Event.UNLOCK, actor=by, summary=username, changes={"attempts_cleared": count})
    return count
