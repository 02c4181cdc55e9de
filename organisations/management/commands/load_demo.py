from django.core.management import call_command
from django.core.management.base import BaseCommand

from organisations.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load the regions, the demo organisations and accounts, and the programmes of the "
        "source notices with one programme open for applications (idempotent)."
    )

    def handle(self, *args, **options):
        call_command("load_reference_data", verbosity=options["verbosity"])
        accounts = load_demo()
        from programmes.seeds import load_programmes

        load_programmes()
        if options["verbosity"] < 1:
            return
        self.stdout.write(self.style.SUCCESS("演示账号（密码均为 %s）：" % DEMO_PASSWORD))
        width = max(len(a.username) for a in accounts)
        for account in accounts:
            self.stdout.write(
                f"  {account.username.ljust(width)}  {account.full_name}  {account.note}"
            )
