"""National-scale benchmark (`make bench`): every figure is printed next to a reference measured in the same run.

Runs against the database of DATABASE_URL (PostgreSQL for the real figures), which it FILLS AND WIPES: point it
at a scratch database. `small=True` (a few provinces) is what the test suite runs to keep this code working."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.test import Client

from kopdes.accounts.choices import Role
from kopdes.accounts.models import User
from kopdes.cooperatives.choices import CooperativeKind, UnitStatus
from kopdes.cooperatives.io import COLUMNS
from kopdes.cooperatives.models import BusinessUnit, Cooperative
from kopdes.formation.choices import MilestoneKind, MilestoneStatus
from kopdes.formation.models import Milestone, Target
from kopdes.formation.rules import derive_phase
from kopdes.regions.choices import RegionKind, RegionLevel
from kopdes.regions.models import Region
from kopdes.regions.services import WILAYAH_DIR, _read_rows, regions_load

SMALL_PROVINCES = ["64", "65"]
KINDS = list(MilestoneKind.values)


@dataclass
class Row:
    what: str
    value: str
    reference: str = ""
    ratio: str = ""
    goal: str = ""


def _median_ms(fn, repeat: int = 20) -> float:
    fn()  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _stage(code: str) -> int:
    """A deterministic, plausible number of milestones reached (0..10) for a village code."""
    h = int(hashlib.md5(code.encode()).hexdigest()[:8], 16) % 100
    if h < 2:
        return 0
    if h < 5:
        return 2
    if h < 9:
        return 4
    if h < 80:
        return 9
    return 10


WIPE_TABLES = [
    "exchange_nationalrollup",
    "exchange_nationalsnapshot",  # the SIMKOPDES mapping table points at regions
    "exchange_nationalunit",
    "formation_historicalmilestone",
    "formation_milestone",
    "formation_historicaltarget",
    "formation_target",
    "cooperatives_historicalbusinessunit",
    "cooperatives_businessunit",
    "cooperatives_historicalofficial",
    "cooperatives_official",
    "cooperatives_historicaldocument",
    "cooperatives_document",
    "cooperatives_cooperative_extra_villages",
    "accounts_user_assigned_cooperatives",
    "cooperatives_historicalcooperative",
    "cooperatives_cooperative",
]


def wipe(*, regions: bool = False) -> None:
    """Empty the registry with plain DELETEs (no per-row signals or history): this is a scratch database."""
    User.objects.update(cooperative=None, **({"region": None} if regions else {}))
    with connection.cursor() as cursor:
        for table in WIPE_TABLES + (["regions_region"] if regions else []):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608  (fixed table names)


def generate(provinces: list[str] | None) -> dict:
    """One cooperative per village and ~8 milestones each, with bulk statements (no history for bench data)."""
    villages = Region.objects.filter(level=RegionLevel.VILLAGE)
    if provinces:
        villages = villages.filter(code__regex=r"^(" + "|".join(provinces) + r")\.")
    villages = list(villages.values_list("code", "name", "kind"))
    base = datetime.date(2025, 3, 1)
    with transaction.atomic():
        wipe()
        coops = []
        for code, name, kind in villages:
            stage = _stage(code)
            reached = KINDS[: min(stage, 9)]
            coops.append(
                Cooperative(
                    village_id=code,
                    name=f"Koperasi Merah Putih {name}",
                    kind=CooperativeKind.KKMP if kind == RegionKind.KELURAHAN else CooperativeKind.KDMP,
                    phase=derive_phase(reached, stage >= 10),
                    warning_count=0,
                )
            )
        Cooperative.objects.bulk_create(coops, batch_size=5000)
        ids = dict(Cooperative.objects.values_list("village_id", "id"))
        milestones, units = [], []
        for code, _name, _kind in villages:
            stage = _stage(code)
            coop_id = ids[code]
            for i, kind in enumerate(KINDS[:stage]):
                milestones.append(
                    Milestone(
                        cooperative_id=coop_id,
                        kind=kind,
                        date=base + datetime.timedelta(days=7 * i),
                        status=MilestoneStatus.VERIFIED if i < 4 else MilestoneStatus.CLAIMED,
                    )
                )
            if stage >= 10:
                units.append(
                    BusinessUnit(
                        cooperative_id=coop_id,
                        category="sembako",
                        status=UnitStatus.BEROPERASI,
                        since=datetime.date(2025, 7, 1),
                    )
                )
            if len(milestones) >= 50_000:
                Milestone.objects.bulk_create(milestones, batch_size=10_000)
                milestones.clear()
        Milestone.objects.bulk_create(milestones, batch_size=10_000)
        BusinessUnit.objects.bulk_create(units, batch_size=5000)
        regencies = Region.objects.filter(level=RegionLevel.REGENCY)
        if provinces:
            regencies = regencies.filter(parent_id__in=provinces)
        Target.objects.bulk_create(
            [
                Target(region_id=code, phase="operasional", percent=100, due_date=datetime.date(2025, 11, 28))
                for code in regencies.values_list("code", flat=True)
            ]
        )
    return {
        "villages": len(villages),
        "cooperatives": Cooperative.objects.count(),
        "milestones": Milestone.objects.count(),
    }


RAW_PROGRESS_SQL = """
SELECT substr(c.village_id, 1, %(n)s) AS g, count(*),
       count(*) FILTER (WHERE c.phase >= 1), count(*) FILTER (WHERE c.phase >= 2),
       count(*) FILTER (WHERE c.phase >= 3), count(*) FILTER (WHERE c.phase >= 4),
       count(*) FILTER (WHERE c.phase >= 5), count(*) FILTER (WHERE c.phase >= 6)
