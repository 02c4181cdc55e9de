from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from desk import tasks


@login_required
def todo(request):
    """What awaits the user, the one waiting longest first."""
    return render(request, "desk/todo.html", {"tasks": tasks.collect(request.user)})
