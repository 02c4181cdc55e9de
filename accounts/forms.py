from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from organisations.models import Organisation


def cooloff_minutes() -> int:
    """How long a locked-out sign-in stays locked, in minutes (LOGIN_LOCKOUT_MINUTES)."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "用户名或密码不正确。连续失败%(limit)s次，账号将被锁定%(minutes)s分钟。"
        ),
        "inactive": _("该账号已停用，请联系系统管理员。"),
    }

    def get_invalid_login_error(self):
        # The numbers are the configured policy (LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES).
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={
                "limit": settings.AXES_FAILURE_LIMIT,
                "minutes": cooloff_minutes(),
            },
        )


class ChangePasswordForm(PasswordChangeForm):
    pass


class AccountForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("角色"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "organisation", "job_title", "phone", "email"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].required = True
        self.fields["email"].required = False
        if self.instance.pk:
            self.fields["roles"].initial = sorted(self.instance.roles)
            del self.fields["username"]


class NewAccountForm(AccountForm):
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(render_value=True),
        help_text=password_validators_help_text_html(),
    )


class ResetPasswordForm(forms.Form):
    password = forms.CharField(label=_("新的初始密码"), widget=forms.PasswordInput)


class UnlockForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)


def organisation_choices(admin: User):
    return (
        Organisation.objects.under(admin.organisation).select_related("region").in_official_order()
    )
