import pytest

from lib.codes import (
    check_credit_code,
    check_email,
    check_fax,
    check_phone,
    check_postcode,
    credit_code_check_char,
)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", "12100000400010398P"])
def test_it_accepts_published_credit_codes(code):
    assert check_credit_code(code.lower()) == code


@pytest.mark.parametrize(
    "code, message",
    [
        ("91350100M000100Y4", "18位"),
        ("91350100M000100Y44", "校验位"),
        ("91350100M000100I43", "不允许的字符"),
        ("9135010XM000100Y43", "行政区划"),
    ],
)
def test_it_explains_bad_credit_codes(code, message):
    with pytest.raises(ValueError, match=message):
        check_credit_code(code)


def test_it_computes_check_characters_that_may_be_letters():
    codes = {credit_code_check_char(f"5536010{n:010d}") for n in range(200)}
    assert codes & set("ABCDEFGHJKLMNPQRTUWXY")


@pytest.mark.parametrize(
    "phone",
    [
        "010-58123515",
        "01058123515",
        "010-58123515-801",
        "0791-86661234",
        "13800138000",
        "+86 138 0013 8000",
        "(010)58123515",
    ],
)
def test_it_accepts_landlines_and_mobiles(phone):
    check_phone(phone)


@pytest.mark.parametrize("phone", ["58123515", "12345", "010-123", "23800138000", "0791-0123456"])
def test_it_refuses_bad_phone_numbers(phone):
    with pytest.raises(ValueError, match="区号"):
        check_phone(phone)


def test_it_wants_a_fax_to_be_a_landline():
    assert check_fax("010-58123516") == "010-58123516"
    with pytest.raises(ValueError):
        check_fax("13800138000")


@pytest.mark.parametrize(
    "value, ok", [("100032", True), ("10003", False), ("1000321", False), ("10003a", False)]
)
def test_it_checks_postcodes(value, ok):
    if ok:
        assert check_postcode(value) == value
    else:
        with pytest.raises(ValueError, match="6位数字"):
            check_postcode(value)


@pytest.mark.parametrize(
    "value, ok",
    [
        ("shgzs@mca.gov.cn", True),
        ("a@b", False),
        ("a..b@x.cn", False),
        ("name@example.gov.cn", True),
        ("张三@mca.gov.cn", False),
    ],
)
def test_it_checks_email_addresses(value, ok):
    if ok:
        assert check_email(value) == value
    else:
        with pytest.raises(ValueError, match="电子邮箱"):
            check_email(value)
