"""Every change to an application: one function each, in one transaction, holding the
application's row lock while it checks its guard, so that two people acting at once get
exactly one outcome (the other is told plainly, by a ``Refused``). Each writes the history
row and the audit row, and tells the next actor."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from applications import deadlines
from applications.formdata import submission_errors
from applications.models import (
    ALLOWED,
    EDITABLE,
    Action,
    Application,
    Attachment,
    BatchItem,
    DeadlineExtension,
    EndorsementStep,
    HistoryEntry,
    InternalDeadline,
    ProvincialBatch,
    Status,
    StepState,
    SubmittedVersion,
)
from applications.notifications import notify
from audit.models import Event
from audit.records import record
from organisations.models import Kind, Organisation
from programmes.actions import lock_version
from programmes.chain import derive_chain
from programmes.models import ApplicantCategory, ChainLevel, Programme
from programmes.permissions import can_manage_programmes


class Refused(ValidationError):
    """An action that cannot happen now; the message says why, in plain Chinese."""


@dataclass(frozen=True)
class Opinion:
    text: str
    person: str
    signed_on: date


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("programme", "category", "organisation", "form_version")
        .get(pk=application.pk)
    )


def _move(
    application: Application,
    to: Status,
    *,
    by,
    action: str,
    note: str = "",
    organisation: Organisation | None = None,
) -> None:
    before = Status(application.status)
    if to not in ALLOWED[before]:
        raise Refused(_("申报当前状态为“%(s)s”，不能进行此操作。") % {"s": before.label})
    application.status = to
    application.status_changed_at = timezone.now()
    application.save(
        update_fields=["status", "status_changed_at", "round", "submitted_at", "province_rank"]
    )
    HistoryEntry.objects.create(
        application=application,
        actor=by,
        action=action,
        organisation=organisation or getattr(by, "organisation", None),
        from_status=before,
        to_status=to,
        note=note,
    )


def _url(application: Application) -> str:
    return reverse("applications:detail", args=[application.pk])


# --------------------------------------------------------------------- the applicant


def prefill(category: ApplicantCategory, organisation: Organisation) -> dict[str, str]:
    """Values known from the organisation, for the fields that ask for them."""
    known = {
        "name": organisation.name,
        "address": organisation.address,
        "postcode": organisation.postcode,
        "phone": organisation.phone,
        "email": organisation.email,
        "credit_code": organisation.credit_code,
    }
    return {
        f.key: known.get(f.prefill, "")
        for f in category.form.fields.all()
        if f.prefill and known.get(f.prefill)
    }


@transaction.atomic
def start_application(category: ApplicantCategory, *, by) -> Application:
    if not by.has_role(Role.APPLICANT) or by.organisation is None:
        raise PermissionDenied
    # Serialise starts by the same organisation (a double click makes one application).
    organisation = Organisation.objects.select_for_update().get(pk=by.organisation_id)
    programme = category.programme
    if programme.current_status() != "open":
        raise Refused(_("该试点项目当前不接受申报。"))
    derive_chain(category, organisation)  # raises if the organisation may not apply here
    existing = Application.objects.filter(category=category, organisation=organisation)
    if existing.count() >= category.max_per_organisation:
        raise Refused(
            _("本单位在该类别已有申报，每个申报主体限报%(n)d份。")
            % {"n": category.max_per_organisation}
        )
    lock_version(category.form)
    application = Application.objects.create(
        programme=programme,
        category=category,
        organisation=organisation,
        province=organisation.reporting_province,
        form_version=category.form,
        values=prefill(category, organisation),
        created_by=by,
    )
    HistoryEntry.objects.create(
        application=application,
        actor=by,
        organisation=organisation,
        action=Action.START,
        to_status=Status.DRAFT,
    )
    record(
        Event.APPLICATION_START,
        actor=by,
        obj=application,
        summary=f"{programme.name} · {category.name}",
    )
    return application


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    revision: int
    saved_at: datetime


@transaction.atomic
def save_draft(
    application: Application, values: dict, *, by, edited_at: datetime | None = None
) -> SaveResult:
    """Keep what was typed. Two windows saving the same draft: the newer edit wins, and the
    window holding the older one is told (``saved=False``)."""
    application = _lock(application)
    if application.organisation_id != by.organisation_id or not by.has_role(Role.APPLICANT):
        raise PermissionDenied
    if application.status not in EDITABLE:
        raise Refused(_("申报已提交，不能再修改；如需修改，请先撤回。"))
    edited_at = edited_at or timezone.now()
    if application.edited_at and edited_at < application.edited_at:
        return SaveResult(False, application.revision, application.edited_at)
    keys = {f.key for f in application.form_version.fields.all()}
    # Browsers post line breaks as CRLF; store LF, so that a save by the form and one by
    # autosave compare equal.
    clean = {k: str(v).replace("\r\n", "\n")[:20000] for k, v in values.items() if k in keys}
    changed = sorted(k for k in clean if clean[k] != application.values.get(k, ""))
    application.values = {**application.values, **clean}
    application.edited_at = edited_at
    application.revision += 1
    application.save(update_fields=["values", "edited_at", "revision"])
    if changed:
        record(Event.APPLICATION_SAVE, actor=by, obj=application, changes={"fields": changed})
    return SaveResult(True, application.revision, edited_at)


@transaction.atomic
def submit_application(application: Application, opinion: Opinion, *, by) -> Application:
    """Submit with the applicant's own opinion (the first 意见 box); starts a new round."""
    application = _lock(application)
    if application.organisation_id != by.organisation_id or not by.has_role(Role.APPLICANT):
        raise PermissionDenied
    if application.status not in EDITABLE:
        raise Refused(_("申报已提交，请勿重复提交。"))
    now = timezone.now()
    if now >= deadlines.forwarding_deadline(application.programme, application.province):
        raise Refused(_("申报已截止，不能提交。"))
    file_keys = set(
        application.attachments.filter(is_paper_scan=False).values_list("field_key", flat=True)
    )
    errors = submission_errors(application.form_version, application.values, file_keys)
    if not opinion.text.strip() or not opinion.person.strip():
        errors.setdefault("__opinion__", []).append(_("请填写申报主体意见和负责人。"))
    if errors:
        raise Refused(errors)
    steps = derive_chain(application.category, application.organisation)
    last_round = application.steps.order_by("-round").values_list("round", flat=True).first()
    application.round = (last_round or 0) + 1
    application.submitted_at = now
    EndorsementStep.objects.bulk_create(
        EndorsementStep(
            application=application,
            round=application.round,
            order=i,
            level=step.level,
            organisation=step.organisation,
        )
        for i, step in enumerate(steps, start=1)
    )
    SubmittedVersion.objects.create(
        application=application,
        round=application.round,
        values=application.values,
        submitted_at=now,
        submitted_by=by,
    )
    first = application.steps.get(round=application.round, order=1)
    _sign(first, opinion, by=by, state=StepState.RECOMMENDED)
    record(
        Event.APPLICATION_SUBMIT,
        actor=by,
        obj=application,
        summary=_("第%(n)d次提交") % {"n": application.round},
    )
    _advance(application, by=by, action=Action.SUBMIT)
    return application


