"""The application pages: the list, the application page, the form, submission, the endorsers'
opinions, comparison of rounds, attachments and the printed form.

Every page loads its application through ``load_application``: 404 when the user may not see
it (``Application.objects.visible_to``), and each action then checks its own predicate
(applications/permissions.py) and answers 403, saying why, when the user may see but not act.
The change itself is always one function of applications/actions.py; a ``Refused`` from it
becomes a plain message, and nothing changes.
"""

import difflib
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Role
from applications import deadlines
from applications.actions import (
    Opinion,
    Refused,
    add_attachment,
    decline,
    recommend,
    return_for_revision,
    save_draft,
    start_application,
    submit_application,
    withdraw,
)
from applications.formdata import build_form, display_values, submission_errors
from applications.forms import (
    ACTION,
    EDITED_AT,
    GENERAL,
    SORTS,
    UPLOAD_PREFIX,
    ListFilterForm,
    OpinionForm,
    ReasonsForm,
    dress,
    qualified_labels,
    sections,
)
from applications.models import (
    Application,
    Attachment,
    EndorsementStep,
    Status,
    StepState,
    SubmittedVersion,
)
from applications.permissions import (
    can_edit,
    can_endorse,
    can_select,
    can_withdraw,
    is_applicant_of,
)
from applications.printing import print_docx, print_pdf
from audit.models import Event
from audit.records import record
from desk.templatetags.shidian import cn_datetime
from programmes.chain import check_eligible, derive_chain
from programmes.documents import FormDocument, layout
from programmes.documents import Opinion as PaperOpinion
from programmes.models import ApplicantCategory, ChainLevel, FieldType, FormVersion, Programme

BEIJING = ZoneInfo("Asia/Shanghai")
PAGE_SIZE = 50
REASON_LABELS = {
    "return": gettext_lazy("退回修改的理由"),
    "decline": gettext_lazy("不予推荐的理由"),
}


# --------------------------------------------------------------------------- loading


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


def _forbidden(request, application: Application, message: str):
    """403, saying why: the user sees the application but may not do this with it."""
    return render(
        request,
        "applications/application_refused.html",
        {"application": application, "message": message},
        status=403,
    )


def _done(request, what: str) -> None:
    """What happened, who did it and when: 已推荐至… · 张三 · 2026年11月26日 10:32."""
    user = request.user
    messages.success(
        request, f"{what} · {user.full_name or user.username} · {cn_datetime(timezone.now())}"
    )


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _province_url(application: Application) -> str | None:
    """The province's selection page (another module's page; absent until it is wired)."""
    try:
        return reverse("applications:province", args=[application.programme_id])
    except NoReverseMatch:
        return None


# --------------------------------------------------------------------------- the list


@dataclass
class Offer:
    """A category the applicant's organisation may (or may not) apply to now."""

    category: ApplicantCategory
    reason: str = ""  # why not, when not eligible
    existing: Application | None = None


def _current_steps():
    return Prefetch(
        "steps",
        queryset=EndorsementStep.objects.filter(state=StepState.CURRENT).select_related(
            "organisation"
        ),
        to_attr="current_steps",
    )


def _applicant_context(user) -> dict:
    organisation = user.organisation
    mine = list(
        Application.objects.filter(organisation=organisation)
        .select_related("programme", "category")
        .prefetch_related(_current_steps())
        .order_by("-created_at")
    )
    by_category: dict[int, list[Application]] = {}
    for application in mine:
        by_category.setdefault(application.category_id, []).append(application)
    programmes = list(
        Programme.objects.open_on(timezone.now())
        .prefetch_related("categories")
        .order_by("application_deadline", "pk")
    )
    offers = []
    for programme in programmes:
        rows = []
        for category in programme.categories.all():
            offer = Offer(category)
            try:
                check_eligible(category, organisation)
            except ValidationError as e:
                offer.reason = " ".join(e.messages)
            taken = by_category.get(category.pk, [])
            if len(taken) >= category.max_per_organisation:
                offer.existing = taken[0]
            rows.append(offer)
        offers.append((programme, rows))
    return {"mine": mine, "offers": offers}


