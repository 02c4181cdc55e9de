"""The built-in data: the official forms as templates, the two seed notices loaded as published,
and the demo programme open today. The seed pages themselves (copied into
programmes/seed_texts/sources/) are the reference: labels and sentences are read from them."""

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from audit.models import AuditEvent
from portal.models import Notice
from programmes import seeds
from programmes.models import (
    ApplicantCategory,
    Block,
    ContentArea,
    FieldType,
    FormDefinition,
    FormField,
    FormVersion,
    NoticeSection,
    Programme,
    ProgrammeVersion,
    Status,
)

BEIJING = ZoneInfo("Asia/Shanghai")
SOURCES = Path(seeds.__file__).resolve().parent / "seed_texts" / "sources"
SOURCE_2009 = (SOURCES / "000_38401d6429d23339.txt").read_text(encoding="utf-8")
SOURCE_2013 = (SOURCES / "002_353df50d4d8f4483.txt").read_text(encoding="utf-8")
NO_2009 = "民函〔2009〕148号"
NO_2013 = "民函〔2013〕132号"
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBERING = re.compile(r"^(?:[(（][一二三四五六七八九十]+[)）]|\d+\.)")

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    with translation.override("zh-hans"):
        seeds.load_programmes()
        yield {p.document_number: p for p in Programme.objects.all()}


def in_beijing(moment: datetime) -> str:
    return timezone.localtime(moment, BEIJING).strftime("%Y-%m-%d %H:%M")


# --------------------------------------------------------------------------- the forms


def seed_form(attachment: str) -> tuple[str, str, list[str], list[str]]:
    """(title, applicant label, field labels, opinion rows) of 附件1 or 附件2 as the seed page
    prints it: cells separated by "|", spaces inside labels ("联 系 人") removed."""
    lines = SOURCE_2009.splitlines()
    start = lines.index(attachment)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(("附件", "下一篇")))
    title = lines[start + 1].strip()
    cells = [
        re.sub(r"\s+", "", cell)
        for line in lines[start + 2 : end]
        for cell in line.split("|")
        if cell.strip()
    ]
    applicant, *rest = cells
    rest = [c for c in rest if not c.startswith("负责人(签字)")]
    opinions = [c for c in rest if c.endswith("意见")]
    labels = [c for c in rest if not c.endswith("意见")]
    return title, applicant, labels, opinions


def test_seed_form_reading_is_what_the_page_shows():
    title, applicant, labels, opinions = seed_form("附件1")
    assert title == "社会工作人才队伍建设试点地区申报表"
    assert applicant == "申报地区"
    assert labels[:3] == ["地区名称", "通信地址", "邮政编码"]
    assert labels[-1] == "备注"
    assert opinions == ["申报地区意见", "上级民政部门意见", "省(自治区、直辖市)民政厅(局)意见"]


@pytest.mark.parametrize("kind,attachment", [("region", "附件1"), ("unit", "附件2")])
def test_templates_reproduce_the_official_forms(kind, attachment):
    title, applicant, labels, _ = seed_form(attachment)
    version = seeds.ensure_form_templates()[kind]
    definition = version.definition
    assert (definition.title, definition.applicant_label) == (title, applicant)
    assert definition.is_template and definition.programme is None and version.number == 1
    fields = list(version.fields.order_by("order"))
    assert [f.label for f in fields] == labels
    # The header rows of the grid, then the long texts, then 备注 after the opinions.
    assert [(f.block, f.row) for f in fields][:11] == [
        (Block.HEADER, 1),
        (Block.HEADER, 2),
        (Block.HEADER, 2),
        (Block.HEADER, 3),
        (Block.HEADER, 3),
        (Block.HEADER, 3),
        (Block.HEADER, 4),
        (Block.HEADER, 4),
        (Block.HEADER, 4),
        (Block.HEADER, 5),
        (Block.HEADER, 5),
    ]
    by_key = {f.key: f for f in fields}
    assert by_key["region_name" if kind == "region" else "unit_name"].prefill == "name"
    assert (by_key["postcode"].field_type, by_key["postcode"].prefill) == (
        FieldType.POSTCODE,
        "postcode",
    )
    assert by_key["contact_phone"].field_type == FieldType.PHONE
    assert by_key["contact_phone"].prefill == "phone"
    assert by_key["email"].field_type == FieldType.EMAIL
    assert not by_key["fax"].required
    assert (by_key["foundation"].field_type, by_key["foundation"].max_length) == (
        FieldType.LONG_TEXT,
        5000,
    )
    assert by_key["plan"].max_length == 10000
    remarks = by_key["remarks"]
    assert (remarks.block, remarks.max_length, remarks.required) == (Block.REMARKS, 500, False)
    for f in fields:
        f.full_clean()


