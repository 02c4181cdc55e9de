from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "评审与确定"

    def ready(self):
        from reviews import todo  # noqa: F401  (registers the 待办 providers)
