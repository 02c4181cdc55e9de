"""A factory for the portal tests: programmes built like the seed notices, and their portal
notices, without loading the seeds (``make.publish(...)``, ``make.make_notice(...)``)."""

from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

from portal.actions import publish_notice_for
from portal.models import Kind, Notice
from programmes.models import (
    ApplicantCategory,
    ApplicantKind,
    Block,
    ChainLevel,
    ContentArea,
    FieldType,
    FormDefinition,
    FormField,
    FormVersion,
    NoticeSection,
    Programme,
    Status,
)

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


class Factory:
    def __init__(self):
        self._serial = count(1)

    def make_programme(self, **fields) -> Programme:
        """A programme like 民函〔2013〕132号: two sections (the second lists the content
        areas), two content areas, and one applicant category with its form."""
        n = next(self._serial)
        fields.setdefault("name", f"企业社会工作试点{n}")
        fields.setdefault("notice_title", f"民政部关于开展企业社会工作试点的通知（{n}）")
        fields.setdefault("document_number", f"民函〔2099〕{n}号")  # clear of the seeds'
        fields.setdefault("issuer", "民政部")
        fields.setdefault(
            "addressees",
            "各省、自治区、直辖市民政厅(局),各计划单列市民政局,新疆生产建设兵团民政局",
        )
        fields.setdefault("preamble", "经研究决定在全国有条件的地区和单位开展企业社会工作试点。")
        fields.setdefault("receiving_department", "民政部社会工作司")
        fields.setdefault("application_deadline", beijing(2013, 6, 1, 23, 59))
        fields.setdefault("summary_deadline", beijing(2014, 6, 30, 23, 59))
        fields.setdefault("pilot_months", 12)
        fields.setdefault("status", Status.ARCHIVED)
        fields.setdefault("published_at", beijing(2013, 4, 26, 11, 10))
        sections = fields.pop(
            "sections",
            [
                ("一、指导思想", "以建设队伍、开发岗位、培育机构、开展服务为重点。", False),
                ("三、主要内容", "", True),
            ],
        )
        areas = fields.pop(
            "areas",
            [
                ("队伍建设", "制定企业社会工作专业人才队伍培训方案。"),
                ("岗位开发", "开发设置社会工作岗位，吸纳和使用社会工作专业人才。"),
            ],
        )
        categories = fields.pop("categories", [("试点地区", "企业社会工作试点地区申报表")])
        programme = Programme.objects.create(**fields)
        for order, (heading, body, lists_areas) in enumerate(sections, start=1):
            NoticeSection.objects.create(
                programme=programme,
                order=order,
                heading=heading,
                body=body,
                lists_content_areas=lists_areas,
            )
        for order, (title, text) in enumerate(areas, start=1):
            ContentArea.objects.create(programme=programme, order=order, title=title, text=text)
        for order, (name, form_title) in enumerate(categories, start=1):
            ApplicantCategory.objects.create(
                programme=programme,
                order=order,
                name=name,
                kind=ApplicantKind.REGION,
                region_tiers=[2, 3],
                form=self.make_form(form_title, programme=programme),
                chain=[
                    ChainLevel.APPLICANT,
                    ChainLevel.UPPER_CIVIL_AFFAIRS,
                    ChainLevel.PROVINCE,
                ],
            )
        return programme

    def make_form(self, title: str, *, programme: Programme | None = None) -> FormVersion:
        definition = FormDefinition.objects.create(
            title=title, applicant_label="申报地区", programme=programme
        )
        version = FormVersion.objects.create(definition=definition, number=1)
        FormField.objects.create(
            version=version,
            order=1,
            key="name",
            label="地区名称",
            field_type=FieldType.TEXT,
            block=Block.HEADER,
            row=1,
        )
        FormField.objects.create(
            version=version,
            order=2,
            key="plan",
            label="试点方案",
            field_type=FieldType.LONG_TEXT,
            max_length=3000,
        )
        return version

    def publish(self, programme: Programme | None = None, *, view_count: int = 0, **fields):
        """The portal notice of a programme (built with ``fields`` if none is given)."""
        programme = programme or self.make_programme(**fields)
        return publish_notice_for(programme, view_count=view_count)

    def make_notice(self, **fields) -> Notice:
        """A notice of the portal's own (no programme): a list or a policy document."""
        n = next(self._serial)
        fields.setdefault("kind", Kind.NOTICE)
        fields.setdefault("title", f"公告{n}")
        fields.setdefault("published_at", beijing(2020, 1, 1, 9, 0))
        fields.setdefault("search_text", fields["title"].lower())
        return Notice.objects.create(**fields)