@transaction.atomic
def withdraw(application: Application, *, by) -> Application:
    """Take back a submission before the next level has acted on it."""
    application = _lock(application)
    if application.organisation_id != by.organisation_id or not by.has_role(Role.APPLICANT):
        raise PermissionDenied
    current = application.steps.filter(state=StepState.CURRENT).first()
    acted = (
        application.steps.filter(round=application.round, order__gt=1)
        .exclude(state__in=[StepState.WAITING, StepState.CURRENT])
        .exists()
    )
    if application.status != Status.PENDING or current is None or acted:
        raise Refused(_("上级已经办理，不能撤回。"))
    current.state = StepState.WITHDRAWN
    current.save(update_fields=["state"])
    application.steps.filter(round=application.round, state=StepState.WAITING).update(
        state=StepState.VOID
    )
    _move(application, Status.DRAFT, by=by, action=Action.WITHDRAW)
    record(Event.APPLICATION_WITHDRAW, actor=by, obj=application)
    notify(
        current.organisation,
        Role.ENDORSER,
        _("%(org)s 已撤回申报“%(t)s”。")
        % {"org": application.organisation.name, "t": application.category.name},
        application=application,
        url=_url(application),
    )
    return application


# --------------------------------------------------------------------- the endorsers


def _current_step_for(application: Application, by) -> EndorsementStep:
    if not by.has_role(Role.ENDORSER):
        raise PermissionDenied
    step = application.steps.select_related("organisation").filter(state=StepState.CURRENT).first()
    if step is None or application.status != Status.PENDING:
        raise Refused(_("该申报已由他人办理或已撤回，当前不在您这一级。"))
    if step.organisation_id != by.organisation_id:
        raise Refused(
            _("该申报当前由%(org)s办理，不在您这一级。") % {"org": step.organisation.name}
        )
    return step


