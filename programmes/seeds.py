"""Built-in data of the programmes app: the official application forms as templates, the two
historical programmes of the seed notices, and one demo programme open for applications today.

- ``ensure_form_templates()``: 附件1/附件2 of 民函〔2009〕148号, field by field, as the built-in
  templates every programme copies its forms from.
- ``ensure_seed_programmes()``: 民函〔2009〕148号 and 民函〔2013〕132号 exactly as published
  (texts in ``programmes/seed_texts/``). They are *historic imports*: created through
  ``create_programme`` like any programme (so they are versioned and audited), then put
  straight into ``ARCHIVED`` with their original publication time and portal view count. That
  bypasses ``publish_programme`` and ``move_programme`` on purpose: their deadlines passed
  long ago (publishing would refuse), and their lifecycle happened outside the system. The
  status change is written with ``save(update_fields=...)`` and recorded in the audit trail.
- ``ensure_open_demo_programme()``: a clearly marked demo (民函〔2026〕9001号, titles ending in
  （演示）) whose application deadline is 45 days after the first load, published through
  ``publish_programme`` so that it follows the real path.

``load_programmes()`` runs all three; every step is idempotent (templates are looked up by
title, programmes by document number) and leaves existing rows alone, whatever users did
with them since. The programmes are created in the name of the ministry's programme officer
(the demo account ``mz_officer`` when present), so the demo accounts must be loaded first.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from audit.models import Event
from audit.records import record
from lib.dates import add_months
from lib.docnumbers import normalise_document_number
from organisations.models import Tier, UnitCategory
from programmes.actions import copy_form, create_programme, publish_programme, save_version
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
SEED_TEXTS = Path(__file__).resolve().parent / "seed_texts"
DEMO_OFFICER = "mz_officer"


def beijing(year: int, month: int, day: int, hour: int = 23, minute: int = 59) -> datetime:
    """An aware datetime in Beijing time (the notices' deadlines are Beijing dates)."""
    return datetime(year, month, day, hour, minute, tzinfo=BEIJING)


# --------------------------------------------------------------------------- form templates

REGION = ApplicantKind.REGION.value
UNIT = ApplicantKind.UNIT.value

TEMPLATE_TITLES = {
    REGION: "社会工作人才队伍建设试点地区申报表",
    UNIT: "社会工作人才队伍建设试点单位申报表",
}
APPLICANT_LABELS = {REGION: "申报地区", UNIT: "申报单位"}


def _foundation_label(kind: str, subject: str) -> str:
    """申报地区社会工作人才队伍建设现有基础 and the like."""
    return f"{APPLICANT_LABELS[kind]}{subject}现有基础"


def _foundation_help(kind: str, what: str) -> str:
    where = "本地区" if kind == REGION else "本单位"
    return f"简述{where}{what}等现有基础。"


def template_fields(kind: str) -> list[dict]:
    """The fields of 附件1 (region) or 附件2 (unit), in the form's order. The opinion rows
    (意见) are not fields: they come from the applicant category's chain; 备注 follows them."""
    region = kind == REGION
    name_key, name_label = ("region_name", "地区名称") if region else ("unit_name", "单位名称")
    header = Block.HEADER
    return [
        dict(
            key=name_key,
            label=name_label,
            field_type=FieldType.TEXT,
            block=header,
            row=1,
            max_length=100,
            prefill="name",
            help_text="填写全称。" if region else "填写单位全称（与公章一致）。",
        ),
        dict(
            key="address",
            label="通信地址",
            field_type=FieldType.TEXT,
            block=header,
            row=2,
            max_length=200,
            prefill="address",
        ),
        dict(
            key="postcode",
            label="邮政编码",
            field_type=FieldType.POSTCODE,
            block=header,
            row=2,
            prefill="postcode",
        ),
        dict(
            key="leader_name",
            label="分管领导",
            field_type=FieldType.TEXT,
            block=header,
            row=3,
            max_length=32,
        ),
        dict(
            key="leader_title",
            label="职务",
            field_type=FieldType.TEXT,
            block=header,
            row=3,
            max_length=32,
        ),
        dict(
            key="leader_phone",
            label="联系电话",
            field_type=FieldType.PHONE,
            block=header,
            row=3,
            help_text="固定电话请加区号。",
        ),
        dict(
            key="contact_name",
            label="联系人",
            field_type=FieldType.TEXT,
            block=header,
            row=4,
            max_length=32,
        ),
        dict(
            key="contact_title",
            label="职务",
            field_type=FieldType.TEXT,
            block=header,
            row=4,
            max_length=32,
        ),
        dict(
            key="contact_phone",
            label="联系电话",
            field_type=FieldType.PHONE,
            block=header,
            row=4,
            prefill="phone",
            help_text="固定电话请加区号。",
        ),
        dict(
            key="email",
            label="电子信箱",
            field_type=FieldType.EMAIL,
            block=header,
            row=5,
            prefill="email",
        ),
        dict(
            key="fax",
            label="传真",
            field_type=FieldType.FAX,
            block=header,
            row=5,
            required=False,
            help_text="没有可不填。",
        ),
        dict(
            key="foundation",
            label=_foundation_label(kind, "社会工作人才队伍建设"),
            field_type=FieldType.LONG_TEXT,
            block=Block.BODY,
            max_length=5000,
            help_text=_foundation_help(kind, "社会工作人才队伍、岗位、机构、政策"),
        ),
        dict(
            key="plan",
            label="试点方案",
            field_type=FieldType.LONG_TEXT,
            block=Block.BODY,
            max_length=10000,
            help_text="写明试点目标、主要任务、时间安排和保障措施。",
        ),
        dict(
            key="remarks",
            label="备注",
            field_type=FieldType.LONG_TEXT,
            block=Block.REMARKS,
            max_length=500,
            required=False,
        ),
    ]


@transaction.atomic
def ensure_form_templates() -> dict[str, FormVersion]:
    """The built-in form templates by applicant kind ("region", "unit"). An existing template
    (same title, ``is_template``) is returned as it stands."""
    templates = {}
    for kind, title in TEMPLATE_TITLES.items():
        definition = FormDefinition.objects.filter(
            title=title, is_template=True, programme=None
        ).first()
        if definition is None:
            definition = FormDefinition.objects.create(
                title=title,
                applicant_label=APPLICANT_LABELS[kind],
                is_template=True,
                programme=None,
            )
        version = definition.latest()
        if version is None:
            version = FormVersion.objects.create(definition=definition, number=1)
            for order, spec in enumerate(template_fields(kind), start=1):
                form_field = FormField(version=version, order=order, **spec)
                form_field.full_clean()
                form_field.save()
        templates[kind] = version
    return templates


# --------------------------------------------------------------------------- notice texts

_HEADING = re.compile(r"^[一二三四五六七八九十]+、[^。,，:：]{1,20}$")
_AREA_NUMBER = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")


@dataclass
class NoticeText:
    title: str
    document_number: str
    addressees: str
    preamble: str
    sections: list[tuple[str, str, bool]] = field(default_factory=list)
    areas: list[tuple[str, str]] = field(default_factory=list)


def read_notice(name: str, **values: str) -> NoticeText:
    """Parse a notice text of ``seed_texts/`` (format in its README.md); ``values`` fill the
    ``{placeholders}`` of the demo notice."""
    text = (SEED_TEXTS / name).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("#")]
    if values:
        lines = [line.format(**values) for line in lines]
    title, number, addressees, *rest = lines
    notice = NoticeText(
        title=title,
        document_number=normalise_document_number(number),
        addressees=addressees.rstrip(":："),
        preamble="",
    )
    preamble: list[str] = []
    current: list[str] | None = None
    for line in rest:
        if _HEADING.match(line):
            current = []
            notice.sections.append((line, current, line.endswith("主要内容")))
        elif current is None:
            preamble.append(line)
        else:
            current.append(line)
    notice.preamble = "\n".join(preamble)
    sections = []
    for heading, paragraphs, lists_areas in notice.sections:
        if lists_areas:
            intro = [p for p in paragraphs if not _AREA_NUMBER.match(p)]
            for paragraph in paragraphs:
                if _AREA_NUMBER.match(paragraph):
                    first, _, rest_ = _AREA_NUMBER.sub("", paragraph).partition("。")
                    notice.areas.append((first, rest_.strip()))
            paragraphs = intro
        sections.append((heading, "\n".join(paragraphs), lists_areas))
    notice.sections = sections
    return notice


