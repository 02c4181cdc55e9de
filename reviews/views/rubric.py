"""评分标准: the rubric that experts score a programme's applications (or, at the evaluation,
its pilots) against. Programme officers build it from the programme's content areas
(``actions.rubric_from_content_areas``) and edit its criteria: title, guidance, weight and
maximum score, added, removed and reordered, until the first score is given
(``actions.save_criteria`` refuses after that, and the page says so).

Adding, removing and moving rows re-renders the editor with the rows as typed (the buttons
are submit buttons, so the page works without JavaScript); only 保存评分标准 stores them.
"""

from decimal import Decimal, InvalidOperation

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.actions import Refused
from desk.flash import flash_done, flash_refused
from programmes.models import Programme
from reviews.actions import rubric_from_content_areas, save_criteria
from reviews.forms_experts import CriterionRowForm, criterion_row, row_forms
from reviews.models import Rubric, Stage
from reviews.views import load_programme

BLANK_ROW = dict.fromkeys(CriterionRowForm.FIELDS, "")


def stage_of(request) -> Stage:
    """The rubric's stage, from ``?stage=`` (申报评审 unless it says otherwise)."""
    value = request.GET.get("stage") or Stage.APPLICATION
    if value not in Stage.values:
        raise Http404
    return Stage(value)


def with_stage(url: str, stage: Stage) -> str:
    return url if stage == Stage.APPLICATION else f"{url}?stage={stage}"


def rubric_for(programme: Programme, stage: Stage) -> Rubric | None:
    return Rubric.objects.filter(programme=programme, stage=stage).first()


def number(value) -> str:
    """A score or total as people write it: 72.5, 100, 7.25 (no trailing zeros)."""
    if value is None:
        return ""
    text = f"{Decimal(value).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def officer_tabs(programme: Programme, stage: Stage, current: str) -> dict:
    """The heading and tabs shared by the officer's pages of expert review."""
    tabs = [
        ("rubric", _("评分标准"), "reviews:rubric"),
        ("assign", _("分配专家"), "reviews:assign"),
        ("scores", _("评分汇总"), "reviews:scores"),
    ]
    # The ministry's other review pages (reviews/views/inbox.py, determination.py).
    around = [
        ("inbox", _("申报汇总与形式审查"), "reviews:inbox"),
        ("determination", _("确定与名单"), "reviews:determination"),
    ]
    return {
        "programme": programme,
        "stage": stage,
        "stages": [
            (s, s.label, with_stage(reverse(f"reviews:{current}", args=[programme.pk]), s))
            for s in Stage
        ],
        "tabs": [
            (key, label, with_stage(reverse(name, args=[programme.pk]), stage), key == current)
            for key, label, name in tabs
        ],
        "around": [(label, reverse(name, args=[programme.pk])) for _key, label, name in around],
    }


def _row_total(raw: dict) -> Decimal | None:
    try:
        return Decimal(str(raw["weight"])) * Decimal(str(raw["max_score"]))
    except (InvalidOperation, TypeError, ValueError):
        return None


def _editor(request, programme, stage, rubric, forms, *, unsaved=False, status=200):
    rows = [(form, number(_row_total(form.raw()))) for form in forms]
    shown_total = sum((t for f in forms if (t := _row_total(f.raw())) is not None), Decimal(0))
    criteria = list(rubric.criteria.all()) if rubric else []
    locked = bool(rubric and rubric.has_scores())
    context = {
        **officer_tabs(programme, stage, "rubric"),
        "rubric": rubric,
        "criteria": [(c, number(c.weight), number(c.weight * c.max_score)) for c in criteria],
        "max_total": number(rubric.max_total()) if rubric else "",
        "rows": rows,
        "row_count": len(forms),
        "shown_total": number(shown_total),
        "unsaved": unsaved,
        "locked": locked,
        "area_count": programme.content_areas.count(),
        "errors": [e for form in forms for e in _form_errors(form)],
    }
    return render(request, "reviews/rubric_edit.html", context, status=status)


def _form_errors(form: CriterionRowForm) -> list[tuple[str, str, str]]:
    """(input id, what, message) for the summary at the top of the editor."""
    if not form.is_bound or form.is_valid():
        return []
    title = form["title"].value() or _("（未命名）")
    return [
        (form[name].id_for_label, f"{title} · {form.fields[name].label}", error)
        for name, errors in form.errors.items()
        for error in errors
    ]


def _edit_rows(post, forms: list[CriterionRowForm]) -> list[dict] | None:
    """Apply 添加 / 删除 / 上移 / 下移 to the rows as typed; None when the POST is a save."""
    rows = [form.raw() for form in forms]
    if "add" in post:
        return [*rows, dict(BLANK_ROW)]
    if "remove" in post:
        index = _index(post["remove"], rows)
        return rows[:index] + rows[index + 1 :]
    if "move" in post:
        where, _sep, direction = post["move"].partition(":")
        index = _index(where, rows)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
        return rows
    return None


def _index(value: str, rows: list) -> int:
    try:
        index = int(value)
    except ValueError as e:
        raise Http404 from e
    if not 0 <= index < len(rows):
        raise Http404
    return index


@login_required
def rubric(request, pk: int):
    """The rubric of a programme for one stage: create it, then edit its criteria."""
    programme = load_programme(request, pk)
    stage = stage_of(request)
    current = rubric_for(programme, stage)
    here = with_stage(reverse("reviews:rubric", args=[programme.pk]), stage)
    if request.method != "POST":
        rows = [criterion_row(c) for c in current.criteria.all()] if current else []
        return _editor(request, programme, stage, current, row_forms(rows=rows))

    if "create" in request.POST:
        try:
            current = rubric_from_content_areas(programme, by=request.user, stage=stage)
        except Refused as e:
            flash_refused(request, e)
        else:
            flash_done(
                request,
                _("已按试点主要内容生成评分标准（%(n)d 项）") % {"n": current.criteria.count()},
            )
        return redirect(here)
    if current is None:
        raise Http404

    forms = row_forms(request.POST)
    edited = _edit_rows(request.POST, forms)
    if edited is not None:
        return _editor(request, programme, stage, current, row_forms(rows=edited), unsaved=True)
    if not all(form.is_valid() for form in forms):
        return _editor(request, programme, stage, current, forms, unsaved=True)
    areas = set(programme.content_areas.values_list("pk", flat=True))
    rows = [form.cleaned_data for form in forms if form.cleaned_data]
    for row in rows:
        row["guidance"] = row.get("guidance", "").strip()
        if row.get("content_area_id") not in areas:
            row["content_area_id"] = None
    try:
        save_criteria(current, rows, by=request.user)
    except Refused as e:
        flash_refused(request, e)
        return _editor(request, programme, stage, current, forms, unsaved=True)
    flash_done(
        request,
        _("评分标准已保存：%(n)d 项，满分合计 %(t)s 分")
        % {"n": len(rows), "t": number(current.max_total())},
    )
    return redirect(here)
