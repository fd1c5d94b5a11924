"""Shared helpers for the exchange tests: the national system's files of 5 August 2026 (shipped in
data/simkopdes-2026-08-05/) and small edits of them."""

import csv
import datetime
import io

import pytest

from kopdes.exchange.demo import data_dir
from kopdes.exchange.models import NationalUnit
from kopdes.exchange.services import snapshot_import

SNAPSHOT = datetime.date(2026, 8, 5)
TAPIS = "64.01.04.2015"


def read_data(name: str) -> bytes:
    return (data_dir() / name).read_bytes()


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def to_csv(rows: list[dict], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or list(rows[0]), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def paser_file() -> bytes:
    return read_data("stats_village_paser.csv")


@pytest.fixture
def regency_file() -> bytes:
    return read_data("stats_regency.csv")


@pytest.fixture
def province_file() -> bytes:
    return read_data("stats_province.csv")


@pytest.fixture
def imported(db):
    """imported(data, name=..., actor=None, date=SNAPSHOT) → an accepted import's result."""

    def run(data: bytes, name: str = "file.csv", actor=None, date: datetime.date = SNAPSHOT):
        result = snapshot_import(actor=actor, data=data, file_name=name, snapshot_date=date)
        assert result.ok, result.errors[:5]
        return result

    return run


def kukar_rows(paser_file) -> list[dict]:
    """Two Kukar villages in the national format: Jantur (matches) and a stray name (does not)."""
    template = rows_of(paser_file)[0]
    common = {**template, "district_id": "347", "district": "KAB. KUTAI KARTANEGARA", "subdistrict_id": "9001"}
    return [
        {**common, "subdistrict": "Muara Muntai", "village_id": "90001", "village": "Jantur"},
        {**common, "subdistrict": "Muara Muntai", "village_id": "90002", "village": "Kampung Entah Berantah"},
    ]


@pytest.fixture
def mixed(imported, paser_file):
    """Paser (Tapis spelled "Tapiz Lama", unmatched) and two Kukar villages (one unmatched), as one snapshot."""
    rows = [
        {**row, "village": "Tapiz Lama"} if row["village"] == "Tapis" else row for row in rows_of(paser_file)
    ] + kukar_rows(paser_file)
    imported(to_csv(rows))
    return {
        "paser": NationalUnit.objects.get(name="Tapiz Lama"),
        "kukar": NationalUnit.objects.get(name="Kampung Entah Berantah"),
    }
