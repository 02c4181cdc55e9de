from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "试点申报"

    def ready(self):
        from applications import todo  # noqa: F401  (registers the 待办 providers)
