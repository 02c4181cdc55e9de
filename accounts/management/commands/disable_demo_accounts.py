from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from audit.models import Event
from audit.records import record


class Command(BaseCommand):
    help = "Disable the demo accounts (their passwords are published) before going to production."

    @transaction.atomic
    def handle(self, *args, **options):
        accounts = list(User.objects.filter(is_demo=True, is_active=True))
        for account in accounts:
            account.is_active = False
            account.set_unusable_password()
            account.save(update_fields=["is_active", "password"])
            record(
                Event.ACCOUNT_DEACTIVATE,
                actor=None,
                actor_name="manage.py disable_demo_accounts",
                obj=account,
                changes={"is_active": [True, False]},
            )
        self.stdout.write(f"已停用 {len(accounts)} 个演示账号。")
