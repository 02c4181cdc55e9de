"""The printed 申报表 of an endorsed application carries every opinion in its own box."""

import io
import itertools

import pytest
from docx import Document

from applications.printing import print_docx, print_pdf
from applications.tests.flow import endorse_all, submitted
from shidian.testing.documents import pdf_text

pytestmark = pytest.mark.django_db


def rows_by_label(docx_bytes: bytes) -> dict[str, str]:
    """Each cell's text (spaces removed) → the text of the cell after it in its row (merged
    cells counted once): a label and its value, an 意见 label and its box."""
    table = Document(io.BytesIO(docx_bytes)).tables[0]
    following = {}
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text)
        for label, value in itertools.pairwise(cells):
            following.setdefault("".join(label.split()), value)
    return following


@pytest.fixture
def endorsed(people):
    application = submitted(people.yz_applicant, "unit")
    return endorse_all(
        application, people.bhz_endorser, people.dh_endorser, people.nc_endorser, people.jx_endorser
    )


def test_it_prints_each_opinion_in_its_own_box(endorsed):
    rows = rows_by_label(print_docx(endorsed))

    assert "同意申报。" in rows["申报单位意见"] and "孙丽" in rows["申报单位意见"]
    assert "南昌市东湖区百花洲街道办事处同意推荐。" in rows["上级业务主管部门意见"]
    upper = rows["上级民政部门意见"]
    assert "南昌市东湖区民政局同意推荐。" in upper and "南昌市民政局同意推荐。" in upper
    assert upper.index("南昌市东湖区民政局") < upper.index("南昌市民政局同意")
    province = rows["省(自治区、直辖市)民政厅(局)意见"]
    assert "江西省民政厅同意推荐。" in province and "陈志刚" in province
    assert "江西省民政厅" not in upper
    assert "年" in province and "月" in province and "(公章)" in province


def test_it_prints_the_values_where_the_paper_has_them(endorsed):
    rows = rows_by_label(print_docx(endorsed))
    assert "南昌市东湖区八一大道333号" in rows["通信地址"]
    assert "全区现有持证社会工作者326名" in "".join(rows.values())


def test_it_marks_an_unfinished_application_as_draft(people):
    application = submitted(people.dh_applicant)
    draft_text = pdf_text(print_pdf(application))
    assert "草" in draft_text and "稿" in draft_text  # the watermark, set diagonally
    application = endorse_all(application, people.nc_endorser, people.jx_endorser)
    final_text = pdf_text(print_pdf(application))
    assert "草" not in final_text and "稿" not in final_text
    assert "江西省民政厅同意推荐。" in final_text
