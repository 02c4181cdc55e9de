import pytest

from accounts.models import User
from audit.models import AuditEvent, Event
from audit.records import record
from audit.verify import verify_chain


def test_it_refuses_to_save_an_existing_row(xu):
    row = record(Event.LOGIN, actor=xu, obj=xu)
    row.summary = "改过了"

    with pytest.raises(PermissionError):
        row.save()
    assert AuditEvent.objects.get(seq=row.seq).summary == ""


def test_it_refuses_to_delete_a_row(xu):
    row = record(Event.LOGIN, actor=xu, obj=xu)

    with pytest.raises(PermissionError):
        row.delete()
    assert AuditEvent.objects.filter(seq=row.seq).exists()


def test_it_refuses_bulk_updates_and_deletes(xu):
    record(Event.LOGIN, actor=xu, obj=xu)

    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(summary="改过了")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert verify_chain().ok


def test_it_keeps_the_chain_when_an_account_is_deleted(xu):
    """Deleting an account must not rewrite the rows it acted in (their hash covers it)."""
    row = record(Event.LOGIN, actor=xu, obj=xu)

    User.objects.filter(pk=xu.pk).delete()

    assert AuditEvent.objects.get(seq=row.seq).actor_id == row.actor_id
    assert verify_chain().ok
