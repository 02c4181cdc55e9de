from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from programmes.seeds import load_programmes


class Command(BaseCommand):
    help = (
        "Load the built-in form templates, the programmes of 民函〔2009〕148号 and "
        "民函〔2013〕132号, and a demo programme open for applications (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-demo",
            action="store_true",
            help="Skip the demo programme (templates and historical programmes only).",
        )

    def handle(self, *args, **options):
        try:
            programmes = load_programmes(demo=not options["no_demo"])
        except ImproperlyConfigured as e:
            raise CommandError(str(e)) from e
        if options["verbosity"] < 1:
            return
        self.stdout.write(self.style.SUCCESS("试点项目："))
        for programme in programmes:
            self.stdout.write(
                f"  {programme.document_number}  {programme.name}"
                f"  [{programme.current_status().label}]"
            )
