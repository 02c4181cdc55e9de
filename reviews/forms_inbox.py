"""Forms of the ministry's inbox and determination pages.

They shape and check the input; the rules (all checks done before determining, the 公示
running its course, objections answered) are the actions' and have the last word there.
Datetimes are typed and shown in Beijing time whatever the active time zone.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviews.listing import final_preface
from reviews.models import Decision, Eligibility

BEIJING = ZoneInfo("Asia/Shanghai")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DIRECT = "direct"  # the province filter's value for the ministry's own affiliated bodies
PUBLICITY_DAYS = 7


class StyledForm(forms.Form):
    """Bootstrap classes on the widgets (radio lists are laid out by the template), and help
    texts tied to their inputs (``help-<name>``, or ``help_prefix`` when two forms of one
    page share field names)."""

    help_prefix = "help-"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
                continue
            if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)
            if field.help_text:
                widget.attrs.setdefault("aria-describedby", f"{self.help_prefix}{name}")


class BeijingDateTimeField(forms.DateTimeField):
    """A ``datetime-local`` input read and shown in Beijing time."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)
    input_formats = [DATETIME_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def to_python(self, value):
        with timezone.override(BEIJING):
            return super().to_python(value)

    def prepare_value(self, value):
        with timezone.override(BEIJING):
            return super().prepare_value(value)


def _text(label, *, rows: int = 4, max_length: int = 2000, required: bool = True, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows, "data-maxlength": max_length}),
        **kwargs,
    )


# --------------------------------------------------------------------------- the inbox

# Administrative-code order of the submitting provincial-level body (a city specifically
# designated in the state plan after its province, the Corps after Xinjiang, the ministry's
# affiliated bodies last), then the province's own ranking.
_PROVINCE = (
    F("province__region__code").asc(nulls_last=True),
    "province__kind",
    F("batch_item__rank").asc(nulls_last=True),
)
SORTS = {
    "province": (*_PROVINCE, "organisation__name", "pk"),
    "score": (F("assessment__average_score").desc(nulls_last=True), *_PROVINCE, "pk"),
    "name": ("organisation__name", *_PROVINCE, "pk"),
    "submitted": ("submitted_at", "pk"),
}
SORT_CHOICES = [
    ("province", _("省份（行政区划代码）、推荐排序")),
    ("score", _("平均分（高到低）")),
    ("name", _("申报主体名称")),
    ("submitted", _("提交时间")),
]


