"""The official application forms (附件1/附件2 of 民函〔2009〕148号) printed as DOCX and PDF.

Xihu district (南昌市西湖区) fills in the region form; its application goes up through two
prefecture bureaus that share the 上级民政部门意见 box, then to the Jiangxi department. The
labels of the blank forms are the seed's, in the seed's order.

The PDF checks read the text back with poppler-utils (pdftotext, pdfinfo, pdffonts): without
them the tests skip on a developer's machine and fail on CI.
"""

import io
import os
import re
import shutil
import subprocess
from datetime import date
from itertools import pairwise
from pathlib import Path

import docx
import pytest

from programmes.documents import FONTS_CONF, FormDocument, Opinion, render_docx, render_pdf
from programmes.models import Block, FieldType, FormDefinition, FormField, FormVersion

# The label cells of 附件1 and 附件2 as the seed prints them, in order.
REGION_LABELS = [
    "申报地区",
    "地区名称",
    "通信地址",
    "邮政编码",
    "分管领导",
    "职务",
    "联系电话",
    "联系人",
    "职务",
    "联系电话",
    "电子信箱",
    "传真",
    "申报地区社会工作人才队伍建设现有基础",
    "试点方案",
    "申报地区意见",
    "上级民政部门意见",
    "省(自治区、直辖市)民政厅(局)意见",
    "备注",
]
UNIT_LABELS = [
    "申报单位",
    "单位名称",
    *REGION_LABELS[2:12],
    "申报单位社会工作人才队伍建设现有基础",
    "试点方案",
    "申报单位意见",
    "上级业务主管部门意见",
    "上级民政部门意见",
    "省(自治区、直辖市)民政厅(局)意见",
    "备注",
]
REGION_CHAIN = ["applicant", "upper", "province"]
UNIT_CHAIN = ["applicant", "supervisor", "upper", "province"]
OPINION_LABELS = {
    "applicant": "申报地区意见",
    "upper": "上级民政部门意见",
    "province": "省(自治区、直辖市)民政厅(局)意见",
}


def make_official_form(kind: str) -> FormVersion:
    """附件1 ("region") or 附件2 ("unit"), field by field."""
    region = kind == "region"
    applicant = "申报地区" if region else "申报单位"
    definition = FormDefinition.objects.create(
        title=f"社会工作人才队伍建设试点{'地区' if region else '单位'}申报表",
        applicant_label=applicant,
    )
    version = FormVersion.objects.create(definition=definition, number=1)
    header, body, remarks = Block.HEADER, Block.BODY, Block.REMARKS
    text, long_text = FieldType.TEXT, FieldType.LONG_TEXT
    fields = [
        ("name", "地区名称" if region else "单位名称", text, header, 1),
        ("address", "通信地址", text, header, 2),
        ("postcode", "邮政编码", FieldType.POSTCODE, header, 2),
        ("leader_name", "分管领导", text, header, 3),
        ("leader_title", "职务", text, header, 3),
        ("leader_phone", "联系电话", FieldType.PHONE, header, 3),
        ("contact_name", "联系人", text, header, 4),
        ("contact_title", "职务", text, header, 4),
        ("contact_phone", "联系电话", FieldType.PHONE, header, 4),
        ("email", "电子信箱", FieldType.EMAIL, header, 5),
        ("fax", "传真", FieldType.FAX, header, 5),
        ("foundation", f"{applicant}社会工作人才队伍建设现有基础", long_text, body, None),
        ("plan", "试点方案", long_text, body, None),
        ("remarks", "备注", long_text, remarks, None),
    ]
    for order, (key, label, field_type, block, row) in enumerate(fields, start=1):
        FormField.objects.create(
            version=version,
            order=order,
            key=key,
            label=label,
            field_type=field_type,
            block=block,
            row=row,
            max_length=10000 if field_type == long_text else None,
        )
    return version


@pytest.fixture
def region_form(db) -> FormVersion:
    return make_official_form("region")


