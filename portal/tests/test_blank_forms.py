"""附件N: the blank application forms of a notice, generated on the fly."""

import importlib.util
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Status

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        importlib.util.find_spec("programmes.documents") is None,
        reason="programmes/documents.py (FormDocument, render_docx, render_pdf) not written yet",
    ),
]

REGION_FORM = "企业社会工作试点地区申报表"
UNIT_FORM = "企业社会工作试点单位申报表"


@pytest.fixture
def notice(make):
    return make.publish(categories=[("试点地区", REGION_FORM), ("试点单位", UNIT_FORM)])


def _url(notice, n: int, fmt: str) -> str:
    category = notice.programme.categories.order_by("order")[n - 1]
    return reverse("portal:blank_form", args=[notice.pk, category.pk, fmt])


def _attachment(filename: str) -> str:
    return f"attachment; filename*=utf-8''{quote(filename)}"


def test_it_downloads_a_blank_form_as_docx(client, notice):
    response = client.get(_url(notice, 1, "docx"))

    assert response.status_code == 200
    assert response.content[:2] == b"PK"  # a zip: the OOXML package
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == _attachment(f"附件1-{REGION_FORM}.docx")


def test_it_downloads_a_blank_form_as_pdf(client, notice):
    response = client.get(_url(notice, 2, "pdf"))

    assert response.status_code == 200
    assert response.content[:4] == b"%PDF"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == _attachment(f"附件2-{UNIT_FORM}.pdf")


def test_it_generates_a_form_once_and_serves_it_from_the_cache(client, notice, monkeypatch):
    from programmes import documents

    renders = []
    render_docx = documents.render_docx
    monkeypatch.setattr(
        documents, "render_docx", lambda doc: renders.append(doc) or render_docx(doc)
    )
    url = _url(notice, 1, "docx")
    first = client.get(url).content

    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content

    assert again == first
    assert len(renders) == 1
    assert (renders[0].annex_label, renders[0].chain) == (
        "附件1",
        ["applicant", "upper", "province"],
    )
    assert len(queries) == 3  # the notice, the categories, the fields (for the cache key)


def test_it_generates_the_form_again_after_it_is_edited(client, notice):
    first = client.get(_url(notice, 1, "docx")).content
    category = notice.programme.categories.order_by("order")[0]
    category.form.fields.filter(key="plan").update(label="试点实施方案")

    assert client.get(_url(notice, 1, "docx")).content != first


def test_it_offers_no_forms_of_a_notice_that_is_not_public(client, make):
    draft = make.publish(status=Status.DRAFT, published_at=None)

    assert client.get(_url(draft, 1, "docx")).status_code == 404


def test_it_offers_no_forms_of_another_programme(client, make, notice):
    other = make.publish()
    foreign = other.programme.categories.get()

    url = reverse("portal:blank_form", args=[notice.pk, foreign.pk, "pdf"])
    assert client.get(url).status_code == 404


def test_it_knows_only_docx_and_pdf(client, notice):
    assert client.get(_url(notice, 1, "docx").replace(".docx", ".doc")).status_code == 404
