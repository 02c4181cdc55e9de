"""The 申报汇总表 in Chromium: Li Minghua (mz_officer) filters the inbox to 江西, presses
导出 Excel, lands on the programme's exports (axe-core finds no serious violation there), and
downloads the workbook, which holds exactly the filtered rows."""

import re
from datetime import timedelta

import pytest
import time_machine
from openpyxl import load_workbook
from playwright.sync_api import expect

from applications.tests.flow import demo_programme
from reviews.models import ExportJob, ExportStatus
from reviews.tests.review_flow import submitted_to_ministry
from shidian.testing.axe import audit, format_violations
from shidian.testing.browser import login

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def test_an_officer_exports_the_filtered_inbox(demo_db, people, page, live_server):
    programme = demo_programme()
    submitted_to_ministry(people)
    after = programme.application_deadline + timedelta(hours=1)
    with time_machine.travel(after, tick=True):
        login(page, live_server, "mz_officer", "Shidian@2026")
        page.goto(f"/reviews/programme/{programme.pk}/inbox/")
        page.get_by_label("省份（报送单位）").select_option(label="江西省民政厅")
        page.get_by_role("button", name="查询").click()
        page.get_by_role("button", name=re.compile("导出 Excel")).click()

        expect(page.get_by_role("heading", level=1)).to_have_text("申报汇总表导出")
        expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
            "申报汇总表已生成（2 条）"
        )
        jobs = page.get_by_role("table", name="本项目的申报汇总表导出，最近申请的在前")
        expect(jobs).to_contain_text("已完成")
        expect(jobs).to_contain_text("省份（报送单位）：江西省民政厅")
        violations = audit(page)
        assert not violations, format_violations(violations)

        with page.expect_download() as download:
            jobs.get_by_role("link", name=re.compile("下载")).click()
        with open(download.value.path(), "rb") as file:
            workbook = load_workbook(file, read_only=True)
            names = [row[3] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
            workbook.close()

    assert download.value.suggested_filename.startswith(f"申报汇总表-{programme.name}-")
    assert sorted(names) == ["南昌市东湖区民政局", "瑞金市民政局"]
    assert ExportJob.objects.get().status == ExportStatus.DONE
