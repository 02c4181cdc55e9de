"""The 申报汇总表 (reviews/export.py) of every application in the database, timed, with the
process's peak resident memory. Run in a process of its own (bench/run.sh does). The queryset
is the inbox's (reviews/views/inbox.py ``submitted()``) over every programme and status, in
the export's default order; ``write_inbox`` reads only the columns' values from it.

    python bench/export_xlsx.py [--again] [--profile]

``--again``: the second run (database cache warm), reported on its own line; ``--profile``:
cProfile's top functions too.
"""

import json
import os
import pstats
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
    again = "--again" in sys.argv
    # What reviews/views/inbox.py's submitted() selects, over every programme and status.
    applications = (
        Application.objects.select_related(
            "organisation__region", "province__region", "category", "assessment", "batch_item"
        )
        .defer("values", "search_text")
        .order_by(*SORTS["province"])
    )
    profiler = None
    if "--profile" in sys.argv:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    before = rss_mb()
    out = export.temporary_file()
    t0 = time.perf_counter()
    rows = export.write_inbox(applications, out)
    seconds = time.perf_counter() - t0
    if profiler is not None:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    size = out.seek(0, 2)
    result = {
        "variant": "again (database cache warm)" if again else "first run",
        "rows": rows,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(rss_mb()),
        "rss_before_mb": round(before),
        "file_mb": round(size / 1024 / 1024, 1),
    }
    print(json.dumps(result, ensure_ascii=False))
    OUT.mkdir(parents=True, exist_ok=True)
    name = "export-again.json" if again else "export.json"
    (OUT / name).write_text(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
