"""The official application form (申报表) as DOCX and PDF, blank or filled.

Both renderers take plain data (a ``FormDocument``), so the portal's blank forms and a filled
application print through the same code. The layout follows the paper form of 民函〔2009〕148号
(附件1/附件2, see FORMS.md): a 7-column grid whose first column is one tall cell naming the
applicant block; each header row fills the other six columns with label/value pairs; long-text
rows and the opinion boxes (意见, one per level of the endorsement chain) have a label spanning
the first two columns and a value spanning the other five; 备注 comes last.

``layout()`` turns a document into rows of cells once; the DOCX and PDF writers only draw them.
The fonts the ministry's forms name (仿宋_GB2312, 方正小标宋简体) are proprietary: the DOCX names
them (officials' Windows machines have them); the PDF asks for them first and falls back to
Noto Serif CJK SC (Debian's fonts-noto-cjk), aliased in ``shidian/fonts/fonts.conf``.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .models import Block, FieldType, FormField, FormVersion

FONTS_CONF = Path(settings.BASE_DIR) / "shidian" / "fonts" / "fonts.conf"
PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "form_print.css"

# The grid, in millimetres: A4 (210 mm) less 20 mm margins either side. Column 0 is the tall
# applicant cell (one character wide, so its label reads downwards), 1 and 5 hold the header
# labels, 3 the 职务 of the three-field rows.
PAGE_MARGINS_MM = (25, 20, 22, 20)  # top, right, bottom, left
COLUMNS_MM = (11, 30, 29, 16, 26, 25, 33)
GRID = len(COLUMNS_MM)

# Minimum heights (cm): long text is written by hand on a blank form.
HEIGHT_HEADER = 1.1
HEIGHT_LONG_TEXT = 5.0
HEIGHT_TEXT = 1.2
HEIGHT_OPINION = 3.2
HEIGHT_REMARKS = 1.6

SIGNATURE_LABEL = "负责人(签字):"
SEAL = "(公章)"
SEALED_NOTE = "（电子记录：已加盖公章）"
IDEOGRAPHIC_SPACE = "\u3000"
WATERMARK = "草稿"


@dataclass
class Opinion:
    """One opinion (意见) as recorded electronically."""

    text: str = ""
    person: str = ""  # 负责人
    signed_on: date | None = None
    sealed: bool = False  # the seal is applied on paper; "(公章)" prints either way


@dataclass
class FormDocument:
    version: FormVersion
    chain: list[str]  # ChainLevel values: the opinion boxes, in order
    annex_label: str = ""  # "附件1", printed at the top left
    values: dict[str, str] = field(default_factory=dict)  # field key -> display text
    # level -> opinions; several upper bureaus may share the 上级民政部门意见 box
    opinions: dict[str, list[Opinion]] = field(default_factory=dict)
    draft: bool = False  # watermark 草稿 on every page

    @property
    def title(self) -> str:
        return self.version.definition.title


# -- Layout -------------------------------------------------------------------------------


@dataclass
class Cell:
    kind: str  # "applicant" | "label" | "value" | "opinion"
    col: int
    span: int = 1
    rowspan: int = 1
    text: str = ""
    gap: float = 0  # letter spacing (em) of short header labels: "联 系 人", "传  真"
    opinions: list[Opinion] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """A label's lines (they may wrap further by themselves)."""
        return self.text.split("\n")

    @property
    def paragraphs(self) -> list[str]:
        return self.text.splitlines() or [""]

    @property
    def entries(self) -> list[OpinionEntry]:
        """What an opinion box prints: each opinion's text above its signature line, or
        the blank line alone."""
        return [
            OpinionEntry(
                paragraphs=[t for t in o.text.splitlines() if t.strip()] if o else [],
                signature=signature_line(o),
                sealed=bool(o and o.sealed),
            )
            for o in (self.opinions or [None])
        ]

    @property
    def spaced(self) -> tuple[str, str]:
        """The label split into the part that takes the letter spacing and its last
        character (spacing after the last character would push a centred label off-centre)."""
        return self.text[:-1], self.text[-1:]