def _check_forwarding_deadline(application: Application, step: EndorsementStep) -> None:
    now = timezone.now()
    if step.level == ChainLevel.PROVINCE:
        if now >= deadlines.effective_deadline(application.programme, application.province):
            raise Refused(_("申报已截止，不能再推荐。"))
    elif now >= deadlines.forwarding_deadline(application.programme, application.province):
        raise Refused(_("已过省内截止时间，不能再向上推荐。"))


def _sign(step: EndorsementStep, opinion: Opinion, *, by, state: StepState) -> None:
    step.state = state
    step.opinion = opinion.text.strip()
    step.responsible_person = opinion.person.strip()
    step.signed_on = opinion.signed_on
    step.acted_by = by
    step.acted_at = timezone.now()
    step.save(
        update_fields=[
            "state",
            "opinion",
            "responsible_person",
            "signed_on",
            "acted_by",
            "acted_at",
        ]
    )


def _advance(application: Application, *, by, action: str) -> None:
    """After a recommendation: the next level's turn, or the end of the chain."""
    following = (
        application.steps.filter(round=application.round, state=StepState.WAITING)
        .order_by("order")
        .first()
    )
    if following is not None:
        following.state = StepState.CURRENT
        following.arrived_at = timezone.now()
        following.save(update_fields=["state", "arrived_at"])
        _move(application, Status.PENDING, by=by, action=action)
        notify(
            following.organisation,
            Role.ENDORSER,
            _("%(org)s 的申报“%(t)s”待您审核。")
            % {"org": application.organisation.name, "t": application.category.name},
            application=application,
            url=_url(application),
        )
        return
    if application.organisation.kind == Kind.AFFILIATE:
        # Ministry-affiliated bodies submit to the ministry themselves.
        _move(application, Status.SUBMITTED, by=by, action=action)
        return
    _move(application, Status.ENDORSED, by=by, action=action)
    notify(
        application.province,
        Role.ENDORSER,
        _("%(org)s 的申报已完成审核推荐，待省级遴选报送。")
        % {"org": application.organisation.name},
        application=application,
        url=_url(application),
    )


@transaction.atomic
def recommend(application: Application, opinion: Opinion, *, by) -> Application:
    application = _lock(application)
    step = _current_step_for(application, by)
    _check_forwarding_deadline(application, step)
    if not opinion.text.strip() or not opinion.person.strip():
        raise Refused(_("请填写意见和负责人。"))
    _sign(step, opinion, by=by, state=StepState.RECOMMENDED)
    record(
        Event.APPLICATION_RECOMMEND,
        actor=by,
        obj=application,
        summary=str(step),
        changes={"opinion": opinion.text[:300]},
    )
    _advance(application, by=by, action=Action.RECOMMEND)
    return application


@transaction.atomic
def return_for_revision(
    application: Application, reasons: str, *, by, person: str = ""
) -> Application:
    """Back to the applicant, who edits and resubmits; the chain then restarts."""
    return _stop(
        application,
        reasons,
        by=by,
        person=person,
        state=StepState.RETURNED,
        status=Status.RETURNED,
        event=Event.APPLICATION_RETURN,
        action=Action.RETURN,
        missing=_("请写明退回修改的理由。"),
        told=_("申报“%(t)s”被%(org)s退回修改：%(r)s"),
    )