@pytest.fixture
def unit_form(db) -> FormVersion:
    return make_official_form("unit")


XIHU = {
    "name": "江西省南昌市西湖区",
    "address": "南昌市西湖区桃源路88号",
    "postcode": "330006",
    "leader_name": "王建国",
    "leader_title": "副区长",
    "leader_phone": "0791-86512345",
    "contact_name": "李明",
    "contact_title": "社会工作科科长",
    "contact_phone": "0791-86512346",
    "email": "xhmz@example.cn",
    "fax": "0791-86512347",
    "foundation": "全区已有持证社会工作者46名，开发社会工作岗位38个。\n成立了区社会工作协会。",
    "plan": "一、试点目标：两年内建成一支结构合理的社会工作人才队伍。\n二、主要任务：岗位开发。",
    "remarks": "附区政府文件三份。",
}
XIHU_OPINIONS = {
    "applicant": [Opinion("同意申报。", "张海", date(2009, 7, 1), sealed=True)],
    "upper": [
        Opinion("同意推荐。", "赵东", date(2009, 7, 8), sealed=True),
        Opinion("情况属实，同意。", "钱南", date(2009, 7, 9)),
    ],
    "province": [Opinion("同意推荐为第二批试点地区。", "孙北", date(2009, 7, 10), sealed=True)],
}


def filled(version: FormVersion, **kwargs) -> FormDocument:
    kwargs.setdefault("annex_label", "附件1")
    return FormDocument(version, REGION_CHAIN, values=dict(XIHU), opinions=XIHU_OPINIONS, **kwargs)


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


# -- Reading the DOCX back ----------------------------------------------------------------


def read_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def table_cells(document) -> list:
    """The table's cells in reading order, each once: a merged cell repeats in every grid
    position it covers, so deduplicate by the underlying ``w:tc``."""
    seen, cells = set(), []
    for row in document.tables[0].rows:
        for cell in row.cells:
            if cell._tc not in seen:
                seen.add(cell._tc)
                cells.append(cell)
    return cells


def is_label(cell) -> bool:
    return cell.paragraphs[0].style.name == "Form Label"


def docx_labels(document) -> list[str]:
    return [squeeze(c.text) for c in table_cells(document) if is_label(c)]


def docx_boxes(document) -> dict[str, str]:
    """Each label's text -> the text of the cell after it (its value or opinion box)."""
    cells = table_cells(document)
    return {
        squeeze(label.text): value.text
        for label, value in pairwise(cells)
        if is_label(label) and not is_label(value)
    }


