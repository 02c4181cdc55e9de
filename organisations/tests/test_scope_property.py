"""Property: for any account (any organisation, any roles), the list scope and the object
check agree on every organisation in the country."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Role, User
from organisations.models import Organisation
from organisations.scope import in_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def everything(db):
    return list(Organisation.objects.only("pk", "path", "supervisor_id"))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(index=st.integers(min_value=0), roles=st.sets(st.sampled_from(list(Role))))
def test_it_agrees_between_list_and_object_checks(everything, index, roles):
    organisation = everything[index % len(everything)]
    user = User(username="probe", organisation=Organisation.objects.get(pk=organisation.pk))
    user.__dict__["roles"] = frozenset(roles)  # the cached property, without database rows

    listed = set(Organisation.objects.visible_to(user).values_list("pk", flat=True))
    checked = {o.pk for o in everything if in_scope(user, o)}

    assert listed == checked
    assert organisation.pk in listed
