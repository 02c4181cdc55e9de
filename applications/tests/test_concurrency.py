"""Two people acting on one application at the same moment get exactly one outcome; the
other is told plainly, and no history is lost or doubled. Real parallel connections, so
PostgreSQL only (the SQLite test database is one in-memory connection)."""

import threading

import pytest
from django.db import close_old_connections, connection

from applications import actions
from applications.models import Application, HistoryEntry, Status
from applications.tests.flow import COMPLETE_VALUES, category, opinion, submitted
from audit.models import AuditEvent, Event

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real parallel connections (PostgreSQL)"
    ),
]


def race(*calls):
    """Run the calls at the same moment on their own connections; return each outcome."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            call()
            outcomes[i] = "ok"
        except actions.Refused as refusal:
            outcomes[i] = refusal.messages[0]
        except Exception as error:
            outcomes[i] = repr(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def test_it_lets_one_of_two_endorsers_act(demo_db, people):
    from accounts.actions import create_account

    colleague = create_account(
        by=None,
        username="nc_endorser2",
        full_name="刘伟同事",
        organisation=people.bureau("360100"),
        roles={"endorser"},
        password="Nanchang#2026",
        is_demo=True,
    )
    application = submitted(people.dh_applicant)
    before = HistoryEntry.objects.filter(application=application).count()

    outcomes = race(
        lambda: actions.recommend(application, opinion(), by=people.nc_endorser),
        lambda: actions.return_for_revision(application, "请修改", by=colleague),
    )

    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    # The loser is told the application is no longer at its level: "已由他人办理…" when it
    # waited on the row lock, or where it now is when it came just after the winner's commit.
    refusal = next(o for o in outcomes if o != "ok")
    assert "不在您这一级" in refusal, outcomes
    application.refresh_from_db()
    assert application.status in (Status.PENDING, Status.RETURNED)
    assert HistoryEntry.objects.filter(application=application).count() == before + 1
    assert (
        AuditEvent.objects.filter(
            event__in=[Event.APPLICATION_RECOMMEND, Event.APPLICATION_RETURN],
            object_id=str(application.pk),
        ).count()
        == 1
    )


def test_it_submits_once_on_a_double_click(demo_db, people):
    applicant = people.dh_applicant
    application = actions.start_application(category(), by=applicant)
    actions.save_draft(application, COMPLETE_VALUES, by=applicant)

    outcomes = race(*[lambda: actions.submit_application(application, opinion(), by=applicant)] * 2)

    assert outcomes.count("ok") == 1, outcomes
    assert any("请勿重复提交" in o for o in outcomes if o != "ok")
    application.refresh_from_db()
    assert application.round == 1
    assert application.versions.count() == 1
    assert application.steps.count() == 3


def test_it_resolves_a_withdrawal_racing_the_next_level(demo_db, people):
    application = submitted(people.dh_applicant)

    outcomes = race(
        lambda: actions.withdraw(application, by=people.dh_applicant),
        lambda: actions.recommend(application, opinion(), by=people.nc_endorser),
    )

    assert outcomes.count("ok") == 1, outcomes
    application.refresh_from_db()
    if outcomes[0] == "ok":
        assert application.status == Status.DRAFT
    else:
        assert "不能撤回" in outcomes[0]
        assert application.steps.get(level="province").state == "current"


def test_it_starts_one_application_on_a_double_click(demo_db, people):
    applicant = people.dh_applicant
    outcomes = race(*[lambda: actions.start_application(category(), by=applicant)] * 2)
    assert outcomes.count("ok") == 1, outcomes
    assert Application.objects.filter(organisation=applicant.organisation).count() == 1
