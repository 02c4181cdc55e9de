"""The programme editor through its pages.

Li Minghua (mz_officer), a programme officer of the ministry, sets up a programme and publishes
it; Chen Zhigang (jx_endorser) in Jiangxi and Zhou Jianguo (mz_sysadmin), the ministry's system
administrator, may use none of the editor; a draft is invisible outside the ministry.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.models import Kind, Organisation
from portal.models import Notice
from programmes.actions import copy_form, create_programme, publish_programme, save_version
from programmes.models import (
    ApplicantCategory,
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

pytestmark = pytest.mark.django_db


def local(days: int, hour: int = 17) -> str:
    """A datetime-local value ``days`` from now, as the browser sends it."""
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


def programme_data(**overrides) -> dict:
    data = {
        "notice_title": "民政部关于开展社区社会工作试点的通知",
        "name": "社区社会工作试点",
        "document_number": "民函〔2030〕901号",
        "issuer": "民政部",
        "issued_on": "",
        "addressees": "各省、自治区、直辖市民政厅(局)，各计划单列市民政局，新疆生产建设兵团民政局",
        "preamble": "经研究决定开展社区社会工作试点。现就有关事项通知如下：",
        "applications_open_at": "",
        "application_deadline": local(60),
        "determination_due": "",
        "pilot_months": "12",
        "summary_deadline": local(500),
        "receiving_department": "民政部社会工作司",
        "contact_department": "",
        "contact_person": "王明",
        "contact_phone": "010-58123456",
        "contact_fax": "",
        "contact_email": "",
        "region_outcome_title": "全国社区社会工作示范地区",
        "unit_outcome_title": "全国社区社会工作示范单位",
    }
    data.update(overrides)
    return data


def make_programme(by, number: str = "民函〔2030〕950号") -> Programme:
    now = timezone.now()
    return create_programme(
        Programme(
            name="试点甲",
            notice_title="民政部关于开展试点甲的通知",
            document_number=number,
            addressees="各省、自治区、直辖市民政厅(局)",
            receiving_department="民政部社会工作司",
            application_deadline=now + timedelta(days=60),
            pilot_months=12,
            summary_deadline=now + timedelta(days=500),
        ),
        by=by,
    )


def make_template(title: str = "测试地区申报表", label: str = "申报地区", fields: int = 2):
    definition = FormDefinition.objects.create(title=title, applicant_label=label, is_template=True)
    version = FormVersion.objects.create(definition=definition, number=1)
    specs = [
        ("region_name", "地区名称", FieldType.TEXT, 100),
        ("plan", "试点方案", FieldType.LONG_TEXT, 5000),
        ("remarks", "备注", FieldType.LONG_TEXT, 500),
    ]
    for order, (key, label_, kind, length) in enumerate(specs[:fields], start=1):
        FormField.objects.create(
            version=version, order=order, key=key, label=label_, field_type=kind, max_length=length
        )
    return version


def category_data(form_value: str, **overrides) -> dict:
    data = {
        "name": "试点地区",
        "kind": "region",
        "region_tiers": ["2", "3"],
        "chain": ["applicant", "upper", "province"],
        "max_per_organisation": "1",
        "province_quota": "",
        "form": form_value,
        "form_title": "",
    }
    data.update(overrides)
    return data


def complete(programme: Programme, by) -> None:
    """Give a draft everything publishing asks for."""
    NoticeSection.objects.create(programme=programme, order=1, heading="一、指导思想", body="……")
    ContentArea.objects.create(programme=programme, order=1, title="队伍建设", text="……")
    form = copy_form(make_template(), programme=programme)
    ApplicantCategory.objects.create(
        programme=programme,
        name="试点地区",
        kind="region",
        region_tiers=[2, 3],
        chain=["applicant", "upper", "province"],
        form=form,
    )
    save_version(programme, by=by, note="补全")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --------------------------------------------------------------------------- the journey


def test_it_lets_an_officer_create_and_publish_a_programme(people, client_for):
    client = client_for(people.mz_officer)
    ministry = Organisation.objects.get(kind=Kind.MINISTRY)

    form_page = client.get(reverse("programmes:create"))
    assert form_page.status_code == 200
    assert ministry.department_name
    assert form_page.context["form"]["receiving_department"].value() == ministry.department_name

    response = client.post(reverse("programmes:create"), programme_data())
    programme = Programme.objects.get(document_number="民函〔2030〕901号")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:detail", args=[programme.pk])
    assert programme.status == Status.DRAFT
    assert programme.created_by == people.mz_officer
    assert programme.versions.count() == 1

    pk = programme.pk
    client.post(
        reverse("programmes:section_add", args=[pk]),
        {"heading": "一、指导思想", "body": "以……为指导。"},
    )
    client.post(
        reverse("programmes:section_add", args=[pk]),
        {"heading": "三、主要内容", "body": "", "lists_content_areas": "on"},
    )
    client.post(
        reverse("programmes:area_add", args=[pk]), {"title": "队伍建设", "text": "结合实际……"}
    )
    template = make_template()
    response = client.post(
        reverse("programmes:category_add", args=[pk]),
        category_data(
            f"template:{template.definition_id}", form_title="社区社会工作试点地区申报表"
        ),
    )
    assert response.status_code == 302

    assert [s.heading for s in programme.sections.all()] == ["一、指导思想", "三、主要内容"]
    assert [s.order for s in programme.sections.all()] == [1, 2]
    category = programme.categories.get()
    assert category.form.definition.programme == programme
    assert category.form.definition.title == "社区社会工作试点地区申报表"
    assert category.form.fields.count() == 2
    assert category.form.definition_id != template.definition_id
    assert programme.versions.count() == 5

    detail = client.get(reverse("programmes:detail", args=[pk]))
    assert detail.context["problems"] == []
    assert "发布后不能撤销" in detail.content.decode()

    response = client.post(reverse("programmes:publish", args=[pk]), follow=True)
    programme.refresh_from_db()
    assert programme.status == Status.PUBLISHED
    assert programme.published_at is not None
    assert any("已发布" in m for m in messages_of(response))
    assert Notice.objects.filter(programme=programme).exists()


def test_it_normalises_mistyped_brackets(people, client_for):
    client = client_for(people.mz_officer)

    client.post(reverse("programmes:create"), programme_data(document_number="民函[2030]902号"))

    assert Programme.objects.filter(document_number="民函〔2030〕902号").exists()


def test_it_lists_programmes_sorted_by_deadline(people, client_for):
    officer = people.mz_officer
    early = make_programme(officer, "民函〔2030〕951号")
    late = make_programme(officer, "民函〔2030〕952号")
    Programme.objects.filter(pk=late.pk).update(
        application_deadline=early.application_deadline + timedelta(days=5)
    )
    client = client_for(officer)

    descending = list(client.get(reverse("programmes:list")).context["page"])
    ascending = list(client.get(reverse("programmes:list") + "?sort=deadline").context["page"])

    assert descending.index(late) < descending.index(early)
    assert ascending.index(early) < ascending.index(late)
    assert "新建试点项目" in client.get(reverse("programmes:list")).content.decode()


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"document_number": "第148号"}, "document_number", "发文字号格式应为"),
        ({"summary_deadline": local(30)}, "summary_deadline", "总结截止时间须晚于申报截止时间"),
        ({"pilot_months": "0"}, "pilot_months", "试点期限须至少1个月"),
    ],
)
def test_it_refuses_bad_programme_input_and_keeps_what_was_typed(
    people, client_for, overrides, field, message
):
    client = client_for(people.mz_officer)
    before = Programme.objects.count()

    response = client.post(reverse("programmes:create"), programme_data(**overrides))

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in e for e in form.errors[field])
    html = response.content.decode()
    assert message in html
    assert 'id="form-errors"' in html
    assert "民政部关于开展社区社会工作试点的通知" in html  # nothing typed is lost
    assert Programme.objects.count() == before


def test_it_refuses_a_document_number_already_used(people, client_for):
    make_programme(people.mz_officer, "民函〔2030〕901号")
    client = client_for(people.mz_officer)

    response = client.post(reverse("programmes:create"), programme_data())

    assert "该发文字号已被其他试点项目使用" in response.content.decode()


def test_it_refuses_a_chain_without_the_province(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    template = make_template()
    client = client_for(officer)
    forms_before = FormDefinition.objects.count()
    versions_before = programme.versions.count()

    response = client.post(
        reverse("programmes:category_add", args=[programme.pk]),
        category_data(f"template:{template.definition_id}", chain=["applicant", "upper"]),
    )

    assert response.status_code == 200
    assert "审核推荐链不能跳过省级民政部门" in response.content.decode()
    assert not programme.categories.exists()
    assert FormDefinition.objects.count() == forms_before  # no half-made copy
    assert programme.versions.count() == versions_before


def test_it_says_once_that_no_level_was_ticked(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    client = client_for(officer)

    response = client.post(
        reverse("programmes:category_add", args=[programme.pk]),
        category_data(f"template:{make_template().definition_id}", chain=[]),
    )

    assert response.context["form"].errors["chain"] == [
        "审核推荐链须以申报主体意见开始，并包括省级民政部门。"
    ]


def test_it_refuses_a_category_whose_form_has_no_fields(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    empty = FormDefinition.objects.create(title="空表", programme=programme)
    FormVersion.objects.create(definition=empty, number=1)
    empty_template = make_template("空模板", fields=0)
    client = client_for(officer)
    forms_before = FormDefinition.objects.count()

    for value in (f"own:{empty.pk}", f"template:{empty_template.definition_id}"):
        response = client.post(
            reverse("programmes:category_add", args=[programme.pk]), category_data(value)
        )
        assert response.status_code == 200
        assert "申报表没有任何栏目，不能使用" in response.content.decode()

    assert not programme.categories.exists()
    assert FormDefinition.objects.count() == forms_before


def test_it_refuses_a_unit_category_without_unit_categories(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    client = client_for(officer)

    response = client.post(
        reverse("programmes:category_add", args=[programme.pk]),
        category_data(
            f"template:{make_template().definition_id}",
            kind="unit",
            chain=["applicant", "supervisor", "upper", "province"],
        ),
    )

    assert "单位类申报须至少选择一个单位类别" in response.content.decode()
    assert not programme.categories.exists()


def test_it_refuses_to_publish_an_incomplete_programme(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    client = client_for(officer)

    response = client.post(reverse("programmes:publish", args=[programme.pk]), follow=True)

    programme.refresh_from_db()
    assert programme.status == Status.DRAFT
    assert "通知正文为空。" in messages_of(response)
    assert not Notice.objects.filter(programme=programme).exists()


def test_it_keeps_a_published_programme_read_only(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    complete(programme, officer)
    publish_programme(programme, by=officer)
    client = client_for(officer)
    versions = programme.versions.count()

    response = client.post(
        reverse("programmes:section_add", args=[programme.pk]),
        {"heading": "六、补充", "body": "x"},
    )
    edit_page = client.get(reverse("programmes:edit", args=[programme.pk]))
    client.post(reverse("programmes:edit", args=[programme.pk]), programme_data())

    assert response.status_code == 200
    assert programme.sections.count() == 1
    assert "不能再修改" in edit_page.content.decode()
    assert edit_page.context["form"].fields["name"].disabled
    programme.refresh_from_db()
    assert programme.name == "试点甲"
    assert programme.versions.count() == versions


# --------------------------------------------------------------------------- access


def editor_urls(programme: Programme) -> list[tuple[str, str]]:
    """Every editor URL with its method, for one programme and one of each of its parts."""
    section = programme.sections.first()
    area = programme.content_areas.first()
    category = programme.categories.first()
    definition = category.form.definition
    key = category.form.fields.first().key
    pk = programme.pk
    urls = [
        ("get", reverse("programmes:create")),
        ("post", reverse("programmes:create")),
        ("get", reverse("programmes:edit", args=[pk])),
        ("post", reverse("programmes:edit", args=[pk])),
        ("post", reverse("programmes:publish", args=[pk])),
        ("get", reverse("programmes:versions", args=[pk])),
        ("get", reverse("programmes:compare", args=[pk]) + "?a=1&b=2"),
        ("get", reverse("programmes:category_list", args=[pk])),
        ("get", reverse("programmes:category_add", args=[pk])),
        ("post", reverse("programmes:category_add", args=[pk])),
        ("get", reverse("programmes:category_edit", args=[pk, category.pk])),
        ("post", reverse("programmes:category_delete", args=[pk, category.pk])),
        ("post", reverse("programmes:category_move", args=[pk, category.pk])),
        ("get", reverse("programmes:form_list", args=[pk])),
        ("post", reverse("programmes:form_list", args=[pk])),
        ("get", reverse("programmes:form_builder", args=[pk, definition.pk])),
        ("post", reverse("programmes:form_builder", args=[pk, definition.pk])),
        ("post", reverse("programmes:form_delete", args=[pk, definition.pk])),
        ("get", reverse("programmes:field_add", args=[pk, definition.pk])),
        ("post", reverse("programmes:field_add", args=[pk, definition.pk])),
        ("get", reverse("programmes:field_edit", args=[pk, definition.pk, key])),
        ("post", reverse("programmes:field_delete", args=[pk, definition.pk, key])),
        ("post", reverse("programmes:field_move", args=[pk, definition.pk, key])),
    ]
    for prefix, item in (("section", section), ("area", area)):
        urls += [
            ("get", reverse(f"programmes:{prefix}_list", args=[pk])),
            ("get", reverse(f"programmes:{prefix}_add", args=[pk])),
            ("post", reverse(f"programmes:{prefix}_add", args=[pk])),
            ("get", reverse(f"programmes:{prefix}_edit", args=[pk, item.pk])),
            ("post", reverse(f"programmes:{prefix}_edit", args=[pk, item.pk])),
            ("post", reverse(f"programmes:{prefix}_delete", args=[pk, item.pk])),
            ("post", reverse(f"programmes:{prefix}_move", args=[pk, item.pk])),
        ]
    return urls


@pytest.mark.parametrize("username", ["jx_endorser", "mz_sysadmin"])
def test_it_keeps_everyone_but_officers_out_of_the_editor(people, client_for, username):
    officer = people.mz_officer
    programme = make_programme(officer)
    complete(programme, officer)
    client = client_for(getattr(people, username))
    versions = programme.versions.count()

    for method, url in editor_urls(programme):
        response = getattr(client, method)(url, {} if method == "get" else {"direction": "up"})
        assert response.status_code == 403, (method, url)

    assert programme.versions.count() == versions
    assert programme.sections.count() == 1
    assert programme.categories.count() == 1


def test_it_hides_a_draft_from_a_provincial_user(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    client = client_for(people.jx_endorser)

    assert client.get(reverse("programmes:detail", args=[programme.pk])).status_code == 404
    assert programme not in client.get(reverse("programmes:list")).context["page"]

    complete(programme, officer)
    publish_programme(programme, by=officer)
    page = client.get(reverse("programmes:detail", args=[programme.pk]))

    assert page.status_code == 200
    assert "发布后不能撤销" not in page.content.decode()
    assert "修改通知信息" not in page.content.decode()
    assert reverse("programmes:versions", args=[programme.pk]) not in page.content.decode()


def test_it_sends_visitors_to_the_login_page(client, people):
    programme = make_programme(people.mz_officer)

    for url in (reverse("programmes:list"), reverse("programmes:detail", args=[programme.pk])):
        assert client.get(url).status_code == 302


# --------------------------------------------------------------------------- versions


def test_it_records_each_edit_as_a_version_and_compares_them(people, client_for):
    officer = people.mz_officer
    client = client_for(officer)
    client.post(reverse("programmes:create"), programme_data())
    programme = Programme.objects.get(document_number="民函〔2030〕901号")
    long_preamble = "第一段。\n" + "很长的正文。" * 80

    client.post(
        reverse("programmes:edit", args=[programme.pk]),
        programme_data(contact_person="赵敏", preamble=long_preamble, note="更换联系人"),
    )

    versions = list(programme.versions.all())
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].note == "更换联系人"
    assert versions[0].created_by == officer
    page = client.get(reverse("programmes:compare", args=[programme.pk]) + "?a=1&b=2")
    rows = {row.label: row for row in page.context["rows"]}
    assert rows["联系人"].before == "王明"
    assert rows["联系人"].after == "赵敏"
    assert rows["正文开头"].after == long_preamble  # long texts in full
    assert "申报截止时间" not in rows
    listing = client.get(reverse("programmes:versions", args=[programme.pk])).content.decode()
    assert "更换联系人" in listing


def test_it_compares_parts_item_by_item(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    client = client_for(officer)
    add = reverse("programmes:section_add", args=[programme.pk])
    client.post(add, {"heading": "一、指导思想", "body": "甲"})
    client.post(add, {"heading": "二、目标任务", "body": "乙"})
    second = programme.sections.get(order=2)

    client.post(
        reverse("programmes:section_move", args=[programme.pk, second.pk]), {"direction": "up"}
    )

    assert [s.heading for s in programme.sections.all()] == ["二、目标任务", "一、指导思想"]
    latest = programme.versions.first()
    assert latest.number == 4
    page = client.get(reverse("programmes:compare", args=[programme.pk]) + "?a=3&b=4")
    labels = [row.label for row in page.context["rows"]]
    assert "通知正文第1项 · 标题" in labels
    assert "通知正文第2项 · 正文" in labels


def test_it_deletes_a_section_and_closes_the_gap(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    for order, heading in enumerate(["一、甲", "二、乙", "三、丙"], start=1):
        NoticeSection.objects.create(programme=programme, order=order, heading=heading)
    client = client_for(officer)
    first = programme.sections.get(order=1)

    client.post(reverse("programmes:section_delete", args=[programme.pk, first.pk]))

    assert [(s.order, s.heading) for s in programme.sections.all()] == [
        (1, "二、乙"),
        (2, "三、丙"),
    ]
    assert programme.versions.first().note == "删除正文部分“一、甲”"


# --------------------------------------------------------------------------- forms


def test_it_adds_a_field_with_a_key_made_from_its_place(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    version = copy_form(make_template(), programme=programme)
    client = client_for(officer)
    url = reverse("programmes:field_add", args=[programme.pk, version.definition_id])

    response = client.post(
        url,
        {
            "label": "服务对象数量",
            "key": "",
            "field_type": "number",
            "block": "body",
            "required": "on",
        },
    )

    assert response.status_code == 302
    field = version.fields.get(label="服务对象数量")
    assert (field.key, field.order, field.field_type) == ("field_3", 3, FieldType.NUMBER)
    assert programme.versions.first().note == "申报表“测试地区申报表”：新增栏目“服务对象数量”"


def test_it_refuses_a_long_text_without_a_limit_and_a_duplicate_key(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    version = copy_form(make_template(), programme=programme)
    client = client_for(officer)
    url = reverse("programmes:field_add", args=[programme.pk, version.definition_id])

    response = client.post(
        url, {"label": "工作成效", "key": "plan", "field_type": "long_text", "block": "body"}
    )

    errors = response.context["form"].errors
    assert "本表已有标识为“plan”的栏目。" in errors["key"]
    assert "长文本须设定字数上限。" in errors["max_length"]
    assert version.fields.count() == 2


def test_it_edits_a_locked_form_in_a_new_version(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    complete(programme, officer)
    category = programme.categories.get()
    first = category.form
    FormVersion.objects.filter(pk=first.pk).update(locked_at=timezone.now())
    before = list(first.fields.values_list("key", "label", "order"))
    client = client_for(officer)
    definition = first.definition

    client.post(
        reverse("programmes:field_edit", args=[programme.pk, definition.pk, "plan"]),
        {
            "label": "试点工作方案",
            "key": "plan",
            "field_type": "long_text",
            "block": "body",
            "max_length": "8000",
            "required": "on",
        },
    )
    client.post(
        reverse("programmes:field_add", args=[programme.pk, definition.pk]),
        {"label": "服务对象数量", "field_type": "number", "block": "body"},
    )

    assert definition.versions.count() == 2
    second = definition.latest()
    assert second.number == 2
    assert list(first.fields.values_list("key", "label", "order")) == before
    assert list(second.fields.values_list("label", flat=True)) == [
        "地区名称",
        "试点工作方案",
        "服务对象数量",
    ]
    category.refresh_from_db()
    assert category.form == second


def test_it_moves_and_deletes_fields(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    version = copy_form(make_template(fields=3), programme=programme)
    client = client_for(officer)
    args = [programme.pk, version.definition_id]

    client.post(reverse("programmes:field_move", args=[*args, "remarks"]), {"direction": "up"})
    assert list(version.fields.values_list("key", flat=True)) == ["region_name", "remarks", "plan"]

    client.post(reverse("programmes:field_delete", args=[*args, "region_name"]))
    assert list(version.fields.values_list("key", "order")) == [("remarks", 1), ("plan", 2)]


def test_it_starts_a_blank_form_and_copies_a_template(people, client_for):
    officer = people.mz_officer
    programme = make_programme(officer)
    template = make_template()
    client = client_for(officer)
    url = reverse("programmes:form_list", args=[programme.pk])

    refused = client.post(url, {"source": "blank", "title": ""})
    client.post(url, {"source": "blank", "title": "试点单位申报表", "applicant_label": "申报单位"})
    client.post(url, {"source": f"template:{template.definition_id}", "title": ""})

    assert "空白表须填写表名" in refused.content.decode()
    titles = list(programme.form_definitions.values_list("title", "applicant_label"))
    assert titles == [("试点单位申报表", "申报单位"), ("测试地区申报表", "申报地区")]
    assert programme.form_definitions.last().latest().fields.count() == 2


def test_it_keeps_other_programmes_forms_out_of_reach(people, client_for):
    officer = people.mz_officer
    mine = make_programme(officer, "民函〔2030〕961号")
    other = make_programme(officer, "民函〔2030〕962号")
    theirs = copy_form(make_template(), programme=other)
    client = client_for(officer)

    page = client.get(reverse("programmes:form_builder", args=[mine.pk, theirs.definition_id]))
    refused = client.post(
        reverse("programmes:category_add", args=[mine.pk]),
        category_data(f"own:{theirs.definition_id}"),
    )

    assert page.status_code == 404
    assert refused.status_code == 200
    assert not mine.categories.exists()
    assert ProgrammeVersion.objects.filter(programme=mine).count() == 1
