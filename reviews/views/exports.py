"""The programme's exports of the inbox (申报汇总表): asked for on the inbox
(``inbox.inbox_export``), written in the background (reviews/tasks.py), listed here with their
status, and downloaded.

Access: every programme officer of the ministry sees every export of the programme and may
download it (they all see the inbox it was made from); the list is 403 for anyone else, like
the inbox, and a download 404 (``ExportJob.objects.visible_to``), as is an export that is not
ready, failed, or whose file was removed after ``settings.EXPORT_KEEP_DAYS`` days.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from reviews.models import ExportJob, ExportStatus
from reviews.views import load_programme
from shidian.files import serve_private_file

PAGE_SIZE = 20
# While an export is queued or being written the list reloads itself this often.
POLL_SECONDS = 5


@require_safe
@login_required
def exports(request, pk: int):
    """Three queries whatever the number of exports: the programme, a count, a page (with
    who asked for each)."""
    programme = load_programme(request, pk)
    jobs = ExportJob.objects.filter(programme=programme).select_related("requested_by")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/exports.html",
        {
            "programme": programme,
            "tab": "inbox",
            "page": page,
            "pending": any(job.is_pending for job in page),
            "poll_seconds": POLL_SECONDS,
            "keep_days": settings.EXPORT_KEEP_DAYS,
            "statuses": ExportStatus,
        },
    )


@require_safe
@login_required
def download(request, pk: int):
    job = get_object_or_404(
        ExportJob.objects.visible_to(request.user)
        .filter(status=ExportStatus.DONE)
        .exclude(file=""),
        pk=pk,
    )
    return serve_private_file(
        request,
        job,
        summary=f"下载申报汇总表 {job.rows} 条",
        changes={"programme": job.programme_id, "filters": job.filters, "rows": job.rows},
    )
