"""Applications (申报) and their endorsement up the chain.

An application is filled in on one form version (locked once used); on submission its chain
is written as ``EndorsementStep`` rows derived from the applicant's place in the tree
(programmes/chain.py), and a ``SubmittedVersion`` keeps what the endorsers saw. Each level
recommends, returns or declines; a return restarts the chain in a new round. When the chain
is complete the application waits in its provincial-level body's selection, which is
submitted to the ministry as one ``ProvincialBatch`` (报送). Statuses and the legal moves
between them are in ``ALLOWED``; every move is one function in ``applications/actions.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from programmes.models import ApplicantCategory, ChainLevel, FormVersion, Programme


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("审核中")
    RETURNED = "returned", _("退回修改")
    DECLINED = "declined", _("不予推荐")
    ENDORSED = "endorsed", _("待省级报送")
    SUBMITTED = "submitted", _("已报送民政部")


EDITABLE = (Status.DRAFT, Status.RETURNED)
ALLOWED = {
    Status.DRAFT: {Status.PENDING, Status.ENDORSED, Status.SUBMITTED},
    Status.PENDING: {
        Status.PENDING,
        Status.RETURNED,
        Status.DECLINED,
        Status.ENDORSED,
        Status.SUBMITTED,
        Status.DRAFT,
    },  # DRAFT: withdrawn by the applicant
    Status.RETURNED: {Status.PENDING, Status.ENDORSED, Status.SUBMITTED},
    Status.ENDORSED: {Status.SUBMITTED},
    Status.DECLINED: set(),
    Status.SUBMITTED: set(),
}


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Applicants see their organisation's applications; endorsers those of the part of
        the tree below them once submitted (drafts stay private to the applicant); the
        ministry sees everything submitted to it. See organisations/scope.py."""
        from accounts.models import Role
        from organisations.scope import scope_of

        if not getattr(user, "is_authenticated", False) or user.organisation is None:
            return self.none()
        scope = scope_of(user)
        q = Q(pk__in=[])
        if user.has_role(Role.APPLICANT):
            q |= Q(organisation_id=user.organisation_id)
        if user.has_role(Role.ENDORSER, Role.OFFICER):
            below = scope.q("organisation__") & Q(submitted_at__isnull=False)
            q |= below
            # Endorsers who sit on the chain (a supervising department) see it too.
            q |= Q(steps__organisation_id=user.organisation_id)
        # DISTINCT over rows carrying the form's JSON is slow; filter by the ids instead.
        return self.filter(pk__in=Application.objects.filter(q).values("pk"))

    def awaiting(self, organisation: Organisation):
        """Applications whose current step belongs to the organisation."""
        return self.filter(
            status=Status.PENDING,
            steps__organisation=organisation,
            steps__state=StepState.CURRENT,
        )


