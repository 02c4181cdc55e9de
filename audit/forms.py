from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.display import object_type_choices
from audit.models import Event, Result


class AuditFilterForm(forms.Form):
    """The list's filters; the export applies the same ones."""

    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    event = forms.ChoiceField(label=_("事件"), required=False)
    result = forms.ChoiceField(label=_("结果"), required=False)
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("对象类型"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        self.fields["event"].choices = everything + list(Event.choices)
        self.fields["result"].choices = everything + list(Result.choices)
        self.fields["object_type"].choices = everything + object_type_choices()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def filter(self, events: QuerySet) -> QuerySet:
        """Apply the filters that are valid (call ``is_valid()`` first). Dates are whole
        days in local time (北京时间), the end date included."""
        data = getattr(self, "cleaned_data", {})
        if data.get("date_from"):
            events = events.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(at__lt=_start_of(data["date_to"] + timedelta(days=1)))
        if data.get("event"):
            events = events.filter(event=data["event"])
        if data.get("result"):
            events = events.filter(result=data["result"])
        if data.get("actor"):
            name = data["actor"]
            events = events.filter(
                Q(actor_name__icontains=name) | Q(actor__full_name__icontains=name)
            )
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        return events

    def used(self) -> dict[str, str]:
        """The filters in force, as plain strings (for the export's own audit row)."""
        data = getattr(self, "cleaned_data", {})
        return {name: str(value) for name, value in data.items() if value}


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
