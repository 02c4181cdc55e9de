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
    """Gone when closed (by the task once stored, by the benchmark when done)."""
    return tempfile.TemporaryFile(suffix=".xlsx")


def headers() -> list[str]:
    return [str(title) for title, _width in COLUMNS]


# What a row shows, read as plain tuples: building 100,000 model instances (with their
# assessment, organisation, region, province, category and batch item) took most of the
# export's time (bench/RESULTS.md).
ROW_FIELDS = (
    "province__name",
    "batch_item__rank",
    "organisation__name",
    "organisation__region__code",
    "category__name",
    "assessment__eligibility",
    "assessment__average_score",
    "assessment__decision",
    "submitted_at",
)
CHUNK_ROWS = 5000


def write_inbox(applications: QuerySet, out: IO[bytes]) -> int:
    """Write ``applications`` (in their order) to ``out``; return the number of rows written.

    Only the columns' values are read (``ROW_FIELDS``), a chunk at a time through a server-side
    cursor, and XlsxWriter writes each row out as soon as the next begins (constant memory):
    time and memory do not depend on what else an application carries.
    """
    from reviews.models import Assessment

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
    eligibility = _labels(Assessment, "eligibility")
    decision = _labels(Assessment, "decision")
    # Province and category names and the labels repeat row after row: made safe once each.
    safe = _Memo()
    write_string, write_number = sheet.write_string, sheet.write_number
    rows = applications.values_list(*ROW_FIELDS).iterator(chunk_size=CHUNK_ROWS)
    count = 0
    for count, row in enumerate(rows, start=1):
        province, rank, name, code, category, verdict, average, result, submitted_at = row
        write_number(count, 0, count)
        write_string(count, 1, safe(province or direct))
        if rank is not None:
            write_number(count, 2, rank)
        if name:
            write_string(count, 3, neutralise(name))
        if code:
            write_string(count, 4, safe(code))
        if category:
            write_string(count, 5, safe(category))
        if verdict is not None:  # an assessment
            if verdict in eligibility:
                write_string(count, 6, safe(eligibility[verdict]))
            if average is not None:
                write_number(count, 7, float(average), score)
            if result in decision:
                write_string(count, 8, safe(decision[result]))
        if submitted_at:
            local = submitted_at.astimezone(BEIJING).replace(tzinfo=None)
            sheet.write_datetime(count, 9, local, when)
    sheet.autofilter(0, 0, max(count, 1), len(COLUMNS) - 1)
    workbook.close()
    return count


def _labels(model, field: str) -> dict[str, str]:
    """A choice field's labels by value, translated once (as get_FOO_display shows them)."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


class _Memo(dict):
    """``neutralise`` of each distinct text, computed once."""

    def __call__(self, text: str) -> str:
        safe = self.get(text)
        if safe is None:
            safe = self[text] = neutralise(str(text))
        return safe
