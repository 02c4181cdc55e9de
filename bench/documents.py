"""DOCX and PDF of the filled 申报表, per form (applications/printing.py), timed in-process:
one warm-up, then BENCH_DOC_RUNS runs each; the median and the slowest are reported."""

import json
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shidian.settings")

import django  # noqa: E402

django.setup()

from applications.models import Application, Status  # noqa: E402
from applications.printing import print_docx, print_pdf  # noqa: E402

RUNS = int(os.environ.get("BENCH_DOC_RUNS", "3"))
OUT = BASE_DIR / "var" / "bench"


def timed(function, application) -> tuple[list[float], int]:
    function(application)
    times, size = [], 0
    for _ in range(RUNS):
        t0 = time.perf_counter()
        size = len(function(application))
        times.append(time.perf_counter() - t0)
    return times, size


def main() -> None:
    forms = (
        Application.objects.filter(status__in=[Status.SUBMITTED, Status.ENDORSED])
        .order_by("form_version_id")
        .values_list("form_version_id", flat=True)
        .distinct()
    )
    rows = []
    for version in forms:
        application = (
            Application.objects.filter(form_version_id=version, status=Status.SUBMITTED)
            .select_related("programme", "category", "form_version__definition", "organisation")
            .first()
        )
        if application is None:
            continue
        docx, docx_size = timed(print_docx, application)
        pdf, pdf_size = timed(print_pdf, application)
        plan = len(application.values.get("plan", ""))
        rows.append(
            {
                "form": str(application.form_version),
                "plan_chars": plan,
                "docx_ms": round(statistics.median(docx) * 1000, 1),
                "docx_max_ms": round(max(docx) * 1000, 1),
                "docx_kb": round(docx_size / 1024),
                "pdf_ms": round(statistics.median(pdf) * 1000, 1),
                "pdf_max_ms": round(max(pdf) * 1000, 1),
                "pdf_kb": round(pdf_size / 1024),
            }
        )
        r = rows[-1]
        print(
            f"{r['form'][:40]:40} plan {plan:5} chars  DOCX {r['docx_ms']:7.1f} ms "
            f"(max {r['docx_max_ms']})  PDF {r['pdf_ms']:7.1f} ms (max {r['pdf_max_ms']})",
            flush=True,
        )
    (OUT / "documents.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
