"""Organisation pages: scoped lists, 404 outside one's tree, 403 where one sees but may not
change, and every field validated in plain Chinese without losing what was typed."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent, Event
from organisations.models import Organisation

pytestmark = pytest.mark.django_db
YUZHANG = "南昌市东湖区百花洲街道豫章社区居民委员会"


def test_it_lists_only_the_users_part_of_the_tree(client_for, people):
    response = client_for(people.sz_endorser).get(reverse("organisations:list"), {"q": "福田"})
    names = [o.name for o in response.context["page"]]
    assert names == ["深圳市福田区民政局", "深圳市福田区社会工作者协会"]


def test_it_hides_an_organisation_of_another_province(client_for, people):
    client = client_for(people.gd_endorser)
    yuzhang = people.org(YUZHANG)
    assert client.get(reverse("organisations:detail", args=[yuzhang.pk])).status_code == 404
    assert client.get(reverse("organisations:edit", args=[yuzhang.pk])).status_code == 404
    response = client.post(reverse("organisations:edit", args=[yuzhang.pk]), {"name": "改名"})
    assert response.status_code == 404
    assert people.org(YUZHANG).name == YUZHANG


def test_it_shows_the_chain_above_an_organisation(client_for, people):
    yuzhang = people.org(YUZHANG)
    response = client_for(people.jx_endorser).get(
        reverse("organisations:detail", args=[yuzhang.pk])
    )
    chain = [o.name for o in response.context["chain"]]
    assert chain == ["南昌市东湖区民政局", "南昌市民政局", "江西省民政厅", "民政部"]


def test_it_lets_an_endorser_see_but_not_change(client_for, people):
    yuzhang = people.org(YUZHANG)
    client = client_for(people.dh_endorser)
    assert client.get(reverse("organisations:detail", args=[yuzhang.pk])).status_code == 200
    assert client.get(reverse("organisations:edit", args=[yuzhang.pk])).status_code == 403


def test_it_lets_an_applicant_update_their_own_contact_details(client_for, people):
    yuzhang = people.org(YUZHANG)
    response = client_for(people.yz_applicant).post(
        reverse("organisations:edit", args=[yuzhang.pk]),
        {
            "name": YUZHANG,
            "credit_code": yuzhang.credit_code,
            "address": "南昌市东湖区豫章路18号",
            "postcode": "330006",
            "phone": "0791-86661234",
            "email": "yuzhang@example.gov.cn",
        },
    )
    assert response.status_code == 302
    yuzhang.refresh_from_db()
    assert yuzhang.address == "南昌市东湖区豫章路18号"
    row = AuditEvent.objects.get(event=Event.ORGANISATION_UPDATE)
    assert row.actor_name == "yz_applicant"
    assert row.changes["address"] == ["南昌市东湖区豫章路16号", "南昌市东湖区豫章路18号"]


def test_it_explains_each_bad_field_and_keeps_the_rest(client_for, people):
    yuzhang = people.org(YUZHANG)
    response = client_for(people.yz_applicant).post(
        reverse("organisations:edit", args=[yuzhang.pk]),
        {
            "name": YUZHANG,
            "credit_code": "55360102MA0000003X",
            "address": "新地址8号",
            "postcode": "33006",
            "phone": "0791-123",
            "email": "yuzhang@@example",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    for message in (
        "校验位不正确",
        "邮政编码应为6位数字",
        "电话号码格式不正确",
        "电子邮箱格式不正确",
    ):
        assert message in body
    assert 'value="新地址8号"' in body
    yuzhang.refresh_from_db()
    assert yuzhang.address == "南昌市东湖区豫章路16号"
    assert not AuditEvent.objects.filter(event=Event.ORGANISATION_UPDATE).exists()


def test_it_registers_a_unit_under_a_bureau_in_scope(client_for, people):
    client = client_for(people.jx_sysadmin)
    form = {
        "name": "南昌市西湖区朝阳社区居民委员会",
        "kind": "unit",
        "unit_category": "urban_community",
        "parent": people.bureau("360103").pk,
        "credit_code": "553601030000000011",
        "address": "南昌市西湖区朝阳路1号",
        "postcode": "330003",
        "phone": "",
        "email": "",
    }
    from lib.codes import credit_code_check_char

    form["credit_code"] = form["credit_code"][:17] + credit_code_check_char(
        form["credit_code"][:17]
    )
    response = client.post(reverse("organisations:create"), form)
    assert response.status_code == 302
    unit = Organisation.objects.get(name=form["name"])
    assert unit.region.code == "360103"
    assert unit.reporting_province == people.bureau("360000")

    form.update(name="越界单位", parent=people.bureau("440104").pk)
    response = client.post(reverse("organisations:create"), form)
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="越界单位").exists()


def test_it_refuses_unit_registration_to_non_administrators(client_for, people):
    assert client_for(people.jx_endorser).get(reverse("organisations:create")).status_code == 403