# --------------------------------------------------------------------------- programmes


@dataclass(frozen=True)
class CategorySpec:
    kind: str
    name: str
    chain: list[str]
    form_title: str  # the programme's own form title
    foundation_subject: str  # 申报地区{subject}现有基础
    foundation_help: str
    region_tiers: list[int] = field(default_factory=list)
    unit_categories: list[str] = field(default_factory=list)
    accepts_affiliates: bool = False


@dataclass(frozen=True)
class ProgrammeSpec:
    text: str  # file in seed_texts/
    name: str
    issued_on: date | None
    receiving_department: str
    application_deadline: datetime
    determination_due: date
    pilot_months: int
    summary_deadline: datetime
    paper_copies_required: bool
    region_outcome_title: str
    unit_outcome_title: str
    categories: list[CategorySpec]
    contact_department: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    contact_fax: str = ""
    contact_email: str = ""
    source: str = ""
    published_at: datetime | None = None
    view_count: int = 0


REGION_CHAIN = [
    ChainLevel.APPLICANT.value,
    ChainLevel.UPPER_CIVIL_AFFAIRS.value,
    ChainLevel.PROVINCE.value,
]
UNIT_CHAIN = [
    ChainLevel.APPLICANT.value,
    ChainLevel.SUPERVISOR.value,
    ChainLevel.UPPER_CIVIL_AFFAIRS.value,
    ChainLevel.PROVINCE.value,
]
PREFECTURE_AND_COUNTY = [int(Tier.PREFECTURE), int(Tier.COUNTY)]

