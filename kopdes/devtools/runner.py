"""Runs the apps' demo and benchmark steps (the convention is in the package docstring).

The benchmark runs against the database of DATABASE_URL (PostgreSQL for the real figures), which it FILLS AND WIPES:
point it at a scratch database. `small=True` (two provinces) is what the test suite runs to keep this code working."""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import os
import platform
import sys
from types import ModuleType

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction

from kopdes.core.devtools import BenchContext, DemoContext, Row

PROJECT = __name__.split(".")[0]  # the package whose apps contribute steps ("kopdes")
BENCH_STEPS = ("generate", "measure", "measure_imports", "measure_after_imports")
SMALL_PROVINCES = ["64", "65"]
REGIONS_APP = "regions"  # the Kemendagri list: the benchmark's wipe keeps it unless asked


def project_apps() -> list:
    """The project's app configs in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if config.name.split(".")[0] == PROJECT]


def app_modules(name: str) -> list[ModuleType]:
    """`<app>.<name>` of every project app that has such a module, in INSTALLED_APPS order. A module that exists
    but fails to import raises: a broken step must not be skipped silently."""
    found = []
    for config in project_apps():
        module_name = f"{config.name}.{name}"
        if importlib.util.find_spec(module_name) is not None:
            found.append(importlib.import_module(module_name))
    return found


# ---------------------------------------------------------------------------------------------------------------
# Demo


@transaction.atomic
def load_demo() -> DemoContext:
    """Load (or complete) the demo data set: every app's `demo.load`, in INSTALLED_APPS order, in one transaction.
    Each step is idempotent, so a second run writes nothing (`context.writes` is empty)."""
    context = DemoContext()
    for module in app_modules("demo"):
        module.load(context)
    return context


# ---------------------------------------------------------------------------------------------------------------
# Benchmark


def wipe_plan(*, regions: bool = False) -> tuple[list[type[models.Model]], dict[type[models.Model], list[str]]]:
    """What `wipe` empties, from the models of the project's apps (auto-created many-to-many tables included), last
    app first: every table except the user model's app (the logins of the scratch database) and, unless `regions`,
    the regions. A kept table that cannot exist without a wiped row (a non-null foreign key to it, e.g. a user's
    assigned cooperatives) is wiped too; a nullable one is unlinked (the columns returned with each kept model)."""
    kept_apps = {get_user_model()._meta.app_label} | (set() if regions else {REGIONS_APP})
    every = [
        model
        for config in reversed(project_apps())
        for model in reversed(list(config.get_models(include_auto_created=True)))
    ]
    wiped = [model for model in every if model._meta.app_label not in kept_apps]

    def links(model):
        return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model in wiped]

    grew = True
    while grew:
        grew = False
        for model in every:
            if model not in wiped and any(not f.null for f in links(model)):
                wiped.append(model)
                grew = True
    unlink = {model: [f.column for f in links(model)] for model in every if model not in wiped and links(model)}
    return wiped, unlink


def wipe(*, regions: bool = False) -> None:
    """Empty the project's tables (see `wipe_plan`) with plain statements, no per-row signals or history: this is a
    scratch database. One transaction, so the (deferred) foreign keys are checked once everything is gone."""
    wiped, unlink = wipe_plan(regions=regions)
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model, columns in unlink.items():
            assignments = ", ".join(f"{quote(column)} = NULL" for column in columns)
            cursor.execute(f"UPDATE {quote(model._meta.db_table)} SET {assignments}")  # noqa: S608 (model names)
        for model in wiped:
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608 (model names)


def bench_run(*, small: bool = False, in_process: bool = False, out=sys.stdout) -> list[Row]:
    """The benchmark table: wipe, then each step kind of every app's `bench.py` in turn (see the package
    docstring). `in_process` is the test suite's small run; the real benchmark measures fresh processes."""
    context = BenchContext(provinces=SMALL_PROVINCES if small else None, in_process=in_process)
    modules = app_modules("bench")
    wipe(regions=True)
    rows: list[Row] = []
    _print_head(out)
    for step in BENCH_STEPS:
        for module in modules:
            if not hasattr(module, step):
                continue
            try:
                added = getattr(module, step)(context)
            except Exception as exc:  # one failing step is a row of the table, not the loss of the whole run
                if in_process:
                    raise
                added = [Row(f"{module.__name__} {step}", f"failed: {exc.__class__.__name__}: {exc}"[:200])]
            rows += added
            _print_rows(added, out)  # row by row: a long run shows its figures as they come
        if step == "generate" and context.vendor == "postgresql":
            # What autovacuum would do to freshly loaded tables: statistics for the planner, and the visibility map
            # that lets the roll-ups count from the indexes alone. Measuring before it would measure its race.
            # (VACUUM cannot run in a transaction, as in the test suite's small run: there, statistics only.)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    return rows


def _print_head(out) -> None:
    machine = f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · {connection.vendor}"
    out.write(f"\nKopdes benchmark — {datetime.date.today().isoformat()} — {machine}\n\n")
    out.write("| measure | value | reference (same run) | ratio | goal |\n|---|---|---|---|---|\n")
    out.flush()


def _print_rows(rows: list[Row], out) -> None:
    for row in rows:
        out.write(f"| {row.what} | {row.value} | {row.reference} | {row.ratio} | {row.goal} |\n")
    out.flush()
