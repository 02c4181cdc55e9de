"""督导: the ministry's programme officers, or the pilot's provincial-level body, record
guidance, an inspection or an experience-exchange meeting with one pilot: the date, who took
part, the findings, the corrections required and by when, and evidence files
(``actions.record_supervision``, all or nothing; the files become ``Evidence`` rows of the
record, as a report's do). The records are listed here and on the pilot's own page, which
the pilot reads.

This is administrative supervision (督查) by civil affairs departments, not the professional
supervision of social workers, which pilots report as an indicator (DOMAIN.md).

The follow-up of a record with 整改要求: the pilot reports what it corrected (``follow_up``,
整改情况 with optional files, on the pilot's page), and the body that recorded it confirms it
done (``close_follow_up``, 整改完成, from the pilot's page or this one); a closed follow-up,
or one of a pilot whose period has ended, is not chased as overdue.

Access: 404 when the user cannot see the pilot; 403, saying why, for those who see it but
may not record, report or close (the pilot itself, a prefecture on its chain, another body
than the recording one).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.actions import Refused
from desk.flash import flash_done, flash_refused
from pilots import actions
from pilots.forms_oversight import FollowUpForm, SupervisionForm, mark_errors
from pilots.models import Pilot, Supervision
from pilots.views import pilot as pilot_views
from pilots.views.review import evidence_links, forbidden, load_pilot
from programmes.permissions import can_manage_programmes


def may_supervise(user, pilot: Pilot) -> bool:
    return can_manage_programmes(user) or actions.is_pilot_province(user, pilot)


def _back(user, pilot: Pilot) -> tuple[str, str]:
    """Where the recorder came from: the ministry's page or the province's overview."""
    if can_manage_programmes(user):
        return reverse("pilots:ministry", args=[pilot.programme_id]), _("试点管理")
    return reverse("pilots:province", args=[pilot.programme_id]), _("本省试点")


@login_required
def supervise(request, pk: int):
    pilot = load_pilot(request, pk)
    if not may_supervise(request.user, pilot):
        return forbidden(
            request,
            _("督导记录由民政部或试点所在省级民政部门填写。"),
            pilot=pilot,
        )
    form = SupervisionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                data = form.cleaned_data
                supervision = actions.record_supervision(
                    pilot,
                    by=request.user,
                    kind=data["kind"],
                    held_on=data["held_on"],
                    participants=data["participants"],
                    findings=data["findings"],
                    follow_ups=data["follow_ups"],
                    follow_up_by=data["follow_up_by"],
                    files=data["files"],
                )
            except Refused as error:
                form.add_error(None, error.messages)
            else:
                flash_done(
                    request,
                    _("已记录对%(org)s的%(kind)s，试点单位可在试点页面查看")
                    % {"org": pilot.organisation.name, "kind": supervision.get_kind_display()},
                )
                return redirect("pilots:supervise", pk=pilot.pk)
        mark_errors(form)
    ended = pilot_views.period_of(pilot, timezone.localdate()).state == "ended"
    records = []
    for record in pilot.supervisions.select_related("recorded_by", "organisation").prefetch_related(
        "files"
    ):
        record.pilot = pilot
        is_open = bool(record.follow_ups) and record.closed_at is None
        files = list(record.files.all())
        records.append(
            {
                "record": record,
                "files": evidence_links(f for f in files if not f.follow_up),
                "follow_up_files": evidence_links(f for f in files if f.follow_up),
                "chased": is_open and record.follow_up_by is not None and not ended,
                "can_close": is_open and actions.may_close_follow_up(request.user, record),
            }
        )
    context = {
        "pilot": pilot,
        "form": form,
        "records": records,
        "detail_url": reverse("pilots:detail", args=[pilot.pk]),
        "back": _back(request.user, pilot),
    }
    return render(request, "pilots/supervision_record.html", context)


# ------------------------------------------------------------------ the follow-up


def load_supervision(request, pk: int) -> Supervision:
    """A supervision record of a pilot the user may see; 404 otherwise."""
    return get_object_or_404(
        Supervision.objects.select_related("pilot__programme", "pilot__organisation").filter(
            pilot__in=Pilot.objects.visible_to(request.user)
        ),
        pk=pk,
    )


def _record_url(supervision: Supervision) -> str:
    return pilot_views.pilot_url(supervision.pilot, f"supervision-{supervision.pk}")


@require_POST
@login_required
def follow_up(request, pk: int):
    """整改情况: the pilot's applicant reports what it corrected, with optional files."""
    supervision = load_supervision(request, pk)
    pilot = supervision.pilot
    if not actions.is_pilot_applicant(request.user, pilot):
        return forbidden(request, _("整改情况由试点单位本单位的申报人报告。"), pilot=pilot)
    form = FollowUpForm(request.POST, request.FILES, supervision=supervision)
    if form.is_valid():
        try:
            data = form.cleaned_data
            actions.report_follow_up(
                supervision, data["text"], by=request.user, files=data["files"]
            )
        except Refused as error:
            supervision.refresh_from_db()
            if supervision.closed_at is not None or not supervision.follow_ups:
                # Nothing left to report on: said above the record, no form to refill.
                flash_refused(request, error)
                return redirect(_record_url(supervision))
            form.add_error(None, error.messages)
        else:
            flash_done(
                request,
                _("已报告整改情况，待%(org)s确认整改完成") % {"org": supervision.organisation.name},
            )
            return redirect(_record_url(supervision))
    mark_errors(form)
    # The pilot's page again, with what was typed and why it was refused.
    pilot = pilot_views.load_pilot(request, pilot.pk)
    context = pilot_views.detail_context(request, pilot)
    for item in context["supervisions"]:
        if item.record.pk == supervision.pk:
            item.form = form
    return render(request, "pilots/pilot_detail.html", context, status=400)


@require_POST
@login_required
def close_follow_up(request, pk: int):
    """整改完成: the body that recorded the supervision confirms its follow-up done."""
    supervision = load_supervision(request, pk)
    pilot = supervision.pilot
    if not actions.may_close_follow_up(request.user, supervision):
        return forbidden(
            request,
            _("整改完成由记录该督导的民政部或省级民政部门确认。"),
            pilot=pilot,
        )
    try:
        actions.close_follow_up(supervision, by=request.user)
    except Refused as error:
        flash_refused(request, error)
    else:
        flash_done(
            request,
            _("已确认%(org)s的整改完成，试点单位可在试点页面查看")
            % {"org": pilot.organisation.name},
        )
    if request.POST.get("back") == "supervise":
        return redirect(f"{reverse('pilots:supervise', args=[pilot.pk])}#supervision-{pk}")
    return redirect(_record_url(supervision))
