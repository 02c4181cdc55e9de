"""The pilot period: plans, progress reports, supervision, summaries, titles. One function
per change, each in one transaction with its audit row; refusals say why in plain Chinese."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from applications.actions import Refused
from applications.notifications import notify
from applications.uploads import check_upload
from audit.models import Event
from audit.records import record
from lib.dates import add_months, cn_date
from organisations.models import Organisation, Tier
from pilots.models import (
    Designation,
    Evidence,
    Indicator,
    IndicatorValue,
    Milestone,
    Pilot,
    Plan,
    PlanArea,
    PlanStatus,
    PlanVersion,
    ProgressReport,
    ProvincialSummary,
    ReminderSent,
    ReportingSchedule,
    ReportStatus,
    Summary,
    SummaryStatus,
    Supervision,
)
from programmes.models import ApplicantKind, Programme
from programmes.permissions import can_manage_programmes

# ------------------------------------------------------------------ who


def is_pilot_applicant(user, pilot: Pilot) -> bool:
    return user.has_role(Role.APPLICANT) and user.organisation_id == pilot.organisation_id


def is_pilot_province(user, pilot: Pilot) -> bool:
    return (
        user.has_role(Role.ENDORSER)
        and pilot.province_id is not None
        and (user.organisation_id == pilot.province_id)
    )


def endorsing_province(user) -> Organisation | None:
    """The provincial-level body (a province, the Corps, a city listed separately) the user
    endorses for, whose pilots' plans, reports and summaries they review; None otherwise."""
    organisation = user.organisation
    if user.has_role(Role.ENDORSER) and organisation and organisation.tier == Tier.PROVINCE:
        return organisation
    return None


def _applicant(user, pilot: Pilot) -> None:
    if not is_pilot_applicant(user, pilot):
        raise PermissionDenied


def _province(user, pilot: Pilot) -> None:
    if not is_pilot_province(user, pilot):
        raise PermissionDenied


# ------------------------------------------------------------------ schedule


def due_dates(pilot: Pilot, schedule: ReportingSchedule | None) -> list[date]:
    """The report due dates of a pilot: every N months from its start while within its
    period, or the programme's fixed dates that fall within it."""
    if schedule is None:
        return []
    if schedule.every_months:
        dates, n = [], 1
        while (due := add_months(pilot.starts_on, schedule.every_months * n)) <= pilot.ends_on:
            dates.append(due)
            n += 1
        return dates
    fixed = sorted(date.fromisoformat(d) for d in schedule.fixed_dates)
    return [d for d in fixed if pilot.starts_on <= d <= pilot.ends_on]


@transaction.atomic
def ensure_reports(pilot: Pilot) -> list[ProgressReport]:
    """One report row per due date (idempotent; a changed schedule adds what is missing)."""
    schedule = ReportingSchedule.objects.filter(programme_id=pilot.programme_id).first()
    existing = {r.due_on for r in pilot.reports.all()}
    start = pilot.reports.aggregate(n=Max("sequence"))["n"] or 0
    new = [
        ProgressReport(pilot=pilot, sequence=start + i, due_on=due)
        for i, due in enumerate(
            (d for d in due_dates(pilot, schedule) if d not in existing), start=1
        )
    ]
    ProgressReport.objects.bulk_create(new)
    return list(pilot.reports.order_by("sequence"))


@transaction.atomic
def set_schedule(
    programme: Programme,
    *,
    by,
    every_months: int | None = None,
    fixed_dates: list[date] | None = None,
    remind_days_before: int = 7,
) -> ReportingSchedule:
    if not can_manage_programmes(by):
        raise PermissionDenied
    if not every_months and not fixed_dates:
        raise Refused(_("请设定报告周期（每隔几个月）或指定报告日期。"))
    schedule, _created = ReportingSchedule.objects.update_or_create(
        programme=programme,
        defaults={
            "every_months": every_months or None,
            "fixed_dates": [d.isoformat() for d in fixed_dates or []],
            "remind_days_before": remind_days_before,
        },
    )
    for pilot in programme.pilots.all():
        ensure_reports(pilot)
    record(
        Event.SCHEDULE_SET,
        actor=by,
        obj=programme,
        changes={
            "every_months": schedule.every_months,
            "fixed_dates": schedule.fixed_dates,
            "remind_days_before": schedule.remind_days_before,
        },
    )
    return schedule


