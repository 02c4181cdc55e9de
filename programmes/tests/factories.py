"""Plain factories for programme tests (one ``make_*`` function per object)."""

from datetime import timedelta

from django.utils import timezone

from programmes.models import (
    ApplicantCategory,
    ContentArea,
    FieldType,
    FormDefinition,
    FormField,
    FormVersion,
    NoticeSection,
    Programme,
)


def make_programme(**fields) -> Programme:
    programme = new_programme(**fields)
    programme.full_clean()
    programme.save()
    return programme


def new_programme(**fields) -> Programme:
    """An unsaved programme with valid defaults."""
    now = timezone.now()
    fields.setdefault("name", "测试试点")
    fields.setdefault("notice_title", "民政部关于开展测试试点的通知")
    fields.setdefault("document_number", f"民函〔2026〕{Programme.objects.count() + 500}号")
    fields.setdefault("issued_on", now.date())
    fields.setdefault("addressees", "各省、自治区、直辖市民政厅(局)")
    fields.setdefault("receiving_department", "民政部社会工作司")
    fields.setdefault("application_deadline", now + timedelta(days=30))
    fields.setdefault("pilot_months", 12)
    fields.setdefault("summary_deadline", now + timedelta(days=400))
    return Programme(**fields)


def make_form(title="测试申报表", applicant_label="申报地区", fields=None) -> FormVersion:
    definition = FormDefinition.objects.create(title=title, applicant_label=applicant_label)
    version = FormVersion.objects.create(definition=definition, number=1)
    for order, (key, label, field_type) in enumerate(
        [("name", "地区名称", FieldType.TEXT), ("plan", "试点方案", FieldType.LONG_TEXT)]
        if fields is None
        else fields,
        start=1,
    ):
        FormField.objects.create(
            version=version,
            order=order,
            key=key,
            label=label,
            field_type=field_type,
            max_length=5000 if field_type == FieldType.LONG_TEXT else None,
        )
    return version


def make_category(programme=None, **fields) -> ApplicantCategory:
    programme = programme or make_programme()
    fields.setdefault("name", "试点地区")
    fields.setdefault("kind", "region")
    if fields["kind"] == "region":
        fields.setdefault("region_tiers", [2, 3])
        fields.setdefault("chain", ["applicant", "upper", "province"])
    else:
        fields.setdefault(
            "unit_categories",
            [
                "urban_community",
                "enterprise",
                "social_organisation",
                "public_institution",
                "rural_community",
            ],
        )
        fields.setdefault("chain", ["applicant", "supervisor", "upper", "province"])
    fields.setdefault("form", make_form())
    category = ApplicantCategory(programme=programme, **fields)
    category.full_clean()
    category.save()
    return category


def make_publishable(programme: Programme) -> Programme:
    NoticeSection.objects.create(programme=programme, order=1, heading="一、总体要求", body="……")
    ContentArea.objects.create(programme=programme, order=1, title="队伍建设", text="……")
    make_category(programme)
    return programme
