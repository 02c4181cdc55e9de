"""The programme editor, for the ministry's programme officers, and the programme pages.

Everyone signed in may list and read the programmes they can see (drafts are the ministry's
own: 404 elsewhere); every editor page answers 403 to anyone but a programme officer. Only
drafts change: a published programme's editor pages are read-only.

A change to a programme's parts runs in ``_changing``: one transaction that refuses a
programme no longer in draft and ends with the version snapshot (``save_version``).
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Max, ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from desk.templatetags.shidian import cn_datetime
from organisations.models import Kind, Organisation, Tier, UnitCategory
from programmes.actions import (
    check_publishable,
    compare,
    copy_form,
    create_programme,
    editable_version,
    publish_programme,
    save_version,
    update_programme,
)
from programmes.forms import (
    PREFILL_CHOICES,
    CategoryForm,
    ContentAreaForm,
    FormDefinitionForm,
    FormFieldForm,
    NewFormForm,
    ProgrammeEditForm,
    ProgrammeForm,
    SectionForm,
)
from programmes.models import (
    ApplicantCategory,
    ApplicantKind,
    ChainLevel,
    ContentArea,
    FormDefinition,
    FormField,
    FormVersion,
    NoticeSection,
    Programme,
    ProgrammeVersion,
)
from programmes.permissions import can_manage_programmes

# --------------------------------------------------------------------------- loading


def _require_officer(request) -> None:
    if not can_manage_programmes(request.user):
        raise PermissionDenied


def load_programme(request, pk: int, *, for_edit: bool = False) -> Programme:
    """Editor pages: 403 for anyone but a programme officer. Reading: 404 for a programme the
    user may not see (a draft, outside the ministry)."""
    if for_edit:
        _require_officer(request)
        return get_object_or_404(Programme, pk=pk)
    return get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)


def _read_only_message() -> str:
    return _("已发布的试点项目不能修改；如需更正，请发布补充通知。")


@contextmanager
def _changing(programme: Programme, *, by, note: str):
    """Change a draft's parts in one transaction ending with its version snapshot."""
    with transaction.atomic():
        stored = Programme.objects.select_for_update().get(pk=programme.pk)
        if not stored.is_editable:
            raise ValidationError(_read_only_message())
        yield
        save_version(stored, by=by, note=note)