def send_reminders(now: datetime | None = None) -> int:
    """Remind pilots of reports due within the reminder period, and pilots and provinces of
    overdue ones; each reminder once. Run daily (manage.py send_report_reminders)."""
    today = timezone.localdate(now or timezone.now())
    sent = 0
    reports = ProgressReport.objects.exclude(
        status__in=[ReportStatus.SUBMITTED, ReportStatus.ENDORSED]
    ).select_related(
        "pilot__organisation", "pilot__province", "pilot__programme__reporting_schedule"
    )
    for report in reports.filter(due_on__lte=today + timedelta(days=60)):
        schedule = getattr(report.pilot.programme, "reporting_schedule", None)
        before = schedule.remind_days_before if schedule else 7
        kind = (
            "overdue"
            if report.due_on < today
            else "before"
            if report.due_on <= today + timedelta(days=before)
            else None
        )
        if kind is None:
            continue
        with transaction.atomic():
            _reminder, created = ReminderSent.objects.get_or_create(report=report, kind=kind)
            if not created:
                continue
            pilot = report.pilot
            if kind == "before":
                message = _("第%(n)d期进展报告将于%(d)s到期，请按时报送。") % {
                    "n": report.sequence,
                    "d": report.due_on.isoformat(),
                }
                notify(pilot.organisation, Role.APPLICANT, message)
            else:
                message = _("%(org)s 第%(n)d期进展报告已逾期（应于%(d)s报送）。") % {
                    "org": pilot.organisation.name,
                    "n": report.sequence,
                    "d": report.due_on.isoformat(),
                }
                notify(pilot.organisation, Role.APPLICANT, message)
                if pilot.province_id:
                    notify(pilot.province, Role.ENDORSER, message)
            sent += 1
    return sent


# ------------------------------------------------------------------ the plan


@transaction.atomic
def ensure_plan(pilot: Pilot) -> Plan:
    plan, created = Plan.objects.get_or_create(pilot=pilot)
    if created:
        PlanArea.objects.bulk_create(
            PlanArea(plan=plan, content_area=area)
            for area in pilot.programme.content_areas.order_by("order")
        )
    return plan


def _plan_snapshot(plan: Plan) -> dict:
    return {
        "summary": plan.summary,
        "areas": [
            {"area": a.content_area.title, "goals": a.goals, "measures": a.measures}
            for a in plan.areas.select_related("content_area")
        ],
        "indicators": [
            {
                "name": i.name,
                "unit": i.unit,
                "baseline": str(i.baseline or ""),
                "target": str(i.target),
            }
            for i in plan.indicators.all()
        ],
        "milestones": [
            {"title": m.title, "due_on": m.due_on.isoformat()} for m in plan.milestones.all()
        ],
    }


INDICATOR_FIELDS = ("content_area", "name", "unit", "baseline", "target")
MILESTONE_FIELDS = ("content_area", "title", "due_on")


