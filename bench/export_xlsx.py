"""The 申报汇总表 (reviews/export.py) of every application in the database, timed, with the
process's peak resident memory. Run in a process of its own (bench/run.sh does), once as the
inbox's queryset loads rows today and once with ``--defer`` (without the form values).

    python bench/export_xlsx.py [--defer]
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shidian.settings")

import django  # noqa: E402

django.setup()

from applications.models import Application  # noqa: E402
from reviews import export  # noqa: E402
from reviews.forms_inbox import SORTS  # noqa: E402

OUT = BASE_DIR / "var" / "bench"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    defer = "--defer" in sys.argv
    # What reviews/views/inbox.py's submitted() selects, over every programme and status.
    applications = Application.objects.select_related(
        "organisation__region", "province__region", "category", "assessment", "batch_item"
    ).order_by(*SORTS["province"])
    if defer:
        applications = applications.defer("values", "search_text")
    before = rss_mb()
    out = export.temporary_file()
    t0 = time.perf_counter()
    rows = export.write_inbox(applications, out)
    seconds = time.perf_counter() - t0
    size = out.seek(0, 2)
    result = {
        "variant": "defer(values)" if defer else "as the inbox loads rows",
        "rows": rows,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(rss_mb()),
        "rss_before_mb": round(before),
        "file_mb": round(size / 1024 / 1024, 1),
    }
    print(json.dumps(result, ensure_ascii=False))
    name = "export-defer.json" if defer else "export.json"
    (OUT / name).write_text(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
