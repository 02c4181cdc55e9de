"""The provincial-level body's pages for the pilots of a programme.

- ``province`` (programme): its pilots in administrative-code order, each with the plan's,
  the reports' and the summary's state, what awaits review (links to pilots/views/review.py)
  and overdue reports highlighted; a fixed number of queries whatever the number of pilots.
- ``provincial_summary`` (programme): the figures added up from the pilots' reports
  (``actions.provincial_figures``: per indicator the pilots, Σ target, Σ latest actual and the
  completion rate), the pilots whose summary is not yet endorsed, and the province's text →
  ``actions.submit_provincial_summary`` (refused while any pilot's summary is not endorsed).

Access: the endorsers of a provincial-level body (the provinces, the Corps, the five cities
listed separately); 403 for everyone else; an unknown programme is 404.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.actions import Refused
from desk.flash import flash_done
from pilots import actions
from pilots.forms_oversight import ProvincialSummaryForm, mark_errors
from pilots.models import (
    Pilot,
    PlanStatus,
    ProgressReport,
    ProvincialSummary,
    ReportStatus,
    SummaryStatus,
)
from pilots.views.review import forbidden, plain, rate
from programmes.models import Programme

OPEN = (ReportStatus.DRAFT, ReportStatus.RETURNED)


@dataclass
class PilotRow:
    """One pilot on an overview: where its plan, reports and summary stand."""

    pilot: Pilot
    today: date
    reports: list[ProgressReport] = field(default_factory=list)
    detail_url: str = ""

    @property
    def plan(self):
        return getattr(self.pilot, "plan", None)

    @property
    def summary(self):
        return getattr(self.pilot, "summary", None)

    @property
    def designation(self):
        return getattr(self.pilot, "designation", None)

    @property
    def plan_awaiting(self) -> bool:
        return self.plan is not None and self.plan.status == PlanStatus.SUBMITTED

    @property
    def overdue(self) -> list[ProgressReport]:
        return [r for r in self.reports if r.due_on < self.today and r.status in OPEN]

    @property
    def awaiting_reports(self) -> list[ProgressReport]:
        return [r for r in self.reports if r.status == ReportStatus.SUBMITTED]

    @property
    def endorsed_reports(self) -> int:
        return sum(r.status == ReportStatus.ENDORSED for r in self.reports)

    @property
    def next_due(self) -> ProgressReport | None:
        return next((r for r in self.reports if r.due_on >= self.today and r.status in OPEN), None)

    @property
    def summary_awaiting(self) -> bool:
        return self.summary is not None and self.summary.status == SummaryStatus.SUBMITTED

    @property
    def summary_endorsed(self) -> bool:
        return self.summary is not None and self.summary.status == SummaryStatus.ENDORSED

    @property
    def awaiting(self) -> int:
        return self.plan_awaiting + len(self.awaiting_reports) + self.summary_awaiting


def overview_pilots(pilots):
    """Pilots with everything an overview shows, in two queries."""
    return (
        pilots.select_related(
            "organisation__region",
            "category",
            "province__region",
            "plan",
            "summary",
            "designation",
        )
        .prefetch_related(Prefetch("reports", queryset=ProgressReport.objects.order_by("sequence")))
        .annotate(supervision_count=Count("supervisions"))
    )


def pilot_rows(pilots) -> list[PilotRow]:
    today = timezone.localdate()
    return [
        PilotRow(
            pilot=p,
            today=today,
            reports=list(p.reports.all()),
            detail_url=reverse("pilots:detail", args=[p.pk]),
        )
        for p in pilots
    ]


def _load(request, pk: int):
    programme = get_object_or_404(Programme.objects.published(), pk=pk)
    province = actions.endorsing_province(request.user)
    if province is None:
        return (
            programme,
            None,
            forbidden(
                request,
                _("只有省级民政部门（含新疆生产建设兵团和计划单列市）的审核人可以查看本页。"),
                programme=programme,
            ),
        )
    return programme, province, None


@login_required
def province(request, pk: int):
    programme, province, refused = _load(request, pk)
    if refused:
        return refused
    rows = pilot_rows(
        overview_pilots(Pilot.objects.filter(programme=programme, province=province)).order_by(
            "organisation__region__code", "organisation__name", "pk"
        )
    )
    provincial = ProvincialSummary.objects.filter(programme=programme, province=province).first()
    context = {
        "programme": programme,
        "province": province,
        "rows": rows,
        "awaiting": sum(r.awaiting for r in rows),
        "overdue": sum(len(r.overdue) for r in rows),
        "summaries_endorsed": sum(r.summary_endorsed for r in rows),
        "provincial": provincial,
    }
    return render(request, "pilots/provincial_overview.html", context)


def figure_rows(figures: list[dict]) -> list[dict]:
    return [
        {
            **f,
            "target": plain(f["target"]),
            "actual": plain(f["actual"]),
            "rate": rate(f["actual"], f["target"]),
        }
        for f in figures
    ]


@login_required
def provincial_summary(request, pk: int):
    programme, province, refused = _load(request, pk)
    if refused:
        return refused
    submitted = (
        ProvincialSummary.objects.filter(programme=programme, province=province)
        .select_related("submitted_by")
        .first()
    )
    form = ProvincialSummaryForm(request.POST or None)
    if request.method == "POST" and submitted is None:
        if form.is_valid():
            try:
                actions.submit_provincial_summary(
                    programme, province, form.cleaned_data["text"], by=request.user
                )
            except Refused as error:
                form.add_error(None, error.messages)
            else:
                flash_done(request, _("省级总结已报送民政部"))
                return redirect("pilots:provincial_summary", pk=programme.pk)
        mark_errors(form)
    pilots = (
        Pilot.objects.filter(programme=programme, province=province)
        .select_related("organisation__region", "summary")
        .order_by("organisation__region__code", "organisation__name", "pk")
    )
    pending = [
        p
        for p in pilots
        if getattr(p, "summary", None) is None or p.summary.status != SummaryStatus.ENDORSED
    ]
    figures = submitted.figures if submitted else actions.provincial_figures(programme, province)
    context = {
        "programme": programme,
        "province": province,
        "submitted": submitted,
        "figures": figure_rows(figures),
        "pilot_count": len(pilots),
        "pending": pending,
        "form": form,
    }
    return render(request, "pilots/provincial_summary.html", context)
