"""Background work of the review: the inbox's 申报汇总表 (``ExportJob``), written by the worker
(``manage.py db_worker``, docs/architecture.md) instead of inside the officer's request, which a
national export (100,000 rows) would outlast.

``export_inbox`` takes a queued job, writes the workbook to a temporary file with
reviews/export.py's writer, and only when it is complete stores it in private storage and
marks the job 已完成; any failure leaves it 失败 with a message and no file. Either way the
officer who asked is told (a Notification with a link to the programme's exports).
Files older than ``settings.EXPORT_KEEP_DAYS`` are removed (``prune_exports``, run after each
export and by ``manage.py prune_exports``).
"""

from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from applications.models import Notification
from reviews import export
from reviews.models import ExportJob, ExportStatus

# A job 生成中 for longer than this was cut off (the worker stopped mid-way): 失败.
STALE_AFTER = timedelta(hours=2)


class ExportRefused(Exception):
    """Why a job cannot be written, in words for the officer."""


@task()
def export_inbox(job_id: int) -> int | None:
    """Write the job's workbook; the number of rows, or None if there was nothing to do."""
    return run_export(job_id)


def run_export(job_id: int) -> int | None:
    # Claim the job: one worker only, and never a job already done or removed.
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ExportJob.objects.select_related("programme").get(pk=job_id)
    try:
        rows = _write(job)
    except Exception as e:
        _fail(job, e)
        raise  # and the task is recorded as failed too, with its traceback, in the worker's log
    job.status = ExportStatus.DONE
    job.rows = rows
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "rows", "finished_at", "file"])
    _tell(job, _("申报汇总表已生成（%(n)s 条），可以下载了。") % {"n": f"{rows:,}"})
    prune_exports()
    return rows


def _write(job: ExportJob) -> int:
    """Write the workbook to a temporary file, then store it whole (never a partial file)."""
    from reviews.views.inbox import inbox_form, submitted, summarise

    programme = job.programme
    form = inbox_form(summarise(programme), job.filters or None)
    if form.is_bound and not form.is_valid():
        raise ExportRefused(
            _("筛选条件已不适用（例如所选省份已无申报），请在申报汇总页重新筛选后导出。")
        )
    with export.temporary_file() as out:
        rows = export.write_inbox(form.apply(submitted(programme)), out)
        out.seek(0)
        job.file.save(job.original_name, File(out), save=False)
    return rows


def _fail(job: ExportJob, error: Exception) -> None:
    if job.file:
        job.file.delete(save=False)
    if isinstance(error, ExportRefused):
        message = str(error)
    else:
        detail = str(error).strip() or type(error).__name__
        message = _("生成时出错（%(detail)s）。请重新导出；如仍失败，请联系系统管理员。") % {
            "detail": detail[:200]
        }
    job.status = ExportStatus.FAILED
    job.error = message[:500]
    job.rows = None
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "rows", "finished_at", "file"])
    _tell(job, _("申报汇总表生成失败：%(error)s") % {"error": message})


def _tell(job: ExportJob, message: str) -> None:
    Notification.objects.create(
        recipient=job.requested_by,
        message=message[:300],
        url=reverse("reviews:exports", args=[job.programme_id]),
    )


def prune_exports(*, days: int | None = None, now=None) -> int:
    """Remove the exports (file and row) asked for more than ``days`` ago, and mark a job
    生成中 for longer than ``STALE_AFTER`` 失败; the number of exports removed."""
    now = now or timezone.now()
    for job in ExportJob.objects.filter(
        status=ExportStatus.RUNNING, started_at__lt=now - STALE_AFTER
    ):
        job.status = ExportStatus.FAILED
        job.error = _("生成中断（后台任务已停止）。请重新导出。")
        job.finished_at = now
        job.save(update_fields=["status", "error", "finished_at"])
    days = settings.EXPORT_KEEP_DAYS if days is None else days
    old = list(ExportJob.objects.filter(created_at__lt=now - timedelta(days=days)))
    for job in old:
        if job.file:  # the file first: a row left without its file only 404s
            job.file.delete(save=False)
        job.delete()
    return len(old)