SEED_PROGRAMMES = [
    ProgrammeSpec(
        text="min_han_2009_148.txt",
        name="第二批社会工作人才队伍建设试点",
        issued_on=None,  # the portal page does not give the date of issue
        receiving_department="民政部人事司(社会工作司)",
        application_deadline=beijing(2009, 7, 15),
        determination_due=date(2009, 8, 31),  # "在2009年8月确定"
        pilot_months=24,
        summary_deadline=beijing(2011, 8, 31),
        paper_copies_required=False,
        region_outcome_title="全国社会工作人才队伍建设试点示范区",
        unit_outcome_title="全国社会工作人才队伍建设试点示范单位",
        source="",  # the page's 来源 is blank
        published_at=beijing(2009, 9, 11, 9, 45),
        view_count=660,
        categories=[
            CategorySpec(
                kind=REGION,
                name="试点地区（综合试点）",
                region_tiers=PREFECTURE_AND_COUNTY,
                chain=REGION_CHAIN,
                form_title=TEMPLATE_TITLES[REGION],
                foundation_subject="社会工作人才队伍建设",
                foundation_help="社会工作人才队伍、岗位、机构、政策",
            ),
            CategorySpec(
                kind=UNIT,
                name="试点单位（单项试点）",
                unit_categories=list(UnitCategory.values),
                accepts_affiliates=True,  # addressed to 部直属事业单位、部管社团 too
                chain=UNIT_CHAIN,
                form_title=TEMPLATE_TITLES[UNIT],
                foundation_subject="社会工作人才队伍建设",
                foundation_help="社会工作人才队伍、岗位、机构、政策",
            ),
        ],
    ),
    ProgrammeSpec(
        text="min_han_2013_132.txt",
        name="企业社会工作试点",
        issued_on=date(2013, 4, 19),  # the signature: 民政部 2013年4月19日
        receiving_department="民政部社会工作司",
        application_deadline=beijing(2013, 6, 1),
        determination_due=date(2013, 6, 30),  # "在2013年6月底确定"
        pilot_months=12,
        summary_deadline=beijing(2014, 6, 30),
        paper_copies_required=True,  # "纸制版和电子版同时报"
        region_outcome_title="全国企业社会工作示范地区",
        unit_outcome_title="全国企业社会工作示范单位",
        contact_department="民政部社会工作司一处",
        contact_person="贾维周",
        contact_phone="010-58123515",
        contact_fax="010-58123516",
        contact_email="jiawzh@mca.gov.cn",
        source="清流社工网",
        published_at=beijing(2013, 4, 26, 11, 10),
        view_count=1367,
        categories=[
            CategorySpec(
                kind=REGION,
                name="试点地区",
                region_tiers=PREFECTURE_AND_COUNTY,
                chain=REGION_CHAIN,
                form_title="企业社会工作试点地区申报表",
                foundation_subject="企业社会工作",
                foundation_help="企业社会工作队伍、岗位、机构、服务和资金投入",
            ),
            CategorySpec(
                kind=UNIT,
                name="试点单位（企业、社会组织）",
                unit_categories=[
                    UnitCategory.ENTERPRISE.value,
                    UnitCategory.SOCIAL_ORGANISATION.value,
                ],
                accepts_affiliates=False,
                chain=UNIT_CHAIN,
                form_title="企业社会工作试点单位申报表",
                foundation_subject="企业社会工作",
                foundation_help="企业社会工作队伍、岗位、机构、服务和资金投入",
            ),
        ],
    ),
]

