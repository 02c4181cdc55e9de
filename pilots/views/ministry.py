"""The ministry's page for the pilot period of a programme (``ministry``), in the order the
work is done:

1. 报告安排: the reporting schedule, every N months from each pilot's start or on given
   dates, and the reminder period (``actions.set_schedule``);
2. 试点一览: every pilot by province in administrative-code order (the ministry's own
   affiliates last), with its plan, reports (overdue counted, per province too), summary and
   supervision; an accepted (or submitted) plan can be returned with comments
   (``actions.ministry_return_plan``);
3. 省级总结: the provincial summaries received, with their figures, and the provinces still
   owing one;
4. 综合评估 (after the summary deadline, ``actions.check_evaluation_open``): the evaluation
   rubric from the content areas (``reviews.actions.rubric_from_content_areas``), scorers
   (experts and the ministry's officers) assigned to pilots (``reviews.actions
   .assign_experts``; refused pairs listed with their reasons), the scores per pilot
   (submitted totals, average, spread, missing, rank with ties: reviews/scoring.py) and the
   officer's own assignments (scored on ``reviews:score``);
5. 示范称号: titles granted per pilot (``actions.grant_title``, refused for a pilot without an
   endorsed summary), the demonstration list published on the portal
   (``actions.publish_demonstrations``), and a PDF certificate per title (``certificate``).

Each change is a POST to its own small view, which redirects back to the page (or, for the
assignment, shows the page with what was refused). The page runs a fixed number of queries
whatever the number of pilots.

Access: programme officers of the ministry (``can_manage_programmes``), 403 for everyone
else; an unknown programme is 404. The certificate is for the pilot, its chain and the
ministry (``Pilot.objects.visible_to``), 404 for anyone else.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from applications.actions import Refused
from audit.models import Event
from audit.records import record
from desk.flash import flash_done, flash_refused
from organisations.models import Kind
from pilots import actions
from pilots.certificate import render_certificate
from pilots.forms_oversight import EvaluationAssignForm, ReturnPlanForm, ScheduleForm, mark_errors
from pilots.models import (
    Designation,
    Pilot,
    PlanStatus,
    ProvincialSummary,
    ReportingSchedule,
    SummaryStatus,
)
from pilots.views.provincial import PilotRow, figure_rows, overview_pilots, pilot_rows
from pilots.views.review import forbidden, plain
from programmes.models import Programme
from programmes.permissions import can_manage_programmes
from reviews import actions as review_actions
from reviews import scoring
from reviews.models import Assignment, AssignmentState, ListKind, ListStatus, PublishedList, Stage

AFFILIATES = "部直属单位、部管社团"


def _officer(request, pk: int):
    """The programme, and a 403 page for anyone but a programme officer."""
    programme = get_object_or_404(Programme.objects.published(), pk=pk)
    if not can_manage_programmes(request.user):
        return programme, forbidden(
            request, _("只有民政部试点项目管理员可以查看本页。"), programme=programme
        )
    return programme, None


def _back(programme: Programme, anchor: str) -> str:
    return reverse("pilots:ministry", args=[programme.pk]) + f"#{anchor}"


# --------------------------------------------------------------------------- the page


@dataclass
class ProvinceGroup:
    name: str
    code: str
    rows: list[PilotRow]
    provincial: ProvincialSummary | None = None

    @property
    def overdue(self) -> int:
        return sum(len(r.overdue) for r in self.rows)


@dataclass
class EvaluationRow:
    pilot: Pilot
    assignments: list[Assignment] = field(default_factory=list)
    summary: scoring.Summary | None = None
    rank: int | None = None
    tied: bool = False

    @property
    def totals(self) -> list[tuple[Assignment, str]]:
        return [
            (a, plain(a.total) if a.state == AssignmentState.SUBMITTED else "")
            for a in self.assignments
        ]

    @property
    def average(self) -> str:
        return plain(self.summary.average) if self.summary else ""

    @property
    def spread(self) -> str:
        return plain(self.summary.spread) if self.summary else ""

    @property
    def summary_endorsed(self) -> bool:
        summary = getattr(self.pilot, "summary", None)
        return summary is not None and summary.status == SummaryStatus.ENDORSED

    @property
    def designation(self):
        return getattr(self.pilot, "designation", None)


def evaluation_rows(pilots: list[Pilot], assignments: list[Assignment]) -> list[EvaluationRow]:
    """Per pilot: the scorers' totals, average, spread, missing and the rank (ties share a
    rank; pilots without a submitted score are not ranked); ranked first, then in code
    order."""
    by_application: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        by_application[assignment.application_id].append(assignment)
    rows = []
    for pilot in pilots:
        mine = by_application.get(pilot.application_id, [])
        done = [a.total for a in mine if a.state == AssignmentState.SUBMITTED]
        rows.append(
            EvaluationRow(pilot, mine, scoring.summarise(done, missing=len(mine) - len(done)))
        )
    ranks = scoring.rank({row.pilot.pk: row.summary.average for row in rows})
    shared: dict[int, int] = defaultdict(int)
    for rank in ranks.values():
        if rank is not None:
            shared[rank] += 1
    for row in rows:
        row.rank = ranks[row.pilot.pk]
        row.tied = row.rank is not None and shared[row.rank] > 1
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0))


def _scorers():
    """Who may score the evaluation: the experts, and the ministry's programme officers."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role_grants__role=Role.EXPERT)
            | Q(role_grants__role=Role.OFFICER, organisation__kind=Kind.MINISTRY)
        )
        .select_related("organisation")
        .distinct()
        .order_by("organisation__kind", "organisation__name", "full_name", "pk")
    )


