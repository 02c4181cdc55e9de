"""The ministry's review, one action per step, each in one transaction with its audit row."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from applications.actions import Refused
from applications.models import Application
from applications.models import Status as ApplicationStatus
from applications.notifications import notify
from audit.models import Event
from audit.records import record
from lib.dates import period_end
from pilots.models import Pilot
from programmes.models import Programme
from programmes.models import Status as ProgrammeStatus
from programmes.permissions import can_manage_programmes
from reviews import scoring
from reviews.conflicts import conflict_reason
from reviews.listing import final_preface
from reviews.models import (
    Assessment,
    Assignment,
    AssignmentState,
    ConflictDeclaration,
    Criterion,
    Decision,
    Eligibility,
    ListEntry,
    ListKind,
    ListStatus,
    Objection,
    PublishedList,
    Rubric,
    Score,
    Stage,
)
from shidian.validators import validate_email, validate_phone


def _officer(by) -> None:
    if not can_manage_programmes(by):
        raise PermissionDenied


# ------------------------------------------------------------------ the inbox and eligibility


@transaction.atomic
def open_review(programme: Programme, *, by) -> int:
    """Open a file for every application submitted to the ministry; idempotent."""
    _officer(by)
    # Ids only: the inbox calls this on every visit, and the rows carry the form's text.
    submitted = (
        Application.objects.filter(
            programme=programme, status=ApplicationStatus.SUBMITTED, assessment__isnull=True
        )
        .order_by()  # an anti-join over the whole programme: no need to sort it
        .values_list("pk", flat=True)
    )
    created = Assessment.objects.bulk_create(Assessment(application_id=pk) for pk in submitted)
    if programme.status == ProgrammeStatus.PUBLISHED:
        from programmes.actions import move_programme

        move_programme(programme, ProgrammeStatus.REVIEWING, by=by)
    if created:
        record(Event.REVIEW_OPEN, actor=by, obj=programme, changes={"assessments": len(created)})
    return len(created)


def _assessment(application: Application) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related(
            "application__programme", "application__province", "application__organisation"
        )
        .get(application=application)
    )


@transaction.atomic
def check_eligibility(
    application: Application,
    result: Eligibility,
    *,
    by,
    reasons: str = "",
    correct_by: datetime | None = None,
) -> Assessment:
    """Mark an application eligible, send it back to its province for correction by a date,
    or (typically once that date has passed) find it ineligible."""
    _officer(by)
    assessment = _assessment(application)
    if assessment.decision != Decision.UNDECIDED:
        raise Refused(_("已确定结果的申报不能再做形式审查。"))
    if result == Eligibility.PENDING:
        raise Refused(_("请选择审查结果。"))
    if result != Eligibility.ELIGIBLE and not reasons.strip():
        raise Refused(_("请写明审查意见。"))
    if result == Eligibility.CORRECTION and (correct_by is None or correct_by <= timezone.now()):
        raise Refused(_("请设定晚于现在的补正截止时间。"))
    before = assessment.eligibility
    assessment.eligibility = result
    assessment.eligibility_reasons = reasons.strip()
    assessment.correct_by = correct_by if result == Eligibility.CORRECTION else None
    assessment.checked_by, assessment.checked_at = by, timezone.now()
    assessment.save()
    record(
        Event.ELIGIBILITY_CHECK,
        actor=by,
        obj=application,
        summary=reasons[:300],
        changes={"eligibility": [before, result]},
    )
    if result == Eligibility.CORRECTION and application.province_id:
        notify(
            application.province,
            Role.ENDORSER,
            _("民政部退回补正：%(org)s 的申报。%(r)s")
            % {"org": application.organisation.name, "r": reasons[:100]},
            application=application,
        )
    return assessment


@transaction.atomic
def submit_correction(application: Application, note: str, *, by) -> Assessment:
    """The province corrects what the ministry asked for, before the date it set."""
    assessment = _assessment(application)
    if not by.has_role(Role.ENDORSER) or by.organisation_id != application.province_id:
        raise PermissionDenied
    if assessment.eligibility != Eligibility.CORRECTION:
        raise Refused(_("该申报不在补正中。"))
    if timezone.now() >= assessment.correct_by:
        raise Refused(_("已过补正截止时间。"))
    if not note.strip():
        raise Refused(_("请说明补正的内容。"))
    assessment.eligibility = Eligibility.PENDING
    assessment.corrected_at = timezone.now()
    assessment.correction_note = note.strip()
    assessment.save()
    record(Event.CORRECTION_SUBMIT, actor=by, obj=application, summary=note[:300])
    return assessment


# ------------------------------------------------------------------ rubric and experts


@transaction.atomic
def rubric_from_content_areas(
    programme: Programme, *, by, stage: Stage = Stage.APPLICATION, max_score: int = 10
) -> Rubric:
    """A starting rubric: one criterion per content area, equal weights."""
    _officer(by)
    rubric, created = Rubric.objects.get_or_create(
        programme=programme,
        stage=stage,
        defaults={"title": f"{programme.name}{Stage(stage).label}评分标准"},
    )
    if created:
        Criterion.objects.bulk_create(
            Criterion(
                rubric=rubric,
                order=area.order,
                title=area.title,
                content_area=area,
                weight=Decimal(1),
                max_score=max_score,
            )
            for area in programme.content_areas.order_by("order")
        )
        record(Event.RUBRIC_UPDATE, actor=by, obj=rubric, summary=_("按试点主要内容生成"))
    return rubric


@transaction.atomic
def save_criteria(rubric: Rubric, rows: list[dict], *, by) -> Rubric:
    """Replace the criteria (title, guidance, weight, max_score) while no score exists."""
    _officer(by)
    if rubric.has_scores():
        raise Refused(_("已有专家评分，评分标准不能再修改。"))
    if not rows:
        raise Refused(_("评分标准至少要有一个评分项。"))
    for row in rows:
        if row["weight"] <= 0 or row["max_score"] <= 0:
            raise Refused(_("权重和满分须大于0。"))
    rubric.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(
            rubric=rubric,
            order=i,
            title=row["title"],
            guidance=row.get("guidance", ""),
            weight=row["weight"],
            max_score=row["max_score"],
            content_area_id=row.get("content_area_id"),
        )
        for i, row in enumerate(rows, start=1)
    )
    record(
        Event.RUBRIC_UPDATE,
        actor=by,
        obj=rubric,
        changes={"criteria": [f"{r['title']}×{r['weight']}/{r['max_score']}" for r in rows]},
    )
    return rubric


def scorer_roles(stage: Stage) -> tuple[Role, ...]:
    """Experts score applications; the comprehensive evaluation is scored by experts and by
    the ministry's programme officers too."""
    return (Role.EXPERT,) if stage == Stage.APPLICATION else (Role.EXPERT, Role.OFFICER)


