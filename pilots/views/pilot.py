"""The list of pilots and the pilot's page: everything about one pilot on one page.

Every pilot page loads its pilot through ``load_pilot``: 404 when the user may not see it
(``Pilot.objects.visible_to``: the pilot itself, the chain above it, the ministry); the
editors then answer 403 through ``forbidden`` to anyone but the pilot's own applicants.

Who sees the comprehensive evaluation (综合评估): the ministry's programme officers and the
pilot's provincial department as soon as experts have scored; the pilot itself and the levels
in between only once the ministry has published the demonstration list (示范名单), as
applicants do not see review scores while the ministry is still deciding.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pilots.actions import (
    endorsing_province,
    is_pilot_applicant,
    is_pilot_province,
    may_close_follow_up,
)
from pilots.forms_oversight import FollowUpForm
from pilots.models import (
    Evidence,
    Indicator,
    IndicatorValue,
    Pilot,
    PlanStatus,
    ProgressReport,
    ReportStatus,
    Summary,
    SummaryStatus,
    Supervision,
)
from programmes.permissions import can_manage_programmes

OPEN_REPORT = (ReportStatus.DRAFT, ReportStatus.RETURNED)
FILED_REPORT = (ReportStatus.SUBMITTED, ReportStatus.ENDORSED)
OPEN_SUMMARY = (SummaryStatus.DRAFT, SummaryStatus.RETURNED)


# ------------------------------------------------------------------ loading and refusing


def _visible(user):
    return Pilot.objects.visible_to(user).select_related(
        "programme", "category", "organisation", "province", "plan", "summary", "designation"
    )


def load_pilot(request, pk: int) -> Pilot:
    """The pilot if the user may see it; 404 otherwise (whether or not it exists)."""
    return get_object_or_404(_visible(request.user), pk=pk)


def forbidden(request, pilot: Pilot, message: str):
    """403, saying why: the user sees the pilot but may not do this with it."""
    return render(
        request, "pilots/pilot_refused.html", {"pilot": pilot, "message": message}, status=403
    )


def not_applicant(request, pilot: Pilot):
    return forbidden(
        request, pilot, _("只有试点单位本单位的申报人可以编写和报送试点方案、进展报告和总结。")
    )


def pilot_url(pilot: Pilot, anchor: str = "") -> str:
    url = reverse("pilots:detail", args=[pilot.pk])
    return f"{url}#{anchor}" if anchor else url


# ------------------------------------------------------------------ numbers


def plain(value: Decimal | None) -> Decimal | None:
    """326.00 → 326, 12.50 → 12.5: stored decimals as people write them."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def percent_of(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Actual as a percentage of the target, one decimal (36.8); None without both."""
    if actual is None or not target:
        return None
    return plain((actual * 100 / target).quantize(Decimal("0.1"), ROUND_HALF_UP))


# ------------------------------------------------------------------ the list


@dataclass
class Row:
    pilot: Pilot
    plan_status: str
    plan_state: str
    next_report: ProgressReport | None
    overdue: int


def _plan_of(pilot: Pilot):
    return getattr(pilot, "plan", None)


def _plan_label(plan) -> tuple[str, str]:
    if plan is None:
        return _("未编写"), "none"
    return plan.get_status_display(), plan.status


def _oversight(user) -> dict | None:
    """The page on which the user oversees a programme's pilots (a URL name taking the
    programme): the province's overview for its endorsers, the ministry's page for programme
    officers."""
    if endorsing_province(user) is not None:
        return {"url_name": "pilots:province", "label": _("本省试点工作")}
    if can_manage_programmes(user):
        return {"url_name": "pilots:ministry", "label": _("试点管理")}
    return None


@login_required
def pilot_list(request):
    """The pilots the user can see, by programme, in administrative-code order, with what is
    next and what is late, and for a province or the ministry a link to its page on each
    programme. Two queries, whatever the number of pilots."""
    today = timezone.localdate()
    oversight = _oversight(request.user)
    open_reports = Prefetch(
        "reports",
        queryset=ProgressReport.objects.filter(status__in=OPEN_REPORT).order_by("due_on"),
        to_attr="open_reports",
    )
    pilots = (
        Pilot.objects.visible_to(request.user)
        .select_related("programme", "category", "organisation", "province", "plan")
        .prefetch_related(open_reports)
        .order_by("programme__pk", "province__path", "organisation__region__code", "pk")
    )
    groups: dict[int, dict] = {}
    for pilot in pilots:
        status, state = _plan_label(_plan_of(pilot))
        reports = pilot.open_reports
        row = Row(
            pilot=pilot,
            plan_status=status,
            plan_state=state,
            next_report=reports[0] if reports else None,
            overdue=sum(1 for r in reports if r.due_on < today),
        )
        group = groups.setdefault(
            pilot.programme_id, {"programme": pilot.programme, "rows": [], "overdue": 0}
        )
        group["rows"].append(row)
        group["overdue"] += 1 if row.overdue else 0
    # Newest programme first: the one at work now.
    ordered = sorted(groups.values(), key=lambda g: g["programme"].pk, reverse=True)
    return render(
        request,
        "pilots/pilot_list.html",
        {
            "groups": ordered,
            "total": sum(len(g["rows"]) for g in ordered),
            "today": today,
            "oversight": oversight,
        },
    )


