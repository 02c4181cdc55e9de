"""补正: the province's page for an application the ministry sent back at the eligibility check.

The provincial-level body that submitted the application (``application.province``) reads the
ministry's reasons and the correct-by deadline, uploads the corrected materials
(``applications.actions.add_attachment``, as a scan of paper materials, which the province's
endorsers may add) and submits the correction with a note (``reviews.actions.submit_correction``),
which puts the application back in the ministry's eligibility check.

Access: 404 when the user cannot see the application (``Application.objects.visible_to``) or
the ministry has no file on it; 403, saying why, for anyone who sees it but does not speak for
that provincial-level body (the applicant, a prefecture on the chain, the ministry).
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.actions import Refused, add_attachment
from applications.models import Application, Attachment
from applications.permissions import can_select
from applications.views.common import forbidden
from desk.flash import flash_done
from reviews.actions import submit_correction
from reviews.models import Assessment, Eligibility

NOTE_MAX = 2000


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("补正材料"),
        help_text=gettext_lazy("PDF、DOCX、XLSX、JPG、PNG 文件，每个不超过20MB；可多次上传。"),
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png",
                "aria-describedby": "help-file",
            }
        ),
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("补正说明"),
        max_length=NOTE_MAX,
        help_text=gettext_lazy("逐条说明按审查意见补正了什么、材料在哪里。"),
        widget=forms.Textarea(
            attrs={
                "class": "form-control",
                "rows": 6,
                "maxlength": NOTE_MAX,
                "aria-describedby": "help-note",
            }
        ),
    )


def _mark_errors(form: forms.Form) -> None:
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{attrs.get('aria-describedby', '')} error-{name}".strip()


def _load(request, pk: int) -> tuple[Application, Assessment]:
    application = get_object_or_404(
        Application.objects.visible_to(request.user).select_related(
            "programme", "category", "organisation", "province"
        ),
        pk=pk,
    )
    assessment = get_object_or_404(
        Assessment.objects.select_related("checked_by"), application=application
    )
    return application, assessment


def _is_open(assessment: Assessment) -> bool:
    return (
        assessment.eligibility == Eligibility.CORRECTION
        and assessment.correct_by is not None
        and timezone.now() < assessment.correct_by
    )


def _uploads(application: Application, assessment: Assessment) -> list[Attachment]:
    """What the province uploaded since the ministry sent the application back."""
    uploads = application.attachments.filter(
        is_paper_scan=True, uploaded_by__organisation_id=application.province_id
    )
    if assessment.checked_at:
        uploads = uploads.filter(uploaded_at__gte=assessment.checked_at)
    return list(uploads.order_by("uploaded_at"))


@login_required
def correction(request, pk: int):
    application, assessment = _load(request, pk)
    if not can_select(request.user, application.province):
        return forbidden(
            request,
            application,
            _("只有报送该申报的省级民政部门可以补正。"),
        )
    upload_form, note_form = UploadForm(), CorrectionForm()
    if request.method == "POST":
        if request.POST.get("action") == "upload":
            upload_form = UploadForm(request.POST, request.FILES)
            if _upload(request, application, assessment, upload_form):
                return redirect("reviews:correction", pk=application.pk)
        else:
            note_form = CorrectionForm(request.POST)
            if _submit(request, application, note_form):
                return redirect("reviews:correction", pk=application.pk)
        _mark_errors(upload_form)
        _mark_errors(note_form)
    return render(
        request,
        "reviews/correction.html",
        {
            "application": application,
            "assessment": assessment,
            "is_open": _is_open(assessment),
            "uploads": _uploads(application, assessment),
            "upload_form": upload_form,
            "form": note_form,
        },
    )


def _upload(request, application, assessment, form: UploadForm) -> bool:
    if not _is_open(assessment):
        form.add_error(None, _("不在补正期内，不能上传补正材料。"))
        return False
    if not form.is_valid():
        return False
    try:
        attachment = add_attachment(
            application, form.cleaned_data["file"], by=request.user, is_paper_scan=True
        )
    except Refused as error:
        form.add_error("file", error.messages)
        return False
    flash_done(request, _("已上传补正材料“%(name)s”") % {"name": attachment.original_name})
    return True


def _submit(request, application, form: CorrectionForm) -> bool:
    if not form.is_valid():
        return False
    try:
        submit_correction(application, form.cleaned_data["note"], by=request.user)
    except ValidationError as error:  # Refused: shown above the note, which is kept
        form.add_error(None, error.messages)
        return False
    flash_done(request, _("已提交补正，等待民政部重新审查"))
    return True
