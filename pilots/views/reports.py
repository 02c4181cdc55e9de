"""The progress report editor: the narrative, per indicator of the plan the actual value beside
its target, the milestones done, evidence files; 保存草稿 and 提交.

Whatever is posted is saved as a draft first (``actions.save_report``, ``mark_milestones``),
so a refused upload or a refused submission loses nothing typed. Evidence is checked by
content (``actions.add_evidence``, through applications.uploads).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.actions import Refused
from desk.flash import flash_done
from pilots.actions import (
    add_evidence,
    is_pilot_applicant,
    mark_milestones,
    remove_evidence,
    save_report,
    submit_report,
)
from pilots.forms_pilot import ReportForm
from pilots.models import Evidence, Pilot, PlanStatus, ProgressReport
from pilots.views.pilot import OPEN_REPORT, not_applicant, pilot_url, plain
from shidian.files import serve_private_file

# ------------------------------------------------------------------ pages


def load_report(request, pk: int) -> ProgressReport:
    """The report if the user may see its pilot; 404 otherwise."""
    return get_object_or_404(
        ProgressReport.objects.select_related(
            "pilot__programme", "pilot__organisation", "pilot__province", "pilot__plan"
        ).filter(pilot__in=Pilot.objects.visible_to(request.user)),
        pk=pk,
    )


def _form(report: ProgressReport, plan, data=None, files=None) -> ReportForm:
    indicators = list(plan.indicators.all()) if plan else []
    milestones = list(plan.milestones.all()) if plan else []
    initial = {"narrative": report.narrative}
    for value in report.values.all():
        initial[f"actual_{value.indicator_id}"] = plain(value.actual)
        initial[f"note_{value.indicator_id}"] = value.note
    for milestone in milestones:
        initial[f"done_{milestone.pk}"] = milestone.done_on
    return ReportForm(data, files, initial=initial, indicators=indicators, milestones=milestones)


def _render(request, report, form, *, status: int = 200, **extra):
    pilot = report.pilot
    plan = getattr(pilot, "plan", None)
    today = timezone.localdate()
    rows = [
        {
            "indicator": i,
            "target": plain(i.target),
            "baseline": plain(i.baseline),
            "actual": a,
            "note": n,
        }
        for i, a, n in form.rows()
    ]
    context = {
        "pilot": pilot,
        "programme": pilot.programme,
        "report": report,
        "plan": plan,
        "form": form,
        "rows": rows,
        "milestone_rows": form.milestone_rows(),
        "files": list(report.files.order_by("uploaded_at", "pk")),
        "plan_accepted": plan is not None and plan.status == PlanStatus.ACCEPTED,
        "ended": today > pilot.ends_on,
        "upload_errors": extra.pop("upload_errors", []),
        **extra,
    }
    return render(request, "pilots/report_edit.html", context, status=status)


@login_required
def report_edit(request, pk: int):
    report = load_report(request, pk)
    pilot = report.pilot
    user = request.user
    if not is_pilot_applicant(user, pilot):
        return not_applicant(request, pilot)
    if report.status not in OPEN_REPORT:
        messages.info(
            request,
            _("第%(n)d期进展报告%(s)s，不能再修改。")
            % {"n": report.sequence, "s": report.get_status_display()},
        )
        return redirect(pilot_url(pilot, f"report-{report.sequence}"))
    plan = getattr(pilot, "plan", None)
    if request.method != "POST":
        return _render(request, report, _form(report, plan))

    action = request.POST.get("action", "save")
    form = _form(report, plan, request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, report, form, unsaved=True)
    try:
        save_report(report, form.cleaned_data["narrative"].strip(), form.values(), by=user)
        if form.milestones:
            mark_milestones(report, form.done_dates(), by=user)
    except Refused as error:
        return _render(request, report, form, unsaved=True, problems=error.messages)
    report.refresh_from_db()
    here = reverse("pilots:report", args=[report.pk])

    if action == "upload":
        upload = form.cleaned_data.get("evidence")
        if upload is None:
            return _render(
                request, report, form, saved=True, upload_errors=[_("请先选择要上传的文件。")]
            )
        try:
            add_evidence(report, upload, by=user)
        except Refused as error:
            errors = [f"{upload.name}：{m}" for m in error.messages]
            return _render(request, report, form, saved=True, upload_errors=errors)
        flash_done(request, _("已保存草稿并上传“%(name)s”") % {"name": upload.name})
        return redirect(f"{here}#evidence")

    if action.startswith("remove:"):
        pk = action.removeprefix("remove:")
        evidence = get_object_or_404(Evidence, pk=int(pk) if pk.isdigit() else 0, report=report)
        name = evidence.original_name
        try:
            remove_evidence(evidence, by=user)
        except Refused as error:  # removed meanwhile (another window, a double click)
            return _render(request, report, form, saved=True, upload_errors=error.messages)
        flash_done(request, _("已删除“%(name)s”") % {"name": name})
        return redirect(f"{here}#evidence")

    if action == "submit":
        try:
            submit_report(report, by=user)
        except Refused as error:
            return _render(
                request, report, _form(report, plan), saved=True, problems=error.messages
            )
        where = pilot.province.name if pilot.province else _("省级民政部门")
        flash_done(
            request,
            _("第%(n)d期进展报告已提交至%(org)s审核") % {"n": report.sequence, "org": where},
        )
        return redirect(pilot_url(pilot, f"report-{report.sequence}"))

    flash_done(request, _("第%(n)d期进展报告草稿已保存") % {"n": report.sequence})
    return redirect(here)


@login_required
def evidence_file(request, pk: int):
    """A file of a pilot the user may see (404 otherwise); every download audited."""
    item = get_object_or_404(
        Evidence.objects.select_related("pilot").filter(
            pilot__in=Pilot.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    return serve_private_file(
        request,
        item,
        summary=f"{item.pilot}：{item.original_name}",
        changes={"pilot": item.pilot_id, "size": item.size},
    )
