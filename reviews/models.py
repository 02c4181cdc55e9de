"""What the ministry does between the provinces' deadline and the published list:
eligibility checks (形式审查), expert scoring against a rubric built on the programme's content
areas, the determination of every application, a 公示 with objections, and the final list.

Rubrics and expert assignments serve the comprehensive evaluation of pilots too (``stage``).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from programmes.models import ContentArea, Programme


class Eligibility(models.TextChoices):
    PENDING = "pending", _("待审查")
    ELIGIBLE = "eligible", _("符合条件")
    CORRECTION = "correction", _("退回补正")
    INELIGIBLE = "ineligible", _("不符合条件")


class Decision(models.TextChoices):
    UNDECIDED = "undecided", _("未确定")
    SELECTED = "selected", _("确定为试点")
    NOT_SELECTED = "not_selected", _("未入选")


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The ministry's officers see every file; a provincial-level body the files of what
        it submitted (to correct what was sent back); nobody else any."""
        from accounts.models import Role
        from programmes.permissions import can_manage_programmes

        if can_manage_programmes(user):
            return self
        if getattr(user, "is_authenticated", False) and user.has_role(Role.ENDORSER):
            return self.filter(application__province_id=user.organisation_id)
        return self.none()


class Assessment(models.Model):
    """The ministry's file on one submitted application."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="assessment"
    )
    eligibility = models.CharField(
        _("形式审查"),
        max_length=12,
        choices=Eligibility.choices,
        default=Eligibility.PENDING,
        db_index=True,
    )
    eligibility_reasons = models.TextField(_("审查意见"), blank=True)
    correct_by = models.DateTimeField(_("补正截止"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("补正时间"), null=True, blank=True)
    correction_note = models.TextField(_("补正说明"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    decision = models.CharField(
        _("确定结果"),
        max_length=12,
        choices=Decision.choices,
        default=Decision.UNDECIDED,
        db_index=True,
    )
    decision_message = models.TextField(_("结果说明"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("确定时间"), null=True, blank=True)
    # Denormalised from the submitted expert scores (reviews/scoring.py keeps it current),
    # so that the inbox can filter and sort by score at national scale.
    average_score = models.DecimalField(
        _("平均分"), max_digits=6, decimal_places=2, null=True, blank=True, db_index=True
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("审查与确定")
        verbose_name_plural = _("审查与确定")

    def __str__(self) -> str:
        return str(self.application)


class Stage(models.TextChoices):
    APPLICATION = "application", _("申报评审")
    EVALUATION = "evaluation", _("综合评估")


class Rubric(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rubrics")
    stage = models.CharField(
        _("阶段"), max_length=12, choices=Stage.choices, default=Stage.APPLICATION
    )
    title = models.CharField(_("名称"), max_length=100)
    asks_overall_comment = models.BooleanField(_("须填写总体评价"), default=True)

    class Meta:
        ordering = ["programme", "stage"]
        verbose_name = _("评分标准")
        verbose_name_plural = _("评分标准")
        constraints = [
            models.UniqueConstraint(fields=["programme", "stage"], name="one_rubric_per_stage")
        ]

    def __str__(self) -> str:
        return self.title

    def max_total(self) -> Decimal:
        from reviews.scoring import max_total

        return max_total(self.criteria.all())

    def has_scores(self) -> bool:
        """Whether an expert has given a score on it (the criteria are fixed from then on)."""
        return Score.objects.filter(assignment__rubric=self, score__isnull=False).exists()


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("顺序"))
    title = models.CharField(_("评分项"), max_length=100)
    guidance = models.TextField(_("评分要点"), blank=True)
    content_area = models.ForeignKey(
        ContentArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2, default=Decimal(1))
    max_score = models.PositiveSmallIntegerField(_("满分"))

    class Meta:
        ordering = ["rubric", "order"]
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")

    def __str__(self) -> str:
        return self.title


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("待评分")
    DRAFT = "draft", _("评分中")
    SUBMITTED = "submitted", _("已提交")


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An expert sees their own assignments only; officers all of them."""
        from accounts.models import Role
        from programmes.permissions import can_manage_programmes

        if can_manage_programmes(user):
            return self
        if getattr(user, "is_authenticated", False) and user.has_role(Role.EXPERT):
            return self.filter(expert=user)
        return self.none()


