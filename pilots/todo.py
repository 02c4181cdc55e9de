"""What the pilot period puts on 待办 (desk/tasks.py). For a pilot: the plan to write or
revise, progress reports due within 30 days or overdue, the summary as its deadline nears.
For a provincial-level body's endorsers: its pilots' plans, reports and summaries awaiting
its review (``actions.review_plan``, ``review_report``, ``review_summary``). One query per
provider; the badge is on the 试点 menu item."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from desk import tasks
from pilots.models import (
    Pilot,
    Plan,
    PlanStatus,
    ProgressReport,
    ReportStatus,
    Summary,
    SummaryStatus,
)

REPORT_WINDOW = timedelta(days=30)  # a report joins the list this long before it is due
SUMMARY_WINDOW = timedelta(days=30)  # … and the summary this long before the pilot ends


def _organisation(user) -> int | None:
    if not user.has_role(Role.APPLICANT) or user.organisation_id is None:
        return None
    return user.organisation_id


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _end_of(day) -> datetime:
    """A report is due by the end of its day (Beijing time)."""
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


@tasks.register(nav_key="pilots")
def plans_to_write(user) -> list[tasks.Task]:
    organisation = _organisation(user)
    if organisation is None:
        return []
    pilots = (
        Pilot.objects.filter(organisation_id=organisation, ends_on__gte=timezone.localdate())
        .filter(Q(plan__isnull=True) | Q(plan__status__in=[PlanStatus.DRAFT, PlanStatus.RETURNED]))
        .select_related("programme", "plan")
        .order_by("starts_on", "pk")
    )
    result = []
    for pilot in pilots:
        plan = getattr(pilot, "plan", None)
        returned = plan is not None and plan.status == PlanStatus.RETURNED
        result.append(
            tasks.Task(
                title=_("%(p)s · 试点方案") % {"p": pilot.programme.name},
                url=reverse("pilots:plan", args=[pilot.pk]),
                category=_("方案退回修改") if returned else _("试点方案待编写"),
                since=plan.updated_at if returned else _start_of(pilot.starts_on),
                programme=pilot.programme.name,
            )
        )
    return result


@tasks.register(nav_key="pilots")
def reports_due(user) -> list[tasks.Task]:
    organisation = _organisation(user)
    if organisation is None:
        return []
    today = timezone.localdate()
    reports = (
        ProgressReport.objects.filter(
            pilot__organisation_id=organisation,
            status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
            due_on__lte=today + REPORT_WINDOW,
        )
        .select_related("pilot__programme")
        .order_by("due_on", "pk")[:100]
    )
    return [
        tasks.Task(
            title=_("%(p)s · 第%(n)d期进展报告") % {"p": r.pilot.programme.name, "n": r.sequence},
            url=reverse("pilots:report", args=[r.pk]),
            category=_("报告退回修改")
            if r.status == ReportStatus.RETURNED
            else _("进展报告已逾期")
            if r.due_on < today
            else _("进展报告待报送"),
            since=_start_of(max(r.due_on - REPORT_WINDOW, r.pilot.starts_on)),
            deadline=_end_of(r.due_on),
            programme=r.pilot.programme.name,
        )
        for r in reports
    ]


@tasks.register(nav_key="pilots")
def summary_due(user) -> list[tasks.Task]:
    """From a month before the pilot ends (or before the summary deadline, if sooner) until
    the summary is submitted or the deadline has passed."""
    organisation = _organisation(user)
    if organisation is None:
        return []
    now = timezone.now()
    today = timezone.localdate(now)
    pilots = (
        Pilot.objects.filter(organisation_id=organisation, programme__summary_deadline__gt=now)
        .filter(
            Q(summary__isnull=True)
            | Q(summary__status__in=[SummaryStatus.DRAFT, SummaryStatus.RETURNED])
        )
        .select_related("programme", "summary")
        .order_by("ends_on", "pk")
    )
    result = []
    for pilot in pilots:
        deadline = pilot.programme.summary_deadline
        opens = min(pilot.ends_on, timezone.localdate(deadline)) - SUMMARY_WINDOW
        if today < opens:
            continue
        summary = getattr(pilot, "summary", None)
        returned = summary is not None and summary.status == SummaryStatus.RETURNED
        result.append(
            tasks.Task(
                title=_("%(p)s · 试点总结") % {"p": pilot.programme.name},
                url=reverse("pilots:summary", args=[pilot.pk]),
                category=_("总结退回修改") if returned else _("试点总结待报送"),
                since=_start_of(opens),
                deadline=deadline,
                programme=pilot.programme.name,
            )
        )
    return result


# ------------------------------------------------------------------ the province's reviews

AWAITING_LIMIT = 200


def _awaiting_review(user, model, status, *, oldest_first: str, heavy: tuple[str, ...]):
    """``model`` rows (plans, reports, summaries) in ``status`` of the pilots whose
    provincial-level body the user endorses for, the oldest first, without their long texts.
    Only a provincial-level body is any pilot's province (``actions.is_pilot_province``), so
    other endorsers find nothing."""
    if not user.has_role(Role.ENDORSER) or user.organisation_id is None:
        return []
    return (
        model.objects.filter(pilot__province_id=user.organisation_id, status=status)
        .select_related("pilot__programme", "pilot__organisation")
        .defer(*heavy)
        .order_by(oldest_first, "pk")[:AWAITING_LIMIT]
    )


def _review_task(pilot: Pilot, what: str, url: str, category, since) -> tasks.Task:
    return tasks.Task(
        title=f"{pilot.organisation.name} · {what}",
        url=url,
        category=category,
        since=since,
        programme=pilot.programme.name,
    )


@tasks.register(nav_key="pilots")
def plans_to_review(user) -> list[tasks.Task]:
    # A submitted plan is not edited: it was last updated when submitted.
    plans = _awaiting_review(
        user, Plan, PlanStatus.SUBMITTED, oldest_first="updated_at", heavy=("summary",)
    )
    return [
        _review_task(
            plan.pilot,
            _("试点方案"),
            reverse("pilots:review_plan", args=[plan.pilot_id]),
            _("试点方案待审核"),
            plan.updated_at,
        )
        for plan in plans
    ]


@tasks.register(nav_key="pilots")
def reports_to_review(user) -> list[tasks.Task]:
    reports = _awaiting_review(
        user,
        ProgressReport,
        ReportStatus.SUBMITTED,
        oldest_first="submitted_at",
        heavy=("narrative",),
    )
    return [
        _review_task(
            report.pilot,
            _("第%(n)d期进展报告") % {"n": report.sequence},
            reverse("pilots:review_report", args=[report.pk]),
            _("进展报告待审核"),
            report.submitted_at,
        )
        for report in reports
    ]


@tasks.register(nav_key="pilots")
def summaries_to_review(user) -> list[tasks.Task]:
    summaries = _awaiting_review(
        user,
        Summary,
        SummaryStatus.SUBMITTED,
        oldest_first="submitted_at",
        heavy=("text", "province_opinion"),
    )
    return [
        _review_task(
            summary.pilot,
            _("试点总结"),
            reverse("pilots:review_summary", args=[summary.pilot_id]),
            _("试点总结待审核"),
            summary.submitted_at,
        )
        for summary in summaries
    ]
