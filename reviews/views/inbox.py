"""The ministry's inbox of a programme (申报汇总): every application submitted to it, the
counts by province and category, the export (申报汇总表: asked for here, written in the
background, listed and downloaded in reviews/views/exports.py), and the eligibility check
(形式审查).

Opening the inbox after the application deadline opens the review (``actions.open_review``:
a file, ``Assessment``, for every submitted application; idempotent, so a batch that arrives
later under a province's extended deadline is filed on the next visit). Before the deadline
the page shows what has arrived so far and says when the review opens.

The list is a fixed number of queries whatever its size: the summary is one grouped query,
and the page's rows come with their organisation, province, category, file and batch item.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from applications.actions import Refused
from applications.deadlines import effective_deadline
from applications.models import Application, DeadlineExtension
from applications.models import Status as ApplicationStatus
from audit.models import Event
from audit.records import record
from desk.flash import flash_done, flash_refused
from desk.templatetags.shidian import cn_datetime
from programmes.models import Programme
from programmes.models import Status as ProgrammeStatus
from reviews import actions, tasks
from reviews.forms_inbox import BEIJING, DIRECT, EligibilityForm, InboxFilterForm, PickForm
from reviews.models import Assessment, Decision, Eligibility, ExportJob, ExportStatus
from reviews.views import load_programme, officer_only

PAGE_SIZE = 50
OPENS_REVIEW = (ProgrammeStatus.PUBLISHED, ProgrammeStatus.REVIEWING)


# --------------------------------------------------------------------------- loading


def submitted(programme: Programme) -> QuerySet:
    """Every application submitted to the ministry in the programme, with what a row shows."""
    return (
        Application.objects.filter(programme=programme, status=ApplicationStatus.SUBMITTED)
        .select_related(
            "organisation__region", "province__region", "category", "assessment", "batch_item"
        )
        # The rows carry the whole form (试点方案 of thousands of characters): a list and the
        # export need none of it (bench/RESULTS.md: the export's time and memory halve).
        .defer("values", "search_text")
    )


def open_if_due(request, programme: Programme) -> bool:
    """Open the review once the deadline has passed; whether it is open (or done)."""
    if timezone.now() < effective_deadline(programme, None):
        return False
    if programme.status in OPENS_REVIEW:
        actions.open_review(programme, by=request.user)
        if programme.status == ProgrammeStatus.PUBLISHED:  # now 评审中
            programme.refresh_from_db(fields=["status"])
    return programme.status != ProgrammeStatus.DRAFT


@dataclass
class ProvinceCount:
    key: str  # the province's pk, or DIRECT
    name: str
    code: str
    kind: str
    by_category: dict[int, int] = field(default_factory=dict)
    total: int = 0
    cells: list[int] = field(default_factory=list)  # by category, in the programme's order


@dataclass
class Summary:
    """What has arrived: counts by province × category, by eligibility and by decision."""

    categories: list
    provinces: list[ProvinceCount]
    category_totals: dict[int, int]
    eligibility: dict[str, int]
    decision: dict[str, int]
    total: int

    def province_choices(self) -> list[tuple[str, str]]:
        return [(p.key, p.name) for p in self.provinces]

    @property
    def category_row(self) -> list[int]:
        return [self.category_totals.get(c.pk, 0) for c in self.categories]

    @property
    def eligibility_rows(self) -> list[tuple[str, str, int]]:
        return [(v, label, self.eligibility.get(v, 0)) for v, label in Eligibility.choices]

    @property
    def decision_rows(self) -> list[tuple[str, str, int]]:
        return [(v, label, self.decision.get(v, 0)) for v, label in Decision.choices]

    @property
    def unchecked(self) -> int:
        return self.eligibility.get(Eligibility.PENDING, 0) + self.eligibility.get(
            Eligibility.CORRECTION, 0
        )


def summarise(programme: Programme) -> Summary:
    """Two queries: the categories, and one grouped count of the submitted applications."""
    categories = list(programme.categories.order_by("order", "pk"))
    groups = (
        Application.objects.filter(programme=programme, status=ApplicationStatus.SUBMITTED)
        .order_by()
        .values(
            "province_id",
            "province__name",
            "province__region__code",
            "province__kind",
            "category_id",
            "assessment__eligibility",
            "assessment__decision",
        )
        .annotate(n=Count("pk"))
    )
    provinces: dict[str, ProvinceCount] = {}
    category_totals: dict[int, int] = {}
    eligibility: dict[str, int] = {}
    decision: dict[str, int] = {}
    total = 0
    for row in groups:
        key = str(row["province_id"]) if row["province_id"] else DIRECT
        province = provinces.setdefault(
            key,
            ProvinceCount(
                key,
                row["province__name"] or _("部直属单位、部管社团"),
                row["province__region__code"] or "",
                row["province__kind"] or "",
            ),
        )
        n = row["n"]
        category = row["category_id"]
        province.by_category[category] = province.by_category.get(category, 0) + n
        province.total += n
        category_totals[category] = category_totals.get(category, 0) + n
        if row["assessment__eligibility"]:
            eligibility[row["assessment__eligibility"]] = (
                eligibility.get(row["assessment__eligibility"], 0) + n
            )
            decision[row["assessment__decision"]] = decision.get(row["assessment__decision"], 0) + n
        total += n
    for province in provinces.values():
        province.cells = [province.by_category.get(c.pk, 0) for c in categories]
    ordered = sorted(
        provinces.values(), key=lambda p: (p.key == DIRECT, p.code or "999999", p.kind, p.name)
    )
    return Summary(categories, ordered, category_totals, eligibility, decision, total)


def inbox_form(summary: Summary, data) -> InboxFilterForm:
    """The inbox's filter form on ``data`` (a query or a stored export's filters; None: no
    filter), with the provinces and categories present."""
    return InboxFilterForm(
        data or None, provinces=summary.province_choices(), categories=summary.categories
    )


def filter_form(request, summary: Summary) -> InboxFilterForm:
    data = request.GET.copy()
    data.pop("page", None)
    return inbox_form(summary, data)


def describe(form: InboxFilterForm) -> str:
    """The filters in force as the officer read them: "省份（报送单位）：江西省民政厅；排序：…"."""
    parts = []
    for name, value in form.chosen().items():
        field = form.fields[name]
        shown = dict((str(k), v) for k, v in getattr(field, "choices", ())).get(str(value), value)
        parts.append(f"{field.label}：{shown}")
    return "；".join(parts)


def inbox_url(programme: Programme, query: str = "") -> str:
    url = reverse("reviews:inbox", args=[programme.pk])
    return f"{url}?{query}" if query else url


def back_to_inbox(request, programme: Programme) -> str:
    """Where to return after an action: the inbox as it was filtered (``next``), or plain."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    base = inbox_url(programme)
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith(base) else base


