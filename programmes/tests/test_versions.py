"""Every change to a programme is kept and comparable; a form version that applications use
is never changed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent, Event
from programmes import actions
from programmes.models import FormField, NoticeSection, Programme
from programmes.tests.factories import make_category, make_form, make_programme, new_programme

pytestmark = pytest.mark.django_db


def test_it_keeps_every_version_and_compares_them(people):
    officer = people.mz_officer
    programme = actions.create_programme(new_programme(), by=officer)
    programme.pilot_months = 24
    actions.update_programme(programme, by=officer, note="延长试点期限")
    NoticeSection.objects.create(programme=programme, order=1, heading="一、总体要求", body="正文")
    actions.save_version(programme, by=officer, note="增加正文")

    versions = list(programme.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert [v.note for v in versions] == ["新建", "延长试点期限", "增加正文"]
    assert actions.compare(versions[0].snapshot, versions[1].snapshot) == [("pilot_months", 12, 24)]
    changed = dict(
        (k, (a, b)) for k, a, b in actions.compare(versions[1].snapshot, versions[2].snapshot)
    )
    assert changed["sections"] == (
        [],
        [{"heading": "一、总体要求", "body": "正文", "lists_content_areas": False}],
    )
    update = AuditEvent.objects.filter(event=Event.PROGRAMME_UPDATE, object_id=str(programme.pk))
    assert update.first().changes["sections"][0] == "[]"


def test_it_refuses_changes_to_a_published_programme(people):
    programme = make_programme(status="published")
    programme.pilot_months = 36
    with pytest.raises(ValidationError, match="已发布"):
        actions.update_programme(programme, by=people.mz_officer)
    assert Programme.objects.get(pk=programme.pk).pilot_months == 12


def test_it_lets_only_programme_officers_change_programmes(people):
    programme = make_programme()
    for user in (people.jx_endorser, people.mz_sysadmin):
        with pytest.raises(PermissionDenied):
            actions.update_programme(programme, by=user)
    assert not programme.versions.exists()


def test_it_edits_an_unused_form_version_in_place(people):
    version = make_form()
    assert actions.editable_version(version.definition, by=people.mz_officer) == version


def test_it_keeps_a_used_form_version_and_moves_the_category_to_a_new_one(people):
    category = make_category()
    used = category.form
    actions.lock_version(used)

    new = actions.editable_version(used.definition, by=people.mz_officer)
    FormField.objects.filter(version=new, key="plan").update(label="试点工作方案")

    assert new.number == 2
    assert list(used.fields.values_list("label", flat=True)) == ["地区名称", "试点方案"]
    assert list(new.fields.values_list("label", flat=True)) == ["地区名称", "试点工作方案"]
    category.refresh_from_db()
    assert category.form == new
    assert AuditEvent.objects.filter(event=Event.FORM_UPDATE).count() == 1
