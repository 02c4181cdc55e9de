"""var/bench/*.json → var/bench/results.md: the tables that bench/RESULTS.md quotes."""

import json
import os
import platform
import subprocess
from datetime import datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "var" / "bench"


def load(name: str):
    path = OUT / name
    return json.loads(path.read_text()) if path.exists() else None


def main() -> None:
    results = load("results.json") or {"rows": [], "surge": []}
    cpu = subprocess.run(
        ["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    lines = [
        f"Run {datetime.now():%Y-%m-%d %H:%M}, {platform.node()}: {os.cpu_count()} cores ({cpu}), "
        f"{results.get('connections')} connections, {results.get('duration')} s a scenario.",
        "",
        f"Saturation: {results.get('connections')} connections without pause. Users: as many, "
        f"each pausing {results.get('think_ms')} ms on average between requests "
        f"({results.get('think_seconds')} s).",
        "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | × bare | users: req/s | p50 | p95 "
        "| p99 | errors | load avg |",
        "| --- |" + " ---: |" * 12,
    ]
    for r in results["rows"]:
        t = r.get("think") or {}
        lines.append(
            f"| {r['name']} | {r['rps']:.0f} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
            f"{r['errors']} | {r['ratio']:.2f} | {t.get('rps', '')} | {t.get('p50_ms', '')} | "
            f"{t.get('p95_ms', '')} | {t.get('p99_ms', '')} | {t.get('errors', '')} | "
            f"{r.get('load_before') or ''} |"
        )
    if results["surge"]:
        lines += [
            "",
            "| surge: concurrent submissions | submitted/s | p95 ms | p99 ms | errors |",
            "| ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in results["surge"]:
            lines.append(
                f"| {r['connections']} | {r['rps']:.0f} | {r['p95_ms']} | "
                f"{r['p99_ms']} | {r['errors']} {r['codes']} |"
            )
    documents = load("documents.json") or []
    if documents:
        lines += [
            "",
            "| form | plan chars | DOCX ms (max) | PDF ms (max) |",
            "| --- | ---: | ---: | ---: |",
        ]
        for d in documents:
            lines.append(
                f"| {d['form']} | {d['plan_chars']} | {d['docx_ms']} ({d['docx_max_ms']}) "
                f"| {d['pdf_ms']} ({d['pdf_max_ms']}) |"
            )
    exports = [e for e in (load("export.json"), load("export-again.json")) if e]
    pools = load("pools.json")
    if pools:
        lines += ["", f"Consumed in the database: {pools}"]
    if exports:
        lines += [
            "",
            "| XLSX export | rows | seconds | peak RSS MB | file MB |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for e in exports:
            lines.append(
                f"| {e['variant']} | {e['rows']} | {e['seconds']} | {e['peak_rss_mb']} | "
                f"{e['file_mb']} |"
            )
    (OUT / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