@transaction.atomic
def assign_experts(
    rubric: Rubric, applications: list[Application], experts: list, *, by
) -> tuple[int, list[tuple[Application, object, str]]]:
    """Assign every expert to every application, except where a conflict forbids it.
    Returns how many were created and the refused pairs with their reasons."""
    _officer(by)
    refused = []
    scorers = scorer_roles(rubric.stage)
    for expert in experts:
        if not expert.has_role(*scorers):
            raise Refused(_("%(n)s 不是评审专家。") % {"n": expert})
    # One query each for the declarations and the pairs already assigned, whatever the batch.
    declared: dict[int, set[int]] = {e.pk: set() for e in experts}
    for expert_id, application_id in ConflictDeclaration.objects.filter(
        expert__in=experts
    ).values_list("expert_id", "application_id"):
        declared[expert_id].add(application_id)
    existing = set(
        Assignment.objects.filter(
            rubric=rubric, application__in=applications, expert__in=experts
        ).values_list("application_id", "expert_id")
    )
    new: list[Assignment] = []
    if rubric.stage == Stage.EVALUATION:
        from pilots.actions import check_evaluation_open

        check_evaluation_open(rubric.programme)
    for application in applications:
        if rubric.stage == Stage.APPLICATION:
            assessment = getattr(application, "assessment", None)
            if assessment is None or assessment.eligibility != Eligibility.ELIGIBLE:
                refused.append((application, None, _("尚未通过形式审查")))
                continue
        elif not hasattr(application, "pilot"):
            refused.append((application, None, _("不是试点")))
            continue
        for expert in experts:
            reason = conflict_reason(expert, application, declared[expert.pk])
            if reason:
                refused.append((application, expert, reason))
                continue
            if (application.pk, expert.pk) not in existing:
                existing.add((application.pk, expert.pk))
                new.append(
                    Assignment(
                        rubric=rubric, application=application, expert=expert, assigned_by=by
                    )
                )
    created = len(Assignment.objects.bulk_create(new))
    record(
        Event.EXPERT_ASSIGN,
        actor=by,
        obj=rubric,
        changes={"created": created, "refused": len(refused)},
    )
    return created, refused


