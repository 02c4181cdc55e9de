import io

import openpyxl
from django.urls import reverse

from audit.models import AuditEvent, Event, Result
from audit.records import record


def _open(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content)), read_only=True
    )
    rows = list(workbook.active.iter_rows())
    workbook.close()
    return rows[0], rows[1:]


def test_it_exports_exactly_the_filtered_rows(client, chen, xu, hu):
    wanted = [record(Event.ACCOUNT_UPDATE, actor=xu, obj=xu, summary=f"徐{i}") for i in range(3)]
    record(Event.ACCOUNT_UPDATE, actor=hu, obj=hu, summary="胡")
    record(Event.LOGIN_FAILED, actor_name="xu", result=Result.FAILURE, summary="失败")
    client.force_login(chen)

    header, rows = _open(
        client.get(reverse("audit:export"), {"event": Event.ACCOUNT_UPDATE, "actor": "xu"})
    )

    assert header[0].value == "序号"
    assert [row[0].value for row in rows] == [r.seq for r in reversed(wanted)]
    assert [row[11].value for row in rows] == ["徐2", "徐1", "徐0"]


def test_it_exports_only_what_the_auditor_may_see(client, jiang, xu, hu):
    record(Event.ACCOUNT_UPDATE, actor=xu, obj=xu)
    record(Event.ACCOUNT_UPDATE, actor=hu, obj=hu)
    client.force_login(jiang)

    _, rows = _open(client.get(reverse("audit:export")))

    visible = AuditEvent.objects.visible_to(jiang).exclude(event=Event.EXPORT)
    assert sorted(row[0].value for row in rows) == sorted(visible.values_list("seq", flat=True))
    assert "湖北省民政厅" not in {row[4].value for row in rows}


def test_it_writes_formula_like_text_as_text(client, chen, xu):
    record(Event.ACCOUNT_UPDATE, actor=xu, obj=xu, summary="=1+1")
    record(Event.ACCOUNT_UPDATE, actor=xu, obj=xu, summary="@SUM(A1)")
    client.force_login(chen)

    _, rows = _open(client.get(reverse("audit:export"), {"event": Event.ACCOUNT_UPDATE}))

    summaries = [row[11] for row in rows]
    assert [cell.value for cell in summaries] == ["'@SUM(A1)", "'=1+1"]
    assert all(cell.data_type == "s" for cell in summaries)


def test_it_records_the_export(client, chen):
    client.force_login(chen)

    _, rows = _open(client.get(reverse("audit:export"), {"result": Result.FAILURE}))

    export = AuditEvent.objects.get(event=Event.EXPORT)
    assert export.actor_id == chen.pk
    assert export.changes == {"filters": {"result": "failure"}, "rows": len(rows)}


def test_it_refuses_an_invalid_filter(client, chen):
    client.force_login(chen)

    response = client.get(reverse("audit:export"), {"date_from": "不是日期"})

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(event=Event.EXPORT).exists()


def test_it_refuses_an_export_over_the_limit(client, chen, monkeypatch):
    monkeypatch.setattr("audit.views.EXPORT_LIMIT", 1)
    record(Event.LOGIN, actor=chen, obj=chen)
    record(Event.LOGIN, actor=chen, obj=chen)
    client.force_login(chen)

    response = client.get(reverse("audit:export"))

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(event=Event.EXPORT).exists()
