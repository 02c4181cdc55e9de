from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def home(request):
    return render(request, "desk/home.html")


@login_required
def todo(request):
    return render(request, "desk/todo.html", {"tasks": []})
