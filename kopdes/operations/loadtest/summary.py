"""The load test's table for the README and docs/deploy.md from locust's `<prefix>_stats.csv`:
python -m kopdes.operations.loadtest.summary var/loadtest/result_stats.csv"""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def summary(path: Path) -> str:
    rows = list(csv.DictReader(path.open()))
    lines = [
        "| langkah | metode | permintaan | galat | p50 ms | p95 ms | p99 ms | maks ms | req/s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "**semua**"
        lines.append(
            f"| {name} | {row['Type']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | "
            f"{row['95%']} | {row['99%']} | {float(row['Max Response Time']):.0f} | {float(row['Requests/s']):.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(Path(sys.argv[1])))