@transaction.atomic
def decline(application: Application, reasons: str, *, by, person: str = "") -> Application:
    """The end of the application, with the reasons the applicant will read."""
    return _stop(
        application,
        reasons,
        by=by,
        person=person,
        state=StepState.DECLINED,
        status=Status.DECLINED,
        event=Event.APPLICATION_DECLINE,
        action=Action.DECLINE,
        missing=_("请写明不予推荐的理由。"),
        told=_("申报“%(t)s”未获%(org)s推荐：%(r)s"),
    )


def _stop(application, reasons, *, by, person, state, status, event, action, missing, told):
    """The current level stops the chain here: its step records the reasons, the later
    steps of this round are void, and the applicant is told."""
    application = _lock(application)
    step = _current_step_for(application, by)
    if not reasons.strip():
        raise Refused(missing)
    opinion = Opinion(reasons, person or by.full_name, timezone.localdate())
    _sign(step, opinion, by=by, state=state)
    application.steps.filter(round=application.round, state=StepState.WAITING).update(
        state=StepState.VOID
    )
    _move(application, status, by=by, action=action, note=reasons)
    record(event, actor=by, obj=application, summary=reasons[:300])
    notify(
        application.organisation,
        Role.APPLICANT,
        told % {"t": application.category.name, "org": step.organisation.name, "r": reasons[:100]},
        application=application,
        url=_url(application),
    )
    return application


# --------------------------------------------------------------------- the province


def _check_province(by, province: Organisation) -> None:
    if not by.has_role(Role.ENDORSER) or by.organisation_id != province.pk:
        raise PermissionDenied


@transaction.atomic
def rank(programme: Programme, province: Organisation, ordered_ids: list[int], *, by) -> None:
    """The province's order of preference among what was recommended to it (drafting the
    selection; 0 for those it will not put forward)."""
    _check_province(by, province)
    if ProvincialBatch.objects.filter(programme=programme, province=province).exists():
        raise Refused(_("已报送民政部，排序不能再修改。"))
    candidates = {
        a.pk: a
        for a in Application.objects.select_for_update().filter(
            programme=programme, province=province, status=Status.ENDORSED
        )
    }
    unknown = [pk for pk in ordered_ids if pk not in candidates]
    if unknown:
        raise Refused(_("排序中有不属于本单位待报送的申报。"))
    for application in candidates.values():
        new = ordered_ids.index(application.pk) + 1 if application.pk in ordered_ids else None
        if application.province_rank != new:
            application.province_rank = new
            application.save(update_fields=["province_rank"])
    record(Event.PROVINCE_RANKING, actor=by, obj=programme, changes={"ranking": ordered_ids})


@transaction.atomic
def submit_batch(
    programme: Programme, province: Organisation, opinion: Opinion, *, by
) -> ProvincialBatch:
    """报送: the ranked selection goes to the ministry as one batch, locked from then on."""
    _check_province(by, province)
    Organisation.objects.select_for_update().get(pk=province.pk)  # one batch at a time
    if ProvincialBatch.objects.filter(programme=programme, province=province).exists():
        raise Refused(_("本单位已向民政部报送过该试点项目，报送后不能再修改。"))
    if timezone.now() >= deadlines.effective_deadline(programme, province):
        raise Refused(_("申报已截止，不能报送。"))
    if not opinion.text.strip() or not opinion.person.strip():
        raise Refused(_("请填写报送意见和负责人。"))
    selected = list(
        Application.objects.select_for_update()
        .filter(
            programme=programme,
            province=province,
            status=Status.ENDORSED,
            province_rank__isnull=False,
        )
        .select_related("category")
        .order_by("province_rank")
    )
    if not selected:
        raise Refused(_("请先选择并排序要报送的申报。"))
    for category in {a.category for a in selected}:
        count = sum(1 for a in selected if a.category_id == category.pk)
        if category.province_quota is not None and count > category.province_quota:
            raise Refused(
                _("“%(c)s”每省最多推荐%(q)d个，现选择了%(n)d个。")
                % {"c": category.name, "q": category.province_quota, "n": count}
            )
    batch = ProvincialBatch.objects.create(
        programme=programme,
        province=province,
        opinion=opinion.text.strip(),
        responsible_person=opinion.person.strip(),
        signed_on=opinion.signed_on,
        submitted_at=timezone.now(),
        submitted_by=by,
    )
    for position, application in enumerate(selected, start=1):
        BatchItem.objects.create(batch=batch, application=application, rank=position)
        _move(
            application,
            Status.SUBMITTED,
            by=by,
            action=Action.BATCH_SUBMIT,
            note=_("省级推荐第%(n)d位") % {"n": position},
        )
    record(
        Event.BATCH_SUBMIT, actor=by, obj=batch, changes={"applications": [a.pk for a in selected]}
    )
    return batch


