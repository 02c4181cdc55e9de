"""The floor of the benchmarks: a bare view behind the same server and middleware as every page
(sessions, CSRF, CSP, the audit context, idle timeout …), mounted only when SHIDIAN_BENCH=1."""

from django.http import HttpResponse
from django.urls import path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


app_name = "bench"
urlpatterns = [path("bare/", bare, name="bare")]
