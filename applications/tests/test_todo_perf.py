"""待报送 on a provincial-level body's 待办: one line per programme with recommended
applications, each with its deadline as extended by the ministry — in the same number of
queries with one programme as with several (counted, never timed)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, DeadlineExtension
from applications.tests.helpers import endorsed
from desk import tasks
from programmes.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommended(people):
    """An application of 东湖区 recommended up to 江西 and waiting in its selection."""
    return endorsed(people.dh_applicant)


def another_programme(application: Application, n: int, officer) -> Programme:
    """A copy of the application's programme holding a copy of the application, with a
    deadline extension for 江西 (its provincial-level body)."""
    programme = Programme.objects.get(pk=application.programme_id)
    programme.pk = None
    programme.document_number = f"民函〔2026〕{9100 + n}号"
    programme.name = f"{programme.name}（第{n}期）"
    programme.save()
    copy = Application.objects.get(pk=application.pk)
    copy.pk = None
    copy.programme = programme
    copy.save()
    DeadlineExtension.objects.create(
        programme=programme,
        province_id=application.province_id,
        deadline=programme.application_deadline + timedelta(days=n),
        reason="受灾延期。",
        granted_by=officer,
    )
    return programme


def selection_tasks(user) -> tuple[list[tasks.Task], int]:
    from applications.todo import awaiting_my_selection

    with CaptureQueriesContext(connection) as queries:
        found = awaiting_my_selection(user)
    return found, len(queries)


def test_it_counts_the_same_queries_for_one_programme_as_for_several(people, recommended):
    extended = another_programme(recommended, 1, people.mz_officer)
    one, one_count = selection_tasks(people.jx_endorser)
    assert len(one) == 2

    for n in range(2, 6):
        another_programme(recommended, n, people.mz_officer)
    several, several_count = selection_tasks(people.jx_endorser)

    assert len(several) == 6
    assert several_count == one_count
    by_programme = {task.programme: task.deadline for task in several}
    assert by_programme[extended.name] == extended.application_deadline + timedelta(days=1)


def test_it_shows_each_programme_with_its_own_extended_deadline(people, recommended, client_for):
    original = recommended.programme
    for n in (3, 9):
        another_programme(recommended, n, people.mz_officer)
    # An extension for everyone, and one for another province: only the first applies here.
    DeadlineExtension.objects.create(
        programme=original,
        province=None,
        deadline=original.application_deadline + timedelta(days=2),
        reason="全国延期。",
        granted_by=people.mz_officer,
    )
    DeadlineExtension.objects.create(
        programme=original,
        province=people.gd_endorser.organisation,
        deadline=original.application_deadline + timedelta(days=20),
        reason="广东延期。",
        granted_by=people.mz_officer,
    )

    found = {task.programme: task.deadline for task in tasks.collect(people.jx_endorser)}

    assert found[original.name] == original.application_deadline + timedelta(days=2)
    for n in (3, 9):
        copy = Programme.objects.get(document_number=f"民函〔2026〕{9100 + n}号")
        assert found[copy.name] == copy.application_deadline + timedelta(days=n)
    page = client_for(people.jx_endorser).get(reverse("desk:todo")).content.decode()
    assert page.count("份申报待遴选报送民政部") == 3
