"""Determination, the 公示 and the list, through the officer's pages.

Li Minghua (mz_officer) may not determine while 瑞金 is still unchecked; once every check is
done he ranks the eligible by their average, selects 东湖 and 福田, not 瑞金, runs a 公示
during which Wang objects, answers him after the period, and publishes the list.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.tests.flow import demo_programme
from applications.tests.helpers import local_input
from audit.models import AuditEvent, Event
from pilots.models import Pilot
from reviews import actions
from reviews.models import (
    Assessment,
    Decision,
    Eligibility,
    ListStatus,
    Objection,
    PublishedList,
)
from reviews.tests.review_flow import after_deadline, all_eligible, submitted_to_ministry

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return demo_programme()


@pytest.fixture
def page_url(programme):
    return reverse("reviews:determination", args=[programme.pk])


def decision(application) -> str:
    return Assessment.objects.get(application=application).decision


def decisions() -> int:
    return AuditEvent.objects.filter(event=Event.DECISION).count()


@pytest.fixture
def checked(people):
    """Every application eligible, nothing decided yet; the clock after the deadline."""
    apps = submitted_to_ministry(people)
    with after_deadline() as clock:
        all_eligible(people, apps.values())
        yield apps, clock


@pytest.fixture
def decided(people, checked):
    apps, clock = checked
    officer = people.mz_officer
    actions.decide(apps["donghu"], Decision.SELECTED, "入选", by=officer)
    actions.decide(apps["futian"], Decision.SELECTED, "入选", by=officer)
    actions.decide(apps["ruijin"], Decision.NOT_SELECTED, "未入选", by=officer)
    return apps, clock


# --------------------------------------------------------------------------- access


@pytest.mark.parametrize("username", ["jx_endorser", "expert_bj", "mz_sysadmin"])
def test_it_is_for_programme_officers_only(people, client_for, checked, page_url, username):
    apps, _clock = checked
    client = client_for(getattr(people, username))

    assert client.get(page_url).status_code == 403
    decide = reverse("reviews:decide", args=[apps["donghu"].pk])
    assert client.post(decide, {"decision": "selected"}).status_code == 403
    assert decision(apps["donghu"]) == Decision.UNDECIDED


def test_it_answers_404_for_an_unknown_programme(people, client_for):
    response = client_for(people.mz_officer).get(reverse("reviews:determination", args=[9999]))

    assert response.status_code == 404


# --------------------------------------------------------------------------- determining


def test_it_refuses_to_determine_before_every_eligibility_check_and_changes_nothing(
    people, client_for, programme, page_url
):
    apps = submitted_to_ministry(people)
    officer = people.mz_officer
    with after_deadline():
        actions.open_review(programme, by=officer)
        actions.check_eligibility(apps["donghu"], Eligibility.ELIGIBLE, by=officer)
        actions.check_eligibility(
            apps["ruijin"],
            Eligibility.CORRECTION,
            by=officer,
            reasons="缺少盖章扫描件",
            correct_by=timezone.now() + timedelta(days=3),
        )
        client = client_for(officer)
        page = client.get(page_url).content.decode()
        one = client.post(
            reverse("reviews:decide", args=[apps["donghu"].pk]), {"decision": "selected"}
        )
        bulk = client.post(
            reverse("reviews:decide_bulk", args=[programme.pk]),
            {"pick": [apps["donghu"].pk], "decision": "selected"},
            follow=True,
        )

    assert "暂不能确定结果" in page
    assert "待审查 1 份，退回补正中 1 份" in page
    assert "还有申报未完成形式审查，不能确定结果" in one.content.decode()
    assert "还有申报未完成形式审查，不能确定结果" in bulk.content.decode()
    assert "未做任何更改" in bulk.content.decode()
    assert decision(apps["donghu"]) == Decision.UNDECIDED
    assert decisions() == 0


def test_it_ranks_the_eligible_by_average_with_ties_sharing_a_rank(
    people, client_for, checked, page_url
):
    apps, _clock = checked
    for name, score in (("donghu", "88.5"), ("ruijin", "91"), ("futian", "91")):
        Assessment.objects.filter(application=apps[name]).update(average_score=score)

    page = client_for(people.mz_officer).get(page_url).content.decode()

    table = page[page.index("同分同名次") : page.index("</tbody>", page.index("同分同名次"))]
    ranks = [row.split('<td class="sd-num">')[1].split("<")[0] for row in table.split("<tr ")[1:]]
    order = sorted(
        (table.index(n), n) for n in ("南昌市东湖区民政局", "瑞金市民政局", "深圳市福田区民政局")
    )
    # 瑞金 and 福田 tie at 91 and share rank 1 (江西 before 深圳); 东湖 is third.
    assert [n for _i, n in order] == ["瑞金市民政局", "深圳市福田区民政局", "南昌市东湖区民政局"]
    assert ranks == ["1", "1", "3"]


def test_it_decides_one_application_with_a_message(people, client_for, checked, page_url):
    apps, _clock = checked
    url = reverse("reviews:decide", args=[apps["donghu"].pk])
    client = client_for(people.mz_officer)
    assert client.get(url).status_code == 200

    response = client.post(url, {"decision": "selected", "message": "基础扎实，方案可行。"})

    assert response.status_code == 302
    assert response["Location"] == page_url
    assessment = Assessment.objects.get(application=apps["donghu"])
    assert assessment.decision == Decision.SELECTED
    assert assessment.decision_message == "基础扎实，方案可行。"
    assert assessment.decided_by == people.mz_officer
    row = AuditEvent.objects.get(event=Event.DECISION)
    assert row.actor_id == people.mz_officer.pk


def test_it_decides_the_ticked_applications_together(
    people, client_for, checked, programme, page_url
):
    apps, _clock = checked
    response = client_for(people.mz_officer).post(
        reverse("reviews:decide_bulk", args=[programme.pk]),
        {"pick": [apps["ruijin"].pk, apps["futian"].pk], "decision": "not_selected"},
        follow=True,
    )

    assert "已将2份申报确定为“未入选”" in response.content.decode()
    assert decision(apps["ruijin"]) == decision(apps["futian"]) == Decision.NOT_SELECTED
    assert decision(apps["donghu"]) == Decision.UNDECIDED
    assert decisions() == 2


def test_it_refuses_selecting_an_ineligible_application_and_changes_nothing(
    people, client_for, checked, programme
):
    apps, _clock = checked
    officer = people.mz_officer
    actions.check_eligibility(apps["ruijin"], Eligibility.INELIGIBLE, by=officer, reasons="超限")

    response = client_for(officer).post(
        reverse("reviews:decide_bulk", args=[programme.pk]),
        {"pick": [apps["donghu"].pk, apps["ruijin"].pk], "decision": "selected"},
        follow=True,
    )

    assert "不符合条件的申报不能确定为试点" in response.content.decode()
    assert decision(apps["donghu"]) == decision(apps["ruijin"]) == Decision.UNDECIDED
    assert decisions() == 0


# --------------------------------------------------------------------------- the list


def publicity_data(start, days: int = 7, **extra) -> dict:
    return {
        "title": "2026年社会工作服务站建设试点拟确定名单公示",
        "preface": "公示期间如有异议，请实名提出。",
        "starts_at": local_input(start),
        "ends_at": local_input(start + timedelta(days=days)),
        "confirm": "on",
        **extra,
    }


def test_it_offers_a_seven_day_publicity_and_says_what_cannot_be_undone(
    people, client_for, decided, page_url
):
    page = client_for(people.mz_officer).get(page_url).content.decode()

    start = timezone.localtime().replace(second=0, microsecond=0)
    assert f'value="{local_input(start + timedelta(days=7))}"' in page
    assert "公示一经开始不能撤回" in page
    assert "名单一经公布不能撤回" in page


def test_it_refuses_a_publicity_that_is_too_short_or_unconfirmed(
    people, client_for, decided, programme
):
    url = reverse("reviews:start_publicity", args=[programme.pk])
    client = client_for(people.mz_officer)
    start = timezone.now()

    short = client.post(url, publicity_data(start, days=3), follow=True)
    unconfirmed = client.post(url, publicity_data(start, confirm=""))

    assert "公示期一般不少于5天" in short.content.decode()
    assert "请勾选确认后再开始公示" in unconfirmed.content.decode()
    assert not PublishedList.objects.exists()


def test_it_runs_the_publicity_answers_objections_and_publishes(
    people, client_for, decided, programme, page_url
):
    apps, clock = decided
    client = client_for(people.mz_officer)
    start = timezone.now()

    started = client.post(
        reverse("reviews:start_publicity", args=[programme.pk]), publicity_data(start)
    )
    assert started.status_code == 302
    published = PublishedList.objects.get(programme=programme)
    assert published.status == ListStatus.PUBLICITY
    assert published.entries.count() == 2

    objection = actions.lodge_objection(
        published, name="王某", phone="13800138000", content="该区社工站建设数据不实。"
    )
    page = client.get(page_url).content.decode()
    assert "该区社工站建设数据不实。" in page and "13800138000" in page
    assert "公示期至" in page

    publish_url = reverse("reviews:publish", args=[programme.pk])
    final = {"title": "2026年社会工作服务站建设试点名单", "confirm": "on"}
    running = client.post(publish_url, final, follow=True)
    assert "公示期尚未结束，不能公布名单" in running.content.decode()

    clock.shift(timedelta(days=8))
    client = client_for(people.mz_officer)
    unanswered = client.post(publish_url, final, follow=True)
    assert "还有异议未答复，不能公布名单" in unanswered.content.decode()
    assert PublishedList.objects.get(pk=published.pk).status == ListStatus.PUBLICITY
    assert not Pilot.objects.exists()

    answer_url = reverse("reviews:answer_objection", args=[objection.pk])
    empty = client.post(answer_url, {"answer": "  "}, follow=True)
    assert "答复王某的异议" in empty.content.decode()
    assert Objection.objects.get(pk=objection.pk).is_open

    client.post(answer_url, {"answer": "经核实，数据属实。"})
    answered = Objection.objects.get(pk=objection.pk)
    assert answered.answer == "经核实，数据属实。"
    assert answered.answered_by == people.mz_officer

    done = client.post(publish_url, final, follow=True)
    assert "已公布名单" in done.content.decode()
    published.refresh_from_db()
    assert published.status == ListStatus.FINAL
    assert published.title == "2026年社会工作服务站建设试点名单"
    assert sorted(p.organisation.name for p in Pilot.objects.all()) == [
        "南昌市东湖区民政局",
        "深圳市福田区民政局",
    ]
    assert "名单已公布，确定结果不能再修改" in done.content.decode()
    late = client.post(
        reverse("reviews:decide", args=[apps["ruijin"].pk]), {"decision": "selected"}
    )
    assert "名单已公布，结果不能再修改" in late.content.decode()
    assert decision(apps["ruijin"]) == Decision.NOT_SELECTED


def test_it_refuses_to_publish_unconfirmed_or_undecided(people, client_for, checked, programme):
    url = reverse("reviews:publish", args=[programme.pk])
    client = client_for(people.mz_officer)

    unconfirmed = client.post(url, {"title": "名单"})
    undecided = client.post(url, {"title": "名单", "confirm": "on"}, follow=True)

    assert "请勾选确认后再公布名单" in unconfirmed.content.decode()
    assert "还有申报未确定结果" in undecided.content.decode()
    assert not PublishedList.objects.exists()
    assert not Pilot.objects.exists()


def test_it_keeps_objection_answers_to_officers(people, client_for, decided, programme):
    start = timezone.now()
    published = actions.start_publicity(
        programme, start, start + timedelta(days=7), by=people.mz_officer
    )
    objection = actions.lodge_objection(published, name="王某", phone="13800138000", content="异议")

    response = client_for(people.jx_endorser).post(
        reverse("reviews:answer_objection", args=[objection.pk]), {"answer": "已核实"}
    )

    assert response.status_code == 403
    assert Objection.objects.get(pk=objection.pk).is_open


def test_the_final_list_has_its_own_preface_not_the_call_for_objections(
    people, client_for, decided, programme, page_url
):
    """The 公示 asked for objections; published with 说明 left empty, the final list says
    how it was settled instead, on the portal page and in its PDF."""
    from reviews.tests.test_list_documents import pdf_text

    _apps, clock = decided
    client = client_for(people.mz_officer)
    call = "对公示名单有异议的，请实名提出，并留下联系方式。"
    client.post(
        reverse("reviews:start_publicity", args=[programme.pk]),
        publicity_data(timezone.now(), preface=call),
    )
    clock.shift(timedelta(days=8))
    client = client_for(people.mz_officer)
    wording = f"经各省级民政部门推荐、专家评审和公示，确定以下地区和单位为{programme.name}"

    form = client.get(page_url).content.decode()
    assert wording in form  # the publish form offers the default, to keep or change

    done = client.post(
        reverse("reviews:publish", args=[programme.pk]),
        {"title": "2026年社会工作服务站建设试点名单", "preface": "", "confirm": "on"},
        follow=True,
    )
    assert "已公布名单" in done.content.decode()
    published = PublishedList.objects.get(programme=programme)
    assert published.status == ListStatus.FINAL
    page = client.get(reverse("portal:notice", args=[published.final_notice_id])).content
    page = page.decode()
    pdf = "".join(
        pdf_text(
            client.get(
                reverse("portal:list_download", args=[published.final_notice_id, "pdf"])
            ).content
        ).split()
    )
    for text in (page, pdf, published.final_notice.body):
        assert wording in text
        assert "请实名提出" not in text and "异议" not in text
