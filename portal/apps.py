from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户网站"

    def ready(self):
        from portal.caching import connect_signals

        connect_signals()
