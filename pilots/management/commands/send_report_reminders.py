"""Daily (cron or the task worker): remind pilots of progress reports falling due, and pilots
and their provinces of overdue ones; each reminder is sent once, so running it twice is
harmless."""

from django.core.management.base import BaseCommand

from pilots.actions import send_reminders


class Command(BaseCommand):
    help = "Send the progress-report reminders due today (each once)."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"已发送 {sent} 条进展报告提醒。")
