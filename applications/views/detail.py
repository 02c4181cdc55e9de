"""The application page: where the application is, the chain as a timeline, the form as the
paper lays it out, what changed since the last round, the history, and the endorser's forms."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import deadlines
from applications.formdata import display_values
from applications.forms import OpinionForm, ReasonsForm
from applications.models import Application, EndorsementStep, Status, StepState
from applications.permissions import (
    can_edit,
    can_endorse,
    can_select,
    can_withdraw,
    is_applicant_of,
)
from applications.views.common import load_application
from applications.views.compare import side_by_side, submitted_versions
from programmes.chain import derive_chain
from programmes.documents import FormDocument, layout
from programmes.documents import Opinion as PaperOpinion
from programmes.models import ChainLevel, FieldType

REASON_LABELS = {
    "return": gettext_lazy("退回修改的理由"),
    "decline": gettext_lazy("不予推荐的理由"),
}


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


def detail_context(request, application: Application, **bound) -> dict:
    """Everything the application page shows; ``bound`` carries the endorser's forms as
    posted when they come back with errors."""
    user = request.user
    steps = list(
        application.steps.select_related("organisation", "acted_by").order_by("round", "order")
    )
    versions = submitted_versions(application)
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
        comparison = side_by_side(application.form_version, previous, this_round)
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
        "province_url": reverse("applications:province", args=[application.programme_id])
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
        request, "applications/application_detail.html", detail_context(request, application)
    )