@transaction.atomic
def save_plan(
    plan: Plan,
    *,
    summary: str,
    areas: dict[int, tuple[str, str]],
    indicators: list[dict],
    milestones: list[dict],
    by,
) -> Plan:
    """Keep the plan as written, with one audit row: the overall goal; per content area
    (``{PlanArea pk: (goals, measures)}``) its goals and measures; and the indicators and
    milestones as the full lists of rows to keep, in order, each a dict of the model's fields
    (``INDICATOR_FIELDS``, ``MILESTONE_FIELDS``) and ``pk`` (None for a new row). A saved row
    left out is deleted, unless a progress report holds a value for it (refused)."""
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("pilot__programme")
        .get(pk=plan.pk)
    )
    pilot = plan.pilot
    _applicant(by, pilot)
    if not plan.is_editable:
        raise Refused(_("试点方案已提交，等待审核，不能修改。"))
    plan_areas = {area.pk: area for area in plan.areas.all()}
    saved = {
        "indicators": {row.pk: row for row in plan.indicators.all()},
        "milestones": {row.pk: row for row in plan.milestones.all()},
    }
    rows = {"indicators": indicators, "milestones": milestones}
    # Rows of another plan, areas of another programme: a forged form, not a mistake.
    if not set(areas) <= set(plan_areas):
        raise PermissionDenied
    for key, kept in rows.items():
        for row in kept:
            area = row["content_area"]
            if row["pk"] is not None and row["pk"] not in saved[key]:
                raise PermissionDenied
            if area is not None and area.programme_id != pilot.programme_id:
                raise PermissionDenied
    late = [m["title"] for m in milestones if not pilot.starts_on <= m["due_on"] <= pilot.ends_on]
    if late:
        raise Refused(
            _("任务节点“%(t)s”的完成时限须在试点期内（%(a)s至%(b)s）。")
            % {"t": "、".join(late), "a": cn_date(pilot.starts_on), "b": cn_date(pilot.ends_on)}
        )
    doomed = {key: set(saved[key]) - {row["pk"] for row in rows[key]} for key in rows}
    reported = Indicator.objects.filter(pk__in=doomed["indicators"], values__isnull=False)
    if reported.exists():
        raise Refused(
            _("指标“%(n)s”已有进展报告数据，不能删除；可修改其名称或目标值。")
            % {"n": "、".join(reported.distinct().values_list("name", flat=True))}
        )

    plan.summary = summary.strip()
    plan.save(update_fields=["summary", "updated_at"])
    for pk, (goals, measures) in areas.items():
        area = plan_areas[pk]
        if (area.goals, area.measures) != (goals, measures):
            area.goals, area.measures = goals, measures
            area.save(update_fields=["goals", "measures"])
    Indicator.objects.filter(pk__in=doomed["indicators"]).delete()
    Milestone.objects.filter(pk__in=doomed["milestones"]).delete()
    for key, model, fields in (
        ("indicators", Indicator, INDICATOR_FIELDS),
        ("milestones", Milestone, MILESTONE_FIELDS),
    ):
        for order, row in enumerate(rows[key], start=1):
            item = saved[key][row["pk"]] if row["pk"] is not None else model(plan=plan)
            for name in fields:
                setattr(item, name, row[name])
            if model is Indicator:
                item.order = order
            item.save()
    record(
        Event.PLAN_SAVE,
        actor=by,
        obj=plan,
        changes={"indicators": len(indicators), "milestones": len(milestones)},
    )
    return plan


@transaction.atomic
def submit_plan(plan: Plan, *, by) -> PlanVersion:
    plan = Plan.objects.select_for_update(of=("self",)).select_related("pilot").get(pk=plan.pk)
    _applicant(by, plan.pilot)
    if not plan.is_editable:
        raise Refused(_("试点方案已提交，等待审核。"))
    problems = []
    if not plan.summary.strip():
        problems.append(_("请填写总体目标。"))
    for area in plan.areas.select_related("content_area"):
        if not area.goals.strip() or not area.measures.strip():
            problems.append(_("“%(a)s”的目标和措施都要填写。") % {"a": area.content_area.title})
    if not plan.indicators.exists():
        problems.append(_("请至少设置一个带目标值的指标。"))
    if not plan.milestones.exists():
        problems.append(_("请至少设置一个任务节点。"))
    if problems:
        raise Refused(problems)
    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        snapshot=_plan_snapshot(plan),
        submitted_at=timezone.now(),
        submitted_by=by,
    )
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status", "updated_at"])
    record(Event.PLAN_SUBMIT, actor=by, obj=plan, summary=f"v{number}")
    if plan.pilot.province_id:
        notify(
            plan.pilot.province,
            Role.ENDORSER,
            _("%(org)s 提交了试点方案，待审核。") % {"org": plan.pilot.organisation.name},
        )
    return version


