"""Changes to programmes and their forms: one transaction each, a version snapshot and an
audit row each."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Event
from audit.records import record
from programmes.models import (
    ALLOWED,
    ApplicantCategory,
    FormDefinition,
    FormField,
    FormVersion,
    Programme,
    ProgrammeVersion,
    Status,
)
from programmes.permissions import can_manage_programmes

FIELD_COPY = [
    "order",
    "key",
    "label",
    "field_type",
    "block",
    "row",
    "required",
    "max_length",
    "help_text",
    "choices",
    "prefill",
]


def snapshot(programme: Programme) -> dict:
    """The whole programme as plain data, for versions and their comparison."""
    plain = {
        f.name: _plain(getattr(programme, f.attname))
        for f in Programme._meta.concrete_fields
        if f.name not in {"id", "version", "updated_at", "created_by", "status", "published_at"}
    }
    plain["sections"] = [
        {"heading": s.heading, "body": s.body, "lists_content_areas": s.lists_content_areas}
        for s in programme.sections.order_by("order")
    ]
    plain["content_areas"] = [
        {"title": a.title, "text": a.text} for a in programme.content_areas.order_by("order")
    ]
    plain["categories"] = [
        {
            "name": c.name,
            "kind": c.kind,
            "region_tiers": c.region_tiers,
            "unit_categories": c.unit_categories,
            "accepts_affiliates": c.accepts_affiliates,
            "chain": c.chain,
            "max_per_organisation": c.max_per_organisation,
            "province_quota": c.province_quota,
            "form": str(c.form),
            # The fields as the applicant sees them, so that a form edit shows in a comparison.
            "form_fields": [_field_summary(f) for f in c.form.fields.all()],
        }
        for c in programme.categories.select_related("form__definition")
        .prefetch_related("form__fields")
        .order_by("order")
    ]
    return plain


def _field_summary(field) -> str:
    parts = [str(field.get_field_type_display())]
    if field.required:
        parts.append(str(_("必填")))
    if field.max_length:
        parts.append(str(_("%(n)d字以内") % {"n": field.max_length}))
    return f"{field.label}（{'，'.join(parts)}）"


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def compare(old: dict, new: dict) -> list[tuple[str, object, object]]:
    """(field, before, after) for every field that differs between two snapshots."""
    return [
        (key, old.get(key), new.get(key))
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    ]


def _check(by) -> None:
    if not can_manage_programmes(by):
        raise PermissionDenied


def save_version(programme: Programme, *, by, note: str = "") -> ProgrammeVersion:
    """Snapshot the programme as it now stands (call after every change, in its transaction)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    previous = programme.versions.first()
    programme.version = (previous.number if previous else 0) + 1
    programme.save(update_fields=["version"])
    version = ProgrammeVersion.objects.create(
        programme=programme,
        number=programme.version,
        snapshot=snapshot(programme),
        created_by=by,
        note=note,
    )
    changes = (
        {
            key: [before, after]
            for key, before, after in compare(previous.snapshot, version.snapshot)
        }
        if previous
        else {}
    )
    record(
        Event.PROGRAMME_CREATE if previous is None else Event.PROGRAMME_UPDATE,
        actor=by,
        obj=programme,
        summary=note or f"v{version.number}",
        changes=_shorten(changes),
    )
    return version


def _shorten(changes: dict) -> dict:
    """Audit rows keep a summary: long texts are cut."""

    def cut(value):
        text = value if isinstance(value, str) else repr(value)
        return text if len(text) <= 300 else text[:300] + "…"

    return {key: [cut(before), cut(after)] for key, (before, after) in changes.items()}


@transaction.atomic
def create_programme(programme: Programme, *, by) -> Programme:
    _check(by)
    programme.full_clean()
    programme.created_by = by
    programme.status = Status.DRAFT
    programme.save()
    save_version(programme, by=by, note=_("新建"))
    return programme


@transaction.atomic
def update_programme(programme: Programme, *, by, note: str = "") -> Programme:
    """Save edits made to a programme or its parts; only drafts may change."""
    _check(by)
    stored = Programme.objects.select_for_update().get(pk=programme.pk)
    if not stored.is_editable:
        raise ValidationError(_("已发布的试点项目不能修改；如需更正，请发布补充通知。"))
    programme.version = stored.version  # kept by save_version, never by the editor
    programme.full_clean()
    programme.save()
    save_version(programme, by=by, note=note)
    return programme


