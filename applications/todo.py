"""What applications put on people's 待办 (desk/tasks.py)."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from applications.deadlines import deadlines_for
from applications.models import Application, EndorsementStep, Status, StepState
from desk import tasks
from programmes.models import Programme

# A bound on one bureau's list, far above what any bureau holds (the busiest province of the
# national-scale bench has a few hundred), so that the 待办 count stays true.
MAX_AWAITING = 2000


@tasks.register(nav_key="endorse")
def awaiting_my_opinion(user) -> list[tasks.Task]:
    if not user.has_role(Role.ENDORSER) or user.organisation_id is None:
        return []
    # Plain rows, not model instances: a province's list runs to hundreds, and the page and
    # the menu badge need five values of each.
    rows = list(
        EndorsementStep.objects.filter(
            state=StepState.CURRENT, organisation_id=user.organisation_id
        )
        .order_by("arrived_at")
        .values_list(
            "application_id",
            "arrived_at",
            "application__organisation__name",
            "application__category__name",
            "application__programme_id",
            "application__province_id",
            "application__programme__name",
            "application__programme__application_deadline",
        )[:MAX_AWAITING]
    )
    # What deadlines_for reads of a programme: its key and its deadline.
    programmes = {}
    for row in rows:
        if row[4] not in programmes:
            programmes[row[4]] = Programme(pk=row[4], name=row[6], application_deadline=row[7])
    # Below the province the levels must forward by the province's internal deadline; the
    # province itself by its own deadline for submitting to the ministry (with extensions).
    province = {row[5] for row in rows} == {user.organisation_id}
    due = deadlines_for({(programmes[row[4]], row[5]) for row in rows}, forwarding=not province)
    detail = _detail_url()
    category = _("待审核")
    return [
        tasks.Task(
            title=f"{organisation} · {category_name}",
            url=detail(application_id),
            category=category,
            since=arrived_at,
            deadline=due[programme_id, province_id],
            programme=programmes[programme_id].name,
        )
        for (
            application_id,
            arrived_at,
            organisation,
            category_name,
            programme_id,
            province_id,
            *_,
        ) in rows
    ]


def _detail_url():
    """``application id → its page's address``, reversing the route once rather than per row
    (a province's list has hundreds)."""
    marker = 987654321
    template = reverse("applications:detail", args=[marker]).replace(str(marker), "{}")
    return template.format


@tasks.register(nav_key="select")
def awaiting_my_selection(user) -> list[tasks.Task]:
    """A provincial-level body: recommended applications to rank and submit, per programme."""
    if not user.has_role(Role.ENDORSER) or user.organisation_id is None:
        return []
    rows = list(
        Application.objects.filter(province_id=user.organisation_id, status=Status.ENDORSED)
        # Once the province has submitted its batch, what it left out is no longer a task.
        .exclude(programme__batches__province_id=user.organisation_id)
        .values("programme_id")
        .annotate(n=Count("pk"), since=Min("status_changed_at"))
        .order_by("since")
    )
    programmes = Programme.objects.in_bulk([row["programme_id"] for row in rows])
    due = deadlines_for(
        {(programme, user.organisation_id) for programme in programmes.values()},
        forwarding=False,
    )
    return [
        tasks.Task(
            title=_("%(n)d 份申报待遴选报送民政部") % {"n": row["n"]},
            url=reverse("applications:province", args=[row["programme_id"]]),
            category=_("待报送"),
            since=row["since"],
            deadline=due[row["programme_id"], user.organisation_id],
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
    # Applicants below a province submit by its internal deadline; affiliates (no province)
    # by the ministry's.
    due = deadlines_for({(a.programme, a.province_id) for a in applications}, forwarding=True)
    return [
        tasks.Task(
            title=f"{a.programme.name} · {a.category.name}",
            url=reverse("applications:detail", args=[a.pk]),
            category=_("退回待修改") if a.status == Status.RETURNED else _("草稿待提交"),
            since=a.status_changed_at,
            deadline=due[a.programme_id, a.province_id],
            programme=a.programme.name,
        )
        for a in applications
    ]
