"""The plan editor (试点方案): 总体目标, each content area's goals and measures, indicators with
targets, milestones within the pilot period; rows added and removed on the server (no script
needed); 保存 and 保存并提交.

Whatever is posted comes back as typed when anything in it is wrong, each problem next to its
row and all of them listed at the top; nothing is saved until everything can be
(``actions.save_plan``, then ``actions.submit_plan`` for 保存并提交).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.actions import Refused
from desk.flash import flash_done
from pilots.actions import (
    INDICATOR_FIELDS,
    MILESTONE_FIELDS,
    ensure_plan,
    is_pilot_applicant,
    save_plan,
    submit_plan,
)
from pilots.forms_pilot import MAX_ROWS, AreaFormSet, IndicatorFormSet, MilestoneFormSet, PlanForm
from pilots.models import IndicatorValue, Plan, PlanStatus
from pilots.views.pilot import load_pilot, not_applicant, pilot_url

PREFIXES = ("indicators", "milestones")


def _forms(pilot, plan: Plan, data=None, extra: dict[str, int] | None = None):
    """The plan's form and formsets, bound to ``data`` when posted. ``extra`` asks for more
    blank rows than the one always offered: {"indicators": 2} after 添加一行 on a saved plan
    whose blank row was left empty."""
    extra = extra or {}
    indicator_set = IndicatorFormSet
    milestone_set = MilestoneFormSet
    if extra.get("indicators", 1) > 1:
        indicator_set = type("More", (IndicatorFormSet,), {"extra": extra["indicators"]})
    if extra.get("milestones", 1) > 1:
        milestone_set = type("More", (MilestoneFormSet,), {"extra": extra["milestones"]})
    return {
        "plan_form": PlanForm(data, instance=plan, prefix="plan"),
        "areas": AreaFormSet(
            data, queryset=plan.areas.select_related("content_area"), prefix="areas"
        ),
        "indicators": indicator_set(
            data,
            instance=plan,
            pilot=pilot,
            prefix="indicators",
            queryset=plan.indicators.order_by("order", "pk"),
        ),
        "milestones": milestone_set(
            data,
            instance=plan,
            pilot=pilot,
            prefix="milestones",
            queryset=plan.milestones.order_by("due_on", "pk"),
        ),
    }


def _with_one_more_row(data, prefix: str):
    """The posted data with one more (blank) row in the ``prefix`` formset."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except ValueError:
        total = 0
    data[key] = str(min(total + 1, MAX_ROWS))
    return data


def _kept(formset) -> list:
    """The rows to keep: saved ones not marked for deletion, and new ones with content."""
    deleted = set(map(id, formset.deleted_forms))
    return [
        form
        for form in formset.forms
        if id(form) not in deleted and (form.instance.pk or form.has_changed())
    ]


def _check_deletions(indicators) -> bool:
    """An indicator with reported values stays: refuse its deletion next to it."""
    doomed = {f.instance.pk: f for f in indicators.deleted_forms if f.instance.pk}
    if not doomed:
        return True
    reported = set(
        IndicatorValue.objects.filter(indicator_id__in=doomed).values_list(
            "indicator_id", flat=True
        )
    )
    for pk in reported:
        doomed[pk].add_error(None, _("该指标已有进展报告数据，不能删除；可修改其名称或目标值。"))
    return not reported


def _rows(formset, fields: tuple[str, ...]) -> list[dict]:
    """The rows to keep, as ``actions.save_plan`` takes them."""
    return [
        {"pk": form.instance.pk, **{name: form.cleaned_data.get(name) for name in fields}}
        for form in _kept(formset)
    ]


def _save(plan: Plan, forms: dict, *, by) -> Plan:
    return save_plan(
        plan,
        summary=forms["plan_form"].cleaned_data["summary"],
        areas={
            form.instance.pk: (form.cleaned_data["goals"], form.cleaned_data["measures"])
            for form in forms["areas"].forms
        },
        indicators=_rows(forms["indicators"], INDICATOR_FIELDS),
        milestones=_rows(forms["milestones"], MILESTONE_FIELDS),
        by=by,
    )