def _scope_queryset(request, *, awaiting: bool):
    user = request.user
    programmes = list(
        Programme.objects.visible_to(user).published().values_list("pk", "name").order_by("-pk")
    )
    filters = ListFilterForm(request.GET or None, programmes=programmes)
    chosen = filters.filters()
    qs = Application.objects.visible_to(user)
    if awaiting:
        qs = qs.awaiting(user.organisation)
    if chosen.get("q"):
        qs = qs.filter(organisation__name__icontains=chosen["q"])
    if chosen.get("programme"):
        qs = qs.filter(programme_id=chosen["programme"])
    if chosen.get("status"):
        qs = qs.filter(status=chosen["status"])
    order = SORTS.get(chosen.get("sort") or "submitted")
    if awaiting and not chosen.get("sort"):
        order = ("status_changed_at", "pk")  # the one waiting longest first
    qs = (
        qs.select_related("programme", "category", "organisation__region")
        .prefetch_related(_current_steps())
        .order_by(*order)
    )
    return filters, qs


def _list(request, *, awaiting: bool):
    user = request.user
    context = {
        "awaiting": awaiting,
        "is_applicant": False,
        "is_endorser": False,
        "perms_endorse": user.has_role(Role.ENDORSER),
    }
    if user.has_role(Role.APPLICANT) and user.organisation_id and not awaiting:
        context["is_applicant"] = True
        context.update(_applicant_context(user))
    if user.has_role(Role.ENDORSER, Role.OFFICER) and user.organisation_id:
        context["is_endorser"] = True
        filters, qs = _scope_queryset(request, awaiting=awaiting)
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(filters=filters, page=page)
    elif awaiting:
        raise PermissionDenied
    return render(request, "applications/application_list.html", context)


@login_required
def application_list(request):
    """我的申报 (an applicant's own applications and what it may apply to) and, for endorsers
    and officers, the applications in their part of the tree."""
    return _list(request, awaiting=False)


@login_required
def awaiting_list(request):
    """待审核: the applications whose current step is the endorser's organisation."""
    return _list(request, awaiting=True)


@require_POST
@login_required
def start(request, category_pk: int):
    category = get_object_or_404(
        ApplicantCategory.objects.select_related("programme"),
        pk=category_pk,
        programme__in=Programme.objects.published(),
    )
    user = request.user
    if not user.has_role(Role.APPLICANT) or user.organisation_id is None:
        raise PermissionDenied
    existing = list(
        Application.objects.filter(category=category, organisation_id=user.organisation_id)
    )
    if existing and len(existing) >= category.max_per_organisation:
        messages.info(request, _("本单位已有该类别的申报，已为您打开。"))
        return redirect("applications:detail", pk=existing[0].pk)
    try:
        application = start_application(category, by=user)
    except ValidationError as e:
        _refused(request, e)
        return redirect("applications:list")
    _done(request, _("已新建申报“%(t)s”，请填写申报表") % {"t": category.name})
    return redirect("applications:edit", pk=application.pk)


# --------------------------------------------------------------------------- the page


@dataclass
class Stage:
    """One level of the chain on the timeline."""

    label: str
    organisation: str
    state: str  # done | current | waiting | returned | declined | withdrawn | void
    state_label: str
    person: str = ""
    acted_by: str = ""
    acted_at: datetime | None = None
    signed_on: object = None
    arrived_at: datetime | None = None
    opinion: str = ""


STAGE_STATES = {
    StepState.RECOMMENDED: "done",
    StepState.CURRENT: "current",
    StepState.WAITING: "waiting",
    StepState.RETURNED: "returned",
    StepState.DECLINED: "declined",
    StepState.WITHDRAWN: "withdrawn",
    StepState.VOID: "void",
}