def _schedule_form(schedule: ReportingSchedule | None) -> ScheduleForm:
    if schedule is None:
        return ScheduleForm(initial={"mode": "every", "every_months": 6, "remind_days_before": 7})
    return ScheduleForm(
        initial={
            "mode": "every" if schedule.every_months else "dates",
            "every_months": schedule.every_months,
            "fixed_dates": "\n".join(schedule.fixed_dates),
            "remind_days_before": schedule.remind_days_before,
        }
    )


def _page(request, programme: Programme, *, schedule_form=None, assign_form=None, result=None):
    schedule = ReportingSchedule.objects.filter(programme=programme).first()
    pilots = list(
        overview_pilots(Pilot.objects.filter(programme=programme)).order_by(
            "province__tier", "province__region__code", "organisation__region__code", "pk"
        )
    )
    # Pilots without a province (the ministry's own affiliates) last.
    pilots.sort(key=lambda p: p.province_id is None)
    rows = pilot_rows(pilots)
    provincials = {
        s.province_id: s
        for s in ProvincialSummary.objects.filter(programme=programme).select_related(
            "province__region", "submitted_by"
        )
    }
    groups = []
    for province_id, members in groupby(rows, key=lambda r: r.pilot.province_id):
        members = list(members)
        province = members[0].pilot.province
        groups.append(
            ProvinceGroup(
                name=province.name if province else AFFILIATES,
                code=province.region.code if province and province.region_id else "",
                rows=members,
                provincial=provincials.get(province_id),
            )
        )
    received = sorted(provincials.values(), key=lambda s: s.province.region.code)
    owing = [g for g in groups if g.code and g.provincial is None]

    try:
        actions.check_evaluation_open(programme)
        evaluation_open = True
    except Refused:
        evaluation_open = False
    rubric = programme.rubrics.filter(stage=Stage.EVALUATION).first()
    assignments = (
        list(
            Assignment.objects.filter(rubric=rubric)
            .select_related("expert", "application__organisation")
            .order_by("expert__full_name", "pk")
        )
        if rubric
        else []
    )
    scored = evaluation_rows(pilots, assignments)
    pilot_choices = Pilot.objects.filter(programme=programme).select_related("organisation")
    if assign_form is None and evaluation_open and rubric:
        assign_form = EvaluationAssignForm(pilots=pilot_choices, scorers=_scorers())
    demonstration = (
        PublishedList.objects.filter(programme=programme, kind=ListKind.DEMONSTRATION)
        .select_related("final_notice")
        .first()
    )
    designations = [r for r in scored if r.designation]
    context = {
        "programme": programme,
        "schedule": schedule,
        "schedule_form": schedule_form or _schedule_form(schedule),
        "groups": groups,
        "pilot_count": len(rows),
        "overdue": sum(g.overdue for g in groups),
        "received": [(s, figure_rows(s.figures)) for s in received],
        "owing": owing,
        "evaluation_open": evaluation_open,
        "rubric": rubric,
        "criteria": list(rubric.criteria.all()) if rubric else [],
        "assign_form": assign_form,
        "result": result,
        "scored": scored,
        "assigned": len(assignments),
        "submitted": sum(a.state == AssignmentState.SUBMITTED for a in assignments),
        "mine": [
            (a, reverse("reviews:score", args=[a.pk]))
            for a in assignments
            if a.expert_id == request.user.pk
        ],
        "rubric_url": reverse("reviews:rubric", args=[programme.pk]) + f"?stage={Stage.EVALUATION}",
        "designations": designations,
        "demonstration": demonstration,
        "published": demonstration is not None and demonstration.status == ListStatus.FINAL,
        "returnable": (PlanStatus.SUBMITTED, PlanStatus.ACCEPTED),
    }
    return render(request, "pilots/ministry_overview.html", context)


@login_required
def ministry(request, pk: int):
    programme, refused = _officer(request, pk)
    return refused or _page(request, programme)


# --------------------------------------------------------------------------- changes


@require_POST
@login_required
def schedule(request, pk: int):
    programme, refused = _officer(request, pk)
    if refused:
        return refused
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        mark_errors(form)
        return _page(request, programme, schedule_form=form)
    try:
        actions.set_schedule(programme, by=request.user, **form.schedule())
    except Refused as error:
        form.add_error(None, error.messages)
        return _page(request, programme, schedule_form=form)
    flash_done(request, _("报告安排已保存，各试点的应报期次已更新"))
    return redirect(_back(programme, "schedule"))


