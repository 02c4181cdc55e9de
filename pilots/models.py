"""Pilots (试点): one per application the ministry selected. The pilot-period work (plans,
reports, supervision, summaries, evaluation) builds on this."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from organisations.models import Organisation
from programmes.models import ApplicantCategory, Programme


class PilotQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The pilot's organisation and the chain above it (organisations/scope.py); the
        ministry sees all."""
        from organisations.scope import scope_q

        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(scope_q(user, "organisation__"))


class Pilot(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="pilot")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="pilots")
    category = models.ForeignKey(ApplicantCategory, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="pilots")
    province = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("试点开始"))
    ends_on = models.DateField(_("试点结束"))

    objects = PilotQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "organisation__region__code", "pk"]
        verbose_name = _("试点")
        verbose_name_plural = _("试点")

    def __str__(self) -> str:
        return f"{self.organisation.name}（{self.programme.name}）"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待省级审核")
    RETURNED = "returned", _("退回修改")
    ACCEPTED = "accepted", _("已通过")


class Plan(models.Model):
    """The pilot plan (试点方案), written against the programme's content areas. Each
    submission is kept as a ``PlanVersion``; the province accepts or returns it, and the
    ministry may return an accepted plan with comments."""

    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="plan")
    status = models.CharField(
        _("状态"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    summary = models.TextField(_("总体目标"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("试点方案")
        verbose_name_plural = _("试点方案")

    def __str__(self) -> str:
        return f"{self.pilot} · {self.get_status_display()}"

    @property
    def is_editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)


class PlanArea(models.Model):
    """Goals and measures for one content area."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    content_area = models.ForeignKey(
        "programmes.ContentArea", on_delete=models.PROTECT, related_name="+"
    )
    goals = models.TextField(_("目标"), blank=True)
    measures = models.TextField(_("措施"), blank=True)

    class Meta:
        ordering = ["plan", "content_area__order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "content_area"], name="one_plan_area")
        ]

    def __str__(self) -> str:
        return str(self.content_area)


class Indicator(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    content_area = models.ForeignKey(
        "programmes.ContentArea", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    name = models.CharField(_("指标"), max_length=100)
    unit = models.CharField(_("单位"), max_length=16, blank=True)
    baseline = models.DecimalField(
        _("基数"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    content_area = models.ForeignKey(
        "programmes.ContentArea", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("任务"), max_length=200)
    due_on = models.DateField(_("完成时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "due_on", "pk"]
        verbose_name = _("任务节点")
        verbose_name_plural = _("任务节点")

    def __str__(self) -> str:
        return self.title


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    snapshot = models.JSONField()
    submitted_at = models.DateTimeField(_("提交时间"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    review_state = models.CharField(_("审核结果"), max_length=12, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    comments = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class ReportingSchedule(models.Model):
    """When pilots report: every N months from the start, or on given dates."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="reporting_schedule"
    )
    every_months = models.PositiveSmallIntegerField(_("每隔（月）"), null=True, blank=True)
    fixed_dates = models.JSONField(_("指定日期"), default=list, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(_("提前提醒（天）"), default=7)

    class Meta:
        verbose_name = _("报告安排")
        verbose_name_plural = _("报告安排")

    def __str__(self) -> str:
        return str(self.programme)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待省级审核")
    RETURNED = "returned", _("退回修改")
    ENDORSED = "endorsed", _("省级已审核")


class ProgressReport(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="reports")
    sequence = models.PositiveSmallIntegerField(_("期次"))
    due_on = models.DateField(_("应报日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    narrative = models.TextField(_("进展情况"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comments = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["pilot", "sequence"]
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        constraints = [
            models.UniqueConstraint(fields=["pilot", "sequence"], name="one_report_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.pilot} · 第{self.sequence}期"


class IndicatorValue(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    actual = models.DecimalField(
        _("实际值"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="one_value_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.actual}"


def evidence_path(instance, filename: str) -> str:
    return f"pilots/{instance.pilot_id}/{filename}"


class Evidence(models.Model):
    """A file attached to a report, a supervision record or a summary."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="evidence")
    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    supervision = models.ForeignKey(
        "Supervision", null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    # A file the pilot sent with its report on a supervision record's follow-up (整改情况),
    # not one of the recorder's.
    follow_up = models.BooleanField(default=False)
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class SupervisionKind(models.TextChoices):
    GUIDANCE = "guidance", _("日常指导")
    INSPECTION = "inspection", _("督查")
    EXCHANGE = "exchange", _("经验交流")


class Supervision(models.Model):
    """Administrative supervision (督导) by the ministry or a province — not the professional
    supervision of social workers, which pilots report as an indicator."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="supervisions")
    kind = models.CharField(_("方式"), max_length=12, choices=SupervisionKind.choices)
    held_on = models.DateField(_("日期"))
    participants = models.TextField(_("参加人员"))
    findings = models.TextField(_("发现问题与评价"))
    follow_ups = models.TextField(_("整改要求"), blank=True)
    follow_up_by = models.DateField(_("整改时限"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The follow-up: the pilot reports what it corrected (整改情况), the recorder's body
    # closes it (整改完成); closed, it is never overdue.
    follow_up_report = models.TextField(_("整改情况"), blank=True)
    follow_up_reported_at = models.DateTimeField(_("报告整改情况时间"), null=True, blank=True)
    follow_up_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pilot", "-held_on"]
        verbose_name = _("督导记录")
        verbose_name_plural = _("督导记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待省级审核")
    RETURNED = "returned", _("退回修改")
    ENDORSED = "endorsed", _("省级已审核")


class Summary(models.Model):
    """The pilot's summary report (试点总结), endorsed by its province."""

    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="summary")
    text = models.TextField(_("总结报告"))
    status = models.CharField(
        _("状态"), max_length=12, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    province_opinion = models.TextField(_("省级意见"), blank=True)

    class Meta:
        verbose_name = _("试点总结")
        verbose_name_plural = _("试点总结")

    def __str__(self) -> str:
        return f"{self.pilot} · {self.get_status_display()}"


class ProvincialSummary(models.Model):
    """A province's summary of all its pilots in a programme, with figures from their
    reports."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="provincial_summaries"
    )
    province = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("总结"))
    figures = models.JSONField(_("汇总数据"), default=list)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("省级总结")
        verbose_name_plural = _("省级总结")
        constraints = [
            models.UniqueConstraint(fields=["programme", "province"], name="one_provincial_summary")
        ]

    def __str__(self) -> str:
        return f"{self.province} · {self.programme}"


class Designation(models.Model):
    """A demonstration title granted to a pilot (示范地区 / 示范单位)."""

    pilot = models.OneToOneField(Pilot, on_delete=models.PROTECT, related_name="designation")
    title = models.CharField(_("称号"), max_length=100)
    certificate_number = models.CharField(_("证书编号"), max_length=40, unique=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("示范称号")
        verbose_name_plural = _("示范称号")

    def __str__(self) -> str:
        return f"{self.title}：{self.pilot.organisation.name}"


class ReminderSent(models.Model):
    """Reminders already sent, so that the daily run sends each once."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)  # "before" | "overdue"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="one_reminder")]

    def __str__(self) -> str:
        return f"{self.report} · {self.kind}"