def _stages(application: Application, steps: list[EndorsementStep]) -> list[Stage]:
    version = application.form_version
    if application.status == Status.DRAFT:
        # Not submitted (or withdrawn): the chain a submission will take, all to come.
        try:
            chain = derive_chain(application.category, application.organisation)
        except ValidationError:
            return []
        return [
            Stage(
                label=version.opinion_label(step.level),
                organisation=step.organisation.name,
                state="waiting",
                state_label=_("待提交") if i == 0 else _("未到"),
            )
            for i, step in enumerate(chain)
        ]
    result = []
    for step in steps:
        if step.round != application.round:
            continue
        state_label = step.get_state_display()
        if step.level == ChainLevel.APPLICANT and step.state == StepState.RECOMMENDED:
            state_label = _("已提交")
        elif step.state == StepState.VOID:
            state_label = _("本轮未送达")
        result.append(
            Stage(
                label=version.opinion_label(step.level),
                organisation=step.organisation.name,
                state=STAGE_STATES.get(StepState(step.state), "waiting"),
                state_label=state_label,
                person=step.responsible_person,
                acted_by=(step.acted_by.full_name or step.acted_by.username)
                if step.acted_by
                else "",
                acted_at=step.acted_at,
                signed_on=step.signed_on,
                arrived_at=step.arrived_at,
                opinion=step.opinion,
            )
        )
    return result


def _paper_rows(application: Application, values: dict, steps: list[EndorsementStep]):
    """The application as the paper form lays it out (programmes/documents.py), with the
    opinions recommended in the current round in their boxes."""
    opinions: dict[str, list[PaperOpinion]] = {}
    for step in sorted(steps, key=lambda s: s.order):
        if step.round == application.round and step.state == StepState.RECOMMENDED:
            opinions.setdefault(step.level, []).append(
                PaperOpinion(
                    text=step.opinion, person=step.responsible_person, signed_on=step.signed_on
                )
            )
    document = FormDocument(
        version=application.form_version,
        chain=list(application.category.chain),
        values=display_values(application.form_version, values),
        opinions=opinions,
    )
    return layout(document)


@dataclass
class CompareRow:
    key: str
    label: str
    before: str
    after: str
    changed: bool
    before_parts: list[tuple[str, str]] = field(default_factory=list)
    after_parts: list[tuple[str, str]] = field(default_factory=list)


def _diff(before: str, after: str) -> tuple[list, list]:
    """Marked-up segments (kind "", "del" or "ins") of the two texts: by line, then by
    character within the lines that changed (Chinese has no spaces to split words on)."""
    old_parts: list[tuple[str, str]] = []
    new_parts: list[tuple[str, str]] = []

    def chars(a: str, b: str) -> None:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                old_parts.append(("", a[i1:i2]))
                new_parts.append(("", b[j1:j2]))
                continue
            if i2 > i1:
                old_parts.append(("del", a[i1:i2]))
            if j2 > j1:
                new_parts.append(("ins", b[j1:j2]))

    old_lines, new_lines = before.splitlines(True), after.splitlines(True)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if op == "equal":
            old_parts.append(("", a))
            new_parts.append(("", b))
        elif op == "replace" and len(a) + len(b) <= 4000:
            chars(a, b)
        else:
            if a:
                old_parts.append(("del", a))
            if b:
                new_parts.append(("ins", b))
    return old_parts, new_parts


def compare_rows(version: FormVersion, before: dict, after: dict) -> list[CompareRow]:
    """Field by field, in the form's order: the value before, after, and whether it changed."""
    old, new = display_values(version, before), display_values(version, after)
    rows = []
    for f in version.fields.all():
        a, b = old.get(f.key, ""), new.get(f.key, "")
        row = CompareRow(f.key, f.label, a, b, a != b)
        if row.changed and a and b and f.field_type == FieldType.LONG_TEXT:
            row.before_parts, row.after_parts = _diff(a, b)
        rows.append(row)
    return rows


def _deadline_for(application: Application, steps: list[EndorsementStep]) -> datetime | None:
    """By when whoever holds the application must act."""
    programme, province = application.programme, application.province
    if application.status in (Status.DRAFT, Status.RETURNED):
        return deadlines.forwarding_deadline(programme, province)
    if application.status == Status.PENDING:
        current = next((s for s in steps if s.state == StepState.CURRENT), None)
        if current is not None and current.level == ChainLevel.PROVINCE:
            return deadlines.effective_deadline(programme, province)
        return deadlines.forwarding_deadline(programme, province)
    if application.status == Status.ENDORSED:
        return deadlines.effective_deadline(programme, province)
    return None


