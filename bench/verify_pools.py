"""After the load: how much of the pools the server really consumed, from the database — a
refused recommendation or submission still answers with a page, so wrk alone cannot tell."""

import json
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shidian.settings")

import django  # noqa: E402

django.setup()

from applications.models import Action, Application, HistoryEntry, Status  # noqa: E402

OUT = BASE_DIR / "var" / "bench"


def main() -> None:
    targets = json.loads((OUT / "targets.json").read_text())
    results = json.loads((OUT / "results.json").read_text())
    programme = targets["pool_programme"]
    recommended = HistoryEntry.objects.filter(
        application__programme_id=programme,
        action=Action.RECOMMEND,
        at__gte=targets["prepared_at"],
    ).count()
    submitted = (
        Application.objects.filter(programme_id=programme, submitted_at__gte=targets["prepared_at"])
        .exclude(status=Status.DRAFT)
        .count()
    )
    served = {r["name"]: r["codes"] for r in results["rows"]}
    surge_served = sum(r["codes"].get("302", 0) for r in results["surge"])
    pools = {
        "recommendations_recorded": recommended,
        "recommend_responses": served.get("endorsement (recommend)"),
        "submissions_recorded": submitted,
        "submit_redirects": surge_served,
    }
    (OUT / "pools.json").write_text(json.dumps(pools))
    print(json.dumps(pools))


if __name__ == "__main__":
    main()