@transaction.atomic
def review_plan(plan: Plan, *, accept: bool, comments: str, by) -> Plan:
    """The province accepts the submitted plan or returns it with comments."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("pilot").get(pk=plan.pk)
    _province(by, plan.pilot)
    if plan.status != PlanStatus.SUBMITTED:
        raise Refused(_("试点方案不在待审核状态。"))
    if not accept and not comments.strip():
        raise Refused(_("退回修改须写明意见。"))
    return _conclude_plan(
        plan, PlanStatus.ACCEPTED if accept else PlanStatus.RETURNED, comments, by
    )


@transaction.atomic
def ministry_return_plan(plan: Plan, comments: str, *, by) -> Plan:
    """The ministry may return an accepted plan with comments."""
    if not can_manage_programmes(by):
        raise PermissionDenied
    plan = Plan.objects.select_for_update(of=("self",)).select_related("pilot").get(pk=plan.pk)
    if plan.status not in (PlanStatus.SUBMITTED, PlanStatus.ACCEPTED):
        raise Refused(_("试点方案尚未提交。"))
    if not comments.strip():
        raise Refused(_("退回修改须写明意见。"))
    return _conclude_plan(plan, PlanStatus.RETURNED, comments, by)


def _conclude_plan(plan: Plan, status: PlanStatus, comments: str, by) -> Plan:
    version = plan.versions.order_by("-number").first()
    version.review_state, version.comments = status, comments.strip()
    version.reviewed_by, version.reviewed_at = by, timezone.now()
    version.save()
    plan.status = status
    plan.save(update_fields=["status", "updated_at"])
    record(
        Event.PLAN_REVIEW,
        actor=by,
        obj=plan,
        summary=comments[:300],
        changes={"status": [PlanStatus.SUBMITTED, status]},
    )
    if status == PlanStatus.RETURNED:
        notify(
            plan.pilot.organisation,
            Role.APPLICANT,
            _("试点方案被退回修改：%(c)s") % {"c": comments[:100]},
        )
    return plan


# ------------------------------------------------------------------ progress reports


def _open_report(report: ProgressReport, by, refusal: str) -> ProgressReport:
    """The report, locked, if ``by`` is its pilot's applicant and it is still a draft."""
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("pilot")
        .get(pk=report.pk)
    )
    _applicant(by, report.pilot)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise Refused(refusal)
    return report


@transaction.atomic
def save_report(
    report: ProgressReport, narrative: str, values: dict[int, tuple], *, by
) -> ProgressReport:
    """Keep a draft report: the narrative and, per indicator of the accepted plan, the actual
    value and a note."""
    report = _open_report(report, by, _("进展报告已提交，不能再修改。"))
    indicators = {i.pk: i for i in Indicator.objects.filter(plan__pilot=report.pilot)}
    for indicator_id, (actual, note) in values.items():
        if int(indicator_id) not in indicators:
            raise Refused(_("指标不属于本试点方案。"))
        if actual not in (None, ""):
            try:
                actual = Decimal(str(actual))
            except ArithmeticError as error:
                raise Refused(_("实际值须是数字。")) from error
        IndicatorValue.objects.update_or_create(
            report=report,
            indicator_id=int(indicator_id),
            defaults={"actual": actual if actual not in (None, "") else None, "note": note},
        )
    report.narrative = narrative
    report.save(update_fields=["narrative"])
    record(Event.REPORT_SAVE, actor=by, obj=report)
    return report


@transaction.atomic
def submit_report(report: ProgressReport, *, by) -> ProgressReport:
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("pilot__plan", "pilot__province", "pilot__organisation")
        .get(pk=report.pk)
    )
    pilot = report.pilot
    _applicant(by, pilot)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise Refused(_("进展报告已提交。"))
    if timezone.localdate() > pilot.ends_on:
        raise Refused(
            _("试点期已于%(d)s结束，不能再报送进展报告；请报送试点总结。")
            % {"d": pilot.ends_on.isoformat()}
        )
    plan = getattr(pilot, "plan", None)
    if plan is None or plan.status != PlanStatus.ACCEPTED:
        raise Refused(_("试点方案通过审核后才能报送进展报告。"))
    if not report.narrative.strip():
        raise Refused(_("请填写进展情况。"))
    reported = set(report.values.exclude(actual=None).values_list("indicator_id", flat=True))
    missing = plan.indicators.exclude(pk__in=reported)
    if missing.exists():
        raise Refused(
            _("以下指标尚未填写实际值：%(n)s。")
            % {"n": "、".join(missing.values_list("name", flat=True))}
        )
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at"])
    record(Event.REPORT_SUBMIT, actor=by, obj=report)
    if pilot.province_id:
        notify(
            pilot.province,
            Role.ENDORSER,
            _("%(org)s 报送了第%(n)d期进展报告，待审核。")
            % {"org": pilot.organisation.name, "n": report.sequence},
        )
    return report


