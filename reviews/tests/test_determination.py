"""Determination waits for every eligibility check; the 公示 runs its course and every
objection is answered before the list is final; then the pilots exist."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from applications.actions import Refused
from applications.tests.flow import demo_programme
from lib.dates import period_end
from pilots.models import Pilot
from portal.models import Notice
from programmes.models import Status as ProgrammeStatus
from reviews import actions
from reviews.models import Decision, Eligibility, ListStatus, PublishedList
from reviews.tests.review_flow import after_deadline, all_eligible, submitted_to_ministry

pytestmark = pytest.mark.django_db


def test_it_refuses_to_determine_before_every_eligibility_check(people):
    apps = submitted_to_ministry(people)
    with after_deadline():
        actions.open_review(demo_programme(), by=people.mz_officer)
        actions.check_eligibility(apps["donghu"], Eligibility.ELIGIBLE, by=people.mz_officer)
        with pytest.raises(Refused, match="未完成形式审查"):
            actions.decide(apps["donghu"], Decision.SELECTED, "", by=people.mz_officer)
        later = timezone.now() + timedelta(days=5)
        actions.check_eligibility(
            apps["ruijin"],
            Eligibility.CORRECTION,
            by=people.mz_officer,
            reasons="缺少盖章扫描件",
            correct_by=later,
        )
        actions.check_eligibility(apps["futian"], Eligibility.ELIGIBLE, by=people.mz_officer)
        with pytest.raises(Refused, match="未完成形式审查"):
            actions.decide(apps["donghu"], Decision.SELECTED, "", by=people.mz_officer)
        actions.submit_correction(apps["ruijin"], "已补传盖章扫描件。", by=people.jx_endorser)
        actions.check_eligibility(
            apps["ruijin"], Eligibility.INELIGIBLE, by=people.mz_officer, reasons="不符合申报条件"
        )
        with pytest.raises(Refused, match="不符合条件"):
            actions.decide(apps["ruijin"], Decision.SELECTED, "", by=people.mz_officer)
        actions.decide(apps["donghu"], Decision.SELECTED, "确定为试点地区。", by=people.mz_officer)
    assert apps["donghu"].assessment.decision == Decision.SELECTED


def test_it_refuses_a_correction_after_its_deadline(people):
    apps = submitted_to_ministry(people)
    with after_deadline() as clock:
        actions.open_review(demo_programme(), by=people.mz_officer)
        actions.check_eligibility(
            apps["ruijin"],
            Eligibility.CORRECTION,
            by=people.mz_officer,
            reasons="缺少材料",
            correct_by=timezone.now() + timedelta(days=2),
        )
        clock.shift(timedelta(days=3))
        with pytest.raises(Refused, match="已过补正截止时间"):
            actions.submit_correction(apps["ruijin"], "补了", by=people.jx_endorser)
        with pytest.raises(PermissionDenied):  # another province may not correct it
            actions.submit_correction(apps["ruijin"], "补了", by=people.sz_endorser)


@pytest.fixture
def decided(people):
    apps = submitted_to_ministry(people)
    with after_deadline() as clock:
        all_eligible(people, apps.values())
        actions.decide(apps["donghu"], Decision.SELECTED, "入选", by=people.mz_officer)
        actions.decide(apps["futian"], Decision.SELECTED, "入选", by=people.mz_officer)
        actions.decide(apps["ruijin"], Decision.NOT_SELECTED, "未入选", by=people.mz_officer)
        yield apps, clock


def test_it_runs_the_publicity_and_keeps_objections_to_its_period(people, decided):
    _apps, clock = decided
    start = timezone.now()
    published = actions.start_publicity(
        demo_programme(), start, start + timedelta(days=7), by=people.mz_officer
    )
    assert published.status == ListStatus.PUBLICITY
    assert Notice.objects.public().filter(pk=published.publicity_notice_id).exists()
    assert published.entries.count() == 2

    objection = actions.lodge_objection(
        published, name="王某", phone="13800138000", content="该区社工站建设数据不实。"
    )
    with pytest.raises(Refused, match="公示期尚未结束"):
        actions.publish_final(demo_programme(), by=people.mz_officer)
    clock.shift(timedelta(days=8))
    with pytest.raises(Refused, match="不在公示期内"):
        actions.lodge_objection(published, name="李某", phone="13800138001", content="迟到的异议")
    with pytest.raises(Refused, match="异议未答复"):
        actions.publish_final(demo_programme(), by=people.mz_officer)
    actions.answer_objection(objection, "经核实，数据属实。", by=people.mz_officer)
    final = actions.publish_final(demo_programme(), by=people.mz_officer)
    assert final.status == ListStatus.FINAL
    assert published.objections.count() == 1


def test_it_refuses_a_publicity_shorter_than_five_days(people, decided):
    start = timezone.now()
    with pytest.raises(Refused, match="不少于5天"):
        actions.start_publicity(
            demo_programme(), start, start + timedelta(days=3), by=people.mz_officer
        )
    assert not PublishedList.objects.exists()


def test_it_makes_pilots_of_the_selected_and_tells_everyone(people, decided):
    apps, _clock = decided
    final = actions.publish_final(demo_programme(), by=people.mz_officer)

    pilots = Pilot.objects.order_by("organisation__region__code")
    assert [p.organisation.name for p in pilots] == ["南昌市东湖区民政局", "深圳市福田区民政局"]
    today = timezone.localdate()
    assert pilots[0].starts_on == today
    assert pilots[0].ends_on == period_end(today, demo_programme().pilot_months)
    notice = Notice.objects.public().get(pk=final.final_notice_id)
    assert notice.kind == "pilot_list" and "南昌市东湖区民政局" in notice.body
    assert notice.body.index("江西省民政厅") < notice.body.index("深圳市民政局")
    assert people.rj_applicant.notifications.filter(message__contains="未入选").exists()
    assert people.sz_endorser.notifications.filter(message__contains="名单已公布").exists()
    programme = demo_programme()
    assert programme.status == ProgrammeStatus.RUNNING
    with pytest.raises(Refused, match="名单已公布"):
        actions.decide(apps["ruijin"], Decision.SELECTED, "", by=people.mz_officer)


def test_it_refuses_publication_before_everything_is_decided(people):
    apps = submitted_to_ministry(people)
    with after_deadline():
        all_eligible(people, apps.values())
        actions.decide(apps["donghu"], Decision.SELECTED, "入选", by=people.mz_officer)
        with pytest.raises(Refused, match="未确定结果"):
            actions.publish_final(demo_programme(), by=people.mz_officer)
    assert not Pilot.objects.exists()


def test_it_keeps_the_publicity_to_officers(people, decided):
    start = timezone.now()
    with pytest.raises(PermissionDenied):
        actions.start_publicity(
            demo_programme(), start, start + timedelta(days=7), by=people.jx_endorser
        )
    assert not PublishedList.objects.exists()


def test_it_keeps_what_an_objection_was_about_when_the_list_is_final(people, decided):
    _apps, clock = decided
    start = timezone.now()
    published = actions.start_publicity(
        demo_programme(), start, start + timedelta(days=7), by=people.mz_officer
    )
    entry = published.entries.get(application__organisation__name="南昌市东湖区民政局")
    objection = actions.lodge_objection(
        published, name="王某", phone="13800138000", content="数据不实", entry=entry
    )
    with pytest.raises(Refused, match="实名"):
        actions.lodge_objection(published, name="匿名", phone="", content="无名异议")
    actions.answer_objection(objection, "经核实属实。", by=people.mz_officer)
    clock.shift(timedelta(days=8))
    actions.publish_final(demo_programme(), by=people.mz_officer)
    objection.refresh_from_db()
    assert objection.entry.application.organisation.name == "南昌市东湖区民政局"
