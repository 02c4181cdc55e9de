"""Django field validators around the pure checks in ``lib.codes``."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from lib import codes


def _wrap(check, code: str):
    def validator(value: str) -> None:
        if value in (None, ""):
            return
        try:
            check(value)
        except ValueError as e:
            raise ValidationError(gettext(str(e)), code=code) from e

    validator.__name__ = validator.__qualname__ = f"validate_{code}"
    return validator


validate_credit_code = _wrap(codes.check_credit_code, "credit_code")
validate_postcode = _wrap(codes.check_postcode, "postcode")
validate_phone = _wrap(codes.check_phone, "phone")
validate_fax = _wrap(codes.check_fax, "fax")
validate_email = _wrap(codes.check_email, "email")
