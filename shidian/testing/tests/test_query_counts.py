"""Growth: every page of the load run (bench/README.md) makes the same number of queries with
few and with many applications — counted, never timed.

Each page is measured twice on the demo data, once after adding FEW and once after adding MANY
records of what it lists (in a savepoint rolled back in between), with the generator of the
benchmarks (bench/generate.py). The viewers are the demo people: Wang Fang (dh_endorser) at the
东湖区 bureau, Liu Wei (nc_endorser) at 南昌, Chen Zhigang (jx_endorser) at 江西, Sun Li
(yz_applicant) of the 豫章 community, and Li Minghua (mz_officer) at the ministry.
"""

from collections import defaultdict
from io import BytesIO

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications.models import Application, Status, StepState
from desk import tasks
from organisations.models import Organisation
from portal import caching as portal_caching
from portal.models import Kind, Notice
from programmes.models import Programme

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30
DEMO_PROGRAMME = "民函〔2026〕9001号"


@pytest.fixture
def grow(people):
    """``grow(n)``: n more of everything the pages list."""
    from bench import generate

    g = generate.Generator(scale=1.0, seed=7)
    g.attach()
    g.endorser = defaultdict(lambda: people.nc_endorser.pk)
    g.applicant = defaultdict(lambda: people.yz_applicant.pk)
    programme = Programme.objects.get(document_number=DEMO_PROGRAMME)
    region = programme.categories.get(kind="region")
    unit = programme.categories.get(kind="unit")
    donghu = g.orgs[Organisation.objects.get(kind="civil_affairs", region__code="360102").pk]
    yuzhang = g.orgs[people.yz_applicant.organisation_id]
    generate.PROFILES.update(
        q_pending=[(Status.PENDING, 1)],
        q_endorsed=[(Status.ENDORSED, 1)],
        q_draft=[(Status.DRAFT, 1)],
        q_submitted=[(Status.SUBMITTED, 1)],
    )

    def add(n: int) -> None:
        # 豫章 (unit → 百花洲 → 东湖区 → 南昌 → 江西): pending at 东湖区, and drafts.
        g._application_batch(programme, "q_pending", unit, [yuzhang] * n, stop_at=2)
        g._application_batch(programme, "q_draft", unit, [yuzhang] * n)
        # 东湖区 as a region (→ 南昌 → 江西): pending at 南昌, at 江西, endorsed to 江西.
        g._application_batch(programme, "q_pending", region, [donghu] * n, stop_at=1)
        g._application_batch(programme, "q_pending", region, [donghu] * n, stop_at=2)
        g._application_batch(programme, "q_endorsed", region, [donghu] * n)
        # Submitted to the ministry by 江西, with the ministry's files and scores.
        g.submitted = {}
        g._application_batch(programme, "q_submitted", region, [donghu] * n)
        g._batches_and_files([(programme, "reviewing")])
        rows = [
            Notice(
                kind=Kind.POLICY,
                title=f"社会工作岗位开发设置意见{i}",
                published_at=timezone.now(),
                body=g.corpus.text(500),
            )
            for i in range(n)
        ]
        for notice in rows:
            notice.save()
        g.out.finish()  # the id sequences past the rows written (PostgreSQL)

    return add


def queries(client, method: str, url: str, data=None) -> int:
    # Public pages are cached and count views once per visitor: start each count afresh. A
    # signed-in client keeps its session, which may live in the same (Redis) cache.
    # A signed-in user's menu counts are kept briefly (desk/tasks.py): count a first view.
    if user_id := client.session.get("_auth_user_id"):
        portal_caching.new_generation()
        tasks.forget_counts(int(user_id))
    else:
        cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(context)


def at_sizes(grow, measure) -> list[int]:
    counts = []
    for n in (FEW, MANY):
        with transaction.atomic():
            grow(n)
            counts.append(measure(n))
            transaction.set_rollback(True)
    return counts


def first_pending_at(organisation_id: int) -> Application:
    return Application.objects.filter(
        status=Status.PENDING,
        steps__state=StepState.CURRENT,
        steps__organisation_id=organisation_id,
    ).latest("pk")


