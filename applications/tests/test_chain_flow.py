"""Applications travel the chain their applicant's place in the tree gives them."""

import pytest

from applications.models import Status, StepState
from applications.tests.flow import endorse_all, submitted

pytestmark = pytest.mark.django_db


def chain(application) -> list[tuple[str, str, str]]:
    return [
        (s.level, s.organisation.name, s.state)
        for s in application.steps.filter(round=application.round).order_by("order")
    ]


def test_it_takes_a_county_region_through_prefecture_and_province(people):
    application = submitted(people.dh_applicant)
    assert chain(application) == [
        ("applicant", "南昌市东湖区民政局", StepState.RECOMMENDED),
        ("upper", "南昌市民政局", StepState.CURRENT),
        ("province", "江西省民政厅", StepState.WAITING),
    ]
    endorse_all(application, people.nc_endorser, people.jx_endorser)
    assert application.status == Status.ENDORSED
    assert application.province == people.bureau("360000")


def test_it_takes_a_prefecture_region_straight_to_the_province(people):
    from accounts.actions import create_account

    gz_applicant = create_account(
        by=None,
        username="gz_applicant",
        full_name="赣州申报人",
        organisation=people.bureau("360700"),
        roles={"applicant"},
        password="Ganzhou#2026",
        is_demo=True,
    )
    application = submitted(gz_applicant)
    assert [(level, name) for level, name, _ in chain(application)] == [
        ("applicant", "赣州市民政局"),
        ("province", "江西省民政厅"),
    ]


def test_it_takes_a_beijing_district_to_the_municipal_bureau(people):
    application = submitted(people.dc_applicant)
    assert [name for _, name, _ in chain(application)] == ["北京市东城区民政局", "北京市民政局"]
    endorse_all(application, people.bj_endorser)
    assert application.status == Status.ENDORSED
    assert application.province == people.bureau("110000")


def test_it_takes_a_shenzhen_district_to_shenzhen(people):
    application = submitted(people.ft_applicant)
    assert [name for _, name, _ in chain(application)] == ["深圳市福田区民政局", "深圳市民政局"]
    endorse_all(application, people.sz_endorser)
    assert application.province.name == "深圳市民政局"


def test_it_takes_a_corps_unit_through_the_corps(people):
    application = submitted(people.shz_applicant, "unit")
    assert [name for _, name, _ in chain(application)] == [
        "石河子市新城街道社区居民委员会",
        "石河子市民政局",
        "新疆生产建设兵团民政局",
    ]


def test_it_takes_a_community_through_its_supervising_department_first(people):
    application = submitted(people.yz_applicant, "unit")
    assert [(level, name) for level, name, _ in chain(application)] == [
        ("applicant", "南昌市东湖区百花洲街道豫章社区居民委员会"),
        ("supervisor", "南昌市东湖区百花洲街道办事处"),
        ("upper", "南昌市东湖区民政局"),
        ("upper", "南昌市民政局"),
        ("province", "江西省民政厅"),
    ]
    endorse_all(
        application, people.bhz_endorser, people.dh_endorser, people.nc_endorser, people.jx_endorser
    )
    assert application.status == Status.ENDORSED


def test_it_sends_a_ministry_affiliated_unit_to_the_ministry_directly(people):
    from applications.actions import start_application
    from applications.tests.flow import COMPLETE_VALUES, opinion
    from programmes.models import Programme

    # The 2009 notice addressed ministry-affiliated bodies; the demo category admits them.
    programme = Programme.objects.get(document_number="民函〔2026〕9001号")
    unit = programme.categories.get(kind="unit")
    unit.accepts_affiliates = True
    unit.save(update_fields=["accepts_affiliates"])
    applicant = people.zgsgl_applicant
    application = start_application(unit, by=applicant)
    from applications.actions import save_draft, submit_application

    save_draft(application, COMPLETE_VALUES, by=applicant)
    submit_application(application, opinion("同意申报。", "何平"), by=applicant)
    application.refresh_from_db()
    assert [name for _, name, _ in chain(application)] == ["中国社会工作联合会"]
    assert application.status == Status.SUBMITTED
    assert application.province is None
