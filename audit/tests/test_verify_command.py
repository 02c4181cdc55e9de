import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit.models import AuditEvent, AuditHead, Event
from audit.records import record
from audit.verify import verify_chain


def _trail(user, n=4) -> list[int]:
    return [record(Event.LOGIN, actor=user, obj=user).seq for _ in range(n)]


def test_it_reports_an_intact_chain(xu, capsys):
    _trail(xu)
    total = AuditEvent.objects.count()

    out = io.StringIO()
    call_command("verify_audit", stdout=out)  # no CommandError: exit status 0

    head = AuditHead.objects.get()
    assert out.getvalue() == (
        f"审计链完整：共 {total} 条\n链头：{head.last_seq}:{head.last_hash}\n"
    )


def test_it_reports_problems_and_fails(xu, capsys):
    seqs = _trail(xu)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary=%s WHERE seq=%s", ["改过了", seqs[1]])

    err = io.StringIO()
    # call_command, not execute_from_command_line: the latter closes the test's connection.
    with pytest.raises(CommandError) as error:
        call_command("verify_audit", "--batch-size", "3", stderr=err)

    assert error.value.returncode == 1  # the process exit status
    assert f"第 {seqs[1]} 条：内容被篡改" in err.getvalue()
    assert "审计链校验未通过" in str(error.value)


def test_it_raises_for_callers_in_python(xu):
    seqs = _trail(xu)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq=%s", [seqs[-1]])

    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_it_checks_a_head_kept_elsewhere(xu, capsys):
    """A chain rewritten from some row on and re-hashed is consistent in itself; the copy
    of an earlier head gives it away."""
    seqs = _trail(xu)
    kept = AuditEvent.objects.get(seq=seqs[1])
    call_command("verify_audit", "--expect", f"{kept.seq}:{kept.row_hash}")
    _rewrite_from(seqs[1])

    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("verify_audit", "--expect", f"{kept.seq}:{kept.row_hash}", stderr=err)

    assert error.value.returncode == 1
    assert f"第 {kept.seq} 条：内容被篡改（本条哈希与留存的哈希不符）" in err.getvalue()


def _rewrite_from(seq: int) -> None:
    """What someone with the database and the source code could do."""
    rows = list(AuditEvent.objects.filter(seq__gte=seq - 1).order_by("seq"))
    previous = rows[0].row_hash
    with connection.cursor() as cursor:
        for row in rows[1:]:
            row.summary = "改写"
            row.prev_hash = previous
            row.row_hash = previous = row.compute_hash()
            cursor.execute(
                "UPDATE audit_auditevent SET summary=%s, prev_hash=%s, row_hash=%s WHERE seq=%s",
                [row.summary, row.prev_hash, row.row_hash, row.seq],
            )
        cursor.execute("UPDATE audit_audithead SET last_hash=%s", [previous])
    assert verify_chain().ok  # the rewrite alone goes unnoticed