def _refuse(request, programme: Programme, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect("programmes:detail", pk=programme.pk)


def _disable(form) -> None:
    for field in form.fields.values():
        field.disabled = True


def _renumber(items: list[models.Model]) -> None:
    """Store ``items`` in this order as 1, 2, 3 … (through a free range: orders are unique)."""
    for shift in (10000, 0):
        for place, item in enumerate(items, start=1):
            type(item).objects.filter(pk=item.pk).update(order=shift + place)


def _moved(items: list, pk: int, direction: str) -> list | None:
    index = next((i for i, item in enumerate(items) if item.pk == pk), None)
    if index is None:
        raise Http404
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        return None
    items = list(items)
    items[index], items[other] = items[other], items[index]
    return items


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


def _editor_context(programme: Programme, tab: str, **extra) -> dict:
    return {"programme": programme, "tab": tab, "read_only": not programme.is_editable, **extra}


# --------------------------------------------------------------------------- programmes

SORTS = {"deadline": "application_deadline", "-deadline": "-application_deadline"}


@login_required
def programme_list(request):
    sort = request.GET.get("sort", "-deadline")
    if sort not in SORTS:
        sort = "-deadline"
    programmes = Programme.objects.visible_to(request.user).order_by(SORTS[sort], "-pk")
    page = Paginator(programmes, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/programme_list.html",
        {
            "page": page,
            "sort": sort,
            "next_sort": "deadline" if sort == "-deadline" else "-deadline",
            "can_manage": can_manage_programmes(request.user),
        },
    )


def _ministry_department(user) -> str:
    organisation = user.organisation if user.is_ministry else None
    organisation = organisation or Organisation.objects.filter(kind=Kind.MINISTRY).first()
    return organisation.department_name if organisation else ""


@login_required
def programme_create(request):
    _require_officer(request)
    form = ProgrammeForm(
        request.POST or None,
        initial={"receiving_department": _ministry_department(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = create_programme(form.save(commit=False), by=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                _("已新建试点项目“%(name)s”（草稿）。请继续填写通知正文、主要内容和申报类别。")
                % {"name": programme.name},
            )
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/programme_form.html", {"form": form})


@login_required
def programme_detail(request, pk: int):
    programme = load_programme(request, pk)
    can_manage = can_manage_programmes(request.user)
    categories = programme.categories.select_related("form__definition")
    context = {
        "programme": programme,
        "tab": "overview",
        "can_manage": can_manage,
        "read_only": not programme.is_editable,
        "sections": programme.sections.all(),
        "areas": programme.content_areas.all(),
        "categories": categories,
    }
    if can_manage:
        context["forms"] = programme.form_definitions.prefetch_related("versions")
        context["latest_version"] = programme.versions.select_related("created_by").first()
        if programme.is_editable:
            context["problems"] = check_publishable(programme)
    return render(request, "programmes/programme_detail.html", context)


@login_required
def programme_edit(request, pk: int):
    programme = load_programme(request, pk, for_edit=True)
    # A copy for the form: a refused edit must not show in the page's own headings.
    form = ProgrammeEditForm(request.POST or None, instance=Programme.objects.get(pk=pk))
    if not programme.is_editable:
        del form.fields["note"]
        _disable(form)
    elif request.method == "POST" and form.is_valid():
        try:
            update_programme(
                form.save(commit=False),
                by=request.user,
                note=form.cleaned_data["note"] or _("修改通知信息"),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("已保存通知信息。"))
            return redirect("programmes:detail", pk=programme.pk)
    return render(
        request, "programmes/programme_form.html", _editor_context(programme, "notice", form=form)
    )


@login_required
@require_POST
def programme_publish(request, pk: int):
    programme = load_programme(request, pk, for_edit=True)
    try:
        programme = publish_programme(programme, by=request.user)
    except ValidationError as e:
        return _refuse(request, programme, e)
    messages.success(
        request,
        _("已发布 · %(who)s · %(when)s。通知已在门户网站公开，申报主体可按类别申报。")
        % {"who": request.user, "when": cn_datetime(programme.published_at)},
    )
    return redirect("programmes:detail", pk=programme.pk)


# --------------------------------------------------------------------------- sections, areas


@dataclass(frozen=True)
class Part:
    """A numbered part of a programme edited as a list: sections or content areas."""

    model: type[models.Model]
    form_class: type
    related_name: str
    tab: str
    url_prefix: str  # programmes:<prefix>_list / _add / _edit / _delete / _move
    plural: str
    singular: str
    title_field: str

    def items(self, programme: Programme):
        return getattr(programme, self.related_name).order_by("order")


SECTIONS = Part(
    model=NoticeSection,
    form_class=SectionForm,
    related_name="sections",
    tab="sections",
    url_prefix="section",
    plural=gettext_lazy("通知正文"),
    singular=gettext_lazy("正文部分"),
    title_field="heading",
)
AREAS = Part(
    model=ContentArea,
    form_class=ContentAreaForm,
    related_name="content_areas",
    tab="areas",
    url_prefix="area",
    plural=gettext_lazy("试点主要内容"),
    singular=gettext_lazy("主要内容"),
    title_field="title",
)
PARTS = {"sections": SECTIONS, "areas": AREAS}


def _part_url(part: Part, action: str, programme: Programme, item=None) -> str:
    args = [programme.pk] if item is None else [programme.pk, item.pk]
    return reverse(f"programmes:{part.url_prefix}_{action}", args=args)


@login_required
def part_list(request, pk: int, part: str):
    part_ = PARTS[part]
    programme = load_programme(request, pk, for_edit=True)
    return render(
        request,
        f"programmes/{part}_list.html",
        _editor_context(programme, part_.tab, part=part_, items=part_.items(programme)),
    )


@login_required
def part_edit(request, pk: int, part: str, item_pk: int | None = None):
    part_ = PARTS[part]
    programme = load_programme(request, pk, for_edit=True)
    items = part_.items(programme)
    item = get_object_or_404(items, pk=item_pk) if item_pk else None
    instance = item or part_.model(programme=programme, order=_next_order(items))
    form = part_.form_class(request.POST or None, instance=instance)
    if not programme.is_editable:
        _disable(form)
    elif request.method == "POST" and form.is_valid():
        title = getattr(form.instance, part_.title_field)
        note = (_("修改%(part)s“%(title)s”") if item else _("新增%(part)s“%(title)s”")) % {
            "part": part_.singular,
            "title": title,
        }
        try:
            with _changing(programme, by=request.user, note=note):
                if item is None:  # appended where the list now ends
                    form.instance.order = _next_order(part_.items(programme))
                form.save()
        except ValidationError as e:
            return _refuse(request, programme, e)
        messages.success(request, _("已保存：%(title)s。") % {"title": title})
        return redirect(f"programmes:{part_.url_prefix}_list", pk=programme.pk)
    return render(
        request,
        "programmes/part_form.html",
        _editor_context(
            programme,
            part_.tab,
            part=part_,
            item=item,
            form=form,
            list_url=_part_url(part_, "list", programme),
        ),
    )


@login_required
@require_POST
def part_delete(request, pk: int, part: str, item_pk: int):
    part_ = PARTS[part]
    programme = load_programme(request, pk, for_edit=True)
    item = get_object_or_404(part_.items(programme), pk=item_pk)
    title = getattr(item, part_.title_field)
    note = _("删除%(part)s“%(title)s”") % {"part": part_.singular, "title": title}
    try:
        with _changing(programme, by=request.user, note=note):
            item.delete()
            _renumber(list(part_.items(programme)))
    except ValidationError as e:
        return _refuse(request, programme, e)
    messages.success(request, _("已删除：%(title)s。") % {"title": title})
    return redirect(f"programmes:{part_.url_prefix}_list", pk=programme.pk)


@login_required
@require_POST
def part_move(request, pk: int, part: str, item_pk: int):
    part_ = PARTS[part]
    programme = load_programme(request, pk, for_edit=True)
    _move(request, programme, list(part_.items(programme)), item_pk, part_.title_field)
    return redirect(f"programmes:{part_.url_prefix}_list", pk=programme.pk)


def _move(request, programme: Programme, items: list, item_pk: int, title_field: str) -> None:
    items = _moved(items, item_pk, request.POST.get("direction", ""))
    if items is None:
        return
    item = next(i for i in items if i.pk == item_pk)
    note = _("调整“%(title)s”的顺序") % {"title": getattr(item, title_field)}
    try:
        with _changing(programme, by=request.user, note=note):
            _renumber(items)
    except ValidationError as e:
        _refuse(request, programme, e)


# --------------------------------------------------------------------------- categories


@login_required
def category_list(request, pk: int):
    programme = load_programme(request, pk, for_edit=True)
    categories = programme.categories.select_related("form__definition")
    return render(
        request,
        "programmes/category_list.html",
        _editor_context(programme, "categories", categories=categories),
    )


@login_required
def category_edit(request, pk: int, item_pk: int | None = None):
    programme = load_programme(request, pk, for_edit=True)
    category = (
        get_object_or_404(programme.categories.select_related("form"), pk=item_pk)
        if item_pk
        else ApplicantCategory(programme=programme)
    )
    form = CategoryForm(request.POST or None, instance=category, programme=programme)
    if not programme.is_editable:
        _disable(form)
    elif request.method == "POST" and form.is_valid():
        category = form.instance
        note = (_("修改申报类别“%(name)s”") if item_pk else _("新增申报类别“%(name)s”")) % {
            "name": category.name
        }
        try:
            with _changing(programme, by=request.user, note=note):
                if form.template_version is not None:
                    category.form = copy_form(
                        form.template_version,
                        programme=programme,
                        title=form.cleaned_data["form_title"],
                        by=request.user,
                    )
                if not item_pk:
                    category.order = _next_order(programme.categories.all())
                category.full_clean()
                category.save()
        except ValidationError as e:
            return _refuse(request, programme, e)
        messages.success(request, _("已保存申报类别：%(name)s。") % {"name": category.name})
        return redirect("programmes:category_list", pk=programme.pk)
    return render(
        request,
        "programmes/category_form.html",
        _editor_context(programme, "categories", form=form, category=category if item_pk else None),
    )


@login_required
@require_POST
def category_delete(request, pk: int, item_pk: int):
    programme = load_programme(request, pk, for_edit=True)
    category = get_object_or_404(programme.categories, pk=item_pk)
    try:
        with _changing(programme, by=request.user, note=_("删除申报类别“%s”") % category.name):
            category.delete()
            _renumber(list(programme.categories.order_by("order", "pk")))
    except ValidationError as e:
        return _refuse(request, programme, e)
    messages.success(request, _("已删除申报类别：%(name)s。") % {"name": category.name})
    return redirect("programmes:category_list", pk=programme.pk)


@login_required
@require_POST
def category_move(request, pk: int, item_pk: int):
    programme = load_programme(request, pk, for_edit=True)
    _move(request, programme, list(programme.categories.order_by("order", "pk")), item_pk, "name")
    return redirect("programmes:category_list", pk=programme.pk)


# --------------------------------------------------------------------------- forms


def _load_definition(programme: Programme, form_pk: int) -> FormDefinition:
    return get_object_or_404(FormDefinition, pk=form_pk, programme=programme)


@login_required
def form_list(request, pk: int):
    programme = load_programme(request, pk, for_edit=True)
    new_form = NewFormForm(request.POST or None, programme=programme)
    if not programme.is_editable:
        _disable(new_form)
    elif request.method == "POST" and new_form.is_valid():
        data = new_form.cleaned_data
        try:
            with _changing(programme, by=request.user, note=_("新建申报表")):
                if data["version"] is None:
                    definition = FormDefinition.objects.create(
                        title=data["title"],
                        applicant_label=data["applicant_label"] or _("申报单位"),
                        programme=programme,
                    )
                    FormVersion.objects.create(definition=definition, number=1)
                else:
                    version = copy_form(
                        data["version"], programme=programme, title=data["title"], by=request.user
                    )
                    definition = version.definition
        except ValidationError as e:
            return _refuse(request, programme, e)
        messages.success(request, _("已新建申报表：%(title)s。") % {"title": definition.title})
        return redirect("programmes:form_builder", pk=programme.pk, form_pk=definition.pk)
    definitions = programme.form_definitions.prefetch_related("versions__categories")
    return render(
        request,
        "programmes/form_list.html",
        _editor_context(programme, "forms", definitions=definitions, new_form=new_form),
    )


@login_required
def form_builder(request, pk: int, form_pk: int):
    programme = load_programme(request, pk, for_edit=True)
    definition = _load_definition(programme, form_pk)
    form = FormDefinitionForm(request.POST or None, instance=definition)
    if not programme.is_editable:
        _disable(form)
    elif request.method == "POST" and form.is_valid():
        try:
            with _changing(
                programme, by=request.user, note=_("修改申报表“%s”") % form.instance.title
            ):
                form.save()
        except ValidationError as e:
            return _refuse(request, programme, e)
        messages.success(request, _("已保存表名。"))
        return redirect("programmes:form_builder", pk=programme.pk, form_pk=definition.pk)
    version = definition.latest()
    fields = list(version.fields.all())
    for field in fields:
        field.prefill_label = dict(PREFILL_CHOICES).get(field.prefill, field.prefill)
    return render(
        request,
        "programmes/form_builder.html",
        _editor_context(
            programme,
            "forms",
            definition=definition,
            version=version,
            fields=fields,
            versions=definition.versions.all(),
            categories=ApplicantCategory.objects.filter(form__definition=definition),
            form=form,
        ),
    )


@login_required
@require_POST
def form_delete(request, pk: int, form_pk: int):
    programme = load_programme(request, pk, for_edit=True)
    definition = _load_definition(programme, form_pk)
    if ApplicantCategory.objects.filter(form__definition=definition).exists():
        messages.error(request, _("该申报表正被申报类别使用，请先为类别改选其他申报表。"))
        return redirect("programmes:form_builder", pk=programme.pk, form_pk=definition.pk)
    try:
        with _changing(programme, by=request.user, note=_("删除申报表“%s”") % definition.title):
            definition.delete()
    except (ValidationError, ProtectedError):
        messages.error(request, _("该申报表已被使用，不能删除。"))
        return redirect("programmes:form_builder", pk=programme.pk, form_pk=definition.pk)
    messages.success(request, _("已删除申报表：%(title)s。") % {"title": definition.title})
    return redirect("programmes:form_list", pk=programme.pk)


def _version_note(definition: FormDefinition, what: str) -> str:
    return _("申报表“%(form)s”：%(what)s") % {"form": definition.title, "what": what}


@login_required
def field_edit(request, pk: int, form_pk: int, key: str | None = None):
    """Edits go to ``editable_version``: a version applications use is never changed."""
    programme = load_programme(request, pk, for_edit=True)
    definition = _load_definition(programme, form_pk)
    latest = definition.latest()
    if key is not None:
        field = get_object_or_404(latest.fields, key=key)
    else:
        field = FormField(version=latest, order=_next_order(latest.fields.all()))
    form = FormFieldForm(request.POST or None, instance=field, version=latest)
    if not programme.is_editable:
        _disable(form)
    elif request.method == "POST" and form.is_valid():
        what = (_("修改栏目“%s”") if key else _("新增栏目“%s”")) % form.instance.label
        try:
            with _changing(programme, by=request.user, note=_version_note(definition, what)):
                version = editable_version(definition, by=request.user)
                if version.pk != latest.pk:  # a locked version: the same field in the copy
                    target = version.fields.get(key=key) if key else FormField(version=version)
                    for name in [*FormFieldForm.Meta.fields, "order"]:
                        setattr(target, name, getattr(form.instance, name))
                else:
                    target = form.instance
                target.full_clean()
                target.save()
        except ValidationError as e:
            return _refuse(request, programme, e)
        messages.success(request, _("已保存栏目：%(label)s。") % {"label": target.label})
        return redirect("programmes:form_builder", pk=programme.pk, form_pk=definition.pk)
    return render(
        request,
        "programmes/field_form.html",
        _editor_context(
            programme, "forms", definition=definition, version=latest, field=field, form=form
        ),
    )


@login_required
@require_POST
def field_delete(request, pk: int, form_pk: int, key: str):
    programme = load_programme(request, pk, for_edit=True)
    definition = _load_definition(programme, form_pk)
    field = get_object_or_404(definition.latest().fields, key=key)
    what = _("删除栏目“%s”") % field.label
    try:
        with _changing(programme, by=request.user, note=_version_note(definition, what)):
            version = editable_version(definition, by=request.user)
            version.fields.filter(key=key).delete()
            _renumber(list(version.fields.order_by("order", "pk")))
    except ValidationError as e:
        return _refuse(request, programme, e)
    messages.success(request, _("已删除栏目：%(label)s。") % {"label": field.label})
    return redirect("programmes:form_builder", pk=programme.pk, form_pk=definition.pk)


@login_required
@require_POST
def field_move(request, pk: int, form_pk: int, key: str):
    programme = load_programme(request, pk, for_edit=True)
    definition = _load_definition(programme, form_pk)
    fields = list(definition.latest().fields.order_by("order", "pk"))
    field = next((f for f in fields if f.key == key), None)
    if field is None:
        raise Http404
    moved = _moved(fields, field.pk, request.POST.get("direction", ""))
    if moved is not None:
        keys = [f.key for f in moved]
        what = _("调整栏目“%s”的顺序") % field.label
        try:
            with _changing(programme, by=request.user, note=_version_note(definition, what)):
                version = editable_version(definition, by=request.user)
                by_key = {f.key: f for f in version.fields.all()}
                _renumber([by_key[k] for k in keys if k in by_key])
        except ValidationError as e:
            return _refuse(request, programme, e)
    return redirect("programmes:form_builder", pk=programme.pk, form_pk=definition.pk)


# --------------------------------------------------------------------------- versions


@login_required
def version_list(request, pk: int):
    programme = load_programme(request, pk, for_edit=True)
    versions = programme.versions.select_related("created_by")
    return render(
        request,
        "programmes/version_list.html",
        _editor_context(programme, "versions", versions=versions),
    )


@login_required
def version_compare(request, pk: int):
    programme = load_programme(request, pk, for_edit=True)
    versions = list(programme.versions.select_related("created_by"))  # newest first
    if not versions:
        raise Http404
    numbers = {v.number: v for v in versions}

    def pick(name: str, default: ProgrammeVersion) -> ProgrammeVersion:
        value = request.GET.get(name, "")
        return numbers.get(int(value), default) if value.isdigit() else default

    new = pick("b", versions[0])
    old = pick("a", versions[1] if len(versions) > 1 else versions[0])
    return render(
        request,
        "programmes/version_compare.html",
        _editor_context(
            programme,
            "versions",
            versions=versions,
            old=old,
            new=new,
            rows=describe_changes(old.snapshot, new.snapshot),
        ),
    )


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str


PART_LABELS = {
    "sections": (
        gettext_lazy("通知正文"),
        {
            name: NoticeSection._meta.get_field(name).verbose_name
            for name in ["heading", "body", "lists_content_areas"]
        },
    ),
    "content_areas": (
        gettext_lazy("试点主要内容"),
        {name: ContentArea._meta.get_field(name).verbose_name for name in ["title", "text"]},
    ),
    "categories": (
        gettext_lazy("申报类别"),
        {
            name: ApplicantCategory._meta.get_field(name).verbose_name
            for name in [
                "name",
                "kind",
                "region_tiers",
                "unit_categories",
                "accepts_affiliates",
                "chain",
                "max_per_organisation",
                "province_quota",
                "form",
            ]
        },
    ),
}
DATETIME_FIELDS = {
    f.name for f in Programme._meta.concrete_fields if isinstance(f, models.DateTimeField)
}


def _show(key: str, value) -> str:
    """A snapshot value as the officer reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if key in DATETIME_FIELDS and isinstance(value, str):
        try:
            return f"{datetime.fromisoformat(value):%Y-%m-%d %H:%M}"
        except ValueError:
            return value
    if key == "kind":
        return str(ApplicantKind(value).label) if value in ApplicantKind.values else value
    if key == "region_tiers":
        return "、".join(str(Tier(t).label) if t in Tier.values else str(t) for t in value)
    if key == "unit_categories":
        return "、".join(
            str(UnitCategory(c).label) if c in UnitCategory.values else c for c in value
        )
    if key == "chain":
        return " → ".join(str(ChainLevel(c).label) if c in ChainLevel.values else c for c in value)
    return str(value)


def _show_item(labels: dict, item: dict | None) -> str:
    if item is None:
        return "—"
    return "\n".join(f"{labels.get(k, k)}：{_show(k, v)}" for k, v in item.items())


def describe_changes(old: dict, new: dict) -> list[ChangeRow]:
    """``compare`` as rows of a field / before / after table, in the notice's order; a list
    part (sections, areas, categories) item by item, field by field."""
    order = [f.name for f in Programme._meta.concrete_fields] + list(PART_LABELS)
    changes = sorted(
        compare(old, new), key=lambda c: order.index(c[0]) if c[0] in order else len(order)
    )
    rows = []
    for key, before, after in changes:
        if key not in PART_LABELS:
            try:
                label = str(Programme._meta.get_field(key).verbose_name)
            except Exception:
                label = key
            rows.append(ChangeRow(label, _show(key, before), _show(key, after)))
            continue
        part_label, labels = PART_LABELS[key]
        before, after = before or [], after or []
        for index in range(max(len(before), len(after))):
            b = before[index] if index < len(before) else None
            a = after[index] if index < len(after) else None
            if a == b:
                continue
            place = _("%(part)s第%(n)d项") % {"part": part_label, "n": index + 1}
            if a is None or b is None:
                rows.append(ChangeRow(place, _show_item(labels, b), _show_item(labels, a)))
                continue
            for sub, sub_label in labels.items():
                if b.get(sub) != a.get(sub):
                    rows.append(
                        ChangeRow(
                            f"{place} · {sub_label}", _show(sub, b.get(sub)), _show(sub, a.get(sub))
                        )
                    )
    return rows
