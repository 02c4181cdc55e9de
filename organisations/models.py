"""Organisations, bound to the administrative tree.

Every organisation hangs from the authority it answers to (``parent``): the ministry at the
root; provincial-level departments (31 provinces, the Corps and the five cities specifically
designated in the state plan) below it; prefecture and county bureaus below those; applying
units below the civil affairs bureau of their place. ``path`` materialises that chain
("/1/7/42/"), so that "everything under X" is one indexed prefix query; it is the basis of the
access scope (see ``organisations/scope.py``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.models import Level, Region
from shidian.validators import (
    validate_credit_code,
    validate_email,
    validate_phone,
    validate_postcode,
)


class Kind(models.TextChoices):
    MINISTRY = "ministry", _("民政部")
    CIVIL_AFFAIRS = "civil_affairs", _("民政部门")
    CORPS = "corps", _("新疆生产建设兵团民政局")
    UNIT = "unit", _("申报单位")
    SUPERVISOR = "supervisor", _("业务主管部门")
    AFFILIATE = "affiliate", _("部直属单位、部管社团")
    OTHER = "other", _("其他单位")


class Tier(models.IntegerChoices):
    """Where an organisation stands in the reporting chain."""

    MINISTRY = 0, _("部级")
    PROVINCE = 1, _("省级")
    PREFECTURE = 2, _("地级")
    COUNTY = 3, _("县级")
    NONE = 9, _("非民政部门")


class UnitCategory(models.TextChoices):
    URBAN_COMMUNITY = "urban_community", _("城市社区")
    RURAL_COMMUNITY = "rural_community", _("农村社区")
    ENTERPRISE = "enterprise", _("企业")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")


class AffiliateCategory(models.TextChoices):
    INSTITUTION = "institution", _("部直属事业单位")
    ASSOCIATION = "association", _("部管社团")


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The organisations the user's place in the tree lets them see (organisations/scope.py)."""
        from organisations.scope import scope_q

        return self.filter(scope_q(user))

    def under(self, organisation: "Organisation"):
        """The organisation and everything that answers to it, however indirectly."""
        return self.filter(path__startswith=organisation.path)

    def civil_affairs(self):
        return self.filter(kind__in=[Kind.MINISTRY, Kind.CIVIL_AFFAIRS, Kind.CORPS])

    def provincial_level(self):
        """The bodies that report to the ministry as provinces do."""
        return self.filter(tier=Tier.PROVINCE)

    def in_official_order(self):
        """Administrative-code order, the ministry first, as officials expect lists."""
        return self.order_by("tier", "region__code", "kind", "name")


class Organisation(models.Model):
    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    tier = models.PositiveSmallIntegerField(_("层级"), choices=Tier.choices, default=Tier.NONE)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在行政区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级民政部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    province = models.ForeignKey(
        "self",
        verbose_name=_("所属省级单位"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("向民政部报送的省级单位（省、兵团或计划单列市）。"),
    )
    unit_category = models.CharField(
        _("单位类别"), max_length=24, choices=UnitCategory.choices, blank=True
    )
    affiliate_category = models.CharField(
        _("部属类别"), max_length=16, choices=AffiliateCategory.choices, blank=True
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("上级业务主管部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_units",
        limit_choices_to={"kind": Kind.SUPERVISOR},
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(
        _("邮政编码"), max_length=6, blank=True, validators=[validate_postcode]
    )
    phone = models.CharField(_("联系电话"), max_length=32, blank=True, validators=[validate_phone])
    email = models.CharField(_("电子信箱"), max_length=254, blank=True, validators=[validate_email])
    # The ministry's receiving department has changed name over the years
    # (人事司(社会工作司), 社会工作司, …): it is data, not code.
    department_name = models.CharField(
        _("承办司局"),
        max_length=64,
        blank=True,
        help_text=_("仅民政部：受理试点申报的司局名称，如“社会工作司”。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["tier", "region__code", "name"]
        verbose_name = _("组织机构")
        verbose_name_plural = _("组织机构")
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(kind="civil_affairs"),
                name="one_civil_affairs_body_per_region",
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="unique_credit_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self._derive_tree_fields()
        super().save(*args, **kwargs)
        if not self.path.endswith(f"/{self.pk}/"):
            # The path needs our own primary key, known only after the first insert.
            self.path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
            super().save(update_fields=["path"])

    def _derive_tree_fields(self):
        if self.parent is None:
            self.province = None
        elif self.tier == Tier.PROVINCE:
            self.province = None
        else:
            self.province = (
                self.parent if self.parent.tier == Tier.PROVINCE else self.parent.province
            )
        if self.pk:
            self.path = f"{self.parent.path if self.parent else '/'}{self.pk}/"

    def clean(self):
        errors = {}
        if self.region_id is None and self.parent_id and self.kind in (Kind.UNIT, Kind.SUPERVISOR):
            self.region = self.parent.region  # a unit is where its civil affairs bureau is
        if self.kind == Kind.UNIT and not self.unit_category:
            errors["unit_category"] = _("申报单位须选择单位类别。")
        if self.kind != Kind.UNIT and self.unit_category:
            errors["unit_category"] = _("只有申报单位才有单位类别。")
        if self.kind == Kind.AFFILIATE and not self.affiliate_category:
            errors["affiliate_category"] = _("请选择部直属事业单位或部管社团。")
        if self.kind in (Kind.UNIT, Kind.SUPERVISOR, Kind.CIVIL_AFFAIRS) and not (
            self.region_id or "parent" in errors or not self.parent_id
        ):
            errors["region"] = _("请选择所在行政区划。")
        if self.kind != Kind.MINISTRY and not self.parent_id:
            errors["parent"] = _("请选择上级民政部门。")
        if self.supervisor_id and self.kind != Kind.UNIT:
            errors["supervisor"] = _("只有申报单位才有上级业务主管部门。")
        if errors:
            raise ValidationError(errors)

    @property
    def reporting_province(self) -> "Organisation | None":
        """The provincial-level body this organisation reports through (itself if it is one)."""
        return self if self.tier == Tier.PROVINCE else self.province

    @property
    def is_civil_affairs(self) -> bool:
        return self.kind in (Kind.MINISTRY, Kind.CIVIL_AFFAIRS, Kind.CORPS)

    def ancestors(self) -> list["Organisation"]:
        """From the parent up to the ministry, nearest first."""
        ids = [int(i) for i in self.path.strip("/").split("/")[:-1]]
        by_id = Organisation.objects.select_related("region").in_bulk(ids)
        return [by_id[i] for i in reversed(ids) if i in by_id]

    def is_under(self, other: "Organisation") -> bool:
        return self.path.startswith(other.path)


def civil_affairs_name(region: Region) -> str:
    """The usual name of a region's civil affairs body: 江西省民政厅, 深圳市民政局,
    南昌市东湖区民政局, 瑞金市民政局 (a district carries its city's name, since district names
    such as 朝阳区 or 鼓楼区 repeat across the country)."""
    if region.level == Level.PROVINCE and not region.name.endswith("市"):
        return f"{region.name}民政厅"
    parent = region.parent
    if (
        region.name.endswith("区")
        and parent is not None
        and (parent.level == Level.PREFECTURE or parent.is_municipality)
    ):
        return f"{parent.name}{region.name}民政局"
    return f"{region.name}民政局"


def tier_for_region(region: Region) -> Tier:
    if region.level == Level.PROVINCE or region.is_separately_planned_city:
        return Tier.PROVINCE
    return Tier.PREFECTURE if region.level == Level.PREFECTURE else Tier.COUNTY
