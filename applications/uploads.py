"""Uploads are checked by content, not by name, and bounded in size."""

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from applications.actions import Refused

ALLOWED = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "image/jpeg": "JPG",
    "image/png": "PNG",
}
MAX_BYTES = getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024)


def check_upload(upload) -> str:
    """The sniffed content type of an acceptable upload; Refused otherwise."""
    if upload.size > MAX_BYTES:
        raise Refused(_("文件过大：不能超过%(mb)dMB。") % {"mb": MAX_BYTES // (1024 * 1024)})
    if upload.size == 0:
        raise Refused(_("文件是空的。"))
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime == "application/zip" or mime in ALLOWED:
        mime = _office_type(upload) if mime == "application/zip" else mime
    if mime not in ALLOWED:
        raise Refused(_("只能上传 PDF、DOCX、XLSX、JPG、PNG 文件（按文件内容判断）。"))
    return mime


def _office_type(upload) -> str:
    """DOCX and XLSX are zip files; tell them apart by their main part."""
    import zipfile

    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return ""
    finally:
        upload.seek(0)
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return ""