DEMO_TEXT = "demo_2026_9001.txt"
DEMO_CATEGORIES = [
    CategorySpec(
        kind=REGION,
        name="试点地区",
        region_tiers=PREFECTURE_AND_COUNTY,
        chain=REGION_CHAIN,
        form_title="社会工作服务站建设试点地区申报表",
        foundation_subject="社会工作服务站建设",
        foundation_help="社会工作服务站、社会工作人才队伍、经费保障",
    ),
    CategorySpec(
        kind=UNIT,
        name="试点单位（城乡社区、社会组织）",
        unit_categories=[
            UnitCategory.URBAN_COMMUNITY.value,
            UnitCategory.RURAL_COMMUNITY.value,
            UnitCategory.SOCIAL_ORGANISATION.value,
        ],
        chain=UNIT_CHAIN,
        form_title="社会工作服务站建设试点单位申报表",
        foundation_subject="社会工作服务站建设",
        foundation_help="社会工作服务场所、人员、服务项目",
    ),
]


def programme_officer():
    """The ministry programme officer the built-in programmes are created by."""
    from accounts.models import Role, User
    from organisations.models import Kind

    officers = User.objects.with_role(Role.OFFICER).filter(
        is_active=True, organisation__kind=Kind.MINISTRY
    )
    officer = officers.filter(username=DEMO_OFFICER).first() or officers.order_by("pk").first()
    if officer is None:
        raise ImproperlyConfigured(
            "载入试点项目需要一个民政部试点项目管理员账号，请先运行 load_demo 或创建该账号。"
        )
    return officer


def _find(document_number: str) -> Programme | None:
    return Programme.objects.filter(
        document_number=normalise_document_number(document_number)
    ).first()


def _build(notice: NoticeText, fields: dict, categories: list[CategorySpec], *, by) -> Programme:
    """Create the programme as a draft with its notice, content areas, categories and forms."""
    programme = create_programme(
        Programme(
            notice_title=notice.title,
            document_number=notice.document_number,
            issuer="民政部",
            addressees=notice.addressees,
            preamble=notice.preamble,
            **fields,
        ),
        by=by,
    )
    for order, (heading, body, lists_areas) in enumerate(notice.sections, start=1):
        section = NoticeSection(
            programme=programme,
            order=order,
            heading=heading,
            body=body,
            lists_content_areas=lists_areas,
        )
        section.full_clean()
        section.save()
    for order, (title, text) in enumerate(notice.areas, start=1):
        area = ContentArea(programme=programme, order=order, title=title, text=text)
        area.full_clean()
        area.save()
    templates = ensure_form_templates()
    for order, spec in enumerate(categories, start=1):
        form = copy_form(templates[spec.kind], programme=programme, title=spec.form_title, by=by)
        form.fields.filter(key="foundation").update(
            label=_foundation_label(spec.kind, spec.foundation_subject),
            help_text=_foundation_help(spec.kind, spec.foundation_help),
        )
        category = ApplicantCategory(
            programme=programme,
            order=order,
            name=spec.name,
            kind=spec.kind,
            region_tiers=list(spec.region_tiers),
            unit_categories=list(spec.unit_categories),
            accepts_affiliates=spec.accepts_affiliates,
            form=form,
            chain=list(spec.chain),
        )
        category.full_clean()
        category.save()
    save_version(programme, by=by, note="载入通知正文、主要内容和申报类别")
    return programme


