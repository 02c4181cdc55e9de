from itertools import pairwise

from audit.models import GENESIS_HASH, AuditEvent, AuditHead, Event, Result
from audit.records import record
from audit.verify import verify_chain


def test_it_chains_rows(xu):
    rows = [
        record(Event.LOGIN, actor=xu, obj=xu),
        record(Event.ACCOUNT_UPDATE, actor=xu, obj=xu, changes={"phone": ["", "13800000000"]}),
        record(Event.LOGIN_FAILED, actor_name="nobody", result=Result.FAILURE),
    ]

    stored = list(AuditEvent.objects.filter(seq__gte=rows[0].seq).order_by("seq"))
    first = rows[0].seq
    assert [r.seq for r in stored] == [first, first + 1, first + 2]
    assert stored[0].prev_hash == AuditEvent.objects.get(seq=first - 1).row_hash
    for before, after in pairwise(stored):
        assert after.prev_hash == before.row_hash
    assert [r.row_hash for r in stored] == [r.row_hash for r in rows]
    assert all(r.compute_hash() == r.row_hash for r in stored)
    head = AuditHead.objects.get()
    assert (head.last_seq, head.last_hash) == (first + 2, stored[-1].row_hash)


def test_it_starts_the_chain_from_the_genesis_hash(empty_trail, xu):
    row = record(Event.LOGIN, actor=xu, obj=xu)

    assert (row.seq, row.prev_hash) == (1, GENESIS_HASH)


def test_it_records_the_actor_and_their_place(xu, nanchang):
    row = record(Event.LOGIN, actor=xu, obj=xu)

    assert row.actor_name == "xu"
    assert row.organisation_name == "南昌市民政局"
    assert row.organisation_path == nanchang.path
    assert row.object_type == "accounts.user"


def test_it_verifies_an_intact_chain(xu):
    for _ in range(7):
        last = record(Event.LOGIN, actor=xu, obj=xu)

    result = verify_chain(batch_size=3)  # several batches, one of them short

    assert result.ok
    assert result.count == AuditEvent.objects.count()
    assert result.last_seq == last.seq


def test_it_verifies_an_empty_trail(empty_trail):
    result = verify_chain()

    assert result.ok
    assert result.count == 0
