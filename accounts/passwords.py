"""Password rules: at least 8 characters (Django's validator), 3 of 4 character classes,
and never the username inside."""

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = {
    "lower": re.compile(r"[a-z]"),
    "upper": re.compile(r"[A-Z]"),
    "digit": re.compile(r"[0-9]"),
    "symbol": re.compile(r"[^A-Za-z0-9]"),
}


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(1 for pattern in CLASSES.values() if pattern.search(password))
        if present < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号四类中的至少%(n)d类。")
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号四类中的至少%(n)d类。") % {
            "n": self.min_classes
        }


class NoUsernameValidator:
    def validate(self, password, user=None):
        username = getattr(user, "username", "") if user is not None else ""
        if username and username.lower() in password.lower():
            raise ValidationError(_("密码不能包含用户名。"), code="password_contains_username")

    def get_help_text(self):
        return _("密码不能包含用户名。")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django 5.2 changed this message and its Chinese catalogue has not caught up."""

    def get_error_message(self):
        return _("密码太短，至少需要%(n)d个字符。") % {"n": self.min_length}

    def get_help_text(self):
        return _("密码至少需要%(n)d个字符。") % {"n": self.min_length}