# ------------------------------------------------------------------ the pilot's page


@dataclass
class Cell:
    actual: Decimal | None
    percent: Decimal | None
    note: str = ""


@dataclass
class ProgressRow:
    indicator: Indicator
    target: Decimal
    baseline: Decimal | None
    cells: list[Cell]
    latest: Cell | None


@dataclass
class ReportItem:
    report: ProgressReport
    files: list[Evidence]
    is_open: bool
    is_overdue: bool
    can_edit: bool


@dataclass
class SupervisionItem:
    record: Supervision
    files: list[Evidence] = field(default_factory=list)
    follow_up_files: list[Evidence] = field(default_factory=list)
    chased: bool = False  # an open follow-up with a deadline, the period still running
    can_report: bool = False  # the pilot may report its 整改情况
    can_close: bool = False  # the recording body may confirm it done
    form: object = None  # the pilot's 整改情况 form (FollowUpForm)


@dataclass
class Period:
    days: int
    elapsed: int
    percent: int
    state: str  # before | running | ended


def period_of(pilot: Pilot, today: date) -> Period:
    days = (pilot.ends_on - pilot.starts_on).days + 1
    elapsed = min(max((today - pilot.starts_on).days + 1, 0), days)
    state = "before" if today < pilot.starts_on else "ended" if today > pilot.ends_on else "running"
    return Period(days, elapsed, round(elapsed * 100 / days) if days else 100, state)


def _progress(indicators: list[Indicator], filed: list[ProgressReport], values) -> list:
    by_key = {(v.report_id, v.indicator_id): v for v in values}
    rows = []
    for indicator in indicators:
        cells = []
        for report in filed:
            value = by_key.get((report.pk, indicator.pk))
            actual = value.actual if value else None
            cells.append(
                Cell(
                    plain(actual), percent_of(actual, indicator.target), value.note if value else ""
                )
            )
        latest = next((c for c in reversed(cells) if c.actual is not None), None)
        rows.append(
            ProgressRow(
                indicator, plain(indicator.target), plain(indicator.baseline), cells, latest
            )
        )
    return rows


def _evaluation(user, pilot: Pilot) -> dict | None:
    """The experts' totals and their average (reviews.scoring), for those who may see them."""
    from reviews import scoring
    from reviews.models import Assignment, AssignmentState, ListKind, ListStatus, PublishedList
    from reviews.models import Stage as RubricStage

    is_ministry = can_manage_programmes(user)
    if not (is_ministry or is_pilot_province(user, pilot)):
        published = PublishedList.objects.filter(
            programme_id=pilot.programme_id,
            kind=ListKind.DEMONSTRATION,
            status=ListStatus.FINAL,
        ).exists()
        if not published:
            return None
    assignments = list(
        Assignment.objects.filter(
            application_id=pilot.application_id, rubric__stage=RubricStage.EVALUATION
        )
        .select_related("expert", "rubric")
        .order_by("pk")
    )
    if not assignments:
        return None
    totals = [
        a.total for a in assignments if a.state == AssignmentState.SUBMITTED and a.total is not None
    ]
    summary = scoring.summarise(totals, len(assignments) - len(totals))
    return {
        "summary": summary,
        "average": plain(summary.average),
        "rubric": assignments[0].rubric,
        "show_names": is_ministry,
        "rows": [
            {
                "expert": a.expert.full_name or a.expert.username,
                "state": a.get_state_display(),
                "total": plain(a.total) if a.state == AssignmentState.SUBMITTED else None,
                "submitted_at": a.submitted_at,
            }
            for a in assignments
        ],
    }


def certificate_url(designation) -> str | None:
    """The certificate PDF of the pilot's title, if it has one."""
    if designation is None:
        return None
    return reverse("pilots:certificate", args=[designation.pk])


def _next_steps(pilot: Pilot, plan, items: list[ReportItem], summary, now) -> list[dict]:
    """What the pilot's own applicant can do now, most pressing first."""
    steps = []
    if plan is None or plan.is_editable:
        steps.append(
            {
                "label": _("修改试点方案")
                if plan and plan.status == PlanStatus.RETURNED
                else _("编写试点方案"),
                "url": reverse("pilots:plan", args=[pilot.pk]),
                "icon": "journal-text",
                "deadline": None,
            }
        )
    report = next((i for i in items if i.can_edit), None)
    if report is not None and plan is not None and plan.status == PlanStatus.ACCEPTED:
        steps.append(
            {
                "label": _("填写第%(n)d期进展报告") % {"n": report.report.sequence},
                "url": reverse("pilots:report", args=[report.report.pk]),
                "icon": "graph-up",
                "deadline": report.report.due_on,
            }
        )
    if (summary is None or summary.status in OPEN_SUMMARY) and (
        now < pilot.programme.summary_deadline
    ):
        steps.append(
            {
                "label": _("修改试点总结")
                if summary and summary.status == SummaryStatus.RETURNED
                else _("撰写试点总结"),
                "url": reverse("pilots:summary", args=[pilot.pk]),
                "icon": "file-earmark-text",
                "deadline": pilot.programme.summary_deadline,
            }
        )
    return steps


