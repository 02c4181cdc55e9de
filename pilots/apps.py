from django.apps import AppConfig


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = "试点实施"

    def ready(self):
        from pilots import todo  # noqa: F401  (registers the 待办 providers)