class Assignment(models.Model):
    """One expert asked to score one application (or, at evaluation, one pilot)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="assignments")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    state = models.CharField(
        _("状态"),
        max_length=10,
        choices=AssignmentState.choices,
        default=AssignmentState.ASSIGNED,
        db_index=True,
    )
    overall_comment = models.TextField(_("总体评价"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=2, null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["rubric", "application", "expert"]
        verbose_name = _("评审任务")
        verbose_name_plural = _("评审任务")
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "application", "expert"], name="one_assignment_per_expert"
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.application}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("评语"), blank=True)

    class Meta:
        ordering = ["assignment", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class ConflictDeclaration(models.Model):
    """An expert's declaration that they must not score an application (回避)."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("回避理由"), max_length=200)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("回避声明")
        verbose_name_plural = _("回避声明")
        constraints = [
            models.UniqueConstraint(fields=["expert", "application"], name="one_declaration")
        ]

    def __str__(self) -> str:
        return f"{self.expert} ↛ {self.application}"


class ListKind(models.TextChoices):
    PILOTS = "pilots", _("试点名单")
    DEMONSTRATION = "demonstration", _("示范名单")


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("草拟")
    PUBLICITY = "publicity", _("公示中")
    FINAL = "final", _("已公布")


class PublishedList(models.Model):
    """The list the ministry determines: proposed (公示), then final (名单)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="lists")
    kind = models.CharField(
        _("名单类型"), max_length=16, choices=ListKind.choices, default=ListKind.PILOTS
    )
    title = models.CharField(_("标题"), max_length=200)
    preface = models.TextField(_("说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    publicity_starts_at = models.DateTimeField(_("公示开始"), null=True, blank=True)
    publicity_ends_at = models.DateTimeField(_("公示结束"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    publicity_notice = models.ForeignKey(
        "portal.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    final_notice = models.ForeignKey(
        "portal.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["programme", "kind"]
        verbose_name = _("名单")
        verbose_name_plural = _("名单")
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="one_list_per_kind")
        ]

    def __str__(self) -> str:
        return self.title

    def publicity_open(self, at=None) -> bool:
        at = at or timezone.now()
        return (
            self.status == ListStatus.PUBLICITY
            and self.publicity_starts_at is not None
            and self.publicity_starts_at <= at < self.publicity_ends_at
        )


class ListEntry(models.Model):
    published_list = models.ForeignKey(
        PublishedList, on_delete=models.CASCADE, related_name="entries"
    )
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("称号"), max_length=100, blank=True)

    class Meta:
        ordering = ["published_list", "application__organisation__region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["published_list", "application"], name="one_entry_per_application"
            )
        ]

    def __str__(self) -> str:
        return str(self.application)


class Objection(models.Model):
    """An objection lodged during the 公示 (named, with contact details), and the answer."""

    published_list = models.ForeignKey(
        PublishedList, on_delete=models.CASCADE, related_name="objections"
    )
    entry = models.ForeignKey(
        ListEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
        verbose_name=_("涉及对象"),
    )
    name = models.CharField(_("姓名"), max_length=32)
    organisation = models.CharField(_("工作单位"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32)
    email = models.CharField(_("电子邮箱"), max_length=254, blank=True)
    content = models.TextField(_("异议内容"), max_length=3000)
    lodged_at = models.DateTimeField(auto_now_add=True)
    source_address = models.CharField(max_length=45, blank=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["published_list", "lodged_at"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")

    def __str__(self) -> str:
        return f"{self.name} · {self.lodged_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return not self.answered_at


# --------------------------------------------------------------------------- the export


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every programme officer of the ministry sees (and may download) every export of the
        inbox, whoever asked for it: they all see the inbox itself. Nobody else sees any."""
        from programmes.permissions import can_manage_programmes

        return self if can_manage_programmes(user) else self.none()


def export_path(job: "ExportJob", filename: str) -> str:
    return f"exports/{timezone.now():%Y/%m}/inbox-{job.programme_id}-{job.pk}.xlsx"


class ExportJob(models.Model):
    """One 申报汇总表 asked for from the inbox, written in the background (reviews/tasks.py):
    the inbox's filters as they were, and, once done, the workbook in private storage."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The inbox's filter form data as submitted ({"province": "12", "sort": "score"}), and
    # how it read to the officer (shown in the list of exports).
    filters = models.JSONField(default=dict, blank=True)
    filters_label = models.CharField(_("筛选条件"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows = models.PositiveIntegerField(_("行数"), null=True, blank=True)
    file = models.FileField(upload_to=export_path, blank=True)
    original_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    error = models.CharField(_("失败原因"), max_length=500, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("申报汇总表导出")
        verbose_name_plural = _("申报汇总表导出")
        indexes = [models.Index(fields=["programme", "-created_at"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        from reviews.export import CONTENT_TYPE

        return CONTENT_TYPE

    @property
    def is_pending(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def is_downloadable(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.file)
