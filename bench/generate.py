"""A national dataset for the benchmarks (`make bench-data SCALE=...`).

At SCALE=1: every civil affairs bureau of the country (from ``load_reference_data``) with one
endorser each and one applicant per county- and prefecture-level bureau; 20,000 units (one
applicant each) below the county bureaus, some under a supervising department (业务主管部门);
five programmes (the two seed notices and the open demo programme of programmes/seeds.py, plus a
programme in its pilot period and one under review); about 100,000 applications spread over
every state and level of the chain, with 试点方案 of 2,000-5,000 characters, their endorsement
steps, submitted versions, history, provincial batches and the ministry's files; 20,000 pilots
with plans, indicators, milestones and progress reports; 2,000 policy notices; and one million
audit rows, hash-chained as ``audit.records.record()`` would have chained them.

Works on PostgreSQL (COPY) and SQLite (executemany): see bench/writer.py. Run it on an empty,
migrated database (the Makefile creates one); it refuses a database that already has bench data.

    python bench/generate.py --scale 0.01
"""

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shidian.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, RoleGrant, User  # noqa: E402
from applications.models import (  # noqa: E402
    Action,
    Application,
    BatchItem,
    EndorsementStep,
    HistoryEntry,
    ProvincialBatch,
    StepState,
    SubmittedVersion,
)
from applications.models import Status as AppStatus  # noqa: E402
from audit.models import GENESIS_HASH, AuditEvent, AuditHead, Event, Result  # noqa: E402
from bench.text import Corpus  # noqa: E402
from bench.writer import Ids, Writer  # noqa: E402
from organisations.models import Kind, Organisation, Tier, UnitCategory  # noqa: E402
from pilots.models import (  # noqa: E402
    Indicator,
    IndicatorValue,
    Milestone,
    Pilot,
    Plan,
    PlanArea,
    PlanStatus,
    PlanVersion,
    ProgressReport,
    ReportStatus,
)
from portal.models import Kind as NoticeKind  # noqa: E402
from portal.models import Notice  # noqa: E402
from programmes.models import ChainLevel, FormVersion, Programme  # noqa: E402
from programmes.models import Status as ProgrammeStatus  # noqa: E402
from reviews.models import Assessment, Decision, Eligibility  # noqa: E402

