from django.apps import AppConfig
from django.db.models.signals import post_save


def _actor_acted(sender, instance, created, **kwargs):
    """An audit row in a user's name: they did something that may change their tasks."""
    if created and instance.actor_id:
        from desk.tasks import forget_counts

        forget_counts(instance.actor_id)


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = "工作台"

    def ready(self):
        from audit.models import AuditEvent

        post_save.connect(_actor_acted, sender=AuditEvent, dispatch_uid="desk-forget-counts")