class Application(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="applications")
    category = models.ForeignKey(
        ApplicantCategory, on_delete=models.PROTECT, related_name="applications"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("申报主体"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    province = models.ForeignKey(
        Organisation,
        verbose_name=_("报送单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("向民政部报送本申报的省级单位；部属单位为空。"),
    )
    form_version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="+")
    values = models.JSONField(_("填报内容"), default=dict, blank=True)
    # When the values were last edited in the browser (sent by the client); the newer edit
    # wins when two windows save the same draft.
    edited_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    round = models.PositiveSmallIntegerField(_("提交轮次"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), default=timezone.now)
    province_rank = models.PositiveSmallIntegerField(_("省级推荐排序"), null=True, blank=True)
    paper_received_at = models.DateTimeField(_("纸质件收到时间"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        indexes = [
            models.Index(fields=["programme", "status"]),
            models.Index(fields=["province", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} · {self.category.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def title(self) -> str:
        return f"{self.organisation.name}{self.category.name}申报"

    def current_step(self) -> "EndorsementStep | None":
        return self.steps.filter(state=StepState.CURRENT).first()


class StepState(models.TextChoices):
    WAITING = "waiting", _("未到")
    CURRENT = "current", _("待办理")
    RECOMMENDED = "recommended", _("同意推荐")
    RETURNED = "returned", _("退回修改")
    DECLINED = "declined", _("不予推荐")
    WITHDRAWN = "withdrawn", _("已撤回")
    VOID = "void", _("作废")  # a later round replaced it


class EndorsementStep(models.Model):
    """One 意见 box of one round: who is to give it, and what they gave."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    round = models.PositiveSmallIntegerField(_("轮次"))
    order = models.PositiveSmallIntegerField(_("顺序"))
    level = models.CharField(_("层级"), max_length=12, choices=ChainLevel.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("状态"), max_length=12, choices=StepState.choices, default=StepState.WAITING
    )
    opinion = models.TextField(_("意见"), blank=True)
    responsible_person = models.CharField(_("负责人"), max_length=32, blank=True)
    signed_on = models.DateField(_("日期"), null=True, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acted_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        ordering = ["application", "round", "order"]
        verbose_name = _("审核步骤")
        verbose_name_plural = _("审核步骤")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round", "order"], name="one_step_per_place"
            ),
            # At most one step of an application is current: the database itself refuses a
            # second, so two racing actions cannot both move it on.
            models.UniqueConstraint(
                fields=["application"], condition=Q(state="current"), name="one_current_step"
            ),
        ]
        indexes = [
            # 待办 (applications/todo.py) and the menu badge on every working page: what is
            # waiting at one organisation, oldest first, among its steps of every year.
            models.Index(
                fields=["organisation", "arrived_at"],
                condition=Q(state="current"),
                name="step_current_by_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}：{self.organisation.name}"


class SubmittedVersion(models.Model):
    """The values as submitted in one round: what the endorsers saw, for comparison."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    round = models.PositiveSmallIntegerField(_("轮次"))
    values = models.JSONField()
    submitted_at = models.DateTimeField(_("提交时间"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["application", "round"]
        constraints = [
            models.UniqueConstraint(fields=["application", "round"], name="one_version_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.application} · 第{self.round}次提交"


class Action(models.TextChoices):
    START = "start", _("新建申报")
    SUBMIT = "submit", _("提交")
    RECOMMEND = "recommend", _("同意推荐")
    RETURN = "return", _("退回修改")
    DECLINE = "decline", _("不予推荐")
    WITHDRAW = "withdraw", _("撤回")
    BATCH_SUBMIT = "batch_submit", _("报送民政部")
    PAPER_RECEIVED = "paper_received", _("纸质件已收到")


class HistoryEntry(models.Model):
    """The application's own history (what its page shows); the audit table has the same
    events with source addresses."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=24, choices=Action.choices)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["application", "at", "pk"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


def upload_to(instance, filename: str) -> str:
    return f"applications/{instance.application_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class Attachment(models.Model):
    """A file uploaded for a file field of the form, or a scan of the signed paper form."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    field_key = models.CharField(_("栏目"), max_length=40, blank=True)
    is_paper_scan = models.BooleanField(_("纸质件扫描"), default=False)
    file = models.FileField(upload_to=upload_to)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["application", "uploaded_at"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name


class ProvincialBatch(models.Model):
    """A provincial-level body's submission (报送) of its selection to the ministry."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="batches")
    province = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="batches")
    opinion = models.TextField(_("报送意见"))
    responsible_person = models.CharField(_("负责人"), max_length=32)
    signed_on = models.DateField(_("日期"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applications = models.ManyToManyField(Application, through="BatchItem", related_name="+")

    class Meta:
        ordering = ["programme", "province__region__code"]
        verbose_name = _("省级报送")
        verbose_name_plural = _("省级报送")
        constraints = [
            models.UniqueConstraint(fields=["programme", "province"], name="one_batch_per_province")
        ]

    def __str__(self) -> str:
        return f"{self.province.name} · {self.programme.name}"


class BatchItem(models.Model):
    batch = models.ForeignKey(ProvincialBatch, on_delete=models.CASCADE, related_name="items")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="batch_item"
    )
    rank = models.PositiveSmallIntegerField(_("排序"))

    class Meta:
        ordering = ["batch", "rank"]

    def __str__(self) -> str:
        return f"{self.batch} #{self.rank}"


class DeadlineExtension(models.Model):
    """The ministry extends the application deadline for a programme or for one province."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="extensions")
    province = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空为全部省份。"),
    )
    deadline = models.DateTimeField(_("延长至"))
    reason = models.TextField(_("理由"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "-deadline"]
        verbose_name = _("截止时间延长")
        verbose_name_plural = _("截止时间延长")

    def __str__(self) -> str:
        return f"{self.programme} → {self.deadline:%Y-%m-%d %H:%M}"


class InternalDeadline(models.Model):
    """A province's earlier deadline for its own counties and units (the levels below it)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="internal_deadlines"
    )
    province = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateTimeField(_("省内截止时间"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("省内截止时间")
        verbose_name_plural = _("省内截止时间")
        constraints = [
            models.UniqueConstraint(fields=["programme", "province"], name="one_internal_deadline")
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.deadline:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """What the next actor is told in the app (and by e-mail)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    message = models.CharField(_("内容"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message
