"""Programmes (试点项目) as data: the notice, its content areas, the applicant categories with
their eligibility and endorsement chain, and the forms applicants fill in.

A programme is one document spread over several tables, so its versions are whole snapshots
(``ProgrammeVersion``), compared field by field; forms are versioned too, and an application
keeps the form version it was filled in (a used version is locked; editing makes a new one).
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.docnumbers import normalise_document_number
from organisations.models import Tier, UnitCategory
from shidian.validators import validate_email, validate_fax, validate_phone


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    OPEN = "open", _("申报中")
    CLOSED = "closed", _("申报已截止")
    REVIEWING = "reviewing", _("评审中")
    RUNNING = "running", _("试点实施中")
    SUMMARISING = "summarising", _("总结评估中")
    EVALUATED = "evaluated", _("已评估")
    ARCHIVED = "archived", _("已归档")


# Statuses the ministry sets by acting; the three before them follow the clock.
TIMELINE_STATUSES = (Status.PUBLISHED, Status.OPEN, Status.CLOSED)
ALLOWED = {
    Status.DRAFT: {Status.PUBLISHED},
    Status.PUBLISHED: {Status.REVIEWING, Status.ARCHIVED},
    Status.REVIEWING: {Status.RUNNING, Status.ARCHIVED},
    Status.RUNNING: {Status.SUMMARISING},
    Status.SUMMARISING: {Status.EVALUATED},
    Status.EVALUATED: {Status.ARCHIVED},
    Status.ARCHIVED: set(),
}


def validate_document_number(value: str) -> None:
    try:
        normalise_document_number(value)
    except ValueError as e:
        from django.utils.translation import gettext

        raise ValidationError(gettext(str(e)), code="document_number") from e


class ProgrammeQuerySet(models.QuerySet):
    def published(self):
        """Programmes whose notice is public (everything but drafts)."""
        return self.exclude(status=Status.DRAFT)

    def open_on(self, at: datetime):
        """Programmes accepting applications at ``at``."""
        return self.filter(status=Status.PUBLISHED, application_deadline__gt=at).filter(
            models.Q(applications_open_at__isnull=True) | models.Q(applications_open_at__lte=at)
        )

    def visible_to(self, user):
        """Drafts are the ministry's own; everyone signed in sees published programmes."""
        if getattr(user, "is_authenticated", False) and user.is_ministry:
            return self
        return self.published()


class Programme(models.Model):
    name = models.CharField(_("试点项目名称"), max_length=100)
    notice_title = models.CharField(_("通知标题"), max_length=200)
    document_number = models.CharField(
        _("发文字号"), max_length=40, unique=True, validators=[validate_document_number]
    )
    issuer = models.CharField(_("发文机关"), max_length=64, default="民政部")
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    addressees = models.TextField(_("主送机关"))
    preamble = models.TextField(_("正文开头"), blank=True)
    receiving_department = models.CharField(_("受理司局"), max_length=64)
    contact_department = models.CharField(_("联系处室"), max_length=64, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=32, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=40, blank=True, validators=[validate_phone]
    )
    contact_fax = models.CharField(_("传真"), max_length=40, blank=True, validators=[validate_fax])
    contact_email = models.CharField(
        _("电子邮箱"), max_length=254, blank=True, validators=[validate_email]
    )
    region_outcome_title = models.CharField(_("示范地区称号"), max_length=100, blank=True)
    unit_outcome_title = models.CharField(_("示范单位称号"), max_length=100, blank=True)
    applications_open_at = models.DateTimeField(
        _("申报开始时间"), null=True, blank=True, help_text=_("留空则发布即开始申报。")
    )
    application_deadline = models.DateTimeField(_("申报截止时间"))
    determination_due = models.DateField(_("计划确定试点日期"), null=True, blank=True)
    pilot_months = models.PositiveSmallIntegerField(_("试点期限（月）"))
    summary_deadline = models.DateTimeField(_("总结截止时间"))
    paper_copies_required = models.BooleanField(
        _("须同时报送纸质版"), default=False, help_text=_("如“纸制版和电子版同时报”。")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=64, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("试点项目")
        verbose_name_plural = _("试点项目")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.document_number:
            try:
                self.document_number = normalise_document_number(self.document_number)
            except ValueError:
                pass  # the field validator reports it
        if self.pilot_months == 0:
            errors["pilot_months"] = _("试点期限须至少1个月。")
        if self.application_deadline and self.summary_deadline:
            if self.summary_deadline <= self.application_deadline:
                errors["summary_deadline"] = _("总结截止时间须晚于申报截止时间。")
        if self.applications_open_at and self.application_deadline:
            if self.applications_open_at >= self.application_deadline:
                errors["applications_open_at"] = _("申报开始时间须早于申报截止时间。")
        if self.determination_due and self.application_deadline:
            if self.determination_due < timezone.localdate(self.application_deadline):
                errors["determination_due"] = _("确定试点的日期不能早于申报截止时间。")
        if errors:
            raise ValidationError(errors)

    def current_status(self, at: datetime | None = None) -> Status:
        """The status as the timeline makes it: a published programme is open for
        applications from its opening time until the deadline, then closed."""
        if self.status not in TIMELINE_STATUSES:
            return Status(self.status)
        at = at or timezone.now()
        if self.applications_open_at and at < self.applications_open_at:
            return Status.PUBLISHED
        if at < self.application_deadline:
            return Status.OPEN
        return Status.CLOSED

    def get_current_status_display(self) -> str:
        return self.current_status().label

    def deadline_passed(self, at: datetime | None = None) -> bool:
        return (at or timezone.now()) >= self.application_deadline

    @property
    def is_editable(self) -> bool:
        """Only drafts change freely; a published notice is a document of record."""
        return self.status == Status.DRAFT


class NoticeSection(models.Model):
    """A numbered part of the notice body: 一、指导思想 …"""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("顺序"))
    heading = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"), blank=True)
    lists_content_areas = models.BooleanField(
        _("列出主要内容"), default=False, help_text=_("本部分正文后依次列出试点主要内容。")
    )

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("通知正文部分")
        verbose_name_plural = _("通知正文部分")
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="one_section_per_place")
        ]

    def __str__(self) -> str:
        return self.heading


