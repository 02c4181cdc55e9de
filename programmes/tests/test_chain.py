"""The endorsement chain follows the applicant's place in the tree."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from programmes.chain import derive_chain
from programmes.tests.factories import make_category

pytestmark = pytest.mark.django_db


def chain_of(category, organisation) -> list[tuple[str, str]]:
    return [(step.level, step.organisation.name) for step in derive_chain(category, organisation)]


@pytest.fixture
def region_category():
    return make_category(kind="region")


@pytest.fixture
def unit_category():
    return make_category(kind="unit", name="试点单位", accepts_affiliates=True)


def test_it_sends_a_county_region_through_its_prefecture(people, region_category):
    assert chain_of(region_category, people.bureau("360102")) == [
        ("applicant", "南昌市东湖区民政局"),
        ("upper", "南昌市民政局"),
        ("province", "江西省民政厅"),
    ]


def test_it_sends_a_prefecture_region_straight_to_the_province(people, region_category):
    assert chain_of(region_category, people.bureau("360700")) == [
        ("applicant", "赣州市民政局"),
        ("province", "江西省民政厅"),
    ]


def test_it_sends_a_beijing_district_straight_to_the_municipality(people, region_category):
    assert chain_of(region_category, people.bureau("110101")) == [
        ("applicant", "北京市东城区民政局"),
        ("province", "北京市民政局"),
    ]


def test_it_sends_a_shenzhen_district_to_shenzhen_not_guangdong(people, region_category):
    assert chain_of(region_category, people.bureau("440304")) == [
        ("applicant", "深圳市福田区民政局"),
        ("province", "深圳市民政局"),
    ]


def test_it_lets_shenzhen_apply_as_a_prefecture_level_region(people, region_category):
    assert chain_of(region_category, people.bureau("440300")) == [("applicant", "深圳市民政局")]


def test_it_sends_a_corps_unit_through_the_corps(people, unit_category):
    unit = people.org("石河子市新城街道社区居民委员会")
    assert chain_of(unit_category, unit) == [
        ("applicant", "石河子市新城街道社区居民委员会"),
        ("upper", "石河子市民政局"),
        ("province", "新疆生产建设兵团民政局"),
    ]


def test_it_puts_the_supervising_department_before_the_bureaus(people, unit_category):
    unit = people.org("南昌市东湖区百花洲街道豫章社区居民委员会")
    assert chain_of(unit_category, unit) == [
        ("applicant", "南昌市东湖区百花洲街道豫章社区居民委员会"),
        ("supervisor", "南昌市东湖区百花洲街道办事处"),
        ("upper", "南昌市东湖区民政局"),
        ("upper", "南昌市民政局"),
        ("province", "江西省民政厅"),
    ]


def test_it_skips_the_supervisor_box_for_a_unit_without_one(people, unit_category):
    unit = people.org("南昌洪都社会工作服务中心")
    assert [level for level, _ in chain_of(unit_category, unit)] == [
        "applicant",
        "upper",
        "upper",
        "province",
    ]


def test_it_omits_levels_the_category_does_not_have(people):
    category = make_category(kind="unit", chain=["applicant", "province"])
    unit = people.org("南昌市东湖区百花洲街道豫章社区居民委员会")
    assert [level for level, _ in chain_of(category, unit)] == ["applicant", "province"]


def test_it_sends_a_ministry_affiliated_unit_to_the_ministry_directly(people, unit_category):
    assert chain_of(unit_category, people.org("中国社会工作联合会")) == [
        ("applicant", "中国社会工作联合会")
    ]


def test_it_refuses_affiliates_where_the_category_does_not_accept_them(people):
    category = make_category(kind="unit", accepts_affiliates=False)
    with pytest.raises(ValidationError, match="部直属"):
        derive_chain(category, people.org("中国社会工作联合会"))


def test_it_refuses_a_unit_in_a_region_category(people, region_category):
    with pytest.raises(ValidationError, match="地级、县级"):
        derive_chain(region_category, people.org("深圳市南山科技制造有限公司"))


def test_it_refuses_a_province_as_a_region(people, region_category):
    with pytest.raises(ValidationError):
        derive_chain(region_category, people.bureau("360000"))


def test_it_refuses_unit_categories_the_programme_did_not_open(people):
    category = make_category(kind="unit", unit_categories=["enterprise", "social_organisation"])
    with pytest.raises(ValidationError, match="企业、社会组织"):
        derive_chain(category, people.org("南昌市第一医院"))
    assert chain_of(category, people.org("深圳市南山科技制造有限公司"))[-1] == (
        "province",
        "深圳市民政局",
    )


@pytest.fixture
def every_region_body(db):
    from organisations.models import Organisation

    return list(
        Organisation.objects.filter(kind="civil_affairs", region__level__in=[2, 3]).select_related(
            "region", "parent", "province"
        )
    )


def test_it_never_skips_a_level_anywhere_in_the_country(every_region_body):
    """For every prefecture and county in the country: each endorser is the parent of the
    one before, up to the provincial-level body, which closes the chain."""
    from organisations.models import Tier

    category = make_category(kind="region")
    for body in every_region_body:
        steps = derive_chain(category, body)
        if body.tier == Tier.PROVINCE:  # 深圳 and the other four cities: their own province
            assert len(steps) == 1
            continue
        for lower, upper in itertools.pairwise(steps):
            assert upper.organisation.pk == lower.organisation.parent_id, body.name
        assert steps[-1].level == "province"
        assert steps[-1].organisation.tier == Tier.PROVINCE