@transaction.atomic
def review_report(report: ProgressReport, *, accept: bool, comments: str, by) -> ProgressReport:
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("pilot")
        .get(pk=report.pk)
    )
    _province(by, report.pilot)
    if report.status != ReportStatus.SUBMITTED:
        raise Refused(_("进展报告不在待审核状态。"))
    if not accept and not comments.strip():
        raise Refused(_("退回修改须写明意见。"))
    report.status = ReportStatus.ENDORSED if accept else ReportStatus.RETURNED
    report.review_comments = comments.strip()
    report.reviewed_by, report.reviewed_at = by, timezone.now()
    report.save(update_fields=["status", "review_comments", "reviewed_by", "reviewed_at"])
    record(Event.REPORT_REVIEW, actor=by, obj=report, changes={"status": report.status})
    return report


@transaction.atomic
def mark_milestones(report: ProgressReport, done: dict[int, date | None], *, by) -> int:
    """Record which of the plan's milestones are done (and when), as the report says:
    ``{milestone pk: done on, or None}``; milestones of another plan are ignored. One audit
    row if anything changed; how many changed."""
    report = _open_report(report, by, _("进展报告已提交，不能再修改。"))
    if any(day is not None and day > timezone.localdate() for day in done.values()):
        raise Refused(_("完成日期不能晚于今天。"))
    changed = {}
    for milestone in Milestone.objects.filter(plan__pilot=report.pilot, pk__in=list(done)):
        if milestone.done_on != done[milestone.pk]:
            milestone.done_on = done[milestone.pk]
            milestone.save(update_fields=["done_on"])
            changed[milestone.pk] = milestone.done_on.isoformat() if milestone.done_on else None
    if changed:
        record(Event.REPORT_SAVE, actor=by, obj=report, changes={"milestones": changed})
    return len(changed)


# ------------------------------------------------------------------ evidence


def _attach_evidence(
    pilot: Pilot, uploads: list, *, by, report=None, supervision=None, follow_up: bool = False
):
    """Evidence files of a report or a supervision record, each with its audit row; every
    file is accepted by its content (PDF, DOCX, XLSX, JPG, PNG) before any is stored, and
    all are stored before the audit rows (which hold the chain's lock until commit).
    Callers hold the transaction and have checked who may attach."""
    types = [check_upload(upload) for upload in uploads]
    attached = [
        Evidence.objects.create(
            pilot=pilot,
            report=report,
            supervision=supervision,
            follow_up=follow_up,
            file=upload,
            original_name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
        )
        for upload, content_type in zip(uploads, types, strict=True)
    ]
    for evidence in attached:
        record(
            Event.ATTACHMENT_UPLOAD,
            actor=by,
            obj=report or supervision,
            summary=evidence.original_name,
            changes={"evidence": evidence.pk, "size": evidence.size},
        )
    return attached


@transaction.atomic
def add_evidence(report: ProgressReport, upload, *, by) -> Evidence:
    """A file backing a draft report, by its pilot's applicant."""
    report = _open_report(report, by, _("进展报告已提交，不能再修改佐证材料。"))
    [evidence] = _attach_evidence(report.pilot, [upload], by=by, report=report)
    return evidence


@transaction.atomic
def remove_evidence(evidence: Evidence, *, by) -> None:
    """A file of a draft report, removed by its pilot's applicant; the stored file goes once
    the removal is committed."""
    if evidence.report_id is None:
        raise PermissionDenied
    report = _open_report(evidence.report, by, _("进展报告已提交，不能再修改佐证材料。"))
    evidence = Evidence.objects.filter(pk=evidence.pk, report=report).first()
    if evidence is None:
        raise Refused(_("该佐证材料已删除。"))
    name, storage, stored = evidence.original_name, evidence.file.storage, evidence.file.name
    evidence.delete()
    record(Event.ATTACHMENT_DELETE, actor=by, obj=report, summary=name)
    transaction.on_commit(lambda: storage.delete(stored))


# ------------------------------------------------------------------ supervision


