"""Builds the civil affairs tree from the loaded regions: the ministry, a department or bureau
for every current division (31 provinces; Taiwan, Hong Kong and Macao have none), the Xinjiang
Production and Construction Corps, and the five cities specifically designated in the state
plan as provincial-level bodies. Idempotent: only missing bodies are created.
"""

from django.db import transaction

from organisations.models import Kind, Organisation, Tier, civil_affairs_name, tier_for_region
from regions.models import Level, Region

NO_CIVIL_AFFAIRS_BODY = ("71", "81", "82")  # 台湾、香港、澳门
# County-level cities administered by the Corps (师市合一) answer to the Corps' bureau.
CORPS_CITY_PREFIX = "6590"
MINISTRY_NAME = "民政部"
CORPS_NAME = "新疆生产建设兵团民政局"


@transaction.atomic
def ensure_civil_affairs_tree(department_name: str = "社会工作司") -> int:
    """Create whatever bodies are missing; return how many were created."""
    ministry = Organisation.objects.filter(kind=Kind.MINISTRY).first()
    created = 0
    if ministry is None:
        ministry = Organisation(
            name=MINISTRY_NAME,
            kind=Kind.MINISTRY,
            tier=Tier.MINISTRY,
            department_name=department_name,
        )
        ministry.save()
        created += 1
    corps = Organisation.objects.filter(kind=Kind.CORPS, tier=Tier.PROVINCE).first()
    if corps is None:
        corps = Organisation(
            name=CORPS_NAME,
            kind=Kind.CORPS,
            tier=Tier.PROVINCE,
            region=Region.objects.get(code="650000"),
            parent=ministry,
        )
        corps.save()
        created += 1

    by_region = dict(
        Organisation.objects.filter(kind=Kind.CIVIL_AFFAIRS).values_list("region__code", "pk")
    )
    regions = Region.objects.current().exclude(code__regex=r"^(71|81|82)").select_related("parent")
    # Parents before children: provinces, then prefectures, then counties.
    for level in (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY):
        missing = [r for r in regions if r.level == level and r.code not in by_region]
        if not missing:
            continue
        parents = Organisation.objects.in_bulk(
            [_parent_pk(r, ministry, corps, by_region) for r in missing]
        )
        new = [
            Organisation(
                name=civil_affairs_name(region),
                kind=Kind.CIVIL_AFFAIRS,
                tier=tier_for_region(region),
                region=region,
                parent=parents[_parent_pk(region, ministry, corps, by_region)],
            )
            for region in missing
        ]
        for organisation in new:
            organisation._derive_tree_fields()
        Organisation.objects.bulk_create(new)
        if any(o.pk is None for o in new):  # a backend that returns no ids
            new = list(
                Organisation.objects.filter(
                    kind=Kind.CIVIL_AFFAIRS, region__in=[r.pk for r in missing]
                )
            )
        for organisation in new:
            organisation.path = f"{organisation.parent.path}{organisation.pk}/"
            by_region[organisation.region.code] = organisation.pk
        Organisation.objects.bulk_update(new, ["path"])
        created += len(new)
    return created


def _parent_pk(region: Region, ministry, corps, by_region: dict[str, int]) -> int:
    if region.level == Level.PROVINCE or region.is_separately_planned_city:
        return ministry.pk
    if region.code.startswith(CORPS_CITY_PREFIX):
        return corps.pk
    return by_region[region.parent.code]
