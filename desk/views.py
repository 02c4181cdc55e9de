from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from applications.models import Notification
from desk import tasks


@login_required
def todo(request):
    """What awaits the user, the one waiting longest first, and the messages they have not
    read yet (returns, decisions, published lists)."""
    messages = Notification.objects.filter(recipient=request.user, read_at__isnull=True)
    return render(
        request,
        "desk/todo.html",
        {
            "tasks": tasks.collect(request.user),
            "notifications": list(messages.order_by("-created_at")[:20]),
            "unread": messages.count(),
        },
    )


@login_required
@require_POST
def notifications_read(request):
    """Mark the user's messages read (all of them, or the one named)."""
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True)
    if request.POST.get("pk"):
        unread = unread.filter(pk=request.POST["pk"])
    unread.update(read_at=timezone.now())
    return redirect("desk:todo")
