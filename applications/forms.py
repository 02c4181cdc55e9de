"""Forms of the application pages. The application form itself is built from its form version
(applications/formdata.py); here are the opinion boxes, the reasons for a return or a refusal,
and the filters of the list, plus the layout of the application form in the paper's order."""

from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Status
from programmes.models import Block, FieldType, FormVersion

# A draft may be saved with anything typed; these are the form's own control names, kept
# apart from the field keys of the form version (slugs) by their leading underscore.
EDITED_AT = "_edited_at"
ACTION = "_action"
UPLOAD_PREFIX = "_file_"
GENERAL = "_general"  # the upload box for materials not tied to a file field


class OpinionForm(forms.Form):
    """An opinion box (意见) as the paper has it: the text, 负责人(签字), the date."""

    opinion = forms.CharField(
        label=_("意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    person = forms.CharField(label=_("负责人"), max_length=32)
    signed_on = forms.DateField(
        label=_("日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def __init__(self, *args, opinion_label: str = "", person: str = "", **kwargs):
        kwargs.setdefault("initial", {"person": person, "signed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if opinion_label:
            self.fields["opinion"].label = opinion_label
        self.fields["opinion"].error_messages["required"] = _("请填写意见。")
        self.fields["person"].error_messages["required"] = _("请填写负责人姓名。")
        self.fields["signed_on"].error_messages["required"] = _("请填写日期。")
        self.fields["signed_on"].error_messages["invalid"] = _("日期格式不正确。")


class ReasonsForm(forms.Form):
    """A return for revision or a refusal: the reasons the applicant will read."""

    reasons = forms.CharField(
        label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    person = forms.CharField(label=_("负责人"), max_length=32, required=False)

    def __init__(self, *args, reasons_label: str = "", person: str = "", **kwargs):
        kwargs.setdefault("initial", {"person": person})
        super().__init__(*args, **kwargs)
        if reasons_label:
            self.fields["reasons"].label = reasons_label
        self.fields["reasons"].error_messages["required"] = _("请写明理由。")


SORTS = {
    "submitted": ("-submitted_at", "-pk"),
    "region": ("organisation__region__code", "organisation__name", "pk"),
    "status": ("status", "-submitted_at", "pk"),
}


SELECT = {"class": "form-select"}


class ListFilterForm(forms.Form):
    q = forms.CharField(
        label=_("申报主体名称"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": _("输入名称中的字词"), "type": "search"}
        ),
    )
    programme = forms.TypedChoiceField(
        label=_("试点项目"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), *[(s.value, s.label) for s in Status if s != Status.DRAFT]],
        widget=forms.Select(attrs=SELECT),
    )
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        widget=forms.Select(attrs=SELECT),
        choices=[
            ("submitted", _("按提交时间（新的在前）")),
            ("region", _("按行政区划代码")),
            ("status", _("按状态")),
        ],
    )

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("全部试点项目")), *programmes]

    def filters(self) -> dict:
        """The valid filters (an invalid one is ignored rather than refused)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


# --------------------------------------------------------------------------- the paper form


@dataclass
class Section:
    """One foldable part of the application form: the header block, a long text, 备注."""

    key: str
    title: str
    rows: list[list] = field(default_factory=list)  # of BoundFields, as the paper's rows
    is_header: bool = False
    is_remarks: bool = False
    file_keys: list[str] = field(default_factory=list)

    @property
    def fields(self) -> list:
        return [bf for row in self.rows for bf in row]


def sections(form: forms.Form, version: FormVersion) -> list[Section]:
    """The form's fields in the order of the paper form: the header block row by row (at most
    three label/value pairs to a row, as printed), then each body field, then 备注."""
    fields = list(version.fields.all())
    header = [f for f in fields if f.block == Block.HEADER]
    result: list[Section] = []
    if header:
        rows: list[list] = []
        for number, group in groupby(header, key=lambda f: f.row):
            members = [form[f.key] for f in group]
            if number is None:
                rows.extend([bf] for bf in members)
            else:
                rows.extend(members[i : i + 3] for i in range(0, len(members), 3))
        result.append(
            Section("header", version.definition.applicant_label, rows=rows, is_header=True)
        )
    for f in fields:
        if f.block == Block.HEADER:
            continue
        section = Section(f.key, f.label, rows=[[form[f.key]]], is_remarks=f.block == Block.REMARKS)
        if f.field_type == FieldType.FILE:
            section.file_keys.append(f.key)
        result.append(section)
    return result


def dress(form: forms.Form, version: FormVersion) -> set[str]:
    """Bootstrap classes, the error state and the described-by links on the application form's
    widgets; returns the keys a submission requires (marked on the labels)."""
    required = set()
    for f in version.fields.all():
        if f.key not in form.fields:
            continue
        if f.required:
            required.add(f.key)
        widget = form.fields[f.key].widget
        if widget.is_hidden:
            continue
        if isinstance(widget, forms.DateInput):
            widget.format = "%Y-%m-%d"  # what <input type="date"> reads, in every language
        bound = form[f.key]
        classes = ["form-select" if isinstance(widget, forms.Select) else "form-control"]
        described = []
        if form.is_bound and bound.errors:
            classes.append("is-invalid")
            widget.attrs["aria-invalid"] = "true"
            described.append(f"{bound.auto_id}_error")
        if f.field_type == FieldType.LONG_TEXT:
            classes.append("sd-long")
            widget.attrs["rows"] = 3 if f.block == Block.REMARKS else 8
            if f.max_length:
                described.append(f"{bound.auto_id}_count")
        if f.help_text:
            described.append(f"{bound.auto_id}_help")
        widget.attrs["class"] = " ".join(classes)
        if described:
            widget.attrs["aria-describedby"] = " ".join(described)
    return required


def qualified_labels(version: FormVersion) -> dict[str, str]:
    """Labels that say which one is meant where the paper repeats a label in its header rows
    (职务, 联系电话): 分管领导职务, 联系人联系电话. For lists of errors, away from the grid."""
    fields = list(version.fields.all())
    counts = Counter(f.label for f in fields)
    labels = {f.key: f.label for f in fields}
    header = [f for f in fields if f.block == Block.HEADER]
    for number, group in groupby(header, key=lambda f: f.row):
        members = list(group)
        if number is None:
            continue
        for f in members[1:]:
            if counts[f.label] > 1:
                labels[f.key] = f"{members[0].label}{f.label}"
    return labels