class ContentArea(models.Model):
    """One of the programme's content areas (主要内容), e.g. （一）队伍建设."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="content_areas")
    order = models.PositiveSmallIntegerField(_("顺序"))
    title = models.CharField(_("名称"), max_length=100)
    text = models.TextField(_("内容"), blank=True)

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("试点主要内容")
        verbose_name_plural = _("试点主要内容")
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="one_area_per_place")
        ]

    def __str__(self) -> str:
        return self.title


class ChainLevel(models.TextChoices):
    """The opinion boxes of the official form, in their order."""

    APPLICANT = "applicant", _("申报主体意见")
    SUPERVISOR = "supervisor", _("上级业务主管部门意见")
    UPPER_CIVIL_AFFAIRS = "upper", _("上级民政部门意见")
    PROVINCE = "province", _("省(自治区、直辖市)民政厅(局)意见")


CHAIN_ORDER = [
    ChainLevel.APPLICANT,
    ChainLevel.SUPERVISOR,
    ChainLevel.UPPER_CIVIL_AFFAIRS,
    ChainLevel.PROVINCE,
]


class ApplicantKind(models.TextChoices):
    REGION = "region", _("试点地区")
    UNIT = "unit", _("试点单位")


class ApplicantCategory(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="categories")
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    name = models.CharField(_("类别名称"), max_length=64)
    kind = models.CharField(_("申报主体"), max_length=8, choices=ApplicantKind.choices)
    region_tiers = models.JSONField(
        _("可申报的地区层级"),
        default=list,
        blank=True,
        help_text=_("地区类：地级、县级；如综合试点为地市级及以下。"),
    )
    unit_categories = models.JSONField(_("可申报的单位类别"), default=list, blank=True)
    accepts_affiliates = models.BooleanField(_("部直属单位、部管社团可直接申报"), default=False)
    form = models.ForeignKey(
        "FormVersion",
        verbose_name=_("申报表"),
        on_delete=models.PROTECT,
        related_name="categories",
    )
    chain = models.JSONField(_("审核推荐层级"), default=list)
    max_per_organisation = models.PositiveSmallIntegerField(_("每个申报主体限报"), default=1)
    province_quota = models.PositiveSmallIntegerField(
        _("每省推荐限额"), null=True, blank=True, help_text=_("留空为不限。")
    )

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("申报类别")
        verbose_name_plural = _("申报类别")

    def __str__(self) -> str:
        return f"{self.programme.name} · {self.name}"

    def get_unit_category_labels(self) -> list[str]:
        return [str(UnitCategory(c).label) for c in self.unit_categories]

    def get_chain_labels(self) -> list[str]:
        return [self.form.opinion_label(level) for level in self.chain]

    def clean(self):
        errors = {}
        levels = list(self.chain or [])
        if not levels or levels[0] != ChainLevel.APPLICANT:
            errors["chain"] = _("审核推荐链须以申报主体意见开始。")
        elif ChainLevel.PROVINCE not in levels:
            errors["chain"] = _("审核推荐链不能跳过省级民政部门。")
        elif levels != sorted(levels, key=CHAIN_ORDER.index) or len(set(levels)) != len(levels):
            errors["chain"] = _(
                "审核推荐层级须按申报主体、业务主管部门、上级民政部门、省级民政部门的顺序排列，且不重复。"
            )
        if self.kind == ApplicantKind.REGION:
            if not self.region_tiers or not set(self.region_tiers) <= {
                Tier.PREFECTURE,
                Tier.COUNTY,
            }:
                errors["region_tiers"] = _("地区类申报须选择地级或县级（可多选）。")
            if self.unit_categories:
                errors["unit_categories"] = _("地区类申报不选单位类别。")
        if self.kind == ApplicantKind.UNIT:
            if not self.unit_categories and not self.accepts_affiliates:
                errors["unit_categories"] = _("单位类申报须至少选择一个单位类别。")
            if not set(self.unit_categories) <= set(UnitCategory.values):
                errors["unit_categories"] = _("单位类别不正确。")
        if self.form_id and not self.form.fields.exists():
            errors["form"] = _("申报表没有任何栏目，不能使用。")
        if errors:
            raise ValidationError(errors)


class FieldType(models.TextChoices):
    TEXT = "text", _("单行文字")
    LONG_TEXT = "long_text", _("长文本")
    PHONE = "phone", _("电话")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮箱")
    POSTCODE = "postcode", _("邮政编码")
    DATE = "date", _("日期")
    NUMBER = "number", _("数字")
    CHOICE = "choice", _("选项")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    FILE = "file", _("附件")


class Block(models.TextChoices):
    HEADER = "header", _("基本信息（表头）")
    BODY = "body", _("正文栏目")
    REMARKS = "remarks", _("备注（意见栏之后）")


class FormDefinition(models.Model):
    """A form (申报表) with its versions. Built-in templates are copied, never used directly."""

    title = models.CharField(_("表名"), max_length=100)
    applicant_label = models.CharField(
        _("申报主体栏名"),
        max_length=16,
        default="申报地区",
        help_text=_("表头左侧竖栏，如“申报地区”或“申报单位”。"),
    )
    is_template = models.BooleanField(_("内置模板"), default=False)
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="form_definitions"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("申报表")
        verbose_name_plural = _("申报表")

    def __str__(self) -> str:
        return self.title

    def latest(self) -> "FormVersion":
        return self.versions.order_by("-number").first()


class FormVersion(models.Model):
    definition = models.ForeignKey(
        FormDefinition, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本号"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    locked_at = models.DateTimeField(
        _("锁定时间"),
        null=True,
        blank=True,
        help_text=_("已有申报使用后锁定，修改时另建新版本。"),
    )

    class Meta:
        ordering = ["definition", "number"]
        verbose_name = _("申报表版本")
        verbose_name_plural = _("申报表版本")
        constraints = [
            models.UniqueConstraint(fields=["definition", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.definition.title}（第{self.number}版）"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def opinion_label(self, level: str) -> str:
        """The label of an opinion box as the paper form prints it."""
        if level == ChainLevel.APPLICANT:
            return f"{self.definition.applicant_label}意见"
        return str(ChainLevel(level).label)


class FormField(models.Model):
    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="fields")
    order = models.PositiveSmallIntegerField(_("顺序"))
    key = models.SlugField(_("字段标识"), max_length=40)
    label = models.CharField(_("栏目名称"), max_length=100)
    field_type = models.CharField(_("类型"), max_length=16, choices=FieldType.choices)
    block = models.CharField(_("位置"), max_length=8, choices=Block.choices, default=Block.BODY)
    row = models.PositiveSmallIntegerField(
        _("表头行"), null=True, blank=True, help_text=_("表头中同一行的栏目填同一行号。")
    )
    required = models.BooleanField(_("必填"), default=True)
    max_length = models.PositiveIntegerField(_("字数上限"), null=True, blank=True)
    help_text = models.CharField(_("填写说明"), max_length=200, blank=True)
    choices = models.JSONField(_("选项"), default=list, blank=True)
    prefill = models.CharField(
        _("预填来源"),
        max_length=32,
        blank=True,
        help_text=_("从申报主体信息预填，如 name、address、postcode、phone、email、credit_code。"),
    )

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("申报表栏目")
        verbose_name_plural = _("申报表栏目")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_field_key"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        if self.field_type == FieldType.CHOICE and not self.choices:
            raise ValidationError({"choices": _("选项类栏目须至少有一个选项。")})
        if self.field_type == FieldType.LONG_TEXT and not self.max_length:
            raise ValidationError({"max_length": _("长文本须设定字数上限。")})


class ProgrammeVersion(models.Model):
    """A snapshot of the whole programme after each change: comparable field by field."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    snapshot = models.JSONField()
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["programme", "-number"]
        verbose_name = _("试点项目版本")
        verbose_name_plural = _("试点项目版本")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="one_programme_version")
        ]

    def __str__(self) -> str:
        return f"{self.programme} v{self.number}"