def evidence_link(item: Evidence) -> str:
    return reverse("pilots:evidence", args=[item.pk])


def _supervision_items(pilot: Pilot, files: dict, *, period: Period, user, is_mine: bool):
    items = []
    for record in Supervision.objects.filter(pilot=pilot).select_related("organisation"):
        record.pilot = pilot
        is_open = bool(record.follow_ups) and record.closed_at is None
        mine, theirs = [], []
        for item in files.get(record.pk, []):
            (mine if item.follow_up else theirs).append(item)
        item = SupervisionItem(
            record,
            theirs,
            mine,
            chased=is_open and record.follow_up_by is not None and period.state != "ended",
            can_report=is_open and is_mine,
            can_close=is_open and user is not None and may_close_follow_up(user, record),
        )
        if item.can_report:
            item.form = FollowUpForm(supervision=record)
        items.append(item)
    return items


def results_context(
    pilot: Pilot,
    *,
    today: date,
    is_mine: bool = False,
    user=None,
    evidence_url=evidence_link,
) -> dict:
    """What the pilot did, as its page shows it: the plan's indicators with target against
    each report's actual, the progress reports with their files, the supervision records and
    the summary with the provincial opinion. Also what an evaluator reads beside their scores
    (reviews/views/experts.py), where the files link through the evaluator's assignment
    (``evidence_url``, an ``Evidence`` → its download address). A fixed number of queries."""
    reports = list(pilot.reports.order_by("sequence"))
    plan = getattr(pilot, "plan", None)
    indicators = list(plan.indicators.select_related("content_area")) if plan else []
    files = list(Evidence.objects.filter(pilot=pilot).order_by("uploaded_at", "pk"))
    report_files: dict[int, list[Evidence]] = {}
    supervision_files: dict[int, list[Evidence]] = {}
    for item in files:
        item.url = evidence_url(item)
        if item.report_id:
            report_files.setdefault(item.report_id, []).append(item)
        elif item.supervision_id:
            supervision_files.setdefault(item.supervision_id, []).append(item)

    filed = [r for r in reports if r.status in FILED_REPORT]
    values = IndicatorValue.objects.filter(report__in=[r.pk for r in filed]) if filed else []
    items = [
        ReportItem(
            report=r,
            files=report_files.get(r.pk, []),
            is_open=r.status in OPEN_REPORT,
            is_overdue=r.status in OPEN_REPORT and r.due_on < today,
            can_edit=is_mine and r.status in OPEN_REPORT,
        )
        for r in reports
    ]
    period = period_of(pilot, today)
    supervisions = _supervision_items(
        pilot, supervision_files, period=period, user=user, is_mine=is_mine
    )
    summary: Summary | None = getattr(pilot, "summary", None)
    return {
        "pilot": pilot,
        "programme": pilot.programme,
        "period": period,
        "is_mine": is_mine,
        "plan": plan,
        "indicators": [(i, plain(i.baseline), plain(i.target)) for i in indicators],
        "filed": filed,
        "progress": _progress(indicators, filed, values),
        "reports": items,
        "overdue": sum(1 for i in items if i.is_overdue),
        "supervisions": supervisions,
        "summary": summary,
        "summary_deadline": pilot.programme.summary_deadline,
        "summary_closed": timezone.now() >= pilot.programme.summary_deadline,
    }


def detail_context(request, pilot: Pilot) -> dict:
    """Everything on the pilot's page, in a fixed number of queries."""
    user = request.user
    now = timezone.now()
    today = timezone.localdate(now)
    # The rows exist: made when the pilot is created (reviews.actions.publish_final) and
    # whenever the schedule is set (actions.set_schedule); a page view writes nothing.
    is_mine = is_pilot_applicant(user, pilot)
    context = results_context(pilot, today=today, is_mine=is_mine, user=user)
    plan, summary = context["plan"], context["summary"]
    designation = getattr(pilot, "designation", None)

    areas, milestones, returned = [], [], None
    if plan is not None:
        areas = list(plan.areas.select_related("content_area"))
        milestones = list(plan.milestones.all())
        latest = plan.versions.select_related("reviewed_by").order_by("-number").first()
        if latest is not None and latest.review_state == PlanStatus.RETURNED:
            returned = latest
    items = context["reports"]
    return {
        **context,
        "plan_returned": returned,
        "areas": areas,
        "milestones": [
            (m, m.done_on is None and m.due_on < today) for m in milestones
        ],  # (milestone, is late)
        "milestones_done": sum(1 for m in milestones if m.done_on),
        "evaluation": _evaluation(user, pilot),
        "designation": designation,
        "certificate_url": certificate_url(designation),
        "next_steps": _next_steps(pilot, plan, items, summary, now) if is_mine else [],
    }


@login_required
def detail(request, pk: int):
    pilot = load_pilot(request, pk)
    return render(request, "pilots/pilot_detail.html", detail_context(request, pilot))