def check_publishable(programme: Programme) -> list[str]:
    problems = []
    if not programme.sections.exists():
        problems.append(_("通知正文为空。"))
    if not programme.content_areas.exists():
        problems.append(_("尚未填写试点主要内容。"))
    categories = list(programme.categories.select_related("form"))
    if not categories:
        problems.append(_("尚未设置申报类别。"))
    for category in categories:
        try:
            category.full_clean()
        except ValidationError as e:
            problems.extend(f"{category.name}：{m}" for m in e.messages)
    try:
        programme.full_clean()
    except ValidationError as e:
        problems.extend(e.messages)
    if programme.application_deadline <= timezone.now():
        problems.append(_("申报截止时间已过，不能发布。"))
    return problems


@transaction.atomic
def publish_programme(programme: Programme, *, by) -> Programme:
    _check(by)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Status.DRAFT:
        raise ValidationError(_("该试点项目已经发布。"))
    problems = check_publishable(programme)
    if problems:
        raise ValidationError(problems)
    programme.status = Status.PUBLISHED
    programme.published_at = timezone.now()
    programme.save(update_fields=["status", "published_at"])
    from portal.actions import publish_notice_for  # the portal lists what is published

    publish_notice_for(programme)
    record(
        Event.PROGRAMME_PUBLISH,
        actor=by,
        obj=programme,
        changes={"status": [Status.DRAFT, Status.PUBLISHED]},
    )
    return programme


@transaction.atomic
def move_programme(programme: Programme, status: Status, *, by) -> Programme:
    """The ministry's actions along the lifecycle (review, pilots running, …)."""
    _check(by)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if status not in ALLOWED[Status(programme.status)]:
        raise ValidationError(
            _("试点项目不能从“%(a)s”变为“%(b)s”。")
            % {"a": Status(programme.status).label, "b": status.label}
        )
    if status == Status.REVIEWING and not programme.deadline_passed():
        raise ValidationError(_("申报尚未截止，不能开始评审。"))
    before = programme.status
    programme.status = status
    programme.save(update_fields=["status"])
    record(Event.PROGRAMME_STATUS, actor=by, obj=programme, changes={"status": [before, status]})
    return programme


@transaction.atomic
def copy_form(
    source: FormVersion, *, programme: Programme | None, title: str = "", by=None
) -> FormVersion:
    """A new form (version 1) for a programme, copied from a template or another form."""
    definition = FormDefinition.objects.create(
        title=title or source.definition.title,
        applicant_label=source.definition.applicant_label,
        programme=programme,
    )
    version = FormVersion.objects.create(definition=definition, number=1)
    FormField.objects.bulk_create(
        FormField(version=version, **{name: getattr(f, name) for name in FIELD_COPY})
        for f in source.fields.all()
    )
    return version


@transaction.atomic
def editable_version(definition: FormDefinition, *, by) -> FormVersion:
    """The version to edit: the latest if no application uses it yet, otherwise a new copy,
    to which the programme's categories move (existing applications keep theirs)."""
    latest = (
        FormVersion.objects.select_for_update()
        .filter(definition=definition)
        .order_by("-number")
        .first()
    )
    if not latest.is_locked:
        return latest
    new = FormVersion.objects.create(definition=definition, number=latest.number + 1)
    FormField.objects.bulk_create(
        FormField(version=new, **{name: getattr(f, name) for name in FIELD_COPY})
        for f in latest.fields.all()
    )
    for category in ApplicantCategory.objects.filter(form=latest):
        category.form = new
        category.save(update_fields=["form"])
    record(
        Event.FORM_UPDATE,
        actor=by,
        obj=definition,
        summary=_("新建第%(n)d版（第%(o)d版已被申报使用）") % {"n": new.number, "o": latest.number},
    )
    return new


def lock_version(version: FormVersion) -> None:
    """Called when the first application is started on a version."""
    if version.locked_at is None:
        FormVersion.objects.filter(pk=version.pk, locked_at__isnull=True).update(
            locked_at=timezone.now()
        )
        version.refresh_from_db(fields=["locked_at"])
