"""The audit trail as an Excel workbook, written row by row in constant memory."""

import json
from typing import IO

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.display import object_type_label
from audit.models import Event, Result

# Excel has 1,048,576 rows; past a million an export is the wrong tool anyway.
EXPORT_LIMIT = 1_000_000
MAX_CELL_TEXT = 32_767

# A cell whose text starts with one of these may be taken for a formula by a spreadsheet
# (CSV/formula injection), e.g. a summary "=HYPERLINK(...)" typed by a user.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

FIELDS = (
    "seq",
    "at",
    "actor_name",
    "actor__full_name",
    "organisation_name",
    "source_address",
    "event",
    "object_type",
    "object_id",
    "object_repr",
    "result",
    "summary",
    "changes",
    "row_hash",
)


def neutralise(text: str) -> str:
    """Text that could start a formula gets a leading apostrophe, so that it stays text
    even if the sheet is saved as CSV and opened again."""
    text = text[: MAX_CELL_TEXT - 1]
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def headers() -> list[str]:
    return [
        _("序号"),
        _("时间"),
        _("账号"),
        _("姓名"),
        _("单位"),
        _("来源地址"),
        _("事件"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("结果"),
        _("摘要"),
        _("变更内容"),
        _("本条哈希"),
    ]


WIDTHS = (8, 20, 16, 12, 24, 16, 12, 14, 10, 24, 8, 40, 40, 20)


def write_xlsx(events: QuerySet, out: IO[bytes]) -> int:
    """Write ``events`` (in their order) to ``out``; return the number of rows written.
    Every text cell goes through ``write_string``: nothing is ever written as a formula."""
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = workbook.add_worksheet(_("审计日志"))
    bold = workbook.add_format({"bold": True})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    for col, title in enumerate(headers()):
        sheet.write_string(0, col, title, bold)

    event_labels = {value: str(label) for value, label in Event.choices}
    result_labels = {value: str(label) for value, label in Result.choices}
    type_labels: dict[str, str] = {}
    count = 0
    rows = events.values_list(*FIELDS).iterator(chunk_size=2000)
    for count, row in enumerate(rows, start=1):
        (
            seq,
            at,
            actor_name,
            full_name,
            organisation,
            address,
            event,
            object_type,
            object_id,
            object_repr,
            result,
            summary,
            changes,
            row_hash,
        ) = row
        if object_type not in type_labels:
            type_labels[object_type] = object_type_label(object_type)
        sheet.write_number(count, 0, seq)
        sheet.write_datetime(count, 1, timezone.localtime(at).replace(tzinfo=None), when)
        texts = (
            actor_name,
            full_name or "",
            organisation,
            address,
            event_labels.get(event, event),
            type_labels[object_type],
            object_id,
            object_repr,
            result_labels.get(result, result),
            summary,
            json.dumps(changes, ensure_ascii=False, sort_keys=True) if changes else "",
            row_hash,
        )
        for col, text in enumerate(texts, start=2):
            if text:
                sheet.write_string(count, col, neutralise(str(text)))
    sheet.autofilter(0, 0, max(count, 1), len(WIDTHS) - 1)
    workbook.close()
    return count
