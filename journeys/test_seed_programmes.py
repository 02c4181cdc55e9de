"""Each seed programme carried in the browser from its notice to the demonstration title.

Every role does its part through the pages, in the year it happened; the clock jumps between
scenes (shidian/testing/journey.py). The phases are written once, by role:
journeys/applying.py (applicants, supervising department, prefecture, province),
journeys/reviewing.py (ministry officer, experts, a visitor's objection) and
journeys/piloting.py (pilot, province, ministry evaluation and titles, visitors).

- 民函〔2013〕132号 (企业社会工作试点): 南昌市东湖区 applies in May 2013, is returned once by
  南昌市 and resubmits; 江西 ranks and submits it; the ministry reviews it in June and
  publishes the list on 28 June; a year of pilot; the title 全国企业社会工作示范地区.
- 民函〔2009〕148号 (第二批社会工作人才队伍建设试点): the community 豫章社区居委会 applies in July
  2009 through its supervising department (百花洲街道办事处), 东湖区, 南昌市 and 江西; another
  province's application (深圳市福田区, submitted by 深圳 beforehand, through the actions) is
  reviewed beside it; a correction, three experts with conflicts refused, a 公示 with an
  objection, the list of 12 August 2009; two years of pilot; the title
  全国社会工作人才队伍建设试点示范单位.

The one thing set up outside the pages: the seed imports both programmes as history
(ARCHIVED), so each test first puts its programme back where it stood when the notice went
out, and the 2009 test has 深圳 submit 福田 (before the journey, dated before the deadline).
"""

from datetime import date

import time_machine
from django.utils import timezone

from applications import actions
from applications.actions import Opinion
from applications.models import Application, Notification, ProvincialBatch, StepState
from applications.models import Status as ApplicationStatus
from conftest import People
from journeys.applying import PROGRAMME_2009, PROGRAMME_2013, apply_2009, apply_2013, reopen
from journeys.piloting import TITLE_2009, TITLE_2013, pilot_2009, pilot_2013
from journeys.reviewing import ANSWER, CORRECTION_NOTE, review_2009, review_2013
from pilots.models import Evidence, PlanStatus, ProvincialSummary, ReportStatus, SummaryStatus
from programmes.models import Status as ProgrammeStatus
from reviews.models import (
    Assessment,
    AssignmentState,
    Decision,
    Eligibility,
    ListKind,
    ListStatus,
    Objection,
    PublishedList,
)
from shidian.testing.journey import beijing

FUTIAN_VALUES = {
    "region_name": "深圳市福田区",
    "address": "深圳市福田区福华路2号",
    "postcode": "518048",
    "leader_name": "陈建国",
    "leader_title": "副区长",
    "leader_phone": "0755-82918888",
    "contact_name": "许静",
    "contact_title": "科长",
    "contact_phone": "13902900001",
    "email": "futian@example.gov.cn",
    "fax": "",
    "foundation": "全区持证社会工作者410名，社会工作服务站18个。",
    "plan": "一、目标任务……二、主要措施……三、进度安排……",
}


def futian_submitted_by_shenzhen(programme) -> Application:
    """深圳市福田区's region application, recommended and submitted by 深圳 (a city specifically
    designated in the state plan, which reports like a province), before the deadline."""
    people = People()
    applicant, shenzhen = people.ft_applicant, people.sz_endorser
    with time_machine.travel(beijing(2009, 7, 8, 10), tick=False):
        category = programme.categories.get(kind="region")
        application = actions.start_application(category, by=applicant)
        keys = {f.key for f in category.form.fields.all()}
        actions.save_draft(
            application, {k: v for k, v in FUTIAN_VALUES.items() if k in keys}, by=applicant
        )
        today = timezone.localdate()
        actions.submit_application(
            application, Opinion("同意申报。", "陈建国", today), by=applicant
        )
        actions.recommend(application, Opinion("同意推荐。", "邓志强", today), by=shenzhen)
        actions.rank(programme, shenzhen.organisation, [application.pk], by=shenzhen)
        actions.submit_batch(
            programme, shenzhen.organisation, Opinion("同意推荐。", "邓志强", today), by=shenzhen
        )
    return application


def demonstration_list(programme) -> PublishedList:
    return PublishedList.objects.get(
        programme=programme, kind=ListKind.DEMONSTRATION, status=ListStatus.FINAL
    )


