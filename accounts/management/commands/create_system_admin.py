"""The first account of a new installation: a system administrator, who then opens the others
through the pages (账号管理). Without it a production database loaded with
``load_reference_data`` has no one who can sign in.

    manage.py create_system_admin USERNAME --name 周建国 [--region 360000]

The organisation is the ministry, or with ``--region`` the civil affairs body of that province-
level division (a province's administrator manages that province's accounts only). The
password is asked twice at the terminal (or read from SHIDIAN_ADMIN_PASSWORD for automation),
must pass the password rules and is an initial password: it must be changed at the first
sign-in. The creation is audited as done by ``manage.py create_system_admin``.
"""

import os
from getpass import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.actions import create_account
from accounts.models import Role, User
from organisations.models import Kind, Organisation, Tier


class Command(BaseCommand):
    help = "Create a system administrator (the first account of a new installation)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="full name, e.g. 周建国")
        parser.add_argument(
            "--region",
            help="6-digit code of a province-level division; omitted: the ministry",
        )

    def handle(self, *args, username, name, region=None, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"账号 {username} 已存在。")
        organisation = self._organisation(region)
        password = os.environ.get("SHIDIAN_ADMIN_PASSWORD") or self._ask_password()
        try:
            create_account(
                by=None,
                actor_name="manage.py create_system_admin",
                username=username,
                full_name=name,
                organisation=organisation,
                roles={Role.SYSTEM_ADMIN},
                password=password,
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(
            f"已创建系统管理员 {username}（{name}，{organisation.name}）；首次登录须修改密码。"
        )

    def _organisation(self, region: str | None) -> Organisation:
        if not region:
            return Organisation.objects.get(kind=Kind.MINISTRY)
        found = Organisation.objects.filter(
            region__code=region, tier=Tier.PROVINCE, is_active=True
        ).first()
        if found is None:
            raise CommandError(
                f"{region} 不是已载入的省级民政部门的区划代码（先执行 load_reference_data）。"
            )
        return found

    def _ask_password(self) -> str:
        first = getpass("初始密码：")
        if first != getpass("再次输入：") or not first:
            raise CommandError("两次输入的密码不一致。")
        return first
