from django.db import connection

from audit.models import AuditEvent, AuditHead, Event
from audit.records import record
from audit.verify import ProblemKind, verify_chain


def _trail(user, n=5) -> list[int]:
    return [record(Event.LOGIN, actor=user, obj=user, summary=f"第{i + 1}次").seq for i in range(n)]


def test_it_detects_a_row_altered_with_raw_sql(xu):
    seqs = _trail(xu)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary=%s WHERE seq=%s", ["改过了", seqs[2]])

    result = verify_chain(batch_size=2)

    assert not result.ok
    assert [(p.seq, p.kind) for p in result.problems] == [(seqs[2], ProblemKind.ALTERED)]


def test_it_detects_a_row_altered_and_rehashed(xu):
    """Whoever rewrites a row and its hash still breaks the next row's link."""
    seqs = _trail(xu)
    row = AuditEvent.objects.get(seq=seqs[2])
    row.summary = "改过了"
    forged = row.compute_hash()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET summary=%s, row_hash=%s WHERE seq=%s",
            ["改过了", forged, seqs[2]],
        )

    result = verify_chain()

    # The row itself is consistent again, but the next one still points at the old hash.
    assert [(p.seq, p.kind) for p in result.problems] == [(seqs[3], ProblemKind.ALTERED)]


def test_it_detects_a_middle_row_deleted(xu):
    seqs = _trail(xu)
    total = AuditEvent.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq=%s", [seqs[2]])

    result = verify_chain()

    assert [(p.seq, p.kind) for p in result.problems] == [(seqs[2], ProblemKind.DELETED)]
    assert result.count == total - 1


def test_it_detects_the_first_rows_deleted(empty_trail, xu):
    _trail(xu)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq <= %s", [2])

    result = verify_chain()

    assert [(p.seq, p.kind) for p in result.problems] == [(1, ProblemKind.DELETED)]


def test_it_detects_the_last_row_deleted_through_the_head(xu):
    seqs = _trail(xu)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq=%s", [seqs[-1]])

    result = verify_chain()

    assert [(p.seq, p.kind) for p in result.problems] == [(seqs[-1], ProblemKind.HEAD_MISMATCH)]


def test_it_detects_a_head_that_does_not_name_the_last_row(xu):
    seqs = _trail(xu)
    AuditHead.objects.filter(pk=1).update(last_hash="0" * 64)

    result = verify_chain()

    assert [(p.seq, p.kind) for p in result.problems] == [(seqs[-1], ProblemKind.HEAD_MISMATCH)]


def test_it_keeps_a_bounded_number_of_problems(empty_trail, xu):
    _trail(xu, n=6)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary=%s", ["全改"])

    result = verify_chain(max_problems=2)

    assert [p.seq for p in result.problems] == [1, 2]
    assert result.truncated
    assert result.count == 6