@transaction.atomic
def record_supervision(
    pilot: Pilot,
    *,
    by,
    kind: str,
    held_on: date,
    participants: str,
    findings: str,
    follow_ups: str = "",
    follow_up_by: date | None = None,
    files: list | tuple = (),
) -> Supervision:
    """The ministry, or the pilot's province, records guidance, an inspection or an
    experience-exchange meeting, with its evidence ``files``: all or nothing."""
    if not (can_manage_programmes(by) or is_pilot_province(by, pilot)):
        raise PermissionDenied
    if not participants.strip() or not findings.strip():
        raise Refused(_("请填写参加人员和发现问题与评价。"))
    if held_on > timezone.localdate():
        raise Refused(_("督导日期不能晚于今天。"))
    supervision = Supervision.objects.create(
        pilot=pilot,
        kind=kind,
        held_on=held_on,
        participants=participants.strip(),
        findings=findings.strip(),
        follow_ups=follow_ups.strip(),
        follow_up_by=follow_up_by,
        recorded_by=by,
        organisation=by.organisation,
    )
    _attach_evidence(pilot, list(files), by=by, supervision=supervision)
    record(Event.SUPERVISION_RECORD, actor=by, obj=supervision, summary=findings[:300])
    notify(
        pilot.organisation,
        Role.APPLICANT,
        _("%(org)s 记录了对本试点的%(k)s。")
        % {"org": by.organisation.name, "k": supervision.get_kind_display()},
    )
    return supervision


def may_close_follow_up(user, supervision: Supervision) -> bool:
    """The body that recorded the supervision closes its follow-up: the ministry's programme
    officers for the ministry's records, the pilot's province for its own."""
    pilot = supervision.pilot
    return user.organisation_id == supervision.organisation_id and (
        can_manage_programmes(user) or is_pilot_province(user, pilot)
    )


def _open_follow_up(supervision: Supervision) -> Supervision:
    supervision = (
        Supervision.objects.select_for_update(of=("self",))
        .select_related("pilot__organisation", "pilot__province", "organisation")
        .get(pk=supervision.pk)
    )
    if not supervision.follow_ups:
        raise Refused(_("该督导记录没有整改要求。"))
    if supervision.closed_at is not None:
        raise Refused(_("该督导记录的整改已确认完成。"))
    return supervision


@transaction.atomic
def report_follow_up(supervision: Supervision, text: str, *, by, files: list | tuple = ()):
    """The pilot reports what it corrected (整改情况), with evidence files if it has them
    (checked by content, all or nothing); it may report again until the follow-up is
    closed. The recording body is told."""
    supervision = _open_follow_up(supervision)
    pilot = supervision.pilot
    _applicant(by, pilot)
    if not text.strip():
        raise Refused(_("请填写整改情况。"))
    supervision.follow_up_report = text.strip()
    supervision.follow_up_reported_at = timezone.now()
    supervision.follow_up_reported_by = by
    supervision.save(
        update_fields=["follow_up_report", "follow_up_reported_at", "follow_up_reported_by"]
    )
    _attach_evidence(pilot, list(files), by=by, supervision=supervision, follow_up=True)
    record(
        Event.FOLLOW_UP_REPORT,
        actor=by,
        obj=supervision,
        summary=text.strip()[:300],
        changes={"follow_up_report": text.strip()},
    )
    role = Role.OFFICER if supervision.organisation.tier == Tier.MINISTRY else Role.ENDORSER
    notify(
        supervision.organisation,
        role,
        _("%(org)s 报告了%(d)s%(k)s的整改情况，请确认。")
        % {
            "org": pilot.organisation.name,
            "d": cn_date(supervision.held_on),
            "k": supervision.get_kind_display(),
        },
    )
    return supervision


@transaction.atomic
def close_follow_up(supervision: Supervision, *, by) -> Supervision:
    """The recording body confirms the follow-up done (整改完成); it is chased no more."""
    supervision = _open_follow_up(supervision)
    if not may_close_follow_up(by, supervision):
        raise PermissionDenied
    supervision.closed_at, supervision.closed_by = timezone.now(), by
    supervision.save(update_fields=["closed_at", "closed_by"])
    record(
        Event.FOLLOW_UP_CLOSE,
        actor=by,
        obj=supervision,
        summary=supervision.pilot.organisation.name,
        changes={"closed_at": supervision.closed_at.isoformat()},
    )
    notify(
        supervision.pilot.organisation,
        Role.APPLICANT,
        _("%(org)s 已确认%(d)s%(k)s的整改完成。")
        % {
            "org": supervision.organisation.name,
            "d": cn_date(supervision.held_on),
            "k": supervision.get_kind_display(),
        },
    )
    return supervision


