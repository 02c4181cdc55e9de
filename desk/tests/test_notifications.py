"""The next actor is told in the app: unread messages on the 待办 page until read."""

import pytest
from django.urls import reverse

from applications.actions import return_for_revision
from applications.tests.flow import submitted

pytestmark = pytest.mark.django_db


def test_it_shows_a_return_to_the_applicant_until_read(client_for, people):
    application = submitted(people.dh_applicant)
    return_for_revision(application, "请补充进度安排。", by=people.nc_endorser)
    client = client_for(people.dh_applicant)

    page = client.get(reverse("desk:todo")).content.decode()
    assert "请补充进度安排" in page and "新消息（1）" in page

    client.post(reverse("desk:notifications_read"))
    assert "请补充进度安排" not in client.get(reverse("desk:todo")).content.decode()


def test_it_marks_only_ones_own_messages_read(client_for, people):
    application = submitted(people.dh_applicant)
    return_for_revision(application, "请修改。", by=people.nc_endorser)
    note = people.dh_applicant.notifications.get()
    client_for(people.rj_applicant).post(reverse("desk:notifications_read"), {"pk": note.pk})
    note.refresh_from_db()
    assert note.read_at is None