def test_templates_are_created_once():
    first = seeds.ensure_form_templates()
    counts = (FormDefinition.objects.count(), FormVersion.objects.count())
    again = seeds.ensure_form_templates()
    assert {k: v.pk for k, v in first.items()} == {k: v.pk for k, v in again.items()}
    assert (FormDefinition.objects.count(), FormVersion.objects.count()) == counts


@pytest.mark.parametrize("kind,attachment", [("region", "附件1"), ("unit", "附件2")])
def test_the_2009_programme_uses_the_forms_with_their_opinion_rows(loaded, kind, attachment):
    title, applicant, labels, opinions = seed_form(attachment)
    category = loaded[NO_2009].categories.get(kind=kind)
    form = category.form
    assert form.definition.programme == loaded[NO_2009]
    assert not form.definition.is_template
    assert (form.definition.title, form.definition.applicant_label) == (title, applicant)
    assert [f.label for f in form.fields.order_by("order")] == labels
    assert category.get_chain_labels() == opinions


# --------------------------------------------------------------------------- the notices


def seed_body(source: str, number: str, end: str) -> list[str]:
    """The lines of a seed notice from its document number to its attachments, without the
    forum's noise lines (no Chinese in them) and indentation."""
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines) if number in line)
    stop = next(i for i in range(start, len(lines)) if lines[i].strip().startswith(end))
    return [line.strip() for line in lines[start + 1 : stop] if CJK.search(line)]


def sentences(lines: list[str]) -> list[str]:
    found = []
    for line in lines:
        for piece in line.split("。"):
            piece = NUMBERING.sub("", piece.strip()).rstrip(":：")
            if piece:
                found.append(piece)
    return found


def programme_text(programme: Programme) -> str:
    parts = [programme.addressees, programme.preamble]
    for section in programme.sections.all():
        parts += [section.heading, section.body]
    for area in programme.content_areas.all():
        parts += [area.title, area.text]
    return "\n".join(parts)


@pytest.mark.parametrize(
    "number,source,end",
    [(NO_2009, SOURCE_2009, "附件1"), (NO_2013, SOURCE_2013, "附件:")],
)
def test_every_sentence_of_the_seed_is_in_the_programme(loaded, number, source, end):
    body = seed_body(source, number, end)
    assert len(body) > 15
    text = programme_text(loaded[number])
    missing = [s for s in sentences(body) if s not in text]
    assert missing == []


def test_forum_noise_is_left_out(loaded):
    text = programme_text(loaded[NO_2013])
    for noise in [", i. ?) @. k5 e5 Y0 x3 ~% X", "6 b2 Z! H: ~5 }5 h", "6 d' v6 }", "\xa0"]:
        assert noise not in text
        assert noise not in loaded[NO_2013].notice_title


def test_sections_and_content_areas(loaded):
    headings = ["一、指导思想", "二、目标任务", "三、主要内容", "四、方法步骤", "五、工作要求"]
    for number in (NO_2009, NO_2013):
        sections = list(loaded[number].sections.order_by("order"))
        assert [s.heading for s in sections] == headings
        areas_section = sections[2]
        assert areas_section.lists_content_areas and areas_section.body == ""
        assert [s.lists_content_areas for s in sections] == [False, False, True, False, False]

    steps_2009 = loaded[NO_2009].sections.get(order=4).body.splitlines()
    assert steps_2009[0].startswith("各地民政部门负责本省(自治区、直辖市)试点工作的组织协调")
    starts_2009 = ["(一)试点申报。", "(二)试点开展。", "(三)试点总结。"]
    assert [line[: len(s)] for line, s in zip(steps_2009[1:], starts_2009, strict=True)] == (
        starts_2009
    )
    steps_2013 = loaded[NO_2013].sections.get(order=4).body.splitlines()
    starts_2013 = ["1.试点申报。", "2.试点开展。", "3.试点总结。"]
    assert [line[: len(s)] for line, s in zip(steps_2013[1:], starts_2013, strict=True)] == (
        starts_2013
    )

    areas_2009 = list(loaded[NO_2009].content_areas.order_by("order"))
    assert len(areas_2009) == 6
    assert areas_2009[0].title == "进一步探索推进社会工作人才队伍建设工作的管理体制与运行机制"
    assert areas_2009[0].text.startswith("成立试点工作领导机构")
    assert areas_2009[5].title == "进一步加强社会工作政策理论研究和宣传普及"
    areas_2013 = list(loaded[NO_2013].content_areas.order_by("order"))
    assert [a.title for a in areas_2013] == [
        "队伍建设",
        "岗位开发",
        "机构培育",
        "服务开展",
        "资金投入",
    ]
    assert areas_2013[0].text.startswith("结合实际,制定企业社会工作专业人才队伍培训方案")
    assert all(a.text and not a.text.startswith("。") for a in areas_2009 + areas_2013)