# ------------------------------------------------------------------ summaries


@transaction.atomic
def submit_summary(pilot: Pilot, text: str, *, by) -> Summary:
    _applicant(by, pilot)
    if timezone.now() >= pilot.programme.summary_deadline:
        raise Refused(_("已过试点总结截止时间。"))
    if not text.strip():
        raise Refused(_("请填写试点总结。"))
    summary, _created = Summary.objects.select_for_update().get_or_create(
        pilot=pilot, defaults={"text": text}
    )
    if summary.status not in (SummaryStatus.DRAFT, SummaryStatus.RETURNED):
        raise Refused(_("试点总结已提交。"))
    summary.text = text.strip()
    summary.status = SummaryStatus.SUBMITTED
    summary.submitted_at = timezone.now()
    summary.save()
    record(Event.SUMMARY_SUBMIT, actor=by, obj=summary)
    if pilot.province_id:
        notify(
            pilot.province,
            Role.ENDORSER,
            _("%(org)s 报送了试点总结，待审核。") % {"org": pilot.organisation.name},
        )
    return summary


@transaction.atomic
def review_summary(summary: Summary, *, accept: bool, opinion: str, by) -> Summary:
    summary = (
        Summary.objects.select_for_update(of=("self",)).select_related("pilot").get(pk=summary.pk)
    )
    _province(by, summary.pilot)
    if summary.status != SummaryStatus.SUBMITTED:
        raise Refused(_("试点总结不在待审核状态。"))
    if not opinion.strip():
        raise Refused(_("请填写省级意见。"))
    summary.status = SummaryStatus.ENDORSED if accept else SummaryStatus.RETURNED
    summary.province_opinion = opinion.strip()
    summary.endorsed_by, summary.endorsed_at = by, timezone.now()
    summary.save()
    record(Event.SUMMARY_REVIEW, actor=by, obj=summary, changes={"status": summary.status})
    return summary


def provincial_figures(programme: Programme, province) -> list[dict]:
    """Per indicator (by name and unit) across the province's pilots: the sum of targets and
    the sum of the latest reported actual values, and how many pilots report it."""
    pilots = Pilot.objects.filter(programme=programme, province=province)
    latest = {}
    values = (
        IndicatorValue.objects.filter(
            report__pilot__in=pilots,
            actual__isnull=False,
            report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ENDORSED],
        )
        .order_by("report__sequence")
        .values_list("indicator_id", "actual")
    )
    for indicator_id, actual in values:
        latest[indicator_id] = actual  # later reports overwrite earlier ones
    figures: dict[tuple[str, str], dict] = {}
    for indicator in Indicator.objects.filter(plan__pilot__in=pilots).order_by("name"):
        key = (indicator.name, indicator.unit)
        row = figures.setdefault(
            key,
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "pilots": 0,
                "target": Decimal(0),
                "actual": Decimal(0),
            },
        )
        row["pilots"] += 1
        row["target"] += indicator.target
        row["actual"] += latest.get(indicator.pk, Decimal(0))
    return [
        {**row, "target": str(row["target"]), "actual": str(row["actual"])}
        for row in figures.values()
    ]


@transaction.atomic
def submit_provincial_summary(
    programme: Programme, province, text: str, *, by
) -> ProvincialSummary:
    if not by.has_role(Role.ENDORSER) or by.organisation_id != province.pk:
        raise PermissionDenied
    if not text.strip():
        raise Refused(_("请填写省级总结。"))
    if ProvincialSummary.objects.filter(programme=programme, province=province).exists():
        raise Refused(_("省级总结已报送。"))
    pending = Pilot.objects.filter(programme=programme, province=province).exclude(
        summary__status=SummaryStatus.ENDORSED
    )
    if pending.exists():
        raise Refused(
            _("还有试点的总结未经省级审核：%(n)s。")
            % {"n": "、".join(pending.values_list("organisation__name", flat=True))}
        )
    summary = ProvincialSummary.objects.create(
        programme=programme,
        province=province,
        text=text.strip(),
        figures=provincial_figures(programme, province),
        submitted_at=timezone.now(),
        submitted_by=by,
    )
    record(Event.PROVINCIAL_SUMMARY, actor=by, obj=summary)
    return summary


