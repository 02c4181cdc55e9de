from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from organisations import actions
from organisations.forms import OrganisationForm, UnitForm
from organisations.models import Kind, Organisation
from organisations.permissions import (
    can_edit_organisation,
    can_register_unit,
    can_view_organisation,
)


def load_organisation(request, pk: int, *, for_edit: bool = False) -> Organisation:
    """404 when the user cannot see it, 403 when they can see but not change it."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("region", "parent", "supervisor"), pk=pk
    )
    if not can_view_organisation(request.user, organisation):
        raise Http404
    if for_edit and not can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    return organisation


@login_required
def organisation_list(request):
    organisations = (
        Organisation.objects.visible_to(request.user)
        .select_related("region", "parent")
        .in_official_order()
    )
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        organisations = organisations.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query)
            | Q(credit_code__icontains=query)
            | Q(region__code__startswith=query)
        )
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "page": page,
            "q": query,
            "kind": kind,
            "kinds": Kind.choices,
            "can_register": can_register_unit(request.user),
        },
    )


@login_required
def organisation_detail(request, pk: int):
    organisation = load_organisation(request, pk)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "chain": organisation.ancestors(),
            "can_edit": can_edit_organisation(request.user, organisation),
        },
    )


@login_required
def organisation_edit(request, pk: int):
    organisation = load_organisation(request, pk, for_edit=True)
    before = actions.snapshot(organisation)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        actions.update_organisation(form.instance, by=request.user, before=before)
        messages.success(request, _("已保存 %(name)s 的信息。") % {"name": organisation.name})
        return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
def unit_create(request):
    if not can_register_unit(request.user):
        raise PermissionDenied
    visible = Organisation.objects.visible_to(request.user).select_related("region")
    form = UnitForm(
        request.POST or None,
        bureaus=visible.civil_affairs().in_official_order(),
        supervisors=visible.filter(kind=Kind.SUPERVISOR).in_official_order(),
    )
    if request.method == "POST" and form.is_valid():
        organisation = actions.register_unit(form.instance, by=request.user)
        messages.success(request, _("已登记 %(name)s。") % {"name": organisation.name})
        return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/organisation_form.html", {"form": form})
