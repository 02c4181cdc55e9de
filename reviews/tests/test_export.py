"""The 申报汇总表: the inbox's filtered list as an Excel workbook, written in the background.

Li Minghua (mz_officer) asks for what 江西 submitted from the inbox (导出 Excel); the workbook
is written by the task (the immediate backend in tests: at once), listed on the programme's
exports page, and downloaded from there. One applicant's name was typed as a spreadsheet
formula, and must come out as text.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Role, RoleGrant, User
from applications.models import Notification
from applications.tests.flow import demo_programme
from audit.models import AuditEvent, Event
from reviews.models import Assessment, ExportJob, ExportStatus
from reviews.tests.review_flow import after_deadline, submitted_to_ministry

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "省份（报送单位）",
    "省级推荐排序",
    "申报主体",
    "区划代码",
    "类别",
    "形式审查",
    "平均分",
    "确定结果",
    "提交时间",
]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Exports go to a temporary folder, not the checkout's var/private."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


@pytest.fixture
def programme():
    return demo_programme()


@pytest.fixture
def url(programme):
    return reverse("reviews:inbox_export", args=[programme.pk])


@pytest.fixture
def apps(people):
    return submitted_to_ministry(people)


def ask(client, url, query: str = ""):
    """Press 导出 Excel on the inbox filtered by ``query``."""
    return client.post(url, {"query": query})


def download(client, job: ExportJob):
    return client.get(reverse("reviews:export_download", args=[job.pk]))


def _open(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows())
    workbook.close()
    return [c.value for c in rows[0]], rows[1:]


def test_it_exports_exactly_the_filtered_rows(apps, people, client_for, url, programme):
    jiangxi = people.jx_endorser.organisation
    with after_deadline():
        client = client_for(people.mz_officer)
        client.get(reverse("reviews:inbox", args=[programme.pk]))  # opens the review
        Assessment.objects.filter(application=apps["ruijin"]).update(average_score="1234.5")
        response = ask(client, url, f"province={jiangxi.pk}&page=2")
        assert response.status_code == 302
        assert response["Location"] == reverse("reviews:exports", args=[programme.pk])
        job = ExportJob.objects.get()
        page = client.get(response["Location"]).content.decode()
        header, rows = _open(download(client, job))

    assert job.status == ExportStatus.DONE
    assert job.rows == 2
    assert job.requested_by == people.mz_officer
    assert job.filters == {"province": str(jiangxi.pk)}
    assert "已完成" in page and "省份（报送单位）：江西省民政厅" in page
    assert reverse("reviews:export_download", args=[job.pk]) in page
    assert header == HEADER
    assert [[c.value for c in row[:7]] for row in rows] == [
        [1, "江西省民政厅", 1, "南昌市东湖区民政局", "360102", "试点地区", "待审查"],
        [2, "江西省民政厅", 2, "瑞金市民政局", "360781", "试点地区", "待审查"],
    ]
    average = rows[1][7]
    assert average.value == 1234.5
    assert average.number_format == "#,##0.00"
    assert rows[0][8].value == "未确定"
    assert rows[0][9].is_date


def test_it_keeps_the_inbox_sort(apps, people, client_for, url):
    with after_deadline():
        client = client_for(people.mz_officer)
        ask(client, url, "sort=name")
        _header, rows = _open(download(client, ExportJob.objects.get()))

    names = [row[3].value for row in rows]
    assert len(names) == 3
    assert names == sorted(names)


def test_it_writes_a_formula_typed_as_a_name_as_text(apps, people, client_for, url):
    organisation = apps["futian"].organisation
    organisation.name = '=HYPERLINK("http://example.com/x","点此")'
    organisation.save(update_fields=["name"])
    with after_deadline():
        client = client_for(people.mz_officer)
        ask(client, url, "q=HYPERLINK")
        _header, rows = _open(download(client, ExportJob.objects.get()))

    assert len(rows) == 1
    name = rows[0][3]
    assert name.data_type == "s"
    assert name.value == "'" + organisation.name


def test_it_records_the_export_and_the_download(apps, people, client_for, url, programme):
    with after_deadline():
        client = client_for(people.mz_officer)
        ask(client, url, "q=民政局&sort=score")
        job = ExportJob.objects.get()
        _header, rows = _open(download(client, job))

    assert len(rows) == 3
    export = AuditEvent.objects.get(event=Event.EXPORT)
    assert export.actor_id == people.mz_officer.pk
    assert export.object_id == str(programme.pk)
    assert export.changes == {"filters": {"q": "民政局"}, "job": job.pk}
    fetched = AuditEvent.objects.get(event=Event.DOWNLOAD)
    assert fetched.actor_id == people.mz_officer.pk
    assert fetched.object_id == str(job.pk)
    assert fetched.changes["rows"] == 3


def test_it_tells_the_officer_when_the_export_is_ready(apps, people, client_for, url, programme):
    with after_deadline():
        ask(client_for(people.mz_officer), url)

    note = Notification.objects.get(recipient=people.mz_officer)
    assert "申报汇总表已生成（3 条）" in note.message
    assert note.url == reverse("reviews:exports", args=[programme.pk])


def test_it_refuses_an_invalid_filter(apps, people, client_for, url, programme):
    with after_deadline():
        response = ask(client_for(people.mz_officer), url, "score_min=九十")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reviews:inbox", args=[programme.pk]))
    assert not ExportJob.objects.exists()
    assert not AuditEvent.objects.filter(event=Event.EXPORT).exists()


def test_it_asks_for_an_export_by_post_only(apps, people, client_for, url):
    with after_deadline():
        response = client_for(people.mz_officer).get(url)

    assert response.status_code == 405
    assert not ExportJob.objects.exists()


def test_a_failing_writer_leaves_the_job_failed_and_no_file(
    apps, people, client_for, url, programme, private_media, monkeypatch
):
    def broken(applications, out):
        out.write(b"PK\x03\x04 half a workbook")
        raise OSError("No space left on device")

    monkeypatch.setattr("reviews.export.write_inbox", broken)
    with after_deadline():
        client = client_for(people.mz_officer)
        response = ask(client, url)
        page = client.get(response["Location"]).content.decode()
        job = ExportJob.objects.get()
        fetched = download(client, job)

    assert job.status == ExportStatus.FAILED
    assert "No space left on device" in job.error
    assert "请重新导出" in job.error
    assert job.rows is None
    assert not job.file
    assert fetched.status_code == 404
    assert not AuditEvent.objects.filter(event=Event.DOWNLOAD).exists()
    assert not [p for p in private_media.rglob("*") if p.is_file()]  # nothing half-written
    assert "失败" in page and "No space left on device" in page
    assert reverse("reviews:export_download", args=[job.pk]) not in page
    note = Notification.objects.get(recipient=people.mz_officer)
    assert "申报汇总表生成失败" in note.message


def test_a_queued_export_says_so_and_the_page_updates_itself(people, client_for, programme):
    job = ExportJob.objects.create(
        programme=programme, requested_by=people.mz_officer, original_name="申报汇总表.xlsx"
    )
    page = client_for(people.mz_officer).get(reverse("reviews:exports", args=[programme.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "排队中" in html
    assert "本页会自动更新" in html and "hx-trigger" in html
    assert reverse("reviews:export_download", args=[job.pk]) not in html
    assert download(client_for(people.mz_officer), job).status_code == 404


def test_another_ministry_officer_may_download(apps, people, client_for, url):
    other = User.objects.create_user(
        username="mz_officer2",
        password="Passw0rd!x",
        organisation=people.mz_officer.organisation,
        full_name="王建华",
        must_change_password=False,
    )
    RoleGrant.objects.create(user=other, role=Role.OFFICER)
    with after_deadline():
        ask(client_for(people.mz_officer), url)
        _header, rows = _open(download(client_for(other), ExportJob.objects.get()))

    assert len(rows) == 3
    assert AuditEvent.objects.get(event=Event.DOWNLOAD).actor_id == other.pk


@pytest.mark.parametrize(
    "username", ["jx_endorser", "gd_endorser", "dh_applicant", "expert_bj", "mz_sysadmin"]
)
def test_it_exports_for_programme_officers_only(apps, people, client_for, url, username):
    with after_deadline():
        ask(client_for(people.mz_officer), url)
        job = ExportJob.objects.get()
        client = client_for(getattr(people, username))
        asked = ask(client, url)
        listed = client.get(reverse("reviews:exports", args=[job.programme_id]))
        fetched = download(client, job)

    assert asked.status_code == 403
    assert listed.status_code == 403
    assert fetched.status_code == 404
    assert ExportJob.objects.count() == 1
    assert AuditEvent.objects.filter(event=Event.EXPORT).count() == 1
    assert not AuditEvent.objects.filter(event=Event.DOWNLOAD).exists()
