"""Passwords: at least 8 characters from 3 of the 4 classes, never containing the username."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password, message",
    [
        ("Ab1#xyz", "至少"),  # 7 characters
        ("abcdefgh12", "至少3类"),  # two classes
        ("ABCDEFGH!!", "至少3类"),  # two classes
        ("Zhangmin#2026", "不能包含用户名"),
    ],
)
def test_it_refuses_weak_passwords(password, message):
    user = User(username="zhangmin", full_name="张敏")
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert any(message in m for m in error.value.messages)


@pytest.mark.parametrize("password", ["Shidian@2026", "minzheng2026!", "MINZHENG2026!", "Ab#dEfgh"])
def test_it_accepts_three_classes_of_eight_characters(password):
    validate_password(password, User(username="zhangmin"))


def test_it_explains_the_rules_in_chinese_on_the_change_page(client, people):
    user = people.dh_applicant
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Shidian@2026",
            "new_password1": "dh_applicant1",
            "new_password2": "dh_applicant1",
        },
    )
    assert response.status_code == 200
    assert "不能包含用户名" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("Shidian@2026")
