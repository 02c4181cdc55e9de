"""Forms of the oversight pages: the province's reviews and provincial summary, supervision
records, and the ministry's schedule, returns, evaluation assignments.

They shape and check the input only; pilots/actions.py (and reviews/actions.py) have the last
word and word the refusals.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pilots.models import SupervisionKind

TEXT_MAX = 3000
LONG_TEXT_MAX = 20000


def _textarea(rows: int, maxlength: int = TEXT_MAX) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-control", "rows": rows, "maxlength": maxlength})


def mark_errors(form: forms.Form) -> None:
    """Bootstrap's and screen readers' marks on the fields in error."""
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{attrs.get('aria-describedby', '')} error-{name}".strip()


# ----------------------------------------------------------------------------- the province


class ReviewForm(forms.Form):
    """Accept or return, with comments: the buttons carry the decision (``decision``)."""

    DECISIONS = (("accept", _("通过")), ("return", _("退回修改")))

    decision = forms.ChoiceField(
        choices=DECISIONS, error_messages={"required": _("请选择通过或退回修改。")}
    )
    comments = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("退回修改时必须写明意见，试点单位将看到它。"),
        widget=_textarea(5),
    )

    @property
    def accept(self) -> bool:
        return self.cleaned_data["decision"] == "accept"


class SummaryReviewForm(ReviewForm):
    comments = forms.CharField(
        label=_("省级意见"),
        max_length=TEXT_MAX,
        help_text=_("通过或退回都须填写省级意见；通过的总结连同意见报民政部。"),
        error_messages={"required": _("请填写省级意见。")},
        widget=_textarea(6),
    )


class ProvincialSummaryForm(forms.Form):
    text = forms.CharField(
        label=_("省级总结"),
        max_length=LONG_TEXT_MAX,
        help_text=_("全省试点工作的总体情况、主要成效、存在问题和下一步打算。"),
        error_messages={"required": _("请填写省级总结。")},
        widget=_textarea(14, LONG_TEXT_MAX),
    )


# ----------------------------------------------------------------------------- supervision


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by its content later (check_upload)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class SupervisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("方式"),
        choices=SupervisionKind.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("请选择督导方式。")},
    )
    held_on = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        error_messages={
            "required": _("请填写督导日期。"),
            "invalid": _("日期格式应为2026-11-26。"),
        },
    )
    participants = forms.CharField(
        label=_("参加人员"),
        max_length=TEXT_MAX,
        help_text=_("单位、姓名、职务，一行一人或一个单位。"),
        error_messages={"required": _("请填写参加人员。")},
        widget=_textarea(3),
    )
    findings = forms.CharField(
        label=_("发现问题与评价"),
        max_length=LONG_TEXT_MAX,
        error_messages={"required": _("请填写发现问题与评价。")},
        widget=_textarea(6, LONG_TEXT_MAX),
    )
    follow_ups = forms.CharField(
        label=_("整改要求"), required=False, max_length=TEXT_MAX, widget=_textarea(4)
    )
    follow_up_by = forms.DateField(
        label=_("整改时限"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        error_messages={"invalid": _("日期格式应为2026-11-26。")},
    )
    files = MultipleFileField(
        label=_("佐证材料"),
        required=False,
        help_text=_("会议纪要、照片、督查通知等；PDF、DOCX、XLSX、JPG、PNG，每个不超过20MB。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs.update(
            {"class": "form-control", "accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}
        )

    def clean(self):
        data = super().clean()
        held_on, follow_up_by = data.get("held_on"), data.get("follow_up_by")
        if follow_up_by and not data.get("follow_ups", "").strip():
            self.add_error("follow_ups", _("设定整改时限的，请写明整改要求。"))
        if held_on and follow_up_by and follow_up_by < held_on:
            self.add_error("follow_up_by", _("整改时限不能早于督导日期。"))
        return data


class FollowUpForm(forms.Form):
    """The pilot's report on a supervision record's follow-up (整改情况); one per record on
    the pilot's page, told apart by their prefix."""

    text = forms.CharField(
        label=_("整改情况"),
        max_length=TEXT_MAX,
        help_text=_("逐条说明整改要求的落实情况；报告后由记录督导的部门确认整改完成。"),
        error_messages={"required": _("请填写整改情况。")},
        widget=_textarea(4),
    )
    files = MultipleFileField(
        label=_("佐证材料（可选）"),
        required=False,
        help_text=_("PDF、DOCX、XLSX、JPG、PNG，每个不超过20MB。"),
    )

    def __init__(self, *args, supervision, **kwargs):
        kwargs.setdefault("prefix", f"follow-up-{supervision.pk}")
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs.update(
            {"class": "form-control", "accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}
        )
        if not self.is_bound and supervision.follow_up_report:
            self.initial["text"] = supervision.follow_up_report


# ----------------------------------------------------------------------------- the ministry


class ScheduleForm(forms.Form):
    MODES = (("every", _("按周期")), ("dates", _("按指定日期")))

    mode = forms.ChoiceField(
        label=_("报告方式"),
        choices=MODES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    every_months = forms.IntegerField(
        label=_("每隔（月）"),
        required=False,
        min_value=1,
        max_value=24,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    fixed_dates = forms.CharField(
        label=_("指定日期"),
        required=False,
        help_text=_("每行一个日期，如 2027-01-15；试点期以外的日期不计。"),
        widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 4}),
    )
    remind_days_before = forms.IntegerField(
        label=_("提前提醒（天）"),
        min_value=0,
        max_value=60,
        initial=7,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )

    def clean_fixed_dates(self) -> list[date]:
        dates = []
        for line in self.cleaned_data["fixed_dates"].replace("，", "\n").replace(",", "\n").split():
            try:
                dates.append(date.fromisoformat(line.strip()))
            except ValueError as error:
                raise ValidationError(
                    _("“%(d)s”不是日期，应写作2027-01-15。"), params={"d": line}
                ) from error
        return sorted(set(dates))

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        if mode == "every" and not data.get("every_months"):
            self.add_error("every_months", _("请填写每隔几个月报送一次。"))
        if mode == "dates" and not data.get("fixed_dates") and "fixed_dates" not in self.errors:
            self.add_error("fixed_dates", _("请至少填写一个报告日期。"))
        return data

    def schedule(self) -> dict:
        """The keyword arguments of ``actions.set_schedule``."""
        every = self.cleaned_data["mode"] == "every"
        return {
            "every_months": self.cleaned_data["every_months"] if every else None,
            "fixed_dates": None if every else self.cleaned_data["fixed_dates"],
            "remind_days_before": self.cleaned_data["remind_days_before"],
        }


class ReturnPlanForm(forms.Form):
    comments = forms.CharField(
        label=_("退回意见"),
        max_length=TEXT_MAX,
        error_messages={"required": _("退回修改须写明意见。")},
        widget=_textarea(3),
    )


class EvaluationAssignForm(forms.Form):
    """Pilots and scorers (experts and the ministry's officers): every scorer to every
    pilot."""

    pilot = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("试点"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("请至少选择一个试点。")},
    )
    scorer = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("评估人员"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("请至少选择一位评估专家或民政部工作人员。")},
    )

    def __init__(self, *args, pilots, scorers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots
        self.fields["pilot"].label_from_instance = lambda p: p.organisation.name
        self.fields["scorer"].queryset = scorers
        self.fields["scorer"].label_from_instance = lambda u: (
            f"{u.full_name} · {u.organisation.name}" if u.organisation else u.full_name
        )