def _where(application: Application, steps: list[EndorsementStep]) -> str:
    """Where the application is, in one sentence."""
    current = next((s for s in steps if s.state == StepState.CURRENT), None)
    match application.status:
        case Status.DRAFT:
            return _("草稿，尚未提交。")
        case Status.RETURNED:
            return _("已退回申报主体修改，待重新提交。")
        case Status.PENDING if current is not None:
            return _("正在%(org)s审核（%(box)s）。") % {
                "org": current.organisation.name,
                "box": application.form_version.opinion_label(current.level),
            }
        case Status.ENDORSED:
            return _("已完成逐级审核推荐，待%(org)s遴选报送民政部。") % {
                "org": application.province.name if application.province else _("省级民政部门")
            }
        case Status.SUBMITTED:
            return _("已报送民政部。")
        case Status.DECLINED:
            return _("未获推荐，申报已结束。")
    return Status(application.status).label


def _history(application: Application) -> list[dict]:
    statuses = dict(Status.choices)
    return [
        {
            "at": entry.at,
            "actor": (entry.actor.full_name or entry.actor.username) if entry.actor else "",
            "organisation": entry.organisation.name if entry.organisation else "",
            "action": entry.get_action_display(),
            "change": f"{statuses.get(entry.from_status, '')} → {statuses[entry.to_status]}"
            if entry.from_status and entry.to_status in statuses
            else "",
            "note": entry.note,
        }
        for entry in application.history.select_related("actor", "organisation").order_by(
            "at", "pk"
        )
    ]


def _detail_context(request, application: Application, **bound) -> dict:
    """Everything the application page shows; ``bound`` carries the endorser's forms as
    posted when they come back with errors."""
    user = request.user
    steps = list(
        application.steps.select_related("organisation", "acted_by").order_by("round", "order")
    )
    versions = list(
        SubmittedVersion.objects.filter(application=application)
        .select_related("submitted_by")
        .order_by("round")
    )
    is_mine = is_applicant_of(user, application)
    endorse = can_endorse(user, application, steps)
    this_round = next((v for v in versions if v.round == application.round), None)
    # The applicant reads what it is working on; everyone else what was submitted.
    if is_mine or this_round is None:
        values = application.values
    else:
        values = this_round.values
    comparison = None
    previous = next((v for v in versions if v.round == application.round - 1), None)
    if not is_mine and previous is not None and this_round is not None:
        rows = compare_rows(application.form_version, previous.values, this_round.values)
        comparison = {
            "old": previous,
            "new": this_round,
            "rows": rows,
            "changed": [r for r in rows if r.changed],
        }
    ended = next(
        (
            s
            for s in reversed(steps)
            if s.round == application.round
            and s.state in (StepState.RETURNED, StepState.DECLINED)
            and application.status in (Status.RETURNED, Status.DECLINED)
        ),
        None,
    )
    person = user.full_name or ""
    context = {
        "application": application,
        "programme": application.programme,
        "stages": _stages(application, steps),
        "where": _where(application, steps),
        "deadline": _deadline_for(application, steps),
        "is_mine": is_mine,
        "can_edit": can_edit(user, application),
        "can_withdraw": can_withdraw(user, application, steps),
        "can_endorse": endorse,
        "ended": ended,
        "paper_rows": _paper_rows(application, values, steps),
        "comparison": comparison,
        "versions": versions,
        "history": _history(application),
        "attachments": list(
            application.attachments.select_related("uploaded_by").order_by("uploaded_at")
        ),
        "file_labels": {
            f.key: f.label
            for f in application.form_version.fields.all()
            if f.field_type == FieldType.FILE
        },
        "province_url": _province_url(application)
        if application.status == Status.ENDORSED and can_select(user, application.province)
        else None,
    }
    if endorse:
        current = next(s for s in steps if s.state == StepState.CURRENT)
        following = next(
            (s for s in steps if s.round == application.round and s.order == current.order + 1),
            None,
        )
        context.update(
            current_step=current,
            current_label=application.form_version.opinion_label(current.level),
            following=following,
            recommend_form=bound.get("recommend_form")
            or OpinionForm(
                opinion_label=application.form_version.opinion_label(current.level),
                person=person,
                prefix="recommend",
            ),
            return_form=bound.get("return_form")
            or ReasonsForm(reasons_label=REASON_LABELS["return"], person=person, prefix="return"),
            decline_form=bound.get("decline_form")
            or ReasonsForm(reasons_label=REASON_LABELS["decline"], person=person, prefix="decline"),
            open_panel=bound.get("open_panel", ""),
        )
    return context