class InboxFilterForm(StyledForm):
    """Filters of the inbox, shared by the page and its export. Built with the provinces
    and categories present (``provinces``: (pk or DIRECT, name) in official order)."""

    q = forms.CharField(label=_("申报主体"), max_length=100, required=False)
    province = forms.ChoiceField(label=_("省份（报送单位）"), required=False)
    category = forms.TypedChoiceField(label=_("类别"), coerce=int, required=False)
    eligibility = forms.ChoiceField(
        label=_("形式审查"),
        required=False,
        choices=[("", _("全部")), *Eligibility.choices],
    )
    decision = forms.ChoiceField(
        label=_("确定结果"), required=False, choices=[("", _("全部")), *Decision.choices]
    )
    score_min = forms.DecimalField(
        label=_("平均分不低于"), required=False, min_value=0, max_digits=6, decimal_places=2
    )
    score_max = forms.DecimalField(
        label=_("平均分不高于"), required=False, min_value=0, max_digits=6, decimal_places=2
    )
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, provinces=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("全部"))] + [
            (str(value), name) for value, name in provinces
        ]
        self.fields["category"].choices = [("", _("全部"))] + [(c.pk, c.name) for c in categories]
        self.fields["q"].widget.attrs.update({"placeholder": _("名称中的字词"), "type": "search"})
        for name in ("score_min", "score_max"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("score_min"), cleaned.get("score_max")
        if low is not None and high is not None and low > high:
            self.add_error("score_max", _("最高分不能低于最低分。"))
        return cleaned

    def chosen(self) -> dict:
        """The valid filters (an invalid one is ignored, and shown with its error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}

    def used(self) -> dict[str, str]:
        """The filters in force as plain strings (for the export's audit row)."""
        return {k: str(v) for k, v in self.chosen().items() if k != "sort"}

    def apply(self, applications: QuerySet) -> QuerySet:
        chosen = self.chosen()
        if chosen.get("q"):
            applications = applications.filter(organisation__name__icontains=chosen["q"].strip())
        province = chosen.get("province")
        if province == DIRECT:
            applications = applications.filter(province__isnull=True)
        elif province:
            applications = applications.filter(province_id=province)
        if chosen.get("category"):
            applications = applications.filter(category_id=chosen["category"])
        if chosen.get("eligibility"):
            applications = applications.filter(assessment__eligibility=chosen["eligibility"])
        if chosen.get("decision"):
            applications = applications.filter(assessment__decision=chosen["decision"])
        if chosen.get("score_min") is not None:
            applications = applications.filter(assessment__average_score__gte=chosen["score_min"])
        if chosen.get("score_max") is not None:
            applications = applications.filter(assessment__average_score__lte=chosen["score_max"])
        return applications.order_by(*SORTS[chosen.get("sort") or "province"])

    @property
    def is_filtered(self) -> bool:
        return bool(self.used())


class PickForm(forms.Form):
    """The rows ticked for a bulk action."""

    pick = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={"required": _("请先勾选申报。")},
    )

    def __init__(self, ids, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pick"].choices = [(pk, pk) for pk in ids]
        self.fields["pick"].error_messages["invalid_choice"] = _(
            "勾选的申报中有不能办理的，请刷新页面后重试。"
        )


# --------------------------------------------------------------------------- eligibility


class EligibilityForm(StyledForm):
    result = forms.ChoiceField(
        label=_("审查结果"),
        widget=forms.RadioSelect,
        choices=[
            (Eligibility.ELIGIBLE, Eligibility.ELIGIBLE.label),
            (Eligibility.CORRECTION, Eligibility.CORRECTION.label),
            (Eligibility.INELIGIBLE, Eligibility.INELIGIBLE.label),
        ],
        error_messages={"required": _("请选择审查结果。")},
    )
    reasons = _text(
        _("审查意见"),
        required=False,
        help_text=_("退回补正、不符合条件须写明理由；退回补正时理由将告知报送单位。"),
    )
    correct_by = BeijingDateTimeField(
        label=_("补正截止时间（北京时间）"),
        required=False,
        help_text=_("仅退回补正时填写；报送单位须在此时间前补正。"),
    )

    def clean(self):
        cleaned = super().clean()
        result = cleaned.get("result")
        if result in (Eligibility.CORRECTION, Eligibility.INELIGIBLE):
            if not (cleaned.get("reasons") or "").strip():
                self.add_error("reasons", _("请写明审查意见（理由）。"))
        if result == Eligibility.CORRECTION and "correct_by" not in self.errors:
            correct_by = cleaned.get("correct_by")
            if correct_by is None:
                self.add_error("correct_by", _("退回补正须设定补正截止时间。"))
            elif correct_by <= timezone.now():
                self.add_error("correct_by", _("补正截止时间须晚于现在。"))
        return cleaned


# --------------------------------------------------------------------------- determination

DECISIONS = [
    (Decision.SELECTED, Decision.SELECTED.label),
    (Decision.NOT_SELECTED, Decision.NOT_SELECTED.label),
]


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("确定结果"),
        widget=forms.RadioSelect,
        choices=DECISIONS,
        error_messages={"required": _("请选择确定结果。")},
    )
    message = _text(
        _("结果说明"),
        rows=3,
        max_length=1000,
        required=False,
        help_text=_("如入选理由或未入选原因，记入该申报的审查与确定记录。"),
    )


class PublicityForm(StyledForm):
    title = forms.CharField(label=_("公示标题"), max_length=200)
    preface = _text(
        _("公示说明"),
        rows=5,
        max_length=3000,
        required=False,
        help_text=_("如公示期限、异议的提出方式和受理部门；列在名单之前。"),
    )
    starts_at = BeijingDateTimeField(label=_("公示开始（北京时间）"))
    ends_at = BeijingDateTimeField(
        label=_("公示结束（北京时间）"), help_text=_("公示期一般为5至7天，不少于5天。")
    )
    confirm = forms.BooleanField(
        label=_("我已核对拟确定名单，知悉公示一经开始即在门户网站发布、不能撤回"),
        error_messages={"required": _("请勾选确认后再开始公示。")},
    )

    def __init__(self, *args, programme=None, **kwargs):
        if programme is not None and not args and "data" not in kwargs:
            now = timezone.localtime(timezone.now(), BEIJING).replace(second=0, microsecond=0)
            kwargs.setdefault(
                "initial",
                {
                    "title": _("%(p)s拟确定名单公示") % {"p": programme.name},
                    "starts_at": now,
                    "ends_at": now + timedelta(days=PUBLICITY_DAYS),
                },
            )
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("公示结束时间须晚于开始时间。"))
        return cleaned


class AnswerForm(StyledForm):
    answer = _text(_("答复"), rows=3, max_length=3000)


class PublishForm(StyledForm):
    """Shown on the page of the 公示 form, whose field names it shares: its own ids."""

    help_prefix = "help-publish-"

    title = forms.CharField(label=_("名单标题"), max_length=200)
    preface = _text(
        _("说明"),
        rows=4,
        max_length=3000,
        required=False,
        help_text=_(
            "列在名单之前，如确定的依据和试点期限；留空则使用默认说明（不含公示的异议说明）。"
        ),
    )
    confirm = forms.BooleanField(
        label=_("我已核对名单，知悉公布后不能撤回，确定结果不能再修改"),
        error_messages={"required": _("请勾选确认后再公布名单。")},
    )

    def __init__(self, *args, programme=None, publicised: bool = False, **kwargs):
        if programme is not None and not args and "data" not in kwargs:
            kwargs.setdefault(
                "initial",
                {
                    "title": _("%(p)s名单") % {"p": programme.name},
                    "preface": final_preface(programme, publicised=publicised),
                },
            )
        kwargs.setdefault("auto_id", "id_publish_%s")
        super().__init__(*args, **kwargs)