BENCH_PASSWORD = "Bench@2026-load"  # bench accounts are not demo accounts (is_demo=False)
OFFICER = "bench_officer"
BATCH = 2000
FULL = {
    "units": 20_000,
    "applications": 100_000,
    "pilots": 20_000,
    "notices": 2_000,
    "audit": 1_000_000,
}
UNIT_MIX = [  # unit categories, weighted: enough units for every programme's categories
    (UnitCategory.URBAN_COMMUNITY, 20),
    (UnitCategory.RURAL_COMMUNITY, 20),
    (UnitCategory.ENTERPRISE, 20),
    (UnitCategory.PUBLIC_INSTITUTION, 10),
    (UnitCategory.SOCIAL_ORGANISATION, 30),
]
UNIT_SUFFIX = {
    UnitCategory.URBAN_COMMUNITY: "社区居民委员会",
    UnitCategory.RURAL_COMMUNITY: "村民委员会",
    UnitCategory.ENTERPRISE: "有限公司",
    UnitCategory.PUBLIC_INSTITUTION: "社会福利院",
    UnitCategory.SOCIAL_ORGANISATION: "社会工作服务中心",
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志"
# How a programme's applications end up, by its stage.
PROFILES = {
    "open": [
        (AppStatus.DRAFT, 30),
        (AppStatus.PENDING, 40),
        (AppStatus.RETURNED, 10),
        (AppStatus.DECLINED, 5),
        (AppStatus.ENDORSED, 15),
    ],
    "reviewing": [
        (AppStatus.SUBMITTED, 65),
        (AppStatus.DECLINED, 10),
        (AppStatus.ENDORSED, 20),
        (AppStatus.PENDING, 5),
    ],
    "closed": [(AppStatus.SUBMITTED, 60), (AppStatus.DECLINED, 15), (AppStatus.ENDORSED, 25)],
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


@dataclass(slots=True)
class Org:
    id: int
    name: str
    kind: str
    tier: int
    region_id: int | None
    region_code: str
    region_level: int | None
    region_name: str
    parent_id: int | None
    path: str
    province_id: int | None
    unit_category: str = ""
    supervisor_id: int | None = None

    @property
    def reporting_province(self) -> int | None:
        return self.id if self.tier == Tier.PROVINCE else self.province_id


class Generator:
    def __init__(self, scale: float, seed: int):
        self.scale = scale
        self.rng = random.Random(seed)
        self.corpus = Corpus(seed)
        self.ids = Ids()
        self.out = Writer()
        self.now = timezone.now().astimezone(UTC)
        self.n = {k: max(1, round(v * scale)) for k, v in FULL.items()}
        self.orgs: dict[int, Org] = {}
        self.endorser: dict[int, int] = {}  # organisation id → endorser user id
        self.applicant: dict[int, int] = {}  # organisation id → applicant user id
        self.user_org: list[tuple[int, int]] = []  # (user id, organisation id)
        self.application_ids: list[int] = []

    # ----------------------------------------------------------------------- helpers

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(GIVEN) for _ in range(self.rng.randint(1, 2))
        )

    def phone(self) -> str:
        return f"0{self.rng.randint(10, 999)}-{self.rng.randint(2000000, 89999999)}"

    def weighted(self, choices):
        values, weights = zip(*choices, strict=True)
        return self.rng.choices(values, weights)[0]

    # ----------------------------------------------------------------------- base

    def base(self) -> None:
        log("reference data: regions, the civil affairs tree, form templates")
        call_command("load_reference_data", verbosity=0)
        for row in Organisation.objects.filter(
            kind__in=[Kind.MINISTRY, Kind.CIVIL_AFFAIRS, Kind.CORPS]
        ).values(
            "id",
            "name",
            "kind",
            "tier",
            "region_id",
            "region__code",
            "region__level",
            "region__name",
            "parent_id",
            "path",
            "province_id",
        ):
            self.orgs[row["id"]] = Org(
                row["id"],
                row["name"],
                row["kind"],
                row["tier"],
                row["region_id"],
                row["region__code"] or "",
                row["region__level"],
                row["region__name"] or "",
                row["parent_id"],
                row["path"],
                row["province_id"],
            )
        self.ministry = next(o for o in self.orgs.values() if o.kind == Kind.MINISTRY)
        self.bureaus = [o for o in self.orgs.values() if o.kind != Kind.MINISTRY]
        self.counties = [o for o in self.bureaus if o.tier == Tier.COUNTY]
        self.prefectures = [o for o in self.bureaus if o.tier == Tier.PREFECTURE]
        log(f"  {len(self.bureaus)} bureaus, {len(self.counties)} county-level")

    @transaction.atomic
    def units(self) -> None:
        n = self.n["units"]
        log(f"units: {n}, and supervising departments in every fifth county")
        rows = []
        supervisors: dict[int, int] = {}
        for i, county in enumerate(self.counties):
            if i % 5:
                continue
            org = self._org(county, Kind.SUPERVISOR, f"{county.region_name}城关街道办事处", "")
            supervisors[county.id] = org.id
            rows.append(org)
        for i in range(n):
            county = self.rng.choice(self.counties)
            category = self.weighted(UNIT_MIX)
            name = f"{county.region_name}第{i + 1}号{UNIT_SUFFIX[category]}"
            org = self._org(county, Kind.UNIT, name, category)
            if county.id in supervisors and self.rng.random() < 0.5:
                org.supervisor_id = supervisors[county.id]
            rows.append(org)
        self.out.insert(
            Organisation,
            (
                {
                    "id": o.id,
                    "name": o.name,
                    "kind": o.kind,
                    "tier": o.tier,
                    "region_id": o.region_id,
                    "parent_id": o.parent_id,
                    "path": o.path,
                    "province_id": o.province_id,
                    "unit_category": o.unit_category,
                    "supervisor_id": o.supervisor_id,
                    "address": f"{o.region_name}人民路{self.rng.randint(1, 999)}号",
                    "postcode": f"{self.rng.randint(100000, 859999)}",
                    "phone": self.phone(),
                    "is_active": True,
                }
                for o in rows
            ),
        )
        for o in rows:
            self.orgs[o.id] = o
        self.units_ = [o for o in rows if o.kind == Kind.UNIT]
        self.supervisors = [o for o in rows if o.kind == Kind.SUPERVISOR]

    def _org(self, county: Org, kind: str, name: str, category: str) -> Org:
        pk = self.ids.take(Organisation)
        return Org(
            id=pk,
            name=name,
            kind=kind,
            tier=Tier.NONE,
            region_id=county.region_id,
            region_code=county.region_code,
            region_level=county.region_level,
            region_name=county.region_name,
            parent_id=county.id,
            path=f"{county.path}{pk}/",
            province_id=county.province_id if county.tier != Tier.PROVINCE else county.id,
            unit_category=category,
        )

    @transaction.atomic
    def accounts(self) -> None:
        password = make_password(BENCH_PASSWORD)
        users, grants = [], []

        def add(username: str, org: Org, roles: list[str], name: str = "") -> int:
            pk = self.ids.take(User)
            users.append(
                {
                    "id": pk,
                    "password": password,
                    "username": username,
                    "full_name": name or self.person(),
                    "organisation_id": org.id,
                    "is_active": True,
                    "is_staff": False,
                    "is_superuser": False,
                    "date_joined": self.now - timedelta(days=900),
                    "must_change_password": False,
                    "password_changed_at": self.now - timedelta(days=30),
                    "is_demo": False,
                }
            )
            for role in roles:
                grants.append(
                    {
                        "id": self.ids.take(RoleGrant),
                        "user_id": pk,
                        "role": role,
                        "granted_at": self.now - timedelta(days=900),
                    }
                )
            self.user_org.append((pk, org.id))
            return pk

        add(OFFICER, self.ministry, [Role.OFFICER], "压测试点项目管理员")
        for org in self.bureaus + self.supervisors:
            self.endorser[org.id] = add(f"e{org.id}", org, [Role.ENDORSER])
        for org in self.counties + self.prefectures + self.units_:
            self.applicant[org.id] = add(f"a{org.id}", org, [Role.APPLICANT])
        log(
            f"accounts: {len(users)} (one endorser per bureau and department, one applicant "
            "per county, prefecture and unit)"
        )
        self.out.insert(User, users)
        self.out.insert(RoleGrant, grants)

    # ----------------------------------------------------------------------- programmes

    def programmes(self) -> list[tuple[Programme, str]]:
        from portal.actions import publish_notice_for
        from programmes import seeds

        log("programmes: the two seed notices, the open demo programme, and two more")
        seeds.load_programmes(demo=True)
        by = User.objects.get(username=OFFICER)
        result = [
            (Programme.objects.get(document_number="民函〔2009〕148号"), "closed"),
            (Programme.objects.get(document_number="民函〔2013〕132号"), "closed"),
            (Programme.objects.get(document_number="民函〔2026〕9001号"), "open"),
        ]
        extra = [
            (
                "民函〔2021〕88号",
                "2021年社区社会工作服务试点",
                ProgrammeStatus.RUNNING,
                seeds.beijing(2021, 6, 30),
                "closed",
            ),
            (
                "民函〔2025〕60号",
                "2025年乡镇（街道）社会工作站建设试点",
                ProgrammeStatus.REVIEWING,
                self.now - timedelta(days=20),
                "reviewing",
            ),
        ]
        for number, name, status, deadline, profile in extra:
            existing = Programme.objects.filter(document_number=number).first()
            if existing is None:
                notice = seeds.read_notice(
                    seeds.DEMO_TEXT,
                    deadline="当年6月30日17时",
                    determination="次月底",
                    summary="试点期满后1个月内",
                )
                notice = replace(
                    notice, title=f"民政部关于开展{name}工作的通知", document_number=number
                )
                categories = [
                    replace(c, form_title=f"{name}{'地区' if c.kind == 'region' else '单位'}申报表")
                    for c in seeds.SEED_PROGRAMMES[0].categories
                ]
                with transaction.atomic():
                    existing = seeds._build(
                        notice,
                        dict(
                            name=name,
                            issued_on=(deadline - timedelta(days=60)).date(),
                            receiving_department="民政部社会工作司",
                            application_deadline=deadline,
                            determination_due=(deadline + timedelta(days=40)).date(),
                            pilot_months=24,
                            summary_deadline=deadline + timedelta(days=800),
                            paper_copies_required=False,
                            region_outcome_title="全国社会工作示范地区",
                            unit_outcome_title="全国社会工作示范单位",
                        ),
                        categories,
                        by=by,
                    )
                    existing.status = status
                    existing.published_at = deadline - timedelta(days=60)
                    existing.save(update_fields=["status", "published_at"])
                    publish_notice_for(existing, view_count=self.rng.randint(500, 5000))
            result.append((existing, profile))
        FormVersion.objects.filter(
            categories__programme__in=[p for p, _ in result], locked_at__isnull=True
        ).update(locked_at=self.now)
        return result

    # ----------------------------------------------------------------------- applications

    def chain(self, category, org: Org) -> list[tuple[str, int]]:
        """programmes/chain.py's derive_chain, on the in-memory tree."""
        levels = set(category.chain)
        steps = [(ChainLevel.APPLICANT, org.id)]
        if ChainLevel.SUPERVISOR in levels and org.supervisor_id:
            steps.append((ChainLevel.SUPERVISOR, org.supervisor_id))
        if ChainLevel.UPPER_CIVIL_AFFAIRS in levels:
            parent = self.orgs.get(org.parent_id)
            while parent is not None and parent.tier not in (Tier.PROVINCE, Tier.MINISTRY):
                steps.append((ChainLevel.UPPER_CIVIL_AFFAIRS, parent.id))
                parent = self.orgs.get(parent.parent_id)
        province = org.reporting_province
        if province is not None and province != org.id:
            steps.append((ChainLevel.PROVINCE, province))
        return steps

    def eligible(self, category) -> list[Org]:
        if category.kind == "region":
            return [
                o
                for o in self.counties + self.prefectures
                if o.region_level in category.region_tiers
            ]
        return [o for o in self.units_ if o.unit_category in category.unit_categories]

    def applications(self, programmes) -> None:
        pools = []
        for programme, profile in programmes:
            for category in programme.categories.select_related("form").order_by("order"):
                pools.append((programme, profile, category, self.eligible(category)))
        available = sum(len(p[3]) for p in pools)
        share = min(1.0, self.n["applications"] / available)
        log(
            f"applications: {self.n['applications']} wanted of {available} possible "
            f"(each organisation at most once per category)"
        )
        self.pilot_target = self.n["pilots"]
        closed = [p for p, profile in programmes if profile == "closed"]
        self.selected_per_programme = {
            p.pk: self.pilot_target // len(closed)
            + (1 if i < self.pilot_target % len(closed) else 0)
            for i, p in enumerate(closed)
        }
        self.submitted: dict[int, list[dict]] = {}
        for programme, profile, category, orgs in pools:
            chosen = self.rng.sample(orgs, round(len(orgs) * share))
            log(f"  {programme.name} · {category.name}: {len(chosen)}")
            for start in range(0, len(chosen), BATCH):
                with transaction.atomic():
                    self._application_batch(
                        programme, profile, category, chosen[start : start + BATCH]
                    )
        self._batches_and_files(programmes)

    def _values(self, category, org: Org) -> dict:
        return {
            ("region_name" if category.kind == "region" else "unit_name"): org.name,
            "address": f"{org.region_name}人民路{self.rng.randint(1, 999)}号",
            "postcode": f"{self.rng.randint(100000, 859999)}",
            "leader_name": self.person(),
            "leader_title": "副局长" if category.kind == "region" else "主任",
            "leader_phone": self.phone(),
            "contact_name": self.person(),
            "contact_title": "科长",
            "contact_phone": self.phone(),
            "email": f"sg{org.id}@example.com",
            "fax": "",
            "foundation": self.corpus.between(800, 2000),
            "plan": self.corpus.between(2000, 5000),
            "remarks": "",
        }

    def _application_batch(
        self, programme, profile, category, orgs: list[Org], stop_at: int | None = None
    ) -> None:
        """Applications of ``orgs`` ending as ``PROFILES[profile]`` says; ``stop_at``: the index in
        the chain of the step where pending, returned or declined ones stopped (else random)."""
        deadline = programme.application_deadline.astimezone(UTC)
        # Everything happened before now, however far away the deadline.
        opened = min(deadline, self.now) - timedelta(days=60)
        apps, steps, versions, history = [], [], [], []
        for org in orgs:
            pk = self.ids.take(Application)
            self.application_ids.append(pk)
            status = self.weighted(PROFILES[profile])
            chain = self.chain(category, org)
            applicant = self.applicant[org.id]
            created = opened + timedelta(seconds=self.rng.randint(0, 20 * 86400))
            values = self._values(category, org)
            province = org.reporting_province if org.reporting_province != org.id else None
            app = {
                "id": pk,
                "programme_id": programme.pk,
                "category_id": category.pk,
                "organisation_id": org.id,
                "province_id": province,
                "form_version_id": category.form_id,
                "values": values,
                "edited_at": created + timedelta(days=3),
                "revision": self.rng.randint(3, 40),
                "status": status,
                "round": 1,
                "created_at": created,
                "created_by_id": applicant,
                "submitted_at": None,
                "status_changed_at": created,
                "province_rank": None,
                "paper_received_at": None,
                "search_text": "",
            }
            apps.append(app)
            history.append(
                self._history(pk, created, applicant, org.id, Action.START, "", AppStatus.DRAFT)
            )
            if status == AppStatus.DRAFT:
                continue
            # A sixth of what was submitted went back once before (round 2): its page has a
            # comparison and a longer history.
            rounds = 2 if status != AppStatus.RETURNED and self.rng.random() < 0.17 else 1
            at = created + timedelta(days=5)
            for number in range(1, rounds + 1):
                last = number == rounds
                n = len(chain)
                k = stop_at if stop_at is not None else self.rng.randint(1, n - 1)
                if not last:
                    outcome = "returned"
                elif status == AppStatus.PENDING:
                    outcome = "pending"
                elif status in (AppStatus.RETURNED, AppStatus.DECLINED):
                    outcome = str(status)
                else:
                    outcome, k = "complete", n
                round_values = values if last else {**values, "plan": values["plan"][:-120]}
                versions.append(
                    {
                        "id": self.ids.take(SubmittedVersion),
                        "application_id": pk,
                        "round": number,
                        "values": round_values,
                        "submitted_at": at,
                        "submitted_by_id": applicant,
                    }
                )
                app["submitted_at"] = at
                history.append(
                    self._history(
                        pk,
                        at,
                        applicant,
                        org.id,
                        Action.SUBMIT,
                        AppStatus.DRAFT if number == 1 else AppStatus.RETURNED,
                        AppStatus.PENDING if n > 1 else AppStatus.ENDORSED,
                    )
                )
                at = self._round(pk, number, chain, outcome, k, at, applicant, steps, history)
            app["round"] = rounds
            app["status_changed_at"] = at
            if status == AppStatus.SUBMITTED:
                self.submitted.setdefault(programme.pk, []).append(app)
        self.out.insert(Application, apps)
        self.out.insert(EndorsementStep, steps)
        self.out.insert(SubmittedVersion, versions)
        self.out.insert(HistoryEntry, history)
        for app in apps:  # the texts are written; keep only what later steps need
            app["values"] = None

    def _round(self, pk, number, chain, outcome, k, at, applicant, steps, history):
        """The steps of one round; returns the time of its last action."""
        for order, (level, org_id) in enumerate(chain, start=1):
            i = order - 1
            row = {
                "id": self.ids.take(EndorsementStep),
                "application_id": pk,
                "round": number,
                "order": order,
                "level": level,
                "organisation_id": org_id,
                "state": StepState.WAITING,
                "opinion": "",
                "responsible_person": "",
                "signed_on": None,
                "acted_by_id": None,
                "acted_at": None,
                "arrived_at": None,
            }
            actor = applicant if i == 0 else self.endorser[org_id]
            if i < k:
                row.update(
                    state=StepState.RECOMMENDED,
                    opinion="同意申报。" if i == 0 else "经审核，情况属实，同意推荐。",
                    responsible_person=self.person(),
                    signed_on=at.date(),
                    acted_by_id=actor,
                    acted_at=at,
                    arrived_at=at if i else None,
                )
                if i:
                    last = i == len(chain) - 1
                    history.append(
                        self._history(
                            pk,
                            at,
                            actor,
                            org_id,
                            Action.RECOMMEND,
                            AppStatus.PENDING,
                            AppStatus.ENDORSED if last else AppStatus.PENDING,
                        )
                    )
                at += timedelta(hours=self.rng.randint(2, 72))
            elif i == k:
                row["arrived_at"] = at
                if outcome == "pending":
                    row["state"] = StepState.CURRENT
                else:
                    state = (
                        StepState.DECLINED if outcome == AppStatus.DECLINED else StepState.RETURNED
                    )
                    reasons = self.corpus.between(40, 120)
                    row.update(
                        state=state,
                        opinion=reasons,
                        responsible_person=self.person(),
                        signed_on=at.date(),
                        acted_by_id=actor,
                        acted_at=at,
                    )
                    history.append(
                        self._history(
                            pk,
                            at,
                            actor,
                            org_id,
                            Action.DECLINE if state == StepState.DECLINED else Action.RETURN,
                            AppStatus.PENDING,
                            AppStatus.DECLINED
                            if state == StepState.DECLINED
                            else AppStatus.RETURNED,
                            note=reasons,
                        )
                    )
                    at += timedelta(days=2)
            elif outcome != "pending":
                row["state"] = StepState.VOID
            steps.append(row)
        return at

    def _history(self, pk, at, actor, org_id, action, before, after, note=""):
        return {
            "id": self.ids.take(HistoryEntry),
            "application_id": pk,
            "at": at,
            "actor_id": actor,
            "organisation_id": org_id,
            "action": action,
            "from_status": before,
            "to_status": after,
            "note": note,
        }

    def _batches_and_files(self, programmes) -> None:
        """报送 batches for what was submitted, the ministry's files (Assessment), and the
        pilots of the programmes past their review."""
        profiles = {p.pk: (p, profile) for p, profile in programmes}
        for programme_pk, apps in self.submitted.items():
            programme, profile = profiles[programme_pk]
            deadline = programme.application_deadline.astimezone(UTC)
            officer = self.officer_pk()
            with transaction.atomic():
                batches, items, history = {}, [], []
                ranks: dict[int, int] = {}
                for app in apps:
                    province = app["province_id"]
                    if province not in batches:
                        batches[province] = {
                            "id": self.ids.take(ProvincialBatch),
                            "programme_id": programme_pk,
                            "province_id": province,
                            "opinion": "经省级评审，同意推荐以下申报，排序如下。",
                            "responsible_person": self.person(),
                            "signed_on": (deadline - timedelta(days=1)).date(),
                            "submitted_at": deadline - timedelta(days=1),
                            "submitted_by_id": self.endorser[province],
                        }
                    ranks[province] = ranks.get(province, 0) + 1
                    items.append(
                        {
                            "id": self.ids.take(BatchItem),
                            "batch_id": batches[province]["id"],
                            "application_id": app["id"],
                            "rank": ranks[province],
                        }
                    )
                    history.append(
                        self._history(
                            app["id"],
                            deadline - timedelta(days=1),
                            self.endorser[province],
                            province,
                            Action.BATCH_SUBMIT,
                            AppStatus.ENDORSED,
                            AppStatus.SUBMITTED,
                            note=f"省级推荐第{ranks[province]}位",
                        )
                    )
                self.out.insert(ProvincialBatch, batches.values())
                self.out.insert(BatchItem, items)
                self.out.insert(HistoryEntry, history)
                # Application.province_rank is the rank the batch fixed.
                rank_of = {item["application_id"]: item["rank"] for item in items}
                self._set_ranks(rank_of)
                selected = set()
                if profile == "closed":
                    want = min(self.selected_per_programme.get(programme_pk, 0), len(apps))
                    selected = {a["id"] for a in self.rng.sample(apps, want)}
                files = []
                for app in apps:
                    if profile == "reviewing":
                        eligibility = self.weighted(
                            [
                                (Eligibility.PENDING, 40),
                                (Eligibility.ELIGIBLE, 50),
                                (Eligibility.CORRECTION, 5),
                                (Eligibility.INELIGIBLE, 5),
                            ]
                        )
                        decision = Decision.UNDECIDED
                        scored = eligibility == Eligibility.ELIGIBLE and self.rng.random() < 0.6
                    else:
                        eligibility = Eligibility.ELIGIBLE
                        decision = (
                            Decision.SELECTED if app["id"] in selected else Decision.NOT_SELECTED
                        )
                        scored = True
                    files.append(
                        {
                            "id": self.ids.take(Assessment),
                            "application_id": app["id"],
                            "eligibility": eligibility,
                            "checked_by_id": officer
                            if eligibility != Eligibility.PENDING
                            else None,
                            "checked_at": deadline + timedelta(days=3)
                            if eligibility != Eligibility.PENDING
                            else None,
                            "decision": decision,
                            "decided_by_id": officer if decision != Decision.UNDECIDED else None,
                            "decided_at": deadline + timedelta(days=30)
                            if decision != Decision.UNDECIDED
                            else None,
                            "average_score": Decimal(self.rng.randint(5500, 9800)) / 100
                            if scored
                            else None,
                        }
                    )
                self.out.insert(Assessment, files)
            if selected:
                self._pilots(programme, [a for a in apps if a["id"] in selected])

    def officer_pk(self) -> int:
        from programmes.seeds import programme_officer

        officer = User.objects.filter(username=OFFICER).first() or programme_officer()
        return officer.pk

    def _set_ranks(self, rank_of: dict[int, int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Application._meta.db_table} SET province_rank = %s WHERE id = %s",
                [(rank, pk) for pk, rank in rank_of.items()],
            )

    def _pilots(self, programme, apps: list[dict]) -> None:
        log(f"  pilots of {programme.name}: {len(apps)}")
        areas = list(programme.content_areas.order_by("order").values_list("pk", flat=True))
        deadline = programme.application_deadline.astimezone(UTC)
        starts = (deadline + timedelta(days=60)).date()
        ends = starts + timedelta(days=30 * programme.pilot_months)
        reports_due = [starts + timedelta(days=91 * q) for q in range(1, 9)]
        today = self.now.date()
        for start in range(0, len(apps), BATCH):
            rows = {
                m: []
                for m in (
                    Pilot,
                    Plan,
                    PlanArea,
                    Indicator,
                    Milestone,
                    PlanVersion,
                    ProgressReport,
                    IndicatorValue,
                )
            }
            for app in apps[start : start + BATCH]:
                pilot = self.ids.take(Pilot)
                org = app["organisation_id"]
                rows[Pilot].append(
                    {
                        "id": pilot,
                        "application_id": app["id"],
                        "programme_id": programme.pk,
                        "category_id": app["category_id"],
                        "organisation_id": org,
                        "province_id": app["province_id"],
                        "starts_on": starts,
                        "ends_on": ends,
                    }
                )
                plan = self.ids.take(Plan)
                rows[Plan].append(
                    {
                        "id": plan,
                        "pilot_id": pilot,
                        "status": PlanStatus.ACCEPTED,
                        "summary": self.corpus.between(200, 500),
                        "updated_at": deadline + timedelta(days=90),
                    }
                )
                for area in areas:
                    rows[PlanArea].append(
                        {
                            "id": self.ids.take(PlanArea),
                            "plan_id": plan,
                            "content_area_id": area,
                            "goals": self.corpus.between(60, 200),
                            "measures": self.corpus.between(100, 300),
                        }
                    )
                indicators = []
                for order, (name, unit) in enumerate(
                    [
                        ("持证社会工作者", "人"),
                        ("社会工作专业岗位", "个"),
                        ("服务对象", "人次"),
                        ("投入资金", "万元"),
                    ],
                    start=1,
                ):
                    indicator = self.ids.take(Indicator)
                    indicators.append(indicator)
                    rows[Indicator].append(
                        {
                            "id": indicator,
                            "plan_id": plan,
                            "content_area_id": areas[order % len(areas)] if areas else None,
                            "order": order,
                            "name": name,
                            "unit": unit,
                            "baseline": Decimal(self.rng.randint(5, 50)),
                            "target": Decimal(self.rng.randint(60, 500)),
                        }
                    )
                for m in range(3):
                    rows[Milestone].append(
                        {
                            "id": self.ids.take(Milestone),
                            "plan_id": plan,
                            "content_area_id": None,
                            "title": f"完成第{m + 1}阶段任务",
                            "due_on": starts + timedelta(days=180 * (m + 1)),
                            "done_on": None,
                        }
                    )
                rows[PlanVersion].append(
                    {
                        "id": self.ids.take(PlanVersion),
                        "plan_id": plan,
                        "number": 1,
                        "snapshot": {"summary": "见试点方案", "indicators": len(indicators)},
                        "submitted_at": deadline + timedelta(days=80),
                        "submitted_by_id": self.applicant[org],
                        "review_state": "accepted",
                        "reviewed_by_id": None,
                        "reviewed_at": deadline + timedelta(days=85),
                        "comments": "",
                    }
                )
                due = [d for d in reports_due if d <= min(ends, today)][:4] or reports_due[:1]
                for sequence, due_on in enumerate(due, start=1):
                    report = self.ids.take(ProgressReport)
                    done = due_on < today
                    rows[ProgressReport].append(
                        {
                            "id": report,
                            "pilot_id": pilot,
                            "sequence": sequence,
                            "due_on": due_on,
                            "status": ReportStatus.ENDORSED if done else ReportStatus.DRAFT,
                            "narrative": self.corpus.between(500, 1500),
                            "submitted_at": datetime.combine(due_on, datetime.min.time(), UTC)
                            if done
                            else None,
                            "reviewed_by_id": None,
                            "reviewed_at": None,
                            "review_comments": "",
                        }
                    )
                    for indicator in indicators:
                        rows[IndicatorValue].append(
                            {
                                "id": self.ids.take(IndicatorValue),
                                "report_id": report,
                                "indicator_id": indicator,
                                "actual": Decimal(self.rng.randint(10, 400)),
                                "note": "",
                            }
                        )
            with transaction.atomic():
                for model, batch in rows.items():
                    self.out.insert(model, batch)

    # ----------------------------------------------------------------------- portal

    @transaction.atomic
    def notices(self) -> None:
        n = self.n["notices"]
        log(f"policy notices: {n}")
        rows = []
        for i in range(n):
            title = f"关于加强社会工作人才队伍建设的若干意见（第{i + 1}号文件）"
            number = f"民发〔{2000 + i % 26}〕{i + 1}号"
            body = self.corpus.between(1000, 3000)
            rows.append(
                {
                    "id": self.ids.take(Notice),
                    "kind": NoticeKind.POLICY,
                    "title": title,
                    "document_number": number,
                    "source": "民政部",
                    "view_count": self.rng.randint(0, 9000),
                    "published_at": self.now - timedelta(days=10 + 7 * (n - i)),
                    "programme_id": None,
                    "body": body,
                    "search_text": "\n".join([title, number, body]).lower(),
                    "is_withdrawn": False,
                }
            )
        self.out.insert(Notice, rows)

    # ----------------------------------------------------------------------- audit

    def audit(self) -> None:
        n = self.n["audit"]
        log(f"audit rows: {n}, hash-chained after the existing head")
        head, _ = AuditHead.objects.get_or_create(pk=1)
        seq, prev = head.last_seq, head.last_hash or GENESIS_HASH
        paths = {o.id: (o.name, o.path) for o in self.orgs.values()}
        usernames = dict(User.objects.values_list("pk", "username"))
        events = [
            (Event.LOGIN, 30, "", ""),
            (Event.APPLICATION_SAVE, 35, "applications.application", "fields"),
            (Event.APPLICATION_SUBMIT, 5, "applications.application", ""),
            (Event.APPLICATION_RECOMMEND, 8, "applications.application", "opinion"),
            (Event.DOWNLOAD, 5, "applications.attachment", ""),
            (Event.PLAN_SAVE, 8, "pilots.plan", ""),
            (Event.REPORT_SAVE, 8, "pilots.progressreport", ""),
            (Event.EXPORT, 1, "programmes.programme", ""),
        ]
        kinds, weights = [e[0] for e in events], [e[1] for e in events]
        by_kind = {e[0]: e for e in events}
        start = self.now - timedelta(days=3 * 365)
        step = (self.now - timedelta(hours=1) - start) / n
        apps = self.application_ids or [0]
        written = 0
        while written < n:
            rows = []
            with transaction.atomic():
                for event in self.rng.choices(kinds, weights, k=min(10_000, n - written)):
                    seq += 1
                    user, org = self.rng.choice(self.user_org)
                    name, path = paths[org]
                    _, _, object_type, change = by_kind[event]
                    object_id = str(self.rng.choice(apps)) if object_type else ""
                    row = AuditEvent(
                        id=self.ids.take(AuditEvent),
                        seq=seq,
                        at=start + step * (written + len(rows)),
                        actor_id=user,
                        actor_name=usernames[user],
                        organisation_name=name,
                        organisation_path=path,
                        source_address=f"10.{seq % 250}.{seq // 250 % 250}.{seq % 7 + 1}",
                        event=event,
                        object_type=object_type,
                        object_id=object_id,
                        object_repr="",
                        result=Result.SUCCESS,
                        summary="",
                        changes={"fields": ["plan"]}
                        if change == "fields"
                        else {"opinion": "同意推荐"}
                        if change
                        else {},
                        prev_hash=prev,
                    )
                    row.row_hash = row.compute_hash()
                    prev = row.row_hash
                    rows.append(
                        {
                            f.attname: getattr(row, f.attname)
                            for f in AuditEvent._meta.concrete_fields
                        }
                    )
                self.out.insert(AuditEvent, rows)
                AuditHead.objects.filter(pk=1).update(last_seq=seq, last_hash=prev)
            written += len(rows)
            if written % 200_000 == 0:
                log(f"  {written}")

    # ----------------------------------------------------------------------- later runs

    def attach(self) -> None:
        """Read back what ``run()`` made (organisations, bench accounts), for bench/prepare.py."""
        for row in Organisation.objects.filter(
            kind__in=[Kind.MINISTRY, Kind.CIVIL_AFFAIRS, Kind.CORPS, Kind.UNIT, Kind.SUPERVISOR]
        ).values(
            "id",
            "name",
            "kind",
            "tier",
            "region_id",
            "region__code",
            "region__level",
            "region__name",
            "parent_id",
            "path",
            "province_id",
            "unit_category",
            "supervisor_id",
        ):
            self.orgs[row["id"]] = Org(
                row["id"],
                row["name"],
                row["kind"],
                row["tier"],
                row["region_id"],
                row["region__code"] or "",
                row["region__level"],
                row["region__name"] or "",
                row["parent_id"],
                row["path"],
                row["province_id"],
                row["unit_category"],
                row["supervisor_id"],
            )
        self.ministry = next(o for o in self.orgs.values() if o.kind == Kind.MINISTRY)
        self.bureaus = [o for o in self.orgs.values() if o.kind in (Kind.CIVIL_AFFAIRS, Kind.CORPS)]
        self.counties = [o for o in self.bureaus if o.tier == Tier.COUNTY]
        self.prefectures = [o for o in self.bureaus if o.tier == Tier.PREFECTURE]
        self.units_ = [o for o in self.orgs.values() if o.kind == Kind.UNIT]
        for pk, username, org in User.objects.filter(username__regex=r"^[ea][0-9]+$").values_list(
            "pk", "username", "organisation_id"
        ):
            (self.endorser if username[0] == "e" else self.applicant)[org] = pk
        self.submitted = {}

    # ----------------------------------------------------------------------- all

    def run(self) -> None:
        t0 = time.monotonic()
        if User.objects.filter(username=OFFICER).exists():
            sys.exit(
                "This database already has bench data: generate into a fresh database "
                "(make bench-data recreates it)."
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO off")
        self.base()
        self.units()
        self.accounts()
        programmes = self.programmes()
        self.applications(programmes)
        self.notices()
        self.audit()
        self.out.finish()
        if connection.vendor == "postgresql":
            log("ANALYZE")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.check_chains(programmes)
        took = time.monotonic() - t0
        log(f"done in {took:.0f} s ({connection.vendor}, scale {self.scale})")
        for label, count in sorted(self.out.counts.items()):
            print(f"  {label:32} {count:>10,}")

    def check_chains(self, programmes) -> None:
        """The in-memory chains agree with programmes/chain.py on a sample."""
        from programmes.chain import derive_chain

        sample = Application.objects.filter(
            programme__in=[p for p, _ in programmes], status=AppStatus.PENDING
        ).select_related("category", "organisation")[:50]
        for application in sample:
            expected = [
                (s.level, s.organisation.pk)
                for s in derive_chain(application.category, application.organisation)
            ]
            got = list(
                application.steps.filter(round=application.round)
                .order_by("order")
                .values_list("level", "organisation_id")
            )
            if expected != got:
                raise SystemExit(
                    f"chain mismatch for application {application.pk}: {got} != {expected}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    Generator(args.scale, args.seed).run()


if __name__ == "__main__":
    main()