@login_required
def detail(request, pk: int):
    application = load_application(request, pk)
    return render(
        request, "applications/application_detail.html", _detail_context(request, application)
    )


# --------------------------------------------------------------------------- the endorsers


def _why_not_endorse(user, application: Application, steps: list[EndorsementStep]) -> str:
    if not user.has_role(Role.ENDORSER):
        return _("您没有审核推荐的权限。")
    if application.status != Status.PENDING:
        return _("申报当前状态为“%(s)s”，不在审核中，不能办理。") % {
            "s": Status(application.status).label
        }
    current = next((s for s in steps if s.state == StepState.CURRENT), None)
    if current is None:
        return _("该申报当前不在审核中。")
    return _("该申报当前由%(org)s办理，不在您这一级，不能办理。") % {
        "org": current.organisation.name
    }


def _endorser_action(request, pk: int, kind: str):
    application = load_application(request, pk)
    steps = list(application.steps.select_related("organisation"))
    if not can_endorse(request.user, application, steps):
        return _forbidden(request, application, _why_not_endorse(request.user, application, steps))
    user = request.user
    label = application.form_version.opinion_label(
        next(s for s in steps if s.state == StepState.CURRENT).level
    )
    if kind == "recommend":
        form = OpinionForm(request.POST, opinion_label=label, prefix="recommend")
        bound = {"recommend_form": form}
    else:
        form = ReasonsForm(request.POST, reasons_label=REASON_LABELS[kind], prefix=kind)
        bound = {f"{kind}_form": form, "open_panel": kind}
    if not form.is_valid():
        context = _detail_context(request, application, **bound)
        return render(request, "applications/application_detail.html", context)
    data = form.cleaned_data
    try:
        if kind == "recommend":
            recommend(
                application,
                Opinion(data["opinion"], data["person"], data["signed_on"]),
                by=user,
            )
        elif kind == "return":
            return_for_revision(application, data["reasons"], by=user, person=data["person"])
        else:
            decline(application, data["reasons"], by=user, person=data["person"])
    except Refused as e:
        _refused(request, e)
        return redirect("applications:detail", pk=application.pk)
    application.refresh_from_db()
    if kind == "recommend":
        current = application.current_step()
        if current is not None:
            what = _("已推荐至%(org)s") % {"org": current.organisation.name}
        elif application.status == Status.SUBMITTED:
            what = _("已同意推荐，申报已报送民政部")
        else:
            what = _("已同意推荐，待%(org)s遴选报送民政部") % {
                "org": application.province.name if application.province else _("省级民政部门")
            }
    elif kind == "return":
        what = _("已退回%(org)s修改") % {"org": application.organisation.name}
    else:
        what = _("已决定不予推荐，已告知%(org)s") % {"org": application.organisation.name}
    _done(request, what)
    return redirect("applications:detail", pk=application.pk)


@require_POST
@login_required
def recommend_view(request, pk: int):
    return _endorser_action(request, pk, "recommend")


@require_POST
@login_required
def return_view(request, pk: int):
    return _endorser_action(request, pk, "return")


@require_POST
@login_required
def decline_view(request, pk: int):
    return _endorser_action(request, pk, "decline")


# --------------------------------------------------------------------------- the applicant


def _not_applicant(request, application: Application):
    return _forbidden(
        request, application, _("只有申报主体本单位的申报人可以填写、提交或撤回申报。")
    )


def _typed_values(data, version: FormVersion) -> dict[str, str]:
    """What the form posted for the version's fields (file fields are uploads, not values),
    with the line breaks a browser's form post sends (CRLF) as the script sends them (LF), so
    that the same text saved either way compares equal."""
    return {
        f.key: data.get(f.key, "").replace("\r\n", "\n").replace("\r", "\n")
        for f in version.fields.all()
        if f.field_type != FieldType.FILE and f.key in data
    }


def _client_time(raw: str | None) -> datetime | None:
    """When the last keystroke happened, as the browser tells it (never in the future)."""
    if not raw:
        return None
    try:
        at = parse_datetime(raw.strip())
    except ValueError:
        return None
    if at is None:
        return None
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return min(at, timezone.now())