@dataclass
class OpinionEntry:
    paragraphs: list[str]
    signature: str
    sealed: bool


@dataclass
class Row:
    kind: str  # "header" | "long" | "text" | "opinion" | "remarks"
    cells: list[Cell]
    min_height_cm: float


def format_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def signature_line(opinion: Opinion | None = None) -> str:
    """The line at the foot of an opinion box, "负责人(签字):      年  月  日  (公章)", with
    the recorded name and date in the blanks."""
    sp = IDEOGRAPHIC_SPACE
    person = sp + opinion.person if opinion and opinion.person else sp * 6
    day = format_date(opinion.signed_on if opinion else None) or f"{sp * 2}年{sp * 2}月{sp * 2}日"
    return f"{SIGNATURE_LABEL}{person}{sp * 2}{day}{sp * 2}{SEAL}"


LABEL_LINE = 8  # characters of 12 pt that fit the wide label cell


def _label_lines(label: str, applicant_label: str) -> str:
    """Where a long label breaks, as the paper breaks it: after the applicant ("申报地区 /
    社会工作人才队伍建设现有基础") or after a parenthesised qualifier ("省(自治区、直辖市) /
    民政厅(局)意见"). A label that fits on one line is left alone."""
    if len(label) <= LABEL_LINE:
        return label
    if label.startswith(applicant_label) and len(label) - len(applicant_label) >= 2:
        return f"{applicant_label}\n{label[len(applicant_label) :]}"
    close = re.search(r"[)）]", label)
    if close and 4 <= close.end() <= len(label) - 2:
        return f"{label[: close.end()]}\n{label[close.end() :]}"
    return label


def _label_gap(label: str) -> float:
    """The paper spaces short header labels to line up with the four-character ones."""
    return {3: 0.5, 2: 1.0}.get(len(label), 0)


def _header_rows(fields: list[FormField]) -> list[list[FormField]]:
    """Fields grouped by their header row (a field without a row number has one to itself),
    at most three label/value pairs to a row."""
    groups: list[list[FormField]] = []
    for number, group in groupby(fields, key=lambda f: f.row):
        members = list(group)
        if number is None:
            groups.extend([f] for f in members)
        else:
            groups.extend(members[i : i + 3] for i in range(0, len(members), 3))
    return groups


# Where label/value pairs go in the six columns right of the applicant cell:
# (label column, value column, value span) per field, by the number of fields in the row.
HEADER_PLACES = {
    1: [(1, 2, 5)],
    2: [(1, 2, 3), (5, 6, 1)],
    3: [(1, 2, 1), (3, 4, 1), (5, 6, 1)],
}


def layout(doc: FormDocument) -> list[Row]:
    fields = list(doc.version.fields.all())
    header = [f for f in fields if f.block == Block.HEADER]
    body = [f for f in fields if f.block == Block.BODY]
    remarks = [f for f in fields if f.block == Block.REMARKS]
    rows: list[Row] = []

    groups = _header_rows(header)
    for i, group in enumerate(groups):
        cells = []
        if i == 0:
            label = doc.version.definition.applicant_label
            cells.append(Cell("applicant", 0, rowspan=len(groups), text=label))
        for f, (label_col, value_col, span) in zip(group, HEADER_PLACES[len(group)], strict=True):
            gap = _label_gap(f.label) if label_col in (1, 5) else 0
            cells.append(Cell("label", label_col, text=f.label, gap=gap))
            cells.append(Cell("value", value_col, span, text=doc.values.get(f.key, "")))
        rows.append(Row("header", cells, HEIGHT_HEADER))

    def wide(kind: str, label: str, value: Cell, height: float) -> Row:
        label = _label_lines(label, doc.version.definition.applicant_label)
        return Row(kind, [Cell("label", 0, 2, text=label), value], height)

    for f in body:
        long = f.field_type == FieldType.LONG_TEXT
        value = Cell("value", 2, 5, text=doc.values.get(f.key, ""))
        rows.append(
            wide(
                "long" if long else "text",
                f.label,
                value,
                HEIGHT_LONG_TEXT if long else HEIGHT_TEXT,
            )
        )
    for level in doc.chain:
        value = Cell("opinion", 2, 5, opinions=list(doc.opinions.get(level, [])))
        rows.append(wide("opinion", doc.version.opinion_label(level), value, HEIGHT_OPINION))
    for f in remarks:
        value = Cell("value", 2, 5, text=doc.values.get(f.key, ""))
        rows.append(wide("remarks", f.label, value, HEIGHT_REMARKS))
    return rows


