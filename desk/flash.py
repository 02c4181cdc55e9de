"""Saying what happened after an action, the same way on every working page (UI.md):
已提交至上级民政部门 · 张三 · 2026年11月26日 10:32."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from desk.templatetags.shidian import cn_datetime


def flash_done(request, what: str) -> None:
    """What happened, who did it and when."""
    user = request.user
    messages.success(
        request, f"{what} · {user.full_name or user.username} · {cn_datetime(timezone.now())}"
    )


def flash_refused(request, error: ValidationError) -> None:
    """Why an action could not happen, each reason on its own line."""
    for message in error.messages:
        messages.error(request, message)
