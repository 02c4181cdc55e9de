from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.verify import verify_chain


def anchor(text: str) -> tuple[int, str]:
    seq, _sep, row_hash = text.partition(":")
    if not seq.isdigit() or len(row_hash) != 64:
        raise ValueError(text)
    return int(seq), row_hash.lower()


class Command(BaseCommand):
    help = (
        "校验审计日志哈希链：逐条重算哈希，检查前后衔接、序号连续和链头。"
        "成功时另起一行输出链头（序号:哈希），宜留存至本服务器以外，日后以 --expect 核对。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--expect",
            type=anchor,
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="此前留存的链头；该条须仍在链中且哈希不变。可多次给出。",
        )

    def handle(self, *args, batch_size: int, expect: list[tuple[int, str]], **options):
        result = verify_chain(batch_size=batch_size, anchors=dict(expect))
        if result.ok:
            self.stdout.write(_("审计链完整：共 %d 条") % result.count)
            self.stdout.write(
                _("链头：%(seq)d:%(hash)s")
                % {
                    "seq": result.last_seq,
                    "hash": result.last_hash,
                }
            )
            return
        for problem in result.problems:
            self.stderr.write(
                _("第 %(seq)d 条：%(kind)s（%(detail)s）")
                % {"seq": problem.seq, "kind": problem.kind.label, "detail": problem.detail}
            )
        if result.truncated:
            self.stderr.write(_("……问题过多，仅列出前 %d 处。") % len(result.problems))
        raise CommandError(
            _("审计链校验未通过：已读 %(count)d 条，发现问题 %(problems)d 处")
            % {"count": result.count, "problems": len(result.problems)}
        )
