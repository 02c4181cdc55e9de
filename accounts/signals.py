"""Security events from Django's and axes' signals, each into the audit trail."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import Event, Result
from audit.records import record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    # The idle clock starts at login (accounts.middleware.IdleTimeoutMiddleware).
    if request is not None and hasattr(request, "session"):
        request.session["last_seen"] = time.time()
    record(Event.LOGIN, actor=user, obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(Event.LOGOUT, actor=user, obj=user)


def _account(username: str):
    """The account a failed sign-in names, if there is one: its row is filed under the
    account's organisation, so that its province's audit administrator sees it."""
    from accounts.models import User

    return User.objects.select_related("organisation").filter(username=username).first()


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    account = _account(username)
    record(
        Event.LOGIN_FAILED,
        actor_name=username,
        obj=account,
        organisation=account and account.organisation,
        result=Result.FAILURE,
        summary=username,
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    username = str(username or "")[:150]
    account = _account(username)
    record(
        Event.LOCKOUT,
        actor_name=username,
        obj=account,
        organisation=account and account.organisation,
        result=Result.REFUSED,
        summary=f"{username} @ {ip_address}",
    )
