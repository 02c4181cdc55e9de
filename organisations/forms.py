from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Kind, Organisation, UnitCategory


class OrganisationForm(forms.ModelForm):
    """Contact details; every field validated with a message in plain Chinese."""

    class Meta:
        model = Organisation
        fields = ["name", "credit_code", "address", "postcode", "phone", "email"]

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()


class UnitForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=[(Kind.UNIT, Kind.UNIT.label), (Kind.SUPERVISOR, Kind.SUPERVISOR.label)],
    )
    unit_category = forms.ChoiceField(
        label=_("单位类别"), choices=[("", "---------"), *UnitCategory.choices], required=False
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "unit_category",
            "parent",
            "supervisor",
            "credit_code",
            "address",
            "postcode",
            "phone",
            "email",
        ]
        labels = {"parent": _("所在地民政部门")}

    def __init__(self, *args, bureaus, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = bureaus
        self.fields["parent"].required = True
        self.fields["supervisor"].queryset = supervisors
        self.fields["credit_code"].required = True

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()
