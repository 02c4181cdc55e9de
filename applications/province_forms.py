"""Forms of the provincial selection (遴选报送) and of the ministry's batch pages.

They only shape and check the input; the rules (quota, deadlines, the lock after
submission) are enforced again by the actions, which have the last word.
"""

from math import inf

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.actions import Refused
from applications.models import Application
from applications.uploads import check_upload
from organisations.models import Organisation

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
SCAN_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class StyledForm(forms.Form):
    """Bootstrap classes on the widgets, and help texts tied to their inputs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)
            if field.help_text:
                widget.attrs.setdefault("aria-describedby", f"help-{name}")


def quota_message(category, count: int) -> str:
    """Worded as submit_batch words it, so that the province reads one message."""
    return _("“%(c)s”每省最多推荐%(q)d个，现选择了%(n)d个。") % {
        "c": category.name,
        "q": category.province_quota,
        "n": count,
    }


class RankingForm(forms.Form):
    """The province's selection: a 报送 checkbox (``pick``) and a 排序 number
    (``rank_<pk>``) per candidate, and optionally one up/down move (``move`` = "<pk>:up").

    ``groups`` are the candidates per category, in the category's order and each group in
    the order the page shows it. The result (``ordered_ids``) is one list across categories,
    category by category, as ``actions.rank`` stores it: a category's first choice comes
    before its second, and categories keep the programme's order.
    """

    pick = forms.TypedMultipleChoiceField(coerce=int, required=False)
    move = forms.CharField(required=False)

    def __init__(self, groups: list[tuple[object, list[Application]]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        candidates = [a for _category, apps in groups for a in apps]
        self.fields["pick"].choices = [(a.pk, a.pk) for a in candidates]
        for application in candidates:
            self.fields[f"rank_{application.pk}"] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=999,
                label=_("%(org)s的排序") % {"org": application.organisation.name},
            )

    def clean_move(self) -> tuple[int, str] | None:
        value = self.cleaned_data.get("move") or ""
        if not value:
            return None
        pk, _sep, direction = value.partition(":")
        if not pk.isdigit() or direction not in ("up", "down"):
            raise forms.ValidationError(_("无法识别的排序操作。"))
        return int(pk), direction

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        picked = set(cleaned.get("pick") or [])
        move = cleaned.get("move")
        self.selection: list[tuple[object, list[Application]]] = []
        for category, applications in self.groups:
            chosen = [a for a in applications if a.pk in picked]
            # By the numbers typed; equal or missing numbers keep the page's order.
            chosen.sort(
                key=lambda a: (
                    cleaned.get(f"rank_{a.pk}") or inf,
                    applications.index(a),
                )
            )
            if move is not None:
                chosen = _moved(chosen, *move)
            quota = getattr(category, "province_quota", None)
            if quota is not None and len(chosen) > quota:
                self.add_error(None, quota_message(category, len(chosen)))
            self.selection.append((category, chosen))
        return cleaned

    def ordered_ids(self) -> list[int]:
        return [a.pk for _category, chosen in self.selection for a in chosen]


def _moved(items: list[Application], pk: int, direction: str) -> list[Application]:
    index = next((i for i, a in enumerate(items) if a.pk == pk), None)
    if index is None:
        return items
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return items
    items = list(items)
    items[index], items[other] = items[other], items[index]
    return items


class InternalDeadlineForm(StyledForm):
    deadline = forms.DateTimeField(
        label=_("省内截止时间（北京时间）"),
        widget=datetime_input(),
        input_formats=[DATETIME_FORMAT],
        help_text=_(
            "本省（区、市）各申报地区、单位提交申报，以及各级审核推荐，须在此时间前完成；"
            "不能晚于民政部规定的报送截止时间。"
        ),
    )


class BatchSubmitForm(StyledForm):
    """The covering opinion of the provincial department, as on the paper 报送 letter."""

    opinion = forms.CharField(
        label=_("报送意见"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "data-maxlength": 2000}),
        help_text=_("如：经审核，同意推荐以下地区和单位为试点，按推荐顺序排列。"),
    )
    person = forms.CharField(label=_("负责人（签字）"), max_length=32)
    signed_on = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"signed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ScanUploadForm(StyledForm):
    """The scan of one application's signed and sealed paper form."""

    application = forms.TypedChoiceField(coerce=int, label=_("申报"))
    file = forms.FileField(label=_("签字盖章扫描件（PDF、JPG、PNG）"))

    def __init__(self, applications: list[Application], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(a.pk, str(a)) for a in applications]
        self.applications = {a.pk: a for a in applications}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            content_type = check_upload(upload)
        except Refused as e:
            raise forms.ValidationError(e.messages) from e
        if content_type not in SCAN_TYPES:
            raise forms.ValidationError(_("扫描件只能是 PDF、JPG 或 PNG 文件。"))
        return upload


class ExtensionForm(StyledForm):
    province = forms.ModelChoiceField(
        label=_("适用范围"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("全部省级单位（整个试点项目）"),
        help_text=_("只为一个省级单位延长时，选择该单位；其他省级单位的截止时间不变。"),
    )
    deadline = forms.DateTimeField(
        label=_("延长至（北京时间）"),
        widget=datetime_input(),
        input_formats=[DATETIME_FORMAT],
    )
    reason = forms.CharField(
        label=_("延长理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "data-maxlength": 1000}),
        help_text=_("理由会记入审计日志，并在延长记录中列出。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = (
            Organisation.objects.provincial_level().filter(is_active=True).in_official_order()
        )
