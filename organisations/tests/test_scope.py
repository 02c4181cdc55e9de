"""Who sees which organisations: a county its own, a prefecture its counties, a province its
province, the ministry everything; 计划单列市 and the Corps as their own provinces."""

import pytest

from organisations.models import Organisation
from organisations.scope import in_scope

pytestmark = pytest.mark.django_db

YUZHANG = "南昌市东湖区百花洲街道豫章社区居民委员会"
HOSPITAL = "南昌市第一医院"
HONGDU = "南昌洪都社会工作服务中心"  # 西湖区
SZKJ = "深圳市南山科技制造有限公司"
YUEXIU = "广州市越秀区东山街道龙岗社区居民委员会"
DUOFU = "北京市东城区东华门街道多福巷社区居民委员会"
SHZ = "石河子市新城街道社区居民委员会"


def visible_names(user) -> set[str]:
    return set(Organisation.objects.visible_to(user).values_list("name", flat=True))


def test_it_shows_a_county_endorser_its_county_only(people):
    names = visible_names(people.dh_endorser)
    assert {"南昌市东湖区民政局", YUZHANG, HOSPITAL} <= names
    assert HONGDU not in names
    assert "南昌市民政局" not in names


def test_it_shows_a_prefecture_its_counties(people):
    names = visible_names(people.nc_endorser)
    assert {"南昌市民政局", "南昌市东湖区民政局", "南昌市西湖区民政局", YUZHANG, HONGDU} <= names
    assert "赣州市民政局" not in names
    assert "江西省民政厅" not in names


def test_it_shows_a_province_its_province_and_nothing_else(people):
    names = visible_names(people.jx_endorser)
    assert {"江西省民政厅", "赣州市民政局", "瑞金市民政局", YUZHANG, HONGDU} <= names
    assert not names & {"广东省民政厅", YUEXIU, SZKJ, DUOFU, SHZ}
    jiangxi = people.bureau("360000")
    assert all(o.is_under(jiangxi) for o in Organisation.objects.visible_to(people.jx_endorser))


def test_it_treats_shenzhen_as_its_own_province(people):
    guangdong = visible_names(people.gd_endorser)
    shenzhen = visible_names(people.sz_endorser)
    assert YUEXIU in guangdong
    assert not guangdong & {"深圳市民政局", "深圳市福田区民政局", SZKJ}
    assert {"深圳市民政局", "深圳市福田区民政局", SZKJ} <= shenzhen
    assert YUEXIU not in shenzhen


def test_it_treats_the_corps_as_its_own_province(people):
    corps = visible_names(people.bt_endorser)
    assert {"新疆生产建设兵团民政局", "石河子市民政局", SHZ} <= corps
    assert "乌鲁木齐市民政局" not in corps
    xinjiang = people.bureau("650000")
    assert not in_scope(people.bt_endorser, xinjiang)


def test_it_hangs_municipality_districts_from_the_municipality(people):
    names = visible_names(people.bj_endorser)
    assert {"北京市民政局", "北京市东城区民政局", DUOFU} <= names
    assert people.bureau("110101").parent == people.bureau("110000")


def test_it_shows_a_supervising_department_the_units_it_supervises(people):
    names = visible_names(people.bhz_endorser)
    assert YUZHANG in names
    assert HONGDU not in names and HOSPITAL not in names


def test_it_shows_an_applicant_only_their_own_organisation(people):
    assert visible_names(people.dh_applicant) == {"南昌市东湖区民政局"}
    assert visible_names(people.yz_applicant) == {YUZHANG}


def test_it_shows_the_ministry_everything(people):
    assert (
        Organisation.objects.visible_to(people.mz_officer).count() == Organisation.objects.count()
    )


def test_it_shows_an_expert_nothing_but_their_employer(people):
    assert visible_names(people.expert_bj) == {"北京大学社会学系"}


def test_it_shows_nothing_to_an_inactive_account(people):
    user = people.jx_endorser
    user.is_active = False
    assert not Organisation.objects.visible_to(user).exists()