@transaction.atomic
def set_internal_deadline(
    programme: Programme, province: Organisation, deadline: datetime, *, by
) -> InternalDeadline:
    _check_province(by, province)
    if deadline > deadlines.effective_deadline(programme, province):
        raise Refused(_("省内截止时间不能晚于民政部规定的截止时间。"))
    internal, _created = InternalDeadline.objects.update_or_create(
        programme=programme, province=province, defaults={"deadline": deadline, "set_by": by}
    )
    record(
        Event.INTERNAL_DEADLINE, actor=by, obj=programme, changes={"deadline": deadline.isoformat()}
    )
    return internal


# --------------------------------------------------------------------- the ministry


@transaction.atomic
def extend_deadline(
    programme: Programme,
    deadline: datetime,
    reason: str,
    *,
    by,
    province: Organisation | None = None,
) -> DeadlineExtension:
    if not can_manage_programmes(by):
        raise PermissionDenied
    if not reason.strip():
        raise Refused(_("请写明延长截止时间的理由。"))
    if deadline <= deadlines.effective_deadline(programme, province):
        raise Refused(_("延长后的截止时间须晚于现行截止时间。"))
    extension = DeadlineExtension.objects.create(
        programme=programme,
        province=province,
        deadline=deadline,
        reason=reason.strip(),
        granted_by=by,
    )
    record(
        Event.DEADLINE_EXTEND,
        actor=by,
        obj=programme,
        summary=reason[:300],
        changes={
            "deadline": deadline.isoformat(),
            "province": province.name if province else _("全部"),
        },
    )
    return extension


@transaction.atomic
def mark_paper_received(application: Application, *, by) -> Application:
    if not can_manage_programmes(by):
        raise PermissionDenied
    application = _lock(application)
    if application.status != Status.SUBMITTED:
        raise Refused(_("申报尚未报送民政部。"))
    if application.paper_received_at is None:
        application.paper_received_at = timezone.now()
        application.save(update_fields=["paper_received_at"])
        HistoryEntry.objects.create(
            application=application,
            actor=by,
            action=Action.PAPER_RECEIVED,
            organisation=by.organisation,
        )
        record(Event.PAPER_RECEIVED, actor=by, obj=application)
    return application


def add_attachment(
    application: Application, upload, *, by, field_key: str = "", is_paper_scan: bool = False
) -> Attachment:
    from applications.uploads import check_upload

    with transaction.atomic():
        application = _lock(application)
        if is_paper_scan:
            allowed = application.organisation_id == by.organisation_id or (
                application.province_id == by.organisation_id and by.has_role(Role.ENDORSER)
            )
            if not allowed:
                raise PermissionDenied
        else:
            if application.organisation_id != by.organisation_id:
                raise PermissionDenied
            if application.status not in EDITABLE:
                raise Refused(_("申报已提交，不能再修改附件。"))
        content_type = check_upload(upload)
        attachment = Attachment.objects.create(
            application=application,
            field_key=field_key,
            is_paper_scan=is_paper_scan,
            file=upload,
            original_name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
        )
        record(
            Event.ATTACHMENT_UPLOAD,
            actor=by,
            obj=application,
            summary=attachment.original_name,
            changes={"field": field_key, "size": upload.size},
        )
    return attachment
