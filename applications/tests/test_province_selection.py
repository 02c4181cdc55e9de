"""遴选报送, the page: who may open it, what it lists, and ranking through it.

Chen Zhigang (jx_endorser) speaks for 江西省民政厅: what 南昌市东湖区 (dh_applicant) and
瑞金市 (rj_applicant) applied for reaches him once their prefectures have recommended it. Lin Hai
(gd_endorser), in 广东, must see none of it; and 深圳 reports as a province, so what 福田区
applies for goes to Deng Zhiqiang (sz_endorser), not to Lin Hai.
"""

import pytest
from django.urls import reverse

from applications.models import Application
from applications.tests.helpers import demo_programme, endorsed
from programmes.tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return demo_programme()


@pytest.fixture
def url(programme):
    return reverse("applications:province", args=[programme.pk])


@pytest.fixture
def ruijin(people):
    return endorsed(people.rj_applicant)


@pytest.fixture
def donghu(people):
    return endorsed(people.dh_applicant)


def ranks(*applications) -> list[int | None]:
    return [Application.objects.get(pk=a.pk).province_rank for a in applications]


def test_it_lists_what_was_recommended_by_category_in_administrative_code_order(
    people, client_for, url, ruijin, donghu
):
    endorsed(people.yz_applicant, kind="unit")
    response = client_for(people.jx_endorser).get(url)

    assert response.status_code == 200
    page = response.content.decode()
    # 东湖区 (360102) before 瑞金市 (360781), though 瑞金 arrived first; units after regions.
    assert page.index("试点地区") < page.index("南昌市东湖区民政局") < page.index("瑞金市民政局")
    assert page.index("瑞金市民政局") < page.index("试点单位") < page.index("豫章社区")
    assert reverse("applications:detail", args=[donghu.pk]) in page
    assert "不限名额，已选0个" in page


def test_it_shows_the_quota_per_category(people, client_for, url, programme, donghu):
    region = programme.categories.get(kind="region")
    region.province_quota = 2
    region.save(update_fields=["province_quota"])
    client = client_for(people.jx_endorser)
    client.post(
        reverse("applications:province_rank", args=[programme.pk]),
        {"pick": [donghu.pk], f"rank_{donghu.pk}": "1"},
    )

    assert "每省最多推荐2个，已选1个" in client.get(url).content.decode()


def test_it_saves_the_ranking_typed_and_ticked(people, client_for, programme, ruijin, donghu):
    client = client_for(people.jx_endorser)
    response = client.post(
        reverse("applications:province_rank", args=[programme.pk]),
        {"pick": [ruijin.pk, donghu.pk], f"rank_{ruijin.pk}": "1", f"rank_{donghu.pk}": "2"},
        follow=True,
    )

    assert ranks(ruijin, donghu) == [1, 2]
    assert "已保存排序：试点地区 2个 · 陈志刚 · " in response.content.decode()


def test_it_moves_a_row_up_and_saves(people, client_for, programme, ruijin, donghu):
    client = client_for(people.jx_endorser)
    rank_url = reverse("applications:province_rank", args=[programme.pk])
    client.post(
        rank_url,
        {"pick": [ruijin.pk, donghu.pk], f"rank_{ruijin.pk}": "1", f"rank_{donghu.pk}": "2"},
    )
    response = client.post(
        rank_url,
        {
            "pick": [ruijin.pk, donghu.pk],
            f"rank_{ruijin.pk}": "1",
            f"rank_{donghu.pk}": "2",
            "move": f"{donghu.pk}:up",
        },
    )

    assert response.status_code == 302
    assert response.url.endswith(f"#row-{donghu.pk}")
    assert ranks(donghu, ruijin) == [1, 2]


def test_it_leaves_out_what_is_not_ticked(people, client_for, programme, ruijin, donghu):
    client = client_for(people.jx_endorser)
    rank_url = reverse("applications:province_rank", args=[programme.pk])
    client.post(rank_url, {"pick": [ruijin.pk, donghu.pk]})
    client.post(rank_url, {"pick": [donghu.pk], f"rank_{ruijin.pk}": "1"})

    assert ranks(donghu, ruijin) == [1, None]


def test_it_ranks_category_by_category(people, client_for, programme, ruijin, donghu):
    yuzhang = endorsed(people.yz_applicant, kind="unit")
    client_for(people.jx_endorser).post(
        reverse("applications:province_rank", args=[programme.pk]),
        {
            "pick": [yuzhang.pk, ruijin.pk, donghu.pk],
            f"rank_{yuzhang.pk}": "1",
            f"rank_{ruijin.pk}": "2",
            f"rank_{donghu.pk}": "1",
        },
    )

    # The regions first (the programme's order of categories), each category in its order.
    assert ranks(donghu, ruijin, yuzhang) == [1, 2, 3]


def test_it_refuses_a_ranking_over_the_quota_and_saves_nothing(
    people, client_for, programme, ruijin, donghu
):
    region = programme.categories.get(kind="region")
    region.province_quota = 1
    region.save(update_fields=["province_quota"])
    response = client_for(people.jx_endorser).post(
        reverse("applications:province_rank", args=[programme.pk]),
        {"pick": [ruijin.pk, donghu.pk]},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "排序未保存" in page
    assert "“试点地区”每省最多推荐1个，现选择了2个。" in page
    assert ranks(ruijin, donghu) == [None, None]


def test_it_forbids_another_provinces_endorser(people, client_for, programme, donghu):
    jiangxi = people.bureau("360000")
    client = client_for(people.gd_endorser)

    jiangxis_page = reverse("applications:province", args=[programme.pk, jiangxi.pk])
    assert client.get(jiangxis_page).status_code == 403
    own_page = client.get(reverse("applications:province", args=[programme.pk]))
    assert own_page.status_code == 200
    assert "南昌市东湖区民政局" not in own_page.content.decode()
    assert reverse("applications:detail", args=[donghu.pk]) not in own_page.content.decode()


def test_it_does_not_let_another_province_rank_its_applications(
    people, client_for, programme, donghu
):
    response = client_for(people.gd_endorser).post(
        reverse("applications:province_rank", args=[programme.pk]),
        {"pick": [donghu.pk], f"rank_{donghu.pk}": "1"},
    )

    assert response.status_code == 200  # the form refuses a choice it did not offer
    assert ranks(donghu) == [None]


def test_it_lets_jiangxis_endorser_open_jiangxis_page_by_name(people, client_for, programme):
    jiangxi = people.bureau("360000")
    url = reverse("applications:province", args=[programme.pk, jiangxi.pk])

    assert client_for(people.jx_endorser).get(url).status_code == 200


@pytest.mark.parametrize("username", ["dh_applicant", "nc_endorser", "mz_officer"])
def test_it_forbids_anyone_but_a_provincial_level_endorser(people, client_for, url, username):
    assert client_for(getattr(people, username)).get(url).status_code == 403


def test_it_requires_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_it_hides_a_draft_programme(people, client_for):
    draft = make_programme()

    response = client_for(people.jx_endorser).get(reverse("applications:province", args=[draft.pk]))

    assert response.status_code == 404


def test_it_sends_a_shenzhen_district_to_shenzhen_not_guangdong(people, client_for, url):
    futian = endorsed(people.ft_applicant)
    name = futian.organisation.name

    assert futian.province == people.sz_endorser.organisation
    assert name in client_for(people.sz_endorser).get(url).content.decode()
    assert name not in client_for(people.gd_endorser).get(url).content.decode()
