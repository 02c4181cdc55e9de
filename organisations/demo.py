"""Demo data for `make run` and the tests: the ministry; 江西 with two prefectures and several
counties; 广东 with 深圳 (a city specifically designated in the state plan); 北京 as a
municipality; the Corps; units of every category; a supervising department; ministry-affiliated
bodies; experts; and one account per role.

Idempotent: everything is looked up by a natural key and created only when missing, so a
second run changes nothing and keeps whatever users entered.
"""

from dataclasses import dataclass

from django.db import transaction

from lib.codes import credit_code_check_char
from organisations.bootstrap import ensure_civil_affairs_tree
from organisations.models import AffiliateCategory, Kind, Organisation, UnitCategory
from regions.models import Region

DEMO_PASSWORD = "Shidian@2026"


def civil_affairs(code: str) -> Organisation:
    return Organisation.objects.get(kind=Kind.CIVIL_AFFAIRS, region__code=code)


def credit_code(prefix: str, region_code: str, serial: str) -> str:
    """A well-formed demo credit code: 2-char prefix, region, 9-char serial, check char."""
    first17 = f"{prefix}{region_code}{serial}"
    return first17 + credit_code_check_char(first17)


# (key, name, kind, category, region, supervisor key, credit-code prefix, address, postcode)
UNITS = [
    (
        "bhz",
        "南昌市东湖区百花洲街道办事处",
        Kind.SUPERVISOR,
        "",
        "360102",
        None,
        "11",
        "南昌市东湖区八一大道333号",
        "330006",
    ),
    (
        "ncwjw",
        "南昌市卫生健康委员会",
        Kind.SUPERVISOR,
        "",
        "360100",
        None,
        "11",
        "南昌市红谷滩区卧龙路999号",
        "330038",
    ),
    (
        "yuzhang",
        "南昌市东湖区百花洲街道豫章社区居民委员会",
        Kind.UNIT,
        UnitCategory.URBAN_COMMUNITY,
        "360102",
        "bhz",
        "55",
        "南昌市东湖区豫章路16号",
        "330006",
    ),
    (
        "huawu",
        "瑞金市叶坪乡华屋村村民委员会",
        Kind.UNIT,
        UnitCategory.RURAL_COMMUNITY,
        "360781",
        None,
        "54",
        "瑞金市叶坪乡华屋村",
        "342500",
    ),
    (
        "ncyy",
        "南昌市第一医院",
        Kind.UNIT,
        UnitCategory.PUBLIC_INSTITUTION,
        "360102",
        "ncwjw",
        "12",
        "南昌市东湖区象山北路128号",
        "330008",
    ),
    (
        "hongdu",
        "南昌洪都社会工作服务中心",
        Kind.UNIT,
        UnitCategory.SOCIAL_ORGANISATION,
        "360103",
        None,
        "52",
        "南昌市西湖区孺子路88号",
        "330003",
    ),
    (
        "yuexiu",
        "广州市越秀区东山街道龙岗社区居民委员会",
        Kind.UNIT,
        UnitCategory.URBAN_COMMUNITY,
        "440104",
        None,
        "55",
        "广州市越秀区龙岗路3号",
        "510080",
    ),
    (
        "szkj",
        "深圳市南山科技制造有限公司",
        Kind.UNIT,
        UnitCategory.ENTERPRISE,
        "440305",
        None,
        "91",
        "深圳市南山区科技园南区8栋",
        "518057",
    ),
    (
        "ftsg",
        "深圳市福田区社会工作者协会",
        Kind.UNIT,
        UnitCategory.SOCIAL_ORGANISATION,
        "440304",
        None,
        "51",
        "深圳市福田区福华路2号",
        "518048",
    ),
    (
        "dcsq",
        "北京市东城区东华门街道多福巷社区居民委员会",
        Kind.UNIT,
        UnitCategory.URBAN_COMMUNITY,
        "110101",
        None,
        "55",
        "北京市东城区多福巷10号",
        "100006",
    ),
    (
        "shz",
        "石河子市新城街道社区居民委员会",
        Kind.UNIT,
        UnitCategory.URBAN_COMMUNITY,
        "659001",
        None,
        "55",
        "新疆石河子市北四路26号",
        "832000",
    ),
]

AFFILIATES = [
    ("zgsgl", "中国社会工作联合会", AffiliateCategory.ASSOCIATION, "51", "100032"),
    ("mzpx", "民政部培训中心", AffiliateCategory.INSTITUTION, "12", "102600"),
]

