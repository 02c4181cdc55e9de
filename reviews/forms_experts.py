"""Forms of expert review: the rubric's rows, the bulk assignment, an expert's scores and a
declaration of conflict (回避).

They only shape and check the input; the rules (a score within its criterion's range, the
rubric locked once scored, conflicts of interest) are enforced by reviews/actions.py, which
has the last word and words the refusals.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.models import Criterion

HALF = Decimal("0.5")


class CriterionRowForm(forms.Form):
    """One criterion of the rubric editor; a row left entirely blank is ignored."""

    title = forms.CharField(label=_("评分项"), max_length=100)
    guidance = forms.CharField(
        label=_("评分要点"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    weight = forms.DecimalField(
        label=_("权重"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    max_score = forms.IntegerField(
        label=_("满分"),
        min_value=1,
        max_value=1000,
        widget=forms.NumberInput(attrs={"step": "1", "inputmode": "numeric"}),
    )
    content_area_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    FIELDS = ("title", "guidance", "weight", "max_score", "content_area_id")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_permitted", True)
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def has_changed(self) -> bool:
        """A row counts once something is typed in it (its hidden content area aside): an
        emptied row is dropped rather than refused."""
        return any(
            str(self[name].value() or "").strip()
            for name in self.FIELDS
            if name != "content_area_id"
        )

    def raw(self) -> dict:
        """What the row holds as typed (bound) or as given (unbound), for re-rendering."""
        return {name: self[name].value() for name in self.FIELDS}


def criterion_row(criterion: Criterion) -> dict:
    return {
        "title": criterion.title,
        "guidance": criterion.guidance,
        "weight": f"{criterion.weight.normalize():f}",
        "max_score": criterion.max_score,
        "content_area_id": criterion.content_area_id,
    }


def row_forms(data=None, *, rows: list[dict] | None = None) -> list[CriterionRowForm]:
    """The editor's rows: bound to the POST (its ``rows`` count says how many) or unbound,
    showing ``rows``."""
    if data is not None:
        try:
            count = min(int(data.get("rows", 0)), 100)
        except ValueError:
            count = 0
        return [CriterionRowForm(data, prefix=f"c{i}") for i in range(count)]
    return [CriterionRowForm(initial=row, prefix=f"c{i}") for i, row in enumerate(rows or [])]


class AssignFilterForm(forms.Form):
    """Which eligible applications the assignment page lists."""

    province = forms.TypedChoiceField(label=_("报送单位"), coerce=int, required=False)
    category = forms.TypedChoiceField(label=_("申报类别"), coerce=int, required=False)

    def __init__(self, *args, provinces=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("全部"))]
        self.fields["province"].choices = everyone + [(o.pk, o.name) for o in provinces]
        self.fields["category"].choices = everyone + [(c.pk, c.name) for c in categories]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def chosen(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


class AssignForm(forms.Form):
    """The applications and experts picked on the assignment page (every expert to every
    application)."""

    application = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("申报"),
        error_messages={"required": _("请至少选择一份申报。")},
    )
    expert = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("评审专家"),
        error_messages={"required": _("请至少选择一位评审专家。")},
    )

    def __init__(self, *args, applications, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["expert"].queryset = experts


class ScoreForm(forms.Form):
    """An expert's scores: ``score_<criterion pk>``, ``comment_<criterion pk>`` and the
    overall comment. Only the shape is checked here (a number, in steps of 0.5); the range is
    the action's to refuse, in its own words."""

    overall_comment = forms.CharField(
        label=_("总体评价"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.CharField(
                label=_("“%(c)s”得分") % {"c": criterion.title},
                required=False,
                max_length=12,
                widget=forms.NumberInput(
                    attrs={
                        "class": "form-control sd-score-input",
                        "min": "0",
                        "max": str(criterion.max_score),
                        "step": "0.5",
                        "inputmode": "decimal",
                        "data-weight": str(criterion.weight),
                        "data-max": str(criterion.max_score),
                    }
                ),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("“%(c)s”评语") % {"c": criterion.title},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        self.order_fields([*self._criterion_fields(), "overall_comment"])

    def _criterion_fields(self):
        for criterion in self.criteria:
            yield f"score_{criterion.pk}"
            yield f"comment_{criterion.pk}"

    def clean(self):
        data = super().clean()
        for criterion in self.criteria:
            name = f"score_{criterion.pk}"
            raw = (data.get(name) or "").strip()
            if not raw:
                continue
            try:
                value = Decimal(raw)
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite():
                self.add_error(name, _("请填写数字。"))
            elif abs(value) < criterion.max_score + 1 and value % HALF != 0:
                # Beyond the range the action refuses it, saying what the range is.
                self.add_error(name, _("得分以0.5分为单位。"))
        return data

    def rows(self) -> list[dict]:
        """Per criterion: its score and comment fields (marked invalid when they have an
        error) and its weight as people write it (1, 1.5)."""
        rows = []
        for criterion in self.criteria:
            score = self[f"score_{criterion.pk}"]
            if self.is_bound and score.errors:
                widget = score.field.widget
                widget.attrs["class"] = widget.attrs["class"] + " is-invalid"
                widget.attrs["aria-describedby"] = f"error-score-{criterion.pk}"
            rows.append(
                {
                    "criterion": criterion,
                    "score": score,
                    "comment": self[f"comment_{criterion.pk}"],
                    "weight": f"{criterion.weight.normalize():f}",
                }
            )
        return rows

    def scores(self) -> dict[int, tuple[str, str]]:
        """What actions.save_scores takes: criterion pk → (score as typed, comment)."""
        return {
            c.pk: (
                (self.cleaned_data.get(f"score_{c.pk}") or "").strip(),
                self.cleaned_data.get(f"comment_{c.pk}") or "",
            )
            for c in self.criteria
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("回避理由"),
        max_length=200,
        error_messages={"required": _("请写明回避理由。")},
        help_text=_("如：近两年内在该单位任职、有亲属关系、参与了该单位的申报工作。"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