def _clock(at: datetime) -> str:
    return f"{timezone.localtime(at, BEIJING):%H:%M}"


def _edit_context(application: Application, form, **extra) -> dict:
    version = application.form_version
    required = dress(form, version)
    by_key: dict[str, list[Attachment]] = {}
    for item in application.attachments.filter(is_paper_scan=False).order_by("uploaded_at"):
        by_key.setdefault(item.field_key or GENERAL, []).append(item)
    upload_errors = extra.pop("upload_errors", {})
    parts = sections(form, version)
    labels = qualified_labels(version)
    for part in parts:
        for bf in part.fields:
            bf.summary_label = labels.get(bf.name, bf.label)
        part.attachments = [a for key in part.file_keys for a in by_key.get(key, [])]
        part.upload_errors = [m for key in part.file_keys for m in upload_errors.get(key, [])]
        part.has_errors = bool(part.upload_errors) or any(bf.errors for bf in part.fields)
    try:
        chain = derive_chain(application.category, application.organisation)
        opinion_labels = [version.opinion_label(step.level) for step in chain]
    except ValidationError:
        opinion_labels = [version.opinion_label(level) for level in application.category.chain]
    return {
        "application": application,
        "programme": application.programme,
        "version": version,
        "form": form,
        "sections": parts,
        "required_keys": required,
        "general_attachments": by_key.get(GENERAL, []),
        "general_errors": upload_errors.get(GENERAL, []),
        "upload_error_count": sum(len(v) for v in upload_errors.values()),
        "general_key": GENERAL,
        "upload_prefix": UPLOAD_PREFIX,
        "edited_at_name": EDITED_AT,
        "action_name": ACTION,
        "opinion_labels": list(dict.fromkeys(opinion_labels)),
        "deadline": deadlines.forwarding_deadline(application.programme, application.province),
        "edited_at_value": application.edited_at.isoformat() if application.edited_at else "",
        "returned": application.steps.select_related("organisation")
        .filter(round=application.round, state=StepState.RETURNED)
        .first()
        if application.status == Status.RETURNED
        else None,
        **extra,
    }


def _check_for_submission(application: Application, form) -> None:
    """Mark on the form every problem a submission would meet (``?check=1``)."""
    file_keys = set(
        application.attachments.filter(is_paper_scan=False).values_list("field_key", flat=True)
    )
    form.is_valid()
    errors = submission_errors(application.form_version, application.values, file_keys)
    for key, problems in errors.items():
        if key in form.fields and key not in form.errors:
            for problem in problems:
                form.add_error(key, problem)


@login_required
def edit(request, pk: int):
    """The form, in the paper's order. 保存 works without JavaScript (a normal POST); the
    script autosaves to ``autosave``. Whatever is posted is saved first, so an upload refused
    or a format error loses nothing typed."""
    application = load_application(request, pk)
    user = request.user
    if not is_applicant_of(user, application):
        return _not_applicant(request, application)
    if not application.is_editable:
        messages.info(request, _("申报已提交，不能修改；如需修改，请在上级办理前撤回。"))
        return redirect("applications:detail", pk=application.pk)
    version = application.form_version
    if request.method != "POST":
        if request.GET.get("check"):
            form = build_form(version, data=application.values, for_submission=True)
            _check_for_submission(application, form)
        else:
            form = build_form(version, initial=application.values)
        return render(
            request, "applications/application_edit.html", _edit_context(application, form)
        )

    action = request.POST.get(ACTION, "save")
    values = _typed_values(request.POST, version)
    # 以本页内容为准: the user chose this window's content over the other window's.
    edited_at = None if action == "overwrite" else _client_time(request.POST.get(EDITED_AT))
    try:
        result = save_draft(application, values, by=user, edited_at=edited_at)
    except Refused as e:
        _refused(request, e)
        return redirect("applications:detail", pk=application.pk)
    application.refresh_from_db()
    form = build_form(version, data={**request.POST.dict(), **values})
    form.is_valid()
    if not result.saved:
        context = _edit_context(
            application, form, conflict=True, edited_at_value=request.POST.get(EDITED_AT, "")
        )
        return render(request, "applications/application_edit.html", context)
    upload_errors: dict[str, list[str]] = {}
    if action.startswith("upload:"):
        key = action.split(":", 1)[1]
        file_keys = {f.key for f in version.fields.all() if f.field_type == FieldType.FILE}
        if key != GENERAL and key not in file_keys:
            raise Http404
        upload = request.FILES.get(UPLOAD_PREFIX + key)
        if upload is None:
            upload_errors[key] = [_("请先选择要上传的文件。")]
        else:
            try:
                add_attachment(
                    application, upload, by=user, field_key="" if key == GENERAL else key
                )
            except Refused as e:
                upload_errors[key] = [f"{upload.name}：{m}" for m in e.messages]
            else:
                _done(request, _("已上传“%(name)s”") % {"name": upload.name})
                if not form.errors:
                    return redirect(
                        reverse("applications:edit", args=[application.pk]) + f"#part-{key}"
                    )
    if form.errors or upload_errors:
        context = _edit_context(application, form, upload_errors=upload_errors, saved=True)
        return render(request, "applications/application_edit.html", context)
    if action == "submit":
        return redirect("applications:submit", pk=application.pk)
    _done(request, _("已保存"))
    return redirect("applications:edit", pk=application.pk)


