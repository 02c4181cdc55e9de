"""Demo applications brought to a provincial-level body's selection through the real actions,
for the 遴选报送 tests (test_province_*.py, test_ministry_*.py).

    donghu = endorsed(people.dh_applicant)   # 南昌市东湖区: 南昌市 → 江西省, now ENDORSED
    futian = endorsed(people.ft_applicant)   # 深圳市福田区: straight to 深圳 (计划单列市)
"""

from datetime import datetime

from django.utils import timezone

from accounts.models import Role, User
from applications import actions
from applications.actions import Opinion
from applications.models import Application, ProvincialBatch, Status
from organisations.models import Organisation
from programmes.models import FieldType, Programme

DEMO_PROGRAMME = "民函〔2026〕9001号"

# A valid value for each kind of field of the official forms.
VALUES = {
    FieldType.PHONE: "0791-86661111",
    FieldType.FAX: "0791-86661112",
    FieldType.EMAIL: "shenbao@example.gov.cn",
    FieldType.POSTCODE: "330006",
    FieldType.DATE: "2026-01-01",
    FieldType.NUMBER: "1",
    FieldType.LONG_TEXT: "现有持证社会工作者三百余名，社会工作服务站十二个。",
    FieldType.TEXT: "王建华",
}


def demo_programme() -> Programme:
    return Programme.objects.get(document_number=DEMO_PROGRAMME)


def opinion(text: str = "同意推荐。", person: str = "负责人") -> Opinion:
    return Opinion(text, person, timezone.localdate())


def complete_values(application: Application) -> dict[str, str]:
    values = {}
    for field in application.form_version.fields.all():
        if application.values.get(field.key):
            continue  # prefilled from the organisation
        if field.field_type == FieldType.CHOICE:
            values[field.key] = field.choices[0]
        elif field.field_type == FieldType.CREDIT_CODE:
            values[field.key] = application.organisation.credit_code
        elif field.field_type != FieldType.FILE:
            values[field.key] = VALUES[field.field_type]
    return values


def drafted(applicant, kind: str = "region") -> Application:
    """A complete draft of the applicant's organisation in the demo programme."""
    category = demo_programme().categories.get(kind=kind)
    application = actions.start_application(category, by=applicant)
    actions.save_draft(application, complete_values(application), by=applicant)
    return application


def endorser_of(organisation: Organisation) -> User:
    endorsers = User.objects.filter(organisation=organisation, is_active=True)
    return endorsers.with_role(Role.ENDORSER).order_by("pk").first()


def endorsed(applicant, kind: str = "region") -> Application:
    """Submitted and recommended by every level of its chain, its provincial-level body's
    included: waiting in that body's selection (ENDORSED)."""
    application = drafted(applicant, kind)
    actions.submit_application(
        application, opinion("同意申报。", applicant.full_name), by=applicant
    )
    while (step := application.current_step()) is not None:
        endorser = endorser_of(step.organisation)
        actions.recommend(application, opinion(f"{step.organisation.name}同意推荐。"), by=endorser)
    application.refresh_from_db()
    assert application.status == Status.ENDORSED, application.status
    return application


def submitted_batch(province_endorser, applications: list[Application]) -> ProvincialBatch:
    """The provincial-level body ranks the applications in this order and submits them."""
    programme, province = demo_programme(), province_endorser.organisation
    actions.rank(programme, province, [a.pk for a in applications], by=province_endorser)
    return actions.submit_batch(
        programme,
        province,
        opinion("同意推荐。", province_endorser.full_name),
        by=province_endorser,
    )


def local_input(moment: datetime) -> str:
    """A datetime as a datetime-local input sends it (Beijing time)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
