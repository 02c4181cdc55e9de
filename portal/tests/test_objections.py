"""异议: anyone may object to a 公示 on the portal while it runs, named and with contact
details; before and after the period the form is replaced by a sentence and nothing is saved.

Wang Li, a social worker in Nanchang, objects to 瑞金 being on the list.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from audit.models import AuditEvent, Event
from portal.tests.test_lists_published import PUBLICITY_DAYS, four_submitted, in_publicity
from reviews.models import Objection
from reviews.tests.review_flow import after_deadline

pytestmark = pytest.mark.django_db

CONTENT = "瑞金市社会工作服务站尚未建成，申报材料所述与实际不符。"


@pytest.fixture
def four(people):
    return four_submitted(people)


@pytest.fixture
def clock(four):
    with after_deadline() as traveller:
        yield traveller


@pytest.fixture
def publicity(people, four, clock):
    return in_publicity(people, four)


def page_url(published_list) -> str:
    return reverse("portal:notice", args=[published_list.publicity_notice_id])


def objection_url(published_list) -> str:
    return reverse("portal:objection", args=[published_list.publicity_notice_id])


def ruijin_entry(published_list):
    return published_list.entries.get(application__organisation__name="瑞金市民政局")


def wang_li(published_list, **changes) -> dict:
    return {
        "name": "王丽",
        "organisation": "南昌市青山湖区社会工作协会",
        "phone": "13907910002",
        "email": "wangli@example.com",
        "entry": str(ruijin_entry(published_list).pk),
        "content": CONTENT,
        **changes,
    }


def test_it_shows_the_form_while_the_publicity_runs(client, publicity):
    html = client.get(page_url(publicity)).content.decode()

    assert f'action="{objection_url(publicity)}#objection"' in html
    for label in ("姓名", "工作单位", "联系电话", "电子邮箱", "涉及对象", "异议内容"):
        assert label in html
    # 涉及对象 offers the entries, by province.
    assert f'<option value="{ruijin_entry(publicity).pk}">瑞金市民政局</option>' in html
    assert '<optgroup label="江西省民政厅">' in html


def test_it_records_an_objection_and_says_what_happens_next(client, publicity):
    response = client.post(
        objection_url(publicity), wang_li(publicity), REMOTE_ADDR="203.0.113.9", follow=True
    )

    objection = Objection.objects.get()
    assert response.redirect_chain == [(page_url(publicity), 302)]
    assert objection.published_list == publicity
    assert objection.entry == ruijin_entry(publicity)
    assert (objection.name, objection.phone, objection.content) == ("王丽", "13907910002", CONTENT)
    assert objection.organisation == "南昌市青山湖区社会工作协会"
    assert objection.email == "wangli@example.com"
    assert objection.source_address == "203.0.113.9"
    assert not objection.answered_at
    html = response.content.decode()
    assert "您的异议已提交" in html
    assert "名单正式公布前" in html and "答复" in html
    assert AuditEvent.objects.filter(event=Event.OBJECTION_LODGE).count() == 1


def test_it_takes_an_objection_to_the_whole_list(client, publicity):
    client.post(objection_url(publicity), wang_li(publicity, entry="", organisation="", email=""))

    objection = Objection.objects.get()
    assert objection.entry is None
    assert objection.organisation == "" and objection.email == ""


def test_it_refuses_an_invalid_phone_next_to_the_field_and_keeps_what_was_typed(client, publicity):
    response = client.post(objection_url(publicity), wang_li(publicity, phone="12345"))
    html = response.content.decode()

    assert response.status_code == 200
    assert not Objection.objects.exists()
    assert "电话号码格式不正确" in html
    assert 'id="error-obj-phone"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="12345"' in html
    assert CONTENT in html
    assert 'value="南昌市青山湖区社会工作协会"' in html
    assert f'<option value="{ruijin_entry(publicity).pk}" selected>' in html


def test_it_refuses_an_invalid_email_next_to_the_field(client, publicity):
    response = client.post(objection_url(publicity), wang_li(publicity, email="wangli@"))

    assert not Objection.objects.exists()
    assert 'id="error-obj-email"' in response.content.decode()


@pytest.mark.parametrize("field", ["name", "phone", "content"])
def test_it_asks_for_name_phone_and_content(client, publicity, field):
    response = client.post(objection_url(publicity), wang_li(publicity, **{field: "  "}))

    assert not Objection.objects.exists()
    assert f'id="error-obj-{field}"' in response.content.decode()


def test_it_refuses_an_entry_of_no_list(client, publicity):
    response = client.post(objection_url(publicity), wang_li(publicity, entry="999999"))

    assert not Objection.objects.exists()
    assert 'id="error-obj-entry"' in response.content.decode()


def test_it_refuses_before_the_publicity_starts(client, people, four, clock):
    published_list = in_publicity(people, four, starts_in=timedelta(days=1))

    page = client.get(page_url(published_list)).content.decode()
    response = client.post(objection_url(published_list), wang_li(published_list))
    html = response.content.decode()

    assert "公示将于" in page and 'name="content"' not in page
    assert not Objection.objects.exists()
    assert "异议未能提交" in html
    assert CONTENT in html  # what was typed is shown back


def test_it_refuses_after_the_publicity_ends(client, publicity, clock):
    clock.shift(timedelta(days=PUBLICITY_DAYS, seconds=1))

    page = client.get(page_url(publicity)).content.decode()
    response = client.post(objection_url(publicity), wang_li(publicity))
    html = response.content.decode()

    assert "公示期已结束，不再受理异议" in page and 'name="content"' not in page
    assert not Objection.objects.exists()
    assert "异议未能提交" in html
    assert CONTENT in html


def test_it_takes_objections_to_the_publicity_notice_only(client, people, publicity, clock, make):
    plain = make.make_notice(title="一则通知")

    assert client.post(reverse("portal:objection", args=[plain.pk]), {}).status_code == 404
    assert client.get(objection_url(publicity)).status_code == 405
    assert not Objection.objects.exists()
