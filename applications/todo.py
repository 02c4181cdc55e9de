"""What applications put on people's 待办 (desk/tasks.py)."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from applications import deadlines
from applications.models import Application, EndorsementStep, Status, StepState
from desk import tasks
from programmes.models import Programme


def _memo(function):
    """Deadlines per (programme, province): a user's tasks share a handful of them."""
    known = {}

    def deadline(programme, province):
        key = (programme.pk, getattr(province, "pk", None))
        if key not in known:
            known[key] = function(programme, province)
        return known[key]

    return deadline


@tasks.register(nav_key="endorse")
def awaiting_my_opinion(user) -> list[tasks.Task]:
    if not user.has_role(Role.ENDORSER) or user.organisation_id is None:
        return []
    steps = (
        EndorsementStep.objects.filter(
            state=StepState.CURRENT, organisation_id=user.organisation_id
        )
        .select_related(
            "application__organisation", "application__category", "application__programme"
        )
        # Not the form's text (10-20 kB an application): a list of 200 would carry megabytes.
        .defer("application__values", "application__search_text")
        .order_by("arrived_at")[:200]
    )
    return [
        tasks.Task(
            title=f"{s.application.organisation.name} · {s.application.category.name}",
            url=reverse("applications:detail", args=[s.application_id]),
            category=_("待审核"),
            since=s.arrived_at,
            deadline=s.application.programme.application_deadline,
            programme=s.application.programme.name,
        )
        for s in steps
    ]


@tasks.register(nav_key="select")
def awaiting_my_selection(user) -> list[tasks.Task]:
    """A provincial-level body: recommended applications to rank and submit, per programme."""
    if not user.has_role(Role.ENDORSER) or user.organisation_id is None:
        return []
    rows = (
        Application.objects.filter(province_id=user.organisation_id, status=Status.ENDORSED)
        # Once the province has submitted its batch, what it left out is no longer a task.
        .exclude(programme__batches__province_id=user.organisation_id)
        .values("programme_id")
        .annotate(n=Count("pk"), since=Min("status_changed_at"))
        .order_by("since")
    )
    programmes = Programme.objects.in_bulk([row["programme_id"] for row in rows])
    return [
        tasks.Task(
            title=_("%(n)d 份申报待遴选报送民政部") % {"n": row["n"]},
            url=reverse("applications:province", args=[row["programme_id"]]),
            category=_("待报送"),
            since=row["since"],
            deadline=deadlines.effective_deadline(
                programmes[row["programme_id"]], user.organisation
            ),
            programme=programmes[row["programme_id"]].name,
        )
        for row in rows
    ]


@tasks.register(nav_key="apply")
def my_unfinished_applications(user) -> list[tasks.Task]:
    if not user.has_role(Role.APPLICANT) or user.organisation_id is None:
        return []
    applications = (
        Application.objects.filter(
            organisation_id=user.organisation_id, status__in=[Status.DRAFT, Status.RETURNED]
        )
        .select_related("programme", "category")
        .defer("values", "search_text")
        .order_by("status_changed_at")[:100]
    )
    return [
        tasks.Task(
            title=f"{a.programme.name} · {a.category.name}",
            url=reverse("applications:detail", args=[a.pk]),
            category=_("退回待修改") if a.status == Status.RETURNED else _("草稿待提交"),
            since=a.status_changed_at,
            deadline=a.programme.application_deadline,
            programme=a.programme.name,
        )
        for a in applications
    ]
