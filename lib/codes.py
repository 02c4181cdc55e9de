"""Codes used by Chinese administration: unified social credit codes (GB 32100-2015),
postcodes, telephone numbers and e-mail addresses.

Each ``check_*`` function returns the normalised value or raises ``ValueError`` with a message
in plain Chinese that can be shown next to the field as it is.
"""

import re


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages finds it) without depending on Django;
    shidian/validators.py translates it when it reaches a user."""
    return message


# GB 32100-2015: the 31 characters a credit code may use (no I, O, S, V, Z) and the weights
# of positions 1-17; position 18 is the check character.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def credit_code_check_char(first17: str) -> str:
    """The check character that completes the first 17 characters of a credit code."""
    total = sum(
        CREDIT_CODE_CHARSET.index(ch) * weight
        for ch, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def check_credit_code(value: str) -> str:
    code = value.strip().upper().replace(" ", "")
    if len(code) != 18:
        raise ValueError(gettext_noop("统一社会信用代码应为18位。"))
    if not _CREDIT_CODE_SHAPE.match(code):
        raise ValueError(
            gettext_noop(
                "统一社会信用代码含有不允许的字符（不使用I、O、S、V、Z）或第3-8位不是行政区划代码。"
            )
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValueError(gettext_noop("统一社会信用代码校验位不正确，请核对后重新填写。"))
    return code


def check_postcode(value: str) -> str:
    code = value.strip()
    if not re.fullmatch(r"\d{6}", code):
        raise ValueError(gettext_noop("邮政编码应为6位数字。"))
    return code


_LANDLINE = re.compile(r"^0\d{2,3}-?[1-9]\d{6,7}((-|转|ext\.?)\d{1,6})?$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def _compact_phone(value: str) -> str:
    phone = value.strip().replace(" ", "").replace("－", "-").replace("—", "-")
    phone = re.sub(r"^(\+86|0086)-?", "", phone)
    phone = phone.replace("(", "").replace(")", "-").replace("（", "").replace("）", "-")
    return phone


def check_phone(value: str) -> str:
    """A landline with area code (010-58123515, optional extension) or a mobile number."""
    phone = _compact_phone(value)
    if _MOBILE.match(phone) or _LANDLINE.match(phone):
        return phone
    raise ValueError(
        gettext_noop(
            "电话号码格式不正确：固定电话请填写区号，如 010-58123515"
            "（可加分机号 -801），手机号码为11位。"
        )
    )


def check_fax(value: str) -> str:
    fax = _compact_phone(value)
    if _LANDLINE.match(fax):
        return fax
    raise ValueError(gettext_noop("传真号码格式不正确，请填写区号和号码，如 010-58123515。"))


_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")


def check_email(value: str) -> str:
    email = value.strip()
    if not _EMAIL.match(email) or ".." in email:
        raise ValueError(gettext_noop("电子邮箱格式不正确，应如 name@example.gov.cn。"))
    return email