@transaction.atomic
def unassign_expert(assignment: Assignment, *, by) -> None:
    """Withdraw an assignment not yet submitted (its draft scores go with it)."""
    _officer(by)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("rubric")
        .get(pk=assignment.pk)
    )
    if assignment.state == AssignmentState.SUBMITTED:
        raise Refused(_("评分已提交，不能撤销。"))
    rubric, application_id, expert_id = (
        assignment.rubric,
        assignment.application_id,
        assignment.expert_id,
    )
    assignment.delete()
    record(
        Event.EXPERT_UNASSIGN,
        actor=by,
        obj=rubric,
        changes={"application": application_id, "expert": expert_id},
    )


def _own_assignment(assignment: Assignment, by) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("rubric")
        .get(pk=assignment.pk)
    )
    if assignment.expert_id != by.pk or not by.has_role(Role.EXPERT, Role.OFFICER):
        raise PermissionDenied
    if assignment.state == AssignmentState.SUBMITTED:
        raise Refused(_("评分已提交，不能再修改。"))
    return assignment


@transaction.atomic
def save_scores(
    assignment: Assignment, scores: dict[int, tuple[str, str]], *, by, overall_comment: str = ""
) -> Assignment:
    """Keep an expert's scores as a draft. Every value is checked against its criterion;
    one score out of range refuses the whole save, so nothing half-valid is kept."""
    assignment = _own_assignment(assignment, by)
    criteria = {c.pk: c for c in assignment.rubric.criteria.all()}
    parsed = {}
    for criterion_id, (raw, comment) in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise Refused(_("评分项不属于本评分标准。"))
        value = None
        if str(raw).strip():
            try:
                value = Decimal(str(raw).strip())
            except InvalidOperation as error:
                raise Refused(_("“%(c)s”的得分须是数字。") % {"c": criterion.title}) from error
            if not Decimal(0) <= value <= criterion.max_score:
                raise Refused(
                    _("“%(c)s”的得分须在0到%(m)d之间。")
                    % {"c": criterion.title, "m": criterion.max_score}
                )
        parsed[criterion.pk] = (value, comment.strip())
    for criterion_id, (value, comment) in parsed.items():
        Score.objects.update_or_create(
            assignment=assignment,
            criterion_id=criterion_id,
            defaults={"score": value, "comment": comment},
        )
    assignment.overall_comment = overall_comment.strip()
    assignment.state = AssignmentState.DRAFT
    assignment.save(update_fields=["overall_comment", "state"])
    record(
        Event.SCORE_SAVE,
        actor=by,
        obj=assignment,
        changes={"scored": sorted(k for k, (v, _c) in parsed.items() if v is not None)},
    )
    return assignment


@transaction.atomic
def submit_scores(assignment: Assignment, *, by) -> Assignment:
    assignment = _own_assignment(assignment, by)
    criteria = list(assignment.rubric.criteria.all())
    given = {s.criterion_id: s.score for s in assignment.scores.all()}
    missing = [c.title for c in criteria if given.get(c.pk) is None]
    if missing:
        raise Refused(_("以下评分项尚未打分：%(c)s。") % {"c": "、".join(missing)})
    if assignment.rubric.asks_overall_comment and not assignment.overall_comment:
        raise Refused(_("请填写总体评价。"))
    assignment.total = scoring.weighted_total([(given[c.pk], c.weight) for c in criteria])
    assignment.state = AssignmentState.SUBMITTED
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["total", "state", "submitted_at"])
    refresh_average(assignment.application, assignment.rubric)
    record(Event.SCORE_SUBMIT, actor=by, obj=assignment, changes={"total": str(assignment.total)})
    return assignment


def refresh_average(application: Application, rubric: Rubric) -> None:
    if rubric.stage != Stage.APPLICATION:
        return
    totals = list(
        Assignment.objects.filter(
            rubric=rubric, application=application, state=AssignmentState.SUBMITTED
        ).values_list("total", flat=True)
    )
    summary = scoring.summarise(totals, missing=0)
    Assessment.objects.filter(application=application).update(average_score=summary.average)


