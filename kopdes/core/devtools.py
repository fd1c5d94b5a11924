"""What an app's `demo.py` and `bench.py` receive from `kopdes.devtools`, which runs them (see its docstring for
the convention). The types live here, not in devtools, because every app may import `core` while no app may import
`devtools`, the top layer."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

# ---------------------------------------------------------------------------------------------------------------
# Demo (`kopdes load_demo`)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str


@dataclass
class DemoContext:
    """Handed from step to step, in INSTALLED_APPS order: a step reads what the steps before it left (the history
    user) and adds what it wrote, what the command should say and the logins it made.

    `counts` names writes `<what>_created` or `<what>_updated` (other keys only inform, e.g. `cooperatives_kept`),
    so `writes` can tell that a second run wrote nothing."""

    actor: Any = None  # the user the demo's history rows are recorded under (set by accounts' step)
    counts: Counter[str] = field(default_factory=Counter)
    messages: list[str] = field(default_factory=list)  # lines of the command's output, in step order
    logins: list[DemoLogin] = field(default_factory=list)
    password: str = ""  # the demo logins' password, shown with them

    @property
    def writes(self) -> dict[str, int]:
        return {key: n for key, n in self.counts.items() if n and key.endswith(("_created", "_updated"))}


# ---------------------------------------------------------------------------------------------------------------
# Benchmark (`kopdes bench`)


@dataclass
class Row:
    """One line of the benchmark table: a figure next to a reference measured in the same run."""

    what: str
    value: str
    reference: str = ""
    ratio: str = ""
    goal: str = ""


@dataclass
class BenchContext:
    """Handed to every benchmark step. `provinces` None means the whole country; `in_process` is the test suite's
    small run, which loads and imports in this process because a subprocess cannot see the test database."""

    provinces: list[str] | None = None
    in_process: bool = False
    user: Any = None  # a national admin for the measures through pages and the API (set by accounts' step)
    data_added: list[str] = field(default_factory=list)  # what the imports added to the documents read again

    @property
    def province(self) -> str:
        """The province whose documents the measures read."""
        return self.provinces[0] if self.provinces else "64"

    @property
    def regency(self) -> str:
        """The regency whose documents and registry file the measures use (Kutai Kartanegara in the full run)."""
        return f"{self.province}.02"

    @property
    def vendor(self) -> str:
        return connection.vendor


def process_peak_mb() -> float:
    """This process's own peak resident memory in MB: VmHWM, because ru_maxrss would also count the parent's size at
    fork in a child (Linux keeps it over exec); ru_maxrss where /proc is missing."""
    try:
        with open("/proc/self/status") as status:
            peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak_kb / 1024


def run_child(script: str, *args: str) -> dict:
    """Run `script` (Python source that sets Django up and prints one JSON object as its last line) in a fresh
    process with `args` as sys.argv[1:]: what a command costs on its own, its memory included (process_peak_mb)."""
    out = subprocess.run(
        [sys.executable, "-c", script, *args], check=True, capture_output=True, text=True, env=os.environ
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def median_ms(fn: Callable[[], Any], repeat: int = 20) -> float:
    """Median wall time of `fn` in milliseconds over `repeat` warm calls."""
    fn()  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
