"""The national figures of the demo: the national system's public statistics of 5 August 2026 (province,
regency, and village level for Kabupaten Paser), imported like an officer would, so the demo shows national
figures next to our own registry.

The files ship with the project (`data/simkopdes-2026-08-05/`; `KOPDES_SIMKOPDES_DIR` points elsewhere); without
them the demo simply has no national figures. A file whose snapshot is already stored from the same bytes is not
imported again, so a second run writes nothing. `load` is the step of `kopdes load_demo`; `load_demo_simkopdes`
does the work for any directory."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from kopdes.core.devtools import DemoContext
from kopdes.exchange.models import NationalSnapshot
from kopdes.exchange.services import snapshot_import

DEFAULT_DIR_NAME = "simkopdes-2026-08-05"
# In import order: parents' levels first, so each file's units find their parents already matched by id.
FILES = (("stats_province.csv", "province"), ("stats_regency.csv", "regency"), ("stats_village_paser.csv", "village"))


def data_dir() -> Path:
    override = os.environ.get("KOPDES_SIMKOPDES_DIR")
    if override:
        return Path(override)
    return settings.BASE_DIR / "data" / DEFAULT_DIR_NAME


def snapshot_date_of(directory: Path) -> datetime.date:
    """The snapshot date in the directory name (simkopdes-YYYY-MM-DD); 5 August 2026 otherwise."""
    found = re.search(r"(\d{4})-(\d{2})-(\d{2})$", directory.name)
    if found:
        return datetime.date(int(found[1]), int(found[2]), int(found[3]))
    return datetime.date(2026, 8, 5)


@dataclass
class DemoImport:
    directory: Path
    snapshot_date: datetime.date | None = None
    imported: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    missing: bool = False


def _whole_country_loaded() -> bool:
    from kopdes.regions.models import Region

    return Region.objects.filter(level="province").count() >= 38


def load_demo_simkopdes(directory: Path | None = None) -> DemoImport:
    directory = directory or data_dir()
    result = DemoImport(directory=directory)
    if not directory.is_dir():
        result.missing = True
        result.messages.append(
            f"Data SIMKOPDES tidak ditemukan di {directory} (atur KOPDES_SIMKOPDES_DIR); angka nasional dilewati."
        )
        return result
    result.snapshot_date = snapshot_date_of(directory)
    for name, level in FILES:
        path = directory / name
        if not path.is_file():
            result.messages.append(f"{name} tidak ada di {directory}; dilewati.")
            continue
        data = path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        already = NationalSnapshot.objects.filter(
            snapshot_date=result.snapshot_date, level=level, import_record__sha256=sha256
        ).exists()
        if already:
            result.kept.append(name)
            continue
        outcome = snapshot_import(actor=None, data=data, file_name=name, snapshot_date=result.snapshot_date)
        if not outcome.ok:
            first = outcome.errors[0] if outcome.errors else None
            result.messages.append(f"{name} ditolak: {first.message if first else '?'}")
            continue
        result.imported.append(name)
        result.messages.append(
            f"{name}: {outcome.rows} baris, cocok {outcome.matched}, belum cocok {outcome.unmatched}, "
            f"meragukan {outcome.ambiguous}."
        )
        if outcome.unmatched and level != "village" and not _whole_country_loaded():
            result.messages.append(
                f"{name}: wilayah di luar provinsi yang dimuat belum cocok karena daftar wilayahnya belum ada; "
                "jalankan `kopdes load_regions` lalu impor ulang berkas ini dengan `kopdes import_simkopdes`."
            )
    return result


def load(context: DemoContext) -> None:
    result = load_demo_simkopdes()
    context.counts["national_imports_created"] += len(result.imported)
    context.counts["national_files_kept"] += len(result.kept)
    context.messages += [f"SIMKOPDES: {message}" for message in result.messages]