@transaction.atomic
def declare_conflict(application: Application, reason: str, *, by) -> ConflictDeclaration:
    """An expert steps aside: their unsubmitted assignment on it is withdrawn."""
    if not by.has_role(Role.EXPERT):
        raise PermissionDenied
    if not reason.strip():
        raise Refused(_("请写明回避理由。"))
    declaration, _created = ConflictDeclaration.objects.get_or_create(
        expert=by, application=application, defaults={"reason": reason.strip()}
    )
    Assignment.objects.filter(expert=by, application=application).exclude(
        state=AssignmentState.SUBMITTED
    ).delete()
    record(Event.CONFLICT_DECLARE, actor=by, obj=application, summary=reason[:200])
    return declaration


# ------------------------------------------------------------------ determination and lists


@transaction.atomic
def decide(application: Application, decision: Decision, message: str, *, by) -> Assessment:
    _officer(by)
    assessment = _assessment(application)
    unchecked = Assessment.objects.filter(
        application__programme=application.programme,
        eligibility__in=[Eligibility.PENDING, Eligibility.CORRECTION],
    )
    if unchecked.exists():
        raise Refused(_("还有申报未完成形式审查，不能确定结果。"))
    if decision == Decision.SELECTED and assessment.eligibility != Eligibility.ELIGIBLE:
        raise Refused(_("不符合条件的申报不能确定为试点。"))
    if PublishedList.objects.filter(
        programme=application.programme, kind=ListKind.PILOTS, status=ListStatus.FINAL
    ).exists():
        raise Refused(_("名单已公布，结果不能再修改。"))
    before = assessment.decision
    assessment.decision = decision
    assessment.decision_message = message.strip()
    assessment.decided_by, assessment.decided_at = by, timezone.now()
    assessment.save()
    record(
        Event.DECISION,
        actor=by,
        obj=application,
        summary=message[:300],
        changes={"decision": [before, decision]},
    )
    return assessment


def _build_entries(published_list: PublishedList) -> list[ListEntry]:
    """Bring the entries in line with the decisions, keeping the ones that stay (objections
    lodged during the 公示 point at them)."""
    selected = set(
        Application.objects.filter(
            programme=published_list.programme, assessment__decision=Decision.SELECTED
        ).values_list("pk", flat=True)
    )
    published_list.entries.exclude(application_id__in=selected).delete()
    kept = set(published_list.entries.values_list("application_id", flat=True))
    ListEntry.objects.bulk_create(
        ListEntry(published_list=published_list, application_id=pk) for pk in selected - kept
    )
    return list(published_list.entries.select_related("application"))


def _check_all_decided(programme: Programme) -> None:
    assessments = Assessment.objects.filter(application__programme=programme)
    if not assessments.exists():
        raise Refused(_("还没有可确定的申报。"))
    if assessments.filter(decision=Decision.UNDECIDED).exists():
        raise Refused(_("还有申报未确定结果。"))
    if not assessments.filter(decision=Decision.SELECTED).exists():
        raise Refused(_("名单为空：没有确定为试点的申报。"))


@transaction.atomic
def start_publicity(
    programme: Programme,
    starts_at: datetime,
    ends_at: datetime,
    *,
    by,
    title: str = "",
    preface: str = "",
) -> PublishedList:
    _officer(by)
    _check_all_decided(programme)
    if ends_at <= starts_at:
        raise Refused(_("公示结束时间须晚于开始时间。"))
    if (ends_at - starts_at).days < 5:
        raise Refused(_("公示期一般不少于5天。"))
    published_list, _created = PublishedList.objects.select_for_update().get_or_create(
        programme=programme,
        kind=ListKind.PILOTS,
        defaults={"title": title or _("%(p)s拟确定名单公示") % {"p": programme.name}},
    )
    if published_list.status != ListStatus.DRAFT:
        raise Refused(_("名单已在公示或已公布。"))
    published_list.title = title or published_list.title
    published_list.preface = preface
    published_list.status = ListStatus.PUBLICITY
    published_list.publicity_starts_at, published_list.publicity_ends_at = starts_at, ends_at
    published_list.save()
    _build_entries(published_list)
    from portal.actions import publish_list_notice

    published_list.publicity_notice = publish_list_notice(published_list, publicity=True)
    published_list.save(update_fields=["publicity_notice"])
    record(
        Event.PUBLICITY_START,
        actor=by,
        obj=published_list,
        changes={"from": starts_at.isoformat(), "to": ends_at.isoformat()},
    )
    return published_list


