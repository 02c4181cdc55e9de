"""A form version as a Django form: the same fields, types and limits the paper form has,
validated with the same messages as everywhere else (shidian/validators.py)."""

from django import forms
from django.utils.translation import gettext as _

from programmes.models import FieldType, FormField, FormVersion
from shidian import validators

VALIDATORS = {
    FieldType.PHONE: [validators.validate_phone],
    FieldType.FAX: [validators.validate_fax],
    FieldType.EMAIL: [validators.validate_email],
    FieldType.POSTCODE: [validators.validate_postcode],
    FieldType.CREDIT_CODE: [validators.validate_credit_code],
}
DEFAULT_TEXT_LENGTH = 200


def form_field(field: FormField, *, required: bool) -> forms.Field:
    common = {
        "label": field.label,
        "help_text": field.help_text,
        "required": required,
        "error_messages": {"required": _("请填写%(label)s。") % {"label": field.label}},
    }
    match field.field_type:
        case FieldType.LONG_TEXT:
            return forms.CharField(
                max_length=field.max_length,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 8, "data-maxlength": field.max_length}),
                **common,
            )
        case FieldType.DATE:
            return forms.DateField(
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
            )
        case FieldType.NUMBER:
            return forms.DecimalField(max_digits=14, decimal_places=2, **common)
        case FieldType.CHOICE:
            return forms.ChoiceField(
                choices=[("", "——"), *[(c, c) for c in field.choices]], **common
            )
        case FieldType.FILE:
            return forms.CharField(widget=forms.HiddenInput, **{**common, "required": False})
        case _:
            return forms.CharField(
                max_length=field.max_length or DEFAULT_TEXT_LENGTH,
                validators=VALIDATORS.get(field.field_type, []),
                **common,
            )


def build_form(
    version: FormVersion, data=None, *, for_submission: bool = False, initial=None
) -> forms.Form:
    """The form for a version; required fields are enforced only when submitting (a draft
    may be incomplete, never lost)."""
    fields = {
        f.key: form_field(f, required=for_submission and f.required) for f in version.fields.all()
    }
    form_class = type("ApplicationForm", (forms.Form,), fields)
    return form_class(data=data, initial=initial)


def submission_errors(version: FormVersion, values: dict, file_keys: set[str]) -> dict:
    """Every problem with the values, field by field, as the applicant will read them."""
    form = build_form(version, data=values, for_submission=True)
    errors = {key: list(messages) for key, messages in form.errors.items()}
    for field in version.fields.all():
        if field.field_type == FieldType.FILE and field.required and field.key not in file_keys:
            errors.setdefault(field.key, []).append(_("请上传附件。"))
    return errors


def display_values(version: FormVersion, values: dict) -> dict[str, str]:
    """Values as printed on the form."""
    return {f.key: str(values.get(f.key, "") or "") for f in version.fields.all()}
