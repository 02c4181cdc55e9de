from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from shidian.validators import validate_email, validate_phone


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申报人")
    ENDORSER = "endorser", _("审核人")
    OFFICER = "officer", _("试点项目管理员")
    EXPERT = "expert", _("评审专家")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# The three administrators (三员) exclude each other and every business role.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUSINESS_ROLES = frozenset(Role) - ADMIN_ROLES


class UserQuerySet(models.QuerySet):
    def with_role(self, role: Role):
        return self.filter(role_grants__role=role)

    def in_scope_of(self, organisation: Organisation):
        """Accounts of the organisation and of everything below it."""
        return self.filter(organisation__path__startswith=organisation.path)


class ShidianUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """An account; every account belongs to exactly one organisation."""

    first_name = None
    last_name = None
    full_name = models.CharField(_("姓名"), max_length=64)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
    )
    job_title = models.CharField(_("职务"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True, validators=[validate_phone])
    email = models.CharField(_("电子信箱"), max_length=254, blank=True, validators=[validate_email])
    must_change_password = models.BooleanField(_("须修改初始密码"), default=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # Demo accounts have passwords printed by `make run`; production refuses to start with them.
    is_demo = models.BooleanField(_("演示账号"), default=False, editable=False)

    objects = ShidianUserManager()

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["username"]
        verbose_name = _("账号")
        verbose_name_plural = _("账号")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.pk:
            return frozenset()
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: Role) -> bool:
        return self.is_active and any(role in self.roles for role in roles)

    @property
    def is_administrator(self) -> bool:
        return bool(self.roles & ADMIN_ROLES)

    @property
    def is_ministry(self) -> bool:
        return self.organisation is not None and self.organisation.kind == "ministry"


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("角色授予")
        verbose_name_plural = _("角色授予")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class ExpertProfile(models.Model):
    """An expert (评审专家); the employer is the account's organisation."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="expert_profile")
    field = models.CharField(_("专业领域"), max_length=128)
    title = models.CharField(_("职称"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("专家信息")
        verbose_name_plural = _("专家信息")

    def __str__(self) -> str:
        return f"{self.user} · {self.field}"

    @property
    def province_code(self) -> str | None:
        """The province of the expert's employer; an expert never scores applications from it."""
        organisation = self.user.organisation
        if organisation is None or organisation.region is None:
            return None
        return organisation.region.province_code