# -- DOCX ---------------------------------------------------------------------------------

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
ANNEX_FONT = "黑体"
LATIN_FONT = "Times New Roman"


def _set_fonts(rpr_owner, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts on a style or run, east-Asian included (python-docx sets only the
    Latin ones), and drop theme fonts, which would override them."""
    from docx.oxml.ns import qn

    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for name in list(fonts.attrib):
        if name.split("}")[-1].endswith("Theme"):
            del fonts.attrib[name]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), latin)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _paragraph_style(document, name: str, *, font: str, size: float, align):
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size)
    _set_fonts(style.element, font)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.15
    return style


def _cant_split(row) -> None:
    """Keep a short row on one page (Word lets rows break by default)."""
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    successors = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")
    tr_pr.insert_element_before(tr_pr.makeelement(qn("w:cantSplit"), {}), *successors)


def _grey_watermark(section) -> None:
    """草稿 in large light-grey letters in the header of every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(WATERMARK)
    run.font.size = Pt(48)
    run.font.color.rgb = RGBColor(0xD0, 0xD0, 0xD0)
    _set_fonts(run._r, ANNEX_FONT)


def _page_number_footer(section) -> None:
    """Page numbers at the foot of every page ("— 1 —"), as official documents have them."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )
    paragraph.add_run(" —")


def render_docx(doc: FormDocument) -> bytes:
    from docx import Document
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt, RGBColor

    document = Document()
    document.core_properties.title = doc.title
    document.core_properties.author = ""
    document.core_properties.comments = ""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, right, bottom, left = PAGE_MARGINS_MM
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = section.footer_distance = Mm(10)

    normal = document.styles["Normal"]
    normal.font.size = Pt(14)
    _set_fonts(normal.element, BODY_FONT)
    centre, leftwards, rightwards = (
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.RIGHT,
    )
    annex = _paragraph_style(document, "Annex Label", font=ANNEX_FONT, size=16, align=leftwards)
    title = _paragraph_style(document, "Form Title", font=TITLE_FONT, size=22, align=centre)
    title.paragraph_format.space_before = Pt(6)
    title.paragraph_format.space_after = Pt(12)
    label_style = _paragraph_style(document, "Form Label", font=BODY_FONT, size=12, align=centre)
    value_style = _paragraph_style(document, "Form Value", font=BODY_FONT, size=12, align=leftwards)
    signature_style = _paragraph_style(
        document, "Form Signature", font=BODY_FONT, size=12, align=rightwards
    )
    signature_style.paragraph_format.space_before = Pt(6)
    signature_style.paragraph_format.keep_together = True

    if doc.draft:
        _grey_watermark(section)
    _page_number_footer(section)

    body = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    if doc.annex_label:
        body.style = annex
        body.add_run(doc.annex_label)
        body = document.add_paragraph()
    body.style = title
    body.add_run(doc.title)

    rows = layout(doc)
    table = document.add_table(rows=len(rows), cols=GRID)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    margins = tbl_pr.makeelement(qn("w:tblCellMar"), {})
    for side in ("left", "right"):  # 1.5 mm, as the PDF pads its cells
        margins.append(margins.makeelement(qn(f"w:{side}"), {qn("w:w"): "85", qn("w:type"): "dxa"}))
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    for column, width in zip(table.columns, COLUMNS_MM, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, COLUMNS_MM, strict=True):
            cell.width = Mm(width)

    # The grid's cells, taken once (table.cell() walks the whole table each time). Layout
    # cells do not overlap, so merging one leaves the positions of the others valid.
    grid = table._cells

    def styled(paragraph, style):
        # Quicker than paragraph.style = style, which searches all styles for the default.
        paragraph._p.get_or_add_pPr().style = style.style_id
        return paragraph

    for r, (row, spec) in enumerate(zip(table.rows, rows, strict=True)):
        row.height = Cm(spec.min_height_cm)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        if spec.kind in ("header", "text"):
            _cant_split(row)  # long-text and opinion rows may break across pages
        for c in spec.cells:
            cell = grid[r * GRID + c.col]
            corner = grid[(r + c.rowspan - 1) * GRID + c.col + c.span - 1]
            if corner is not cell:
                cell = cell.merge(corner)
            paragraph = cell.paragraphs[0]
            if c.kind in ("applicant", "label"):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                styled(paragraph, label_style)
                if c.gap:
                    spaced, last = c.spaced
                    run = paragraph.add_run(spaced)
                    rpr = run._r.get_or_add_rPr()  # character spacing, in twentieths of a pt
                    spacing = rpr.makeelement(
                        qn("w:spacing"), {qn("w:val"): str(round(c.gap * 240))}
                    )
                    rpr.insert_element_before(spacing, "w:w", "w:kern", "w:position", "w:sz")
                    paragraph.add_run(last)
                else:
                    for i, line in enumerate(c.lines):
                        if i:
                            paragraph.add_run().add_break()
                        paragraph.add_run(line)
            elif c.kind == "value":
                long = spec.kind in ("long", "remarks")
                cell.vertical_alignment = (
                    WD_CELL_VERTICAL_ALIGNMENT.TOP if long else WD_CELL_VERTICAL_ALIGNMENT.CENTER
                )
                for i, text in enumerate(c.paragraphs):
                    p = styled(paragraph if i == 0 else cell.add_paragraph(), value_style)
                    if long:
                        p.paragraph_format.first_line_indent = Pt(24) if text else None
                    p.add_run(text)
            else:  # opinion: its text above "负责人(签字): … (公章)" at the bottom right
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
                first = True
                for entry in c.entries:
                    for text in entry.paragraphs:
                        p = styled(paragraph if first else cell.add_paragraph(), value_style)
                        first = False
                        p.paragraph_format.first_line_indent = Pt(24)
                        p.add_run(text)
                    p = styled(paragraph if first else cell.add_paragraph(), signature_style)
                    first = False
                    p.add_run(entry.signature)
                    if entry.sealed:
                        p = styled(cell.add_paragraph(), signature_style)
                        p.paragraph_format.space_before = Pt(0)
                        note = p.add_run(SEALED_NOTE)
                        note.font.size = Pt(10)
                        note.font.color.rgb = RGBColor(0x55, 0x55, 0x55)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- PDF ----------------------------------------------------------------------------------


def _weasyprint():
    """WeasyPrint, with fontconfig reading our aliases (仿宋_GB2312 → Noto Serif CJK SC).
    Fontconfig reads FONTCONFIG_FILE whenever a configuration is loaded, and WeasyPrint loads
    one per document, so setting it before the first render is enough; a deployment's own
    setting wins."""
    if FONTS_CONF.exists():
        os.environ.setdefault("FONTCONFIG_FILE", str(FONTS_CONF))
    import weasyprint

    return weasyprint


def render_html(doc: FormDocument) -> str:
    return render_to_string(
        "programmes/form_print.html",
        {
            "doc": doc,
            "rows": layout(doc),
            "columns": COLUMNS_MM,
            "watermark": WATERMARK if doc.draft else "",
            "sealed_note": SEALED_NOTE,
        },
    )


def render_pdf(doc: FormDocument) -> bytes:
    weasyprint = _weasyprint()
    # No base URL: the page loads nothing, and user text is escaped, so it cannot either.
    html = weasyprint.HTML(string=render_html(doc))
    return html.write_pdf(stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))])
