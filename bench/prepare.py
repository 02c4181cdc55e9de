"""Before a load run (bench/run.sh): sessions for the accounts that drive it, fresh pools of
work for the requests that consume it, and the list of scenarios (var/bench/targets.json).

- A new programme open for applications (one per run, so that runs can be repeated: every unit
  may apply again) holds the pools: applications pending at some level for the endorsement
  (each request recommends a different one, as its own endorser), drafts ready to submit for the
  deadline surge (each submitted by its own applicant), and the draft that autosave keeps saving.
- The 待办 pages are those of the busiest county, prefecture and provincial-level bureau; the
  application page is a resubmitted (round 2) application seen by the endorser who holds it.

Sessions are created in the session store (Redis, as the server uses) for the accounts, as a
login would leave them; the server must run with the same SECRET_KEY.
"""

import json
import os
import secrets
import sys
import time
from datetime import timedelta
from importlib import import_module
from pathlib import Path
from urllib.parse import quote, urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shidian.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from applications.formdata import submission_errors  # noqa: E402
from applications.models import Application, EndorsementStep, Status, StepState  # noqa: E402
from bench import generate  # noqa: E402
from organisations.models import Organisation, Tier  # noqa: E402
from portal.models import Notice  # noqa: E402
from programmes.models import FormVersion, Programme  # noqa: E402
from programmes.models import Status as ProgrammeStatus  # noqa: E402

OUT = BASE_DIR / "var" / "bench"
RECOMMEND_POOL = int(os.environ.get("BENCH_RECOMMEND_POOL", "4000"))
SURGE_POOL = int(os.environ.get("BENCH_SURGE_POOL", "8000"))
CSRF = secrets.token_hex(16)  # 32 characters, as Django's CSRF cookie holds
_store = import_module(settings.SESSION_ENGINE).SessionStore
_users: dict[int, User] = {}
_sessions: dict[int, str] = {}


def session_for(user_pk: int) -> str:
    """A signed-in session for the account, as login() leaves it."""
    if user_pk not in _sessions:
        user = _users.get(user_pk) or User.objects.get(pk=user_pk)
        session = _store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["last_seen"] = time.time()
        session.save()
        _sessions[user_pk] = session.session_key
    return _sessions[user_pk]


def cookie(user_pk: int | None) -> str:
    """The Cookie header for the account (a new session), or for a visitor (None)."""
    parts = [f"csrftoken={CSRF}"]
    if user_pk is not None:
        parts.append(f"sessionid={session_for(user_pk)}")
    return "; ".join(parts)


