"""Remove old exports of the inbox (申报汇总表): the files and their rows.

    manage.py prune_exports [--days 7]

The worker already does this after each export (reviews/tasks.py ``prune_exports``); run the
command from a daily timer as well so that files go even in weeks without exports. A job left
生成中 for more than two hours (its worker stopped mid-way) is marked 失败 at the same time.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from reviews.tasks import prune_exports


class Command(BaseCommand):
    help = "Remove exports of the inbox older than --days days (default 7), with their files."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.EXPORT_KEEP_DAYS)

    def handle(self, *args, days: int, **options):
        removed = prune_exports(days=days)
        self.stdout.write(f"removed {removed} export(s) older than {days} day(s)")
