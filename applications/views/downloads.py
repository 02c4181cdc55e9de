"""Downloads of an application: its attachments and the printed form."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from applications.models import Application, Attachment
from applications.printing import print_docx, print_pdf
from applications.views.common import load_application
from shidian.files import serve_private_file


@login_required
def attachment(request, pk: int):
    """A file of an application the user may see (404 otherwise); every download audited."""
    item = get_object_or_404(Attachment.objects.select_related("application"), pk=pk)
    if not Application.objects.visible_to(request.user).filter(pk=item.application_id).exists():
        raise Http404
    return serve_private_file(
        request,
        item,
        summary=f"{item.application.title}：{item.original_name}",
        changes={"application": item.application_id, "size": item.size},
    )


PRINT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
def print_form(request, pk: int, fmt: str):
    """The official 申报表 filled in, as DOCX or PDF."""
    application = load_application(request, pk)
    if fmt not in PRINT_TYPES:
        raise Http404
    content = print_docx(application) if fmt == "docx" else print_pdf(application)
    response = HttpResponse(content, content_type=PRINT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{application.title}.{fmt}"
    )
    return response