def test_the_2009_programme_as_published(loaded):
    p = loaded[NO_2009]
    assert p.name == "第二批社会工作人才队伍建设试点"
    assert p.notice_title == "民政部关于开展第二批社会工作人才队伍建设试点工作的通知"
    assert (p.issuer, p.issued_on) == ("民政部", None)
    assert p.addressees == (
        "各省、自治区、直辖市民政厅(局),计划单列市民政局,新疆生产建设兵团民政局;"
        "部直属事业单位,部管社团"
    )
    assert p.preamble.startswith("为贯彻落实党的十六届六中全会")
    assert p.preamble.endswith("现就有关事项通知如下:")
    assert in_beijing(p.application_deadline) == "2009-07-15 23:59"
    assert p.determination_due == date(2009, 8, 31)
    assert p.pilot_months == 24
    assert in_beijing(p.summary_deadline) == "2011-08-31 23:59"
    assert p.receiving_department == "民政部人事司(社会工作司)"
    assert not p.paper_copies_required
    assert (p.region_outcome_title, p.unit_outcome_title) == (
        "全国社会工作人才队伍建设试点示范区",
        "全国社会工作人才队伍建设试点示范单位",
    )
    assert (p.contact_person, p.contact_phone, p.contact_email, p.source) == ("", "", "", "")
    assert in_beijing(p.published_at) == "2009-09-11 09:45"
    assert p.status == Status.ARCHIVED and p.current_status() == Status.ARCHIVED
    notice = Notice.objects.get(programme=p)
    assert (notice.title, notice.document_number, notice.view_count) == (
        p.notice_title,
        NO_2009,
        660,
    )
    assert notice.published_at == p.published_at


def test_the_2013_programme_as_published(loaded):
    p = loaded[NO_2013]
    assert p.name == "企业社会工作试点"
    assert p.notice_title == "民政部关于开展企业社会工作试点的通知"
    assert p.issued_on == date(2013, 4, 19)
    assert (
        p.addressees == "各省、自治区、直辖市民政厅(局),各计划单列市民政局,新疆生产建设兵团民政局"
    )
    assert p.preamble.startswith("为深入贯彻党的十八大精神")
    assert in_beijing(p.application_deadline) == "2013-06-01 23:59"
    assert p.determination_due == date(2013, 6, 30)
    assert p.pilot_months == 12
    assert in_beijing(p.summary_deadline) == "2014-06-30 23:59"
    assert p.receiving_department == "民政部社会工作司"
    assert (
        p.contact_department,
        p.contact_person,
        p.contact_phone,
        p.contact_fax,
        p.contact_email,
    ) == ("民政部社会工作司一处", "贾维周", "010-58123515", "010-58123516", "jiawzh@mca.gov.cn")
    assert p.paper_copies_required
    assert (p.region_outcome_title, p.unit_outcome_title) == (
        "全国企业社会工作示范地区",
        "全国企业社会工作示范单位",
    )
    assert p.source == "清流社工网"
    assert in_beijing(p.published_at) == "2013-04-26 11:10"
    assert p.status == Status.ARCHIVED
    notice = Notice.objects.get(programme=p)
    assert (notice.view_count, notice.source) == (1367, "清流社工网")
    # Versioned and audited like any programme; the last snapshot holds the whole notice.
    snapshot = p.versions.first().snapshot
    assert len(snapshot["sections"]) == 5 and len(snapshot["content_areas"]) == 5
    assert AuditEvent.objects.filter(object_id=str(p.pk), event="programme_status").exists()


