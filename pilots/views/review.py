"""The province reviews what its pilots submit: the plan (试点方案), each progress report and
the summary (试点总结).

- ``review_plan`` (pilot): the submitted version as the pilot wrote it and, from the second
  version on, what changed since the previous one (``PlanVersion.snapshot``); earlier
  versions with their reviews; 通过 / 退回修改 with comments → ``actions.review_plan``.
- ``review_report`` (report): each indicator's target against the actual value reported,
  with the completion rate, the narrative and evidence files → ``actions.review_report``.
- ``review_summary`` (pilot): the summary with the pilot's indicators (target against latest
  actual) and the provincial opinion → ``actions.review_summary``.

Access (one rule for the three pages, and the helpers the other oversight pages share):
404 when the user cannot see the pilot (``Pilot.objects.visible_to``: another province, an
expert); 403, saying why, for those who see it but do not review for its provincial-level
body (the pilot itself, a prefecture on its chain, the ministry). A ``Refused`` from the
action is shown above the form, whose comments are kept.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.actions import Refused
from desk.flash import flash_done
from pilots import actions
from pilots.forms_oversight import ReviewForm, SummaryReviewForm, mark_errors
from pilots.models import (
    Indicator,
    IndicatorValue,
    Pilot,
    PlanStatus,
    ProgressReport,
    ReportStatus,
    Summary,
    SummaryStatus,
)

# --------------------------------------------------------------------------- shared helpers


def visible_pilots(user):
    return Pilot.objects.visible_to(user).select_related(
        "programme", "category", "organisation__region", "province"
    )


def load_pilot(request, pk: int) -> Pilot:
    """The pilot if the user may see it; 404 otherwise (whether or not it exists)."""
    return get_object_or_404(visible_pilots(request.user), pk=pk)


def forbidden(request, message: str, *, pilot: Pilot | None = None, programme=None):
    """403, saying why: the user sees the page's subject but may not do this."""
    return render(
        request,
        "pilots/review_refused.html",
        {
            "message": message,
            "pilot": pilot,
            "programme": programme or getattr(pilot, "programme", None),
        },
        status=403,
    )


def evidence_links(files) -> list[tuple]:
    """Evidence files with their download links."""
    return [(f, reverse("pilots:evidence", args=[f.pk])) for f in files]


def rate(actual, target) -> str:
    """Completion against the target, as a percentage with one decimal: 36.8."""
    if actual is None or not target:
        return ""
    value = (Decimal(actual) * 100 / Decimal(target)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value:f}"


def plain(value) -> str:
    """A decimal as people write it: 326, 12.5 (no trailing zeros)."""
    if value in (None, ""):
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def latest_actuals(pilot: Pilot) -> dict[int, Decimal]:
    """Per indicator, the actual value of the latest report the pilot submitted."""
    latest: dict[int, Decimal] = {}
    values = (
        IndicatorValue.objects.filter(
            report__pilot=pilot,
            actual__isnull=False,
            report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ENDORSED],
        )
        .order_by("report__sequence")
        .values_list("indicator_id", "actual")
    )
    for indicator_id, actual in values:
        latest[indicator_id] = actual
    return latest


def indicator_rows(indicators, actuals: dict[int, Decimal], notes: dict[int, str] | None = None):
    notes = notes or {}
    return [
        {
            "name": i.name,
            "unit": i.unit,
            "baseline": plain(i.baseline),
            "target": plain(i.target),
            "actual": plain(actuals.get(i.pk)),
            "rate": rate(actuals.get(i.pk), i.target),
            "note": notes.get(i.pk, ""),
            "missing": i.pk not in actuals,
        }
        for i in indicators
    ]


def _province_overview(pilot: Pilot) -> str:
    return reverse("pilots:province", args=[pilot.programme_id])


def _not_province(request, pilot: Pilot, what: str):
    return forbidden(
        request,
        _("只有%(p)s的审核人可以审核%(w)s。")
        % {"p": pilot.province.name if pilot.province else _("省级民政部门"), "w": what},
        pilot=pilot,
    )


def _decide(request, form, act, done: str) -> bool:
    """Validate, call the action; say what happened or put the refusal above the form."""
    if not form.is_valid():
        mark_errors(form)
        return False
    try:
        act(form)
    except Refused as error:
        form.add_error(None, error.messages)
        return False
    flash_done(request, done)
    return True


# --------------------------------------------------------------------------- the plan


def compare_snapshots(before: dict, after: dict) -> list[dict]:
    """What changed between two submitted versions of a plan, item by item: areas by their
    title, indicators by name, milestones by title; added, removed and changed."""
    rows: list[dict] = []

    def add(section, item, old, new):
        if old != new:
            state = "added" if old is None else "removed" if new is None else "changed"
            rows.append(
                {"section": section, "item": item, "before": old, "after": new, "state": state}
            )

    add(_("总体目标"), "", before.get("summary"), after.get("summary"))
    for key, section, name, describe in (
        (
            "areas",
            _("目标和措施"),
            "area",
            lambda a: _("目标：%(g)s\n措施：%(m)s") % {"g": a["goals"], "m": a["measures"]},
        ),
        (
            "indicators",
            _("指标"),
            "name",
            lambda i: (
                _("目标值 %(t)s%(u)s（基数 %(b)s）")
                % {"t": plain(i["target"]), "u": i["unit"], "b": plain(i["baseline"]) or "—"}
            ),
        ),
        ("milestones", _("任务节点"), "title", lambda m: _("完成时限 %(d)s") % {"d": m["due_on"]}),
    ):
        old = {row[name]: describe(row) for row in before.get(key, [])}
        new = {row[name]: describe(row) for row in after.get(key, [])}
        for item in list(old) + [n for n in new if n not in old]:
            add(section, item, old.get(item), new.get(item))
    return rows


