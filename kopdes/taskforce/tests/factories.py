"""Satgas records for the tests, made through the services."""

from __future__ import annotations

import datetime

from kopdes.regions.models import Region
from kopdes.taskforce import services

D = datetime.date
RAKOR_DATE = D(2025, 6, 10)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def agency(code: str = "64.02", short_name: str = "DPMD", **fields):
    fields.setdefault("name", f"Dinas {short_name}")
    return services.agency_create(actor=None, region=region(code), short_name=short_name, **fields)


def meeting(code: str = "64.02", date: datetime.date = RAKOR_DATE, **fields):
    fields.setdefault("title", "Rakor Satgas Koperasi Merah Putih")
    fields.setdefault("place", "Ruang Serbaguna Kantor Bupati")
    fields.setdefault("chair_name", "Bupati")
    return services.meeting_create(actor=None, region=region(code), date=date, **fields)


def circular(code: str = "64.01", **fields):
    fields.setdefault("kind", "surat_edaran")
    fields.setdefault("number", "500.3/447/KOP/IV/2025")
    fields.setdefault("date", D(2025, 4, 21))
    fields.setdefault("title", "Percepatan pembentukan Koperasi Desa/Kelurahan Merah Putih")
    fields.setdefault("signer_name", "Bupati Paser")
    return services.decree_create(actor=None, region=region(code), **fields)