@pytest.mark.parametrize(
    "username",
    ["dh_endorser", "nc_endorser", "jx_endorser", "yz_applicant"],
)
def test_it_lists_the_desk_in_constant_queries(grow, people, client_for, username):
    user = getattr(people, username)
    client = client_for(user)

    def measure(n: int) -> int:
        assert len(tasks.collect(getattr(people, username))) >= n  # a fresh user: a new request
        return queries(client, "get", reverse("desk:todo"))

    few, many = at_sizes(grow, measure)
    assert few == many


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("portal:home"),
        lambda: reverse("portal:notice", args=[Notice.objects.filter(kind=Kind.NOTICE).first().pk]),
        lambda: reverse("portal:search") + "?q=岗位",
    ],
    ids=["home", "notice", "search"],
)
def test_it_serves_the_portal_in_constant_queries(grow, client, url):
    few, many = at_sizes(grow, lambda n: queries(client, "get", url()))
    assert few == many


def test_it_shows_the_application_page_in_constant_queries(grow, people, client_for):
    client = client_for(people.dh_endorser)

    def measure(n: int) -> int:
        application = first_pending_at(people.dh_endorser.organisation_id)
        return queries(client, "get", reverse("applications:detail", args=[application.pk]))

    few, many = at_sizes(grow, measure)
    assert few == many


def test_it_autosaves_in_constant_queries(grow, people, client_for):
    client = client_for(people.yz_applicant)

    def measure(n: int) -> int:
        draft = Application.objects.filter(
            status=Status.DRAFT, organisation=people.yz_applicant.organisation
        ).latest("pk")
        url = reverse("applications:autosave", args=[draft.pk])
        return queries(client, "post", url, {"plan": "试点方案" * 500})

    few, many = at_sizes(grow, measure)
    assert few == many


def test_it_recommends_in_constant_queries(grow, people, client_for):
    client = client_for(people.dh_endorser)

    def measure(n: int) -> int:
        application = first_pending_at(people.dh_endorser.organisation_id)
        url = reverse("applications:recommend", args=[application.pk])
        data = {
            "recommend-opinion": "同意推荐。",
            "recommend-person": "王芳",
            "recommend-signed_on": timezone.localdate().isoformat(),
        }
        count = queries(client, "post", url, data)
        application.refresh_from_db()
        assert application.current_step().organisation.name == "南昌市民政局"
        return count

    few, many = at_sizes(grow, measure)
    assert few == many


def test_it_filters_the_inbox_in_constant_queries(grow, people, client_for):
    programme = Programme.objects.get(document_number=DEMO_PROGRAMME)
    jiangxi = people.jx_endorser.organisation_id
    url = reverse("reviews:inbox", args=[programme.pk]) + f"?province={jiangxi}&sort=score"

    def measure(n: int) -> int:
        client = client_for(people.mz_officer)
        client.get(url)  # the first visit after the deadline opens the review
        return queries(client, "get", url)

    with time_machine.travel(programme.application_deadline.timestamp() + 3600, tick=False):
        few, many = at_sizes(grow, measure)
    assert few == many


def test_it_exports_the_inbox_in_constant_queries(grow, people, client_for, tmp_path):
    """The 申报汇总表 of every application submitted (reviews/export.py): asked for, written by
    the task (at once: the immediate backend of tests) and downloaded; the rows are read in one
    query however many there are, with what each row shows."""
    from reviews.models import ExportJob

    programme = Programme.objects.get(document_number=DEMO_PROGRAMME)
    url = reverse("reviews:inbox_export", args=[programme.pk])
    private = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }

    def measure(n: int) -> int:
        client = client_for(people.mz_officer)
        client.get(reverse("reviews:inbox", args=[programme.pk]))  # opens the review
        with CaptureQueriesContext(connection) as context:
            response = client.post(url, {"query": ""})
        assert response.status_code == 302
        job = ExportJob.objects.latest("pk")
        response = client.get(reverse("reviews:export_download", args=[job.pk]))
        content = b"".join(response.streaming_content)
        assert response.status_code == 200
        rows = Application.objects.filter(programme=programme, status=Status.SUBMITTED).count()
        assert rows >= n
        assert load_workbook(BytesIO(content)).active.max_row == rows + 1  # and the header
        return len(context)

    with (
        override_settings(STORAGES={**settings.STORAGES, "default": private}),
        time_machine.travel(programme.application_deadline.timestamp() + 3600, tick=False),
    ):
        few, many = at_sizes(grow, measure)
    assert few == many