@transaction.atomic
def _ensure_historic(spec: ProgrammeSpec, *, by) -> Programme:
    notice = read_notice(spec.text)
    existing = _find(notice.document_number)
    if existing is not None:
        return existing
    programme = _build(
        notice,
        dict(
            name=spec.name,
            issued_on=spec.issued_on,
            receiving_department=spec.receiving_department,
            contact_department=spec.contact_department,
            contact_person=spec.contact_person,
            contact_phone=spec.contact_phone,
            contact_fax=spec.contact_fax,
            contact_email=spec.contact_email,
            region_outcome_title=spec.region_outcome_title,
            unit_outcome_title=spec.unit_outcome_title,
            application_deadline=spec.application_deadline,
            determination_due=spec.determination_due,
            pilot_months=spec.pilot_months,
            summary_deadline=spec.summary_deadline,
            paper_copies_required=spec.paper_copies_required,
            source=spec.source,
        ),
        spec.categories,
        by=by,
    )
    # Historic import: the lifecycle ran outside the system, so no publish/move actions.
    programme.status = Status.ARCHIVED
    programme.published_at = spec.published_at
    programme.save(update_fields=["status", "published_at"])
    from portal.actions import publish_notice_for

    publish_notice_for(programme, view_count=spec.view_count)
    record(
        Event.PROGRAMME_STATUS,
        actor=by,
        obj=programme,
        summary="历史通知导入，按原发布时间归档",
        changes={"status": [Status.DRAFT, Status.ARCHIVED]},
    )
    return programme


def ensure_seed_programmes(*, by=None) -> list[Programme]:
    """民函〔2009〕148号 and 民函〔2013〕132号, as published (created once, then left alone)."""
    by = by or programme_officer()
    return [_ensure_historic(spec, by=by) for spec in SEED_PROGRAMMES]


def demo_timeline(now: datetime) -> dict:
    """The demo programme's dates, counted from ``now`` in Beijing time: applications close
    45 days later at 17:00, determination 75 days later, summary 15 months later."""
    today = timezone.localtime(now, BEIJING).date()
    at_five = time(17, 0)
    return dict(
        application_deadline=datetime.combine(today + timedelta(days=45), at_five, BEIJING),
        determination_due=today + timedelta(days=75),
        pilot_months=12,
        summary_deadline=datetime.combine(add_months(today, 15), at_five, BEIJING),
    )


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@transaction.atomic
def ensure_open_demo_programme(now: datetime | None = None, *, by=None) -> Programme:
    """The demo programme open for applications (民函〔2026〕9001号). Created and published once;
    a later run leaves it alone, even after its deadline has passed."""
    existing = _find("民函〔2026〕9001号")
    if existing is not None:
        return existing
    by = by or programme_officer()
    timeline = demo_timeline(now or timezone.now())
    notice = read_notice(
        DEMO_TEXT,
        deadline=_chinese_date(timeline["application_deadline"].date()) + "17时",
        determination=_chinese_date(timeline["determination_due"]),
        summary=_chinese_date(timeline["summary_deadline"].date()),
    )
    programme = _build(
        notice,
        dict(
            name="2026年社会工作服务站建设试点（演示）",
            issued_on=timezone.localdate(now or timezone.now(), BEIJING),
            receiving_department="民政部社会工作司",
            contact_department="民政部社会工作司",
            contact_person="李明华",
            contact_phone="010-58123456",  # demo numbers, not the ministry's
            contact_fax="010-58123457",
            contact_email="shidian.demo@example.com",
            region_outcome_title="全国社会工作服务站建设示范地区",
            unit_outcome_title="全国社会工作服务站建设示范单位",
            paper_copies_required=False,
            **timeline,
        ),
        DEMO_CATEGORIES,
        by=by,
    )
    return publish_programme(programme, by=by)


def load_programmes(*, demo: bool = True) -> list[Programme]:
    """Templates, the two seed programmes and (unless ``demo=False``) the open demo one."""
    ensure_form_templates()
    by = programme_officer()
    programmes = ensure_seed_programmes(by=by)
    if demo:
        programmes.append(ensure_open_demo_programme(by=by))
    return programmes
