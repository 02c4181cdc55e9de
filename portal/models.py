"""What the public portal shows: notices (通知公告), published lists (名单) and policy
documents, one row each, in one order, so that 上一篇 / 下一篇 run across them all."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NOTICE = "notice", _("通知公告")
    PILOT_LIST = "pilot_list", _("试点名单")
    DEMO_LIST = "demo_list", _("示范名单")
    POLICY = "policy", _("政策文件")


class NoticeQuerySet(models.QuerySet):
    def public(self):
        """What anyone may read: published, not withdrawn, and not the notice of a programme
        that is (back) in draft."""
        return self.filter(published_at__isnull=False, is_withdrawn=False).exclude(
            programme__status="draft"
        )

    def search(self, term: str):
        """Titles, document numbers and text containing the term (two-character Chinese terms
        included: a plain containment test, backed by a trigram index on PostgreSQL)."""
        return self.filter(search_text__icontains=term.strip().lower())


class Notice(models.Model):
    kind = models.CharField(_("栏目"), max_length=16, choices=Kind.choices, default=Kind.NOTICE)
    title = models.CharField(_("标题"), max_length=200)
    document_number = models.CharField(_("发文字号"), max_length=40, blank=True)
    source = models.CharField(_("来源"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    view_count = models.PositiveIntegerField(_("浏览量"), default=0)
    programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    body = models.TextField(_("正文"), blank=True, help_text=_("不属于试点项目通知的正文。"))
    search_text = models.TextField(editable=False, default="")
    is_withdrawn = models.BooleanField(_("已撤回"), default=False)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("公告")
        verbose_name_plural = _("公告")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.programme_id:
            # Programme notices get their text from the programme (portal/actions.py).
            self.search_text = "\n".join([self.title, self.document_number, self.body]).lower()
        super().save(*args, **kwargs)


class Attachment(models.Model):
    """A file attached to a notice (beyond the generated blank forms)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    title = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="portal/%Y/")
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["notice", "order"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.title