@require_POST
@login_required
def autosave(request, pk: int):
    """The script's autosave: JSON saying whether this window's edit was kept."""
    application = load_application(request, pk)
    if not is_applicant_of(request.user, application):
        return JsonResponse(
            {"saved": False, "message": _("只有申报主体本单位的申报人可以填写申报。")},
            status=403,
        )
    try:
        result = save_draft(
            application,
            _typed_values(request.POST, application.form_version),
            by=request.user,
            edited_at=_client_time(request.POST.get(EDITED_AT)),
        )
    except Refused as e:
        return JsonResponse({"saved": False, "locked": True, "message": e.messages[0]}, status=409)
    if not result.saved:
        return JsonResponse(
            {
                "saved": False,
                "conflict": True,
                "revision": result.revision,
                "message": _("另一个窗口保存了更新的内容"),
                "reload": reverse("applications:edit", args=[application.pk]),
            }
        )
    now = timezone.now()
    return JsonResponse(
        {
            "saved": True,
            "revision": result.revision,
            "edited_at": result.saved_at.isoformat(),
            "saved_at": now.isoformat(),
            "message": _("已自动保存 %(t)s") % {"t": _clock(now)},
        }
    )


@dataclass
class Problem:
    key: str
    label: str
    message: str
    url: str


def _problems(application: Application, errors: dict) -> list[Problem]:
    """Every problem of a refused submission, in the form's order, each linking to its field."""
    edit_url = reverse("applications:edit", args=[application.pk])
    labels = qualified_labels(application.form_version)
    result = []
    for f in application.form_version.fields.all():
        for message in errors.get(f.key, []):
            result.append(Problem(f.key, labels[f.key], message, f"{edit_url}?check=1#id_{f.key}"))
    known = {f.key for f in application.form_version.fields.all()} | {"__opinion__"}
    for key, problems in errors.items():
        if key not in known:
            result.extend(Problem(key, "", m, edit_url) for m in problems)
    return result


