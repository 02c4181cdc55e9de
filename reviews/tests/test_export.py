"""The 申报汇总表: the inbox's filtered list as an Excel workbook.

Li Minghua (mz_officer) exports what 江西 submitted; one applicant's name was typed as a
spreadsheet formula, and must come out as text.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from applications.tests.flow import demo_programme
from audit.models import AuditEvent, Event
from reviews.models import Assessment
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


@pytest.fixture
def programme():
    return demo_programme()


@pytest.fixture
def url(programme):
    return reverse("reviews:inbox_export", args=[programme.pk])


@pytest.fixture
def apps(people):
    return submitted_to_ministry(people)


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
        header, rows = _open(client.get(url, {"province": jiangxi.pk}))

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


def test_it_writes_a_formula_typed_as_a_name_as_text(apps, people, client_for, url):
    organisation = apps["futian"].organisation
    organisation.name = '=HYPERLINK("http://example.com/x","点此")'
    organisation.save(update_fields=["name"])
    with after_deadline():
        _header, rows = _open(client_for(people.mz_officer).get(url, {"q": "HYPERLINK"}))

    assert len(rows) == 1
    name = rows[0][3]
    assert name.data_type == "s"
    assert name.value == "'" + organisation.name


def test_it_records_the_export(apps, people, client_for, url, programme):
    with after_deadline():
        _header, rows = _open(
            client_for(people.mz_officer).get(url, {"q": "民政局", "sort": "score"})
        )

    assert len(rows) == 3
    export = AuditEvent.objects.get(event=Event.EXPORT)
    assert export.actor_id == people.mz_officer.pk
    assert export.object_id == str(programme.pk)
    assert export.changes == {"filters": {"q": "民政局"}, "rows": 3}


def test_it_refuses_an_invalid_filter(apps, people, client_for, url):
    with after_deadline():
        response = client_for(people.mz_officer).get(url, {"score_min": "九十"})

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(event=Event.EXPORT).exists()


@pytest.mark.parametrize("username", ["jx_endorser", "expert_bj", "mz_sysadmin"])
def test_it_exports_for_programme_officers_only(apps, people, client_for, url, username):
    with after_deadline():
        response = client_for(getattr(people, username)).get(url)

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(event=Event.EXPORT).exists()
