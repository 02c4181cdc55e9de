"""督导: the ministry's programme officers, or the pilot's provincial-level body, record
guidance, an inspection or an experience-exchange meeting with one pilot: the date, who took
part, the findings, the corrections required and by when, and evidence files
(``actions.record_supervision``, all or nothing; the files become ``Evidence`` rows of the
record, as a report's do). The records are listed here and on the pilot's own page, which
the pilot reads.

This is administrative supervision (督查) by civil affairs departments, not the professional
supervision of social workers, which pilots report as an indicator (DOMAIN.md).

Access: 404 when the user cannot see the pilot; 403, saying why, for those who see it but
may not record (the pilot itself, a prefecture on its chain).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.actions import Refused
from desk.flash import flash_done
from pilots import actions
from pilots.forms_oversight import SupervisionForm, mark_errors
from pilots.models import Pilot
from pilots.views.review import evidence_links, forbidden, load_pilot, optional_url
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
    records = [
        (s, evidence_links(s.files.all()))
        for s in pilot.supervisions.select_related("recorded_by", "organisation").prefetch_related(
            "files"
        )
    ]
    context = {
        "pilot": pilot,
        "form": form,
        "records": records,
        "detail_url": optional_url("pilots:detail", pilot.pk),
        "back": _back(request.user, pilot),
    }
    return render(request, "pilots/supervision_record.html", context)
