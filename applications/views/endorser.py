"""The endorsers' opinions: recommend to the next level, return for revision, or decline."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from applications.actions import Opinion, Refused, decline, recommend, return_for_revision
from applications.forms import OpinionForm, ReasonsForm
from applications.models import Application, EndorsementStep, Status, StepState
from applications.permissions import can_endorse
from applications.views.common import forbidden, load_application
from applications.views.detail import REASON_LABELS, detail_context
from desk.flash import flash_done, flash_refused


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
        return forbidden(request, application, _why_not_endorse(request.user, application, steps))
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
        context = detail_context(request, application, **bound)
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
        flash_refused(request, e)
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
    flash_done(request, what)
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
