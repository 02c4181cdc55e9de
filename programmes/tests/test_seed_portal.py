"""The two seed notices as the public reads them on the portal, and their blank forms
downloaded from the notice page, read back and compared with the seed's forms row by row."""

import pytest
from django.urls import reverse

from portal.models import Notice
from programmes.tests.test_documents import (
    assert_in_order,
    docx_labels,
    pdf_tool,
    read_docx,
    squeeze,
)
from programmes.tests.test_seeds import seed_form

pytestmark = pytest.mark.django_db


def notice_of(number: str) -> Notice:
    return Notice.objects.public().get(document_number=number)


@pytest.mark.parametrize(
    "number, published, views, title",
    [
        (
            "民函〔2009〕148号",
            "2009-09-11 09:45",
            660,
            "民政部关于开展第二批社会工作人才队伍建设试点工作的通知",
        ),
        ("民函〔2013〕132号", "2013-04-26 11:10", 1367, "民政部关于开展企业社会工作试点的通知"),
    ],
)
def test_it_shows_the_seed_notice_with_its_metadata(client, number, published, views, title):
    notice = notice_of(number)
    page = client.get(reverse("portal:notice", args=[notice.pk])).content.decode()
    assert title in page and number in page
    assert published in page
    assert str(views + 1) in page  # this visit counted
    assert "三、主要内容" in page and "五、工作要求" in page


def test_it_signs_the_2013_notice_with_its_date_and_contact(client):
    page = client.get(reverse("portal:notice", args=[notice_of("民函〔2013〕132号").pk])).content
    page = page.decode()
    assert "2013年4月19日" in page
    assert "贾维周" in page and "010-58123515" in page and "jiawzh@mca.gov.cn" in page


@pytest.mark.parametrize("kind, attachment", [("region", "附件1"), ("unit", "附件2")])
def test_it_offers_the_seed_forms_whose_labels_match_the_seed_row_by_row(
    client, tmp_path, kind, attachment
):
    notice = notice_of("民函〔2009〕148号")
    category = notice.programme.categories.get(kind=kind)
    title, applicant, labels, opinions = seed_form(attachment)

    url = reverse("portal:blank_form", args=[notice.pk, category.pk, "docx"])
    response = client.get(url)
    assert response.status_code == 200
    document = read_docx(response.content)
    # The seed's order: the header block, the long texts, the opinion rows, then 备注.
    in_order = [*labels[:-1], *opinions, labels[-1]]
    assert docx_labels(document) == [applicant, *in_order]
    assert any(squeeze(p.text) == title for p in document.paragraphs)

    pdf = client.get(reverse("portal:blank_form", args=[notice.pk, category.pk, "pdf"]))
    assert_in_order(in_order, pdf_tool("pdftotext", pdf.content, tmp_path, "-raw"))
