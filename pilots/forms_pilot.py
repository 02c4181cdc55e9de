"""Forms of the pilot's own pages: the plan (总体目标, each content area's goals and measures,
indicators with targets, milestones), the progress report and the summary.

The plan's rows are Django formsets, so rows are added and removed on the server and the
editor works without JavaScript; a row that cannot be saved keeps what was typed and says why
next to it.
"""

from decimal import Decimal

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.dates import cn_date
from pilots.models import Indicator, Milestone, Pilot, Plan, PlanArea

TEXT = {"class": "form-control"}
SMALL = {"class": "form-control form-control-sm"}
NUMBER = {
    "class": "form-control form-control-sm text-end",
    "inputmode": "decimal",
    "autocomplete": "off",
}
DATE = forms.DateInput(
    format="%Y-%m-%d", attrs={"type": "date", "class": "form-control form-control-sm"}
)
MAX_ROWS = 50  # indicators or milestones in one plan


def _textarea(rows: int, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **TEXT, **attrs})


class MarksInvalid:
    """Fields with errors say so to the eye (Bootstrap's ``is-invalid``) and to screen
    readers (``aria-invalid``, and ``aria-describedby`` pointing at ``<id>_error``)."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs = dict(self.fields[name].widget.attrs)
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class PlanForm(MarksInvalid, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["summary"]
        widgets = {"summary": _textarea(4)}


class AreaForm(MarksInvalid, forms.ModelForm):
    """One content area of the programme: its goals and measures (both needed to submit)."""

    class Meta:
        model = PlanArea
        fields = ["goals", "measures"]
        widgets = {"goals": _textarea(3), "measures": _textarea(4)}


AreaFormSet = modelformset_factory(PlanArea, form=AreaForm, extra=0, can_delete=False)


class _AreaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class _PlanRowForm(MarksInvalid, forms.ModelForm):
    """A row tied optionally to one of the programme's content areas."""

    def __init__(self, *args, pilot: Pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.pilot = pilot
        field = self.fields["content_area"]
        self.fields["content_area"] = _AreaChoice(
            queryset=pilot.programme.content_areas.order_by("order"),
            required=False,
            label=field.label,
            empty_label=_("（不限）"),
            widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        )


class IndicatorForm(_PlanRowForm):
    class Meta:
        model = Indicator
        fields = ["content_area", "name", "unit", "baseline", "target"]
        labels = {"content_area": _("所属内容")}
        widgets = {
            "name": forms.TextInput(attrs=SMALL),
            "unit": forms.TextInput(attrs={**SMALL, "size": 4}),
            "baseline": forms.TextInput(attrs=NUMBER),
            "target": forms.TextInput(attrs=NUMBER),
        }
        error_messages = {
            "name": {"required": _("请填写指标名称。")},
            "target": {
                "required": _("请填写目标值：没有目标值的指标无法衡量进展。"),
                "invalid": _("目标值须是数字。"),
            },
            "baseline": {"invalid": _("基数须是数字。")},
        }

    def clean_target(self):
        target = self.cleaned_data.get("target")
        if target is not None and target < Decimal(0):
            raise forms.ValidationError(_("目标值不能是负数。"))
        return target


class MilestoneForm(_PlanRowForm):
    class Meta:
        model = Milestone
        fields = ["content_area", "title", "due_on"]
        labels = {"content_area": _("所属内容")}
        widgets = {"title": forms.TextInput(attrs=SMALL), "due_on": DATE}
        error_messages = {
            "title": {"required": _("请填写任务内容。")},
            "due_on": {"required": _("请填写完成时限。"), "invalid": _("日期格式不正确。")},
        }

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        pilot = self.pilot
        if due_on and not pilot.starts_on <= due_on <= pilot.ends_on:
            raise forms.ValidationError(
                _("完成时限须在试点期内（%(a)s至%(b)s）。")
                % {"a": cn_date(pilot.starts_on), "b": cn_date(pilot.ends_on)}
            )
        return due_on


class _RowFormSet(BaseInlineFormSet):
    """Rows of the plan; one blank row is offered for a new entry."""

    def __init__(self, *args, pilot: Pilot, **kwargs):
        kwargs.setdefault("form_kwargs", {})["pilot"] = pilot
        super().__init__(*args, **kwargs)


IndicatorFormSet = inlineformset_factory(
    Plan,
    Indicator,
    form=IndicatorForm,
    formset=_RowFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_ROWS,
    validate_max=True,
)
MilestoneFormSet = inlineformset_factory(
    Plan,
    Milestone,
    form=MilestoneForm,
    formset=_RowFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_ROWS,
    validate_max=True,
)


class ReportForm(MarksInvalid, forms.Form):
    """A progress report: the narrative, and per indicator of the plan its actual value and
    a note; per milestone, when it was done."""

    narrative = forms.CharField(
        label=_("进展情况"), required=False, widget=_textarea(8, maxlength=20000)
    )
    evidence = forms.FileField(label=_("佐证材料"), required=False)

    def __init__(self, *args, indicators=(), milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.milestones = list(milestones)
        for indicator in self.indicators:
            self.fields[f"actual_{indicator.pk}"] = forms.DecimalField(
                label=indicator.name,
                required=False,
                max_digits=14,
                decimal_places=2,
                widget=forms.TextInput(attrs=NUMBER),
                error_messages={
                    "invalid": _("实际值须是数字。"),
                    "max_decimal_places": _("最多两位小数。"),
                    "max_digits": _("数值过大。"),
                    "max_whole_digits": _("数值过大。"),
                },
            )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=_("说明"),
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs=SMALL),
            )
        for milestone in self.milestones:
            self.fields[f"done_{milestone.pk}"] = forms.DateField(
                label=milestone.title,
                required=False,
                widget=DATE,
                error_messages={"invalid": _("日期格式不正确。")},
            )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for milestone in self.milestones:
            done = data.get(f"done_{milestone.pk}")
            if done and done > today:
                self.add_error(f"done_{milestone.pk}", _("完成日期不能晚于今天。"))
        return data

    def rows(self):
        """(indicator, actual field, note field) in the plan's order."""
        return [(i, self[f"actual_{i.pk}"], self[f"note_{i.pk}"]) for i in self.indicators]

    def milestone_rows(self):
        return [(m, self[f"done_{m.pk}"]) for m in self.milestones]

    def values(self) -> dict[int, tuple]:
        """What save_report takes: {indicator id: (actual, note)}."""
        data = self.cleaned_data
        return {
            i.pk: (data.get(f"actual_{i.pk}"), (data.get(f"note_{i.pk}") or "").strip())
            for i in self.indicators
        }

    def done_dates(self) -> dict[int, object]:
        return {m.pk: self.cleaned_data.get(f"done_{m.pk}") for m in self.milestones}


class SummaryForm(MarksInvalid, forms.Form):
    text = forms.CharField(
        label=_("试点总结报告"),
        widget=_textarea(16, maxlength=50000),
        max_length=50000,
        error_messages={"required": _("请填写试点总结。")},
    )
