"""形式审查 through the inbox: one application at a time, or the ticked ones in bulk.

Li Minghua (mz_officer) finds 东湖 eligible, sends 瑞金 back to 江西 for correction by a date
in Beijing time, and marks the rest in bulk. A correction needs reasons and a date still to
come; Chen Zhigang (jx_endorser) may not check anything.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Notification
from applications.tests.flow import demo_programme
from applications.tests.helpers import local_input
from audit.models import AuditEvent, Event
from reviews import actions
from reviews.models import Assessment, Decision, Eligibility
from reviews.tests.review_flow import after_deadline, submitted_to_ministry

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def apps(people):
    apps = submitted_to_ministry(people)
    with after_deadline():
        actions.open_review(demo_programme(), by=people.mz_officer)
    return apps


def url(application) -> str:
    return reverse("reviews:eligibility", args=[application.pk])


def assessment(application) -> Assessment:
    return Assessment.objects.get(application=application)


def checks() -> int:
    return AuditEvent.objects.filter(event=Event.ELIGIBILITY_CHECK).count()


def test_it_marks_an_application_eligible(apps, people, client_for):
    inbox = reverse("reviews:inbox", args=[demo_programme().pk]) + "?province=1"
    with after_deadline():
        client = client_for(people.mz_officer)
        assert client.get(url(apps["donghu"])).status_code == 200
        response = client.post(url(apps["donghu"]), {"result": "eligible", "next": inbox})

    assert response.status_code == 302
    assert response["Location"] == inbox  # back to the inbox as it was filtered
    checked = assessment(apps["donghu"])
    assert checked.eligibility == Eligibility.ELIGIBLE
    assert checked.checked_by == people.mz_officer
    row = AuditEvent.objects.get(event=Event.ELIGIBILITY_CHECK)
    assert row.actor_id == people.mz_officer.pk


def test_it_sends_back_for_correction_by_a_date_in_beijing_time(apps, people, client_for):
    with after_deadline():
        due = (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
        response = client_for(people.mz_officer).post(
            url(apps["ruijin"]),
            {"result": "correction", "reasons": "缺少盖章扫描件。", "correct_by": local_input(due)},
        )

    assert response.status_code == 302
    sent_back = assessment(apps["ruijin"])
    assert sent_back.eligibility == Eligibility.CORRECTION
    assert sent_back.eligibility_reasons == "缺少盖章扫描件。"
    assert sent_back.correct_by == due
    assert Notification.objects.filter(
        recipient=people.jx_endorser, application=apps["ruijin"]
    ).exists()


def test_it_reads_the_correction_date_as_beijing_time(apps, people, client_for):
    with after_deadline():
        response = client_for(people.mz_officer).post(
            url(apps["ruijin"]),
            {"result": "correction", "reasons": "缺材料", "correct_by": "2099-03-01T17:00"},
        )

    assert response.status_code == 302
    assert assessment(apps["ruijin"]).correct_by == datetime(2099, 3, 1, 17, tzinfo=BEIJING)


@pytest.mark.parametrize(
    "data, error",
    [
        ({"result": "correction", "correct_by": "2099-03-01T17:00"}, "请写明审查意见"),
        ({"result": "correction", "reasons": "缺材料"}, "须设定补正截止时间"),
        (
            {"result": "correction", "reasons": "缺材料", "correct_by": "2020-03-01T17:00"},
            "晚于现在",
        ),
        ({"result": "ineligible"}, "请写明审查意见"),
        ({}, "请选择审查结果"),
    ],
)
def test_it_refuses_an_incomplete_check_and_changes_nothing(apps, people, client_for, data, error):
    with after_deadline():
        response = client_for(people.mz_officer).post(url(apps["ruijin"]), data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert assessment(apps["ruijin"]).eligibility == Eligibility.PENDING
    assert checks() == 0


def test_it_refuses_to_change_the_check_once_decided(apps, people, client_for):
    officer = people.mz_officer
    with after_deadline():
        for application in apps.values():
            actions.check_eligibility(application, Eligibility.ELIGIBLE, by=officer)
        actions.decide(apps["donghu"], Decision.SELECTED, "", by=officer)
        client = client_for(officer)
        page = client.get(url(apps["donghu"])).content.decode()
        response = client.post(url(apps["donghu"]), {"result": "ineligible", "reasons": "x"})

    assert "形式审查不能再更改" in page
    assert "已确定结果的申报不能再做形式审查" in response.content.decode()
    assert assessment(apps["donghu"]).eligibility == Eligibility.ELIGIBLE


@pytest.mark.parametrize("username", ["jx_endorser", "expert_bj", "mz_sysadmin"])
def test_it_lets_programme_officers_only_check(apps, people, client_for, username):
    with after_deadline():
        client = client_for(getattr(people, username))
        seen = client.get(url(apps["donghu"]))
        response = client.post(url(apps["donghu"]), {"result": "eligible"})

    assert seen.status_code == response.status_code == 403
    assert assessment(apps["donghu"]).eligibility == Eligibility.PENDING
    assert checks() == 0


def test_it_answers_404_before_the_review_has_a_file_on_it(people, client_for):
    apps = submitted_to_ministry(people)  # before the deadline: no file yet
    response = client_for(people.mz_officer).get(url(apps["donghu"]))

    assert response.status_code == 404


def test_it_marks_the_ticked_applications_eligible(apps, people, client_for):
    bulk = reverse("reviews:inbox_eligible", args=[demo_programme().pk])
    with after_deadline():
        response = client_for(people.mz_officer).post(
            bulk, {"pick": [apps["donghu"].pk, apps["futian"].pk]}, follow=True
        )

    assert "已将2份申报标记为符合条件" in response.content.decode()
    assert assessment(apps["donghu"]).eligibility == Eligibility.ELIGIBLE
    assert assessment(apps["futian"]).eligibility == Eligibility.ELIGIBLE
    assert assessment(apps["ruijin"]).eligibility == Eligibility.PENDING
    assert checks() == 2


def test_it_marks_none_when_one_ticked_cannot_be_marked(apps, people, client_for):
    officer = people.mz_officer
    bulk = reverse("reviews:inbox_eligible", args=[demo_programme().pk])
    with after_deadline():
        for application in apps.values():
            actions.check_eligibility(application, Eligibility.ELIGIBLE, by=officer)
        actions.decide(apps["donghu"], Decision.SELECTED, "", by=officer)
        actions.check_eligibility(apps["ruijin"], Eligibility.INELIGIBLE, by=officer, reasons="x")
        before = checks()
        response = client_for(officer).post(
            bulk, {"pick": [apps["ruijin"].pk, apps["donghu"].pk]}, follow=True
        )
        nothing = client_for(officer).post(bulk, {}, follow=True)

    assert "不能办理" in response.content.decode()
    assert "请先勾选申报" in nothing.content.decode()
    assert assessment(apps["ruijin"]).eligibility == Eligibility.INELIGIBLE
    assert checks() == before


def test_it_refuses_bulk_marking_to_others(apps, people, client_for):
    bulk = reverse("reviews:inbox_eligible", args=[demo_programme().pk])
    with after_deadline():
        response = client_for(people.jx_endorser).post(bulk, {"pick": [apps["donghu"].pk]})

    assert response.status_code == 403
    assert checks() == 0