@login_required
def submit(request, pk: int):
    """The applicant's own opinion (the first 意见 box) and the submission. A refusal lists
    every problem at once, each linking to its field; the opinion typed stays."""
    application = load_application(request, pk)
    user = request.user
    if not is_applicant_of(user, application):
        return _not_applicant(request, application)
    if not application.is_editable:
        messages.info(request, _("申报已提交，请勿重复提交。"))
        return redirect("applications:detail", pk=application.pk)
    version = application.form_version
    label = version.opinion_label(ChainLevel.APPLICANT)
    person = application.values.get("leader_name") or user.full_name
    file_keys = set(
        application.attachments.filter(is_paper_scan=False).values_list("field_key", flat=True)
    )
    problems: list[Problem] = []
    if request.method == "POST":
        form = OpinionForm(request.POST, opinion_label=label)
        if form.is_valid():
            data = form.cleaned_data
            try:
                submit_application(
                    application,
                    Opinion(data["opinion"], data["person"], data["signed_on"]),
                    by=user,
                )
            except Refused as e:
                if hasattr(e, "error_dict"):
                    errors = e.message_dict
                    problems = _problems(application, errors)
                    for message in errors.get("__opinion__", []):
                        form.add_error(None, message)
                else:
                    for message in e.messages:
                        form.add_error(None, message)
            else:
                application.refresh_from_db()
                current = application.current_step()
                if current is not None:
                    what = _("已提交至%(org)s") % {"org": current.organisation.name}
                else:
                    what = _("已提交")
                _done(request, what)
                return redirect("applications:detail", pk=application.pk)
        else:
            # The opinion is incomplete: show the form's problems alongside, all at once.
            problems = _problems(
                application, submission_errors(version, application.values, file_keys)
            )
    else:
        form = OpinionForm(opinion_label=label, person=person)
        problems = _problems(application, submission_errors(version, application.values, file_keys))
    chain = []
    try:
        chain = derive_chain(application.category, application.organisation)
    except ValidationError as e:
        form.add_error(None, " ".join(e.messages))
    return render(
        request,
        "applications/application_submit.html",
        {
            "application": application,
            "programme": application.programme,
            "form": form,
            "problems": problems,
            "problem_count": len(problems) + sum(len(errors) for errors in form.errors.values()),
            "attempted": request.method == "POST",
            "next_body": chain[1].organisation if len(chain) > 1 else None,
            "deadline": deadlines.forwarding_deadline(application.programme, application.province),
            "round": application.round + 1 if application.submitted_at else 1,
        },
    )


@require_POST
@login_required
def withdraw_view(request, pk: int):
    application = load_application(request, pk)
    steps = list(application.steps.all())
    if not can_withdraw(request.user, application, steps):
        if not is_applicant_of(request.user, application):
            return _not_applicant(request, application)
        return _forbidden(request, application, _("上级已经办理或申报不在审核中，不能撤回。"))
    try:
        withdraw(application, by=request.user)
    except Refused as e:
        _refused(request, e)
        return redirect("applications:detail", pk=application.pk)
    _done(request, _("已撤回申报，可修改后重新提交"))
    return redirect("applications:detail", pk=application.pk)


# --------------------------------------------------------------------------- reading


@login_required
def compare(request, pk: int):
    """Two submissions (rounds) field by field: ``?a=1&b=2`` (default: the last two)."""
    application = load_application(request, pk)
    versions = list(
        SubmittedVersion.objects.filter(application=application)
        .select_related("submitted_by")
        .order_by("round")
    )
    by_round = {v.round: v for v in versions}

    def chosen(name: str, default: int | None) -> int | None:
        try:
            value = int(request.GET.get(name, ""))
        except ValueError:
            return default
        return value if value in by_round else default

    rows, old, new = [], None, None
    if len(versions) >= 2:
        old = by_round[chosen("a", versions[-2].round)]
        new = by_round[chosen("b", versions[-1].round)]
        rows = compare_rows(application.form_version, old.values, new.values)
    return render(
        request,
        "applications/application_compare.html",
        {
            "application": application,
            "programme": application.programme,
            "versions": versions,
            "comparison": {
                "old": old,
                "new": new,
                "rows": rows,
                "changed": [r for r in rows if r.changed],
            }
            if rows
            else None,
        },
    )


@login_required
def attachment(request, pk: int):
    """A file of an application the user may see (404 otherwise); every download audited."""
    item = get_object_or_404(Attachment.objects.select_related("application"), pk=pk)
    if not Application.objects.visible_to(request.user).filter(pk=item.application_id).exists():
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as e:
        raise Http404 from e
    record(
        Event.DOWNLOAD,
        actor=request.user,
        obj=item,
        summary=f"{item.application.title}：{item.original_name}",
        changes={"application": item.application_id, "size": item.size},
    )
    return FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )


PRINT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
def print_form(request, pk: int, fmt: str):
    """The official 申报表 filled in, as DOCX or PDF."""
    application = load_application(request, pk)
    if fmt not in PRINT_TYPES:
        raise Http404
    content = print_docx(application) if fmt == "docx" else print_pdf(application)
    response = HttpResponse(content, content_type=PRINT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{application.title}.{fmt}"
    )
    return response
