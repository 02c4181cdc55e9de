"""Reading generated files back in tests, as a user's office software would open them.

    pdf_text(content)    pdftotext -layout (poppler-utils); without it the test skips, or
                         fails when CI=true (make test installs it as root)
    xlsx_text(content)   every cell of every sheet, a line per row (openpyxl, read-only)
    docx_text(content)   the paragraphs and table cells (python-docx; a merged cell once)

Each takes the file's bytes or a path (a Playwright download has no extension, which openpyxl
wants when given a name, so paths are read as bytes first).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

Content = bytes | str | os.PathLike


def _bytes(content: Content) -> bytes:
    return content if isinstance(content, bytes) else Path(content).read_bytes()


def pdf_text(content: Content) -> str:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but pdftotext (poppler-utils) is missing")
        pytest.skip("pdftotext (poppler-utils) not installed: the PDF's text is not checked")
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=_bytes(content), capture_output=True, check=True
    )
    return done.stdout.decode()


def xlsx_text(content: Content) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(_bytes(content)), read_only=True)
    try:
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    finally:
        workbook.close()


def docx_text(content: Content) -> str:
    from docx import Document

    document = Document(io.BytesIO(_bytes(content)))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            seen = []
            for cell in row.cells:
                if cell._tc not in seen:  # a merged cell repeats in every grid position
                    seen.append(cell._tc)
                    lines.append(cell.text)
    return "\n".join(lines)
