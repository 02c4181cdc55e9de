"""Bad programme set-ups are refused with a clear message."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lib.docnumbers import normalise_document_number
from programmes.models import Programme
from programmes.tests.factories import make_category, make_form, make_programme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("测函〔2009〕148号", "测函〔2009〕148号"),
        ("测函[2009]148号", "测函〔2009〕148号"),
        ("测函(2013)132号", "测函〔2013〕132号"),
        ("测函（2013）132号", "测函〔2013〕132号"),
        ("测函【2013】132号", "测函〔2013〕132号"),
        (" 民发〔2012〕196 号 ", "民发〔2012〕196号"),
    ],
)
def test_it_normalises_mistyped_brackets(typed, stored):
    assert normalise_document_number(typed) == stored
    assert make_programme(document_number=typed).document_number == stored


@pytest.mark.parametrize(
    "typed",
    ["2009年148号", "民函〔09〕148号", "民函〔2009〕148", "〔2009〕148号", "民函〔2009〕0号"],
)
def test_it_refuses_what_is_not_a_document_number(typed):
    with pytest.raises(ValidationError) as error:
        make_programme(document_number=typed)
    assert "document_number" in error.value.message_dict


def test_it_refuses_a_summary_deadline_before_the_application_deadline():
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        make_programme(
            application_deadline=now + timedelta(days=30), summary_deadline=now + timedelta(days=10)
        )
    assert "总结截止时间须晚于申报截止时间" in error.value.message_dict["summary_deadline"][0]


def test_it_refuses_a_pilot_period_of_zero():
    with pytest.raises(ValidationError) as error:
        make_programme(pilot_months=0)
    assert "pilot_months" in error.value.message_dict
    assert not Programme.objects.filter(name="测试试点").exists()


@pytest.mark.parametrize(
    "chain, message",
    [
        (["applicant", "upper"], "不能跳过省级"),
        (["upper", "province"], "以申报主体意见开始"),
        (["applicant", "province", "upper"], "顺序"),
        (["applicant", "upper", "upper", "province"], "不重复"),
    ],
)
def test_it_refuses_a_chain_that_skips_or_scrambles_levels(chain, message):
    with pytest.raises(ValidationError) as error:
        make_category(chain=chain)
    assert message in error.value.message_dict["chain"][0]


def test_it_refuses_a_form_without_fields():
    with pytest.raises(ValidationError) as error:
        make_category(form=make_form(fields=[]))
    assert "没有任何栏目" in error.value.message_dict["form"][0]


def test_it_wants_region_levels_for_a_region_category():
    with pytest.raises(ValidationError) as error:
        make_category(kind="region", region_tiers=[1])
    assert "region_tiers" in error.value.message_dict


def test_it_wants_unit_categories_for_a_unit_category():
    with pytest.raises(ValidationError) as error:
        make_category(kind="unit", unit_categories=[])
    assert "unit_categories" in error.value.message_dict


def test_it_follows_the_timeline_for_a_published_programme():
    now = timezone.now()
    programme = make_programme(
        status="published",
        applications_open_at=now + timedelta(days=1),
        application_deadline=now + timedelta(days=10),
    )
    assert programme.current_status(now) == "published"
    assert programme.current_status(now + timedelta(days=2)) == "open"
    assert programme.current_status(now + timedelta(days=11)) == "closed"
    assert Programme.objects.open_on(now + timedelta(days=2)).filter(pk=programme.pk).exists()
    assert not Programme.objects.open_on(now + timedelta(days=11)).filter(pk=programme.pk).exists()
