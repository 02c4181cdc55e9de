from django.core.management import call_command
from django.core.management.base import BaseCommand

from organisations.bootstrap import ensure_civil_affairs_tree


class Command(BaseCommand):
    help = (
        "Load what every deployment needs, demo or not (idempotent): the GB/T 2260 divisions, "
        "a civil affairs body for each of them with the Corps and the ministry, and the "
        "built-in application form templates."
    )

    def handle(self, *args, **options):
        from programmes.seeds import ensure_form_templates

        call_command("load_regions", verbosity=options["verbosity"])
        created = ensure_civil_affairs_tree()
        ensure_form_templates()
        if options["verbosity"] >= 1:
            self.stdout.write(f"民政部门：新建 {created} 个；内置申报表模板已就绪。")
