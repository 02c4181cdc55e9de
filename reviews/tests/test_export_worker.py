"""The 申报汇总表 through the real queue: production's database backend and its worker
(``manage.py db_worker``), and the list of exports at any number of them.

Li Minghua (mz_officer) asks for the export; the request only queues it (排队中) and returns;
the worker, started as the operator starts it (here in batch mode: run what is queued, then
exit), writes the workbook, which he then downloads.
"""

import io
import signal

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from applications.models import Notification
from applications.tests.flow import demo_programme
from reviews.models import ExportJob, ExportStatus
from reviews.tests.review_flow import after_deadline, submitted_to_ministry
from reviews.views.exports import PAGE_SIZE

WORKER_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


# The worker opens and closes its own transactions and connections, as in production: a
# transactional test (its database is flushed afterwards, and the demo data loaded again).
@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_a_queued_export(demo_db, people, client_for, settings):
    settings.TASKS = DATABASE_QUEUE
    programme = demo_programme()
    submitted_to_ministry(people)
    jiangxi = people.jx_endorser.organisation
    with after_deadline():
        client = client_for(people.mz_officer)
        response = client.post(
            reverse("reviews:inbox_export", args=[programme.pk]),
            {"query": f"province={jiangxi.pk}"},
        )
        queued = client.get(response["Location"]).content.decode()
        job = ExportJob.objects.get()
        assert job.status == ExportStatus.QUEUED
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        assert "排队中" in queued and "本页会自动更新" in queued
        assert not Notification.objects.filter(recipient=people.mz_officer).exists()

        handlers = {sig: signal.getsignal(sig) for sig in WORKER_SIGNALS}
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        finally:  # the worker installs its own handlers for a graceful stop
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

        job.refresh_from_db()
        fetched = client.get(reverse("reviews:export_download", args=[job.pk]))
        done = client.get(response["Location"]).content.decode()

    assert job.status == ExportStatus.DONE
    assert job.rows == 2
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert fetched.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(fetched.streaming_content)))
    names = [row[3] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["南昌市东湖区民政局", "瑞金市民政局"]
    assert "已完成" in done and "排队中" not in done and "hx-trigger" not in done
    assert Notification.objects.filter(recipient=people.mz_officer).count() == 1


@pytest.mark.django_db
def test_the_list_of_exports_takes_the_same_queries_for_3_or_30(people, client_for):
    programme = demo_programme()
    url = reverse("reviews:exports", args=[programme.pk])
    client = client_for(people.mz_officer)
    statuses = list(ExportStatus)

    def measure(n: int) -> int:
        ExportJob.objects.bulk_create(
            ExportJob(
                programme=programme,
                requested_by=people.mz_officer,
                status=statuses[i % len(statuses)],
                rows=i if statuses[i % len(statuses)] == ExportStatus.DONE else None,
                file=f"exports/x-{i}.xlsx"
                if statuses[i % len(statuses)] == ExportStatus.DONE
                else "",
                error="生成时出错" if statuses[i % len(statuses)] == ExportStatus.FAILED else "",
                original_name=f"申报汇总表-{i}.xlsx",
            )
            for i in range(n)
        )
        client.get(url)  # the first view of a session may set up what later ones reuse
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        shown = min(ExportJob.objects.count(), PAGE_SIZE)
        assert response.content.decode().count('<tr id="export-') == shown
        return len(context)

    few = measure(3)
    many = measure(27)  # 30 in all: a full page and another
    assert few == many
