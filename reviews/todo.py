"""What reviews put on people's 待办: experts' assignments, provinces' corrections."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from desk import tasks
from reviews.models import Assessment, Assignment, AssignmentState, Eligibility


@tasks.register(nav_key="score")
def my_assignments(user) -> list[tasks.Task]:
    if not user.has_role(Role.EXPERT):
        return []
    assignments = (
        Assignment.objects.filter(expert=user)
        .exclude(state=AssignmentState.SUBMITTED)
        .select_related("application__organisation", "application__programme", "rubric")
        .defer("application__values", "application__search_text")
        .order_by("assigned_at")[:200]
    )
    return [
        tasks.Task(
            title=f"{a.application.organisation.name} · {a.rubric.get_stage_display()}",
            url=reverse("reviews:score", args=[a.pk]),
            category=_("待评分"),
            since=a.assigned_at,
            programme=a.application.programme.name,
        )
        for a in assignments
    ]


@tasks.register(nav_key="correct")
def corrections_for_my_province(user) -> list[tasks.Task]:
    if not user.has_role(Role.ENDORSER) or user.organisation_id is None:
        return []
    assessments = (
        Assessment.objects.filter(
            eligibility=Eligibility.CORRECTION, application__province_id=user.organisation_id
        )
        .select_related("application__organisation", "application__programme")
        .defer("application__values", "application__search_text")
        .order_by("checked_at")[:200]
    )
    return [
        tasks.Task(
            title=f"{a.application.organisation.name}：{a.eligibility_reasons[:40]}",
            url=reverse("reviews:correction", args=[a.application_id]),
            category=_("待补正"),
            since=a.checked_at,
            deadline=a.correct_by,
            programme=a.application.programme.name,
        )
        for a in assessments
    ]
