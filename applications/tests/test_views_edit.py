"""Filling in the form. Zhang Min (dh_applicant) types into the 2009-style region form: it
saves without JavaScript (保存) and autosaves with it; of two windows the newer edit wins and
the older is told; a refused upload says why and loses nothing typed. Nobody else may edit:
another province does not even see the draft (404), an endorser of a submitted one gets 403."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import actions
from applications.forms import ACTION, EDITED_AT, GENERAL, UPLOAD_PREFIX
from applications.models import Attachment
from applications.tests.flow import COMPLETE_VALUES, category, submitted
from audit.models import AuditEvent, Event
from programmes.models import FieldType, FormDefinition, FormField, FormVersion

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads go to a temporary folder, not the checkout's var/private."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


@pytest.fixture
def draft(people):
    return actions.start_application(category("region"), by=people.dh_applicant)


def _edit(client, application, data, **extra):
    return client.post(reverse("applications:edit", args=[application.pk]), data, **extra)


def _autosave(client, application, edited_at, **values):
    return client.post(
        reverse("applications:autosave", args=[application.pk]),
        {**values, EDITED_AT: edited_at.isoformat()},
    )


def test_it_lays_the_form_out_in_the_papers_order(client_for, people, draft):
    html = (
        client_for(people.dh_applicant)
        .get(reverse("applications:edit", args=[draft.pk]))
        .content.decode()
    )

    labels = [
        "地区名称", "通信地址", "邮政编码", "分管领导", "联系人", "电子信箱", "传真",
        "申报地区社会工作服务站建设现有基础", "试点方案",
        "申报地区意见", "上级民政部门意见", "备注",
    ]  # fmt: skip
    positions = [html.index(label) for label in labels]
    assert positions == sorted(positions)
    assert 'value="南昌市东湖区民政局"' in html  # prefilled from the organisation
    assert 'data-max="10000"' in html and "已输入" in html  # the live count's server half
    assert "application_form.js" in html


def test_it_saves_without_javascript(client_for, people, draft):
    response = _edit(
        client_for(people.dh_applicant),
        draft,
        {"plan": "一、目标", "leader_name": "王建华", ACTION: "save"},
        follow=True,
    )

    draft.refresh_from_db()
    assert draft.values["plan"] == "一、目标" and draft.values["leader_name"] == "王建华"
    assert draft.values["region_name"] == "南昌市东湖区民政局"  # untouched fields kept
    assert "已保存 · 张敏 · " in response.content.decode()


def test_it_keeps_what_was_typed_and_shows_the_errors_next_to_the_fields(client_for, people, draft):
    response = _edit(
        client_for(people.dh_applicant),
        draft,
        {"postcode": "3300", "email": "x@", "plan": "一、", ACTION: "save"},
    )

    html = response.content.decode()
    draft.refresh_from_db()
    assert draft.values["postcode"] == "3300" and draft.values["plan"] == "一、"
    assert "已填写的内容已保存。" in html and "有 2 处需要修改" in html
    assert 'href="#id_postcode"' in html and 'id="id_postcode_error"' in html
    assert 'aria-invalid="true"' in html


def test_it_goes_on_to_submission_after_saving(client_for, people, draft):
    response = _edit(client_for(people.dh_applicant), draft, {"plan": "一、", ACTION: "submit"})

    assert response.url == reverse("applications:submit", args=[draft.pk])


def test_it_autosaves_and_says_when(client_for, people, draft):
    response = _autosave(client_for(people.dh_applicant), draft, timezone.now(), plan="草稿一")

    data = response.json()
    draft.refresh_from_db()
    assert data["saved"] is True and data["message"].startswith("已自动保存 ")
    assert draft.values["plan"] == "草稿一"


def test_it_keeps_the_newer_edit_and_tells_the_older_window(client_for, people, draft):
    client = client_for(people.dh_applicant)
    now = timezone.now()
    _autosave(client, draft, now, plan="新窗口的内容")

    response = _autosave(client, draft, now - timedelta(seconds=30), plan="旧窗口的内容")

    data = response.json()
    draft.refresh_from_db()
    assert data["saved"] is False and data["message"] == "另一个窗口保存了更新的内容"
    assert data["reload"] == reverse("applications:edit", args=[draft.pk])
    assert draft.values["plan"] == "新窗口的内容"


def test_it_tells_the_older_window_on_an_explicit_save_too(client_for, people, draft):
    client = client_for(people.dh_applicant)
    now = timezone.now()
    _autosave(client, draft, now, plan="新窗口的内容")

    response = _edit(
        client,
        draft,
        {"plan": "旧窗口的内容", EDITED_AT: (now - timedelta(minutes=1)).isoformat()},
    )

    html = response.content.decode()
    draft.refresh_from_db()
    assert "另一个窗口保存了更新的内容" in html and "旧窗口的内容" in html  # nothing lost
    assert draft.values["plan"] == "新窗口的内容"

    _edit(client, draft, {"plan": "旧窗口的内容", ACTION: "overwrite"})  # the user chooses

    draft.refresh_from_db()
    assert draft.values["plan"] == "旧窗口的内容"


def test_it_takes_no_edit_time_from_the_future(client_for, people, draft):
    client = client_for(people.dh_applicant)
    _autosave(client, draft, timezone.now() + timedelta(days=1), plan="时钟快了一天")

    response = _autosave(client, draft, timezone.now(), plan="稍后的修改")

    assert response.json()["saved"] is True


def test_it_refuses_to_autosave_a_submitted_application(client_for, people):
    application = submitted(people.dh_applicant)

    response = _autosave(client_for(people.dh_applicant), application, timezone.now(), plan="改")

    assert response.status_code == 409 and response.json()["saved"] is False
    application.refresh_from_db()
    assert application.values["plan"] == COMPLETE_VALUES["plan"]


def test_it_sends_the_applicant_of_a_submitted_application_to_its_page(client_for, people):
    application = submitted(people.dh_applicant)

    response = client_for(people.dh_applicant).get(
        reverse("applications:edit", args=[application.pk])
    )

    assert response.url == reverse("applications:detail", args=[application.pk])


@pytest.mark.parametrize("username", ["nc_endorser", "gd_endorser", "ft_applicant"])
def test_it_hides_a_draft_from_everyone_but_its_applicant(client_for, people, draft, username):
    client = client_for(getattr(people, username))

    for response in (
        client.get(reverse("applications:edit", args=[draft.pk])),
        _edit(client, draft, {"plan": "篡改"}),
        _autosave(client, draft, timezone.now(), plan="篡改"),
    ):
        assert response.status_code == 404
    draft.refresh_from_db()
    assert "plan" not in draft.values


def test_it_refuses_the_form_to_an_endorser_who_sees_the_application(client_for, people):
    application = submitted(people.dh_applicant)
    client = client_for(people.nc_endorser)

    page = client.get(reverse("applications:edit", args=[application.pk]))
    save = _autosave(client, application, timezone.now(), plan="篡改")

    assert page.status_code == 403 and "只有申报主体本单位的申报人" in page.content.decode()
    assert save.status_code == 403


def _upload(client, application, name: str, content: bytes, key: str = GENERAL, **values):
    return _edit(
        client,
        application,
        {
            **values,
            ACTION: f"upload:{key}",
            UPLOAD_PREFIX + key: SimpleUploadedFile(name, content),
        },
    )


def test_it_refuses_a_text_file_named_pdf_and_keeps_what_was_typed(client_for, people, draft):
    response = _upload(
        client_for(people.dh_applicant),
        draft,
        "方案.pdf",
        "这不是PDF".encode(),
        plan="刚刚输入的试点方案",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "方案.pdf：只能上传 PDF、DOCX、XLSX、JPG、PNG 文件（按文件内容判断）。" in html
    assert "刚刚输入的试点方案" in html
    draft.refresh_from_db()
    assert draft.values["plan"] == "刚刚输入的试点方案"
    assert not Attachment.objects.filter(application=draft).exists()


def test_it_takes_a_png_named_pdf_as_the_png_it_is(client_for, people, draft):
    response = _upload(client_for(people.dh_applicant), draft, "照片.pdf", PNG)

    assert response.status_code == 302
    attachment = Attachment.objects.get(application=draft)
    assert attachment.content_type == "image/png" and attachment.field_key == ""
    assert AuditEvent.objects.filter(event=Event.ATTACHMENT_UPLOAD, object_id=str(draft.pk))


def test_it_asks_for_a_file_when_none_was_chosen(client_for, people, draft):
    response = _edit(client_for(people.dh_applicant), draft, {ACTION: f"upload:{GENERAL}"})

    assert "请先选择要上传的文件。" in response.content.decode()


def _with_file_field(region):
    """The demo region form plus a required file field (a copy: used versions are locked)."""
    old = region.form
    definition = FormDefinition.objects.create(
        title=old.definition.title, applicant_label=old.definition.applicant_label
    )
    version = FormVersion.objects.create(definition=definition, number=1)
    for f in old.fields.all():
        f.pk, f.version = None, version
        f.save()
    FormField.objects.create(
        version=version,
        order=99,
        key="scheme_scan",
        label="试点方案批复文件",
        field_type=FieldType.FILE,
        required=True,
    )
    region.form = version
    region.save(update_fields=["form"])
    return region


def test_it_uploads_to_a_file_field_of_the_form(client_for, people):
    region = _with_file_field(category("region"))
    application = actions.start_application(region, by=people.dh_applicant)
    client = client_for(people.dh_applicant)

    page = client.get(reverse("applications:edit", args=[application.pk])).content.decode()
    response = _upload(client, application, "批复.pdf", PDF, key="scheme_scan")

    assert f'name="{UPLOAD_PREFIX}scheme_scan"' in page and "试点方案批复文件" in page
    assert response.url.endswith("#part-scheme_scan")
    attachment = Attachment.objects.get(application=application)
    assert attachment.field_key == "scheme_scan" and attachment.content_type == "application/pdf"


def test_it_refuses_an_upload_to_an_unknown_field(client_for, people, draft):
    response = _upload(client_for(people.dh_applicant), draft, "a.pdf", PDF, key="nonesuch")

    assert response.status_code == 404
    assert not Attachment.objects.exists()


def test_it_marks_every_field_a_submission_needs(client_for, people, draft):
    html = (
        client_for(people.dh_applicant)
        .get(reverse("applications:edit", args=[draft.pk]), {"check": "1"})
        .content.decode()
    )

    for key in ("leader_name", "foundation", "plan"):
        assert f'href="#id_{key}"' in html and f'id="id_{key}_error"' in html
    assert 'href="#id_fax"' not in html  # optional


def test_it_stores_line_breaks_the_same_way_from_a_form_post_and_from_the_script(
    client_for, people, draft
):
    client = client_for(people.dh_applicant)
    _edit(client, draft, {"plan": "一、目标\r\n二、措施", ACTION: "save"})
    draft.refresh_from_db()
    from_form = draft.values["plan"]

    _autosave(client, draft, timezone.now(), plan="一、目标\n二、措施")

    draft.refresh_from_db()
    assert from_form == draft.values["plan"] == "一、目标\n二、措施"
