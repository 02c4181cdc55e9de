from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import actions
from accounts.forms import (
    AccountForm,
    ChangePasswordForm,
    LoginForm,
    NewAccountForm,
    ResetPasswordForm,
    UnlockForm,
    cooloff_minutes,
    organisation_choices,
)
from accounts.models import User
from accounts.permissions import can_manage_account, can_manage_accounts, can_manage_security


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def locked_out(request, credentials=None, *args, **kwargs):
    context = {"cooloff_minutes": cooloff_minutes()}
    return render(request, "accounts/locked_out.html", context, status=429)


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("accounts:login")


@login_required
def password_change(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.change_password(request.user, form.cleaned_data["new_password1"], by=request.user)
        update_session_auth_hash(request, request.user)
        messages.success(request, _("密码已修改。"))
        return redirect("desk:todo")
    return render(request, "accounts/password_change.html", {"form": form})


def _require_account_admin(request) -> None:
    if not can_manage_accounts(request.user):
        raise PermissionDenied


def _load_account(request, pk: int) -> User:
    """404 for accounts outside the administrator's part of the tree."""
    _require_account_admin(request)
    account = get_object_or_404(User.objects.select_related("organisation"), pk=pk)
    if not can_manage_account(request.user, account):
        raise Http404
    return account


@login_required
def account_list(request):
    _require_account_admin(request)
    accounts = (
        User.objects.in_scope_of(request.user.organisation)
        .select_related("organisation", "organisation__region")
        .prefetch_related("role_grants")
        .order_by("organisation__tier", "organisation__region__code", "username")
    )
    query = request.GET.get("q", "").strip()
    if query:
        accounts = accounts.filter(full_name__icontains=query) | accounts.filter(
            username__icontains=query
        )
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/account_list.html", {"page": page, "q": query})


@login_required
def account_create(request):
    _require_account_admin(request)
    form = NewAccountForm(request.POST or None, organisations=organisation_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = actions.create_account(
                by=request.user,
                username=data["username"],
                full_name=data["full_name"],
                organisation=data["organisation"],
                roles=set(data["roles"]),
                password=data["password"],
                job_title=data["job_title"],
                phone=data["phone"],
                email=data["email"],
            )
        except ValidationError as e:
            form.add_error("password" if e.code is None else "roles", e)
        else:
            messages.success(
                request, _("已创建账号 %(name)s，首次登录须修改初始密码。") % {"name": account}
            )
            return redirect("accounts:list")
    return render(request, "accounts/account_form.html", {"form": form})


@login_required
def account_edit(request, pk: int):
    account = _load_account(request, pk)
    form = AccountForm(
        request.POST or None,
        instance=User.objects.get(pk=pk),
        organisations=organisation_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                actions.update_account(
                    account,
                    by=request.user,
                    full_name=data["full_name"],
                    organisation=data["organisation"],
                    job_title=data["job_title"],
                    phone=data["phone"],
                    email=data["email"],
                )
                if set(data["roles"]) != set(account.roles):
                    actions.set_roles(account, set(data["roles"]), by=request.user)
        except ValidationError as e:
            form.add_error("roles", e)
        except PermissionDenied:
            form.add_error("roles", _("不能修改自己的角色。"))
        else:
            messages.success(request, _("已保存账号 %(name)s。") % {"name": account})
            return redirect("accounts:list")
    return render(
        request,
        "accounts/account_form.html",
        {"form": form, "account": account, "reset_form": ResetPasswordForm()},
    )


@login_required
@require_POST
def account_reset_password(request, pk: int):
    account = _load_account(request, pk)
    form = ResetPasswordForm(request.POST)
    if form.is_valid():
        try:
            actions.reset_password(account, form.cleaned_data["password"], by=request.user)
        except ValidationError as e:
            for message in e.messages:
                messages.error(request, message)
        except PermissionDenied:
            messages.error(request, _("不能重置自己的密码，请在“修改密码”中修改。"))
        else:
            messages.success(
                request, _("已重置 %(name)s 的密码，对方下次登录须修改。") % {"name": account}
            )
    return redirect("accounts:edit", pk=account.pk)


@login_required
@require_POST
def account_set_active(request, pk: int):
    account = _load_account(request, pk)
    active = request.POST.get("active") == "1"
    try:
        actions.set_active(account, active, by=request.user)
    except PermissionDenied:
        messages.error(request, _("不能停用自己的账号。"))
    else:
        messages.success(
            request,
            (_("已启用 %(name)s。") if active else _("已停用 %(name)s。")) % {"name": account},
        )
    return redirect("accounts:edit", pk=account.pk)


@login_required
def security(request):
    from axes.models import AccessAttempt

    if not can_manage_security(request.user):
        raise PermissionDenied
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = actions.unlock(form.cleaned_data["username"], by=request.user)
        except PermissionDenied:
            form.add_error("username", _("该用户名不在您的管理范围内。"))
        else:
            messages.success(
                request,
                _("已解除 %(u)s 的锁定（清除 %(n)d 条失败记录）。")
                % {"u": form.cleaned_data["username"], "n": count},
            )
            return redirect("accounts:security")
    attempts = AccessAttempt.objects.order_by("-attempt_time")
    if not request.user.is_ministry:
        # A province's security administrator sees the attempts on its own accounts.
        attempts = attempts.filter(
            username__in=User.objects.in_scope_of(request.user.organisation).values("username")
        )
    attempts = list(attempts[:200])
    # A username is locked at an address from its last counted failure for the cool-off time
    # (the attempts made while it is locked are refused without being counted).
    now = timezone.now()
    for attempt in attempts:
        until = attempt.attempt_time + settings.AXES_COOLOFF_TIME
        locked = attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT and until > now
        attempt.locked_until = until if locked else None
    return render(
        request,
        "accounts/security.html",
        {
            "attempts": attempts,
            "form": form,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": cooloff_minutes(),
            "idle_minutes": settings.SESSION_IDLE_SECONDS // 60,
        },
    )
