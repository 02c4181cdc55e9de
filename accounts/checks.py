from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


def _demo_account_count() -> int:
    from accounts.models import User

    try:
        return User.objects.filter(is_demo=True, is_active=True).count()
    except DatabaseError:
        return 0  # not migrated yet: nothing to refuse


def refuse_demo_accounts_in_production() -> None:
    """Called when the production server starts: demo passwords are public."""
    if settings.REFUSE_DEMO_ACCOUNTS and _demo_account_count():
        raise ImproperlyConfigured(
            "Demo accounts exist in this database; their passwords are published. "
            "Remove them with `manage.py disable_demo_accounts` before starting in production."
        )


@register(Tags.security, deploy=True)
def demo_accounts_check(app_configs, **kwargs):
    if settings.REFUSE_DEMO_ACCOUNTS and _demo_account_count():
        return [
            Error(
                "Demo accounts exist; production refuses to start with them.",
                hint="Run manage.py disable_demo_accounts.",
                id="shidian.E001",
            )
        ]
    return []
