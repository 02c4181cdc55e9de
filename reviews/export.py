"""The inbox as an Excel workbook (申报汇总表): one row per application, written row by row
in constant memory.

Every text cell goes through ``write_string``, never ``write``: user text such as an
organisation name "=HYPERLINK(...)" must stay text. Text that a spreadsheet could still take
for a formula (after a save as CSV) gets a leading apostrophe (``audit.export.neutralise``).
"""

import tempfile
from typing import IO
from zoneinfo import ZoneInfo

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.export import neutralise

BEIJING = ZoneInfo("Asia/Shanghai")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS = (
    (gettext_lazy("序号"), 6),
    (gettext_lazy("省份（报送单位）"), 22),
    (gettext_lazy("省级推荐排序"), 8),
    (gettext_lazy("申报主体"), 36),
    (gettext_lazy("区划代码"), 10),
    (gettext_lazy("类别"), 24),
    (gettext_lazy("形式审查"), 10),
    (gettext_lazy("平均分"), 9),
    (gettext_lazy("确定结果"), 10),
    (gettext_lazy("提交时间"), 17),
)


def temporary_file() -> IO[bytes]:
    """Gone when the response closes it."""
    return tempfile.TemporaryFile(suffix=".xlsx")


def headers() -> list[str]:
    return [str(title) for title, _width in COLUMNS]


def write_inbox(applications: QuerySet, out: IO[bytes]) -> int:
    """Write ``applications`` (in their order, with their assessment, organisation, province,
    category and batch item selected) to ``out``; return the number of rows written."""
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = workbook.add_worksheet(_("申报汇总表"))
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "vcenter"})
    score = workbook.add_format({"num_format": "#,##0.00"})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for col, (_title, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    for col, title in enumerate(headers()):
        sheet.write_string(0, col, title, bold)

    direct = _("部直属单位、部管社团")
    count = 0
    for count, application in enumerate(applications.iterator(chunk_size=2000), start=1):
        assessment = getattr(application, "assessment", None)
        batch_item = getattr(application, "batch_item", None)
        region = application.organisation.region
        sheet.write_number(count, 0, count)
        _text(sheet, count, 1, application.province.name if application.province else direct)
        if batch_item is not None:
            sheet.write_number(count, 2, batch_item.rank)
        _text(sheet, count, 3, application.organisation.name)
        _text(sheet, count, 4, region.code if region else "")
        _text(sheet, count, 5, application.category.name)
        if assessment is not None:
            _text(sheet, count, 6, assessment.get_eligibility_display())
            if assessment.average_score is not None:
                sheet.write_number(count, 7, float(assessment.average_score), score)
            _text(sheet, count, 8, assessment.get_decision_display())
        if application.submitted_at:
            local = timezone.localtime(application.submitted_at, BEIJING).replace(tzinfo=None)
            sheet.write_datetime(count, 9, local, when)
    sheet.autofilter(0, 0, max(count, 1), len(COLUMNS) - 1)
    workbook.close()
    return count


def _text(sheet, row: int, col: int, value: str) -> None:
    if value:
        sheet.write_string(row, col, neutralise(str(value)))
