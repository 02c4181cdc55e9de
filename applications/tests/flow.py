"""Moving demo applications along the chain in tests, through the real actions."""

from django.utils import timezone

from applications import actions
from applications.actions import Opinion
from programmes.models import ApplicantCategory, Programme

DEMO_PROGRAMME = "民函〔2026〕9001号"

COMPLETE_VALUES = {
    "region_name": "南昌市东湖区",
    "unit_name": "豫章社区居民委员会",
    "address": "南昌市东湖区八一大道333号",
    "postcode": "330006",
    "leader_name": "王建华",
    "leader_title": "副区长",
    "leader_phone": "0791-86661111",
    "contact_name": "张敏",
    "contact_title": "科长",
    "contact_phone": "13907910001",
    "email": "donghu@example.gov.cn",
    "fax": "0791-86661112",
    "foundation": "全区现有持证社会工作者326名，社会工作服务站12个。",
    "plan": "一、目标任务……二、主要措施……三、进度安排……",
}


def demo_programme() -> Programme:
    return Programme.objects.get(document_number=DEMO_PROGRAMME)


def category(kind: str = "region") -> ApplicantCategory:
    return demo_programme().categories.get(kind=kind)


def opinion(text: str = "同意推荐。", person: str = "负责人") -> Opinion:
    return Opinion(text, person, timezone.localdate())


def submitted(applicant, kind: str = "region", **values):
    """An application of the applicant's organisation, filled in and submitted."""
    application = actions.start_application(category(kind), by=applicant)
    actions.save_draft(application, {**COMPLETE_VALUES, **values}, by=applicant)
    return actions.submit_application(
        application, opinion("同意申报。", applicant.full_name), by=applicant
    )


def endorse_all(application, *endorsers):
    for endorser in endorsers:
        actions.recommend(
            application,
            opinion(f"{endorser.organisation.name}同意推荐。", endorser.full_name),
            by=endorser,
        )
    application.refresh_from_db()
    return application
