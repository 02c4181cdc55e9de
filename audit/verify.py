"""Walk the audit chain and say whether it is intact.

Rows are read in ``seq`` order by keyset pagination (``seq > last`` in batches), so memory
stays constant whatever the length of the trail and no server-side cursor is needed. For each
row we check, in this order:

- continuity: its ``seq`` follows the previous one (a gap means rows were deleted);
- the link: its ``prev_hash`` is the previous row's stored ``row_hash`` (not checked across a
  gap, which is already reported);
- its content: ``compute_hash()`` equals the stored ``row_hash``.

Comparing each link with the *stored* hash of the row before pins an edit to the row edited:
a row changed in place fails its own hash; a row changed and re-hashed breaks the link of the
row after it. Finally the ``AuditHead`` must name the last row, which is how deleting the
newest rows is caught.

None of this catches someone who rewrites the chain from some row on and re-hashes all that
follows. For that, keep the head (``last_seq``, ``last_hash``) somewhere else from time to
time and pass those copies back as ``anchors``: each must still be in the chain.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import GENESIS_HASH, AuditEvent, AuditHead


class ProblemKind(models.TextChoices):
    ALTERED = "altered", gettext_lazy("内容被篡改")
    DELETED = "deleted", gettext_lazy("记录被删除")
    HEAD_MISMATCH = "head_mismatch", gettext_lazy("链头与末条记录不符")


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: ProblemKind
    detail: str = ""


@dataclass
class VerifyResult:
    count: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS_HASH
    problems: list[Problem] = field(default_factory=list)
    truncated: bool = False  # more problems than were kept

    @property
    def ok(self) -> bool:
        return not self.problems


class _Walk:
    def __init__(self, result: VerifyResult, max_problems: int, anchors: dict[int, str]):
        self.result = result
        self.max_problems = max_problems
        self.anchors = anchors
        self.anchors_seen: set[int] = set()
        self.last_seq = 0
        self.last_hash = GENESIS_HASH

    def problem(self, seq: int, kind: ProblemKind, detail: str) -> None:
        if len(self.result.problems) < self.max_problems:
            self.result.problems.append(Problem(seq, kind, detail))
        else:
            self.result.truncated = True

    def check(self, row: AuditEvent) -> None:
        expected = self.last_seq + 1
        if row.seq != expected:
            missing = f"{expected}" if row.seq == expected + 1 else f"{expected}–{row.seq - 1}"
            self.problem(expected, ProblemKind.DELETED, _("缺少第 %s 条") % missing)
        elif row.prev_hash != self.last_hash:
            detail = _("前序哈希与第 %d 条的哈希不符") % (expected - 1)
            self.problem(row.seq, ProblemKind.ALTERED, detail)
        if row.compute_hash() != row.row_hash:
            self.problem(row.seq, ProblemKind.ALTERED, _("本条哈希与内容不符"))
        if row.seq in self.anchors:
            self.anchors_seen.add(row.seq)
            if row.row_hash != self.anchors[row.seq]:
                self.problem(row.seq, ProblemKind.ALTERED, _("本条哈希与留存的哈希不符"))
        self.result.count += 1
        self.last_seq = row.seq
        self.last_hash = row.row_hash

    def walk(self, batch_size: int) -> int:
        """Check every row after the last one seen; return how many were read."""
        read = 0
        while True:
            batch = list(
                AuditEvent.objects.filter(seq__gt=self.last_seq).order_by("seq")[:batch_size]
            )
            for row in batch:
                self.check(row)
            read += len(batch)
            if len(batch) < batch_size:
                return read


def verify_chain(
    batch_size: int = 5000, max_problems: int = 100, anchors: dict[int, str] | None = None
) -> VerifyResult:
    """Verify the whole chain; keep at most ``max_problems`` problems, first ones first.
    ``anchors`` maps a ``seq`` to the ``row_hash`` it had when a copy of the head was taken."""
    result = VerifyResult()
    walk = _Walk(result, max_problems, anchors or {})
    walk.walk(batch_size)
    while True:
        head = AuditHead.objects.filter(pk=1).first()
        head_seq = head.last_seq if head else 0
        head_hash = head.last_hash if head else GENESIS_HASH
        # Rows appended while we walked move the head on: read them too, then look again.
        if head_seq > walk.last_seq and walk.walk(batch_size):
            continue
        break
    if (head_seq, head_hash) != (walk.last_seq, walk.last_hash):
        detail = _("链头记为第 %(head)d 条，末条记录为第 %(last)d 条") % {
            "head": head_seq,
            "last": walk.last_seq,
        }
        if head_seq > walk.last_seq:
            # The newest rows are gone (or the head was moved on): point at the first missing.
            detail += _("（第 %d 条起的记录缺失）") % (walk.last_seq + 1)
            walk.problem(walk.last_seq + 1, ProblemKind.HEAD_MISMATCH, detail)
        else:
            if head_seq == walk.last_seq:
                detail = _("链头哈希与第 %d 条的哈希不符") % head_seq
            walk.problem(walk.last_seq, ProblemKind.HEAD_MISMATCH, detail)
    for seq in sorted(set(walk.anchors) - walk.anchors_seen):
        walk.problem(seq, ProblemKind.DELETED, _("留存哈希的这一条已不在链中"))
    result.last_seq = walk.last_seq
    result.last_hash = walk.last_hash
    return result
