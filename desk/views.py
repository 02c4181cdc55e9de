from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from applications.models import Notification
from desk import tasks
from desk.templatetags.shidian import cn_datetime, countdown, deadline_state

# A provincial bureau can have hundreds of applications waiting at once: the page shows them
# fifty at a time, with the total and links to the other pages.
TODO_PAGE_SIZE = 50


@login_required
def todo(request):
    """What awaits the user, the one waiting longest first, and the messages they have not
    read yet (returns, decisions, published lists)."""
    messages = Notification.objects.filter(recipient=request.user, read_at__isnull=True)
    page = Paginator(tasks.collect(request.user), TODO_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/todo.html",
        {
            "tasks": [_row(task) for task in page.object_list],
            "page": page,
            "notifications": list(messages.order_by("-created_at")[:20]),
            "unread": messages.count(),
        },
    )


@login_required
@require_POST
def notifications_read(request):
    """Mark the user's messages read (all of them, or the one named)."""
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True)
    pk = request.POST.get("pk", "")
    if pk:
        # Anything but a number names no message of theirs (rather than a server error).
        unread = unread.filter(pk=pk) if pk.isdigit() else unread.none()
    unread.update(read_at=timezone.now())
    return redirect("desk:todo")


def _row(task: tasks.Task) -> dict:
    """What a line of the list shows, formatted here once rather than by filters per field."""
    deadline = task.deadline
    return {
        "task": task,
        "since_iso": timezone.localtime(task.since).isoformat(),
        "since": cn_datetime(task.since),
        "deadline_iso": timezone.localtime(deadline).isoformat() if deadline else "",
        "deadline": cn_datetime(deadline) if deadline else "",
        "countdown": countdown(deadline) if deadline else "",
        "state": deadline_state(deadline) if deadline else "",
    }
