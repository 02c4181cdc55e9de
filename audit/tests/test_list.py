import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from audit.models import Event, Result
from audit.records import record


def _many(user, n):
    for i in range(n):
        record(Event.ACCOUNT_UPDATE, actor=user, obj=user, summary=f"第{i}次")


def _count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("audit:list"), {"actor": "徐"})
    assert response.status_code == 200
    return len(queries)


def test_it_runs_the_same_queries_whatever_the_row_count(client, chen, xu):
    client.force_login(chen)
    _many(xu, 5)
    few = _count_queries(client)
    _many(xu, 55)
    many = _count_queries(client)

    assert few == many


def test_it_lists_newest_first_in_pages_of_fifty(client, chen, xu):
    _many(xu, 60)
    client.force_login(chen)

    first = client.get(reverse("audit:list"), {"event": Event.ACCOUNT_UPDATE})
    second = client.get(reverse("audit:list"), {"event": Event.ACCOUNT_UPDATE, "page": 2})

    seqs = [e.seq for e in first.context["page"]]
    assert len(seqs) == 50
    assert seqs == sorted(seqs, reverse=True)
    assert len(second.context["page"]) == 10
    assert "event=account_update" in second.content.decode()  # the filter survives paging


@time_machine.travel("2026-11-26 02:32:05+00:00", tick=False)
def test_it_shows_local_time_and_labels(client, chen, xu):
    record(Event.ACCOUNT_UPDATE, actor=xu, obj=xu, summary="改电话")
    client.force_login(chen)

    page = client.get(reverse("audit:list")).content.decode()

    assert "2026-11-26 10:32:05" in page  # 北京时间
    assert "修改账号" in page
    assert "徐申报" in page
    assert "南昌市民政局" in page


def test_it_filters(client, chen, xu, hu):
    with time_machine.travel("2026-11-01 12:00:00+08:00", tick=False):
        early = record(Event.LOGIN, actor=xu, obj=xu)
    with time_machine.travel("2026-11-20 12:00:00+08:00", tick=False):
        failed = record(Event.LOGIN_FAILED, actor_name="hu", result=Result.FAILURE)
        by_hu = record(Event.ACCOUNT_UPDATE, actor=hu, obj=hu)
    client.force_login(chen)

    def seqs(**params):
        response = client.get(reverse("audit:list"), params)
        return {e.seq for e in response.context["page"]}

    assert seqs(date_to="2026-11-01") == {early.seq}
    assert seqs(date_from="2026-11-20", date_to="2026-11-20") == {failed.seq, by_hu.seq}
    assert seqs(result=Result.FAILURE) == {failed.seq}
    assert seqs(actor="胡审核") == {by_hu.seq}  # by full name
    assert seqs(actor="HU", date_from="2026-11-02") == {failed.seq, by_hu.seq}
    assert early.seq not in seqs(object_type="accounts.user", event=Event.LOGIN, actor="hu")


def test_it_shows_a_rows_changes_as_before_and_after(client, chen, xu):
    row = record(
        Event.ACCOUNT_UPDATE,
        actor=chen,
        obj=xu,
        changes={"full_name": ["徐申报", "徐新名"], "phone": ["", "13800000000"]},
    )
    client.force_login(chen)

    response = client.get(reverse("audit:detail", args=[row.seq]))

    changes = {r.field: (r.before, r.after) for r in response.context["changes"]}
    assert changes == {"full_name": ("徐申报", "徐新名"), "phone": ("—", "13800000000")}
    page = response.content.decode()
    assert "姓名" in page  # the field's own label
    assert "内容与哈希一致" in page


def test_it_does_not_read_a_plain_list_as_a_change(client, chen, xu):
    row = record(
        Event.ACCOUNT_CREATE, actor=chen, obj=xu, changes={"roles": ["applicant", "endorser"]}
    )
    client.force_login(chen)

    response = client.get(reverse("audit:detail", args=[row.seq]))

    [roles] = response.context["changes"]
    assert not roles.is_change
    assert roles.label == "角色"
    assert roles.after == "申报人、审核人"  # the roles by their names


def test_it_lists_rows_of_a_deleted_account(client, chen, xu):
    row = record(Event.ACCOUNT_UPDATE, actor=xu, obj=xu)
    User.objects.filter(pk=xu.pk).delete()
    client.force_login(chen)

    response = client.get(reverse("audit:list"))

    assert response.status_code == 200
    assert row.seq in {e.seq for e in response.context["page"]}
    assert client.get(reverse("audit:detail", args=[row.seq])).status_code == 200