@require_POST
@login_required
def return_plan(request, pk: int):
    """Return a pilot's plan (pilot pk) with comments."""
    pilot = get_object_or_404(Pilot.objects.select_related("organisation", "plan"), pk=pk)
    programme, refused = _officer(request, pilot.programme_id)
    if refused:
        return refused
    form = ReturnPlanForm(request.POST)
    plan = getattr(pilot, "plan", None)
    if not form.is_valid():
        flash_refused(request, Refused(form.errors["comments"]))
    elif plan is None:
        flash_refused(request, Refused(_("试点方案尚未提交。")))
    else:
        try:
            actions.ministry_return_plan(plan, form.cleaned_data["comments"], by=request.user)
        except Refused as error:
            flash_refused(request, error)
        else:
            flash_done(
                request,
                _("已将%(org)s的试点方案退回修改") % {"org": pilot.organisation.name},
            )
    return redirect(_back(programme, f"pilot-{pilot.pk}"))


@require_POST
@login_required
def evaluation_rubric(request, pk: int):
    programme, refused = _officer(request, pk)
    if refused:
        return refused
    try:
        actions.check_evaluation_open(programme)
        rubric = review_actions.rubric_from_content_areas(
            programme, by=request.user, stage=Stage.EVALUATION
        )
    except Refused as error:
        flash_refused(request, error)
    else:
        flash_done(
            request,
            _("已按试点主要内容生成综合评估评分标准（%(n)d项）") % {"n": rubric.criteria.count()},
        )
    return redirect(_back(programme, "evaluation"))


@require_POST
@login_required
def evaluation_assign(request, pk: int):
    programme, refused = _officer(request, pk)
    if refused:
        return refused
    rubric = programme.rubrics.filter(stage=Stage.EVALUATION).first()
    if rubric is None:
        flash_refused(request, Refused(_("请先生成综合评估评分标准。")))
        return redirect(_back(programme, "evaluation"))
    form = EvaluationAssignForm(
        request.POST,
        pilots=Pilot.objects.filter(programme=programme).select_related(
            "organisation", "application__organisation"
        ),
        scorers=_scorers(),
    )
    if not form.is_valid():
        mark_errors(form)
        return _page(request, programme, assign_form=form)
    try:
        created, refused_pairs = review_actions.assign_experts(
            rubric,
            [p.application for p in form.cleaned_data["pilot"]],
            list(form.cleaned_data["scorer"]),
            by=request.user,
        )
    except Refused as error:
        flash_refused(request, error)
        return redirect(_back(programme, "evaluation"))
    if not refused_pairs:
        flash_done(request, _("已分配评估任务 %(n)d 项") % {"n": created})
        return redirect(_back(programme, "evaluation"))
    flash_done(
        request,
        _("已分配评估任务 %(n)d 项，%(r)d 项未分配（原因见下）")
        % {"n": created, "r": len(refused_pairs)},
    )
    result = [
        {
            "organisation": application.organisation.name,
            "scorer": scorer.full_name if scorer else "",
            "reason": reason,
        }
        for application, scorer, reason in refused_pairs
    ]
    return _page(request, programme, result=result)


@require_POST
@login_required
def grant(request, pk: int):
    """Grant the programme's title to a pilot (pilot pk)."""
    pilot = get_object_or_404(Pilot.objects.select_related("organisation"), pk=pk)
    programme, refused = _officer(request, pilot.programme_id)
    if refused:
        return refused
    try:
        designation = actions.grant_title(pilot, by=request.user)
    except Refused as error:
        flash_refused(request, error)
    else:
        flash_done(
            request,
            _("已授予%(org)s“%(t)s”称号，证书编号%(n)s")
            % {
                "org": pilot.organisation.name,
                "t": designation.title,
                "n": designation.certificate_number,
            },
        )
    return redirect(_back(programme, "titles"))


@require_POST
@login_required
def publish(request, pk: int):
    programme, refused = _officer(request, pk)
    if refused:
        return refused
    try:
        published = actions.publish_demonstrations(programme, by=request.user)
    except Refused as error:
        flash_refused(request, error)
    else:
        flash_done(request, _("示范名单已在门户网站公布：%(t)s") % {"t": published.title})
    return redirect(_back(programme, "titles"))


# --------------------------------------------------------------------------- the certificate


@login_required
def certificate(request, pk: int):
    """The certificate of a title, as PDF: for the pilot, its chain and the ministry."""
    designation = get_object_or_404(
        Designation.objects.filter(pilot__in=Pilot.objects.visible_to(request.user)).select_related(
            "pilot__organisation", "pilot__programme"
        ),
        pk=pk,
    )
    pdf = render_certificate(designation)
    record(
        Event.DOWNLOAD,
        actor=request.user,
        obj=designation,
        summary=_("示范称号证书 %(n)s") % {"n": designation.certificate_number},
        changes={"size": len(pdf)},
    )
    filename = f"{designation.title}证书-{designation.certificate_number}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Length"] = str(len(pdf))
    return response