# --------------------------------------------------------------------------- the inbox


@require_safe
@login_required
def inbox(request, pk: int):
    programme = load_programme(request, pk)
    is_open = open_if_due(request, programme)
    summary = summarise(programme)
    form = filter_form(request, summary)
    page = Paginator(form.apply(submitted(programme)), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    now = timezone.now()
    here = request.get_full_path()
    # The rows' links, from one reversal each rather than a {% url %} per row.
    detail = _url_for("applications:detail")
    check = _url_for("reviews:eligibility")
    back = "next=" + quote(here, safe="/")  # as the urlencode filter writes it
    for application in page:
        application.detail_url = detail(application.pk)
        application.eligibility_url = f"{check(application.pk)}?{back}"
    return render(
        request,
        "reviews/inbox_list.html",
        {
            "programme": programme,
            "tab": "inbox",
            "is_open": is_open,
            "deadline": effective_deadline(programme, None),
            "later_extensions": list(
                DeadlineExtension.objects.filter(
                    programme=programme, province__isnull=False, deadline__gt=now
                )
                .select_related("province")
                .order_by("deadline")
            ),
            "summary": summary,
            "form": form,
            "page": page,
            "filter_query": query.urlencode(),
            "here": here,
            "sort": form.chosen().get("sort") or "province",
            "can_bulk": is_open and any(_pickable(a) for a in page),
        },
    )


def _url_for(name: str):
    """``pk → the named route's address for it``, reversing the route once."""
    marker = 987654321
    return reverse(name, args=[marker]).replace(str(marker), "{}").format


def _pickable(application: Application) -> bool:
    """A row that "mark selected as 符合条件" can act on."""
    assessment = getattr(application, "assessment", None)
    return bool(
        assessment
        and assessment.decision == Decision.UNDECIDED
        and assessment.eligibility != Eligibility.ELIGIBLE
    )


@require_POST
@login_required
def inbox_export(request, pk: int):
    """Ask for the filtered list as an Excel workbook (申报汇总表): a job for the worker
    (reviews/tasks.py), then the programme's exports, where it appears when ready.

    The filters come as the inbox's query (``query``), checked by the inbox's own form."""
    programme = load_programme(request, pk)
    query = QueryDict(request.POST.get("query", ""), mutable=True)
    query.pop("page", None)
    form = inbox_form(summarise(programme), query)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("筛选条件有误，请修改后再导出。"))
        return HttpResponseRedirect(inbox_url(programme, query.urlencode()))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    with transaction.atomic():
        job = ExportJob.objects.create(
            programme=programme,
            requested_by=request.user,
            filters={name: query[name] for name in form.fields if query.get(name)},
            filters_label=describe(form)[:500],
            original_name=f"申报汇总表-{programme.name}-{stamp}.xlsx",
        )
        # Stored text, in the system's language whatever the reader's.
        record(
            Event.EXPORT,
            actor=request.user,
            obj=programme,
            summary="导出申报汇总表（后台生成）",
            changes={"filters": form.used(), "job": job.pk},
        )
    # After the commit, so that the worker finds the job (the immediate backend of
    # development and tests writes it here and now).
    tasks.export_inbox.enqueue(job.pk)
    job.refresh_from_db(fields=["status", "rows"])
    if job.status == ExportStatus.DONE:
        flash_done(request, _("申报汇总表已生成（%(n)s 条）") % {"n": f"{job.rows:,}"})
    elif job.status == ExportStatus.FAILED:
        messages.error(request, _("申报汇总表生成失败，原因见下表。"))
    else:
        messages.info(
            request,
            _(
                "已提交导出申请（排队中）。申报汇总表在后台生成，完成后会出现在下表并通知您，"
                "可先离开本页。"
            ),
        )
    return redirect("reviews:exports", programme.pk)


