"""The province ranks what was recommended to it and submits its selection as one batch."""

import pytest
from django.core.exceptions import PermissionDenied

from applications import actions
from applications.models import ProvincialBatch, Status
from applications.tests.flow import demo_programme, endorse_all, opinion, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_endorsed(people):
    donghu = endorse_all(submitted(people.dh_applicant), people.nc_endorser, people.jx_endorser)
    ruijin = endorse_all(submitted(people.rj_applicant), people.gz_endorser, people.jx_endorser)
    return donghu, ruijin


def test_it_submits_the_ranked_selection_and_locks_it(people, two_endorsed):
    donghu, ruijin = two_endorsed
    programme, jiangxi = demo_programme(), people.bureau("360000")
    actions.rank(programme, jiangxi, [ruijin.pk, donghu.pk], by=people.jx_endorser)
    batch = actions.submit_batch(
        programme, jiangxi, opinion("推荐以上两地。", "陈志刚"), by=people.jx_endorser
    )

    assert [(i.application_id, i.rank) for i in batch.items.all()] == [
        (ruijin.pk, 1),
        (donghu.pk, 2),
    ]
    for application in (donghu, ruijin):
        application.refresh_from_db()
        assert application.status == Status.SUBMITTED
    with pytest.raises(actions.Refused, match="已向民政部报送"):
        actions.submit_batch(programme, jiangxi, opinion(), by=people.jx_endorser)
    with pytest.raises(actions.Refused, match="不能再修改"):
        actions.rank(programme, jiangxi, [donghu.pk], by=people.jx_endorser)


def test_it_enforces_the_ministrys_quota_per_province(people, two_endorsed):
    programme, jiangxi = demo_programme(), people.bureau("360000")
    region = programme.categories.get(kind="region")
    region.province_quota = 1
    region.save(update_fields=["province_quota"])
    actions.rank(programme, jiangxi, [a.pk for a in two_endorsed], by=people.jx_endorser)
    with pytest.raises(actions.Refused, match="每省最多推荐1个，现选择了2个"):
        actions.submit_batch(programme, jiangxi, opinion(), by=people.jx_endorser)
    assert not ProvincialBatch.objects.exists()
    assert all(a.status == Status.ENDORSED for a in programme.applications.all())

    actions.rank(programme, jiangxi, [two_endorsed[0].pk], by=people.jx_endorser)
    batch = actions.submit_batch(programme, jiangxi, opinion(), by=people.jx_endorser)
    assert batch.items.count() == 1


def test_it_lets_only_the_province_itself_submit(people, two_endorsed):
    programme, jiangxi = demo_programme(), people.bureau("360000")
    with pytest.raises(PermissionDenied):
        actions.rank(programme, jiangxi, [two_endorsed[0].pk], by=people.gd_endorser)
    with pytest.raises(PermissionDenied):
        actions.submit_batch(programme, jiangxi, opinion(), by=people.nc_endorser)


def test_it_refuses_to_rank_what_is_not_the_provinces(people, two_endorsed):
    shenzhen = endorse_all(submitted(people.ft_applicant), people.sz_endorser)
    with pytest.raises(actions.Refused, match="不属于"):
        actions.rank(
            demo_programme(), people.bureau("360000"), [shenzhen.pk], by=people.jx_endorser
        )
