"""遴选报送: a provincial-level body selects, ranks and submits to the ministry what was
recommended to it; and the ministry's side (the batches received, paper copies, deadline
extensions).

Pages
- ``province`` (programme[, provincial-level body]): for the endorsers of a province, the
  Corps or a city specifically designated in the state plan. Every application recommended
  to it in the programme (status ENDORSED, ``province`` = its organisation) grouped by
  category, each with a 报送 checkbox and a 排序 number (up/down buttons move it; they work
  without JavaScript, which only saves the round trip); the quota per category; the
  effective deadline and the internal deadline for its own counties and units. Submitting
  is a separate confirmation page (``province_submit``). After submission: the batch,
  read-only, in rank order, and the paper copies.
- ``batches`` and ``extend`` (programme): the ministry's programme officers.

Access: a programme the user cannot see (a draft) is 404; a page that exists but is not
the user's is 403 (another organisation's endorsers, applicants and officers on a
province's page; anyone but a programme officer on the ministry's pages).

Ranking: the page ranks within each category; ``actions.rank`` stores one order across
the programme, built category by category in the programme's order (a category's first
choice before its second), which is also the order of the submitted batch.

Paper copies: when the programme requires them, the province uploads the scan of each
application's signed and sealed form on that application (``is_paper_scan=True``): every
申报表 carries its own signatures and seals, and the scan then travels with the application
it belongs to. The ministry ticks 纸质件已收到 per application when the post arrives.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import deadlines
from applications.actions import (
    Opinion,
    Refused,
    add_attachment,
    extend_deadline,
    mark_paper_received,
    rank,
    set_internal_deadline,
    submit_batch,
)
from applications.models import (
    Application,
    Attachment,
    BatchItem,
    DeadlineExtension,
    InternalDeadline,
    ProvincialBatch,
    Status,
)
from applications.permissions import can_select
from applications.province_forms import (
    BatchSubmitForm,
    ExtensionForm,
    InternalDeadlineForm,
    RankingForm,
    ScanUploadForm,
    quota_message,
)
from desk.flash import flash_done, flash_refused
from desk.templatetags.shidian import cn_datetime
from organisations.models import Organisation
from programmes.models import ApplicantCategory, Programme
from programmes.permissions import can_manage_programmes

# --------------------------------------------------------------------------- loading


def load_province(request, pk: int, province_pk: int | None = None):
    """The programme (404 if the user cannot see it) and the provincial-level body whose
    selection this is: the user's own, or the one named (403 unless it is the user's)."""
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    if province_pk is None:
        province = request.user.organisation
    else:
        province = get_object_or_404(Organisation.objects.provincial_level(), pk=province_pk)
    if not can_select(request.user, province):
        raise PermissionDenied
    return programme, province


def load_programme_for_officer(request, pk: int) -> Programme:
    if not can_manage_programmes(request.user):
        raise PermissionDenied
    return get_object_or_404(Programme, pk=pk)


def _province_url(programme: Programme, anchor: str = "") -> str:
    url = reverse("applications:province", args=[programme.pk])
    return f"{url}#{anchor}" if anchor else url


# --------------------------------------------------------------------------- the province


def _region_key(application: Application) -> tuple:
    organisation = application.organisation
    code = organisation.region.code if organisation.region_id else "999999"
    return (code, organisation.name)


def candidate_groups(
    programme: Programme, province: Organisation
) -> list[tuple[ApplicantCategory, list[Application]]]:
    """What waits for the province's selection, per category (in the programme's order):
    the ranked first, in their order, then the rest in administrative-code order."""
    categories = list(programme.categories.order_by("order", "pk"))
    applications = list(
        Application.objects.filter(programme=programme, province=province, status=Status.ENDORSED)
        .select_related("organisation__region", "category")
        .order_by()
    )
    applications.sort(
        key=lambda a: (a.province_rank is None, a.province_rank or 0, *_region_key(a))
    )
    return [(c, [a for a in applications if a.category_id == c.pk]) for c in categories]


def _rows(groups, form: RankingForm | None) -> list[dict]:
    """Each category with its rows as the page shows them: from the database, or as the
    official typed them when the form came back with errors."""
    bound = form is not None and form.is_bound
    picked = set()
    if bound:
        picked = {int(v) for v in form.data.getlist("pick") if str(v).isdigit()}
    sections = []
    for category, applications in groups:
        rows = []
        position = 0
        for application in applications:
            if bound:
                is_picked = application.pk in picked
                rank_value = form.data.get(f"rank_{application.pk}", "")
            else:
                is_picked = application.province_rank is not None
                position += is_picked
                rank_value = position if is_picked else ""
            rows.append({"application": application, "picked": is_picked, "rank": rank_value})
        picked_rows = [r for r in rows if r["picked"]]
        if picked_rows:  # the ends of the ranked list cannot move further
            picked_rows[0]["first"] = picked_rows[-1]["last"] = True
        quota = category.province_quota
        sections.append(
            {
                "category": category,
                "rows": rows,
                "count": len(picked_rows),
                "quota": quota,
                "over_quota": quota is not None and len(picked_rows) > quota,
            }
        )
    return sections


def _deadline_context(programme: Programme, province: Organisation) -> dict:
    deadline = deadlines.effective_deadline(programme, province)
    extensions = list(
        DeadlineExtension.objects.filter(programme=programme)
        .filter(Q(province__isnull=True) | Q(province=province))
        .order_by("-deadline")
    )
    extended = extensions and deadline != programme.application_deadline
    return {
        "deadline": deadline,
        "deadline_passed": timezone.now() >= deadline,
        "original_deadline": programme.application_deadline,
        "extension": extensions[0] if extended else None,
        "internal": InternalDeadline.objects.filter(programme=programme, province=province)
        .select_related("set_by")
        .first(),
    }


def _province_page(
    request,
    programme: Programme,
    province: Organisation,
    *,
    form: RankingForm | None = None,
    status: int = 200,
):
    batch = (
        ProvincialBatch.objects.filter(programme=programme, province=province)
        .select_related("submitted_by")
        .first()
    )
    context = {
        "programme": programme,
        "province": province,
        "batch": batch,
        **_deadline_context(programme, province),
    }
    if batch is None:
        groups = candidate_groups(programme, province)
        context["sections"] = _rows(groups, form)
        context["candidate_count"] = sum(len(apps) for _c, apps in groups)
        context["ranking_errors"] = form.non_field_errors() if form is not None else []
        internal = context["internal"]
        context["internal_form"] = InternalDeadlineForm(
            initial={"deadline": timezone.localtime(internal.deadline)} if internal else None
        )
    else:
        context.update(_batch_context(batch))
    return render(request, "applications/province_selection.html", context, status=status)


def _scans() -> Prefetch:
    """The scans of the signed and sealed paper forms, as ``application.scans``."""
    return Prefetch(
        "application__attachments",
        queryset=Attachment.objects.filter(is_paper_scan=True).order_by("uploaded_at"),
        to_attr="scans",
    )


def _batch_context(batch: ProvincialBatch) -> dict:
    items = list(
        batch.items.select_related(
            "application__organisation__region", "application__category"
        ).prefetch_related(_scans())
    )
    late = list(
        Application.objects.filter(
            programme=batch.programme_id, province=batch.province_id, status=Status.ENDORSED
        )
        .select_related("organisation__region", "category")
        .order_by("organisation__region__code", "organisation__name")
    )
    applications = [item.application for item in items]
    return {
        "items": items,
        "late": late,
        "paper_received": sum(1 for a in applications if a.paper_received_at),
        "scan_form": ScanUploadForm(applications),
    }


@login_required
def province(request, pk: int, province_pk: int | None = None):
    programme, organisation = load_province(request, pk, province_pk)
    return _province_page(request, programme, organisation)


@login_required
@require_POST
def province_rank(request, pk: int):
    programme, organisation = load_province(request, pk)
    if ProvincialBatch.objects.filter(programme=programme, province=organisation).exists():
        messages.error(request, _("已报送民政部，排序不能再修改。"))
        return redirect(_province_url(programme))
    form = RankingForm(candidate_groups(programme, organisation), request.POST)
    if not form.is_valid():
        # Nothing is saved: the page comes back as it was typed, with the reason on top.
        return _province_page(request, programme, organisation, form=form)
    try:
        rank(programme, organisation, form.ordered_ids(), by=request.user)
    except Refused as e:
        flash_refused(request, e)
        return redirect(_province_url(programme))
    move = form.cleaned_data.get("move")
    if move:
        flash_done(request, _("已调整排序并保存"))
        return redirect(_province_url(programme, f"row-{move[0]}"))
    summary = "，".join(
        _("%(c)s %(n)d个") % {"c": category.name, "n": len(chosen)}
        for category, chosen in form.selection
        if chosen
    )
    flash_done(request, _("已保存排序：%(s)s") % {"s": summary or _("未选择任何申报")})
    if request.POST.get("next") == "submit":
        return redirect("applications:province_submit", pk=programme.pk)
    return redirect(_province_url(programme))


def _selection(programme: Programme, organisation: Organisation):
    """What would be submitted now, per category, in rank order; and the quota problems."""
    groups = [
        (category, [a for a in applications if a.province_rank is not None])
        for category, applications in candidate_groups(programme, organisation)
    ]
    problems = [
        quota_message(category, len(chosen))
        for category, chosen in groups
        if category.province_quota is not None and len(chosen) > category.province_quota
    ]
    return [(c, chosen) for c, chosen in groups if chosen], problems


@login_required
def province_submit(request, pk: int):
    """The confirmation step of 报送: the covering opinion, and a last look at the selection."""
    programme, organisation = load_province(request, pk)
    if ProvincialBatch.objects.filter(programme=programme, province=organisation).exists():
        if request.method == "POST":
            messages.error(request, _("本单位已向民政部报送过该试点项目，报送后不能再修改。"))
        return redirect(_province_url(programme))
    form = BatchSubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = submit_batch(
                programme,
                organisation,
                Opinion(data["opinion"], data["person"], data["signed_on"]),
                by=request.user,
            )
        except Refused as e:
            form.add_error(None, e)
        else:
            flash_done(
                request,
                _("已报送民政部：%(n)d份申报，按推荐顺序排列") % {"n": batch.items.count()},
            )
            return redirect(_province_url(programme))
    selection, problems = _selection(programme, organisation)
    return render(
        request,
        "applications/province_submit.html",
        {
            "programme": programme,
            "province": organisation,
            "form": form,
            "selection": selection,
            "problems": problems,
            "total": sum(len(chosen) for _c, chosen in selection),
            **_deadline_context(programme, organisation),
        },
    )


@login_required
@require_POST
def province_internal_deadline(request, pk: int):
    programme, organisation = load_province(request, pk)
    form = InternalDeadlineForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("省内截止时间：%(e)s") % {"e": error})
        return redirect(_province_url(programme, "internal-deadline"))
    try:
        internal = set_internal_deadline(
            programme, organisation, form.cleaned_data["deadline"], by=request.user
        )
    except Refused as e:
        flash_refused(request, e)
    else:
        flash_done(
            request,
            _("已设置省内截止时间：%(d)s（北京时间）") % {"d": cn_datetime(internal.deadline)},
        )
    return redirect(_province_url(programme, "internal-deadline"))


@login_required
@require_POST
def province_scan(request, pk: int):
    programme, organisation = load_province(request, pk)
    batch = ProvincialBatch.objects.filter(programme=programme, province=organisation).first()
    if batch is None:
        messages.error(request, _("请先报送民政部，再上传签字盖章的纸质件扫描件。"))
        return redirect(_province_url(programme))
    applications = [
        item.application for item in batch.items.select_related("application__organisation")
    ]
    form = ScanUploadForm(applications, request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_province_url(programme, "paper"))
    application = form.applications[form.cleaned_data["application"]]
    try:
        attachment = add_attachment(
            application, form.cleaned_data["file"], by=request.user, is_paper_scan=True
        )
    except Refused as e:
        flash_refused(request, e)
    else:
        flash_done(
            request,
            _("已上传%(org)s的纸质件扫描件“%(name)s”")
            % {"org": application.organisation.name, "name": attachment.original_name},
        )
    return redirect(_province_url(programme, "paper"))


# --------------------------------------------------------------------------- the ministry


@login_required
def batches(request, pk: int):
    """Every provincial batch of the programme, in administrative-code order, each with its
    applications in rank order. A fixed number of queries, however many batches."""
    programme = load_programme_for_officer(request, pk)
    items = (
        BatchItem.objects.select_related(
            "application__organisation__region", "application__category"
        )
        .prefetch_related(_scans())
        .order_by("rank")
    )
    received = list(
        ProvincialBatch.objects.filter(programme=programme)
        .select_related("province__region", "submitted_by")
        .prefetch_related(Prefetch("items", queryset=items, to_attr="ranked"))
        .order_by("province__tier", "province__region__code", "province__name")
    )
    for batch in received:
        batch.paper_count = sum(1 for i in batch.ranked if i.application.paper_received_at)
    waiting = list(
        Organisation.objects.provincial_level()
        .filter(is_active=True)
        .exclude(batches__programme=programme)
        .select_related("region")
        .in_official_order()
    )
    return render(
        request,
        "applications/ministry_batches.html",
        {
            "programme": programme,
            "batches": received,
            "application_count": sum(len(b.ranked) for b in received),
            "waiting": waiting,
            "deadline": deadlines.effective_deadline(programme, None),
            "extension_count": programme.extensions.count(),
        },
    )


@login_required
@require_POST
def paper_received(request, pk: int, application_pk: int):
    programme = load_programme_for_officer(request, pk)
    application = get_object_or_404(
        Application.objects.select_related("organisation"), pk=application_pk, programme=programme
    )
    try:
        mark_paper_received(application, by=request.user)
    except Refused as e:
        flash_refused(request, e)
    else:
        flash_done(request, _("已登记收到纸质件：%(org)s") % {"org": application.organisation.name})
    anchor = f"application-{application.pk}"
    return redirect(f"{reverse('applications:batches', args=[programme.pk])}#{anchor}")


@login_required
def extend(request, pk: int):
    """Extend the deadline for the whole programme or for one provincial-level body."""
    programme = load_programme_for_officer(request, pk)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            extension = extend_deadline(
                programme,
                data["deadline"],
                data["reason"],
                by=request.user,
                province=data["province"],
            )
        except Refused as e:
            form.add_error(None, e)
        else:
            scope = extension.province.name if extension.province else _("全部省级单位")
            flash_done(
                request,
                _("已将%(scope)s的报送截止时间延长至%(d)s（北京时间）")
                % {"scope": scope, "d": cn_datetime(extension.deadline)},
            )
            return redirect("applications:extend", pk=programme.pk)
    extensions = list(
        programme.extensions.select_related("province__region", "granted_by").order_by(
            "-granted_at", "-pk"
        )
    )
    return render(
        request,
        "applications/ministry_extend.html",
        {
            "programme": programme,
            "form": form,
            "extensions": extensions,
            "deadline": deadlines.effective_deadline(programme, None),
        },
    )