# ------------------------------------------------------------------ evaluation and titles


def check_evaluation_open(programme: Programme) -> None:
    if timezone.now() < programme.summary_deadline:
        raise Refused(_("试点总结截止后才能开始综合评估。"))


@transaction.atomic
def grant_title(pilot: Pilot, *, by) -> Designation:
    if not can_manage_programmes(by):
        raise PermissionDenied
    pilot = (
        Pilot.objects.select_for_update(of=("self",))
        .select_related("programme", "category", "organisation")
        .get(pk=pilot.pk)
    )
    check_evaluation_open(pilot.programme)
    summary = Summary.objects.filter(pilot=pilot).first()
    if summary is None or summary.status != SummaryStatus.ENDORSED:
        raise Refused(
            _("%(org)s 未报送经省级审核的试点总结，不能授予示范称号。")
            % {"org": pilot.organisation.name}
        )
    if Designation.objects.filter(pilot=pilot).exists():
        raise Refused(_("该试点已被授予示范称号。"))
    programme = pilot.programme
    title = (
        programme.region_outcome_title
        if pilot.category.kind == ApplicantKind.REGION
        else programme.unit_outcome_title
    )
    if not title:
        raise Refused(_("试点项目没有设定示范称号。"))
    year = timezone.localdate().year
    # Certificate serials count the programme's titles: grants in one programme take turns on
    # the programme's row, so two at once never draw the same number.
    Programme.objects.select_for_update().filter(pk=programme.pk).exists()
    serial = Designation.objects.filter(pilot__programme=programme).count() + 1
    designation = Designation.objects.create(
        pilot=pilot,
        title=title,
        granted_by=by,
        granted_at=timezone.now(),
        certificate_number=f"{programme.pk:03d}-{year}-{serial:04d}",
    )
    record(Event.TITLE_GRANT, actor=by, obj=designation, summary=title)
    notify(pilot.organisation, Role.APPLICANT, _("贵单位被授予“%(t)s”称号。") % {"t": title})
    return designation


@transaction.atomic
def publish_demonstrations(programme: Programme, *, by, title: str = "", preface: str = ""):
    """The demonstration list (示范名单) on the portal: every pilot granted a title."""
    from portal.actions import publish_list_notice
    from reviews.models import ListEntry, ListKind, ListStatus, PublishedList

    if not can_manage_programmes(by):
        raise PermissionDenied
    designations = list(
        Designation.objects.filter(pilot__programme=programme).select_related("pilot")
    )
    if not designations:
        raise Refused(_("还没有授予示范称号的试点。"))
    published, _created = PublishedList.objects.select_for_update().get_or_create(
        programme=programme,
        kind=ListKind.DEMONSTRATION,
        defaults={"title": title or _("%(p)s示范地区和示范单位名单") % {"p": programme.name}},
    )
    if published.status == ListStatus.FINAL:
        raise Refused(_("示范名单已经公布。"))
    published.preface = preface or published.preface
    published.status = ListStatus.FINAL
    published.published_at = timezone.now()
    published.save()
    ListEntry.objects.bulk_create(
        ListEntry(published_list=published, application_id=d.pilot.application_id, title=d.title)
        for d in designations
    )
    published.final_notice = publish_list_notice(published, publicity=False)
    published.save(update_fields=["final_notice"])
    from programmes.actions import move_programme
    from programmes.models import Status as ProgrammeStatus

    programme.refresh_from_db(fields=["status"])
    if programme.status == ProgrammeStatus.RUNNING:
        move_programme(programme, ProgrammeStatus.SUMMARISING, by=by)
        programme.refresh_from_db(fields=["status"])
    if programme.status == ProgrammeStatus.SUMMARISING:
        move_programme(programme, ProgrammeStatus.EVALUATED, by=by)
    record(Event.LIST_PUBLISH, actor=by, obj=published, changes={"entries": len(designations)})
    return published
