"""One request at a time, in-process: what each page of the load run costs, and in how many queries.

The load run's figures depend on what else the machine does; these do much less. For every
GET scenario of var/bench/targets.json (bench/prepare.py: the same pages, as the same signed-in
users, through their sessions), after one warm-up request: the median over BENCH_PAGE_RUNS (7)
of the wall time and of the process's CPU time, the number of queries and their total time, and
the size of the page. Run by bench/run.sh after the load (server stopped), with the same
settings; printed, and kept in var/bench/pages.json.
Comparing two dataset sizes: run make bench on each and compare the ``queries`` columns
(the test in shidian/testing/tests/test_query_counts.py asserts they do not grow).
"""

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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

OUT = BASE_DIR / "var" / "bench"
RUNS = int(os.environ.get("BENCH_PAGE_RUNS", "7"))


def client_for(scenario: dict) -> Client:
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    for part in scenario.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            client.cookies[name] = value
    return client


def measure(scenario: dict) -> dict:
    client = client_for(scenario)
    response = client.get(scenario["path"], secure=True)
    assert response.status_code == 200, (scenario["name"], response.status_code)
    walls, cpus, queries, sql_ms = [], [], [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(scenario["path"], secure=True)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (scenario["name"], response.status_code)
        queries.append(len(captured.captured_queries))
        sql_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    return {
        "name": scenario["name"],
        "wall_ms": round(statistics.median(walls), 1),
        "cpu_ms": round(statistics.median(cpus), 1),
        "queries": max(queries),
        "sql_ms": round(statistics.median(sql_ms), 1),
        "bytes": len(response.content),
    }


def main() -> None:
    targets = json.loads((OUT / "targets.json").read_text())
    rows = [measure(s) for s in targets["scenarios"] if s.get("method", "GET") == "GET"]
    (OUT / "pages.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    for row in rows:
        print(
            f"{row['name']:40s} {row['wall_ms']:7.1f} ms  cpu {row['cpu_ms']:6.1f} ms"
            f"  {row['queries']:3d} queries  sql {row['sql_ms']:6.1f} ms  {row['bytes']} bytes"
        )


if __name__ == "__main__":
    main()
