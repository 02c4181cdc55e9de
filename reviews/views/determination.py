"""Determination (确定) and the list (名单).

The page ``determination`` (programme) shows, in order of the work:
1. whether every eligibility check is done (determining waits for it);
2. the eligible applications ranked by their average score (``scoring.rank``: equal averages
   share a rank), then the ineligible ones, each with its result and a tick for the bulk
   decision; one application at a time on ``decide``;
3. the list: start the 公示 (title, preface, period, seven days by default), the objections
   received with an answer form each, and the final publication.

A decision can change until the list is published; the 公示 and the publication cannot be
undone, so their forms say what will happen and ask for a confirmation tick first.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from applications.actions import Refused
from desk.flash import flash_done, flash_refused
from desk.templatetags.shidian import cn_datetime
from lib.dates import period_end
from programmes.models import Programme
from reviews import actions, scoring
from reviews.forms_inbox import (
    AnswerForm,
    DecisionForm,
    PickForm,
    PublicityForm,
    PublishForm,
)
from reviews.listing import grouped
from reviews.models import (
    Assessment,
    Decision,
    Eligibility,
    ListKind,
    ListStatus,
    Objection,
    PublishedList,
)
from reviews.views import load_programme, officer_only


def _url(programme: Programme, anchor: str = "") -> str:
    url = reverse("reviews:determination", args=[programme.pk])
    return f"{url}#{anchor}" if anchor else url


def _assessments(programme: Programme) -> list[Assessment]:
    return list(
        Assessment.objects.filter(application__programme=programme).select_related(
            "application__organisation__region",
            "application__province__region",
            "application__category",
            "application__batch_item",
            "decided_by",
        )
    )


def _province_key(assessment: Assessment) -> tuple:
    application = assessment.application
    province = application.province
    item = getattr(application, "batch_item", None)
    return (
        (province.region.code if province.region_id else "999999") if province else "999999",
        province.kind if province else "",
        item.rank if item else 999,
        application.organisation.name,
    )


def _ranked(assessments: list[Assessment]) -> list[Assessment]:
    """The eligible, by rank (ties share it; unscored last, unranked), then by province."""
    ranks = scoring.rank({a.pk: a.average_score for a in assessments})
    for assessment in assessments:
        assessment.rank = ranks[assessment.pk]
    return sorted(assessments, key=lambda a: (a.rank is None, a.rank or 0, *_province_key(a)))


def _page(
    request,
    programme: Programme,
    *,
    decision_form: DecisionForm | None = None,
    publicity_form: PublicityForm | None = None,
    publish_form: PublishForm | None = None,
):
    assessments = _assessments(programme)
    eligible = _ranked([a for a in assessments if a.eligibility == Eligibility.ELIGIBLE])
    ineligible = sorted(
        (a for a in assessments if a.eligibility == Eligibility.INELIGIBLE), key=_province_key
    )
    unchecked = [
        a for a in assessments if a.eligibility in (Eligibility.PENDING, Eligibility.CORRECTION)
    ]
    selected = sorted(
        (a for a in assessments if a.decision == Decision.SELECTED), key=_province_key
    )
    published_list = (
        PublishedList.objects.filter(programme=programme, kind=ListKind.PILOTS)
        .select_related("publicity_notice", "final_notice")
        .first()
    )
    objections = []
    if published_list is not None:
        objections = list(
            published_list.objections.select_related(
                "entry__application__organisation", "answered_by"
            ).order_by("lodged_at", "pk")
        )
    status = published_list.status if published_list else ListStatus.DRAFT
    now = timezone.now()
    today = timezone.localdate(now)
    context = {
        "programme": programme,
        "tab": "determination",
        "assessments": assessments,
        "eligible": eligible,
        "ineligible": ineligible,
        "unchecked": unchecked,
        "pending_count": sum(1 for a in unchecked if a.eligibility == Eligibility.PENDING),
        "correction_count": sum(1 for a in unchecked if a.eligibility == Eligibility.CORRECTION),
        "selected": selected,
        "undecided_count": sum(1 for a in assessments if a.decision == Decision.UNDECIDED),
        "not_selected_count": sum(1 for a in assessments if a.decision == Decision.NOT_SELECTED),
        "published_list": published_list,
        "list_status": status,
        "is_final": status == ListStatus.FINAL,
        "in_publicity": status == ListStatus.PUBLICITY,
        "publicity_running": published_list is not None and published_list.publicity_open(now),
        "publicity_ended": status == ListStatus.PUBLICITY
        and published_list.publicity_ends_at <= now,
        "groups": grouped(published_list) if status != ListStatus.DRAFT else [],
        "objections": objections,
        "open_objections": sum(1 for o in objections if o.is_open),
        "pilot_starts": today,
        "pilot_ends": period_end(today, programme.pilot_months),
        "decision_form": decision_form or DecisionForm(),
        "publicity_form": publicity_form or PublicityForm(programme=programme),
        "publish_form": publish_form
        or PublishForm(programme=programme, publicised=status == ListStatus.PUBLICITY),
        "answer_form": AnswerForm(),
    }
    return render(request, "reviews/determination_page.html", context)


@require_safe
@login_required
def determination(request, pk: int):
    programme = load_programme(request, pk)
    return _page(request, programme)


@require_POST
@login_required
def decide_bulk(request, pk: int):
    """One result for every ticked application: all of them, or (one refused) none."""
    programme = load_programme(request, pk)
    ids = Assessment.objects.filter(application__programme=programme).values_list(
        "application_id", flat=True
    )
    picks = PickForm(list(ids), request.POST)
    form = DecisionForm(request.POST)
    if not picks.is_valid():
        for error in picks.errors["pick"]:
            messages.error(request, error)
        return redirect(_url(programme))
    if not form.is_valid():
        return _page(request, programme, decision_form=form)
    decision = Decision(form.cleaned_data["decision"])
    chosen = list(
        Assessment.objects.filter(application_id__in=picks.cleaned_data["pick"])
        .select_related("application__organisation", "application__programme")
        .order_by("pk")
    )
    try:
        with transaction.atomic():
            for assessment in chosen:
                actions.decide(
                    assessment.application,
                    decision,
                    form.cleaned_data["message"],
                    by=request.user,
                )
    except Refused as e:
        flash_refused(request, e)
        messages.error(request, _("未做任何更改。"))
    else:
        flash_done(
            request,
            _("已将%(n)d份申报确定为“%(d)s”") % {"n": len(chosen), "d": decision.label},
        )
    return redirect(_url(programme))


@login_required
def decide(request, pk: int):
    """The result of one application, with its message."""
    officer_only(request)
    assessment = get_object_or_404(
        Assessment.objects.select_related(
            "application__programme",
            "application__organisation__region",
            "application__province",
            "application__category",
            "decided_by",
            "checked_by",
        ),
        application_id=pk,
    )
    application = assessment.application
    programme = application.programme
    initial = {}
    if assessment.decision != Decision.UNDECIDED:
        initial = {"decision": assessment.decision, "message": assessment.decision_message}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        decision = Decision(form.cleaned_data["decision"])
        try:
            actions.decide(application, decision, form.cleaned_data["message"], by=request.user)
        except Refused as e:
            form.add_error(None, e)
        else:
            flash_done(
                request,
                _("已确定：%(org)s %(d)s")
                % {"org": application.organisation.name, "d": decision.label},
            )
            return redirect(_url(programme))
    return render(
        request,
        "reviews/determination_decide.html",
        {
            "programme": programme,
            "application": application,
            "assessment": assessment,
            "form": form,
            "is_final": PublishedList.objects.filter(
                programme=programme, kind=ListKind.PILOTS, status=ListStatus.FINAL
            ).exists(),
        },
    )


@require_POST
@login_required
def start_publicity(request, pk: int):
    programme = load_programme(request, pk)
    form = PublicityForm(request.POST)
    if not form.is_valid():
        return _page(request, programme, publicity_form=form)
    data = form.cleaned_data
    try:
        published_list = actions.start_publicity(
            programme,
            data["starts_at"],
            data["ends_at"],
            by=request.user,
            title=data["title"],
            preface=data["preface"],
        )
    except Refused as e:
        flash_refused(request, e)
        return redirect(_url(programme))
    flash_done(
        request,
        _("已开始公示：%(t)s，%(a)s至%(b)s（北京时间），已在门户网站发布")
        % {
            "t": published_list.title,
            "a": cn_datetime(published_list.publicity_starts_at),
            "b": cn_datetime(published_list.publicity_ends_at),
        },
    )
    return redirect(_url(programme, "list"))


@require_POST
@login_required
def answer_objection(request, pk: int):
    officer_only(request)
    objection = get_object_or_404(
        Objection.objects.select_related("published_list__programme"), pk=pk
    )
    programme = objection.published_list.programme
    form = AnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(
                    request, _("答复%(n)s的异议：%(e)s") % {"n": objection.name, "e": error}
                )
        return redirect(_url(programme, f"objection-{objection.pk}"))
    try:
        actions.answer_objection(objection, form.cleaned_data["answer"], by=request.user)
    except Refused as e:
        flash_refused(request, e)
    else:
        flash_done(request, _("已答复%(n)s提出的异议") % {"n": objection.name})
    return redirect(_url(programme, f"objection-{objection.pk}"))


@require_POST
@login_required
def publish(request, pk: int):
    programme = load_programme(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _page(request, programme, publish_form=form)
    try:
        published_list = actions.publish_final(
            programme,
            by=request.user,
            title=form.cleaned_data["title"],
            preface=form.cleaned_data["preface"],
        )
    except Refused as e:
        flash_refused(request, e)
        messages.error(request, _("名单未公布，未做任何更改。"))
        return redirect(_url(programme))
    flash_done(
        request,
        _("已公布名单：%(t)s，共%(n)d个试点，已通知各省级单位和申报单位")
        % {"t": published_list.title, "n": published_list.entries.count()},
    )
    return redirect(_url(programme))