@login_required
def review_plan(request, pk: int):
    pilot = load_pilot(request, pk)
    if not actions.is_pilot_province(request.user, pilot):
        return _not_province(request, pilot, _("试点方案"))
    plan = getattr(pilot, "plan", None)
    versions = list(plan.versions.select_related("submitted_by", "reviewed_by")) if plan else []
    current = versions[-1] if versions else None
    previous = versions[-2] if len(versions) > 1 else None
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and plan is not None:
        done = _("已审核%(org)s的试点方案") % {"org": pilot.organisation.name}
        if _decide(
            request,
            form,
            lambda f: actions.review_plan(
                plan, accept=f.accept, comments=f.cleaned_data["comments"], by=request.user
            ),
            done,
        ):
            return redirect(_province_overview(pilot))
    context = {
        "pilot": pilot,
        "plan": plan,
        "current": current,
        "previous": previous,
        "earlier": list(reversed(versions[:-1])),
        "changes": compare_snapshots(previous.snapshot, current.snapshot) if previous else [],
        "indicators": [
            {**i, "target": plain(i["target"]), "baseline": plain(i["baseline"])}
            for i in (current.snapshot.get("indicators", []) if current else [])
        ],
        "awaiting": plan is not None and plan.status == PlanStatus.SUBMITTED,
        "form": form,
        "detail_url": reverse("pilots:detail", args=[pilot.pk]),
    }
    return render(request, "pilots/review_plan.html", context)


# --------------------------------------------------------------------------- reports


def _load_report(request, pk: int) -> ProgressReport:
    visible = ProgressReport.objects.filter(pilot__in=Pilot.objects.visible_to(request.user))
    return get_object_or_404(
        visible.select_related(
            "pilot__programme",
            "pilot__category",
            "pilot__organisation__region",
            "pilot__province",
            "reviewed_by",
        ),
        pk=pk,
    )


@login_required
def review_report(request, pk: int):
    report = _load_report(request, pk)
    pilot = report.pilot
    if not actions.is_pilot_province(request.user, pilot):
        return _not_province(request, pilot, _("进展报告"))
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        done = _("已审核%(org)s第%(n)d期进展报告") % {
            "org": pilot.organisation.name,
            "n": report.sequence,
        }
        if _decide(
            request,
            form,
            lambda f: actions.review_report(
                report, accept=f.accept, comments=f.cleaned_data["comments"], by=request.user
            ),
            done,
        ):
            return redirect(_province_overview(pilot))
    values = {v.indicator_id: v for v in report.values.all()}
    indicators = Indicator.objects.filter(plan__pilot=pilot)
    context = {
        "pilot": pilot,
        "report": report,
        "rows": indicator_rows(
            indicators,
            {k: v.actual for k, v in values.items() if v.actual is not None},
            {k: v.note for k, v in values.items()},
        ),
        "files": evidence_links(report.files.all()),
        "awaiting": report.status == ReportStatus.SUBMITTED,
        "late": report.submitted_at is not None
        and timezone.localtime(report.submitted_at).date() > report.due_on,
        "form": form,
        "detail_url": reverse("pilots:detail", args=[pilot.pk]),
    }
    return render(request, "pilots/review_report.html", context)


# --------------------------------------------------------------------------- the summary


@login_required
def review_summary(request, pk: int):
    pilot = load_pilot(request, pk)
    if not actions.is_pilot_province(request.user, pilot):
        return _not_province(request, pilot, _("试点总结"))
    summary = Summary.objects.filter(pilot=pilot).select_related("endorsed_by").first()
    form = SummaryReviewForm(request.POST or None)
    if request.method == "POST" and summary is not None:
        done = _("已审核%(org)s的试点总结") % {"org": pilot.organisation.name}
        if _decide(
            request,
            form,
            lambda f: actions.review_summary(
                summary, accept=f.accept, opinion=f.cleaned_data["comments"], by=request.user
            ),
            done,
        ):
            return redirect(_province_overview(pilot))
    reports = list(pilot.reports.order_by("sequence"))
    context = {
        "pilot": pilot,
        "summary": summary,
        "rows": indicator_rows(Indicator.objects.filter(plan__pilot=pilot), latest_actuals(pilot)),
        "reports": reports,
        "endorsed_reports": sum(r.status == ReportStatus.ENDORSED for r in reports),
        "supervisions": pilot.supervisions.count(),
        "awaiting": summary is not None and summary.status == SummaryStatus.SUBMITTED,
        "form": form,
        "detail_url": reverse("pilots:detail", args=[pilot.pk]),
    }
    return render(request, "pilots/review_summary.html", context)