@transaction.atomic
def lodge_objection(
    published_list: PublishedList,
    *,
    name: str,
    phone: str,
    content: str,
    organisation: str = "",
    email: str = "",
    entry: ListEntry | None = None,
    source_address: str = "",
) -> Objection:
    """Anyone may object during the 公示, with their name and contact details."""
    published_list = PublishedList.objects.select_for_update().get(pk=published_list.pk)
    if not published_list.publicity_open():
        raise Refused(_("不在公示期内，不能提出异议。"))
    if not name.strip() or not content.strip() or not phone.strip():
        raise Refused(_("请填写姓名、联系电话和异议内容（异议须实名提出）。"))
    validate_phone(phone)
    validate_email(email)
    objection = Objection.objects.create(
        published_list=published_list,
        entry=entry,
        name=name.strip(),
        organisation=organisation.strip(),
        phone=phone.strip(),
        email=email.strip(),
        content=content.strip(),
        source_address=source_address,
    )
    record(
        Event.OBJECTION_LODGE,
        actor=None,
        actor_name=name.strip()[:150],
        obj=objection,
        summary=content[:300],
    )
    return objection


@transaction.atomic
def answer_objection(objection: Objection, answer: str, *, by) -> Objection:
    _officer(by)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not answer.strip():
        raise Refused(_("请填写答复内容。"))
    objection.answer = answer.strip()
    objection.answered_by, objection.answered_at = by, timezone.now()
    objection.save()
    record(Event.OBJECTION_ANSWER, actor=by, obj=objection, summary=answer[:300])
    return objection


@transaction.atomic
def publish_final(programme: Programme, *, by, title: str = "", preface: str = "") -> PublishedList:
    """The final list (名单): on the portal, provinces and applicants told, and every
    selected application becomes a pilot."""
    _officer(by)
    _check_all_decided(programme)
    published_list, _created = PublishedList.objects.select_for_update().get_or_create(
        programme=programme,
        kind=ListKind.PILOTS,
        defaults={"title": title or _("%(p)s名单") % {"p": programme.name}},
    )
    if published_list.status == ListStatus.FINAL:
        raise Refused(_("名单已经公布。"))
    if published_list.status == ListStatus.PUBLICITY:
        if timezone.now() < published_list.publicity_ends_at:
            raise Refused(_("公示期尚未结束，不能公布名单。"))
        if published_list.objections.filter(answered_at__isnull=True).exists():
            raise Refused(_("还有异议未答复，不能公布名单。"))
    now = timezone.now()
    published_list.title = title or _("%(p)s名单") % {"p": programme.name}
    # Left empty, the final list gets its own preface: the 公示's (with its call for
    # objections) is not the final list's.
    published_list.preface = preface or final_preface(
        programme, publicised=published_list.status == ListStatus.PUBLICITY
    )
    published_list.status = ListStatus.FINAL
    published_list.published_at = now
    published_list.save()
    entries = _build_entries(published_list)
    from portal.actions import publish_list_notice

    published_list.final_notice = publish_list_notice(published_list, publicity=False)
    published_list.save(update_fields=["final_notice"])
    starts_on = timezone.localdate(now)
    ends_on = period_end(starts_on, programme.pilot_months)
    from pilots.actions import ensure_reports

    for entry in entries:
        application = entry.application
        pilot = Pilot.objects.create(
            application=application,
            programme=programme,
            category=application.category,
            organisation=application.organisation,
            province=application.province,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        ensure_reports(pilot)  # its report rows, if the schedule is already set
    _tell_everyone(programme, entries)
    programme.refresh_from_db(fields=["status"])
    if programme.status == ProgrammeStatus.REVIEWING:
        from programmes.actions import move_programme

        move_programme(programme, ProgrammeStatus.RUNNING, by=by)
    record(Event.LIST_PUBLISH, actor=by, obj=published_list, changes={"entries": len(entries)})
    return published_list


def _tell_everyone(programme: Programme, entries: list[ListEntry]) -> None:
    selected = {e.application_id for e in entries}
    assessments = Assessment.objects.filter(application__programme=programme).select_related(
        "application__organisation", "application__province"
    )
    provinces = {}
    for assessment in assessments:
        application = assessment.application
        outcome = _("确定为试点") if application.pk in selected else _("未入选")
        notify(
            application.organisation,
            Role.APPLICANT,
            _("%(p)s名单已公布：贵单位申报%(o)s。") % {"p": programme.name, "o": outcome},
            application=application,
        )
        if application.province_id:
            provinces[application.province_id] = application.province
    for province in provinces.values():
        notify(province, Role.ENDORSER, _("%(p)s名单已公布。") % {"p": programme.name})