def busiest(tier: Tier) -> Organisation:
    """The bureau of the tier with the most applications waiting for it."""
    row = (
        EndorsementStep.objects.filter(state=StepState.CURRENT, organisation__tier=tier)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return Organisation.objects.get(pk=row["organisation_id"])


def pool_programme(g: "generate.Generator") -> Programme:
    from dataclasses import replace

    from programmes import seeds

    officer = User.objects.get(username=generate.OFFICER)
    n = Programme.objects.filter(document_number__startswith="民函〔2026〕9").count() + 100
    number = f"民函〔2026〕9{n:03d}号"
    name = f"压测批次{n}：社会工作服务试点"
    notice = seeds.read_notice(
        seeds.DEMO_TEXT, deadline="本年12月31日17时", determination="次年1月", summary="次年12月"
    )
    notice = replace(notice, title=f"民政部关于开展{name}的通知", document_number=number)
    now = timezone.now()
    with transaction.atomic():
        programme = seeds._build(
            notice,
            dict(
                name=name,
                issued_on=now.date(),
                receiving_department="民政部社会工作司",
                application_deadline=now + timedelta(days=30),
                determination_due=(now + timedelta(days=60)).date(),
                pilot_months=12,
                summary_deadline=now + timedelta(days=450),
                paper_copies_required=False,
            ),
            list(seeds.SEED_PROGRAMMES[0].categories),
            by=officer,
        )
        programme.status = ProgrammeStatus.PUBLISHED
        programme.published_at = now
        programme.save(update_fields=["status", "published_at"])
        FormVersion.objects.filter(categories__programme=programme).update(locked_at=now)
    return programme


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    g = generate.Generator(scale=1.0, seed=int(time.time()))
    g.attach()
    county, prefecture, province = (
        busiest(t) for t in (Tier.COUNTY, Tier.PREFECTURE, Tier.PROVINCE)
    )
    officer = User.objects.get(username=generate.OFFICER)
    open_demo = Programme.objects.get(document_number="民函〔2026〕9001号")
    reviewing = Programme.objects.get(document_number="民函〔2025〕60号")
    inbox_province = (
        Application.objects.filter(programme=reviewing, status=Status.SUBMITTED)
        .values("province_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["province_id"]
    )
    shown = (
        Application.objects.filter(programme=open_demo, status=Status.PENDING, round=2)
        .order_by("pk")
        .first()
    )
    shown_by = g.endorser[shown.current_step().organisation_id]

    # Pools, in a programme of their own.
    programme = pool_programme(g)
    unit_category = programme.categories.get(kind="unit")
    units = g.rng.sample(
        g.eligible(unit_category),
        min(len(g.eligible(unit_category)), RECOMMEND_POOL + SURGE_POOL + 1),
    )
    generate.PROFILES["pool-pending"] = [(Status.PENDING, 1)]
    generate.PROFILES["pool-draft"] = [(Status.DRAFT, 1)]
    if len(units) < RECOMMEND_POOL + 2:
        raise SystemExit(
            f"only {len(units)} units may apply to the pool programme: set BENCH_RECOMMEND_POOL "
            f"and BENCH_SURGE_POOL below that (a small SCALE has few units)"
        )
    pending_units = units[:RECOMMEND_POOL]
    draft_units = units[RECOMMEND_POOL:]
    for start in range(0, len(pending_units), generate.BATCH):
        with transaction.atomic():
            g._application_batch(
                programme,
                "pool-pending",
                unit_category,
                pending_units[start : start + generate.BATCH],
            )
    for start in range(0, len(draft_units), generate.BATCH):
        with transaction.atomic():
            g._application_batch(
                programme, "pool-draft", unit_category, draft_units[start : start + generate.BATCH]
            )
    g.out.finish()
    if connection.vendor == "postgresql":
        # The pools change tens of thousands of rows after generate.py's ANALYZE: fresh
        # statistics, or the planner misses the partial index of the steps waiting at a bureau.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    pending = list(
        EndorsementStep.objects.filter(
            application__programme=programme, state=StepState.CURRENT
        ).values_list("application_id", "organisation_id")
    )
    drafts = list(
        Application.objects.filter(programme=programme, status=Status.DRAFT)
        .order_by("pk")
        .values_list("pk", "organisation_id")
    )
    autosave_app, autosave_org = drafts.pop()
    sample = Application.objects.select_related("form_version").get(pk=drafts[0][0])
    errors = submission_errors(sample.form_version, sample.values, set())
    if errors:
        raise SystemExit(f"generated drafts would not submit: {errors}")

    def pool_file(name: str, rows: list[tuple[str, int]]) -> str:
        path = OUT / f"pool-{name}.tsv"
        with path.open("w") as f:
            for url, user_pk in rows:
                f.write(f"{url}\t{cookie(user_pk)}\n")
        return str(path)

    def body_file(name: str, body: str) -> str:
        path = OUT / f"body-{name}.txt"
        path.write_text(body)
        return str(path)

    today = timezone.localdate().isoformat()
    recommend_body = urlencode(
        {
            "recommend-opinion": "经审核，申报材料真实完整，试点方案切实可行，同意推荐。",
            "recommend-person": "王建国",
            "recommend-signed_on": today,
        }
    )
    submit_body = urlencode(
        {
            "opinion": "本单位申报材料真实有效，同意申报。",
            "person": "李红",
            "signed_on": today,
        }
    )
    autosave = Application.objects.get(pk=autosave_app)
    fields = {k: v for k, v in autosave.values.items() if k != "plan"}
    # The script appends a counter to the plan, so that every save changes it (and is audited).
    autosave_body = urlencode(fields) + "&plan=" + quote(autosave.values["plan"]) + "%0A"

    notice = Notice.objects.get(programme=open_demo)
    scenarios = [
        dict(name="bare view (anonymous)", path="/bench/bare/"),
        dict(name="bare view (signed in)", path="/bench/bare/", cookie=cookie(officer.pk)),
        dict(name="portal home", path="/"),
        dict(name="notice page", path=f"/notices/{notice.pk}/", vary_agent=True),
        dict(name="search 岗位", path="/search/?" + urlencode({"q": "岗位"})),
        dict(
            name=f"待办 county ({county.name})", path="/desk/", cookie=cookie(g.endorser[county.pk])
        ),
        dict(
            name=f"待办 prefecture ({prefecture.name})",
            path="/desk/",
            cookie=cookie(g.endorser[prefecture.pk]),
        ),
        dict(
            name=f"待办 province ({province.name})",
            path="/desk/",
            cookie=cookie(g.endorser[province.pk]),
        ),
        dict(
            name="ministry inbox (province, by score)",
            path=reverse("reviews:inbox", args=[reviewing.pk])
            + "?"
            + urlencode({"province": inbox_province, "sort": "score"}),
            cookie=cookie(officer.pk),
        ),
        dict(
            name="application page",
            path=reverse("applications:detail", args=[shown.pk]),
            cookie=cookie(shown_by),
        ),
        dict(
            name="autosave",
            method="POST",
            path=reverse("applications:autosave", args=[autosave_app]),
            cookie=cookie(g.applicant[autosave_org]),
            body=body_file("autosave", autosave_body),
            count_body=True,
        ),
        dict(
            name="endorsement (recommend)",
            method="POST",
            body=body_file("recommend", recommend_body),
            pool=pool_file(
                "recommend",
                [
                    (reverse("applications:recommend", args=[app]), g.endorser[org])
                    for app, org in pending
                ],
            ),
        ),
    ]
    surge = dict(
        method="POST",
        body=body_file("submit", submit_body),
        pool=pool_file(
            "submit",
            [(reverse("applications:submit", args=[app]), g.applicant[org]) for app, org in drafts],
        ),
        size=len(drafts),
    )
    targets = {
        "csrf": CSRF,
        "prepared_at": timezone.now().isoformat(),
        "scenarios": scenarios,
        "surge": surge,
        "pool_programme": programme.pk,
        "documents": {"programmes": [open_demo.pk, reviewing.pk]},
    }
    (OUT / "targets.json").write_text(json.dumps(targets, ensure_ascii=False, indent=1))
    print(
        f"prepared in {time.monotonic() - t0:.0f} s: {len(pending)} to recommend, "
        f"{len(drafts)} drafts for the surge, {len(_sessions)} sessions"
    )


if __name__ == "__main__":
    main()
