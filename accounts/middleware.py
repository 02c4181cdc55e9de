import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class ForcePasswordChangeMiddleware:
    """An account with an initial (administrator-set) password may do nothing but change it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {
                reverse("accounts:password_change"),
                reverse("accounts:logout"),
                reverse("set_language"),
            }
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("accounts:password_change")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Log out after SESSION_IDLE_SECONDS without a request.

    The session store's own expiry does the same, but a cache-backed store (Redis) expires on
    its own clock; keeping the last activity in the session makes the rule the same on every
    backend, and testable with a frozen clock.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last_seen = request.session.get("last_seen")
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(
                    request,
                    _("您已超过%(n)d分钟未操作，已自动退出，请重新登录。")
                    % {"n": settings.SESSION_IDLE_SECONDS // 60},
                )
                return redirect_to_login(request.get_full_path())
            # Written at most once a minute: a session write per request would cost a
            # cache round trip on every page (bench/RESULTS.md).
            if last_seen is None or now - last_seen >= 60:
                request.session["last_seen"] = now
        return self.get_response(request)
