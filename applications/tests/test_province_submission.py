"""报送: the confirmation step, the batch it makes, the lock after it, and the paper copies."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import actions
from applications.models import Application, Attachment, ProvincialBatch, Status
from applications.tests.helpers import demo_programme, endorsed

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def programme():
    return demo_programme()


@pytest.fixture
def ruijin(people):
    return endorsed(people.rj_applicant)


@pytest.fixture
def donghu(people):
    return endorsed(people.dh_applicant)


@pytest.fixture
def ranked(people, programme, ruijin, donghu):
    """瑞金 first, then 东湖, as saved on the page."""
    actions.rank(programme, people.bureau("360000"), [ruijin.pk, donghu.pk], by=people.jx_endorser)
    return ruijin, donghu


def submit_url(programme) -> str:
    return reverse("applications:province_submit", args=[programme.pk])


COVERING = {
    "opinion": "经审核，同意推荐以下地区为试点。",
    "person": "陈志刚",
    "signed_on": "2026-11-26",
}


def test_it_asks_for_confirmation_and_warns_that_it_cannot_be_undone(
    people, client_for, programme, ranked
):
    page = client_for(people.jx_endorser).get(submit_url(programme)).content.decode()

    assert "报送后不能修改" in page
    assert page.index("瑞金市民政局") < page.index("南昌市东湖区民政局")
    assert 'name="opinion"' in page
    assert not ProvincialBatch.objects.exists()


def test_it_saves_and_goes_on_to_the_confirmation(people, client_for, programme, ruijin):
    response = client_for(people.jx_endorser).post(
        reverse("applications:province_rank", args=[programme.pk]),
        {"pick": [ruijin.pk], "next": "submit"},
    )

    assert response.url == submit_url(programme)
    assert Application.objects.get(pk=ruijin.pk).province_rank == 1


def test_it_submits_the_ranked_selection_as_one_batch(people, client_for, programme, ranked):
    ruijin, donghu = ranked
    client = client_for(people.jx_endorser)
    response = client.post(submit_url(programme), COVERING, follow=True)

    batch = ProvincialBatch.objects.get(programme=programme, province=people.bureau("360000"))
    assert [(i.application_id, i.rank) for i in batch.items.all()] == [
        (ruijin.pk, 1),
        (donghu.pk, 2),
    ]
    assert batch.opinion == COVERING["opinion"]
    assert batch.responsible_person == "陈志刚"
    assert batch.submitted_by == people.jx_endorser
    assert {a.status for a in Application.objects.filter(pk__in=[ruijin.pk, donghu.pk])} == {
        Status.SUBMITTED
    }
    page = response.content.decode()
    assert "已报送民政部：2份申报，按推荐顺序排列 · 陈志刚 · " in page
    assert 'name="pick"' not in page  # read-only from now on
    assert page.index("瑞金市民政局") < page.index("南昌市东湖区民政局")


def test_it_requires_the_covering_opinion_and_the_person_responsible(
    people, client_for, programme, ranked
):
    response = client_for(people.jx_endorser).post(
        submit_url(programme), {"opinion": "", "person": "", "signed_on": "2026-11-26"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"opinion", "person"}
    assert not ProvincialBatch.objects.exists()


def test_it_refuses_a_submission_over_the_quota_and_changes_nothing(
    people, client_for, programme, ranked
):
    region = programme.categories.get(kind="region")
    region.province_quota = 1
    region.save(update_fields=["province_quota"])
    client = client_for(people.jx_endorser)

    assert "每省最多推荐1个，现选择了2个" in client.get(submit_url(programme)).content.decode()
    response = client.post(submit_url(programme), COVERING)

    assert response.status_code == 200
    assert "“试点地区”每省最多推荐1个，现选择了2个。" in response.content.decode()
    assert not ProvincialBatch.objects.exists()
    assert {a.status for a in Application.objects.filter(programme=programme)} == {Status.ENDORSED}


def test_it_refuses_to_submit_nothing(people, client_for, programme, donghu):
    response = client_for(people.jx_endorser).post(submit_url(programme), COVERING)

    assert "请先选择并排序要报送的申报。" in response.content.decode()
    assert not ProvincialBatch.objects.exists()


def test_it_locks_the_batch_once_submitted(people, client_for, programme, ranked):
    ruijin, donghu = ranked
    client = client_for(people.jx_endorser)
    client.post(submit_url(programme), COVERING)
    late = endorsed(people.yz_applicant, kind="unit")

    second = client.post(submit_url(programme), COVERING, follow=True)
    assert "本单位已向民政部报送过该试点项目，报送后不能再修改。" in second.content.decode()
    assert ProvincialBatch.objects.count() == 1

    rerank = client.post(
        reverse("applications:province_rank", args=[programme.pk]),
        {"pick": [donghu.pk, ruijin.pk, late.pk]},
        follow=True,
    )
    assert "已报送民政部，排序不能再修改。" in rerank.content.decode()
    assert [Application.objects.get(pk=a.pk).province_rank for a in (ruijin, donghu, late)] == [
        1,
        2,
        None,
    ]
    assert ProvincialBatch.objects.get().items.count() == 2
    # What completed its chain afterwards is shown apart, not submitted.
    assert "报送后完成推荐的申报（未报送）" in rerank.content.decode()


@pytest.fixture
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


@pytest.fixture
def submitted_with_paper(people, client_for, programme, ranked):
    programme.paper_copies_required = True
    programme.save(update_fields=["paper_copies_required"])
    client_for(people.jx_endorser).post(submit_url(programme), COVERING)
    return ranked


def test_it_takes_the_signed_and_sealed_scan_of_each_application(
    people, client_for, programme, submitted_with_paper, private_media
):
    ruijin, _donghu = submitted_with_paper
    client = client_for(people.jx_endorser)
    page = client.get(reverse("applications:province", args=[programme.pk])).content.decode()
    assert "民政部已收到 0 / 2 份" in page

    response = client.post(
        reverse("applications:province_scan", args=[programme.pk]),
        {
            "application": ruijin.pk,
            "file": SimpleUploadedFile("瑞金签章页.pdf", PDF, "application/pdf"),
        },
        follow=True,
    )

    scan = Attachment.objects.get()
    assert (scan.application_id, scan.is_paper_scan, scan.uploaded_by) == (
        ruijin.pk,
        True,
        people.jx_endorser,
    )
    assert "已上传瑞金市民政局的纸质件扫描件“瑞金签章页.pdf”" in response.content.decode()


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("签章页.docx", docx(), "扫描件只能是 PDF、JPG 或 PNG 文件。"),
        ("签章页.pdf", b"not really a pdf", "只能上传 PDF、DOCX、XLSX、JPG、PNG 文件"),
    ],
)
def test_it_takes_only_pdf_jpg_or_png_scans(
    people, client_for, programme, submitted_with_paper, private_media, name, content, message
):
    ruijin, _donghu = submitted_with_paper
    response = client_for(people.jx_endorser).post(
        reverse("applications:province_scan", args=[programme.pk]),
        {"application": ruijin.pk, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )

    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_takes_no_scan_before_submission(people, client_for, programme, ranked, private_media):
    ruijin, _donghu = ranked
    response = client_for(people.jx_endorser).post(
        reverse("applications:province_scan", args=[programme.pk]),
        {"application": ruijin.pk, "file": SimpleUploadedFile("a.pdf", PDF)},
        follow=True,
    )

    assert "请先报送民政部" in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_forbids_another_province_to_submit_or_upload(
    people, client_for, programme, submitted_with_paper, private_media
):
    ruijin, _donghu = submitted_with_paper
    client = client_for(people.gd_endorser)
    response = client.post(
        reverse("applications:province_scan", args=[programme.pk]),
        {"application": ruijin.pk, "file": SimpleUploadedFile("a.pdf", PDF)},
    )

    assert response.status_code == 302  # 广东 has no batch: nothing of 江西's is offered
    assert not Attachment.objects.exists()
    assert client_for(people.dh_applicant).post(submit_url(programme), COVERING).status_code == 403
