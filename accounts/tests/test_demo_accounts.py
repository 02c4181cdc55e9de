"""Production refuses to start while demo accounts (with published passwords) exist."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.checks import demo_accounts_check, refuse_demo_accounts_in_production
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_it_refuses_to_start_with_demo_accounts(settings):
    settings.REFUSE_DEMO_ACCOUNTS = True
    with pytest.raises(ImproperlyConfigured):
        refuse_demo_accounts_in_production()
    assert [e.id for e in demo_accounts_check(None)] == ["shidian.E001"]


def test_it_starts_once_they_are_removed(settings):
    settings.REFUSE_DEMO_ACCOUNTS = True
    User.objects.filter(is_demo=True).update(is_active=False)
    refuse_demo_accounts_in_production()
    assert demo_accounts_check(None) == []


def test_it_allows_demo_accounts_outside_production(settings):
    settings.REFUSE_DEMO_ACCOUNTS = False
    refuse_demo_accounts_in_production()


def test_it_disables_demo_accounts_for_production(settings):
    from django.core.management import call_command

    call_command("disable_demo_accounts", verbosity=0)
    settings.REFUSE_DEMO_ACCOUNTS = True
    refuse_demo_accounts_in_production()
    officer = User.objects.get(username="mz_officer")
    assert not officer.is_active and not officer.has_usable_password()
