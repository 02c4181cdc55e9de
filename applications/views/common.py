"""What every application page shares: loading the application and refusing.

Every page loads its application through ``load_application``: 404 when the user may not see
it (``Application.objects.visible_to``), and each action then checks its own predicate
(applications/permissions.py) and answers 403 through ``forbidden``, saying why, when the user
may see but not act. The change itself is always one function of applications/actions.py; a
``Refused`` from it becomes a plain message (desk/flash.py ``flash_refused``), and nothing
changes.
"""

from django.shortcuts import get_object_or_404, render

from applications.models import Application


def _visible(user):
    return Application.objects.visible_to(user).select_related(
        "programme",
        "category",
        "organisation__region",
        "province",
        "form_version__definition",
    )


def load_application(request, pk: int) -> Application:
    """The application if the user may see it; 404 otherwise (whether or not it exists)."""
    return get_object_or_404(_visible(request.user), pk=pk)


def forbidden(request, application: Application, message: str):
    """403, saying why: the user sees the application but may not do this with it."""
    return render(
        request,
        "applications/application_refused.html",
        {"application": application, "message": message},
        status=403,
    )
