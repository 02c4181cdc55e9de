"""Reading the audit trail. There is deliberately no view that changes or deletes a row."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from audit.display import change_rows, object_type_label
from audit.export import EXPORT_LIMIT, write_xlsx
from audit.forms import AuditFilterForm
from audit.models import AuditEvent, Event
from audit.permissions import can_read_audit
from audit.records import record


def _visible_events(request):
    """403 for anyone but an audit administrator; their part of the trail otherwise."""
    if not can_read_audit(request.user):
        raise PermissionDenied
    return AuditEvent.objects.visible_to(request.user)


def _filtered(request) -> tuple[AuditFilterForm, QuerySet]:
    events = _visible_events(request)
    form = AuditFilterForm(request.GET or None)
    form.is_valid()
    return form, form.filter(events).select_related("actor").order_by("-seq")


def _filter_query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
@login_required
def event_list(request):
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        event.object_type_label = object_type_label(event.object_type)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page": page,
            "filter_query": _filter_query(request),
            "total": f"{page.paginator.count:,}",
        },
    )


@require_safe
@login_required
def event_detail(request, seq: int):
    event = get_object_or_404(_visible_events(request).select_related("actor"), seq=seq)
    return render(
        request,
        "audit/event_detail.html",
        {
            "event": event,
            "object_type_label": object_type_label(event.object_type),
            "changes": change_rows(event),
            "hash_ok": event.compute_hash() == event.row_hash,
        },
    )


@require_safe
@login_required
def event_export(request):
    form, events = _filtered(request)
    back = f"{reverse('audit:list')}?{_filter_query(request)}"
    if form.is_bound and not form.is_valid():
        messages.error(request, _("筛选条件有误，请修改后再导出。"))
        return HttpResponseRedirect(back)
    total = events.count()
    if total > EXPORT_LIMIT:
        messages.error(
            request,
            _("符合条件的记录有 %(total)s 条，超过单次导出上限 %(limit)s 条，请缩小筛选范围。")
            % {"total": f"{total:,}", "limit": f"{EXPORT_LIMIT:,}"},
        )
        return HttpResponseRedirect(back)
    out = tempfile.TemporaryFile(suffix=".xlsx")  # gone when the response closes it
    try:
        rows = write_xlsx(events, out)
        filters = form.used() if form.is_bound else {}
        # Stored text, in the system's language whatever the reader's.
        record(
            Event.EXPORT,
            actor=request.user,
            summary=f"导出审计日志 {rows} 条",
            changes={"filters": filters, "rows": rows},
        )
    except BaseException:
        out.close()
        raise
    out.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"审计日志-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
