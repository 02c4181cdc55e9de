"""The pilot's summary report (试点总结): written and submitted by the pilot before the
programme's summary deadline, then endorsed by its province (another module's page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.actions import Refused
from desk.flash import flash_done, flash_refused
from pilots.actions import is_pilot_applicant, submit_summary
from pilots.forms_pilot import SummaryForm
from pilots.views.pilot import OPEN_SUMMARY, load_pilot, not_applicant, pilot_url


@login_required
def summary_edit(request, pk: int):
    pilot = load_pilot(request, pk)
    if not is_pilot_applicant(request.user, pilot):
        return not_applicant(request, pilot)
    summary = getattr(pilot, "summary", None)
    if summary is not None and summary.status not in OPEN_SUMMARY:
        messages.info(
            request, _("试点总结%(s)s，不能再修改。") % {"s": summary.get_status_display()}
        )
        return redirect(pilot_url(pilot, "summary"))
    deadline = pilot.programme.summary_deadline
    if request.method == "POST":
        form = SummaryForm(request.POST)
        if form.is_valid():
            try:
                submit_summary(pilot, form.cleaned_data["text"], by=request.user)
            except Refused as error:
                flash_refused(request, error)
            else:
                where = pilot.province.name if pilot.province else _("省级民政部门")
                flash_done(request, _("试点总结已提交至%(org)s审核") % {"org": where})
                return redirect(pilot_url(pilot, "summary"))
    else:
        form = SummaryForm(initial={"text": summary.text if summary else ""})
    return render(
        request,
        "pilots/summary_edit.html",
        {
            "pilot": pilot,
            "programme": pilot.programme,
            "summary": summary,
            "form": form,
            "deadline": deadline,
            "closed": timezone.now() >= deadline,
        },
    )
