"""Serving uploaded files. Uploads are private (no MEDIA_URL): a view checks that the user may
see the file, then hands it here, which writes the DOWNLOAD audit row and streams it."""

from django.db import models
from django.http import FileResponse, Http404

from audit.models import Event
from audit.records import record


def serve_private_file(request, item: models.Model, *, summary: str, changes: dict) -> FileResponse:
    """``item`` has ``file``, ``original_name``, ``content_type`` (Attachment, Evidence)."""
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as e:
        raise Http404 from e
    record(Event.DOWNLOAD, actor=request.user, obj=item, summary=summary, changes=changes)
    return FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
