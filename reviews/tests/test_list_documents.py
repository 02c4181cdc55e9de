"""A published list as XLSX and PDF (reviews/list_documents.py): the rows of the page, in its
order, and nothing a spreadsheet could run.

Jiangxi (东湖, 瑞金), Shenzhen (福田) and Beijing (东城) are selected; 东城's bureau has been
renamed "=HYPERLINK(...)" by someone with bad intentions: it must stay text.
"""

import io

import openpyxl
import pytest

from organisations.models import Organisation
from portal.tests.test_lists_published import four_submitted, in_publicity
from reviews.list_documents import list_pdf, list_xlsx
from reviews.tests.review_flow import after_deadline
from shidian.testing.documents import pdf_text

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","点此")'


@pytest.fixture
def published_list(people):
    four = four_submitted(people)
    with after_deadline():
        return in_publicity(people, four)


def test_it_writes_the_title_the_heads_and_one_row_per_entry_in_page_order(published_list):
    sheet = openpyxl.load_workbook(io.BytesIO(list_xlsx(published_list))).active
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0][0] == published_list.title
    assert rows[1] == ("序号", "省份", "申报主体", "类别", "区划代码")
    assert rows[2:] == [
        (1, "北京市民政局", "北京市东城区民政局", "试点地区", "110101"),
        (2, "江西省民政厅", "南昌市东湖区民政局", "试点地区", "360102"),
        (3, "江西省民政厅", "瑞金市民政局", "试点地区", "360781"),
        (4, "深圳市民政局", "深圳市福田区民政局", "试点地区", "440304"),
    ]


def test_it_writes_formula_like_names_as_text(people, published_list):
    Organisation.objects.filter(pk=people.dc_applicant.organisation_id).update(name=FORMULA)

    workbook = openpyxl.load_workbook(io.BytesIO(list_xlsx(published_list)))
    cell = workbook.active["C3"]

    assert cell.data_type == "s"
    assert cell.value == "'" + FORMULA
    # No cell anywhere is a formula.
    assert all(c.data_type != "f" for row in workbook.active.iter_rows() for c in row if c.value)


def test_it_takes_the_title_it_is_given(published_list):
    sheet = openpyxl.load_workbook(io.BytesIO(list_xlsx(published_list, title="某名单"))).active

    assert sheet["A1"].value == "某名单"


def test_it_prints_the_list_on_pdf_grouped_in_code_order(published_list):
    content = list_pdf(published_list)
    text = pdf_text(content)

    assert content.startswith(b"%PDF")
    squeezed = "".join(text.split())
    assert published_list.title in squeezed
    positions = [
        squeezed.index(t)
        for t in (
            "北京市民政局（1个）",
            "北京市东城区民政局",
            "江西省民政厅（2个）",
            "南昌市东湖区民政局",
            "瑞金市民政局",
            "深圳市民政局（1个）",
            "深圳市福田区民政局",
        )
    ]
    assert positions == sorted(positions)
    assert "公示期：" in squeezed
    assert "共4个。" in squeezed


def test_it_prints_user_text_as_text(people, published_list):
    Organisation.objects.filter(pk=people.dc_applicant.organisation_id).update(name="<b>东城</b>&")

    text = "".join(pdf_text(list_pdf(published_list)).split())

    assert "<b>东城</b>&" in text