@require_POST
@login_required
def inbox_eligible(request, pk: int):
    """Mark the ticked applications 符合条件: all of them, or (one refused) none."""
    programme = load_programme(request, pk)
    back = back_to_inbox(request, programme)
    candidates = Assessment.objects.filter(
        application__programme=programme, decision=Decision.UNDECIDED
    ).exclude(eligibility=Eligibility.ELIGIBLE)
    form = PickForm(list(candidates.values_list("application_id", flat=True)), request.POST)
    if not form.is_valid():
        for error in form.errors["pick"]:
            messages.error(request, error)
        return redirect(back)
    chosen = list(
        Application.objects.filter(pk__in=form.cleaned_data["pick"]).select_related("organisation")
    )
    try:
        with transaction.atomic():
            for application in chosen:
                actions.check_eligibility(application, Eligibility.ELIGIBLE, by=request.user)
    except Refused as e:
        flash_refused(request, e)
        messages.error(request, _("未做任何更改。"))
    else:
        names = "、".join(a.organisation.name for a in chosen[:5])
        if len(chosen) > 5:
            names = _("%(names)s等") % {"names": names}
        flash_done(
            request,
            _("已将%(n)d份申报标记为符合条件：%(names)s") % {"n": len(chosen), "names": names},
        )
    return redirect(back)


# --------------------------------------------------------------------------- eligibility


def _eligibility_initial(assessment: Assessment) -> dict:
    now = timezone.localtime(timezone.now(), BEIJING)
    week = now.replace(hour=17, minute=0, second=0, microsecond=0) + timedelta(days=7)
    if assessment.eligibility == Eligibility.PENDING:
        return {"correct_by": week}
    return {
        "result": assessment.eligibility,
        "reasons": assessment.eligibility_reasons,
        "correct_by": assessment.correct_by or week,
    }


@login_required
def eligibility(request, pk: int):
    """形式审查 of one application: 符合条件, 退回补正 (reasons and a date), 不符合条件."""
    officer_only(request)
    assessment = get_object_or_404(
        Assessment.objects.select_related(
            "application__programme",
            "application__organisation__region",
            "application__province",
            "application__category",
            "application__batch_item",
            "checked_by",
        ),
        application_id=pk,
    )
    application = assessment.application
    programme = application.programme
    back = back_to_inbox(request, programme)
    if request.method == "POST":
        form = EligibilityForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            result = Eligibility(data["result"])
            try:
                actions.check_eligibility(
                    application,
                    result,
                    by=request.user,
                    reasons=data["reasons"],
                    correct_by=data["correct_by"] if result == Eligibility.CORRECTION else None,
                )
            except Refused as e:
                form.add_error(None, e)
            else:
                done = _("形式审查：%(org)s %(result)s") % {
                    "org": application.organisation.name,
                    "result": result.label,
                }
                if result == Eligibility.CORRECTION:
                    done += _("，补正截止%(d)s（北京时间），已通知%(p)s") % {
                        "d": cn_datetime(data["correct_by"]),
                        "p": application.province.name if application.province else "",
                    }
                flash_done(request, done)
                return redirect(back)
    else:
        form = EligibilityForm(initial=_eligibility_initial(assessment))
    return render(
        request,
        "reviews/inbox_eligibility.html",
        {
            "programme": programme,
            "application": application,
            "assessment": assessment,
            "form": form,
            "back": back,
            "is_decided": assessment.decision != Decision.UNDECIDED,
        },
    )
