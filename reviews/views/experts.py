"""Expert review: the officer assigns experts and reads the scores; the experts score.

Officer pages (programme officers of the ministry; 403 for everyone else):
- ``assign`` (programme): pick eligible applications (filtered by province and category) and
  experts in bulk → ``actions.assign_experts``; what was created and every refused pair with
  its reason (a conflict of interest, or no eligibility yet); the current assignments of every
  application listed, with a button to withdraw one not yet submitted.
- ``scores`` (programme): per application the experts assigned, how many submitted and how
  many are missing, each expert's total, the average, the spread and the rank
  (reviews/scoring.py: ties share a rank); a fixed number of queries whatever the size.

Expert pages (评审专家 only; 403 for anyone else):
- ``my_assignments``: the expert's own assignments;
- ``score`` (assignment): at the application review, the application read-only as the paper
  form lays it out; at the evaluation, what the pilot achieved (its summary and the
  provincial opinion, target against actual per indicator, the progress reports and the
  supervision records: the pilot page's sections, pilots/views/pilot.py ``results_context``),
  their files downloaded through the assignment (``evidence``); then the
  rubric with a number and a comment per criterion, a running total (static/js/scoring.js,
  and computed here too), 保存草稿 and 提交评分; ``declare_conflict``: 声明回避.
  Another expert's assignment is 404, as if it did not exist.

Every change is one function of reviews/actions.py; a ``Refused`` becomes a plain message,
and on the scoring page nothing typed is lost (the page is shown again with the values sent).
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import Role, User
from applications.actions import Refused
from applications.models import Application
from applications.printing import document_for
from desk.flash import flash_done, flash_refused
from organisations.models import Organisation
from pilots.models import Evidence, Pilot
from pilots.views.pilot import results_context
from programmes.documents import layout
from programmes.models import Programme
from regions.models import Region
from reviews import actions, scoring
from reviews.forms_experts import HALF, AssignFilterForm, AssignForm, ConflictForm, ScoreForm
from reviews.models import (
    Assignment,
    AssignmentState,
    Eligibility,
    Rubric,
    Stage,
)
from reviews.views import load_programme
from reviews.views.rubric import number, officer_tabs, rubric_for, stage_of, with_stage
from shidian.files import serve_private_file

# --------------------------------------------------------------------------- shared


def candidates(programme: Programme, stage: Stage):
    """What experts may be assigned to: at the application review, the applications found
    eligible (形式审查); at the evaluation, the pilots (the applications that became one)."""
    applications = Application.objects.filter(programme=programme)
    if stage == Stage.APPLICATION:
        return applications.filter(assessment__eligibility=Eligibility.ELIGIBLE)
    return applications.filter(pilot__isnull=False)


def _assignments_of(rubric: Rubric | None) -> Prefetch:
    queryset = Assignment.objects.filter(rubric=rubric).select_related("expert")
    return Prefetch(
        "assignments", queryset=queryset.order_by("expert__full_name", "pk"), to_attr="current"
    )


def _no_rubric(request, programme: Programme, stage: Stage, page_title: str):
    context = {**officer_tabs(programme, stage, page_title[0]), "page_title": page_title[1]}
    return render(request, "reviews/scores_no_rubric.html", context)


# --------------------------------------------------------------------------- assignment


@dataclass
class ExpertRow:
    user: User
    field: str
    title: str
    employer: str
    province: str


def expert_rows(experts: list[User]) -> list[ExpertRow]:
    """Experts with their field and the province of their employer (one query for the
    province names)."""
    codes = {
        e.organisation.region.province_code
        for e in experts
        if e.organisation and e.organisation.region_id
    }
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    rows = []
    for expert in experts:
        profile = getattr(expert, "expert_profile", None)
        organisation = expert.organisation
        region = organisation.region if organisation else None
        rows.append(
            ExpertRow(
                user=expert,
                field=profile.field if profile else "",
                title=profile.title if profile else "",
                employer=organisation.name if organisation else "",
                province=names.get(region.province_code, "") if region else "",
            )
        )
    return rows


def _scorers(stage: Stage):
    return (
        User.objects.filter(role_grants__role__in=actions.scorer_roles(stage), is_active=True)
        .distinct()
        .select_related("organisation__region", "expert_profile")
        .order_by("organisation__region__code", "full_name", "pk")
    )


@login_required
def assign(request, pk: int):
    """Assign experts to applications in bulk, conflicts of interest refused pair by pair."""
    programme = load_programme(request, pk)
    stage = stage_of(request)
    rubric = rubric_for(programme, stage)
    if rubric is None:
        return _no_rubric(request, programme, stage, ("assign", _("分配专家")))
    pool = candidates(programme, stage)
    filters = AssignFilterForm(
        request.GET or None,
        provinces=Organisation.objects.filter(pk__in=pool.values("province_id"))
        .select_related("region")
        .in_official_order(),
        categories=programme.categories.order_by("order", "pk"),
    )
    chosen = filters.chosen()
    listed = pool
    if chosen.get("province"):
        listed = listed.filter(province_id=chosen["province"])
    if chosen.get("category"):
        listed = listed.filter(category_id=chosen["category"])
    experts = _scorers(stage)

    # What actions.assign_experts reads of each chosen application comes with it.
    form = AssignForm(
        request.POST or None,
        applications=pool.select_related("assessment", "organisation__region", "pilot"),
        experts=experts,
    )
    result = None
    picked_applications: set[int] = set()
    picked_experts: set[int] = set()
    if request.method == "POST":
        if form.is_valid():
            try:
                created, refused = actions.assign_experts(
                    rubric,
                    list(form.cleaned_data["application"]),
                    list(form.cleaned_data["expert"]),
                    by=request.user,
                )
            except Refused as e:
                flash_refused(request, e)
            else:
                result = {"created": created, "refused": refused}
                flash_done(
                    request,
                    _("已分配评审任务 %(n)d 项，%(r)d 项因回避等原因未分配")
                    % {"n": created, "r": len(refused)}
                    if refused
                    else _("已分配评审任务 %(n)d 项") % {"n": created},
                )
        if result is None:
            picked_applications = {
                int(v) for v in request.POST.getlist("application") if v.isdigit()
            }
            picked_experts = {int(v) for v in request.POST.getlist("expert") if v.isdigit()}
    elif request.GET.get("all"):
        picked_applications = set(listed.values_list("pk", flat=True))

    applications = (
        listed.select_related("organisation__region", "category", "province")
        .prefetch_related(_assignments_of(rubric))
        .order_by("organisation__region__code", "organisation__name", "pk")
    )
    here = with_stage(reverse("reviews:assign", args=[programme.pk]), stage)
    query = request.GET.copy()
    query["all"] = "1"
    context = {
        **officer_tabs(programme, stage, "assign"),
        "page_title": _("分配专家"),
        "rubric": rubric,
        "filters": filters,
        "form": form,
        "applications": applications,
        "experts": expert_rows(list(experts)),
        "picked_applications": picked_applications,
        "picked_experts": picked_experts,
        "result": result,
        "select_all_url": f"{request.path}?{query.urlencode()}",
        "here": here,
        "pool_count": pool.count(),
    }
    return render(request, "reviews/assign_experts.html", context)


@require_POST
@login_required
def unassign(request, pk: int, assignment_pk: int):
    """Withdraw one assignment that is not yet submitted."""
    programme = load_programme(request, pk)
    assignment = get_object_or_404(
        Assignment.objects.select_related("expert", "application__organisation", "rubric"),
        pk=assignment_pk,
        rubric__programme=programme,
    )
    try:
        actions.unassign_expert(assignment, by=request.user)
    except Refused as e:
        flash_refused(request, e)
    else:
        flash_done(
            request,
            _("已撤销%(e)s对“%(a)s”的评审任务")
            % {"e": assignment.expert.full_name, "a": assignment.application.organisation.name},
        )
    url = with_stage(reverse("reviews:assign", args=[programme.pk]), assignment.rubric.stage)
    return redirect(url)


# --------------------------------------------------------------------------- the overview


@dataclass
class ScoreRow:
    application: Application
    assignments: list[Assignment]
    summary: scoring.Summary
    rank: int | None = None
    tied: bool = False

    @property
    def totals(self) -> list[tuple[Assignment, str]]:
        return [
            (a, number(a.total) if a.state == AssignmentState.SUBMITTED else "")
            for a in self.assignments
        ]

    @property
    def average(self) -> str:
        return number(self.summary.average)

    @property
    def spread(self) -> str:
        return number(self.summary.spread)


SORTS = {
    "rank": _("按排名"),
    "code": _("按区划代码"),
    "spread": _("按分差（大的在前）"),
}


def score_rows(programme: Programme, rubric: Rubric, stage: Stage) -> list[ScoreRow]:
    """Every application with an assignment on the rubric, or still waiting for one; two
    queries whatever their number."""
    waiting = candidates(programme, stage).values("pk")
    applications = (
        Application.objects.filter(programme=programme)
        .filter(Q(pk__in=waiting) | Q(assignments__rubric=rubric))
        .distinct()
        .select_related("organisation__region", "category", "province")
        .prefetch_related(_assignments_of(rubric))
        .order_by("organisation__region__code", "organisation__name", "pk")
    )
    rows = []
    for application in applications:
        done = [a.total for a in application.current if a.state == AssignmentState.SUBMITTED]
        missing = len(application.current) - len(done)
        rows.append(ScoreRow(application, application.current, scoring.summarise(done, missing)))
    ranks = scoring.rank({row.application.pk: row.summary.average for row in rows})
    shared: dict[int, int] = {}
    for rank in ranks.values():
        if rank is not None:
            shared[rank] = shared.get(rank, 0) + 1
    for row in rows:
        row.rank = ranks[row.application.pk]
        row.tied = row.rank is not None and shared[row.rank] > 1
    return rows


def _sorted(rows: list[ScoreRow], sort: str) -> list[ScoreRow]:
    if sort == "code":
        return rows  # already in administrative-code order
    if sort == "spread":
        return sorted(rows, key=lambda r: (r.summary.spread is None, -(r.summary.spread or 0)))
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0))


@login_required
def scores(request, pk: int):
    """评分汇总: averages, spread, missing scores and the ranking."""
    programme = load_programme(request, pk)
    stage = stage_of(request)
    rubric = rubric_for(programme, stage)
    if rubric is None:
        return _no_rubric(request, programme, stage, ("scores", _("评分汇总")))
    sort = request.GET.get("sort") or "rank"
    if sort not in SORTS:
        sort = "rank"
    rows = score_rows(programme, rubric, stage)
    base = reverse("reviews:scores", args=[programme.pk])
    sort_links = [
        (
            key,
            label,
            f"{base}?sort={key}" + ("" if stage == Stage.APPLICATION else f"&stage={stage}"),
        )
        for key, label in SORTS.items()
    ]
    context = {
        **officer_tabs(programme, stage, "scores"),
        "page_title": _("评分汇总"),
        "rubric": rubric,
        "max_total": number(rubric.max_total()),
        "rows": _sorted(rows, sort),
        "sort": sort,
        "sort_links": sort_links,
        "assigned": sum(len(r.assignments) for r in rows),
        "submitted": sum(r.summary.submitted for r in rows),
        "missing": sum(r.summary.missing for r in rows),
        "unassigned": sum(1 for r in rows if not r.assignments),
    }
    return render(request, "reviews/scores_overview.html", context)


# --------------------------------------------------------------------------- the experts


def _expert_only(request) -> None:
    """The scoring pages are for experts (and for officers, who score at the evaluation)."""
    if not request.user.has_role(Role.EXPERT, Role.OFFICER):
        raise PermissionDenied


def load_assignment(request, pk: int) -> Assignment:
    """The expert's own assignment; anyone else's is 404 (whether or not it exists)."""
    _expert_only(request)
    mine = Assignment.objects.filter(expert=request.user).select_related(
        "rubric__programme",
        "application__programme",
        "application__category",
        "application__organisation__region",
        "application__province",
        "application__form_version__definition",
    )
    return get_object_or_404(mine, pk=pk)


@login_required
def my_assignments(request):
    """评审任务: what the expert is asked to score, the unfinished first."""
    _expert_only(request)
    assignments = list(
        Assignment.objects.filter(expert=request.user)
        .select_related(
            "rubric__programme", "application__organisation__region", "application__category"
        )
        .order_by("assigned_at", "pk")
    )
    context = {
        "open": [a for a in assignments if a.state != AssignmentState.SUBMITTED],
        "done": sorted(
            (a for a in assignments if a.state == AssignmentState.SUBMITTED),
            key=lambda a: a.submitted_at,
            reverse=True,
        ),
    }
    for assignment in assignments:
        assignment.total_text = number(assignment.total)
    return render(request, "reviews/expert_assignments.html", context)


def running_total(form: ScoreForm) -> tuple[Decimal, int]:
    """Σ score × weight over the criteria scored so far (as the page shows them), and how
    many are scored: what scoring.js shows while the expert types."""
    total, scored = Decimal(0), 0
    for criterion in form.criteria:
        raw = form[f"score_{criterion.pk}"].value()
        try:
            value = Decimal(str(raw).strip()) if raw not in (None, "") else None
        except InvalidOperation:
            value = None
        # What is not a valid score (out of range, not in steps of 0.5) does not count.
        if value is not None and value.is_finite() and 0 <= value <= criterion.max_score:
            if value % HALF == 0:
                total += value * criterion.weight
                scored += 1
    return total, scored


def _initial(assignment: Assignment, criteria) -> dict:
    saved = {s.criterion_id: s for s in assignment.scores.all()}
    initial = {"overall_comment": assignment.overall_comment}
    for criterion in criteria:
        score = saved.get(criterion.pk)
        initial[f"score_{criterion.pk}"] = number(score.score) if score else ""
        initial[f"comment_{criterion.pk}"] = score.comment if score else ""
    return initial


def _submitted_rows(assignment: Assignment, criteria) -> list[dict]:
    if assignment.state != AssignmentState.SUBMITTED:
        return []
    saved = {s.criterion_id: s for s in assignment.scores.all()}
    return [
        {
            "criterion": c,
            "score": number(saved[c.pk].score) if c.pk in saved else "",
            "comment": saved[c.pk].comment if c.pk in saved else "",
            "weight": number(c.weight),
        }
        for c in criteria
    ]


def _material(assignment: Assignment) -> dict:
    """What the scorer reads: the application as its paper form lays it out; at the
    evaluation, what the pilot achieved, as its page shows it."""
    application = assignment.application
    if assignment.rubric.stage != Stage.EVALUATION:
        return {"paper_rows": layout(document_for(application))}
    pilot = get_object_or_404(
        Pilot.objects.select_related(
            "programme", "category", "organisation", "province", "plan", "summary__endorsed_by"
        ),
        application=application,
    )
    return results_context(
        pilot,
        today=timezone.localdate(),
        evidence_url=lambda item: reverse("reviews:evidence", args=[assignment.pk, item.pk]),
    )


def _score_page(request, assignment, criteria, form=None, conflict_form=None):
    form = form or ScoreForm(initial=_initial(assignment, criteria), criteria=criteria)
    total, scored = running_total(form)
    application = assignment.application
    context = {
        **_material(assignment),
        "assignment": assignment,
        "application": application,
        "rubric": assignment.rubric,
        "is_submitted": assignment.state == AssignmentState.SUBMITTED,
        "may_declare": request.user.has_role(Role.EXPERT),
        "form": form,
        "conflict_form": conflict_form or ConflictForm(),
        "total": number(total),
        "max_total": number(scoring.max_total(criteria)),
        "scored": scored,
        "criteria_count": len(criteria),
        "submitted_rows": _submitted_rows(assignment, criteria),
    }
    return render(request, "reviews/expert_score.html", context)


@login_required
def score(request, pk: int):
    """Score one application: save a draft as often as needed, then submit."""
    assignment = load_assignment(request, pk)
    criteria = list(assignment.rubric.criteria.all())
    if request.method != "POST":
        return _score_page(request, assignment, criteria)
    form = ScoreForm(request.POST, criteria=criteria)
    if not form.is_valid():
        return _score_page(request, assignment, criteria, form)
    submitting = request.POST.get("action") == "submit"
    saved = False
    try:
        actions.save_scores(
            assignment,
            form.scores(),
            by=request.user,
            overall_comment=form.cleaned_data["overall_comment"],
        )
        saved = True
        if submitting:
            actions.submit_scores(assignment, by=request.user)
    except Refused as e:
        if saved:
            flash_done(request, _("评分已保存为草稿"))
        flash_refused(request, e)
        assignment.refresh_from_db()
        return _score_page(request, assignment, criteria, form)
    if not submitting:
        flash_done(request, _("评分已保存为草稿"))
        return redirect("reviews:score", pk=assignment.pk)
    assignment.refresh_from_db()
    flash_done(
        request,
        _("评分已提交：%(a)s，总分 %(t)s / %(m)s")
        % {
            "a": assignment.application.organisation.name,
            "t": number(assignment.total),
            "m": number(scoring.max_total(criteria)),
        },
    )
    return redirect("reviews:my_assignments")


@require_POST
@login_required
def declare_conflict(request, pk: int):
    """声明回避: the expert steps aside; their unsubmitted assignment is withdrawn."""
    assignment = load_assignment(request, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        criteria = list(assignment.rubric.criteria.all())
        return _score_page(request, assignment, criteria, conflict_form=form)
    application = assignment.application
    try:
        actions.declare_conflict(application, form.cleaned_data["reason"], by=request.user)
    except Refused as e:
        flash_refused(request, e)
        return redirect("reviews:score", pk=assignment.pk)
    flash_done(
        request,
        _("已声明回避：%(a)s，该评审任务已撤回") % {"a": application.organisation.name},
    )
    return redirect("reviews:my_assignments")


@require_safe
@login_required
def evidence(request, pk: int, evidence_pk: int):
    """A file of the pilot the scorer evaluates (a report's or a supervision record's),
    through their own assignment at the evaluation; 404 for anything else."""
    assignment = load_assignment(request, pk)
    if assignment.rubric.stage != Stage.EVALUATION:
        raise Http404
    item = get_object_or_404(
        Evidence.objects.select_related("pilot__organisation", "pilot__programme"),
        pk=evidence_pk,
        pilot__application_id=assignment.application_id,
    )
    return serve_private_file(
        request,
        item,
        summary=f"{item.pilot}：{item.original_name}",
        changes={"pilot": item.pilot_id, "size": item.size, "assignment": assignment.pk},
    )