def test_categories_and_chains(loaded):
    everything = ["urban_community", "rural_community", "enterprise", "public_institution",
                  "social_organisation"]  # fmt: skip
    expected = {
        NO_2009: [
            ("region", "试点地区（综合试点）", [2, 3], [], False,
             ["applicant", "upper", "province"],
             "社会工作人才队伍建设试点地区申报表", "申报地区社会工作人才队伍建设现有基础"),
            ("unit", "试点单位（单项试点）", [], everything, True,
             ["applicant", "supervisor", "upper", "province"],
             "社会工作人才队伍建设试点单位申报表", "申报单位社会工作人才队伍建设现有基础"),
        ],
        NO_2013: [
            ("region", "试点地区", [2, 3], [], False, ["applicant", "upper", "province"],
             "企业社会工作试点地区申报表", "申报地区企业社会工作现有基础"),
            ("unit", "试点单位（企业、社会组织）", [], ["enterprise", "social_organisation"],
             False, ["applicant", "supervisor", "upper", "province"],
             "企业社会工作试点单位申报表", "申报单位企业社会工作现有基础"),
        ],
    }  # fmt: skip
    for number, rows in expected.items():
        found = [
            (
                c.kind,
                c.name,
                c.region_tiers,
                c.unit_categories,
                c.accepts_affiliates,
                c.chain,
                c.form.definition.title,
                c.form.fields.get(key="foundation").label,
            )
            for c in loaded[number].categories.order_by("order")
        ]
        assert found == rows
    # Each category has its own form, never the template itself.
    forms = [c.form_id for c in ApplicantCategory.objects.all()]
    assert len(forms) == len(set(forms))
    assert not ApplicantCategory.objects.filter(form__definition__is_template=True).exists()
    # The copies do not change the templates.
    templates = seeds.ensure_form_templates()
    assert templates["unit"].fields.get(key="foundation").label == (
        "申报单位社会工作人才队伍建设现有基础"
    )


def counts() -> dict[str, int]:
    models = [
        Programme,
        ProgrammeVersion,
        NoticeSection,
        ContentArea,
        ApplicantCategory,
        FormDefinition,
        FormVersion,
        FormField,
        Notice,
        AuditEvent,
    ]
    return {m.__name__: m.objects.count() for m in models}


def test_loading_twice_changes_nothing(loaded):
    before = counts()
    stamps = {p.pk: (p.version, p.updated_at) for p in Programme.objects.all()}
    views = {n.pk: n.view_count for n in Notice.objects.all()}
    seeds.load_programmes()
    assert counts() == before
    assert {p.pk: (p.version, p.updated_at) for p in Programme.objects.all()} == stamps
    assert {n.pk: n.view_count for n in Notice.objects.all()} == views


def test_the_command_loads_the_same(loaded, capsys):
    from django.core.management import call_command

    before = counts()
    call_command("load_programmes")
    assert counts() == before
    assert NO_2013 in capsys.readouterr().out


# --------------------------------------------------------------------------- the demo


def test_the_demo_programme_is_open_now(loaded):
    p = loaded["民函〔2026〕9001号"]
    now = timezone.now()
    assert "演示" in p.name and "演示" in p.notice_title
    assert p.status == Status.PUBLISHED and p.current_status() == Status.OPEN
    assert p in Programme.objects.open_on(now)
    assert p.application_deadline > now
    assert timezone.localtime(p.application_deadline, BEIJING).strftime("%H:%M") == "17:00"
    deadline_day = timezone.localtime(p.application_deadline, BEIJING).date()
    assert p.determination_due - deadline_day == timedelta(days=30)
    assert p.pilot_months == 12
    assert p.published_at is not None and p.published_at <= now
    assert [s.heading for s in p.sections.order_by("order")] == [
        "一、总体要求",
        "二、主要内容",
        "三、申报条件",
        "四、方法步骤",
        "五、工作要求",
    ]
    assert p.content_areas.count() == 4
    # The placeholders of the text were filled with the programme's own dates.
    steps = p.sections.get(order=4).body
    assert "{" not in steps
    assert f"{deadline_day.year}年{deadline_day.month}月{deadline_day.day}日" in steps
    assert [c.kind for c in p.categories.order_by("order")] == ["region", "unit"]
    assert Notice.objects.get(programme=p).published_at == p.published_at
    p.full_clean()


def test_the_demo_programme_is_left_alone_later(loaded):
    p = loaded["民函〔2026〕9001号"]
    later = seeds.ensure_open_demo_programme(now=timezone.now() + timedelta(days=100))
    assert later.pk == p.pk
    assert later.application_deadline == p.application_deadline


def test_demo_timeline_counts_in_beijing_time():
    # 16:30 UTC on 31 January is already 1 February in Beijing.
    now = datetime(2026, 1, 31, 16, 30, tzinfo=ZoneInfo("UTC"))
    timeline = seeds.demo_timeline(now)
    assert in_beijing(timeline["application_deadline"]) == "2026-03-18 17:00"
    assert timeline["determination_due"] == date(2026, 4, 17)
    assert in_beijing(timeline["summary_deadline"]) == "2027-05-01 17:00"
    assert seeds.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
