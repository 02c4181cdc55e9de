import os

from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("organisations/", include("organisations.urls")),
    path("programmes/", include("programmes.urls")),
    path("applications/", include("applications.urls")),
    path("reviews/", include("reviews.urls")),
    path("pilots/", include("pilots.urls")),
    path("", include("portal.urls")),
    path("", include("desk.urls")),
]

if os.environ.get("SHIDIAN_BENCH") == "1":  # the benchmarks' bare view (bench/urls.py)
    urlpatterns.insert(0, path("bench/", include("bench.urls")))
