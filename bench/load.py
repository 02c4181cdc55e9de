"""Drive the running server with wrk, one scenario after another (bench/run.sh starts it).

Every scenario runs BENCH_DURATION seconds with BENCH_CONNECTIONS (50) concurrent connections
through bench/wrk/scenario.lua; figures are requests per second, p50/p95/p99 latency, errors
(socket errors, timeouts and any status but the expected one) and the ratio of the throughput
to the bare view's. Then the deadline surge: submissions at rising concurrency, each by its own
applicant, until a level has errors. Results: var/bench/results.json and a Markdown table.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT = BASE_DIR / "var" / "bench"
LUA = BASE_DIR / "bench" / "wrk" / "scenario.lua"
HOST = os.environ.get("BENCH_HOST", "127.0.0.1:8765")
DURATION = int(os.environ.get("BENCH_DURATION", "15"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))
THREADS = 2
SURGE_LEVELS = [
    int(n) for n in os.environ.get("BENCH_SURGE_LEVELS", "10,25,50,100,200,400").split(",") if n
]
# Optionally a second measurement of each page: BENCH_CONNECTIONS users who each wait THINK_MS (on
# average) between requests, as people do, for THINK_SECONDS.
THINK_MS = int(os.environ.get("BENCH_THINK_MS", "0"))  # off by default: see RESULTS.md
THINK_SECONDS = int(os.environ.get("BENCH_THINK_SECONDS", "10"))
SATURATION = os.environ.get("BENCH_SATURATION", "1") != "0"
SURGE_SECONDS = int(os.environ.get("BENCH_SURGE_SECONDS", "8"))
EXPECTED = {"GET": {200}, "POST": {200, 302}}


def loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def wrk(
    scenario: dict, csrf: str, *, duration: int, connections: int, pool: str = "", think: int = 0
) -> dict:
    env = {
        **os.environ,
        "B_METHOD": scenario.get("method", "GET"),
        "B_PATH": scenario.get("path", "/"),
        "B_COOKIE": scenario.get("cookie", f"csrftoken={csrf}"),
        "B_CSRF": csrf,
        "B_BODY": scenario.get("body", ""),
        "B_COUNT_BODY": "1" if scenario.get("count_body") else "",
        "B_POOL": pool or scenario.get("pool", ""),
        "B_VARY_AGENT": "1" if scenario.get("vary_agent") else "",
        "B_HOST": HOST,
        "B_THREADS": str(THREADS),
        "B_DELAY_MS": str(think),
    }
    command = [
        "wrk",
        "-t",
        str(min(THREADS, connections)),
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://{HOST}{scenario.get('path', '/')}",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=duration + 60)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"wrk gave no result: {done.stdout}\n{done.stderr}")
    result = json.loads(lines[-1])
    seconds = result["duration_us"] / 1e6
    expected = scenario.get("expect") or EXPECTED[scenario.get("method", "GET")]
    unexpected = sum(n for code, n in result["codes"].items() if int(code) not in expected)
    sockets = result["err_connect"] + result["err_read"] + result["err_write"]
    result.update(
        rps=result["requests"] / seconds if seconds else 0,
        errors=unexpected + sockets + result["err_timeout"],
        seconds=seconds,
    )
    return result


def row(name: str, r: dict, floor: float | None) -> dict:
    return {
        "name": name,
        "rps": round(r["rps"], 1),
        "p50_ms": round(r["p50_us"] / 1000, 1),
        "p95_ms": round(r["p95_us"] / 1000, 1),
        "p99_ms": round(r["p99_us"] / 1000, 1),
        "requests": r["requests"],
        "errors": r["errors"],
        "codes": r["codes"],
        "ratio": round(r["rps"] / floor, 3) if floor else None,
        "load_before": r.get("load_before"),
    }


def check(targets: dict) -> int:
    """One request per scenario (the pools' last item), printing status and where it leads:
    ``python bench/load.py --check`` against a running server, before a long run."""
    import http.client

    failures = 0
    for scenario in targets["scenarios"]:
        path, cookie = scenario.get("path", "/"), scenario.get("cookie", "")
        if scenario.get("pool"):
            path, cookie = Path(scenario["pool"]).read_text().splitlines()[-1].split("\t")
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Cookie": cookie}
        body = None
        if scenario.get("method") == "POST":
            body = Path(scenario["body"]).read_bytes()
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": targets["csrf"],
                    "Origin": f"https://{HOST}",
                    "Referer": f"https://{HOST}{path}",
                }
            )
        connection = http.client.HTTPConnection(*HOST.split(":"))
        connection.request(scenario.get("method", "GET"), path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        expected = scenario.get("expect") or EXPECTED[scenario.get("method", "GET")]
        ok = response.status in expected
        failures += not ok
        print(
            f"{'ok  ' if ok else 'FAIL'} {response.status} {scenario['name']:40} {path} "
            f"→ {response.getheader('Location') or len(content)}"
        )
    return failures


def main() -> None:
    targets = json.loads((OUT / "targets.json").read_text())
    if "--check" in sys.argv:
        sys.exit(1 if check(targets) else 0)
    csrf = targets["csrf"]
    rows = []
    floor = None
    for scenario in targets["scenarios"]:
        if scenario.get("method", "GET") == "GET" and not scenario.get("pool"):
            wrk(scenario, csrf, duration=2, connections=8)  # warm caches and workers
        before = loadavg()
        # BENCH_SATURATION=0: only the floor at saturation, the pages with users thinking.
        duration = DURATION if SATURATION or floor is None else 1
        result = wrk(scenario, csrf, duration=duration, connections=CONNECTIONS)
        result["load_before"] = before
        if floor is None:
            floor = result["rps"]
        rows.append(row(scenario["name"], result, floor))
        if THINK_MS:
            calm = wrk(
                scenario, csrf, duration=THINK_SECONDS, connections=CONNECTIONS, think=THINK_MS
            )
            rows[-1]["think"] = row(scenario["name"], calm, None)
        r, t = rows[-1], rows[-1].get("think") or {}
        print(
            f"{r['name']:44} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.1f}  "
            f"p95 {r['p95_ms']:7.1f}  p99 {r['p99_ms']:7.1f} ms  errors {r['errors']}  "
            f"x{r['ratio']}  {r['codes']} | users: {t.get('rps')} req/s p50 {t.get('p50_ms')} "
            f"p95 {t.get('p95_ms')} p99 {t.get('p99_ms')} errors {t.get('errors')}",
            flush=True,
        )
        time.sleep(1)
    surge = surge_run(targets["surge"], csrf)
    (OUT / "results.json").write_text(
        json.dumps(
            {
                "rows": rows,
                "surge": surge,
                "duration": DURATION,
                "connections": CONNECTIONS,
                "think_ms": THINK_MS,
                "think_seconds": THINK_SECONDS,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


def surge_run(surge: dict, csrf: str) -> list[dict]:
    """Submissions at rising concurrency, each from its own slice of the draft pool."""
    lines = Path(surge["pool"]).read_text().splitlines()
    used = 0
    results = []
    for level in SURGE_LEVELS:
        # At most what the level could use at 150 submissions a second.
        share = lines[used : used + 100 * SURGE_SECONDS + level * 2]
        if len(share) < level * 2:
            print(f"surge: the pool is used up before {level} concurrent", flush=True)
            break
        used += len(share)
        path = OUT / f"pool-submit-{level}.tsv"
        path.write_text("\n".join(share) + "\n")
        scenario = {"method": "POST", "body": surge["body"], "path": "/", "expect": {302}}
        r = wrk(scenario, csrf, duration=SURGE_SECONDS, connections=level, pool=str(path))
        results.append({"connections": level, **row(f"surge x{level}", r, None)})
        print(
            f"surge {level:4} concurrent: {r['rps']:7.1f} submissions/s  "
            f"p95 {r['p95_us'] / 1000:8.1f} ms  p99 {r['p99_us'] / 1000:8.1f} ms  "
            f"errors {r['errors']}  {r['codes']}",
            flush=True,
        )
        if r["errors"]:
            break
        time.sleep(1)
    return results


if __name__ == "__main__":
    sys.exit(main())
