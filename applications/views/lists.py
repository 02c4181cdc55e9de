"""我的申报 and 待审核: an applicant's own applications and what it may apply to, and the
applications in an endorser's or officer's part of the tree."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from applications.forms import SORTS, ListFilterForm
from applications.models import Application, EndorsementStep, StepState
from applications.permissions import can_select
from programmes.chain import check_eligible
from programmes.models import ApplicantCategory, Programme

PAGE_SIZE = 50


@dataclass
class Offer:
    """A category the applicant's organisation may (or may not) apply to now."""

    category: ApplicantCategory
    reason: str = ""  # why not, when not eligible
    existing: Application | None = None


def _current_steps():
    return Prefetch(
        "steps",
        queryset=EndorsementStep.objects.filter(state=StepState.CURRENT).select_related(
            "organisation"
        ),
        to_attr="current_steps",
    )


def _applicant_context(user) -> dict:
    organisation = user.organisation
    mine = list(
        Application.objects.filter(organisation=organisation)
        .select_related("programme", "category")
        .prefetch_related(_current_steps())
        .order_by("-created_at")
    )
    by_category: dict[int, list[Application]] = {}
    for application in mine:
        by_category.setdefault(application.category_id, []).append(application)
    programmes = list(
        Programme.objects.open_on(timezone.now())
        .prefetch_related("categories")
        .order_by("application_deadline", "pk")
    )
    offers = []
    for programme in programmes:
        rows = []
        for category in programme.categories.all():
            offer = Offer(category)
            try:
                check_eligible(category, organisation)
            except ValidationError as e:
                offer.reason = " ".join(e.messages)
            taken = by_category.get(category.pk, [])
            if len(taken) >= category.max_per_organisation:
                offer.existing = taken[0]
            rows.append(offer)
        offers.append((programme, rows))
    return {"mine": mine, "offers": offers}


def _scope_queryset(request, *, awaiting: bool):
    user = request.user
    programmes = list(
        Programme.objects.visible_to(user).published().values_list("pk", "name").order_by("-pk")
    )
    filters = ListFilterForm(request.GET or None, programmes=programmes)
    chosen = filters.filters()
    qs = Application.objects.visible_to(user)
    if awaiting:
        qs = qs.awaiting(user.organisation)
    if chosen.get("q"):
        qs = qs.filter(organisation__name__icontains=chosen["q"])
    if chosen.get("programme"):
        qs = qs.filter(programme_id=chosen["programme"])
    if chosen.get("status"):
        qs = qs.filter(status=chosen["status"])
    order = SORTS.get(chosen.get("sort") or "submitted")
    if awaiting and not chosen.get("sort"):
        order = ("status_changed_at", "pk")  # the one waiting longest first
    qs = (
        qs.select_related("programme", "category", "organisation__region")
        .prefetch_related(_current_steps())
        .order_by(*order)
    )
    return filters, qs


def _selections(user) -> list[Programme]:
    """For a provincial-level body: the programmes open for applications whose selection
    (遴选报送民政部) it has not yet submitted, so that it can set its internal deadline and
    follow its counties before the first application reaches it."""
    if not can_select(user, user.organisation):
        return []
    return list(
        Programme.objects.open_on(timezone.now())
        .exclude(batches__province_id=user.organisation_id)
        .order_by("application_deadline", "pk")
        .only("pk", "name", "document_number", "application_deadline")
    )


def _list(request, *, awaiting: bool):
    user = request.user
    context = {
        "awaiting": awaiting,
        "is_applicant": False,
        "is_endorser": False,
        "perms_endorse": user.has_role(Role.ENDORSER),
    }
    if user.has_role(Role.APPLICANT) and user.organisation_id and not awaiting:
        context["is_applicant"] = True
        context.update(_applicant_context(user))
    if user.has_role(Role.ENDORSER, Role.OFFICER) and user.organisation_id:
        context["is_endorser"] = True
        filters, qs = _scope_queryset(request, awaiting=awaiting)
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(filters=filters, page=page, selections=_selections(user))
    elif awaiting:
        raise PermissionDenied
    return render(request, "applications/application_list.html", context)


@login_required
def application_list(request):
    """我的申报 (an applicant's own applications and what it may apply to) and, for endorsers
    and officers, the applications in their part of the tree."""
    return _list(request, awaiting=False)


@login_required
def awaiting_list(request):
    """待审核: the applications whose current step is the endorser's organisation."""
    return _list(request, awaiting=True)
