"""The books workbook (item 9): the template with every sheet, `kopdes import_books` (whole file checked, every bad
row and column reported, one transaction, the same file twice changes nothing, --json), and the round trip: the
books exported as the template and imported into an empty cooperative give the same statements."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from kopdes.books import selectors, services, workbook
from kopdes.books.models import BookSettings, JournalEntry, Member
from kopdes.books.tests.conftest import nik
from kopdes.tests.factories import cooperative, operating_unit

D = datetime.date


def _book(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        ws.append(workbook.SHEETS[name])
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sample():
    return _book({
        "anggota": [["A-1", nik(1), "Budi", "L", "2025-07-01", None],
                    ["A-2", nik(2, female=True), "Siti", "P", D(2025, 7, 3), None]],
        "simpanan": [["S-1", "2025-07-01", "A-1", "pokok", 100_000], ["S-2", "2025-07-03", "A-2", "pokok", 100_000],
                     ["S-3", 45870, "A-1", "sukarela", 50_000], ["S-4", "2025-09-01", "A-1", "sukarela", -20_000]],
        "penjualan": [["P-1", "2025-08-01", "sembako", "A-1", 500_000, 400_000],
                      ["P-2", "2025-08-02", "sembako", None, 300_000, 240_000]],
        "biaya": [["B-1", "2025-08-31", "gaji", "Honor", 150_000]],
        "pembagian_shu": [[k, v] for k, v in {"cadangan": 30, "jasa_modal": 10, "jasa_anggota": 20,
                                                "bagian_desa": 20, "dana_pengurus": 5, "dana_pendidikan": 5,
                                                "dana_sosial": 5, "dana_pembangunan_daerah": 5}.items()],
    })  # fmt: skip


def test_template_has_every_sheet(db, kukar_coop):
    book = load_workbook(io.BytesIO(workbook.template_workbook(cooperative=kukar_coop)))
    assert book.sheetnames == ["anggota", "simpanan", "penjualan", "biaya", "pembagian_shu"]
    assert [c.value for c in book["penjualan"][1]] == ["no_bukti", "tanggal", "gerai", "nomor_anggota", "nilai", "hpp"]
    assert book["pembagian_shu"].max_row == 9


def test_import_opens_the_books_and_twice_changes_nothing(db, kukar_coop, tmp_path):
    operating_unit(kukar_coop)
    path = tmp_path / "buku.xlsx"
    path.write_bytes(_sample())
    out = io.StringIO()
    call_command("import_books", kukar_coop.village_id, str(path), "--dry-run", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"rows": 17, "created": 17, "unchanged": 0, "errors": []}
    assert not BookSettings.objects.exists() and not Member.objects.exists()
    call_command("import_books", kukar_coop.village_id, str(path), "--json", stdout=(out := io.StringIO()))
    assert json.loads(out.getvalue())["created"] == 17
    settings = BookSettings.objects.get()
    assert settings.opened_on == D(2025, 7, 1) and settings.shu_division["cadangan"] == 30
    assert JournalEntry.objects.get(number="S-3").date == D(2025, 8, 1)  # an Excel date
    statements = selectors.year_statements(cooperative=kukar_coop, year=2025)
    assert statements["balanced"] and statements["laba_rugi"]["shu"] == 800_000 - 640_000 - 150_000
    entries = JournalEntry.objects.count()
    call_command("import_books", kukar_coop.village_id, str(path), "--json", stdout=(out := io.StringIO()))
    assert json.loads(out.getvalue()) == {"rows": 17, "created": 0, "unchanged": 17, "errors": []}
    assert JournalEntry.objects.count() == entries


def test_every_bad_row_is_reported_and_nothing_written(db, kukar_coop):
    operating_unit(kukar_coop)
    data = _book({
        "anggota": [["A-1", nik(1), "Budi", "P", "2025-07-01", None],  # NIK says male
                    ["A-2", "123", "Siti", "P", "2025-07-03", None],
                    ["A-3", nik(3), "Rudi", "L", "2025-07-03", None]],
        "simpanan": [["S-1", "2025-07-05", "A-3", "wajib", -10_000],  # withdrawal of wajib
                     ["S-2", "2025-07-05", "A-9", "pokok", 100_000]],
        "penjualan": [["P-1", "2025-08-01", "apotek", None, 500_000, 0],  # a gerai it does not run
                      ["P-1", "2025-08-02", "sembako", None, 300_000, 0]],
        "biaya": [["B-1", "kemarin", "gaji", "Honor", 150_000]],
        "pembagian_shu": [["cadangan", 90], ["bagian_desa", 10]],
    })  # fmt: skip
    result = workbook.import_books(actor=None, cooperative=kukar_coop, data=data)
    found = {(e["sheet"], e["row"], e["column"]) for e in result.errors}
    assert {("anggota", 2, "nik"), ("anggota", 3, "nik"), ("simpanan", 2, "jumlah"), ("simpanan", 3, "nomor_anggota"),
            ("penjualan", 2, "gerai"), ("biaya", 2, "tanggal")} <= found  # fmt: skip
    assert any(e["sheet"] == "pembagian_shu" and "20%" in e["message"] for e in result.errors)
    assert result.created == 0
    assert not BookSettings.objects.exists() and not Member.objects.exists() and not JournalEntry.objects.exists()


def test_round_trip_gives_the_same_statements(db, kukar_coop, member, member_p):
    services.saving_record(actor=None, member=member, day=D(2025, 7, 1), kind="pokok", amount=100_000)
    services.saving_record(actor=None, member=member_p, day=D(2025, 8, 15), kind="pokok", amount=100_000)
    services.saving_record(actor=None, member=member, day=D(2025, 9, 1), kind="wajib", amount=30_000)
    services.saving_record(actor=None, member=member, day=D(2025, 9, 1), kind="sukarela", amount=70_000)
    wrong = services.sale_record(actor=None, cooperative=kukar_coop, day=D(2025, 9, 2), category="sembako",
                                 value=999_000)  # fmt: skip
    services.entry_reverse(actor=None, entry=wrong.entry)
    services.sale_record(actor=None, cooperative=kukar_coop, day=D(2025, 9, 2), category="sembako", value=900_000,
                         cost=700_000, member=member_p)  # fmt: skip
    services.cost_record(actor=None, cooperative=kukar_coop, day=D(2025, 9, 30), kind="listrik_air", amount=55_000)
    data = workbook.export_workbook(cooperative=kukar_coop)

    empty = cooperative("64.02.01.2002")
    operating_unit(empty)
    result = workbook.import_books(actor=None, cooperative=empty, data=data)
    assert result.ok, result.errors
    for year in (2025, 2026):
        ours = selectors.year_statements(cooperative=kukar_coop, year=year)
        theirs = selectors.year_statements(cooperative=empty, year=year)
        assert ours["laba_rugi"] == theirs["laba_rugi"] and ours["neraca"] == theirs["neraca"]
    assert selectors.shu_for(cooperative=kukar_coop, year=2025)["members"] == selectors.shu_for(
        cooperative=empty, year=2025)["members"]  # fmt: skip


@pytest.mark.parametrize("fmt", ["template", "export"])
def test_workbook_downloads(client_for, pengurus, paser_officer, books, kukar_coop, fmt):
    url = f"/pembukuan/koperasi/{kukar_coop.pk}/impor/?unduh={fmt}"
    response = client_for(pengurus).get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "anggota"
    assert client_for(paser_officer).get(url).status_code == 404


def test_import_page_preview_then_confirm(client_for, pengurus, bupati, paser_officer, kukar_coop, tmp_path,
                                          settings):  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    operating_unit(kukar_coop)
    url = f"/pembukuan/koperasi/{kukar_coop.pk}/impor/"
    client = client_for(pengurus)
    assert client.get(url).status_code == 200
    response = client.post(url, {"berkas": SimpleUploadedFile("buku.xlsx", _sample())})
    page = response.content.decode()
    assert response.status_code == 200 and 'name="konfirmasi"' in page and "17 baru" in page
    assert not Member.objects.exists()
    digest = page.split('name="konfirmasi" value="')[1][:64]
    assert client_for(bupati).post(url, {"konfirmasi": digest}).status_code == 403
    assert client_for(paser_officer).post(url, {"konfirmasi": digest}).status_code == 404
    response = client_for(pengurus).post(url, {"konfirmasi": digest})
    assert response.status_code == 302 and Member.objects.count() == 2
    bad = client_for(pengurus).post(url, {"berkas": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert bad.status_code == 400 and "buku kerja XLSX yang bisa dibaca" in bad.content.decode()


def test_formula_like_text_is_exported_as_text_and_read_back(db, kukar_coop, member):
    """The workbook goes through the one safe writer and the one bounded reader (issue 10): a member called
    "=HYPERLINK(…)" is text in the export, and importing the export gives the name back unchanged."""
    Member.objects.filter(pk=member.pk).update(name='=HYPERLINK("http://evil.example/","Klik")')
    data = workbook.export_workbook(cooperative=kukar_coop)
    sheet = load_workbook(io.BytesIO(data))["anggota"]
    assert sheet["C2"].value == '=HYPERLINK("http://evil.example/","Klik")'
    assert sheet["C2"].data_type == "s"  # a text cell, not a formula ("f")
    read = workbook.read_workbook(data, workbook.Result())
    assert read["anggota"][0][1]["nama"] == '=HYPERLINK("http://evil.example/","Klik")'


def test_a_workbook_beyond_the_limits_is_refused_whole(db, kukar_coop):
    """Every sheet is scanned before openpyxl reads it: a cell in a far column of the last sheet refuses the file."""
    book = Workbook()
    book.active.title = "anggota"
    book.create_sheet("biaya")["ZZ5"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    result = workbook.Result()
    assert workbook.read_workbook(buffer.getvalue(), result) == {}
    assert len(result.errors) == 1 and "kolom" in result.errors[0]["message"]