EMPLOYERS = [
    ("pku", "北京大学社会学系", "110108"),
    ("sysu", "中山大学社会学与人类学学院", "440105"),
    ("ncu", "南昌大学公共管理学院", "360102"),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    organisation: str  # a key: region code of a civil affairs body, or a key above
    roles: tuple[str, ...]
    note: str
    expert_field: str = ""


ACCOUNTS = [
    DemoAccount(
        "mz_officer", "李明华", "ministry", ("officer",), "民政部社会工作司 试点项目管理员"
    ),
    DemoAccount("mz_sysadmin", "周建国", "ministry", ("system_admin",), "民政部 系统管理员"),
    DemoAccount("mz_security", "吴立新", "ministry", ("security_admin",), "民政部 安全管理员"),
    DemoAccount("mz_audit", "郑晓红", "ministry", ("audit_admin",), "民政部 审计管理员"),
    DemoAccount("jx_endorser", "陈志刚", "360000", ("endorser",), "江西省民政厅 审核人"),
    DemoAccount("jx_sysadmin", "黄丽萍", "360000", ("system_admin",), "江西省民政厅 系统管理员"),
    DemoAccount("nc_endorser", "刘伟", "360100", ("endorser",), "南昌市民政局 审核人"),
    DemoAccount("dh_applicant", "张敏", "360102", ("applicant",), "南昌市东湖区民政局 申报人"),
    DemoAccount("dh_endorser", "王芳", "360102", ("endorser",), "南昌市东湖区民政局 审核人"),
    DemoAccount("gz_endorser", "赵磊", "360700", ("endorser",), "赣州市民政局 审核人"),
    DemoAccount("rj_applicant", "钟华", "360781", ("applicant",), "瑞金市民政局 申报人"),
    DemoAccount("yz_applicant", "孙丽", "yuzhang", ("applicant",), "豫章社区居委会 申报人"),
    DemoAccount(
        "bhz_endorser", "胡军", "bhz", ("endorser",), "百花洲街道办事处（业务主管部门）审核人"
    ),
    DemoAccount("gd_endorser", "林海", "440000", ("endorser",), "广东省民政厅 审核人"),
    DemoAccount(
        "sz_endorser", "邓志强", "440300", ("endorser",), "深圳市民政局（计划单列市）审核人"
    ),
    DemoAccount("ft_applicant", "许静", "440304", ("applicant",), "深圳市福田区民政局 申报人"),
    DemoAccount("szkj_applicant", "梁晨", "szkj", ("applicant",), "深圳南山科技制造公司 申报人"),
    DemoAccount("bj_endorser", "马骏", "110000", ("endorser",), "北京市民政局 审核人"),
    DemoAccount("dc_applicant", "杨帆", "110101", ("applicant",), "北京市东城区民政局 申报人"),
    DemoAccount("bt_endorser", "艾力", "corps", ("endorser",), "新疆生产建设兵团民政局 审核人"),
    DemoAccount("shz_applicant", "古丽", "shz", ("applicant",), "石河子市新城街道社区 申报人"),
    DemoAccount(
        "zgsgl_applicant", "何平", "zgsgl", ("applicant",), "中国社会工作联合会（部管社团）申报人"
    ),
    DemoAccount(
        "expert_bj", "宋教授", "pku", ("expert",), "评审专家（北京）", "社会工作理论与政策"
    ),
    DemoAccount("expert_gd", "罗教授", "sysu", ("expert",), "评审专家（广东）", "企业社会工作"),
    DemoAccount("expert_jx", "邱教授", "ncu", ("expert",), "评审专家（江西）", "社区治理"),
]


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    """Ensure the demo organisations and accounts exist; return the demo accounts."""
    from accounts.actions import create_account
    from accounts.models import ExpertProfile, User

    ensure_civil_affairs_tree()
    ministry = Organisation.objects.get(kind=Kind.MINISTRY)
    keyed = {"ministry": ministry, "corps": Organisation.objects.get(kind=Kind.CORPS)}

    for i, (key, name, kind, category, code, supervisor, prefix, address, postcode) in enumerate(
        UNITS
    ):
        region = Region.objects.get(code=code)
        keyed[key] = _ensure(
            name,
            kind=kind,
            unit_category=category,
            region=region,
            parent=civil_affairs(code),
            supervisor=keyed.get(supervisor),
            credit_code=credit_code(prefix, code, f"MA{i + 1:07d}"),
            address=address,
            postcode=postcode,
        )
    for i, (key, name, category, prefix, postcode) in enumerate(AFFILIATES):
        keyed[key] = _ensure(
            name,
            kind=Kind.AFFILIATE,
            affiliate_category=category,
            parent=ministry,
            region=Region.objects.get(code="110000"),
            credit_code=credit_code(prefix, "100000", f"MB{i + 1:07d}"),
            postcode=postcode,
        )
    for key, name, code in EMPLOYERS:
        keyed[key] = _ensure(
            name, kind=Kind.OTHER, parent=ministry, region=Region.objects.get(code=code)
        )

    for account in ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        organisation = keyed.get(account.organisation) or civil_affairs(account.organisation)
        user = create_account(
            by=None,
            username=account.username,
            full_name=account.full_name,
            organisation=organisation,
            roles=set(account.roles),
            password=DEMO_PASSWORD,
            is_demo=True,
        )
        if account.expert_field:
            ExpertProfile.objects.create(user=user, field=account.expert_field, title="教授")
    return ACCOUNTS


def _ensure(name: str, **fields) -> Organisation:
    organisation = Organisation.objects.filter(name=name, kind=fields["kind"]).first()
    if organisation is None:
        organisation = Organisation(name=name, **fields)
        organisation.full_clean()
        organisation.save()
    return organisation
