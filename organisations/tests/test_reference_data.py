"""A production deployment gets the reference data without any demo: divisions, a civil
affairs body for each, the ministry and the Corps, and the built-in form templates."""

import pytest
from django.core.management import call_command

from organisations.models import Kind, Organisation, Tier
from programmes.models import FormDefinition

pytestmark = pytest.mark.django_db


def test_it_gives_every_province_level_body_and_the_templates():
    call_command("load_reference_data", verbosity=0)
    provincial = Organisation.objects.filter(tier=Tier.PROVINCE)
    assert provincial.count() == 37  # 31 provinces, the Corps, 5 cities in the state plan
    assert provincial.filter(kind=Kind.CORPS).count() == 1
    assert Organisation.objects.filter(kind=Kind.CIVIL_AFFAIRS).count() == 3210
    assert set(FormDefinition.objects.filter(is_template=True).values_list("title", flat=True)) == {
        "社会工作人才队伍建设试点地区申报表",
        "社会工作人才队伍建设试点单位申报表",
    }


def test_it_changes_nothing_the_second_time():
    call_command("load_reference_data", verbosity=0)
    before = (Organisation.objects.count(), FormDefinition.objects.count())
    call_command("load_reference_data", verbosity=0)
    assert (Organisation.objects.count(), FormDefinition.objects.count()) == before
