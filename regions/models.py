from django.db import models
from django.utils.translation import gettext_lazy as _

# The cities specifically designated in the state plan (计划单列市): they report to the
# ministry as provinces do.
SEPARATELY_PLANNED_CITIES = frozenset({"210200", "370200", "330200", "350200", "440300"})


class Level(models.IntegerChoices):
    PROVINCE = 1, _("省级")
    PREFECTURE = 2, _("地级")
    COUNTY = 3, _("县级")


def level_of(code: str) -> Level:
    if code.endswith("0000"):
        return Level.PROVINCE
    if code.endswith("00"):
        return Level.PREFECTURE
    return Level.COUNTY


def parent_codes(code: str) -> list[str]:
    """Candidate parents, nearest first: PPCCDD → PPCC00 → PP0000."""
    level = level_of(code)
    if level == Level.COUNTY:
        return [code[:4] + "00", code[:2] + "0000"]
    if level == Level.PREFECTURE:
        return [code[:2] + "0000"]
    return []


class RegionQuerySet(models.QuerySet):
    def current(self):
        """Divisions in the latest loaded list (not retired)."""
        return self.filter(retired_year__isnull=True)

    def provinces(self):
        return self.filter(level=Level.PROVINCE)

    def within(self, region: "Region"):
        """The region itself and every division below it."""
        if region.level == Level.PROVINCE:
            return self.filter(code__startswith=region.code[:2])
        if region.level == Level.PREFECTURE:
            return self.filter(parent=region) | self.filter(pk=region.pk)
        return self.filter(pk=region.pk)


class Region(models.Model):
    """A GB/T 2260 administrative division.

    The code is the identity: a division renamed in a later list keeps its row (the old name
    goes to ``RegionName``); a code missing from a later list is marked retired, never deleted,
    so that records referring to it keep working.
    """

    code = models.CharField(_("区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    first_year = models.PositiveSmallIntegerField(_("首次出现年份"))
    dataset_year = models.PositiveSmallIntegerField(_("最近所见年份"))
    retired_year = models.PositiveSmallIntegerField(_("撤销年份"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return self.name

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def is_retired(self) -> bool:
        return self.retired_year is not None

    @property
    def is_separately_planned_city(self) -> bool:
        return self.code in SEPARATELY_PLANNED_CITIES

    @property
    def is_municipality(self) -> bool:
        """北京、天津、上海、重庆: provincial level, districts hang directly below."""
        return self.level == Level.PROVINCE and self.name.endswith("市")

    def full_name(self) -> str:
        """Names from the province down, e.g. 江西省南昌市东湖区."""
        names = []
        region: Region | None = self
        while region is not None:
            names.append(region.name)
            region = region.parent
        return "".join(reversed(names))


class RegionName(models.Model):
    """A name a division carried before a later list renamed it."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("曾用名"), max_length=64)
    until_year = models.PositiveSmallIntegerField(_("使用至年份"))

    class Meta:
        ordering = ["region", "until_year"]
        verbose_name = _("曾用名")
        verbose_name_plural = _("曾用名")

    def __str__(self) -> str:
        return f"{self.name}（至{self.until_year}年）"