def _blank_rows(formset) -> int:
    return sum(
        1
        for form in formset.forms
        if not form.instance.pk and not form.has_changed() and form not in formset.deleted_forms
    )


def _errors(forms: dict) -> list[tuple[str, str, str]]:
    """Every problem, as (anchor, what, message), in the page's order."""
    found = []
    for bf in forms["plan_form"]:
        for message in bf.errors:
            found.append((bf.id_for_label, bf.label, message))
    for form in forms["areas"].forms:
        area = form.instance.content_area.title
        for bf in form:
            for message in bf.errors:
                found.append((bf.id_for_label, f"{area}·{bf.label}", message))
    for key, what in (("indicators", _("指标")), ("milestones", _("任务节点"))):
        formset = forms[key]
        for message in formset.non_form_errors():
            found.append((key, what, message))
        for number, form in enumerate(formset.forms, start=1):
            for message in form.non_field_errors():
                found.append((f"{key}-row-{number}", f"{what}{number}", message))
            for bf in form:
                for message in bf.errors:
                    found.append((bf.id_for_label, f"{what}{number}·{bf.label}", message))
    return found


def _render(request, pilot, plan, forms, *, status: int = 200, **extra):
    latest = plan.versions.select_related("reviewed_by").order_by("-number").first()
    context = {
        "pilot": pilot,
        "programme": pilot.programme,
        "plan": plan,
        **forms,
        "errors": _errors(forms) if forms["plan_form"].is_bound else [],
        "returned": latest
        if latest is not None and latest.review_state == PlanStatus.RETURNED
        else None,
        **extra,
    }
    return render(request, "pilots/plan_edit.html", context, status=status)


@login_required
def plan_edit(request, pk: int):
    pilot = load_pilot(request, pk)
    if not is_pilot_applicant(request.user, pilot):
        return not_applicant(request, pilot)
    plan = ensure_plan(pilot)
    if not plan.is_editable:
        messages.info(
            request, _("试点方案%(s)s，现在不能修改。") % {"s": plan.get_status_display()}
        )
        return redirect(pilot_url(pilot, "plan"))
    if request.method != "POST":
        extra = {}
        for key in PREFIXES:
            try:
                extra[key] = max(1, min(int(request.GET.get(key, 1)), 10))
            except ValueError:
                extra[key] = 1
        return _render(request, pilot, plan, _forms(pilot, plan, extra=extra))

    action = request.POST.get("action", "save")
    data = request.POST
    adding = action.removeprefix("add:") if action.startswith("add:") else ""
    if adding and adding not in PREFIXES:
        adding = ""
    forms = _forms(pilot, plan, data)
    valid = all(f.is_valid() for f in forms.values()) and _check_deletions(forms["indicators"])
    if not valid:
        if adding:
            forms = _forms(pilot, plan, _with_one_more_row(data, adding))
            all(f.is_valid() for f in forms.values())
            _check_deletions(forms["indicators"])
        return _render(request, pilot, plan, forms, unsaved=True)
    try:
        _save(plan, forms, by=request.user)
    except Refused as error:
        return _render(request, pilot, plan, forms, unsaved=True, problems=error.messages)
    plan.refresh_from_db()
    if adding:
        more = _blank_rows(forms[adding]) + 1
        return redirect(f"{reverse('pilots:plan', args=[pilot.pk])}?{adding}={more}#{adding}")
    if action == "submit":
        try:
            submit_plan(plan, by=request.user)
        except Refused as error:
            # Saved, but not yet complete: say everything that is missing at once.
            return _render(
                request,
                pilot,
                plan,
                _forms(pilot, plan),
                problems=error.messages,
                saved=True,
            )
        where = pilot.province.name if pilot.province else _("省级民政部门")
        flash_done(request, _("试点方案已提交至%(org)s审核") % {"org": where})
        return redirect(pilot_url(pilot, "plan"))
    flash_done(request, _("试点方案已保存"))
    return redirect("pilots:plan", pk=pilot.pk)