def test_the_2013_programme_from_its_notice_to_a_demonstration_region(journey):
    programme = reopen(PROGRAMME_2013)

    donghu = apply_2013(journey)
    assert donghu.status == ApplicationStatus.SUBMITTED and donghu.round == 2
    returned = donghu.steps.get(round=1, state=StepState.RETURNED)
    assert returned.organisation.name == "南昌市民政局" and "进度安排" in returned.opinion
    assert [s.state for s in donghu.steps.filter(round=2)] == [StepState.RECOMMENDED] * 3
    batch = ProvincialBatch.objects.get(programme=programme)
    assert [i.application_id for i in batch.items.order_by("rank")] == [donghu.pk]

    (pilot,) = review_2013(journey, [donghu])
    assert (pilot.starts_on, pilot.ends_on) == (date(2013, 6, 28), date(2014, 6, 27))
    assert Notification.objects.filter(
        recipient__username="dh_applicant", message__contains="确定为试点"
    ).exists()

    designation = pilot_2013(journey, pilot)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.EVALUATED
    assert (designation.pilot, designation.title) == (pilot, TITLE_2013)
    assert designation.certificate_number.startswith(f"{programme.pk:03d}-2014-")
    assert pilot.plan.status == PlanStatus.ACCEPTED
    assert pilot.plan.versions.count() == 2  # returned once, accepted the second time
    reports = pilot.reports.order_by("sequence")
    assert [(r.due_on, r.status) for r in reports] == [
        (date(2013, 12, 31), ReportStatus.ENDORSED),
        (date(2014, 5, 31), ReportStatus.ENDORSED),
    ]
    assert Evidence.objects.filter(report=reports[0]).count() == 1
    assert pilot.summary.status == SummaryStatus.ENDORSED
    assert ProvincialSummary.objects.filter(programme=programme, province=pilot.province).exists()
    assert demonstration_list(programme).published_at is not None


def test_the_2009_programme_from_its_notice_to_a_demonstration_unit(journey):
    programme = reopen(PROGRAMME_2009)
    futian = futian_submitted_by_shenzhen(programme)

    yuzhang = apply_2009(journey)
    assert yuzhang.status == ApplicationStatus.SUBMITTED
    assert [(s.organisation.name, s.state) for s in yuzhang.steps.order_by("order")] == [
        ("南昌市东湖区百花洲街道豫章社区居民委员会", StepState.RECOMMENDED),
        ("南昌市东湖区百花洲街道办事处", StepState.RECOMMENDED),
        ("南昌市东湖区民政局", StepState.RECOMMENDED),
        ("南昌市民政局", StepState.RECOMMENDED),
        ("江西省民政厅", StepState.RECOMMENDED),
    ]
    assert yuzhang.attachments.filter(is_paper_scan=False).count() == 1

    pilots = review_2009(journey, [yuzhang, futian])
    published = PublishedList.objects.get(programme=programme, kind=ListKind.PILOTS)
    assert published.status == ListStatus.FINAL
    assert timezone.localdate(published.published_at) == date(2009, 8, 12)
    assert (published.publicity_ends_at - published.publicity_starts_at).days >= 5
    assert sorted(p.application_id for p in pilots) == sorted([yuzhang.pk, futian.pk])
    assessment = Assessment.objects.get(application=yuzhang)
    assert assessment.correction_note == CORRECTION_NOTE
    assert (assessment.eligibility, assessment.decision) == (
        Eligibility.ELIGIBLE,
        Decision.SELECTED,
    )
    experts = {a.expert.username: a.state for a in yuzhang.assignments.all()}
    assert "expert_jx" not in experts  # 南昌大学, in the applicant's own province
    assert set(experts.values()) == {AssignmentState.SUBMITTED}
    assert "expert_gd" not in {a.expert.username for a in futian.assignments.all()}  # 广东
    objection = Objection.objects.get()
    assert objection.entry.application == yuzhang and objection.answer == ANSWER
    told = Notification.objects.filter(message__contains=f"{programme.name}名单已公布")
    for username in ("yz_applicant", "ft_applicant"):
        assert told.filter(recipient__username=username, message__contains="确定为试点").exists()
    for username in ("jx_endorser", "sz_endorser"):
        assert told.filter(recipient__username=username).exists(), username
    assert Notification.objects.filter(
        recipient__username="jx_endorser", message__contains="民政部退回补正"
    ).exists()

    (pilot,) = [p for p in pilots if p.application_id == yuzhang.pk]
    assert (pilot.starts_on, pilot.ends_on) == (date(2009, 8, 12), date(2011, 8, 11))
    designation = pilot_2009(journey, pilot)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.EVALUATED
    assert (designation.pilot, designation.title) == (pilot, TITLE_2009)
    assert designation.certificate_number.startswith(f"{programme.pk:03d}-2011-")
    assert list(pilot.reports.values_list("status", flat=True)) == [ReportStatus.ENDORSED]
    assert pilot.summary.status == SummaryStatus.ENDORSED
    assert demonstration_list(programme).published_at is not None
