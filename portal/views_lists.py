"""A published list on the portal: the 公示 (its notice is in 通知公告) and the final 名单 (in
试点名单 or 示范名单). Both are portal notices (``PublishedList.publicity_notice`` /
``.final_notice``); the notice page (views.notice) shows them through ``list_context``: the
list grouped by province in administrative-code order, its XLSX and PDF, and, for the 公示, the
period and, while it is open, the objection form (异议). Nothing here needs an account.
"""

import hashlib

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.context import client_ip
from reviews.listing import Group, grouped
from reviews.models import ListEntry, ListStatus, PublishedList

LIST_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
LIST_FILE_CACHE_SECONDS = 24 * 60 * 60


def published_list_of(notice) -> PublishedList | None:
    """The list whose 公示 or final 名单 the notice is, if any."""
    if notice.programme_id:
        return None  # a programme's own notice (list notices have no programme)
    return (
        PublishedList.objects.filter(Q(publicity_notice=notice) | Q(final_notice=notice))
        .select_related("programme", "final_notice")
        .first()
    )


# --------------------------------------------------------------------------- the objection form


class ObjectionForm(forms.Form):
    """The 异议 form, in the order a 公示's own wording asks for it: who you are and how to
    reach you, then what you object to. The rules on the phone number, the e-mail address and
    the period are lodge_objection's; its refusals come back next to their fields."""

    name = forms.CharField(label=gettext_lazy("姓名"), max_length=32)
    organisation = forms.CharField(label=gettext_lazy("工作单位"), max_length=100, required=False)
    phone = forms.CharField(
        label=gettext_lazy("联系电话"),
        max_length=32,
        help_text=gettext_lazy("手机号码，或带区号的固定电话，如 010-58123515。"),
    )
    email = forms.CharField(label=gettext_lazy("电子邮箱"), max_length=254, required=False)
    entry = forms.TypedChoiceField(
        label=gettext_lazy("涉及对象"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=gettext_lazy("异议涉及名单中某一单位时请选择；涉及整个名单的可不选。"),
    )
    content = forms.CharField(
        label=gettext_lazy("异议内容"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("请写明异议的事实和理由，限3000字。"),
    )

    # What each of lodge_objection's validation codes is about.
    FIELD_OF_CODE = {"phone": "phone", "email": "email"}

    def __init__(self, groups: list[Group], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {e.pk: e for group in groups for e in group.entries}
        self.fields["entry"].choices = [("", _("（不涉及具体单位）"))] + [
            (group.name, [(e.pk, e.application.organisation.name) for e in group.entries])
            for group in groups
        ]
        for name, field in self.fields.items():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)
            if field.help_text:
                widget.attrs.setdefault("aria-describedby", f"help-obj-{name}")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["email"].widget.attrs.update(autocomplete="email", inputmode="email")
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["organisation"].widget.attrs.update(autocomplete="organization")
        self.fields["content"].widget.attrs.update(maxlength="3000")

    def add_refusal(self, error: ValidationError) -> None:
        """Put the action's refusal next to the field it is about (at the top otherwise)."""
        for item in error.error_list:
            self.add_error(self.FIELD_OF_CODE.get(item.code), item.messages)

    def mark_errors(self) -> None:
        """Fields in error say so to screen readers and point to their message."""
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["class"] += " is-invalid"
            attrs["aria-invalid"] = "true"
            described = [attrs.get("aria-describedby", ""), f"error-obj-{name}"]
            attrs["aria-describedby"] = " ".join(d for d in described if d)

    def lodge_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "organisation": data["organisation"],
            "phone": data["phone"],
            "email": data["email"],
            "entry": self.entries.get(data["entry"]),
            "content": data["content"],
        }


# --------------------------------------------------------------------------- the notice page


def list_context(notice, *, objection_form: ObjectionForm | None = None) -> dict:
    """What the notice page shows for a notice that is a published list ({} otherwise)."""
    published_list = published_list_of(notice)
    if published_list is None:
        return {}
    from reviews.list_documents import numbered, publicity_period

    groups = grouped(published_list)
    is_publicity = published_list.publicity_notice_id == notice.pk
    now = timezone.now()
    objections_open = is_publicity and published_list.publicity_open(now)
    if objections_open and objection_form is None:
        objection_form = ObjectionForm(groups)
    final_notice = published_list.final_notice
    return {
        "published_list": published_list,
        "list_groups": numbered(groups),
        "list_total": sum(len(g.entries) for g in groups),
        "list_is_publicity": is_publicity,
        "list_period": publicity_period(published_list) if is_publicity else "",
        "list_publicity_ends_at": published_list.publicity_ends_at,
        "list_publicity_starts_at": published_list.publicity_starts_at,
        "list_not_yet_open": bool(
            is_publicity
            and published_list.status == ListStatus.PUBLICITY
            and published_list.publicity_starts_at
            and now < published_list.publicity_starts_at
        ),
        "list_final_notice": final_notice if is_publicity and final_notice else None,
        "list_downloads": [
            (fmt.upper(), reverse("portal:list_download", args=[notice.pk, fmt]))
            for fmt in LIST_FORMATS
        ],
        "objections_open": objections_open,
        "objection_form": objection_form if objections_open else None,
        "unsent_objection": (
            objection_form.data.get("content", "")
            if objection_form is not None and objection_form.is_bound and not objections_open
            else ""
        ),
    }


@require_POST
def objection(request, pk: int):
    """Lodge an objection to a 公示; on success back to the notice page, which says what
    happens next; on a refusal the page again, with everything typed and the reasons."""
    from portal.views import notice_page, public_notices
    from reviews.actions import lodge_objection

    notice = get_object_or_404(public_notices(), pk=pk)
    published_list = published_list_of(notice)
    if published_list is None or published_list.publicity_notice_id != notice.pk:
        raise Http404
    form = ObjectionForm(grouped(published_list), request.POST)
    if form.is_valid():
        try:
            lodge_objection(
                published_list, source_address=client_ip(request), **form.lodge_arguments()
            )
        except ValidationError as error:  # Refused included
            form.add_refusal(error)
        else:
            messages.success(
                request,
                _(
                    "您的异议已提交，民政部已收到。我们将在名单正式公布前核实情况并作出答复，"
                    "必要时通过您留下的联系电话或电子邮箱与您联系。"
                ),
            )
            return redirect("portal:notice", pk=notice.pk)
    if not published_list.publicity_open():
        # The period ended (or has not begun) while the visitor typed: the page shows what
        # they wrote, so that nothing is lost.
        messages.error(request, _("现在不在公示期内，异议未能提交。"))
    form.mark_errors()
    return notice_page(request, notice, objection_form=form)


# --------------------------------------------------------------------------- downloads


def _file_key(notice, published_list: PublishedList, fmt: str) -> str:
    """The cache key of a generated file: a new one whenever what it shows may change (the
    entries are rebuilt when the list is published, the title may change with them)."""
    entries = list(
        ListEntry.objects.filter(published_list=published_list)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    digest = hashlib.sha256(
        repr((notice.title, published_list.status, published_list.published_at, entries)).encode()
    ).hexdigest()[:16]
    return f"portal:list:{fmt}:{notice.pk}:{digest}"


def list_download(request, pk: int, fmt: str):
    """The list of a public notice as XLSX or PDF, as the page shows it."""
    from portal.views import public_notices
    from reviews.list_documents import list_pdf, list_xlsx

    notice = get_object_or_404(public_notices(), pk=pk)
    published_list = published_list_of(notice)
    if published_list is None or fmt not in LIST_FORMATS:
        raise Http404
    key = _file_key(notice, published_list, fmt)
    content = cache.get(key)
    if content is None:
        if fmt == "xlsx":
            content = list_xlsx(published_list, title=notice.title)
        else:
            is_publicity = published_list.publicity_notice_id == notice.pk
            content = list_pdf(published_list, title=notice.title, publicity=is_publicity)
        cache.set(key, content, LIST_FILE_CACHE_SECONDS)
    response = HttpResponse(content, content_type=LIST_FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{notice.title}.{fmt}")
    return response