FROM cooperatives_cooperative c WHERE c.village_id LIKE %(prefix)s GROUP BY 1;
SELECT substr(r.code, 1, %(n)s) AS g, count(*), count(*) FILTER (WHERE r.kind = 'desa'),
       count(*) FILTER (WHERE r.kind = 'kelurahan')
FROM regions_region r WHERE r.level = 'village' AND r.code LIKE %(prefix)s GROUP BY 1;
"""


def _raw_progress(code: str) -> None:
    prefix = "%" if code == "ID" else f"{code}.%"
    n = {"ID": 2}.get(code, {2: 5, 5: 8, 8: 13}.get(len(code), 13))
    with connection.cursor() as cursor:
        for statement in RAW_PROGRESS_SQL.strip().split(";\n"):
            cursor.execute(statement.rstrip(";"), {"n": n, "prefix": prefix})
            cursor.fetchall()
        if code == "ID":
            cursor.execute("SELECT code, name FROM regions_region WHERE parent_id IS NULL")
        else:  # `IS NOT DISTINCT FROM` would not use the index on parent_id and slow the reference down
            cursor.execute("SELECT code, name FROM regions_region WHERE parent_id = %s", [code])
        cursor.fetchall()


def _delete_cooperatives(codes: list[str]) -> None:
    ids = list(Cooperative.objects.filter(village_id__in=codes).values_list("pk", flat=True))
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        Milestone.objects.filter(cooperative_id__in=chunk)._raw_delete(connection.alias)
        BusinessUnit.objects.filter(cooperative_id__in=chunk)._raw_delete(connection.alias)
        Cooperative.objects.filter(pk__in=chunk)._raw_delete(connection.alias)


def _registry_file(codes: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for code in codes:
        writer.writerow([code, "", "", "", "2025-04-01", "2025-04-20"] + [""] * (len(COLUMNS) - 6))
    return out.getvalue().encode()


def _load_regions_subprocess(provinces: list[str] | None) -> tuple[float, float]:
    """Time of the load itself and peak memory (MB) of the whole process, in a fresh process."""
    code = (
        "import django,os,resource,time,io;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings.base');django.setup();"
        "from django.core.management import call_command;t=time.perf_counter();"
        f"call_command('load_regions','--no-progress',*{[a for c in (provinces or []) for a in ('--province', c)]!r},"
        "stdout=io.StringIO());"
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=os.environ)
    seconds, mb = out.stdout.split()
    return float(seconds), float(mb)


def _copy_reference(provinces: list[str] | None) -> float:
    """PostgreSQL COPY of the same CSV files into a scratch table shaped like regions_region (same columns and
    indexes, no foreign keys): the floor for any loader that has to keep those indexes."""
    rows = list(_read_rows(WILAYAH_DIR, set(provinces) if provinces else None))
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_region_copy")
        cursor.execute("CREATE TABLE bench_region_copy (LIKE regions_region INCLUDING ALL)")
        with cursor.copy("COPY bench_region_copy (code, name, parent_id, level, kind) FROM STDIN") as copy:
            for code, name, parent in rows:
                copy.write_row((code, name, parent, "", ""))
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_region_copy")
    return elapsed


def run(*, small: bool = False, in_process: bool = False, out=sys.stdout) -> list[Row]:
    """The benchmark table. `in_process` loads regions in this process (the test suite's small run, whose test
    database a subprocess cannot see); the real benchmark measures a fresh process."""
    provinces = SMALL_PROVINCES if small else None
    vendor = connection.vendor
    rows: list[Row] = []

    # 1. Regions: whole-country load in a fresh process against COPY of the same files.
    wipe(regions=True)
    if in_process:
        start = time.perf_counter()
        regions_load(provinces=provinces)
        seconds, peak_mb = time.perf_counter() - start, float("nan")
    else:
        seconds, peak_mb = _load_regions_subprocess(provinces)
    regions = Region.objects.count()
    if vendor == "postgresql":
        reference = _copy_reference(provinces)
        rows.append(
            Row(
                f"load_regions ({regions:,} rows)",
                f"{seconds:.2f} s, peak {peak_mb:.0f} MB",
                f"COPY {reference:.2f} s",
                f"{seconds / reference:.1f}×",
                "≤ 5×, ≤ 300 MB",
            )
        )
    else:
        rows.append(Row(f"load_regions ({regions:,} rows)", f"{seconds:.2f} s, peak {peak_mb:.0f} MB"))

    # 2. Data set.
    start = time.perf_counter()
    counts = generate(provinces)
    rows.append(
        Row(
            "generate data set",
            f"{counts['cooperatives']:,} cooperatives, {counts['milestones']:,} milestones",
            f"{time.perf_counter() - start:.1f} s",
        )
    )
    if vendor == "postgresql":
        # What autovacuum would do to freshly loaded tables: statistics for the planner, and the visibility map
        # that lets the roll-ups count from the indexes alone. Measuring before it would measure its race.
        # (VACUUM cannot run in a transaction, as in the test suite's small run: there, statistics only.)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")

    # 3. Progress roll-ups through the API against the raw SQL aggregate.
    admin, _ = User.objects.get_or_create(username="bench.nasional", defaults={"role": Role.ADMIN})
    client = Client()
    client.force_login(admin)
    country = "ID"
    province = provinces[0] if provinces else "64"
    regency = f"{province}.02" if small else "64.02"

    def measure_progress(note: str = "") -> None:
        for code, goal in [(country, "≤ 2×"), (province, ""), (regency, "≤ 30 ms")]:

            def request(code=code):
                response = client.get(f"/api/v1/progress/{code}")
                assert response.status_code == 200, response.content

            api_ms = _median_ms(request)
            what = f"GET /api/v1/progress/{code}{note}"
            if vendor == "postgresql":
                raw_ms = _median_ms(lambda code=code: _raw_progress(code))
                rows.append(Row(what, f"{api_ms:.1f} ms", f"raw SQL {raw_ms:.1f} ms", f"{api_ms / raw_ms:.1f}×", goal))
            else:
                rows.append(Row(what, f"{api_ms:.1f} ms", goal=goal))

    measure_progress()

    # 4. Dashboard page of a regency.
    def dashboard():
        response = client.get(f"/wilayah/{regency}/")
        assert response.status_code == 200

    try:
        rows.append(Row(f"dashboard /wilayah/{regency}/", f"{_median_ms(dashboard, 10):.1f} ms"))
    except Exception as exc:  # the page may not exist in a partial checkout
        rows.append(Row(f"dashboard /wilayah/{regency}/", f"n/a ({exc.__class__.__name__})"))

    # 5. Registry imports: a regency-sized file and a 10,000-row file (new villages → creates).
    from kopdes.cooperatives.io import cooperatives_import

    regency_codes = list(
        Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=f"{regency}.").values_list("code", flat=True)
    )[:237]
    _delete_cooperatives(regency_codes)
    start = time.perf_counter()
    result = cooperatives_import(actor=None, data=_registry_file(regency_codes), file_name="bench-237.csv")
    assert result.ok, result.errors[:3]
    rows.append(
        Row(f"import {len(regency_codes)}-row registry file", f"{time.perf_counter() - start:.2f} s", goal="≤ 3 s")
    )
    big_codes = list(
        Region.objects.filter(level=RegionLevel.VILLAGE).order_by("-code").values_list("code", flat=True)[:10_000]
    )
    _delete_cooperatives(big_codes)
    start = time.perf_counter()
    result = cooperatives_import(actor=None, data=_registry_file(big_codes), file_name="bench-10000.csv")
    assert result.ok, result.errors[:3]
    rows.append(Row(f"import {len(big_codes):,}-row registry file", f"{time.perf_counter() - start:.2f} s"))
    start = time.perf_counter()
    again = cooperatives_import(actor=None, data=_registry_file(big_codes), file_name="bench-10000.csv")
    rows.append(
        Row(
            f"re-import the same {len(big_codes):,} rows",
            f"{time.perf_counter() - start:.2f} s ({again.unchanged:,} unchanged)",
        )
    )

    # 6. SIMKOPDES village file of the same regions, matching included (kopdes/exchange/bench.py).
    from kopdes.exchange.bench import national_import_row

    rows.append(Row(*national_import_row(provinces=provinces, in_process=in_process)))
    # The same progress documents once they carry the national block of those figures.
    measure_progress(" with SIMKOPDES data")

    _print(rows, out, vendor)
    return rows


def _print(rows: list[Row], out, vendor: str) -> None:
    machine = f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · {vendor}"
    out.write(f"\nKopdes benchmark — {datetime.date.today().isoformat()} — {machine}\n\n")
    out.write("| measure | value | reference (same run) | ratio | goal |\n|---|---|---|---|---|\n")
    for row in rows:
        out.write(f"| {row.what} | {row.value} | {row.reference} | {row.ratio} | {row.goal} |\n")