# -- Reading the PDF back -----------------------------------------------------------------


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        reason = f"{tool} is missing: apt-get install poppler-utils"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def pdf_tool(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    command = [poppler(tool), *args, str(path)]
    if tool == "pdftotext":
        command.append("-")
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    return pdf_tool("pdftotext", pdf, tmp_path, "-layout")


def pdf_info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    out = pdf_tool("pdfinfo", pdf, tmp_path)
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def assert_in_order(labels: list[str], text: str) -> None:
    text = squeeze(text)
    at = 0
    for label in labels:
        found = text.find(label, at)
        assert found >= 0, f"{label} missing after {text[max(0, at - 20) : at]!r}"
        at = found + len(label)


# -- Blank forms: DOCX --------------------------------------------------------------------


def test_it_lays_out_the_blank_region_form_as_the_seed(region_form):
    document = read_docx(render_docx(FormDocument(region_form, REGION_CHAIN, "附件1")))

    assert docx_labels(document) == REGION_LABELS
    table = document.tables[0]
    assert len(table.columns) == 7
    assert [p.text for p in document.paragraphs] == ["附件1", "社会工作人才队伍建设试点地区申报表"]
    assert document.paragraphs[1].style.name == "Form Title"
    assert document.core_properties.title == "社会工作人才队伍建设试点地区申报表"


def test_it_lays_out_the_blank_unit_form_as_the_seed(unit_form):
    document = read_docx(render_docx(FormDocument(unit_form, UNIT_CHAIN, "附件2")))

    assert docx_labels(document) == UNIT_LABELS
    assert len(document.tables[0].columns) == 7
    assert document.paragraphs[1].text == "社会工作人才队伍建设试点单位申报表"
    boxes = docx_boxes(document)
    opinions = [label for label in boxes if label.endswith("意见")]
    assert opinions == UNIT_LABELS[14:18]
    for label in opinions:
        assert "负责人(签字)" in boxes[label]
        assert "(公章)" in boxes[label]


def test_it_prints_a_signature_line_in_every_blank_opinion_box(region_form):
    boxes = docx_boxes(read_docx(render_docx(FormDocument(region_form, REGION_CHAIN))))

    for label in OPINION_LABELS.values():
        assert re.fullmatch(r"负责人\(签字\):\s+年\s+月\s+日\s+\(公章\)", boxes[squeeze(label)])


def test_it_merges_the_grid_as_the_paper_does(region_form):
    table = read_docx(render_docx(FormDocument(region_form, REGION_CHAIN))).tables[0]

    # The applicant cell is one tall cell over the five header rows, and only those.
    applicant = table.cell(0, 0)._tc
    assert [table.cell(r, 0)._tc is applicant for r in range(6)] == [True] * 5 + [False]
    spans = [[c.grid_span for c in unique(row.cells)] for row in table.rows]
    assert spans[:5] == [
        [1, 1, 5],  # 申报地区 | 地区名称 | value
        [1, 1, 3, 1, 1],  # (申报地区) | 通信地址 | value | 邮政编码 | value
        [1, 1, 1, 1, 1, 1, 1],  # (申报地区) | 分管领导 | value | 职务 | value | 联系电话 | value
        [1, 1, 1, 1, 1, 1, 1],
        [1, 1, 3, 1, 1],
    ]
    assert all(s == [2, 5] for s in spans[5:])  # long text, opinions, 备注


def unique(cells) -> list:
    out = []
    for cell in cells:
        if all(cell._tc is not seen._tc for seen in out):
            out.append(cell)
    return out


# -- Blank forms: PDF ---------------------------------------------------------------------


def test_it_prints_the_blank_region_form_on_a4(region_form, tmp_path):
    pdf = render_pdf(FormDocument(region_form, REGION_CHAIN, "附件1"))

    text = pdf_text(pdf, tmp_path)
    # The tall applicant cell reads downwards, one character a line, so -layout interleaves
    # it with the header rows; -raw gives the text in drawing order, which is reading order.
    assert_in_order(["附件1", "社会工作人才队伍建设试点地区申报表"], text)
    assert_in_order(REGION_LABELS, pdf_tool("pdftotext", pdf, tmp_path, "-raw"))
    assert text.count("负责人(签字)") == 3
    assert text.count("(公章)") == 3
    assert "草稿" not in text
    info = pdf_info(pdf, tmp_path)
    assert info["Title"].strip() == "社会工作人才队伍建设试点地区申报表"
    width, height = (float(n) for n in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points


def test_it_prints_the_blank_unit_form_with_four_opinion_boxes(unit_form, tmp_path):
    pdf = render_pdf(FormDocument(unit_form, UNIT_CHAIN, "附件2"))

    assert_in_order(UNIT_LABELS, pdf_tool("pdftotext", pdf, tmp_path, "-raw"))
    assert pdf_text(pdf, tmp_path).count("负责人(签字)") == 4


def test_it_prints_chinese_in_noto_serif_cjk(region_form, tmp_path):
    fonts = pdf_tool("pdffonts", render_pdf(FormDocument(region_form, REGION_CHAIN)), tmp_path)

    assert "Noto-Serif-CJK-SC" in fonts


def test_it_aliases_the_official_faces_to_noto(tmp_path):
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        pytest.skip("fc-match is missing: apt-get install fontconfig")
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    for family in ("仿宋_GB2312", "FangSong_GB2312", "方正小标宋简体", r"FZXiaoBiaoSong\-B05S"):
        out = subprocess.run(
            [fc_match, family, "family"], capture_output=True, text=True, env=env, check=True
        ).stdout
        assert out.strip() == "Noto Serif CJK SC", family


# -- Filled forms -------------------------------------------------------------------------


def test_it_fills_values_and_opinions_into_their_boxes_in_the_docx(region_form):
    document = read_docx(render_docx(filled(region_form)))

    assert docx_labels(document) == REGION_LABELS
    boxes = docx_boxes(document)
    assert boxes["地区名称"] == "江西省南昌市西湖区"
    assert boxes["联系人"] == "李明"
    assert boxes["传真"] == "0791-86512347"
    assert boxes["试点方案"] == XIHU["plan"]
    assert boxes["备注"] == "附区政府文件三份。"
    upper = boxes["上级民政部门意见"]
    province = boxes[squeeze(OPINION_LABELS["province"])]
    for text in ("同意推荐。", "赵东", "2009年7月8日", "情况属实，同意。", "钱南", "2009年7月9日"):
        assert text in upper
    assert upper.index("赵东") < upper.index("情况属实") < upper.index("钱南")
    assert upper.count("负责人(签字)") == 2
    assert "孙北" not in upper and "2009年7月10日" not in upper
    for text in ("同意推荐为第二批试点地区。", "孙北", "2009年7月10日", "(公章)"):
        assert text in province
    assert "赵东" not in province
    assert "张海" in boxes["申报地区意见"] and "2009年7月1日" in boxes["申报地区意见"]


def test_it_fills_values_and_opinions_into_the_pdf(region_form, tmp_path):
    text = squeeze(pdf_text(render_pdf(filled(region_form)), tmp_path))

    for value in ("江西省南昌市西湖区", "0791-86512345", "xhmz@example.cn", "附区政府文件三份。"):
        assert value in text
    applicant = ["同意申报。", "张海", "2009年7月1日"]
    upper = ["同意推荐。", "赵东", "2009年7月8日", "情况属实，同意。", "钱南", "2009年7月9日"]
    province = ["同意推荐为第二批试点地区。", "孙北", "2009年7月10日"]
    assert_in_order([*applicant, *upper, *province], text)


def test_it_watermarks_drafts_only(region_form, tmp_path):
    draft, final = filled(region_form, draft=True), filled(region_form)

    # Rotated, so -layout splits it; -raw keeps it whole. It is on every page.
    pages = pdf_tool("pdftotext", render_pdf(draft), tmp_path, "-raw").split("\f")[:-1]
    assert len(pages) >= 2
    assert all("草稿" in squeeze(page) for page in pages)
    assert "草稿" not in squeeze(pdf_tool("pdftotext", render_pdf(final), tmp_path, "-raw"))
    headers = [s.header for s in read_docx(render_docx(draft)).sections]
    assert any("草稿" in p.text for h in headers for p in h.paragraphs)
    headers = [s.header for s in read_docx(render_docx(final)).sections]
    assert not any("草稿" in p.text for h in headers for p in h.paragraphs)


def test_it_flows_a_long_plan_onto_further_pages(region_form, tmp_path):
    sentences = [f"第{i}项措施落实到位，确保试点取得实效。" for i in range(1, 501)]
    plan = "\n".join("".join(sentences[i : i + 10]) for i in range(0, 500, 10))
    assert len(plan) >= 9000
    doc = FormDocument(region_form, REGION_CHAIN, values={"plan": plan})
    blank_pages = int(
        pdf_info(render_pdf(FormDocument(region_form, REGION_CHAIN)), tmp_path)["Pages"]
    )

    pdf = render_pdf(doc)
    assert int(pdf_info(pdf, tmp_path)["Pages"]) > blank_pages
    text = squeeze(pdf_text(pdf, tmp_path))
    assert sentences[0] in text and sentences[-1] in text
    assert text.index(sentences[-1]) < text.index("申报地区意见")
    assert docx_boxes(read_docx(render_docx(doc)))["试点方案"] == plan
