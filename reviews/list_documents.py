"""A published list (公示 or 名单) as the files the portal offers for download: an XLSX workbook
and an A4 PDF, both in the order of the page (``reviews.listing.grouped``: by provincial-level
body in administrative-code order).

Organisation names are typed by people: in the workbook every text goes through
``write_string`` (never a formula) and text that a spreadsheet could take for a formula gets
the same leading apostrophe as the audit export's (``audit.export.neutralise``), so that it
stays text even after the sheet is saved as CSV and opened again.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import xlsxwriter
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.export import neutralise
from desk.templatetags.shidian import cn_date
from reviews.listing import Group, grouped
from reviews.models import ListEntry, ListStatus, PublishedList

COLUMNS = (
    (gettext_noop("序号"), 6),
    (gettext_noop("省份"), 22),
    (gettext_noop("申报主体"), 40),
    (gettext_noop("类别"), 22),
    (gettext_noop("区划代码"), 12),
)


@dataclass
class Row:
    number: int
    group: str
    organisation: str
    category: str
    division_code: str


def _row(number: int, group: Group, entry: ListEntry) -> Row:
    application = entry.application
    region = application.organisation.region
    return Row(
        number=number,
        group=group.name,
        organisation=application.organisation.name,
        # A demonstration list names the title granted (全国企业社会工作示范地区); a pilot list
        # the category applied in.
        category=entry.title or application.category.name,
        division_code=region.code if region else "",
    )


def numbered(groups: list[Group]) -> list[tuple[Group, list[Row]]]:
    """Each group with its rows, numbered through the whole list (序号), as the page, the
    workbook and the PDF all number them."""
    result, n = [], 0
    for group in groups:
        group_rows = []
        for entry in group.entries:
            n += 1
            group_rows.append(_row(n, group, entry))
        result.append((group, group_rows))
    return result


def rows(groups: list[Group]) -> list[Row]:
    """One row per entry, in the groups' order."""
    return [row for _group, group_rows in numbered(groups) for row in group_rows]


def headers() -> list[str]:
    return [_(title) for title, _width in COLUMNS]


def list_xlsx(published_list: PublishedList, *, title: str = "") -> bytes:
    """The list as a workbook: a title row, the column heads, then one row per entry."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet(_("名单"))
    heading = workbook.add_format(
        {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}
    )
    bold = workbook.add_format({"bold": True, "border": 1, "align": "center"})
    cell = workbook.add_format({"border": 1, "valign": "vcenter", "text_wrap": True})
    number = workbook.add_format({"border": 1, "align": "center"})
    for col, (_title, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
    sheet.merge_range(0, 0, 0, len(COLUMNS) - 1, "", heading)
    sheet.write_string(0, 0, neutralise(title or published_list.title), heading)
    sheet.set_row(0, 30)
    for col, text in enumerate(headers()):
        sheet.write_string(1, col, text, bold)
    sheet.freeze_panes(2, 0)
    listed = rows(grouped(published_list))
    for r, row in enumerate(listed, start=2):
        sheet.write_number(r, 0, row.number, number)
        for col, text in enumerate(
            (row.group, row.organisation, row.category, row.division_code), start=1
        ):
            sheet.write_string(r, col, neutralise(text), cell)
    sheet.autofilter(1, 0, max(len(listed), 1) + 1, len(COLUMNS) - 1)
    workbook.close()
    return out.getvalue()


def publicity_period(published_list: PublishedList) -> str:
    """公示期：2026年11月26日至2026年12月3日 (Beijing dates), or "" for a list not put to 公示."""
    starts, ends = published_list.publicity_starts_at, published_list.publicity_ends_at
    if not (starts and ends):
        return ""
    return _("公示期：%(from)s至%(to)s") % {"from": cn_date(starts), "to": cn_date(ends)}


def render_html(published_list: PublishedList, *, title: str = "", publicity: bool = False) -> str:
    groups = numbered(grouped(published_list))
    published_at = published_list.published_at if not publicity else None
    return render_to_string(
        "reviews/list_print.html",
        {
            "title": title or published_list.title,
            "preface": [p.strip() for p in published_list.preface.splitlines() if p.strip()],
            "period": publicity_period(published_list) if publicity else "",
            "groups": groups,
            "total": sum(len(group_rows) for _group, group_rows in groups),
            "issuer": published_list.programme.issuer,
            "dated": cn_date(published_at) if published_at else "",
        },
    )


def list_pdf(
    published_list: PublishedList, *, title: str = "", publicity: bool | None = None
) -> bytes:
    """The list on A4, in the official faces (with the Noto CJK fallbacks that
    ``shidian/fonts/fonts.conf`` aliases them to, as the application forms print)."""
    from programmes.documents import _weasyprint

    if publicity is None:
        publicity = published_list.status == ListStatus.PUBLICITY
    weasyprint = _weasyprint()
    # No base URL: the page loads nothing, and user text is escaped, so it cannot either.
    html = render_html(published_list, title=title, publicity=publicity)
    return weasyprint.HTML(string=html).write_pdf()
